// Read replicas (issue 25): `fss-index replicate` copies the live generation to a second
// index directory and switches it there as a build does; a second daemon serves the
// replica and answers as the first; a rebuild reaches it; a replica's readers keep their
// generation; a failed copy leaves the replica's live generation untouched.
#include "fss/replica.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/search.h"
#include "index_test_util.h"
#include "searchd_test_util.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::generated_posts;
using testing_util::TempDir;
using testing_util::write_file;

class ReplicaTest : public ::testing::Test {
 protected:
  // Builds a generation of `posts` generated posts in the source directory.
  void build(int posts) {
    const std::string archive = dir_ / ("archive-" + std::to_string(posts) + ".jsonl");
    ASSERT_TRUE(write_file(archive, archive_text(generated_posts(posts))));
    BuildOptions o;
    o.archive_path = archive;
    o.index_dir = source_;
    o.threads = 1;
    auto stats = build_index(o, testing::shared_analyzer());
    ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  }

  Result<ReplicaStats> replicate() { return replicate_index({source_, target_}); }

  // The total of a browse of `index`, from a Searcher of its own.
  uint64_t browse_total(const std::string& index) {
    auto s = Searcher::open(index, &testing::shared_analyzer());
    EXPECT_TRUE(s.is_ok()) << index << ": " << s.status().to_string();
    if (!s.is_ok()) return 0;
    auto r = s.value()->search(SearchRequest{});
    EXPECT_TRUE(r.is_ok()) << r.status().to_string();
    return r.is_ok() ? r->total : 0;
  }

  TempDir dir_;
  const std::string source_ = dir_ / "index";
  const std::string target_ = dir_ / "replica";
};

TEST_F(ReplicaTest, CopiesTheLiveGenerationAndSwitches) {
  build(12);
  auto stats = replicate();
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_TRUE(stats->copied);
  EXPECT_EQ(stats->generation, live_generation(source_).value());
  EXPECT_EQ(live_generation(target_).value(), stats->generation);
  EXPECT_GT(stats->files, 0u);
  EXPECT_GT(stats->documents, 0u);
  EXPECT_EQ(browse_total(target_), browse_total(source_));
  EXPECT_FALSE(fs::exists(target_ + "/" + stats->generation + ".tmp"));
}

TEST_F(ReplicaTest, NothingToDoWhenAlreadyThere) {
  build(5);
  ASSERT_TRUE(replicate().is_ok());
  auto again = replicate();
  ASSERT_TRUE(again.is_ok()) << again.status().to_string();
  EXPECT_FALSE(again->copied);
  EXPECT_EQ(again->files, 0u);
}

// A rebuild reaches the replica; a reader of the replica keeps the generation it opened
// (its pin), and clean-up leaves only what a build leaves.
TEST_F(ReplicaTest, RebuildReachesTheReplicaAndReadersKeepTheirGeneration) {
  build(5);
  ASSERT_TRUE(replicate().is_ok());
  auto reader = Searcher::open(target_, &testing::shared_analyzer());
  ASSERT_TRUE(reader.is_ok());
  const uint64_t before = reader.value()->search(SearchRequest{})->total;
  build(9);
  build(14);
  auto stats = replicate();
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_EQ(live_generation(target_).value(), live_generation(source_).value());
  EXPECT_EQ(browse_total(target_), browse_total(source_));
  EXPECT_GT(browse_total(target_), before);
  auto old = reader.value()->search(SearchRequest{});
  ASSERT_TRUE(old.is_ok()) << old.status().to_string();
  EXPECT_EQ(old->total, before);  // still on the generation it opened
}

