// Private to the search layer: a request's filters as Xapian queries, one per facet, so
// that a facet can be counted without its own filter (facets.h).
#ifndef FSS_SRC_SEARCH_SEARCH_FILTERS_H_
#define FSS_SRC_SEARCH_SEARCH_FILTERS_H_

#include <xapian.h>

#include "fss/analyzer.h"
#include "fss/search.h"

namespace fss {

// The request's filters, one per facet: type, author, area, year (the date range).
// An empty Query where that filter is not given.
struct Filters {
  Xapian::Query type, author, area, year;
};

// `r`'s filters; author names are keyed by `analyzer` as the index keyed them.
Filters make_filters(const SearchRequest& r, const Analyzer& analyzer);

// The AND of `f`'s filters but `skip` (null: all of them); an empty Query when none.
Xapian::Query combine(const Filters& f, const Xapian::Query* skip = nullptr);

}  // namespace fss

#endif  // FSS_SRC_SEARCH_SEARCH_FILTERS_H_
