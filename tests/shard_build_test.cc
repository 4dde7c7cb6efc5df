// Sharded builds (issue 25, `fss-index build --shards N`): the shards partition the home's
// documents, a post's comments sit in its shard, every shard carries its generation, a
// termlist and its stub on the home's generation; rebuilds move and clean every shard;
// N = 1 is the unsharded layout; a fault at any step of a sharded build leaves the home and
// the shards on one generation. Shards served by xapian-tcpsrv: shard_servers_test.cc.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fault_env.h"
#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index_test_util.h"
#include "shard_build_test_util.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::fault_string;
using testing_util::fault_words;
using testing_util::FaultEnv;
using testing_util::fingerprint;
using testing_util::generated_posts;
using testing_util::kFaults;
using testing_util::Op;
using testing_util::op_name;
using testing_util::TempDir;
using testing_util::write_file;

// On-disk contract: a post's shard never changes silently.
TEST(ShardOfTest, ValuesArePinned) {
  struct Case {
    const char* id;
    uint64_t hash;
    unsigned of3, of64;
  };
  const Case cases[] = {
      {"", 0xcbf29ce484222325ULL, 2, 37},  // FNV-1a's published test vectors
      {"a", 0xaf63dc4c8601ec8cULL, 1, 12},
      {"foobar", 0x85944171f73967e8ULL, 0, 40},
      {"gen-post-0", 0x32886987acd56717ULL, 1, 23},
      {"2015/03/tio-ar-med-skulder", 0xa1a06f8570db2274ULL, 2, 52},
      {"Inlägg 7", 0x540f0f2dce94cfceULL, 2, 14},  // the id's UTF-8 bytes
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string("id '") + c.id + "'");
    EXPECT_EQ(post_id_hash(c.id), c.hash);
    EXPECT_EQ(shard_of(c.id, 3), c.of3);
    EXPECT_EQ(shard_of(c.id, 64), c.of64);
    EXPECT_EQ(shard_of(c.id, 1), 0u);
  }
  EXPECT_EQ(shard_index_dir("idx", 2), "idx/shards/shard-2");
}

TEST_F(ShardBuildTest, ThreeShardsPartitionTheHome) {
  auto stats = build("a.jsonl", 3);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  const std::string generation = consistent_generation(3);
  EXPECT_EQ(generation, stats->generation);
  EXPECT_EQ(stats->shards, 3u);
  ASSERT_EQ(stats->shard_documents.size(), 3u);
  EXPECT_GT(stats->shard_bytes, 0u);
  EXPECT_TRUE(stats->warnings.empty());

  const Xapian::Database home(index_);
  EXPECT_EQ(home.get_metadata(schema::kMetaShards), "3");
  EXPECT_NE(home.get_metadata(schema::kMetaLexicon), "");
  EXPECT_NE(home.spellings_begin(), home.spellings_end()) << "the home keeps the spelling table";
  const std::map<std::string, std::string> home_docs = posts_by_id(home);
  std::map<std::string, std::string> union_docs;
  for (unsigned k = 0; k < 3; ++k) {
    SCOPED_TRACE("shard " + std::to_string(k));
    EXPECT_EQ(listing(shard(k)), (std::set<std::string>{"XAPIANDB", "build.lock", generation}));
    const Xapian::Database db(shard(k));
    EXPECT_EQ(db.get_metadata(schema::kMetaShard), std::to_string(k) + "/3");
    EXPECT_EQ(db.get_metadata(schema::kMetaLexicon), "") << "home-only metadata";
    EXPECT_EQ(db.get_metadata(schema::kMetaShards), "");
    EXPECT_EQ(db.spellings_begin(), db.spellings_end()) << "spelling stays with the home";
    EXPECT_EQ(db.get_doccount(), stats->shard_documents[k]);
    ASSERT_GT(db.get_doccount(), 0u);
    const Xapian::docid first = *db.postlist_begin("");
    EXPECT_NE(db.termlist_begin(first), db.termlist_end(first)) << "a shard has a termlist";
    for (const auto& [id, post] : posts_by_id(db)) {
      EXPECT_EQ(shard_of(post, 3), k) << id << " of post " << post;
      EXPECT_TRUE(union_docs.emplace(id, post).second) << id << " in two shards";
    }
  }
  EXPECT_EQ(union_docs, home_docs);
}

