// The analysis chain without compounds (tests/analyzer_compound_test.cc has those):
// word breaking, offsets, positions, normalisation, stop words, stems, folding, JSON.
#include "fss/analyzer.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace fss {
namespace {

class AnalyzerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AnalyzerOptions options;
    options.compounds = false;
    auto created = Analyzer::create(options);
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    analyzer_ = std::move(created.value());
  }
  static void TearDownTestSuite() {
    analyzer_.reset();
    analyzer_ = nullptr;
  }

  static std::vector<Token> analyze(const std::string& text) {
    std::vector<Token> tokens;
    const Status status = analyzer_->analyze(text, &tokens);
    EXPECT_TRUE(status.is_ok()) << text << ": " << status.to_string();
    return tokens;
  }
  static std::vector<std::string> norms(const std::string& text) {
    std::vector<std::string> out;
    for (const Token& t : analyze(text)) out.push_back(t.norm);
    return out;
  }
  static std::string term(const Token& t, TermKind kind) {
    for (const Term& term : t.terms) {
      if (term.kind == kind) return term.text;
    }
    return "<none>";
  }

  static std::unique_ptr<Analyzer> analyzer_;
};

std::unique_ptr<Analyzer> AnalyzerTest::analyzer_;

struct BreakCase {
  std::string input;
  std::vector<std::string> norms;
};

TEST_F(AnalyzerTest, BreaksSwedishWords) {
  const BreakCase cases[] = {
      {"", {}},
      {"Första linjen", {"första", "linjen"}},
      {"FSS:s ordförande", {"fss:s", "ordförande"}},
      {"EU:s regler", {"eu:s", "regler"}},
      {"ökade med 3,3 procent 2018", {"ökade", "med", "3,3", "procent", "2018"}},
      {"Gävle-Dala", {"gävle", "dala"}},
      {"SKL-skrivelse", {"skl", "skrivelse"}},
      {"den 30-31 maj", {"den", "30", "31", "maj"}},
      {"a – b ” c … d", {"a", "b", "c", "d"}},
      {"”Tillit” …", {"tillit"}},
      {"skriv till x.y@z.se i dag", {"skriv", "till", "i", "dag"}},
      {"name@x.se' skrev", {"skrev"}},
      {"kontakta anna.svensson@botkyrka.se.", {"kontakta"}},
      {"STRASSE Straße", {"strasse", "strasse"}},
      {"fo\xCC\x88rsta", {"första"}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(norms(c.input), c.norms) << "input: " << c.input;
  }
}

TEST_F(AnalyzerTest, NumbersAreFlagged) {
  const std::pair<std::string, bool> cases[] = {
      {"2018", true}, {"3,3", true}, {"30", true}, {"1.5", true}, {"år", false}, {"FSS:s", false},
  };
  for (const auto& [input, number] : cases) {
    const auto tokens = analyze(input);
    ASSERT_EQ(tokens.size(), 1u) << "input: " << input;
    EXPECT_EQ(tokens[0].number, number) << "input: " << input;
  }
}

TEST_F(AnalyzerTest, OffsetsAndPositions) {
  const std::string text = "Gävle-Dala, skriv x@y.se och ”FSS:s” möte";
  const auto tokens = analyze(text);
  const std::vector<std::string> words = {"Gävle", "Dala", "skriv", "och", "FSS:s", "möte"};
  ASSERT_EQ(tokens.size(), words.size()) << text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].text, words[i]) << text;
    EXPECT_EQ(text.substr(tokens[i].start, tokens[i].end - tokens[i].start), words[i]) << text;
    // E-mail addresses take no position: positions stay consecutive.
    EXPECT_EQ(tokens[i].position, i) << text;
  }
  std::vector<Token> more;
  ASSERT_TRUE(analyzer_->analyze("två ord", &more, 100).is_ok());
  ASSERT_EQ(more.size(), 2u);
  EXPECT_EQ(more[0].position, 100u);
  EXPECT_EQ(more[1].position, 101u);
}

