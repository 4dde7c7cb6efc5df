// Private to the search layer: the match of one query, as Xapian keeps its matcher apart
// (matcher/). One call gives the page and the counts over the whole match set; the
// counting itself is facets.h's.
#ifndef FSS_SRC_SEARCH_SEARCH_MATCH_H_
#define FSS_SRC_SEARCH_SEARCH_MATCH_H_

#include <xapian.h>

#include <cstdint>

#include "fss/search.h"
#include "search/deadline.h"
#include "search/generation_data.h"
#include "search/query_builder.h"
#include "search/search_filters.h"

namespace fss {

// One match: the requested page and the counts over the whole match set.
struct MatchResult {
  Xapian::MSet page;
  uint64_t total = 0;  // exact, or Xapian's estimate when counting ran out of time
  Facets facets;       // a facet whose filter is given counted without it (disjunctive)
};

// Matches `built` under the filters `f` in `db` (whose facet values are `table`): the
// page `r` asks for, sorted as it asks, and the counts. Throws DeadlinePassed after
// `deadline`, and Xapian::Error.
MatchResult match(const Xapian::Database& db, const SearchRequest& r, const BuiltQuery& built,
                  const Filters& f, const FacetTable& table, Clock::time_point deadline);

}  // namespace fss

#endif  // FSS_SRC_SEARCH_SEARCH_MATCH_H_
