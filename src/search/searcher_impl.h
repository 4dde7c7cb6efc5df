// Private to the search layer: the Searcher's state and the steps of one search, each in
// its own file, as Xapian keeps its matcher in matcher/:
//   searcher.cc        opening and refreshing a generation, a search and its retries
//   query_limits.cc    what one query may cost: repeated clauses dropped, prefixes capped
//   search_filters.cc  the request's filters, one per facet
//   search_match.cc    the match under a deadline: the page, the total, the facets
//   facets.cc          counting facets over a match set (facets.h)
//   hits.cc            the page's documents as hits, with their snippets
//   post_view.cc       Searcher::get_post
//   suggest.cc         Searcher::suggest
#ifndef FSS_SRC_SEARCH_SEARCHER_IMPL_H_
#define FSS_SRC_SEARCH_SEARCHER_IMPL_H_

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/search.h"
#include "fss/status.h"
#include "search/facets.h"
#include "search/generation_data.h"
#include "search/query_builder.h"
#include "search/version_set.h"

namespace fss {

using Clock = std::chrono::steady_clock;

// ---- The deadline (issue 17) --------------------------------------------------------

// Thrown from inside Xapian's matcher (by DeadlineDecider) to end a match at its deadline;
// caught in Searcher::search.
struct DeadlinePassed {};

// Checks the clock every 64 documents the matcher examines, then asks `inner`. Throws
// DeadlinePassed once `deadline` has passed.
class DeadlineDecider : public Xapian::MatchDecider {
 public:
  DeadlineDecider(const Xapian::MatchDecider& inner, Clock::time_point deadline)
      : inner_(inner), deadline_(deadline) {}
  bool operator()(const Xapian::Document& doc) const override {
    if ((++calls_ & 63) == 0 && Clock::now() >= deadline_) throw DeadlinePassed{};
    return inner_(doc);
  }

 private:
  const Xapian::MatchDecider& inner_;
  const Clock::time_point deadline_;
  mutable uint64_t calls_ = 0;
};

// Throws DeadlinePassed once `deadline` has passed.
inline void check_deadline(Clock::time_point deadline) {
  if (Clock::now() >= deadline) throw DeadlinePassed{};
}

// ---- The query text (query_limits.cc) -----------------------------------------------

// `query` without repeated clauses (a repeated exclusion, an alternative repeated in its OR
// group, an AND group repeated whole: none changes the match set), or kInvalidArgument when
// more than kMaxPrefixes different prefixes remain. Unchanged when nothing repeats.
Result<std::string> without_repeats(const std::string& query);

// ---- Filters (search_filters.cc) ----------------------------------------------------

// The request's filters, one per facet: type, author, area, year (the date range).
// An empty Query where that filter is not given.
struct Filters {
  Xapian::Query type, author, area, year;
};

// `r`'s filters; author names are keyed by `analyzer` as the index keyed them.
Filters make_filters(const SearchRequest& r, const Analyzer& analyzer);

// The AND of `f`'s filters but `skip` (null: all of them); an empty Query when none.
Xapian::Query combine(const Filters& f, const Xapian::Query* skip = nullptr);

// ---- The match (search_match.cc) and its counts (facets.cc) -------------------------

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

// ---- Stored documents (hits.cc) -----------------------------------------------------

// The string field `key` of `j`; nullopt when absent or of another type.
std::optional<std::string> opt_string(const nlohmann::json& j, const char* key);

// The string field `key` of `j`; "" when absent or of another type.
std::string str(const nlohmann::json& j, const char* key);

// A document's stored data as a JSON object; kCorruption naming the document when it is
// not one or has no id (the builder always writes both).
Result<nlohmann::json> stored_data(const Xapian::Document& doc);

// Appends the documents of `page` to *hits, with snippets of their text highlighting
// `built`'s words as `analyzer` reads them. kCorruption for a document whose stored data
// cannot be shown (then *hits is incomplete).
Status add_hits(const Xapian::MSet& page, const BuiltQuery& built, const Analyzer& analyzer,
                std::vector<Hit>* hits);

// ---- The Searcher's state (searcher.cc) ---------------------------------------------

struct Searcher::Impl {
  std::string dir;
  const Analyzer* analyzer;
  std::shared_ptr<VersionSet> versions;
  // The generation this Searcher answers from and its Database, opened on that
  // generation's directory: always replaced together.
  std::shared_ptr<const Version> version;
  Xapian::Database db;

  // Moves to the live version; `reopen` opens the Database again even when the version
  // is the one held (after a database error).
  Status open_live(bool reopen = false);

  // Runs one query on `gen` (this Searcher's generation); fills total, facets and hits of
  // `out`. kCorruption for a hit whose stored data cannot be shown. Throws DeadlinePassed.
  Status run(const SearchRequest& r, const BuiltQuery& built, const GenerationData& gen,
             Clock::time_point deadline, SearchResponse* out);
};

}  // namespace fss

#endif  // FSS_SRC_SEARCH_SEARCHER_IMPL_H_
