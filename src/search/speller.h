// Private to the searcher: did-you-mean. doc/design.md ("Did-you-mean") has the rules.
#ifndef FSS_SRC_SEARCH_SPELLER_H_
#define FSS_SRC_SEARCH_SPELLER_H_

#include <xapian.h>

#include <optional>
#include <string>

#include "fss/analyzer.h"
#include "search/query_builder.h"

namespace fss {

// The query with each word that looks misspelt replaced by the archive word it most
// likely meant, or nullopt when no word does. A word is left as typed when it occurs in
// the archive in any form or through a synonym, is written in capitals ("IVO"), is a word
// the Swedish lexicon knows, is a question or stop word (those are not in built.words),
// or has no archive word close enough for its length (one edit up to 6 letters, two from
// 7). Throws Xapian::Error like any search.
std::optional<std::string> suggest_correction(const std::string& query, const BuiltQuery& built,
                                              const Xapian::Database& db, const Analyzer& analyzer);

// Levenshtein distance in code points.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace fss

#endif  // FSS_SRC_SEARCH_SPELLER_H_
