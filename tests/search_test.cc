// Relevance over corpus/archive.jsonl (10 posts, 2 comments): every expectation below comes
// from reading the posts, not from what the engine returned. Plus a small archive written
// here for what the corpus cannot show (exact form above its relatives, proximity).
#include "fss/search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fss/archive.h"
#include "test_index.h"

namespace fss {
namespace {

// The archive's documents.
const char* const kHem = "2018-05-31-pa-vag-hem";
const char* const kNya = "nya-fokusomraden-for-fss";
const char* const kSpringer = "2023-09-05-springer-inte-pa-alla-bollar";
const char* const kHosten = "2023-08-14-hosten-2023-nu-kor-vi";
const char* const kLinjen = "2023-03-06-forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna";
const char* const kLedarskap = "ditt-ledarskap-och-det-nya-politiska-landskapet";
const char* const kJarvso = "inspirera-dig-med-oss-pa-jarvsobaden-30-31-mars";
const char* const kSkane = "socialtjanstlagen-tillitsdelegationen-och-framtidsspaning";
const char* const kTre = "tre-av-fyra-fokusomraden-klara";
const char* const kTreComment = "tre-av-fyra-fokusomraden-klara-c1";
const char* const kSos = "fordjupat-samarbete-med-socialstyrelsen";
const char* const kSosComment = "fordjupat-samarbete-med-socialstyrelsen-c1";

class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    analyzer_ = std::move(a.value());
    dir_ = testing::make_temp_dir("fss-search-test");
    testing::build_test_index(*analyzer_, testing::corpus_archive(), dir_ + "/index");
    auto s = Searcher::open(dir_ + "/index", analyzer_.get());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    searcher_ = std::move(s.value());
    build_small_archive();
  }

  // Pairs of posts alike but for one thing: the exact form against a compound or folded
  // relative, words together against words apart.
  static void build_small_archive() {
    std::vector<Post> posts;
    const auto add = [&](const char* id, const char* title, const char* body) {
      Post p;
      p.id = id;
      p.title = title;
      p.body = body;
      p.source = "test";
      posts.push_back(p);
    };
    add("exact-tjanst", "Om arbetet", "En tjänst som kommunen erbjuder alla som bor i staden.");
    add("compound-tjanst", "Om arbetet",
        "En socialtjänst som kommunen erbjuder alla som bor i staden.");
    add("exact-plain", "Om ordet",
        "Skrivet utan prickar: forebyggande arbete i staden gav resultat.");
    add("folded-plain", "Om ordet",
        "Skrivet med prickar: förebyggande arbete i staden gav resultat.");
    add("near", "Om hamnen", "I hamnen låg en grön båt och väntade på sommaren hela dagen lång.");
    add("apart", "Om hamnen", "Grön var ängen vid sjön där vi satt hela dagen med en båt lång.");
    const std::string archive = dir_ + "/small.jsonl";
    ASSERT_TRUE(write_archive(archive, posts).is_ok());
    testing::build_test_index(*analyzer_, archive, dir_ + "/small");
    auto s = Searcher::open(dir_ + "/small", analyzer_.get());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    small_ = std::move(s.value());
  }

  static void TearDownTestSuite() {
    searcher_.reset();
    small_.reset();
    analyzer_.reset();
    std::filesystem::remove_all(dir_);
  }

  static SearchResponse search(Searcher* s, const SearchRequest& r) {
    auto res = s->search(r);
    EXPECT_TRUE(res.is_ok()) << "query: " << r.query << ": " << res.status().message();
    return res.is_ok() ? res.value() : SearchResponse{};
  }
  static SearchResponse search(const std::string& q, int size = 20) {
    SearchRequest r;
    r.query = q;
    r.size = size;
    return search(searcher_.get(), r);
  }

  static std::unique_ptr<Analyzer> analyzer_;
  static std::unique_ptr<Searcher> searcher_;
  static std::unique_ptr<Searcher> small_;
  static std::string dir_;
};

std::unique_ptr<Analyzer> SearchTest::analyzer_;
std::unique_ptr<Searcher> SearchTest::searcher_;
std::unique_ptr<Searcher> SearchTest::small_;
std::string SearchTest::dir_;

