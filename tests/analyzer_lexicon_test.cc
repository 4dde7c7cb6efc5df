// What the lexicons add to the analysis (issue 16): the stems of a word's dictionary
// lemmas where Snowball splits its forms (hunspell sv_SE), and the archive's own
// vocabulary as a second lexicon for compounds whose head hunspell does not license
// (corpus_lexicon.h). Tables of Swedish words: what a Swede expects, not what came back.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "analysis/corpus_lexicon.h"
#include "analysis/irregular_forms.h"
#include "fss/analyzer.h"

namespace fss {
namespace {

class LexiconTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Analyzer::create();
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    analyzer_ = std::move(created.value());
  }
  static void TearDownTestSuite() {
    analyzer_.reset();
    analyzer_ = nullptr;
  }

  static std::vector<std::string> stems(const Analyzer& a, const std::string& word) {
    std::vector<Token> tokens;
    EXPECT_TRUE(a.analyze(word, &tokens).is_ok()) << word;
    std::vector<std::string> out;
    if (tokens.size() != 1) return out;
    for (const Term& t : tokens[0].terms)
      if (t.kind == TermKind::kStem) out.push_back(t.text);
    return out;
  }
  static bool share_a_stem(const Analyzer& a, const std::string& x, const std::string& y) {
    const auto sx = stems(a, x), sy = stems(a, y);
    for (const auto& s : sx)
      if (std::find(sy.begin(), sy.end(), s) != sy.end()) return true;
    return false;
  }
  static std::string show(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return "{" + out + "}";
  }

  // Each word's parts with `corpus` include the stems of these words; without the second
  // lexicon hunspell alone leaves the word whole.
  template <size_t N>
  static void expect_second_lexicon_parts(
      const Analyzer& corpus, const std::pair<const char*, std::vector<const char*>> (&cases)[N]) {
    for (const auto& [word, part_words] : cases) {
      const auto got = corpus.compound_parts(word);
      for (const char* p : part_words) {
        EXPECT_NE(std::find(got.begin(), got.end(), analyzer_->stem(p)), got.end())
            << word << ": want " << p << ", got " << show(got);
      }
      EXPECT_TRUE(analyzer_->compound_parts(word).empty()) << word;
    }
  }

  static std::unique_ptr<Analyzer> analyzer_;
};

std::unique_ptr<Analyzer> LexiconTest::analyzer_;

// Forms Snowball gives different stems that the lexicon knows as one word's.
TEST_F(LexiconTest, InflectionsSnowballSplitsShareAStem) {
  const std::pair<const char*, const char*> cases[] = {
      // The examples.
      {"förälder", "föräldrar"},
      {"stor", "stort"},
      {"svår", "svårt"},
      {"vinter", "vintrar"},
      {"möte", "mötena"},
      {"skriva", "skrev"},
      // Ours: irregular plurals, adjectives in -t, strong and irregular verbs.
      {"sommar", "somrar"},
      {"nyckel", "nycklar"},
      {"fot", "fötter"},
      {"land", "länder"},
      {"ny", "nytt"},
      {"skriva", "skrivit"},
      {"åka", "åkte"},
      {"hjälpa", "hjälpte"},
      {"låta", "lät"},
      {"finger", "fingrar"},
      // Forms hunspell lists as words of their own or reads as another word
      // (irregular_forms.h): umlaut plurals, comparison, strong and particle verbs.
      {"bok", "böcker"},
      {"bok", "böckernas"},
      {"stad", "städerna"},
      {"son", "söner"},
      {"ledamot", "ledamöterna"},
      {"bonde", "bönder"},
      {"stor", "större"},
      {"ung", "yngre"},
      {"ta", "tog"},
      {"ta", "tagit"},
      {"se", "såg"},
      {"göra", "gjorde"},
      {"vinna", "vann"},
      {"finna", "fann"},
      {"föreslå", "föreslog"},
      {"innebära", "innebar"},
      {"delta", "deltog"},
      {"ske", "skedde"},
  };
  for (const auto& [base, form] : cases) {
    EXPECT_TRUE(share_a_stem(*analyzer_, base, form))
        << base << " " << show(stems(*analyzer_, base)) << " / " << form << " "
        << show(stems(*analyzer_, form));
  }
}

// A lemma that is a stop word would join its forms to every document (a stop word's stem
// is indexed everywhere); a form that is a stop word is never looked up.
TEST_F(LexiconTest, IrregularFormsLemmasAreNoStopWords) {
  for (const auto& [form, lemma] : analysis::irregular_forms()) {
    EXPECT_FALSE(analyzer_->is_stopword(lemma)) << form << " -> " << lemma;
    EXPECT_NE(analyzer_->stem(form), analyzer_->stem(lemma))
        << form << " -> " << lemma << ": Snowball joins them already";
  }
}