TEST_F(ShardBuildTest, RebuildsMoveEveryShardAndCleanOldGenerations) {
  for (int i = 1; i <= 3; ++i) {
    auto stats = build(i % 2 ? "a.jsonl" : "b.jsonl", 3);
    ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
    EXPECT_TRUE(stats->cleanup_errors.empty());
  }
  EXPECT_EQ(consistent_generation(3), "gen-000003");
  for (unsigned k = 0; k < 3; ++k)
    EXPECT_EQ(listing(shard(k)),
              (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000002", "gen-000003"}))
        << "shard " << k;
  EXPECT_EQ(listing(index_), (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000002",
                                                    "gen-000003", "shards"}));

  // Fewer shards: shard 2 is left as it was, and the build says so.
  auto fewer = build("b.jsonl", 2);
  ASSERT_TRUE(fewer.is_ok()) << fewer.status().to_string();
  EXPECT_EQ(consistent_generation(2), "gen-000004");
  EXPECT_EQ(live_generation(shard(2)).value(), "gen-000003");
  EXPECT_EQ(fewer->warnings,
            std::vector<std::string>{shard(2) + ": not one of this build's 2 shards: left as "
                                                "it was, on gen-000003"});
}

// N = 1: today's layout, no shards/ directory, no termlist, no shard metadata, and the
// same documents as a sharded home.
TEST_F(ShardBuildTest, OneShardIsTheUnshardedLayout) {
  auto stats = build("a.jsonl", 1);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_EQ(listing(index_), (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000001"}));
  EXPECT_EQ(listing(index_ + "/gen-000001").count("termlist.glass"), 0u);
  EXPECT_EQ(stats->shards, 1u);
  EXPECT_TRUE(stats->shard_documents.empty());
  const Xapian::Database one(index_);
  EXPECT_EQ(one.get_metadata(schema::kMetaShards), "");
  const std::map<std::string, std::string> unsharded = posts_by_id(one);

  TempDir other;
  BuildOptions o;
  o.archive_path = dir_ / "a.jsonl";
  o.index_dir = other / "index";
  o.shards = 4;
  ASSERT_TRUE(build_index(o, *analyzer_).is_ok());
  EXPECT_EQ(posts_by_id(Xapian::Database(o.index_dir)), unsharded);
}

// As unsharded (index_builder_test): the writers' docids follow the archive, whatever the
// analysis threads and the commit interval.
TEST_F(ShardBuildTest, ThreadsAndCommitIntervalDoNotChangeTheShards) {
  std::vector<std::vector<std::string>> first;
  for (const auto& [threads, commit_every] : {std::pair{1u, 7u}, std::pair{3u, 4000u}}) {
    SCOPED_TRACE("threads " + std::to_string(threads) + ", commit every " +
                 std::to_string(commit_every));
    TempDir other;
    BuildOptions o;
    o.archive_path = dir_ / "b.jsonl";
    o.index_dir = other / "index";
    o.threads = threads;
    o.commit_every = commit_every;
    o.shards = 3;
    ASSERT_TRUE(build_index(o, *analyzer_).is_ok());
    std::vector<std::vector<std::string>> prints = {fingerprint(Xapian::Database(o.index_dir))};
    for (unsigned k = 0; k < 3; ++k)
      prints.push_back(fingerprint(Xapian::Database(shard_index_dir(o.index_dir, k))));
    if (first.empty())
      first = prints;
    else
      EXPECT_EQ(prints, first);
  }
}

TEST_F(ShardBuildTest, BadShardCountsAreInvalidArguments) {
  for (unsigned n : {0u, kMaxShards + 1}) {
    SCOPED_TRACE("shards " + std::to_string(n));
    auto stats = build("a.jsonl", n);
    ASSERT_FALSE(stats.is_ok());
    EXPECT_EQ(stats.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(stats.status().message().find("from 1 to 64"), std::string::npos);
    EXPECT_FALSE(fs::exists(index_));
  }
}

// Fault injection (tests/fault_env.h): each fault at each step of a sharded rebuild is
// reported, and the home and every shard are on the generation live before (or, after a
// failed directory sync past the home's rename, all on the new one).
TEST_F(ShardBuildTest, AFaultAtAnyStepLeavesHomeAndShardsOnOneGeneration) {
  ASSERT_TRUE(build("a.jsonl", 3).is_ok());
  constexpr int kMaxSteps = 120;
  int put_back = 0;
  for (const testing_util::Fault& fault : kFaults) {
    int n = 1;
    for (; n < kMaxSteps; ++n) {
      SCOPED_TRACE("sharded build, " + fault_string(fault, n));
      const std::string before = consistent_generation(3);
      FaultEnv env(fault, n);
      auto stats = build("b.jsonl", 3, &env);
      SCOPED_TRACE("at " + env.failed_path());
      const std::string now = consistent_generation(3);
      if (!stats.is_ok()) {
        ASSERT_FALSE(env.failed_path().empty())
            << "failed with no fault: " << stats.status().to_string();
        const std::string named = fault_words(fault);
        EXPECT_NE(stats.status().message().find(named), std::string::npos)
            << stats.status().to_string();
        EXPECT_EQ(stats.status().code(), StatusCode::kIoError) << stats.status().to_string();
        // A shard whose switch failed after shard 0's: shard 0 was put back.
        if (env.failed_path() == shard(1) + "/XAPIANDB.tmp") {
          ++put_back;
          EXPECT_NE(stats.status().message().find("(the shards were switched back)"),
                    std::string::npos)
              << stats.status().to_string();
        }
        if (now != before) {
          EXPECT_EQ(fault.op, Op::kSyncDir) << "the failure left " << now;
        }
        continue;
      }
      EXPECT_EQ(now, stats->generation);
      if (env.failed_path().empty()) break;
    }
    EXPECT_LT(n, kMaxSteps) << op_name(fault.op) << ": the build never got past the fault";
  }
  EXPECT_GT(put_back, 0) << "no fault met a shard's switch";
  // A build without faults after all that leaves every directory clean.
  ASSERT_TRUE(build("b.jsonl", 3).is_ok());
  const std::string live = consistent_generation(3);
  for (unsigned k = 0; k < 3; ++k) {
    const std::set<std::string> names = listing(shard(k));
    EXPECT_EQ(names.size(), 4u) << ::testing::PrintToString(names);
    EXPECT_EQ(names.count("XAPIANDB") + names.count("build.lock") + names.count(live), 3u)
        << ::testing::PrintToString(names);
  }
}

}  // namespace
}  // namespace fss
