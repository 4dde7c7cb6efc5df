// Private to the search layer: counting facets over a match set. FacetCounter is the one
// way facets are counted: the matcher hands it every document it accepts, and result()
// gives the counts as the contract lists them; count_matches and count_own_facets run it
// over a match set.
#ifndef FSS_SRC_SEARCH_FACETS_H_
#define FSS_SRC_SEARCH_FACETS_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "fss/search.h"
#include "search/deadline.h"
#include "search/generation_data.h"
#include "search/query_builder.h"
#include "search/search_filters.h"

namespace fss {

// Author facet values listed in an answer: enough for any filter list a person reads.
inline constexpr size_t kMaxAuthorFacet = 50;

// Counts facets of every document the matcher accepts. Used as a MatchDecider with
// checkatleast = database size, so it sees the whole match set (exact counts).
// `table` must outlive the counter.
class FacetCounter : public Xapian::MatchDecider {
 public:
  explicit FacetCounter(const FacetTable& table);
  bool operator()(const Xapian::Document& doc) const override;
  // The counts, each facet's values most frequent first (years newest first), at most
  // `max_authors` authors.
  Facets result(size_t max_authors) const;
  uint64_t total() const { return total_; }

 private:
  // Years kFirstYear.. by offset (an array: this runs once per matching document); any
  // other year in a map.
  static constexpr uint16_t kFirstYear = 1900;
  const FacetTable& table_;
  mutable std::vector<uint64_t> year_slots_;
  mutable std::map<uint16_t, uint64_t> other_years_;
  mutable std::vector<uint64_t> authors_, areas_;
  mutable uint64_t types_[2] = {0, 0};
  mutable uint64_t total_ = 0;
};

// ---- Counting passes (facets.cc) ----

// Counts the facets of the match set of `built` under `filter` (may be empty), in one
// unweighted pass of at most `count_seconds`; after that the total is Xapian's estimate,
// returned in *estimate (when not null). Throws DeadlinePassed after `deadline`.
std::unique_ptr<FacetCounter> count_matches(const Xapian::Database& db, const BuiltQuery& built,
                                            const Xapian::Query& filter, const FacetTable& table,
                                            Clock::time_point deadline, double count_seconds,
                                            Xapian::doccount* estimate);

// Disjunctive facets (the contract): replaces in *facets each facet whose filter is given
// in `f` by its count over the matches of `built` and the OTHER filters, one pass each.
void count_own_facets(const Xapian::Database& db, const BuiltQuery& built, const Filters& f,
                      const FacetTable& table, Clock::time_point deadline, double count_seconds,
                      Facets* facets);

}  // namespace fss

#endif  // FSS_SRC_SEARCH_FACETS_H_
