// Synonyms: the file format and its errors, stem matching, case rules for mixed-case
// abbreviations, multi-word forms, on corpus/synonyms.txt and on small files.
#include "analysis/synonyms.h"

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fss/analyzer.h"

namespace fss {
namespace {

class SynonymsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Analyzer::create();
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    analyzer_ = std::move(created.value());
    auto loaded = Synonyms::load(FSS_SOURCE_DIR "/corpus/synonyms.txt", *analyzer_);
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    corpus_ = std::make_unique<Synonyms>(std::move(loaded.value()));
  }
  static void TearDownTestSuite() {
    corpus_.reset();
    analyzer_.reset();
  }
  // "group@begin+length" for every match in `text`, sorted.
  static std::set<std::string> matches(const Synonyms& synonyms, const std::string& text) {
    std::vector<Token> tokens;
    EXPECT_TRUE(analyzer_->analyze(text, &tokens).is_ok()) << text;
    std::set<std::string> out;
    for (const Synonyms::Match& m : synonyms.find(tokens))
      out.insert(m.group + "@" + std::to_string(m.begin) + "+" + std::to_string(m.length));
    return out;
  }
  static std::unique_ptr<Analyzer> analyzer_;
  static std::unique_ptr<Synonyms> corpus_;
};
std::unique_ptr<Analyzer> SynonymsTest::analyzer_;
std::unique_ptr<Synonyms> SynonymsTest::corpus_;

TEST_F(SynonymsTest, CorpusFileGroups) {
  struct Case {
    const char* text;
    std::set<std::string> want;
  };
  const Case cases[] = {
      // af = AF = Arbetsförmedlingen, any case, inflected.
      {"af", {"af@0+1"}},
      {"AF", {"af@0+1"}},
      {"Arbetsförmedlingen", {"af@0+1"}},
      {"arbetsförmedlingens handläggare", {"af@0+1"}},
      {"ARBETSFÖRMEDLINGEN", {"af@0+1"}},
      // SoL is mixed case: only "SoL" (and its inflection after a colon), never "sol".
      {"SoL", {"sol@0+1"}},
      {"enligt SoL:s regler", {"sol@1+1"}},
      {"sol", {}},
      {"Sol", {}},
      {"SOL", {}},
      {"solen skiner", {}},
      {"socialtjänstlagen", {"sol@0+1"}},
      {"Socialtjänstlagens krav", {"sol@0+1"}},
      // Multi-word forms: adjacent words, any case, inflected; SKL and SKR in one group.
      {"Sveriges Kommuner och Regioner", {"skl@0+4"}},
      {"sveriges kommuner och regioner", {"skl@0+4"}},
      {"Sveriges Kommuner och Landsting", {"skl@0+4"}},
      {"SKR", {"skl@0+1"}},
      {"en SKL-skrivelse", {"skl@1+1"}},
      {"Kommuner och Regioner", {}},
      {"Sveriges kommuner, regioner och landsting", {}},
      // FSS: the long form has capitals only at word starts: it matches in any case.
      {"Föreningen Sveriges socialchefer", {"fss@0+3"}},
      {"föreningen sveriges socialchefer", {"fss@0+3"}},
      {"FSS:s styrelse", {"fss@0+1"}},
      // More groups of the file.
      {"IVO", {"ivo@0+1"}},
      {"Inspektionen för vård och omsorg", {"ivo@0+5"}},
      {"SiS", {"sis@0+1"}},
      {"sis", {}},
      {"Statens institutionsstyrelse", {"sis@0+2"}},
      {"ESN-konferensen", {"esn@0+1"}},
      {"Europeiska socialchefsnätverket", {"esn@0+2"}},
      {"FoU", {"fou@0+1"}},
      {"fou", {}},
      {"Socialstyrelsen", {"sos@0+1"}},
      {"SOS Alarm", {}},
      // Overlaps are all reported.
      {"af och SoL", {"af@0+1", "sol@2+1"}},
  };
  for (const Case& c : cases) EXPECT_EQ(matches(*corpus_, c.text), c.want) << c.text;
  EXPECT_GE(corpus_->group_count(), 10u);
}

TEST_F(SynonymsTest, SmallFile) {
  auto parsed = Synonyms::parse(
      "# comment\n\n  bil = automobil   # trailing comment\nHVB = hem för vård eller boende\n",
      *analyzer_, "s.txt");
  ASSERT_TRUE(parsed.is_ok()) << parsed.status().to_string();
  EXPECT_EQ(parsed->group_count(), 2u);
  EXPECT_EQ(matches(*parsed, "bilar"), std::set<std::string>{"bil@0+1"});
  EXPECT_EQ(matches(*parsed, "Automobilen"), std::set<std::string>{"bil@0+1"});
  EXPECT_EQ(matches(*parsed, "placerad på ett hem för vård eller boende"),
            std::set<std::string>{"hvb@3+5"});
  EXPECT_EQ(matches(*parsed, "hem för vård"), std::set<std::string>{});
  EXPECT_EQ(matches(Synonyms(), "bil"), std::set<std::string>{});
}

TEST_F(SynonymsTest, ParseErrorsNameFileAndLine) {
  struct Case {
    const char* text;
    const char* error;
  };
  const Case cases[] = {
      {"bil\n", "s.txt:1: a group needs two forms"},
      {"# c\nbil = automobil\nbil\n", "s.txt:3: a group needs two forms"},
      {"bil =\n", "s.txt:1: empty form"},
      {"= bil\n", "s.txt:1: empty form"},
      {"bil == automobil\n", "s.txt:1: empty form"},
      {"a = b\n\n… = bil\n", "s.txt:3: form has no words: '…'"},
      {"bil = \xff\n", "s.txt:1: invalid UTF-8"},
      {"bil = automobil\nbilar = vagn\n",
       "s.txt:2: a group starting with 'bil' is already defined"},
  };
  for (const Case& c : cases) {
    auto parsed = Synonyms::parse(c.text, *analyzer_, "s.txt");
    ASSERT_FALSE(parsed.is_ok()) << c.text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(parsed.status().message().find(c.error), std::string::npos)
        << c.text << "\n got: " << parsed.status().message() << "\n want: " << c.error;
  }
}

TEST_F(SynonymsTest, LoadNamesAMissingFile) {
  auto loaded = Synonyms::load("/nonexistent/synonyms.txt", *analyzer_);
  ASSERT_FALSE(loaded.is_ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find("/nonexistent/synonyms.txt"), std::string::npos);
}

}  // namespace
}  // namespace fss
