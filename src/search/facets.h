// Private to the search layer: counting facets over a match set. FacetCounter is the one
// way facets are counted: the matcher hands it every document it accepts, and result()
// gives the counts as the contract lists them. The passes that run it are declared in
// searcher_impl.h (count_matches, count_own_facets).
#ifndef FSS_SRC_SEARCH_FACETS_H_
#define FSS_SRC_SEARCH_FACETS_H_

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

#include "fss/search.h"
#include "search/generation_data.h"

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

}  // namespace fss

#endif  // FSS_SRC_SEARCH_FACETS_H_
