// Snowball conformance: every word of the Snowball project's Swedish vocabulary stems
// to the matching line of its output file (../shared/testdata/snowball-swedish), after
// the one rule fss-search adds (src/swedish_stem.h: "platser" -> "plat", like "plats").
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "fss/analyzer.h"
#include "swedish_stem.h"

namespace fss {
namespace {

TEST(SnowballTest, SwedishVocabularyStemsToOutput) {
  const std::string dir = std::string(FSS_SHARED_DIR) + "/testdata/snowball-swedish/";
  std::ifstream voc(dir + "voc.txt");
  std::ifstream output(dir + "output.txt");
  ASSERT_TRUE(voc && output) << "cannot read " << dir;
  AnalyzerOptions options;
  options.compounds = false;
  auto analyzer = Analyzer::create(options);
  ASSERT_TRUE(analyzer.is_ok()) << analyzer.status().to_string();
  std::string word, expected;
  size_t words = 0, mismatches = 0, unified = 0;
  while (std::getline(voc, word)) {
    ASSERT_TRUE(std::getline(output, expected)) << "output.txt ends before voc.txt";
    ++words;
    const std::string snowball = expected;
    expected = analysis::unify_s_stem(word, expected);
    if (expected != snowball) ++unified;
    const std::string got = (*analyzer)->stem(word);
    if (got != expected && ++mismatches <= 20) {
      ADD_FAILURE() << "word: " << word << " stem: " << got << " want: " << expected;
    }
  }
  EXPECT_FALSE(std::getline(output, expected)) << "output.txt has more lines than voc.txt";
  EXPECT_EQ(words, 30623u);
  EXPECT_EQ(mismatches, 0u);
  // The added rule touches few words, not Snowball at large (doc/design.md).
  EXPECT_EQ(unified, 287u);
}

}  // namespace
}  // namespace fss
