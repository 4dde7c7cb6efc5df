// Relevance of the analysis points of issue 16, end to end (build, then search): compounds
// whose head only the archive licenses, folded compound parts, split queries ranked below
// the compound itself, inflections Snowball splits. Over corpus/archive.jsonl where it has
// the words, and over a small archive written here for the rest.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/corpus_lexicon.h"
#include "fss/archive.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "fss/search.h"
#include "search/generation_data.h"
#include "test_index.h"

namespace fss {
namespace {

class SearchAnalysisTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    analyzer_ = std::move(a.value());
    dir_ = testing::make_temp_dir("fss-search-analysis-test");
    testing::build_test_index(*analyzer_, testing::corpus_archive(), dir_ + "/real");
    auto real = Searcher::open(dir_ + "/real", analyzer_.get());
    ASSERT_TRUE(real.is_ok()) << real.status().message();
    real_ = std::move(real.value());

    std::vector<Post> posts;
    const auto add = [&](const char* id, const char* title, const char* body) {
      Post p;
      p.id = id;
      p.title = title;
      p.body = body;
      p.source = "test";
      posts.push_back(p);
    };
    // Compounds whose head hunspell does not license; the heads occur on their own in
    // the archive (the second lexicon).
    add("gang", "Om tryggheten", "Gängkriminaliteten i förorten oroar grannarna.");
    add("gang-word", "Om gänget", "Ett gäng ungdomar samlades. Gänget och ett annat gäng möttes.");
    add("corona", "Om året", "Coronapandemin och Coronakommissionens slutsatser om vården.");
    add("corona-word", "Om viruset", "Corona spreds snabbt; corona-åren var svåra.");
    add("pandemi", "Om sjukdom", "En pandemi drabbar många, sade kommissionen om kriminalitet.");
    // Non-compounds with word-like pieces: nothing of "svar", "slag", "drag", "mun".
    add("plain", "Om ansvar", "Ansvaret för förslagen och uppdraget ligger hos kommunerna.");
    add("pieces", "Om ord", "Svar, svar och slag, drag och mun, mun och svar, slag och drag.");
    // Folded compound parts.
    add("skuld", "Om skulder", "Överskuldsättningsfrågan diskuterades länge i nämnden.");
    // A compound typed as a query: the compound, its tail use, its parts in other words.
    add("landslag", "Om idrott", "Landslaget vann matchen i helgen.");
    add("fotboll", "Om idrott", "Fotbollslandslaget spelade i helgen.");
    add("parts", "Om lagar", "Äldreomsorgslag gäller i hela landet; lag och land hör ihop.");
    // Inflections Snowball splits.
    add("vintrar", "Om kyla", "Långa vintrar och stort mörker gör det svårt för många.");
    add("mote", "Om mötena", "Mötena med nycklar och fötter var många.");
    const std::string archive = dir_ + "/small.jsonl";
    ASSERT_TRUE(write_archive(archive, posts).is_ok());
    testing::build_test_index(*analyzer_, archive, dir_ + "/small");
    auto s = Searcher::open(dir_ + "/small", analyzer_.get());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    small_ = std::move(s.value());
  }
  static void TearDownTestSuite() {
    real_.reset();
    small_.reset();
    analyzer_.reset();
    std::filesystem::remove_all(dir_);
  }

  static std::vector<std::string> ids(Searcher* s, const std::string& q) {
    SearchRequest r;
    r.query = q;
    r.size = 20;
    auto res = s->search(r);
    EXPECT_TRUE(res.is_ok()) << q << ": " << res.status().message();
    std::vector<std::string> out;
    if (res.is_ok())
      for (const Hit& h : res.value().hits) out.push_back(h.id);
    return out;
  }
  static std::string show(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += " " + s;
    return out;
  }
  static bool has(const std::vector<std::string>& v, const std::string& id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  }
  static size_t rank(const std::vector<std::string>& v, const std::string& id) {
    return static_cast<size_t>(std::find(v.begin(), v.end(), id) - v.begin());
  }

  static std::unique_ptr<Analyzer> analyzer_;
  static std::unique_ptr<Searcher> real_;
  static std::unique_ptr<Searcher> small_;
  static std::string dir_;
};

