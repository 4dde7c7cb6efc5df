// `fss-index build` as a process: kill -9 mid-build leaves the live index serving and the
// next build cleans up (sharded too); a second build while one runs says so; bad lines
// exit 1; a bad --shards exits 2; the closing summary (with the shards'); plain progress
// lines when stderr is not a terminal.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fss/index_dir.h"
#include "index_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::generated_posts;
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::write_file;

constexpr const char* kCorpus = FSS_SOURCE_DIR "/corpus/archive.jsonl";

// Starts `fss-index build ARGS` with stderr to `err_path`; returns the pid.
pid_t spawn_build(const std::vector<std::string>& args, const std::string& err_path) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDERR_FILENO);
    ::dup2(fd, STDOUT_FILENO);
    std::vector<std::string> all = {FSS_INDEX_BIN, "build"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(FSS_INDEX_BIN, argv.data());
    ::_exit(127);
  }
  return pid;
}

struct BuildRun {
  int exit_code = -1;
  std::string output;
};

BuildRun run_build(const std::vector<std::string>& args, const TempDir& dir) {
  const std::string err = dir / "stderr.txt";
  const pid_t pid = spawn_build(args, err);
  int status = 0;
  ::waitpid(pid, &status, 0);
  BuildRun r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.output = read_file(err);
  return r;
}

using testing_util::listing;

TEST(BuildCliTest, SummaryAndPlainProgressWhenNotATerminal) {
  TempDir dir;
  const BuildRun r = run_build({"--archive", kCorpus, "--index", dir / "index"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::regex summary(
      R"(fss-index build: 10 posts, 2 comments, \d+ terms, index [0-9.]+ (KiB|MiB|GiB) .*[0-9.]+ s -> )");
  EXPECT_TRUE(std::regex_search(r.output, summary)) << r.output;
  EXPECT_NE(r.output.find("fss-index: compact ("), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find('\r'), std::string::npos) << "no bar redrawn in place: " << r.output;
  const BuildRun quiet =
      run_build({"--archive", kCorpus, "--index", dir / "index", "--quiet"}, dir);
  EXPECT_EQ(quiet.exit_code, 0) << quiet.output;
  EXPECT_EQ(quiet.output.find("compact"), std::string::npos) << quiet.output;
  EXPECT_TRUE(std::regex_search(quiet.output, summary)) << quiet.output;
}

TEST(BuildCliTest, BadLinesExitOneAndSaySo) {
  TempDir dir;
  ASSERT_TRUE(write_file(dir / "archive.jsonl", archive_text(generated_posts(3)) + "{broken\n"));
  const BuildRun r = run_build({"--archive", dir / "archive.jsonl", "--index", dir / "index"}, dir);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("skipped " + dir / "archive.jsonl" + ":4: "), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("1 bad archive line(s) skipped"), std::string::npos) << r.output;
  EXPECT_EQ(Xapian::Database(dir / "index").get_doccount(), 5u) << "the rest is built";
}

TEST(BuildCliTest, BadSynonymsExitTwoNamingTheLine) {
  TempDir dir;
  ASSERT_TRUE(write_file(dir / "syn.txt", "a = b\nc\n"));
  const BuildRun r = run_build(
      {"--archive", kCorpus, "--index", dir / "index", "--synonyms", dir / "syn.txt"}, dir);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find(dir / "syn.txt" + ":2: a group needs two forms"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "index/XAPIANDB"));
}

TEST(BuildCliTest, BadShardCountsExitTwoSayingWhy) {
  TempDir dir;
  for (const char* bad : {"0", "x", "65", "-3", ""}) {
    SCOPED_TRACE(std::string("--shards '") + bad + "'");
    const BuildRun r =
        run_build({"--archive", kCorpus, "--index", dir / "index", "--shards", bad}, dir);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_NE(r.output.find(std::string("fss-index build: --shards: not a number from 1 to 64: '") +
                            bad + "'"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(dir / "index"));
  }
  const BuildRun missing = run_build({"--archive", kCorpus, "--shards"}, dir);
  EXPECT_EQ(missing.exit_code, 2) << missing.output;
  EXPECT_NE(missing.output.find("--shards needs a value"), std::string::npos) << missing.output;
}

TEST(BuildCliTest, ShardedSummaryAndWarningForShardsLeftAlone) {
  TempDir dir;
  const std::string index = dir / "index";
  const BuildRun r = run_build({"--archive", kCorpus, "--index", index, "--shards", "3"}, dir);
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const std::regex summary(
      R"(fss-index build: 3 shards: (\d+), (\d+), (\d+) documents, [0-9.]+ (KiB|MiB) -> )");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m, summary)) << r.output;
  EXPECT_EQ(std::stoi(m[1]) + std::stoi(m[2]) + std::stoi(m[3]), 12) << r.output;
  EXPECT_EQ(live_generation(index + "/shards/shard-2").value(), "gen-000001");

  const BuildRun fewer = run_build({"--archive", kCorpus, "--index", index, "--quiet"}, dir);
  EXPECT_EQ(fewer.exit_code, 0) << fewer.output;
  EXPECT_EQ(fewer.output.find("shards:"), std::string::npos) << fewer.output;
  EXPECT_NE(fewer.output.find("warning: " + index +
                              "/shards/shard-0: this build is not sharded: left as it was, on "
                              "gen-000001"),
            std::string::npos)
      << fewer.output;
  EXPECT_EQ(live_generation(index).value(), "gen-000002");
}