TEST_F(LexiconTest, LemmaStemIsAStemAfterTheWordsOwn) {
  std::vector<Token> tokens;
  ASSERT_TRUE(analyzer_->analyze("skrev föräldrarna", &tokens).is_ok());
  ASSERT_EQ(tokens.size(), 2u);
  // The first stem is the word's own (phrases and proximity use it); the lemma's follows.
  EXPECT_EQ(*find_term(tokens[0], TermKind::kStem), analyzer_->stem("skrev"));
  EXPECT_EQ(stems(*analyzer_, "skrev"),
            (std::vector<std::string>{analyzer_->stem("skrev"), analyzer_->stem("skriva")}));
  EXPECT_EQ(*find_term(tokens[1], TermKind::kStem), analyzer_->stem("föräldrarna"));
}

TEST_F(LexiconTest, WordsOfOtherLemmasStayApart) {
  // Different words: no stem in common.
  const std::pair<const char*, const char*> cases[] = {
      {"stor", "styrt"},
      {"vinter", "vinner"},
      {"möte", "mot"},
      {"svår", "svärd"},
      // hunspell's readings of irregular forms that are another word: the table wins.
      // (Snowball alone joins some: "tog" and "toga", "städer" and "städa" share a stem.)
      {"vann", "van"},
      {"fann", "fan"}};
  for (const auto& [x, y] : cases) EXPECT_FALSE(share_a_stem(*analyzer_, x, y)) << x << " / " << y;
}

// A small archive's vocabulary: heads hunspell does not license (a name, a loan, a noun
// it does not flag as a compound start) used as words of their own, and, to tempt the
// splitter, pieces of ordinary words that are words too ("svar", "slag", "drag", "mun",
// "orten", "rapp", "lagen"), all frequent.
std::shared_ptr<const CorpusLexicon> test_lexicon(const Analyzer& analyzer) {
  CorpusLexicon::Counter counter(analyzer);
  const char* const texts[] = {
      "Skåne Skåne Skåne Skånes Skåne. Corona corona corona. Gäng gäng gänget gäng.",
      "Pandemin pandemin pandemi. Kommission kommissionen kommissionens kommission.",
      "Kriminalitet kriminaliteten kriminalitet. Regionen regionen region regionens.",
      "Svar svar svar svaret svar. Slag slag slag slaget. Drag drag drag draget. Mun mun mun.",
      "Orten orten orten. Rapp rapp rapp. Lagen lagen lagen. Lag lag lag. Förs förs förs.",
      "Jour jour jour. Polis polis polisen. Konst konst konst. Kort kort kort kort.",
      "Ansvaret förslagen uppdraget kommunerna rapporten konstaterade kortare.",
      "Vård vård vård. Vården vården. Betal betal betal. Arbete arbete arbete.",
  };
  for (const char* t : texts) EXPECT_TRUE(counter.add_text(t).is_ok());
  return CorpusLexicon::from_counter(counter);
}

TEST_F(LexiconTest, SecondLexiconSplitsWhatHunspellLeavesWhole) {
  const auto corpus = analyzer_->with_lexicon(test_lexicon(*analyzer_));
  const std::pair<const char*, std::vector<const char*>> cases[] = {
      // The examples.
      {"gängkriminaliteten", {"gäng", "kriminalitet"}},
      {"skåneregionen", {"skåne", "region"}},
      {"coronapandemin", {"corona", "pandemi"}},
      {"coronakommissionens", {"corona", "kommission"}},
      // Ours: other tails, a linking -s after a name, a definite form.
      {"skånesjouren", {"skåne", "jour"}},
      {"coronavården", {"corona", "vård"}},
      {"gängpolisen", {"gäng", "polis"}},
      {"coronakriminaliteten", {"corona", "kriminalitet"}},
  };
  expect_second_lexicon_parts(*corpus, cases);
}

TEST_F(LexiconTest, SecondLexiconLeavesNonCompoundsWhole) {
  const auto corpus = analyzer_->with_lexicon(test_lexicon(*analyzer_));
  const char* const words[] = {
      // The issue's: "ansvaret" has no "svar", "förslagen" no "slag", "uppdraget" no
      // "drag", "kommunerna" no "mun".
      "ansvaret", "förslagen", "uppdraget", "kommunerna",
      // Ours: pieces that are frequent words of the archive ("rapp|orten", "förs|lagen",
      // "konst|aterade", "kort|are"), inflections, derivations.
      "rapporten", "konstaterade", "kortare", "betalningen", "polisens", "regionerna", "kriminella",
      "pandemier", "vårdnaden", "arbetena", "draget", "svaret"};
  for (const char* w : words) {
    EXPECT_EQ(show(corpus->compound_parts(w)), "{}") << w;
  }
}

