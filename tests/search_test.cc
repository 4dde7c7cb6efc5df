// Searching corpus/archive.jsonl (10 posts, 2 comments): filters, browsing and sorting,
// paging, facets, lenient syntax and the spelling suggestion. Relevance:
// search_relevance_test.cc.
#include "fss/search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "search_test_util.h"

namespace fss {
namespace {

TEST_F(SearchTest, DateFiltersDropUndated) {
  SearchRequest r;
  r.query = "socialtjänst";
  r.from = "2023-01-01";
  SearchResponse res = search(searcher_.get(), r);
  std::vector<std::string> got = ids(res);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{kLinjen, kHosten, kSpringer})) << show(res);
  EXPECT_EQ(res.total, 3u);
  r.from.reset();
  r.to = "2019-01-01";
  res = search(searcher_.get(), r);
  EXPECT_EQ(ids(res), std::vector<std::string>{kHem}) << show(res);
  r.from = "2023-03-06";
  r.to = "2023-03-06";  // both ends inclusive
  res = search(searcher_.get(), r);
  EXPECT_EQ(ids(res), std::vector<std::string>{kLinjen}) << show(res);
  // Browsing with a date filter: only dated documents, all four of them.
  r.query.clear();
  r.from = "1900-01-01";
  r.to.reset();
  res = search(searcher_.get(), r);
  EXPECT_EQ(res.total, 4u) << show(res);
  for (const Hit& h : res.hits) EXPECT_TRUE(h.date) << h.id;
}

TEST_F(SearchTest, AuthorFilterIgnoresCaseAndAccents) {
  for (const char* name :
       {"Monica Persson", "monica persson", "MONICA  PERSSON ", "Mónica Persson"}) {
    SearchRequest r;
    r.authors = {name};
    const SearchResponse res = search(searcher_.get(), r);
    EXPECT_EQ(res.total, 3u) << name << ": " << show(res);
  }
  SearchRequest r;
  r.authors = {"malin linden ohlsson", "Lars Liljedahl"};
  SearchResponse res = search(searcher_.get(), r);
  std::vector<std::string> got = ids(res);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{kHem, kTreComment})) << show(res);
  // The whole name, not a part of it.
  r.authors = {"Monica"};
  EXPECT_EQ(search(searcher_.get(), r).total, 0u);
}

TEST_F(SearchTest, AreaAndTypeFilters) {
  SearchRequest r;
  // emplace, not `= "comment"`: GCC 12 takes the optional's assignment path for an
  // engaged value and warns (-Wmaybe-uninitialized) about the string it never reads.
  r.type.emplace("comment");
  SearchResponse res = search(searcher_.get(), r);
  std::vector<std::string> got = ids(res);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{kSosComment, kTreComment}));
  r.type = "post";
  r.query = "socialstyrelsen";
  res = search(searcher_.get(), r);
  EXPECT_EQ(res.total, 5u) << show(res);  // kTre, with the parts in other words
  for (const Hit& h : res.hits) EXPECT_EQ(h.type, "post");

  // The area facet of a query is what the area filter then gives.
  SearchRequest all;
  all.query = "socialtjänst";
  all.size = 100;
  const SearchResponse base = search(searcher_.get(), all);
  ASSERT_FALSE(base.facets.at("area").empty());
  for (const auto& [area, count] : base.facets.at("area")) {
    SearchRequest f = all;
    f.areas = {area};
    const SearchResponse filtered = search(searcher_.get(), f);
    EXPECT_EQ(filtered.total, count) << area;
    for (const Hit& h : filtered.hits)
      EXPECT_NE(std::find(h.areas.begin(), h.areas.end(), area), h.areas.end())
          << h.id << " " << area;
  }
  SearchRequest none;
  none.areas = {"no-such-area"};
  EXPECT_EQ(search(searcher_.get(), none).total, 0u);
}

TEST_F(SearchTest, BrowseIsNewestFirst) {
  SearchRequest r;
  r.type.emplace("post");  // as in AreaAndTypeFilters
  const SearchResponse res = search(searcher_.get(), r);
  EXPECT_EQ(res.total, 10u);
  ASSERT_GE(res.hits.size(), 4u);
  EXPECT_EQ(res.hits[0].id, kSpringer);
  EXPECT_EQ(res.hits[1].id, kHosten);
  EXPECT_EQ(res.hits[2].id, kLinjen);
  EXPECT_EQ(res.hits[3].id, kHem);
  for (size_t i = 4; i < res.hits.size(); ++i) EXPECT_FALSE(res.hits[i].date) << res.hits[i].id;
  // Browse snippets are the start of the text.
  EXPECT_EQ(res.hits[0].snippet.rfind("Och så kom sommaren tillbaka", 0), 0u)
      << res.hits[0].snippet;
}

