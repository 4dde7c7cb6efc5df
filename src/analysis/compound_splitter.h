// Private to the analyzer: Swedish compound splitting with hunspell sv_SE as the lexicon.
// doc/design.md ("Analysis chain") states the rules and their known failures.
//
// Thread-safety: parts() may be called from any number of threads; hunspell itself is
// not thread-safe and is used under a mutex, and results are cached per distinct word
// behind a shared_mutex, so each vocabulary word consults the lexicon once.
#ifndef FSS_SRC_COMPOUND_SPLITTER_H_
#define FSS_SRC_COMPOUND_SPLITTER_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fss/status.h"

namespace fss::analysis {

class CompoundSplitter {
 public:
  using StemFn = std::function<std::string(std::string_view)>;

  // Errors: kNotFound when either dictionary file cannot be opened.
  static Result<std::unique_ptr<CompoundSplitter>> create(const std::string& aff_path,
                                                          const std::string& dic_path);
  ~CompoundSplitter();
  CompoundSplitter(const CompoundSplitter&) = delete;
  CompoundSplitter& operator=(const CompoundSplitter&) = delete;

  // The stems (by `stem`) of the compound parts of the normalized word `norm`: the
  // immediate parts and, recursively, the parts of the parts, deduplicated, in reading
  // order. Empty when `norm` is not a compound. `stem` must be a pure function (the
  // result is cached by word alone).
  std::vector<std::string> parts(std::string_view norm, const StemFn& stem) const;

  // The immediate split of `norm` into surface parts as written in the word, linking
  // letters included ("tillits", "delegationen"), or empty. Uncached; for tests and
  // for `fss-index analyze` debugging.
  std::vector<std::string> split(std::string_view norm) const;

 private:
  struct Impl;
  explicit CompoundSplitter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fss::analysis

#endif  // FSS_SRC_COMPOUND_SPLITTER_H_
