// fss-searchd fails start-up with a clear message when its connection loop cannot start
// (epoll_create1 or eventfd fails): it never serves with a loop that is not running.
#include <gtest/gtest.h>

#include <string>

#include "searchd_test_util.h"

// The sanitizers' runtimes open descriptors of their own, at times of their own (the
// symbolizer, /proc reads), so under them no descriptor limit picks out the connection
// loop: the test runs in the plain build (CI's first step).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FSS_SANITIZED_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define FSS_SANITIZED_BUILD 1
#endif
#endif

namespace fss::testing {
namespace {

// Runs the daemon with at most `files` open descriptors. prlimit and timeout are
// util-linux's and coreutils'; the timeout only bounds a daemon that did start.
RunResult run_with_file_limit(int files, const std::string& index) {
  return run({"/usr/bin/prlimit", "--nofile=" + std::to_string(files), "/usr/bin/timeout", "10",
              FSS_SEARCHD_BIN, "--listen", "127.0.0.1:0", "--index", index, "--wait-for-index",
              "--no-access-log"});
}

TEST(SearchdStartup, NoDescriptorForTheConnectionLoopExits1WithTheReason) {
#ifdef FSS_SANITIZED_BUILD
  GTEST_SKIP() << "under a sanitizer its runtime's own descriptors move the failure";
#endif
  TempDir dir;
  const std::string index = dir / "index";
  // With one more descriptor allowed each time, the first call that finds none moves
  // later through start-up: past the analyzer's files, to epoll_create1 and eventfd.
  for (int files = 3; files <= 64; ++files) {
    const RunResult r = run_with_file_limit(files, index);
    SCOPED_TRACE("--nofile=" + std::to_string(files) + ": " + r.output);
    ASSERT_EQ(r.output.find("fss-searchd: serving"), std::string::npos)
        << "started without the connection loop ever failing";
    if (r.output.find("cannot start the connection loop: ") == std::string::npos) continue;
    EXPECT_EQ(r.exit, 1);
    EXPECT_NE(r.output.find("Too many open files"), std::string::npos);
    return;
  }
  FAIL() << "no descriptor limit made the connection loop fail";
}

}  // namespace
}  // namespace fss::testing
