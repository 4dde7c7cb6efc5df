// The fixture of the sharded build tests (shard_build_test.cc, shard_servers_test.cc):
// two generated archives built into a home with shards, and what a home or shard holds.
#ifndef FSS_TESTS_SHARD_BUILD_TEST_UTIL_H_
#define FSS_TESTS_SHARD_BUILD_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index_test_util.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {

using testing_util::listing;

// Every document's id (value slot kSlotId) -> its post's id (its own for a post, its
// XPARENT term's for a comment).
inline std::map<std::string, std::string> posts_by_id(const Xapian::Database& db) {
  std::map<Xapian::docid, std::string> parent;
  const std::string prefix = schema::kParent;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p)
      parent[*p] = (*t).substr(prefix.size());
  std::map<std::string, std::string> out;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const std::string id = db.get_document(*p).get_value(schema::kSlotId);
    const auto it = parent.find(*p);
    out[id] = it == parent.end() ? id : it->second;
  }
  return out;
}

// Every document's id.
inline std::set<std::string> ids_of(const Xapian::Database& db) {
  std::set<std::string> ids;
  for (const auto& [id, post] : posts_by_id(db)) ids.insert(id);
  return ids;
}

// Two generated archives (a.jsonl: 20 posts, b.jsonl: 30) in a fresh directory, built
// into its index/ with a number of shards.
class ShardBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(testing_util::write_file(
        dir_ / "a.jsonl", testing_util::archive_text(testing_util::generated_posts(20))));
    ASSERT_TRUE(testing_util::write_file(
        dir_ / "b.jsonl", testing_util::archive_text(testing_util::generated_posts(30))));
  }
  Result<BuildStats> build(const std::string& archive, unsigned shards,
                           Env* env = Env::Default()) const {
    BuildOptions o;
    o.archive_path = dir_ / archive;
    o.index_dir = index_;
    o.threads = 2;
    o.shards = shards;
    o.env = env;
    return build_index(o, *analyzer_);
  }
  std::string shard(unsigned k) const { return shard_index_dir(index_, k); }

  // The home's live generation, after checking that each of the `shards` stubs names it
  // and its shard generation says so, and that the shards' documents add up to the home's.
  std::string consistent_generation(unsigned shards) const {
    const std::string home = live_generation(index_).value();
    uint64_t documents = 0;
    for (unsigned k = 0; k < shards; ++k) {
      EXPECT_EQ(live_generation(shard(k)).value(), home) << "shard " << k;
      Xapian::Database db(shard(k));
      EXPECT_EQ(db.get_metadata(schema::kMetaGeneration), home) << "shard " << k;
      documents += db.get_doccount();
    }
    EXPECT_EQ(documents, Xapian::Database(index_).get_doccount());
    return home;
  }

  const Analyzer* analyzer_ = &testing::shared_analyzer();
  testing_util::TempDir dir_;
  const std::string index_ = dir_ / "index";
};

}  // namespace fss

#endif  // FSS_TESTS_SHARD_BUILD_TEST_UTIL_H_
