// Fault injection (issue 24, LevelDB's db/fault_injection_test.cc): an Env that fails the
// Nth call of one kind (a write on a full disk, an open, an fsync of a file or of a
// directory, a rename, an flock, ...), at every step of a build and of a switch in turn,
// until the operation succeeds without meeting the fault. Each time, a failure is
// reported as a Status naming the operation, the stub names a complete generation (the
// one live before; only a failed directory sync after the rename may leave the new one
// live, as switch_generation() says) and a Searcher finds that generation's documents.
#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "fault_env.h"
#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/replica.h"
#include "fss/search.h"
#include "index_test_util.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::Fault;
using testing_util::fault_string;
using testing_util::fault_words;
using testing_util::FaultEnv;
using testing_util::generated_posts;
using testing_util::kFaults;
using testing_util::Op;
using testing_util::op_name;
using testing_util::TempDir;
using testing_util::write_file;

// More steps than any operation here has calls of one kind: a loop that gets here never
// met the end of the operation.
constexpr int kMaxSteps = 40;

using testing_util::listing;

class FaultInjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(write_file(dir_ / "a.jsonl", archive_text(generated_posts(10))));
    ASSERT_TRUE(write_file(dir_ / "b.jsonl", archive_text(generated_posts(20))));
  }

  BuildOptions options(const std::string& archive, Env* env) const {
    BuildOptions o;
    o.archive_path = dir_ / archive;
    o.index_dir = index_;
    o.threads = 1;
    o.env = env;
    return o;
  }
  // Builds `archive` with the default Env; its documents.
  uint64_t build(const std::string& archive) {
    auto stats = build_index(options(archive, Env::Default()), *analyzer_);
    EXPECT_TRUE(stats.is_ok()) << stats.status().to_string();
    return stats.is_ok() ? stats->posts + stats->comments : 0;
  }
  // The live generation as a Searcher opening the index directory (or `dir`) sees it.
  IndexInfo searched(const std::string& dir = "") const {
    auto searcher = Searcher::open(dir.empty() ? index_ : dir, analyzer_);
    EXPECT_TRUE(searcher.is_ok()) << searcher.status().to_string();
    if (!searcher.is_ok()) return {};
    auto all = searcher.value()->search(SearchRequest{});
    EXPECT_TRUE(all.is_ok()) << all.status().to_string();
    IndexInfo info = searcher.value()->info();
    EXPECT_EQ(info.documents, all.is_ok() ? all->total : 0);
    return info;
  }

  // After an operation met `fault` and failed with `s`: the error names the operation,
  // and the stub names `before`, whose documents a Searcher finds, or else (when
  // `new_allowed`) a new complete generation of `new_documents`.
  void expect_reported_and_whole(const Fault& fault, const Status& s, const IndexInfo& before,
                                 bool new_allowed, uint64_t new_documents) const {
    const std::string named = fault_words(fault);
    EXPECT_NE(s.message().find(named), std::string::npos) << s.to_string();
    EXPECT_EQ(s.code(), StatusCode::kIoError) << s.to_string();
    const IndexInfo now = searched();
    EXPECT_EQ(live_generation(index_).value(), now.generation);
    if (now.generation == before.generation) {
      EXPECT_EQ(now.documents, before.documents);
    } else {
      EXPECT_TRUE(new_allowed) << "the failure left " << now.generation << " live, not "
                               << before.generation;
      EXPECT_EQ(now.documents, new_documents);
    }
  }

  const Analyzer* analyzer_ = &testing::shared_analyzer();
  TempDir dir_;
  const std::string index_ = dir_ / "index";
};

uint64_t documents_of(const std::vector<Post>& posts) {
  uint64_t n = 0;
  for (const Post& p : posts) n += 1 + p.comments.size();
  return n;
}

TEST_F(FaultInjectionTest, BuildFailsCleanlyAtEveryStep) {
  build("a.jsonl");
  const uint64_t new_documents = documents_of(generated_posts(20));
  for (const Fault& fault : kFaults) {
    int n = 1;
    for (; n < kMaxSteps; ++n) {
      SCOPED_TRACE("build, " + fault_string(fault, n));
      const IndexInfo before = searched();
      FaultEnv env(fault, n);
      auto stats = build_index(options("b.jsonl", &env), *analyzer_);
      const std::string failed = env.failed_path();
      SCOPED_TRACE("at " + failed);
      if (!stats.is_ok()) {
        ASSERT_FALSE(failed.empty()) << "failed with no fault: " << stats.status().to_string();
        // Only a failed directory sync after the rename may leave the new generation live.
        expect_reported_and_whole(fault, stats.status(), before, fault.op == Op::kSyncDir,
                                  new_documents);
        continue;
      }
      // Either the fault was not met (the build is done with every step), or the build
      // could do without the call (a clean-up, a second look at the stub): the new
      // generation is live and whole.
      EXPECT_EQ(stats->posts + stats->comments, new_documents);
      const IndexInfo now = searched();
      EXPECT_EQ(live_generation(index_).value(), stats->generation);
      EXPECT_EQ(now.generation, stats->generation);
      EXPECT_EQ(now.documents, new_documents);
      if (failed.empty()) break;
    }
    EXPECT_LT(n, kMaxSteps) << op_name(fault.op) << ": the build never got past the fault";
  }
  // A build without faults after all that leaves only itself and the generation before.
  build("b.jsonl");
  const std::set<std::string> names = listing(index_);
  const std::string live = live_generation(index_).value();
  EXPECT_EQ(names.size(), 4u) << ::testing::PrintToString(names);
  EXPECT_EQ(names.count("XAPIANDB") + names.count("build.lock") + names.count(live), 3u)
      << ::testing::PrintToString(names);
}

