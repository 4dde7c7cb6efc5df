// The match of one query, under its deadline. Xapian's matcher is asked for the page and,
// through a FacetCounter as its MatchDecider, counts the facets and the total of the
// whole match set as it goes.
#include "search/search_match.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>

#include "fss/schema.h"
#include "search/facets.h"

namespace fss {

namespace {

// Below this many matches one weighted pass that checks them all costs less than a
// cut-short pass plus an unweighted count (see match()).
// (2,000 and 500 measure alike on the bench mix at 100k.)
constexpr Xapian::doccount kOnePassMatches = 2000;

}  // namespace

MatchResult match(const Xapian::Database& db, const SearchRequest& r, const BuiltQuery& built,
                  const Filters& f, const FacetTable& table, Clock::time_point deadline) {
  using Q = Xapian::Query;
  const Q filter_all = combine(f);
  // A fresh match-all query, never the shared Xapian::Query::MatchAll: copying that static
  // from several threads races on its reference count (a crash under concurrent browsing).
  Q q = built.browse ? Q(std::string()) : built.query;
  if (!filter_all.empty()) q = Q(Q::OP_FILTER, q, filter_all);
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  const bool by_date = r.sort == "date" || built.browse;
  if (by_date) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
  const auto first = static_cast<Xapian::doccount>((r.page - 1) * r.size);
  const auto size = static_cast<Xapian::doccount>(r.size);
  const Xapian::doccount all = db.get_doccount();
  // The facets and the total are counts over the whole match set, so the matcher is
  // asked to check every match (checkatleast) and counts each in the MatchDecider. For
  // one word by relevance a match of many documents can be cut short by weight (Xapian
  // skips documents that cannot reach the page): it is asked to check `check` matches,
  // none of which it may skip; when fewer than that match, that pass counted them all,
  // else a second, unweighted pass counts them. Measured on the bench mix at 100k: that
  // is faster for single words with large match sets (81,869 matches: 12.7 -> 8.9 ms) but
  // slower for phrases, prefixes, several words and date ranges, where the matcher can
  // skip little and the second pass costs nearly as much as the first.
  const Xapian::doccount check = by_date || !built.single_word || !filter_all.empty()
                                     ? all
                                     : std::max<Xapian::doccount>(kOnePassMatches, first + size);
  // Counting every match is exact only while cheap: after kExactCountSeconds Xapian stops
  // checking more than the page needs (set_time_limit), and the total is its estimate.
  const double count_seconds =
      std::min(kExactCountSeconds, std::chrono::duration<double>(deadline - Clock::now()).count());
  enquire.set_time_limit(std::max(0.001, count_seconds));
  auto counter = std::make_unique<FacetCounter>(table);
  const DeadlineDecider first_decider(*counter, deadline);
  MatchResult out;
  out.page = enquire.get_mset(first, size, check, nullptr, &first_decider);
  Xapian::doccount estimate = out.page.get_matches_estimated();
  if (counter->total() >= check && check < all)
    counter = count_matches(db, built, filter_all, table, deadline, count_seconds, &estimate);
  out.total = std::max<uint64_t>(counter->total(), estimate);
  out.facets = counter->result(kMaxAuthorFacet);
  count_own_facets(db, built, f, table, deadline, count_seconds, &out.facets);
  return out;
}

}  // namespace fss