TEST_F(ReplicaTest, RefusesWhatCannotBeAReplica) {
  struct Case {
    const char* what;
    std::string source, target;
    StatusCode code;
  };
  build(3);
  const std::vector<Case> cases = {
      {"no index in the source", dir_ / "empty", target_, StatusCode::kUnavailable},
      {"source and target one directory", source_, source_, StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    auto r = replicate_index({c.source, c.target});
    ASSERT_FALSE(r.is_ok()) << c.what;
    EXPECT_EQ(r.status().code(), c.code) << c.what << ": " << r.status().to_string();
  }
}

TEST_F(ReplicaTest, RefusesATargetNewerThanTheSource) {
  build(3);
  build(4);
  ASSERT_TRUE(replicate().is_ok());
  TempDir other;
  BuildOptions o;
  o.archive_path = dir_ / "archive-3.jsonl";
  o.index_dir = other.path();
  o.threads = 1;
  ASSERT_TRUE(build_index(o, testing::shared_analyzer()).is_ok());  // its gen-000001
  auto r = replicate_index({other.path(), target_});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().to_string();
  EXPECT_NE(r.status().message().find("newer"), std::string::npos) << r.status().to_string();
}

// Regression: a copy that fails half way (here a file the copy refuses: a FIFO in the
// generation) is reported, leaves the replica on its generation, and the next good copy
// clears the leftover.
TEST_F(ReplicaTest, AFailedCopyLeavesTheReplicaLive) {
  build(4);
  ASSERT_TRUE(replicate().is_ok());
  const std::string was = live_generation(target_).value();
  build(6);
  const std::string fifo = source_ + "/" + live_generation(source_).value() + "/zz-fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  auto r = replicate();
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIoError) << r.status().to_string();
  EXPECT_NE(r.status().message().find("zz-fifo"), std::string::npos) << r.status().to_string();
  EXPECT_EQ(live_generation(target_).value(), was);
  EXPECT_GT(browse_total(target_), 0u);
  fs::remove(fifo);
  auto ok = replicate();
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(browse_total(target_), browse_total(source_));
  for (const auto& e : fs::directory_iterator(target_))
    EXPECT_NE(e.path().extension(), ".tmp") << e.path();
}

// The whole thing with the programs: `fss-index replicate`, a second daemon on the
// replica answering as the first, and a rebuild that reaches it while it serves.
TEST_F(ReplicaTest, ASecondDaemonServesTheReplica) {
  using testing::Daemon;
  using testing::http_get;
  using testing::RawReply;
  using testing::run;
  build(8);
  auto rep = run({FSS_INDEX_BIN, "replicate", "--index", source_, "--to", target_});
  ASSERT_EQ(rep.exit, 0) << rep.output;
  Daemon primary, replica;
  ASSERT_TRUE(primary.start({"--listen", "127.0.0.1:0", "--index", source_, "--workers", "1"}))
      << primary.log();
  ASSERT_TRUE(replica.start({"--listen", "127.0.0.1:0", "--index", target_, "--workers", "1"}))
      << replica.log();
  const std::vector<std::string> paths = {"/api/search?q=", "/api/search?q=kommun",
                                          "/api/search?q=ord%20nummer&page=2&size=3",
                                          "/api/posts/gen-post-3"};
  const auto without_took = [](std::string body) {
    const size_t at = body.find("\"took_ms\":");
    if (at != std::string::npos) body.erase(at, body.find_first_of(",}", at) - at);
    return body;
  };
  for (const std::string& p : paths) {
    const RawReply a = http_get(primary.port(), p), b = http_get(replica.port(), p);
    EXPECT_EQ(a.status(), 200) << p;
    EXPECT_EQ(without_took(a.body()), without_took(b.body())) << p;
  }
  build(11);
  rep = run({FSS_INDEX_BIN, "replicate", "--index", source_, "--to", target_});
  ASSERT_EQ(rep.exit, 0) << rep.output;
  // The replica's daemon moves to the new generation at its next search.
  EXPECT_EQ(without_took(http_get(replica.port(), "/api/search?q=").body()),
            without_took(http_get(primary.port(), "/api/search?q=").body()));
  const auto usage = run({FSS_INDEX_BIN, "replicate", "--index", source_});
  EXPECT_EQ(usage.exit, 2) << usage.output;
}

}  // namespace
}  // namespace fss
