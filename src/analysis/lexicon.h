// Private to the analyzer: "is this a Swedish word?", asked of the hunspell sv_SE
// lexicon. The speller uses it so that a word the lexicon knows is never "corrected" to
// an archive word that looks like it.
//
// Thread-safety: known() may be called from any number of threads (hunspell is not
// thread-safe and is used under a mutex; answers are cached, the cache bounded).
#ifndef FSS_SRC_ANALYSIS_LEXICON_H_
#define FSS_SRC_ANALYSIS_LEXICON_H_

#include <memory>
#include <string>
#include <string_view>

#include "fss/status.h"

namespace fss::analysis {

class Lexicon {
 public:
  // Errors: kNotFound when either dictionary file cannot be read.
  static Result<std::unique_ptr<Lexicon>> create(const std::string& aff_path,
                                                 const std::string& dic_path);
  ~Lexicon();
  Lexicon(const Lexicon&) = delete;
  Lexicon& operator=(const Lexicon&) = delete;

  // True when hunspell accepts `word` as written (case matters for names: "Karlstad").
  bool known(std::string_view word) const;

 private:
  struct Impl;
  explicit Lexicon(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fss::analysis

#endif  // FSS_SRC_ANALYSIS_LEXICON_H_