TEST_F(FaultInjectionTest, SwitchFailsCleanlyAtEveryStep) {
  const uint64_t documents[] = {build("a.jsonl"), build("b.jsonl")};  // gen-000001, 2
  for (const Fault& fault : kFaults) {
    int n = 1;
    for (; n < kMaxSteps; ++n) {
      SCOPED_TRACE("switch, " + fault_string(fault, n));
      const IndexInfo before = searched();
      // To the other one of the two generations, and back on the next step.
      const bool to_first = before.generation == "gen-000002";
      const std::string target = to_first ? "gen-000001" : "gen-000002";
      FaultEnv env(fault, n);
      const Status s = switch_generation(index_, target, &env);
      SCOPED_TRACE("at " + env.failed_path());
      if (!s.is_ok()) {
        ASSERT_FALSE(env.failed_path().empty()) << "failed with no fault: " << s.to_string();
        expect_reported_and_whole(fault, s, before, fault.op == Op::kSyncDir,
                                  documents[to_first ? 0 : 1]);
        EXPECT_FALSE(fs::exists(index_ + "/XAPIANDB.tmp")) << "the temporary stub is left";
        continue;
      }
      EXPECT_TRUE(env.failed_path().empty()) << "a switch cannot do without any of its calls";
      const IndexInfo now = searched();
      EXPECT_EQ(now.generation, target);
      EXPECT_EQ(now.documents, documents[to_first ? 0 : 1]);
      break;
    }
    EXPECT_LT(n, kMaxSteps) << op_name(fault.op) << ": the switch never got past the fault";
  }
}

// A generation the clean-up cannot lock is one a reader may be on: it stays, and the
// clean-up says why. A pin that cannot be taken is an error, not a pin.
TEST_F(FaultInjectionTest, UnlockableGenerationsAreLeftAndPinsReportTheFailure) {
  build("a.jsonl");
  build("b.jsonl");
  build("a.jsonl");  // gen-000001 is stale now, but the clean-up after this build took it
  ASSERT_TRUE(fs::create_directories(index_ + "/gen-000001"));
  const Fault fault{Op::kLockDir, ENOLCK, "flock"};
  {
    FaultEnv env(fault, 1);
    const StaleCleanup cleanup = remove_stale_generations(index_, &env);
    EXPECT_EQ(cleanup.failed, std::vector<std::string>{"gen-000001: flock: No locks available"});
    EXPECT_TRUE(cleanup.removed.empty());
    EXPECT_TRUE(fs::exists(index_ + "/gen-000001"));
  }
  {
    FaultEnv env(fault, 1);
    auto pin = GenerationPin::acquire(index_, "gen-000003", &env);
    ASSERT_FALSE(pin.is_ok());
    EXPECT_EQ(pin.status().code(), StatusCode::kIoError);
    EXPECT_NE(pin.status().message().find("gen-000003: flock: "), std::string::npos)
        << pin.status().to_string();
  }
  EXPECT_EQ(remove_stale_generations(index_).removed, std::vector<std::string>{"gen-000001"});
}

// A replica (fss/replica.h) meets each fault at each step of a copy-and-switch: the
// error names the call and the replica stays on its generation (or, after a failed
// directory sync past the rename, is on the new one whole).
TEST_F(FaultInjectionTest, ReplicateFailsCleanlyAtEveryStep) {
  const std::string replica = dir_ / "replica";
  build("a.jsonl");
  ASSERT_TRUE(replicate_index({index_, replica}).is_ok());
  bool next_is_b = true;
  for (const Fault& fault : kFaults) {
    int n = 1;
    for (; n < kMaxSteps; ++n) {
      SCOPED_TRACE("replicate, " + fault_string(fault, n));
      // The replica is behind the source before every step.
      if (live_generation(replica).value() == live_generation(index_).value()) {
        build(next_is_b ? "b.jsonl" : "a.jsonl");
        next_is_b = !next_is_b;
      }
      const IndexInfo before = searched(replica), source = searched();
      FaultEnv env(fault, n);
      auto stats = replicate_index({index_, replica, &env});
      SCOPED_TRACE("at " + env.failed_path());
      const IndexInfo now = searched(replica);
      if (!stats.is_ok()) {
        ASSERT_FALSE(env.failed_path().empty())
            << "failed with no fault: " << stats.status().to_string();
        const std::string named = fault_words(fault);
        EXPECT_NE(stats.status().message().find(named), std::string::npos)
            << stats.status().to_string();
        // A source stub that cannot be read is an index that cannot be opened.
        const StatusCode code = stats.status().code();
        EXPECT_TRUE(code == StatusCode::kIoError || code == StatusCode::kUnavailable)
            << stats.status().to_string();
        if (now.generation != before.generation) {
          EXPECT_EQ(fault.op, Op::kSyncDir) << "the failure left " << now.generation << " live";
          EXPECT_EQ(now.generation, source.generation);
        }
        EXPECT_EQ(now.documents,
                  now.generation == before.generation ? before.documents : source.documents);
        continue;
      }
      EXPECT_EQ(now.generation, source.generation);
      EXPECT_EQ(now.documents, source.documents);
      if (env.failed_path().empty()) break;
    }
    EXPECT_LT(n, kMaxSteps) << op_name(fault.op) << ": replicate never got past the fault";
  }
}

}  // namespace
}  // namespace fss
