// Private to the analyzer: Swedish compound splitting with hunspell sv_SE as the lexicon.
// doc/design.md ("Analysis chain") states the rules and their known failures.
//
// Thread-safety: parts() may be called from any number of threads; hunspell itself is
// not thread-safe: each instance (one per hardware thread at most) is used under its own
// mutex. Results are cached per distinct word in a cache of bounded size (words that
// were not used lately are dropped first), so each vocabulary word in use consults the
// lexicon once, and random words (queries) cannot grow the cache past its bound. Each
// hunspell instance also remembers its answers about the strings a split asks of it
// (heads and tails recur across compounds), bounded too. A word whose split would cost
// more than a fixed number of hunspell calls is left whole; remembered answers are charged
// as if asked, so a word's parts never depend on the words analysed before it.
#ifndef FSS_SRC_COMPOUND_SPLITTER_H_
#define FSS_SRC_COMPOUND_SPLITTER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fss/status.h"

namespace fss {
class CorpusLexicon;
}

namespace fss::analysis {

class CompoundSplitter {
 public:
  using StemFn = std::function<std::string(std::string_view)>;

  // Cached words at most (a few hundred bytes each).
  static constexpr size_t kDefaultCacheEntries = 500000;

  // Errors: kNotFound when either dictionary file cannot be opened.
  static Result<std::unique_ptr<CompoundSplitter>> create(
      const std::string& aff_path, const std::string& dic_path,
      size_t cache_entries = kDefaultCacheEntries);
  ~CompoundSplitter();
  CompoundSplitter(const CompoundSplitter&) = delete;
  CompoundSplitter& operator=(const CompoundSplitter&) = delete;

  // What the lexicons say about one normalized word, computed once per distinct word
  // (and second lexicon) and cached.
  struct WordInfo {
    // The stems of its compound parts, as parts() gives them.
    std::vector<std::string> parts;
    // The stems of its dictionary lemmas (hunspell's analysis) other than the word's own
    // stem: "föräldrar" -> stem("förälder"), "skrev" -> stem("skriva"). Empty mostly.
    std::vector<std::string> lemmas;
  };
  // Words of letters only, 2 to 40 letters; anything else gets an empty WordInfo.
  // `corpus`: the second lexicon for compounds the first leaves whole; null for none.
  WordInfo lookup(std::string_view norm, const StemFn& stem, const CorpusLexicon* corpus) const;

  // The stems (by `stem`) of the compound parts of the normalized word `norm`: the
  // immediate parts and, recursively, the parts of the parts, deduplicated, in reading
  // order. Empty when `norm` is not a compound. `stem` must be a pure function (the
  // result is cached by word alone).
  std::vector<std::string> parts(std::string_view norm, const StemFn& stem) const;

  // True when hunspell accepts `word` as written (case matters for names: "Karlstad"):
  // "is this a Swedish word?", for the speller, which never "corrects" a lexicon word.
  // Asked of the same engines as the splits, and remembered by them.
  bool known(std::string_view word) const;

  // Entries in the cache now (never more than the cache_entries of create()).
  size_t cache_size() const;

 private:
  struct Impl;
  explicit CompoundSplitter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fss::analysis

#endif  // FSS_SRC_COMPOUND_SPLITTER_H_
