// The Searcher on an index whose stored data is not what fss-index writes: it answers with
// a Status, never an exception (status.h), and never counts a hit it cannot show.
// The indexes are crafted with Xapian::WritableDatabase in a temp dir.
#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "fss/index_dir.h"
#include "fss/schema.h"
#include "fss/search.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {
namespace {

using testing_util::TempDir;

struct StoredDoc {
  std::string id;
  std::string data;  // the document's stored data, as written
  std::string date;  // the date slot's value
};

// index_dir/gen-000001 with `docs` (posts, each with its id term and type), made live.
void craft_index(const std::string& index_dir, const std::vector<StoredDoc>& docs) {
  Xapian::WritableDatabase db(index_dir + "/gen-000001", Xapian::DB_CREATE_OR_OVERWRITE);
  for (const StoredDoc& d : docs) {
    Xapian::Document doc;
    doc.set_data(d.data);
    doc.add_boolean_term(schema::kId + d.id);
    doc.add_boolean_term(std::string(schema::kType) + schema::kTypePost);
    doc.add_term("ord");
    doc.add_value(schema::kSlotDate, d.date);
    doc.add_value(schema::kSlotType, schema::kTypePost);
    doc.add_value(schema::kSlotId, d.id);
    db.add_document(doc);
  }
  db.commit();
  db.close();
  ASSERT_TRUE(switch_generation(index_dir, "gen-000001").is_ok());
}

class SearcherStoredDataTest : public ::testing::Test {
 protected:
  const Analyzer* analyzer_ = &testing::shared_analyzer();
  TempDir dir_;
};

const char* kGoodPost = R"({"id":"p1","type":"post","title":"T","text":"ett ord"})";

// Regression (issue 17, item 6): std::stoi on a date value that does not start with digits
// threw std::invalid_argument out of Searcher::open and ended fss-search.
TEST_F(SearcherStoredDataTest, StoiOnABadDateValueDoesNotEscape) {
  craft_index(dir_.path(), {{"p1", kGoodPost, "x0230101"}, {"p2", kGoodPost, "2023"}});
  auto searcher = Searcher::open(dir_.path(), analyzer_);
  ASSERT_TRUE(searcher.is_ok()) << searcher.status().to_string();
  auto r = searcher.value()->search(SearchRequest{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(r->total, 2u);
  ASSERT_EQ(r->facets["year"].size(), 1u) << "the bad date counts as undated";
  EXPECT_EQ(r->facets["year"][0], (std::pair<std::string, uint64_t>("2023", 1)));
}

// Regression (issue 17, item 6): a stored field of the wrong JSON type threw
// nlohmann::json::type_error out of Searcher::search and get_post.
TEST_F(SearcherStoredDataTest, JsonTypeErrorInAHitDoesNotEscape) {
  craft_index(dir_.path(), {{"p1", R"({"id":"p1","type":"post","title":5,"text":["x"]})", ""},
                            {"p2", R"({"id":7,"type":"post"})", ""}});
  auto searcher = Searcher::open(dir_.path(), analyzer_);
  ASSERT_TRUE(searcher.is_ok()) << searcher.status().to_string();
  auto post = searcher.value()->get_post("p1");
  ASSERT_TRUE(post.is_ok()) << post.status().to_string();
  EXPECT_EQ(post->post.title, "") << "a field of another type reads as absent";
  auto bad = searcher.value()->get_post("p2");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kCorruption) << bad.status().to_string();
  auto r = searcher.value()->search(SearchRequest{});
  ASSERT_FALSE(r.is_ok()) << "a hit without an id cannot be shown";
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption) << r.status().to_string();
}

// Regression (issue 17, item 6): a hit whose data did not parse was dropped from the hits
// but still counted in total: an answer of "2 results" showing one.
TEST_F(SearcherStoredDataTest, UnparsableHitIsAnErrorNotADroppedHitStillCounted) {
  craft_index(dir_.path(), {{"p1", kGoodPost, "20230101"}, {"p2", "{not json", "20230102"}});
  auto searcher = Searcher::open(dir_.path(), analyzer_);
  ASSERT_TRUE(searcher.is_ok()) << searcher.status().to_string();
  auto r = searcher.value()->search(SearchRequest{});
  ASSERT_FALSE(r.is_ok()) << "total " << r->total << ", hits " << r->hits.size();
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("document 2"), std::string::npos) << r.status().message();
  SearchRequest page2;
  page2.size = 1;
  page2.page = 2;  // newest first: p2 is on page 1, p1 alone on page 2
  auto ok = searcher.value()->search(page2);
  ASSERT_TRUE(ok.is_ok()) << ok.status().to_string();
  EXPECT_EQ(ok->hits.size(), 1u);
}

}  // namespace
}  // namespace fss
