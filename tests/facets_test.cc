// Disjunctive facets (../shared/spec/search-api.md, "facets"): a facet's own filter does not
// narrow its own counts; values OR within a facet, facets AND across. Over
// corpus/archive.jsonl: 5 signed posts (Monica Persson 3, Lars Liljedahl 1, Petra West
// Stenkvist 1), 2 comments, 4 dated posts (2018, 2023 x3).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fss/search.h"
#include "test_index.h"

namespace fss {
namespace {

class FacetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    analyzer_ = std::move(a.value());
    dir_ = testing::make_temp_dir("fss-facets-test");
    testing::build_test_index(*analyzer_, testing::corpus_archive(), dir_ + "/index");
    auto s = Searcher::open(dir_ + "/index", analyzer_.get());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    searcher_ = std::move(s.value());
  }
  static void TearDownTestSuite() {
    searcher_.reset();
    analyzer_.reset();
    std::filesystem::remove_all(dir_);
  }

  static SearchResponse search(const SearchRequest& r) {
    auto res = searcher_->search(r);
    EXPECT_TRUE(res.is_ok()) << "query: " << r.query << ": " << res.status().message();
    return res.is_ok() ? res.value() : SearchResponse{};
  }

  static uint64_t count(const SearchResponse& r, const std::string& facet,
                        const std::string& value) {
    for (const auto& [v, n] : r.facets.at(facet))
      if (v == value) return n;
    return 0;
  }

  static std::unique_ptr<Analyzer> analyzer_;
  static std::unique_ptr<Searcher> searcher_;
  static std::string dir_;
};

std::unique_ptr<Analyzer> FacetsTest::analyzer_;
std::unique_ptr<Searcher> FacetsTest::searcher_;
std::string FacetsTest::dir_;

// Issue 18: ticking one author hid every other author, so a second could not be ticked.
TEST_F(FacetsTest, AuthorFilterKeepsTheOtherAuthorsCounts) {
  SearchRequest r;
  const SearchResponse all = search(r);
  r.authors = {"Monica Persson"};
  const SearchResponse one = search(r);
  EXPECT_EQ(one.total, 3u);
  EXPECT_EQ(one.facets.at("author"), all.facets.at("author"));
  EXPECT_EQ(count(one, "author", "Lars Liljedahl"), 1u);
  // OR within the facet: the second author adds to the hits.
  r.authors = {"Monica Persson", "lars liljedahl"};
  const SearchResponse two = search(r);
  EXPECT_EQ(two.total, 4u);
  EXPECT_EQ(two.facets.at("author"), all.facets.at("author"));
  // The other facets are narrowed by the author filter as before.
  EXPECT_EQ(count(two, "type", "post"), 4u);
  EXPECT_EQ(count(two, "type", "comment"), 0u);
  EXPECT_EQ(count(two, "year", "2023"), 3u);
  EXPECT_EQ(count(two, "year", "2018"), 1u);
}

// Issue 18: "Alla/Inlägg" lost their counts when "Kommentarer" was picked.
TEST_F(FacetsTest, TypeFilterKeepsTheOtherTypesCount) {
  SearchRequest r;
  const SearchResponse all = search(r);
  r.type = "comment";
  const SearchResponse comments = search(r);
  EXPECT_EQ(comments.total, 2u);
  EXPECT_EQ(comments.facets.at("type"), all.facets.at("type"));
  EXPECT_EQ(count(comments, "type", "post"), 10u);
  EXPECT_EQ(count(comments, "author", "Monica Persson"), 0u);  // other facets narrow
}

TEST_F(FacetsTest, DateRangeKeepsTheOtherYearsCounts) {
  SearchRequest r;
  r.query = "socialtjänst";
  const SearchResponse all = search(r);
  r.from = "2023-01-01";
  r.to = "2023-12-31";
  const SearchResponse y2023 = search(r);
  EXPECT_EQ(y2023.total, count(all, "year", "2023"));
  EXPECT_EQ(y2023.facets.at("year"), all.facets.at("year"));
}

// Each facet is counted under every filter but its own, for every combination of the
// corpus's filters: the same counts as a search with only the other filters.
TEST_F(FacetsTest, EachFacetIsCountedUnderTheOtherFilters) {
  SearchRequest base;
  base.query = "socialtjänst";
  const SearchResponse plain = search(base);
  ASSERT_FALSE(plain.facets.at("area").empty());
  std::vector<std::string> areas;
  for (const auto& [a, n] : plain.facets.at("area")) areas.push_back(a);
  SearchRequest r = base;
  r.areas = {areas[0]};
  if (areas.size() > 1) r.areas.push_back(areas[1]);
  r.authors = {"Monica Persson"};
  r.type = "post";
  const SearchResponse got = search(r);
  const auto without = [&](auto clear) {
    SearchRequest o = r;
    clear(o);
    return search(o);
  };
  const SearchResponse no_area = without([](SearchRequest& o) { o.areas.clear(); });
  const SearchResponse no_author = without([](SearchRequest& o) { o.authors.clear(); });
  const SearchResponse no_type = without([](SearchRequest& o) { o.type.reset(); });
  EXPECT_EQ(got.facets.at("area"), no_area.facets.at("area"));
  EXPECT_EQ(got.facets.at("author"), no_author.facets.at("author"));
  EXPECT_EQ(got.facets.at("type"), no_type.facets.at("type"));
  // AND across facets: the hits are those of every filter.
  for (const Hit& h : got.hits) {
    EXPECT_EQ(h.type, "post") << h.id;
    EXPECT_EQ(h.author.value_or(""), "Monica Persson") << h.id;
  }
  EXPECT_LE(got.total, no_area.total);
  EXPECT_LE(got.total, no_author.total);
}

}  // namespace
}  // namespace fss