TEST_F(AnalyzerTest, NfdEqualsNfcWithOriginalOffsets) {
  const std::string nfc = "Första linjens möten";
  const std::string nfd = "Fo\xCC\x88rsta linjens mo\xCC\x88ten";
  const auto a = analyze(nfc);
  const auto b = analyze(nfd);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].norm, b[i].norm) << nfd;
    EXPECT_EQ(a[i].terms, b[i].terms) << nfd;
    EXPECT_EQ(nfd.substr(b[i].start, b[i].end - b[i].start), b[i].text) << nfd;
  }
  EXPECT_EQ(b[0].text, "Fo\xCC\x88rsta");
  EXPECT_EQ(b[1].start, 9u);  // after the 8 bytes of the NFD "Första" and a space
}

TEST_F(AnalyzerTest, InvalidUtf8LeavesOutputUnchanged) {
  std::vector<Token> tokens;
  ASSERT_TRUE(analyzer_->analyze("ett", &tokens).is_ok());
  const Status status = analyzer_->analyze("bra \xFF ord", &tokens);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "invalid UTF-8 at byte 4");
  EXPECT_EQ(tokens.size(), 1u);
}

struct TermCase {
  std::string input;
  std::string exact, stem, folded;
  bool stopword;
};

TEST_F(AnalyzerTest, TermsOfOneWord) {
  const TermCase cases[] = {
      {"Socialtjänsten", "socialtjänsten", "socialtjänst", "socialtjanst", false},
      {"första", "första", "först", "forst", false},
      {"för", "för", "för", "for", true},
      {"och", "och", "och", "och", true},
      {"inte", "inte", "int", "int", true},
      {"FSS:s", "fss:s", "fss", "fss", false},
      {"Café", "café", "café", "cafe", false},
      {"Müller", "müller", "müller", "muller", false},
      {"Ærø", "ærø", "ærø", "aero", false},
      {"Øresund", "øresund", "øresund", "oresund", false},
      {"2018", "2018", "2018", "2018", false},
  };
  for (const auto& c : cases) {
    const auto tokens = analyze(c.input);
    ASSERT_EQ(tokens.size(), 1u) << "input: " << c.input;
    const Token& t = tokens[0];
    EXPECT_EQ(t.terms.front().kind, TermKind::kExact) << "input: " << c.input;
    EXPECT_EQ(term(t, TermKind::kExact), c.exact) << "input: " << c.input;
    EXPECT_EQ(term(t, TermKind::kStem), c.stem) << "input: " << c.input;
    EXPECT_EQ(term(t, TermKind::kFolded), c.folded) << "input: " << c.input;
    EXPECT_EQ(t.terms.back().kind, TermKind::kFolded) << "input: " << c.input;
    EXPECT_EQ(t.stopword, c.stopword) << "input: " << c.input;
  }
}

// Snowball gives a noun's base form and its inflected forms different stems where the
// base form ends like a suffix ("plats" -> "plat", "platser" -> "plats") or the form is
// one it has no rule for ("beslutet", "frågan"); the analyzer unifies them
// (src/analysis/swedish_stem.h). Each row: words that must share one stem.
TEST_F(AnalyzerTest, InflectionsOfANounShareAStem) {
  const std::vector<std::vector<std::string>> groups = {
      {"plats", "platser", "platsen", "platserna", "platsernas", "platsens"},
      {"insats", "insatser", "insatsen", "insatserna"},
      {"konferens", "konferensen", "konferenser"},
      {"kompetens", "kompetensen", "kompetenser"},
      {"gräns", "gränser", "gränsen", "gränserna"},
      {"resurs", "resurser", "resursen", "resurserna"},
      {"konsekvens", "konsekvenser", "konsekvensen"},
      {"kurs", "kurser", "kursen"},
      {"evidens", "evidensen"},
      {"kalas", "kalaser", "kalasen"},
      // -ad, -at, -or nouns: Snowball strips the base form's ending only.
      {"kostnad", "kostnader", "kostnaden", "kostnadernas", "kostnads"},
      {"månad", "månader", "månaden", "månads"},
      {"resultat", "resultaten", "resultatet"},
      {"faktor", "faktorer", "faktorerna"},
      // The definite neuter -et, which Snowball has no rule for, and its genitive.
      {"beslut", "beslutet", "beslutets", "besluten"},
      {"område", "området", "områdets", "områden"},
      {"arbete", "arbetet", "arbetets", "arbeta"},
      {"samhälle", "samhället", "samhällets"},
      {"möte", "mötet", "möten"},
      {"ansvar", "ansvaret"},
      {"budget", "budgeten", "budgetar"},
      {"kvalitet", "kvaliteten", "kvaliteter"},
      // The definite -n of nouns in -a.
      {"fråga", "frågan", "frågans", "frågor", "frågorna"},
      {"hälsa", "hälsan", "hälsans"},
      {"skola", "skolan", "skolor"},
      {"tjänsteman", "tjänstemannen"},
      // Nouns and adjectives in -el that drop the e when inflected.
      {"regel", "regeln", "regler", "reglerna", "regelns"},
      {"exempel", "exemplet", "exemplen"},
      {"artikel", "artikeln", "artiklar"},
      {"enkel", "enkla"},
      {"medel", "medlen"},
      // Unchanged by the rule: Snowball already gave these one stem.
      {"barn", "barns", "barnen", "barnens"},
      {"process", "processer", "processen"},
      {"kris", "kriser", "krisen"},
  };
  for (const auto& group : groups) {
    const std::string first = analyzer_->stem(group.front());
    for (const std::string& word : group) {
      EXPECT_EQ(analyzer_->stem(word), first) << "word: " << word << " vs " << group.front();
    }
  }
}