TEST(BuildCliTest, SecondBuildSaysAnotherIsRunning) {
  TempDir dir;
  auto lock = BuildLock::acquire(dir / "index");
  ASSERT_TRUE(lock.is_ok());
  const BuildRun r = run_build({"--archive", kCorpus, "--index", dir / "index"}, dir);
  EXPECT_NE(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("another build is running"), std::string::npos) << r.output;
}

// kill -9 at several points of a real build of a bigger archive: right after the build
// directory appears, later in indexing, and during compaction.
TEST(BuildCliTest, KillNineLeavesTheLiveIndexServing) {
  TempDir dir;
  ASSERT_TRUE(write_file(dir / "big.jsonl", archive_text(generated_posts(3000))));
  const std::string index = dir / "index";
  BuildRun first = run_build({"--archive", kCorpus, "--index", index}, dir);
  ASSERT_EQ(first.exit_code, 0) << first.output;

  struct Case {
    const char* wait_for;  // kill once this appears in the index directory
    int extra_ms;          // ... and this much later
  };
  const Case cases[] = {
      {"gen-000002.tmp", 0}, {"gen-000002.tmp", 400}, {"gen-000002.compact.tmp", 0}};
  int killed = 0;
  for (const Case& c : cases) {
    const pid_t pid =
        spawn_build({"--archive", dir / "big.jsonl", "--index", index}, dir / "kill.txt");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    bool seen = false;
    while (!seen && std::chrono::steady_clock::now() < deadline) {
      seen = fs::exists(index + "/" + c.wait_for);
      if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      int st;
      if (::waitpid(pid, &st, WNOHANG) == pid) break;  // finished before we could kill it
    }
    if (!seen) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      ADD_FAILURE() << c.wait_for << " never appeared: " << read_file(dir / "kill.txt");
      continue;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(c.extra_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) ++killed;
    // Whatever it left, the live generation is the first one and serves.
    EXPECT_EQ(live_generation(index).value(), "gen-000001") << c.wait_for << "+" << c.extra_ms;
    Xapian::Database db(index);
    EXPECT_EQ(db.get_doccount(), 12u) << c.wait_for;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("XTYPEpost"));
    EXPECT_EQ(enquire.get_mset(0, 20).size(), 10u) << c.wait_for;
  }
  EXPECT_EQ(killed, 3) << "every build was killed mid-way";

  // The next build takes the lock the dead ones held, cleans up and switches.
  const BuildRun next =
      run_build({"--archive", dir / "big.jsonl", "--index", index, "--quiet"}, dir);
  ASSERT_EQ(next.exit_code, 0) << next.output;
  EXPECT_EQ(live_generation(index).value(), "gen-000002");
  EXPECT_EQ(listing(index),
            (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000001", "gen-000002"}));
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 3000u + 2000u);
}

// kill -9 of a sharded build while it compacts the shards: the home and every shard stay
// on the first generation, and the next build removes what the dead one left in each
// shard directory.
TEST(BuildCliTest, KillNineMidShardCompactionLeavesEveryShardServing) {
  TempDir dir;
  ASSERT_TRUE(write_file(dir / "big.jsonl", archive_text(generated_posts(3000))));
  const std::string index = dir / "index";
  const std::vector<std::string> sharded = {"--shards", "3", "--quiet"};
  std::vector<std::string> first_args = {"--archive", kCorpus, "--index", index};
  first_args.insert(first_args.end(), sharded.begin(), sharded.end());
  const BuildRun first = run_build(first_args, dir);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  std::vector<std::string> big_args = {"--archive", dir / "big.jsonl", "--index", index};
  big_args.insert(big_args.end(), sharded.begin(), sharded.end());

  const pid_t pid = spawn_build(big_args, dir / "kill.txt");
  const std::string wait_for = index + "/shards/shard-1/gen-000002.compact.tmp";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(180);
  bool seen = false, exited = false;
  while (!seen && !exited && std::chrono::steady_clock::now() < deadline) {
    seen = fs::exists(wait_for);
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    exited = ::waitpid(pid, nullptr, WNOHANG) == pid;
  }
  if (!exited) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  ASSERT_TRUE(seen) << wait_for << " never appeared: " << read_file(dir / "kill.txt");
  EXPECT_EQ(live_generation(index).value(), "gen-000001");
  for (int k = 0; k < 3; ++k) {
    const std::string shard = index + "/shards/shard-" + std::to_string(k);
    EXPECT_EQ(live_generation(shard).value(), "gen-000001") << shard;
    EXPECT_GT(Xapian::Database(shard).get_doccount(), 0u) << shard;
  }

  const BuildRun next = run_build(big_args, dir);
  ASSERT_EQ(next.exit_code, 0) << next.output;
  EXPECT_EQ(listing(index), (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000001",
                                                   "gen-000002", "shards"}));
  for (int k = 0; k < 3; ++k) {
    const std::string shard = index + "/shards/shard-" + std::to_string(k);
    EXPECT_EQ(live_generation(shard).value(), "gen-000002") << shard;
    EXPECT_EQ(listing(shard),
              (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000001", "gen-000002"}))
        << shard;
  }
}

}  // namespace
}  // namespace fss
