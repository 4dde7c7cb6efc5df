// The archive's own vocabulary, as a second lexicon for compound splitting: how often
// each word occurs as a word of its own. hunspell sv_SE does not license every head a
// compound of the archive has ("gäng|kriminaliteten", "Skåne|regionen",
// "corona|pandemin"); a head that the archive uses as a word of its own, or a tail whose
// word the archive uses in any of its forms, often enough (Koehn and Knight's
// frequency-based splitting), does. doc/design.md ("Compound splitting", "The second
// lexicon") has the rules.
//
// One lexicon belongs to one index generation: the build counts the archive before it
// writes a document, stores serialize() in the generation, and the searcher of that
// generation parses it back, so a word is split the same way at index and query time.
//
// Thread-safety: a Counter is single-threaded (merge counters of several threads); a
// CorpusLexicon is immutable after it is made and may be shared by any number of threads.
#ifndef FSS_CORPUS_LEXICON_H_
#define FSS_CORPUS_LEXICON_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "fss/status.h"

namespace fss {

class Analyzer;

class CorpusLexicon {
 public:
  // Words below this count are not kept: a word seen once is as likely a typo as a word.
  static constexpr uint64_t kMinCount = 2;

  // Counts the words of texts as the analyzer breaks and normalizes them: words of
  // letters only, not stop words, not numbers.
  class Counter {
   public:
    explicit Counter(const Analyzer& analyzer) : analyzer_(&analyzer) {}
    // Errors: kInvalidArgument on invalid UTF-8 (nothing is counted then).
    Status add_text(std::string_view text);
    void merge(const Counter& other);
    const std::unordered_map<std::string, uint64_t>& counts() const { return counts_; }
    const Analyzer& analyzer() const { return *analyzer_; }

   private:
    const Analyzer* analyzer_;
    std::unordered_map<std::string, uint64_t> counts_;
  };

  CorpusLexicon() = default;
  // The words of `counter` counted at least kMinCount times.
  static std::shared_ptr<const CorpusLexicon> from_counter(const Counter& counter);
  // Parses what serialize() wrote; `analyzer` stems the words for stem_frequency() (any
  // analyzer: stems do not depend on a lexicon). Errors: kCorruption naming the line.
  static Result<std::shared_ptr<const CorpusLexicon>> parse(std::string_view text,
                                                            const Analyzer& analyzer);
  // "word count\n" per word, sorted by word: the same lexicon gives the same bytes.
  std::string serialize() const;

  // How often the normalized word occurred in the archive; 0 when not at all (or less
  // than kMinCount times).
  uint64_t frequency(std::string_view norm_word) const;
  // How often the kept words with this stem (Analyzer::stem) occurred, all forms
  // together: "kriminalitet" and "kriminaliteten" count for one stem.
  uint64_t stem_frequency(std::string_view stem) const;
  size_t size() const { return counts_.size(); }
  // Unique per lexicon object made in this process: a cache key.
  uint64_t id() const { return id_; }

 private:
  // Derives stem_counts_ from counts_ (both constructors: the same words give the same
  // stem counts, at index and at query time).
  void count_stems(const Analyzer& analyzer);

  std::unordered_map<std::string, uint64_t> counts_;
  std::unordered_map<std::string, uint64_t> stem_counts_;
  uint64_t id_ = 0;
};

}  // namespace fss

#endif  // FSS_CORPUS_LEXICON_H_