// The other half of the second lexicon: no head is a word of this archive, but the
// tails' words are, in some form ("kriminalitet" for "…kriminaliteten"); the heads are
// base forms hunspell lets into compounds only as an end ("gäng"), or, in a word hunspell
// does not know, words it does not know either (names, loans). To tempt the splitter,
// frequent words that end other words ("läge": "ange|lägen"; "ringen": "rege|ringen").
std::shared_ptr<const CorpusLexicon> tail_lexicon(const Analyzer& analyzer) {
  CorpusLexicon::Counter counter(analyzer);
  const char* const texts[] = {
      "Kriminalitet kriminaliteten. Pandemin pandemi. Kommissionen kommission kommissionens.",
      "Regionen region. Polisen polis. Vården vård. Klimatet klimat. Brottet brott brotten.",
      "Läge lägen läget. Ringen ringen. Kapen kapen. Trollet troll. Roller roll. Arbetet arbetet.",
      "Lagen lagen. Slaget slag. Svaret svar. Draget drag. Orten orten. Munnen mun. Get get.",
  };
  // Twice each: a word seen once is not kept (kMinCount).
  for (const char* t : texts)
    for (int i = 0; i < 2; ++i) EXPECT_TRUE(counter.add_text(t).is_ok());
  return CorpusLexicon::from_counter(counter);
}

TEST_F(LexiconTest, SecondLexiconSplitsByTheTailsWord) {
  const auto corpus = analyzer_->with_lexicon(tail_lexicon(*analyzer_));
  const std::pair<const char*, std::vector<const char*>> cases[] = {
      {"gängkriminaliteten", {"gäng", "kriminalitet"}},
      {"coronapandemin", {"corona", "pandemi"}},
      {"coronakommissionens", {"corona", "kommission"}},
      {"skåneregionen", {"skåne", "region"}},
      {"covidpandemin", {"covid", "pandemi"}},
      {"gängbrotten", {"gäng", "brott"}},
      {"coronavården", {"corona", "vård"}},
  };
  expect_second_lexicon_parts(*corpus, cases);
  const char* const whole[] = {
      // A verb is no compound head ("ange|lägen"); a head hunspell knows only as a form
      // of another word ("förs|lagen"); pieces that are no words ("rege|ringen",
      // "kuns|kapen", "kont|rollen"); tails too short ("uppdra|get").
      "angelägen",  "förslagen", "regeringen", "kunskapen", "kontrollen", "uppdraget", "ansvaret",
      "kommunerna", "polisens",  "regionerna", "pandemier", "rapporten",  "kvinnorna"};
  for (const char* w : whole) EXPECT_EQ(show(corpus->compound_parts(w)), "{}") << w;
}

// Koehn and Knight's score keeps a frequent word that hunspell knows whole, but a word
// hunspell does not know has no reading as one word: split however often it occurs.
TEST_F(LexiconTest, SecondLexiconSplitsAFrequentUnknownCompound) {
  CorpusLexicon::Counter counter(*analyzer_);
  std::string text = "Corona corona. Pandemin pandemin. ";
  for (int i = 0; i < 20; ++i) text += "Coronapandemin. ";
  ASSERT_TRUE(counter.add_text(text).is_ok());
  const auto corpus = analyzer_->with_lexicon(CorpusLexicon::from_counter(counter));
  EXPECT_EQ(
      show(corpus->compound_parts("coronapandemin")),
      show({analyzer_->stem("corona"), analyzer_->stem("pandemi"), analyzer_->stem("pandemin")}));
}

TEST_F(LexiconTest, SerializedLexiconSplitsTheSame) {
  const auto lexicon = test_lexicon(*analyzer_);
  auto parsed = CorpusLexicon::parse(lexicon->serialize(), *analyzer_);
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed.value()->serialize(), lexicon->serialize());
  EXPECT_EQ(parsed.value()->frequency("skåne"), 4u);
  // "kommission" twice; "kommissionen", "kommissionens" once each, so not kept.
  EXPECT_EQ(parsed.value()->stem_frequency(analyzer_->stem("kommission")), 2u);
  EXPECT_EQ(parsed.value()->frequency("ansvaret"), 0u);  // seen once: not kept
  const auto a = analyzer_->with_lexicon(lexicon);
  const auto b = analyzer_->with_lexicon(parsed.value());
  for (const char* w : {"gängkriminaliteten", "skåneregionen", "ansvaret", "socialtjänsten"})
    EXPECT_EQ(a->compound_parts(w), b->compound_parts(w)) << w;
  EXPECT_FALSE(CorpusLexicon::parse("skåne x\n", *analyzer_).is_ok());
  EXPECT_FALSE(CorpusLexicon::parse("skåne\n", *analyzer_).is_ok());
}

TEST_F(LexiconTest, FoldedFormsOfPartsAreTheFoldedStems) {
  // The index adds a part's folded form (terms.h); the analyzer gives the parts' stems.
  const auto parts = analyzer_->compound_parts("överskuldsättningsfrågan");
  ASSERT_FALSE(parts.empty());
  EXPECT_NE(std::find(parts.begin(), parts.end(), analyzer_->stem("överskuldsättning")),
            parts.end())
      << show(parts);
  EXPECT_EQ(analyzer_->fold(analyzer_->stem("överskuldsättning")),
            analyzer_->stem("overskuldsattning"));
}

}  // namespace
}  // namespace fss