TEST_F(SearchTest, SortByDate) {
  SearchRequest r;
  r.query = "socialtjänst";
  r.sort = "date";
  const SearchResponse res = search(searcher_.get(), r);
  ASSERT_GE(res.hits.size(), 4u);
  std::vector<std::string> dates;
  for (const Hit& h : res.hits) dates.push_back(h.date.value_or(""));
  EXPECT_TRUE(std::is_sorted(dates.rbegin(), dates.rend())) << show(res);
  EXPECT_EQ(res.hits[0].id, kSpringer);
}

TEST_F(SearchTest, PagingKeepsTotal) {
  SearchRequest r;
  r.query = "socialtjänst";
  r.size = 4;
  const SearchResponse p1 = search(searcher_.get(), r);
  r.page = 2;
  const SearchResponse p2 = search(searcher_.get(), r);
  r.page = 50;
  const SearchResponse far = search(searcher_.get(), r);
  EXPECT_EQ(p1.total, p2.total);
  EXPECT_EQ(p1.total, far.total);
  EXPECT_EQ(p1.hits.size(), 4u);
  EXPECT_EQ(p2.hits.size(), 4u);
  EXPECT_TRUE(far.hits.empty());
  EXPECT_EQ(p2.page, 2);
  for (const Hit& h : p2.hits)
    EXPECT_EQ(rank_of(p1, h.id), p1.hits.size()) << h.id << " on both pages";
  r.page = 1;
  r.size = 8;
  const SearchResponse both = search(searcher_.get(), r);
  std::vector<std::string> joined = ids(p1);
  for (const auto& id : ids(p2)) joined.push_back(id);
  EXPECT_EQ(ids(both), joined);
}

TEST_F(SearchTest, FacetsCountTheWholeMatchSet) {
  for (const char* q : {"socialtjänst", "", "förebyggande", "FSS", "Monica Persson"}) {
    SearchRequest r;
    r.query = q;
    r.size = 1;  // counts must not depend on the page
    const SearchResponse res = search(searcher_.get(), r);
    const auto sum = [&](const char* facet) {
      uint64_t n = 0;
      for (const auto& [v, c] : res.facets.at(facet)) n += c;
      return n;
    };
    SCOPED_TRACE(std::string("query: ") + q);
    EXPECT_EQ(sum("type"), res.total);
    r.size = 100;
    const SearchResponse all = search(searcher_.get(), r);
    uint64_t dated = 0, authored = 0;
    for (const Hit& h : all.hits) {
      dated += h.date.has_value();
      authored += h.author.has_value();
    }
    EXPECT_EQ(sum("year"), dated);
    EXPECT_EQ(sum("author"), authored);
    EXPECT_EQ(all.hits.size(), res.total);
  }
  const SearchResponse r = search("", 100);
  EXPECT_EQ(r.total, 12u);
}

TEST_F(SearchTest, LenientSyntaxIsNeverAnError) {
  const std::string long_query = std::string(1000, 'a') + " första linjen " + std::string(9, 'x');
  ASSERT_EQ(long_query.size(), 1024u + 1);  // "ö" and "ä" are two bytes each
  for (const std::string& q :
       {std::string("\""),         std::string("OR"),
        std::string("-"),          std::string("AND"),
        std::string("NOT"),        std::string("title:"),
        std::string("author:"),    std::string("()"),
        std::string("(första"),    std::string("första)"),
        std::string("*"),          std::string("-*"),
        std::string("\"\""),       std::string("!!! ??? ... ,,, ;; :: -- ++ ** ## %% && || \\\\"),
        std::string("OR OR OR"),   std::string("- - -"),
        std::string("title:\""),   std::string("-\"första"),
        std::string("AND OR NOT"), std::string(1024, 'a'),
        std::string(512, '"'),     std::string(341, '*') + "ö",
        long_query.substr(0, 1023)}) {
    SearchRequest r;
    r.query = q;
    auto res = searcher_->search(r);
    EXPECT_TRUE(res.is_ok()) << "query: " << q << ": " << res.status().message();
  }
}

TEST_F(SearchTest, SuggestionUsedOnlyWhenTypedQueryFindsNothing) {
  SearchResponse r = search("förebygande");
  EXPECT_TRUE(r.suggestion_used);
  EXPECT_EQ(r.query, "förebygande");  // the answer says what was asked
  EXPECT_GT(r.total, 0u);
  r = search("förebyggande");
  EXPECT_FALSE(r.suggestion);
  r = search("qqqzzxy");
  EXPECT_EQ(r.total, 0u);
  EXPECT_FALSE(r.suggestion_used);
}

}  // namespace
}  // namespace fss
