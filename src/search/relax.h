// Private to the searcher: when no document matches every word of a query, the documents
// that match most of them. doc/design.md ("When nothing matches every word") says why it
// is done this way.
#ifndef FSS_SRC_SEARCH_RELAX_H_
#define FSS_SRC_SEARCH_RELAX_H_

#include <xapian.h>

#include <optional>

#include "search/query_builder.h"

namespace fss {

// `built` with its match set widened to the documents (within `filters`, which may be
// empty) that match the largest number of its required conjuncts, ranked by all of them
// (so rarer words and more of them rank higher), the boost and exclusions kept. A phrase
// or an OR group is one conjunct: it is kept whole or dropped whole. nullopt when there is
// nothing to relax (fewer than two conjuncts) or no document matches any conjunct.
// Throws Xapian::Error like any search.
std::optional<BuiltQuery> relax(const BuiltQuery& built, const Xapian::Database& db,
                                const Xapian::Query& filters);

}  // namespace fss

#endif  // FSS_SRC_SEARCH_RELAX_H_