std::unique_ptr<Analyzer> SearchAnalysisTest::analyzer_;
std::unique_ptr<Searcher> SearchAnalysisTest::real_;
std::unique_ptr<Searcher> SearchAnalysisTest::small_;
std::string SearchAnalysisTest::dir_;

struct FindCase {
  std::string query;
  std::vector<std::string> found;   // each must be among the hits
  std::vector<std::string> absent;  // none may be
};

TEST_F(SearchAnalysisTest, RealArchive) {
  const FindCase cases[] = {
      // "Skåneregionen": Skåne is a word of its own in the archive, not in hunspell.
      {"Skåne", {"ditt-ledarskap-och-det-nya-politiska-landskapet"}, {}},
      {"regionen", {"ditt-ledarskap-och-det-nya-politiska-landskapet"}, {}},
      {"förälder", {"2023-03-06-forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna"}, {}},
      {"skriva", {"2023-09-05-springer-inte-pa-alla-bollar"}, {}},
  };
  for (const FindCase& c : cases) {
    const auto got = ids(real_.get(), c.query);
    for (const auto& id : c.found) EXPECT_TRUE(has(got, id)) << c.query << ": " << id << show(got);
  }
}

TEST_F(SearchAnalysisTest, SmallArchive) {
  const FindCase cases[] = {
      {"kriminalitet", {"gang", "pandemi"}, {}},
      {"gäng", {"gang", "gang-word"}, {}},
      {"pandemi", {"corona", "pandemi"}, {}},
      {"kommission", {"corona", "pandemi"}, {}},
      {"corona", {"corona", "corona-word"}, {}},
      {"svar", {"pieces"}, {"plain"}},
      {"slag", {"pieces"}, {"plain"}},
      {"drag", {"pieces"}, {"plain"}},
      {"mun", {"pieces"}, {"plain"}},
      {"överskuldsättning", {"skuld"}, {}},
      {"overskuldsattning", {"skuld"}, {}},
      {"fraga", {"skuld"}, {}},
      {"vinter", {"vintrar"}, {}},
      {"stor", {"vintrar"}, {}},
      {"svår", {"vintrar"}, {}},
      {"möte", {"mote"}, {}},
      {"nyckel", {"mote"}, {}},
      {"fot", {"mote"}, {}},
  };
  for (const FindCase& c : cases) {
    const auto got = ids(small_.get(), c.query);
    for (const auto& id : c.found) EXPECT_TRUE(has(got, id)) << c.query << ": " << id << show(got);
    for (const auto& id : c.absent)
      EXPECT_FALSE(has(got, id)) << c.query << ": " << id << " matched;" << show(got);
  }
}

// A compound typed as a query ranks documents that have it (any form, or as the tail of
// a longer compound) above documents that only have its parts in other words.
TEST_F(SearchAnalysisTest, SplitQueryRanksTheCompoundFirst) {
  const auto got = ids(small_.get(), "landslag");
  SCOPED_TRACE("landslag:" + show(got));
  ASSERT_TRUE(has(got, "landslag"));
  ASSERT_TRUE(has(got, "fotboll"));
  EXPECT_LT(rank(got, "landslag"), rank(got, "fotboll"));
  EXPECT_LT(rank(got, "fotboll"), rank(got, "parts"));
}

// The generation keeps the vocabulary it was split with, and its searchers' analyzer
// splits a query word with it as the build did.
TEST_F(SearchAnalysisTest, GenerationKeepsItsLexiconForQueryWords) {
  const std::string index = dir_ + "/small";
  auto live = live_generation(index);
  ASSERT_TRUE(live.is_ok()) << live.status().message();
  Xapian::Database db(index);
  EXPECT_NE(db.get_metadata(schema::kMetaLexicon).find("corona 2\n"), std::string::npos);
  auto g = GenerationData::load(live.value(), db, *analyzer_);
  ASSERT_TRUE(g.is_ok()) << g.status().message();
  const Analyzer& generation = *g.value()->analyzer;
  ASSERT_NE(generation.lexicon(), nullptr);
  EXPECT_EQ(generation.lexicon()->frequency("gäng"), 2u);
  const auto parts = generation.compound_parts("coronapandemi");
  EXPECT_NE(std::find(parts.begin(), parts.end(), analyzer_->stem("pandemi")), parts.end());
  EXPECT_TRUE(analyzer_->compound_parts("coronapandemi").empty());
}

}  // namespace
}  // namespace fss
