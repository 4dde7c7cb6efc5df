// build_index() and generations: failed and interrupted builds leaving the live
// generation serving, one build at a time, a reader during switches, progress reports.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index_builder_test_util.h"
#include "index_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::generated_posts;
using testing_util::TempDir;
using testing_util::Undeletable;
using testing_util::write_file;

using testing_util::listing;

std::string set_string(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += x + " ";
  return out;
}

TEST_F(IndexBuilderTest, FailedBuildLeavesTheLiveGenerationServing) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  const auto before = listing(index);
  ASSERT_TRUE(write_file(dir / "bad-synonyms.txt", "af = Arbetsförmedlingen\nSoL\n"));
  ASSERT_TRUE(write_file(dir / "bad-areas.json", R"({"areas": [{"id": "x"}]})"));
  struct Case {
    std::string what;
    BuildOptions options;
    StatusCode code;
    std::string message;
  };
  std::vector<Case> cases;
  {
    BuildOptions o = options(kCorpus, index);
    o.synonyms_path = dir / "bad-synonyms.txt";
    cases.push_back(
        {"bad synonyms", o, StatusCode::kInvalidArgument, dir / "bad-synonyms.txt:2: "});
  }
  {
    BuildOptions o = options(kCorpus, index);
    o.focus_areas_path = dir / "bad-areas.json";
    cases.push_back({"bad areas", o, StatusCode::kInvalidArgument, "areas[0].name"});
  }
  {
    BuildOptions o = options(kCorpus, index);
    o.synonyms_path = dir / "missing.txt";
    cases.push_back({"missing synonyms", o, StatusCode::kNotFound, dir / "missing.txt"});
  }
  cases.push_back({"missing archive", options(dir / "missing.jsonl", index), StatusCode::kNotFound,
                   dir / "missing.jsonl"});
  for (const Case& c : cases) {
    auto stats = build_index(c.options, *analyzer_);
    ASSERT_FALSE(stats.is_ok()) << c.what;
    EXPECT_EQ(stats.status().code(), c.code) << c.what << ": " << stats.status().to_string();
    EXPECT_NE(stats.status().message().find(c.message), std::string::npos)
        << c.what << ": " << stats.status().to_string();
    EXPECT_EQ(live_generation(index).value(), "gen-000001") << c.what;
    EXPECT_EQ(listing(index), before) << c.what;
    Xapian::Database db(index);
    EXPECT_EQ(db.get_doccount(), 12u) << c.what;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("XTYPEpost"));
    EXPECT_EQ(enquire.get_mset(0, 100).size(), 10u) << c.what;
  }
}

TEST_F(IndexBuilderTest, LeftOversOfADeadBuildAreCleanedUp) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  // As kill -9 leaves them: a build directory, a complete generation never switched to
  // (died between compaction and switch), a compaction in progress, a half-written stub.
  for (const char* d : {"gen-000002.tmp", "gen-000003", "gen-000004.compact.tmp"}) {
    fs::create_directories(index + "/" + d);
    ASSERT_TRUE(write_file(index + "/" + d + "/postlist.glass", "junk"));
  }
  ASSERT_TRUE(write_file(index + "/XAPIANDB.tmp", "auto gen-0000"));
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 12u) << "left-overs do not disturb readers";
  const BuildStats stats = build_ok(options(kCorpus, index));
  EXPECT_EQ(stats.generation, "gen-000002");
  EXPECT_EQ(listing(index),
            (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000001", "gen-000002"}))
      << set_string(listing(index));
  build_ok(options(kCorpus, index));
  build_ok(options(kCorpus, index));
  // Only the live generation and the one before it remain.
  EXPECT_EQ(listing(index),
            (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000003", "gen-000004"}))
      << set_string(listing(index));
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 12u);
}

TEST_F(IndexBuilderTest, OneBuildAtATime) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  {
    auto lock = BuildLock::acquire(index);
    ASSERT_TRUE(lock.is_ok()) << lock.status().to_string();
    auto stats = build_index(options(kCorpus, index), *analyzer_);
    ASSERT_FALSE(stats.is_ok());
    EXPECT_EQ(stats.status().code(), StatusCode::kBusy);
    EXPECT_NE(stats.status().message().find("another build is running"), std::string::npos)
        << stats.status().message();
    EXPECT_EQ(live_generation(index).value(), "gen-000001");
  }
  EXPECT_EQ(build_ok(options(kCorpus, index)).generation, "gen-000002") << "the lock is released";
}

TEST_F(IndexBuilderTest, ReaderDuringSwitchesSeesCompleteGenerations) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  std::atomic<bool> stop{false};
  std::atomic<int> opens{0}, failures{0};
  std::string first_failure;
  std::thread reader([&] {
    while (!stop) {
      try {
        Xapian::Database db(index);
        const auto count = db.get_doccount();
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("socialtjänsten"),
                                        Xapian::Query("XTYPEcomment")));
        const Xapian::MSet mset = enquire.get_mset(0, 20);
        std::string data;
        for (auto m = mset.begin(); m != mset.end(); ++m) data += m.get_document().get_data();
        if (count != 12 || mset.empty() || data.empty()) {
          if (failures++ == 0) first_failure = "doc count " + std::to_string(count);
        }
        ++opens;
      } catch (const Xapian::Error& e) {
        if (failures++ == 0) first_failure = e.get_description();
      }
    }
  });
  for (int i = 0; i < 6; ++i) build_ok(options(kCorpus, index));
  stop = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GT(opens.load(), 6);
  EXPECT_EQ(live_generation(index).value(), "gen-000007");
}

