// Snowball conformance: libstemmer stems every word of the Snowball project's Swedish
// vocabulary to the matching line of its output file (../shared/testdata/snowball-swedish),
// and Analyzer::stem() is exactly swedish_stem() over it (src/analysis/swedish_stem.h), which
// changes few of those words.
#include <gtest/gtest.h>
#include <libstemmer.h>

#include <fstream>
#include <memory>
#include <string>

#include "fss/analyzer.h"
#include "analysis/swedish_stem.h"

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
  std::unique_ptr<sb_stemmer, void (*)(sb_stemmer*)> stemmer(sb_stemmer_new("swedish", "UTF_8"),
                                                             sb_stemmer_delete);
  ASSERT_NE(stemmer, nullptr);
  const auto snowball = [&](std::string_view w) {
    const sb_symbol* out = sb_stemmer_stem(
        stemmer.get(), reinterpret_cast<const sb_symbol*>(w.data()), static_cast<int>(w.size()));
    return std::string(reinterpret_cast<const char*>(out),
                       static_cast<size_t>(sb_stemmer_length(stemmer.get())));
  };
  std::string word, expected;
  size_t words = 0, mismatches = 0, changed = 0;
  while (std::getline(voc, word)) {
    ASSERT_TRUE(std::getline(output, expected)) << "output.txt ends before voc.txt";
    ++words;
    const std::string raw = snowball(word);
    const std::string ours = analysis::swedish_stem(word, snowball);
    const std::string got = (*analyzer)->stem(word);
    if ((raw != expected || got != ours) && ++mismatches <= 20) {
      ADD_FAILURE() << "word: " << word << " snowball: " << raw << " want: " << expected
                    << "; stem(): " << got << " want: " << ours;
    }
    changed += ours != raw;
  }
  EXPECT_FALSE(std::getline(output, expected)) << "output.txt has more lines than voc.txt";
  EXPECT_EQ(words, 30623u);
  EXPECT_EQ(mismatches, 0u);
  // The rules of ours touch few words, not Snowball at large (doc/design.md).
  EXPECT_GT(changed, 0u);
  EXPECT_LT(changed, words / 10) << changed << " words changed";
  std::printf("swedish_stem() differs from Snowball on %zu of %zu words\n", changed, words);
}

}  // namespace
}  // namespace fss