std::vector<std::string> ids(const SearchResponse& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

std::string show(const SearchResponse& r) {
  std::string s = "total " + std::to_string(r.total) + ":";
  for (const Hit& h : r.hits) s += " " + h.id + " (" + std::to_string(h.score) + ")";
  return s;
}

size_t rank_of(const SearchResponse& r, const std::string& id) {
  const auto v = ids(r);
  return static_cast<size_t>(std::find(v.begin(), v.end(), id) - v.begin());
}

struct RelevanceCase {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  // The table below gives the fields in order and leaves out the trailing ones it does
  // not check: a constructor, so that no field is left to -Wmissing-field-initializers.
  RelevanceCase(std::string query, std::vector<std::string> first = {},
                std::vector<std::string> within = {}, size_t k = 10,
                std::vector<std::string> absent = {}, Pairs above = {},
                std::optional<uint64_t> total = std::nullopt,
                std::optional<std::string> suggestion = std::nullopt, bool suggestion_used = false)
      : query(std::move(query)),
        first(std::move(first)),
        within(std::move(within)),
        k(k),
        absent(std::move(absent)),
        above(std::move(above)),
        total(total),
        suggestion(std::move(suggestion)),
        suggestion_used(suggestion_used) {}

  std::string query;
  std::vector<std::string> first;   // these, in any order, fill the top first.size() places
  std::vector<std::string> within;  // these are within the top `k`
  size_t k;
  std::vector<std::string> absent;  // these do not match
  Pairs above;                      // first ranks above second
  std::optional<uint64_t> total;
  std::optional<std::string> suggestion;  // "" means: no suggestion
  bool suggestion_used;
};

const std::vector<RelevanceCase>& relevance_cases() {
  using P = std::pair<std::string, std::string>;
  static const std::vector<RelevanceCase> cases = {
      // The title post of the README's example; the other two have "första linjens" in the body.
      {"första linjen", {kLinjen}, {kSpringer, kHosten}, 3, {kSos}, {}, 3},
      // Phrases: inflected forms allowed, order required, scattered words not enough.
      {"\"första linjen\"", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"\"linjens första\"", {}, {}, 10, {kLinjen, kSpringer, kHosten}, {}, 0},
      {"\"tidiga insatser\"", {}, {kNya, kHem}, 2, {kLinjen}, {}, 2},
      // Proximity: "tidiga insatser" together in kNya and kHem; kLinjen has "tidigt" and
      // "insatser" far apart.
      {"tidiga insatser", {kNya, kHem}, {kLinjen}, 4, {}, {P{kHem, kLinjen}, P{kNya, kLinjen}}},
      // Folding: the words typed without å/ä/ö.
      {"forsta linjen", {}, {kLinjen, kSpringer, kHosten}, 3, {}, {}, 3},
      {"forebyggande", {kNya}, {kSkane, kHem, kSos}, 4, {kJarvso}},
      {"jarvsobaden", {kJarvso}, {}, 10, {}, {}, 1},
      {"socialstyrelsen", {kSos}, {kHem, kSpringer, kNya}, 4},
      // Stemming: other inflections of the word.
      {"förebyggande", {kNya}, {kSkane, kHem, kSos}, 4, {kJarvso}},
      {"FÖREBYGGANDE", {kNya}, {kSkane, kHem, kSos}, 4},
      {"socialtjänstlagen", {kSkane}, {kNya, kLinjen, kHosten}, 4},
      {"socialtjänstlag", {}, {kNya, kSkane}, 2},
      {"prioritering", {}, {kSos, kSosComment}, 2},
      {"trädgården", {}, {kSpringer, kHosten}, 2, {}, {}, 2},
      {"översvämning", {kSpringer}, {}, 10, {}, {}, 1},
      {"workshop", {}, {kSpringer, kLedarskap}, 2},
      // Compounds: a word finds the compounds that contain it, below its own form.
      {"dagar", {kHosten, kHem}, {kSpringer}, 5, {}, {P{kHosten, kSpringer}, P{kHem, kSpringer}}},
      {"tjänst", {}, {kLinjen, kNya, kSkane, kJarvso, kSosComment}, 11},
      {"budget", {kTreComment}, {}, 10, {}, {}, 1},
      {"neddragning", {kTreComment}, {}, 10},
      {"delegation", {kSkane}, {}, 10},
      {"planeringsdagar", {kSpringer}},
      {"november", {kTre}},
      // Titles weigh.
      {"Tillitsdelegationen", {kSkane}},
      {"nära vård", {kNya}},
      // Names: free text and author:.
      {"Monica Persson", {}, {kLinjen, kHosten, kSpringer}, 3, {}, {}, 3},
      {"author:persson", {}, {kLinjen, kHosten, kSpringer}, 3, {kNya}, {}, 3},
      {"author:Lindén", {kTreComment}, {}, 10, {}, {}, 1},
      {"author:linden", {kTreComment}, {}, 10, {}, {}, 1},
      {"Lars Liljedahl", {kHem}},
      {"Olivia Wigzell", {kSos}},
      // Comments are found as comments.
      {"Karsten Åström", {kSosComment}, {}, 10, {}, {}, 1},
      {"budgetneddragningen", {kTreComment}, {}, 10, {}, {}, 1},
      // Synonyms and abbreviations (corpus/synonyms.txt).
      {"af", {kTreComment}, {}, 10, {}, {}, 1, ""},
      {"Arbetsförmedlingen", {kTreComment}, {}, 10, {}, {}, 1},
      {"SKL", {kHem}, {}, 10, {}, {}, 1},
      {"SKR", {kHem}, {}, 10, {}, {}, 1, ""},
      {"Sveriges Kommuner och Regioner", {kHem}},
      {"ESN", {kHem}, {}, 10, {}, {}, 1},
      {"Europeiska socialchefsnätverket", {kHem}},
      // Spelling.
      {"förebygande", {kNya}, {kSkane, kHem, kSos}, 4, {}, {}, 4, "förebyggande", true},
      // Totals with "socialstyrelsen" include kTre last: it has both parts in other words
      // ("socialt", whose lemma is "social", and "styrelsen"), weighed as one term.
      {"Socialstyrlsen", {kSos}, {kHem, kSpringer, kNya}, 4, {}, {}, 5, "socialstyrelsen", true},
      {"förebygande OR socialstyrelsen",
       {},
       {kSos, kHem, kSpringer, kNya},
       4,
       {},
       {},
       5,
       "förebyggande OR socialstyrelsen",
       false},
      // Operators.
      {"socialstyrelsen -polisen", {}, {kSos, kSpringer}, 2, {kHem, kNya}, {{kSpringer, kTre}}, 3},
      {"Sevilla OR Karlstad", {}, {kHem, kSpringer, kHosten}, 3, {kNya}, {}, 3},
      {"socialstyr*", {}, {kSos, kHem, kSpringer, kNya}, 4},
      {"title:socialstyrelsen", {kSos}, {kSosComment}, 2, {kHem}, {}, 2},
      {"Gävle-Dala", {kJarvso}, {}, 10, {}, {}, 1},
      {"Socialchefsdagarna 2018", {kHem}},
      {"Malmö universitet", {kSpringer}},
      // Leniency: read as the words that are there.
      {"\"första linjen", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"(första linjen)", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"första AND linjen", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"första linjen OR", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"OR första linjen -", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"title: första linjen", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"första, linjen!!", {kLinjen}, {kSpringer, kHosten}, 3, {}, {}, 3},
      {"-socialstyrelsen", {}, {}, 10, {}, {}, 0},
  };
  return cases;
}

TEST_F(SearchTest, Relevance) {
  ASSERT_GE(relevance_cases().size(), 40u);
  for (const RelevanceCase& c : relevance_cases()) {
    SCOPED_TRACE("query: " + c.query);
    const SearchResponse r = search(c.query);
    const std::string got = show(r);
    const std::vector<std::string> v = ids(r);
    for (const std::string& id : c.first)
      EXPECT_LT(rank_of(r, id), c.first.size())
          << id << " not in the first " << c.first.size() << "; " << got;
    for (const std::string& id : c.within)
      EXPECT_LT(rank_of(r, id), c.k) << id << " not in the top " << c.k << "; " << got;
    for (const std::string& id : c.absent)
      EXPECT_EQ(rank_of(r, id), v.size()) << id << " matched; " << got;
    for (const auto& [a, b] : c.above)
      EXPECT_LT(rank_of(r, a), rank_of(r, b)) << a << " not above " << b << "; " << got;
    if (c.total) {
      EXPECT_EQ(r.total, *c.total) << got;
    }
    if (c.suggestion) {
      if (c.suggestion->empty()) {
        EXPECT_FALSE(r.suggestion) << *r.suggestion;
      } else {
        EXPECT_EQ(r.suggestion.value_or("(none)"), *c.suggestion);
      }
      EXPECT_EQ(r.suggestion_used, c.suggestion_used);
    }
  }
}

TEST_F(SearchTest, ReadmeExampleTitleFirst) {
  const SearchResponse r = search("första linjen", 10);
  ASSERT_FALSE(r.hits.empty());
  EXPECT_EQ(r.hits[0].title, "Första linjens socialtjänst har fått luft under vingarna");
  EXPECT_NE(r.hits[0].snippet.find("<mark>första</mark> <mark>linjens</mark>"), std::string::npos)
      << r.hits[0].snippet;
}

TEST_F(SearchTest, ExactFormAboveCompoundAndFoldedRelatives) {
  for (const auto& [q, exact, relative] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"tjänst", "exact-tjanst", "compound-tjanst"},
           {"forebyggande", "exact-plain", "folded-plain"},
           {"förebyggande", "folded-plain", "exact-plain"}}) {
    SearchRequest req;
    req.query = q;
    const SearchResponse r = search(small_.get(), req);
    SCOPED_TRACE("query: " + q + ": " + show(r));
    ASSERT_EQ(r.hits.size(), 2u);
    EXPECT_EQ(r.hits[0].id, exact);
    EXPECT_EQ(r.hits[1].id, relative);
    EXPECT_GT(r.hits[0].score, r.hits[1].score);
  }
}