// Words the added rules must leave alone: an s that Snowball kept after a suffix that is
// not a first-step one is a linking s ("barnslig" is not "barn"); -es is not unified
// ("resa" is a word, not "r" + -es + -a); an ending outside R1 stays ("ansen": "ans",
// "staden": "stad", "spel"); -ens may be the word's own ("kompetens"); -man is not a
// definite -n; -ell is not -el.
TEST_F(AnalyzerTest, TheAddedRulesKeepOtherStems) {
  const std::pair<std::string, std::string> cases[] = {
      {"barnslig", "barns"},
      {"barnsligt", "barns"},
      {"kroppslig", "kropps"},
      {"planeringsdagar", "planeringsdag"},
      {"kompetens", "kompet"},
      {"kompetensen", "kompet"},
      {"tjänsteman", "tjänsteman"},
      {"plan", "plan"},
      {"spel", "spel"},
      {"modellen", "modell"},
      {"staden", "stad"},
      {"barnet", "barn"},
      {"hus", "hus"},
      {"hemresa", "hemres"},
      {"fokus", "fokus"},
      {"status", "status"},
      {"processer", "process"},
      {"fss:s", "fss"},
      {"ansen", "ans"},
  };
  for (const auto& [word, want] : cases) {
    EXPECT_EQ(analyzer_->stem(word), want) << "word: " << word;
  }
}

TEST_F(AnalyzerTest, SingleWordHelpers) {
  EXPECT_EQ(analyzer_->normalize("ÅSA"), "åsa");
  EXPECT_EQ(analyzer_->normalize("A\xCC\x8As"), "ås");  // NFD Å
  EXPECT_EQ(analyzer_->stem("planeringsdagar"), "planeringsdag");
  EXPECT_EQ(analyzer_->fold("åäöéèüæø"), "aaoeeuaeo");
  EXPECT_TRUE(analyzer_->is_stopword("och"));
  EXPECT_FALSE(analyzer_->is_stopword("tillit"));
  EXPECT_TRUE(analyzer_->compound_parts("socialtjänstlagen").empty());  // compounds off
}

TEST_F(AnalyzerTest, JsonShowsTokensAndKinds) {
  const std::string json = tokens_to_json(analyze("Första"));
  EXPECT_EQ(json, R"({"tokens":[{"token":"Första","norm":"första","start":0,"end":7,"position":0,)"
                  R"("stopword":false,"number":false,"terms":[{"term":"första","kind":"exact"},)"
                  R"({"term":"först","kind":"stem"},{"term":"forst","kind":"folded"}]}]})");
  EXPECT_STREQ(term_kind_name(TermKind::kCompound), "compound");
}

TEST(AnalyzerCreateTest, MissingStopwordFileIsNotFound) {
  AnalyzerOptions options;
  options.compounds = false;
  options.stopwords_path = "/nonexistent/sv.txt";
  EXPECT_EQ(Analyzer::create(options).status().code(), StatusCode::kNotFound);
}

TEST(AnalyzerCreateTest, MissingDictionaryIsNotFound) {
  AnalyzerOptions options;
  options.hunspell_dic = "/nonexistent/sv_SE.dic";
  EXPECT_EQ(Analyzer::create(options).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace fss
