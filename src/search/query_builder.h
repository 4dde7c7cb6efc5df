// Private to the core library: a user's query as a Xapian::Query over the schema, plus
// what the snippet maker must highlight and what the speller may correct.
#ifndef FSS_SRC_QUERY_BUILDER_H_
#define FSS_SRC_QUERY_BUILDER_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "fss/analyzer.h"
#include "analysis/synonyms.h"

namespace fss {

// Forms whose occurrence in a document's text counts as a match (for <mark>).
struct HighlightSet {
  std::unordered_set<std::string> exact;   // normalized words
  std::unordered_set<std::string> stems;   // stems of the words (also found as compound parts)
  std::unordered_set<std::string> folded;  // folded stems
  std::vector<std::string> prefixes;       // normalized prefixes (word*)
  std::vector<std::string> folded_prefixes;
  // Synonym groups the query asked for ("SKR" marks "SKL" in the text); looked up with
  // `synonyms`, which must outlive the set.
  std::unordered_set<std::string> synonym_groups;
  const Synonyms* synonyms = nullptr;
  bool empty() const {
    return exact.empty() && stems.empty() && prefixes.empty() && synonym_groups.empty();
  }
  // True when `token` is one of the query's words in any form.
  bool matches(const Token& token) const;
};

// A positive free-text word of the query, which the speller may replace.
struct QueryWord {
  std::string norm;
  std::vector<std::string> lookup_terms;   // the word in any form (terms::lookup_terms)
  std::vector<std::string> synonym_terms;  // a word found through a synonym is not misspelt
  size_t start = 0, end = 0;               // bytes in the query string
};

struct BuiltQuery {
  // What is ranked: the required conjuncts AND_MAYBE the boost, AND_NOT the exclusions.
  Xapian::Query query;
  // The same match set without the parts that only weigh (proximity, the post boost of a
  // title: query): what counting the matches needs.
  Xapian::Query match;
  // The pieces `query` and `match` are composed of, for a caller that relaxes the query:
  // one conjunct per group of the query (a word in its forms, a phrase, an OR group, the
  // words of a multi-word synonym), the weight-only boost, the exclusions (empty when
  // none).
  std::vector<Xapian::Query> required;
  Xapian::Query boost;
  Xapian::Query excluded;
  bool browse = false;         // no positive clause: every document (filters still apply)
  bool match_nothing = false;  // only exclusions: nothing to rank
  // The query is one free word (in its forms and synonyms), exclusions aside: a match the
  // matcher can cut short by weight (the Searcher counts such matches apart).
  bool single_word = false;
  HighlightSet highlight;
  std::vector<QueryWord> words;

  // Sets `query` and `match` from `conjuncts` (all of `required`, or some of them), the
  // boost and the exclusions.
  void compose(const std::vector<Xapian::Query>& conjuncts);
};

// Relative weights (see doc/design.md, "Ranking"); a word's forms are weighed in terms.h.
inline constexpr double kWeightNear = 0.5;
// A word typed as a case-sensitive abbreviation ("SoL") means the synonym group first; the
// plain word ("sol", the sun) counts this much.
inline constexpr double kWeightCaseSynonymWord = 0.3;
// A title: query gives posts this much on top: a comment carries its post's title words
// too and, being short, would otherwise outrank the post under that title.
inline constexpr double kTitlePostBoost = 1.0;

// Any text is a query (query.h). Errors: kInvalidArgument for invalid UTF-8, which the
// caller should have refused before (validate_request).
Result<BuiltQuery> build_query(std::string_view query, const Analyzer& analyzer,
                               const Synonyms& synonyms);

}  // namespace fss

#endif  // FSS_SRC_QUERY_BUILDER_H_
