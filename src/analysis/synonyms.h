// Synonyms and abbreviations that FSS texts use (corpus/synonyms.txt), so that either
// form finds the other: "af" and "Arbetsförmedlingen", "SKR" and "Sveriges Kommuner och
// Regioner".
//
// File format: one group a line, its forms separated by " = ", '#' starts a comment:
//   af = Arbetsförmedlingen
//   SKL = SKR = Sveriges Kommuner och Regioner
// A form matches a run of words by their stems (so inflected forms match too). A form
// written in mixed case, an upper-case letter after a lower-case one ("SoL", "FoU"),
// matches only where the text has it in that exact case, so the abbreviation does not
// fire on "sol" (sun); lower-case, upper-case and capitalised forms ("Arbetsförmedlingen")
// match any case. Errors: a group with fewer than two forms, an empty form, a form with no
// words, two groups with the same first form.
//
// How it is applied: the indexer gives a document the group's term (schema::kSynonym)
// wherever any form occurs; the searcher adds that term as an alternative to a query
// word or phrase that is a form. Thread-safety: immutable after load(); share freely.
#ifndef FSS_SYNONYMS_H_
#define FSS_SYNONYMS_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fss/analyzer.h"
#include "fss/status.h"

namespace fss {

class Synonyms {
 public:
  struct Match {
    size_t begin = 0;   // index of the first token of the match
    size_t length = 0;  // tokens matched
    std::string group;  // the group's key, unique in the file
  };

  Synonyms() = default;  // no groups

  // Errors name the line: "corpus/synonyms.txt:4: a group needs two forms".
  static Result<Synonyms> parse(std::string_view text, const Analyzer& analyzer,
                                const std::string& source_name = "synonyms");
  // Errors: kNotFound / kIoError when the file cannot be read, else as parse().
  static Result<Synonyms> load(const std::string& path, const Analyzer& analyzer);

  // Every occurrence of every form in `tokens` (tokens of one text, in order). Overlapping
  // matches are all reported.
  std::vector<Match> find(const std::vector<Token>& tokens) const;

  size_t group_count() const { return group_count_; }

 private:
  struct Form {
    std::vector<std::string> stems;     // one per word
    std::vector<std::string> original;  // the words as written, checked when case_sensitive
    bool case_sensitive = false;
    std::string group;
  };
  // Forms by the stem of their first word.
  std::unordered_map<std::string, std::vector<Form>> by_first_;
  size_t group_count_ = 0;
};

}  // namespace fss

#endif  // FSS_SYNONYMS_H_