// Regression (issue 17, item 5): an exception from the progress callback unwound past the
// joinable writer threads (std::terminate) and escaped an API that promises no throw.
TEST_F(IndexBuilderTest, ProgressCallbackThatThrowsEndsTheBuildWithAStatus) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  // More posts than the pipeline holds in flight (16 batches of 64), analysed on one
  // thread: the reader waits on the writers, so the index phase lasts past its first
  // progress report (every 250 ms) while the writer threads run.
  ASSERT_TRUE(write_file(dir / "big.jsonl", archive_text(generated_posts(1300))));
  for (const char* phase : {"index", "compact", "switch"}) {
    const auto before = listing(index);
    const std::string live = live_generation(index).value();
    BuildOptions o = options(std::string(phase) == "index" ? dir / "big.jsonl" : kCorpus, index);
    o.threads = 1;
    o.on_progress = [&](const BuildProgress& p) {
      if (std::string(p.phase) == phase) throw std::runtime_error("stop at " + std::string(phase));
    };
    auto stats = build_index(o, *analyzer_);
    ASSERT_FALSE(stats.is_ok()) << phase << ": the callback was not called in this phase";
    EXPECT_EQ(stats.status().code(), StatusCode::kInternal) << phase;
    EXPECT_NE(stats.status().message().find("progress callback: stop at"), std::string::npos)
        << stats.status().to_string();
    EXPECT_EQ(live_generation(index).value(), live) << phase;
    EXPECT_EQ(listing(index), before) << phase << ": " << set_string(listing(index));
  }
}

// Regression (issue 17, item 8): stale generations the build could not remove were not
// reported. Before the build nothing is written; after the switch it is a warning.
TEST_F(IndexBuilderTest, AStaleGenerationThatCannotBeRemovedIsReported) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  build_ok(options(kCorpus, index));
  fs::create_directories(index + "/gen-000009.tmp/sub");
  ASSERT_TRUE(write_file(index + "/gen-000009.tmp/sub/x", "x"));
  {
    Undeletable stuck(index + "/gen-000009.tmp/sub");
    if (!stuck.ok()) GTEST_SKIP() << "cannot make a directory undeletable here";
    auto failed = build_index(options(kCorpus, index), *analyzer_);
    ASSERT_FALSE(failed.is_ok());
    EXPECT_EQ(failed.status().code(), StatusCode::kIoError);
    EXPECT_NE(failed.status().message().find("gen-000009.tmp"), std::string::npos)
        << failed.status().to_string();
    EXPECT_EQ(live_generation(index).value(), "gen-000002");
  }
  fs::remove_all(index + "/gen-000009.tmp");
  // gen-000001 is stale after the next switch; make it stick.
  fs::create_directories(index + "/gen-000001/sub");
  ASSERT_TRUE(write_file(index + "/gen-000001/sub/x", "x"));
  Undeletable stuck(index + "/gen-000001/sub");
  ASSERT_TRUE(stuck.ok());
  const BuildStats stats = build_ok(options(kCorpus, index));
  EXPECT_EQ(live_generation(index).value(), stats.generation);
  ASSERT_EQ(stats.cleanup_errors.size(), 1u);
  EXPECT_EQ(stats.cleanup_errors[0].rfind("gen-000001: ", 0), 0u) << stats.cleanup_errors[0];
}

TEST_F(IndexBuilderTest, ProgressReportsPhases) {
  TempDir dir;
  BuildOptions o = options(kCorpus, dir / "index");
  std::vector<std::string> phases;
  uint64_t last_documents = 0;
  o.on_progress = [&](const BuildProgress& p) {
    if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
    last_documents = p.documents;
  };
  build_ok(o);
  ASSERT_GE(phases.size(), 2u);
  EXPECT_EQ(phases[phases.size() - 2], "compact");
  EXPECT_EQ(phases.back(), "switch");
  EXPECT_EQ(last_documents, 12u);
}

}  // namespace
}  // namespace fss