// A word spelt without accents has no folded term of its own (it equals the stem), so the
// accented forms of a query must find it through the stem space, prefixes included.
TEST_F(SearchTest, FoldingFindsBothSpellingsWordsAndPrefixes) {
  for (const std::string q : {"forebyggande", "förebyggande", "forebygg*", "förebygg*",
                              "FÖREBYGGANDE", "förebyggandet"}) {
    SearchRequest req;
    req.query = q;
    const SearchResponse r = search(small_.get(), req);
    SCOPED_TRACE("query: " + q + ": " + show(r));
    std::set<std::string> ids;
    for (const auto& h : r.hits) ids.insert(h.id);
    EXPECT_EQ(ids, (std::set<std::string>{"exact-plain", "folded-plain"}));
  }
}

TEST_F(SearchTest, WordsTogetherAboveWordsApart) {
  SearchRequest req;
  req.query = "grön båt";
  SearchResponse r = search(small_.get(), req);
  ASSERT_EQ(r.hits.size(), 2u) << show(r);
  EXPECT_EQ(r.hits[0].id, "near") << show(r);
  EXPECT_GT(r.hits[0].score, r.hits[1].score);
  req.query = "\"grön båt\"";
  r = search(small_.get(), req);
  ASSERT_EQ(r.hits.size(), 1u) << show(r);
  EXPECT_EQ(r.hits[0].id, "near");
}

TEST_F(SearchTest, CommentHitsCarryTheirPost) {
  const SearchResponse r = search("budgetneddragningen");
  ASSERT_EQ(r.hits.size(), 1u);
  const Hit& h = r.hits[0];
  EXPECT_EQ(h.type, "comment");
  EXPECT_EQ(h.author.value_or(""), "Malin Lindén Ohlsson");
  EXPECT_FALSE(h.date);
  ASSERT_TRUE(h.post);
  EXPECT_EQ(h.post->first, kTre);
  EXPECT_EQ(h.post->second, "Tre av fyra fokusområden klara");
  EXPECT_EQ(h.title, "Tre av fyra fokusområden klara");
  EXPECT_NE(h.snippet.find("<mark>budgetneddragningen</mark>"), std::string::npos) << h.snippet;
  for (const Hit& p : search("Monica Persson").hits) EXPECT_FALSE(p.post) << p.id;
}

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
