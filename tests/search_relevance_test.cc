// Relevance over corpus/archive.jsonl (10 posts, 2 comments): every expectation below comes
// from reading the posts, not from what the engine returned. Plus a small archive written
// here for what the corpus cannot show (exact form above its relatives, proximity).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fss/search.h"
#include "search_test_util.h"

namespace fss {
namespace {

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

using P = std::pair<std::string, std::string>;

// Queries and what they must find, as read from the posts.
const std::vector<RelevanceCase> kRelevanceCases = {
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

TEST_F(SearchTest, Relevance) {
  ASSERT_GE(kRelevanceCases.size(), 40u);
  for (const RelevanceCase& c : kRelevanceCases) {
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

}  // namespace
}  // namespace fss
