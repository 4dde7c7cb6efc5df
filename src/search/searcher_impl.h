// Private to the search layer: the Searcher's state and the steps of one search, each in
// its own file, as Xapian keeps its matcher in matcher/:
//   searcher.cc        opening and refreshing a generation, a search and its retries
//   query_limits.cc    what one query may cost: repeated clauses dropped, prefixes capped
//   search_filters.cc  the request's filters, one per facet (search_filters.h)
//   search_match.cc    the match under a deadline (deadline.h): the page, the total, the
//                      facets (search_match.h)
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
#include "search/deadline.h"
#include "search/facets.h"
#include "search/generation_data.h"
#include "search/query_builder.h"
#include "search/search_filters.h"
#include "search/search_match.h"
#include "search/version_set.h"

namespace fss {

// ---- The query text (query_limits.cc) -----------------------------------------------

// `query` without repeated clauses (a repeated exclusion, an alternative repeated in its OR
// group, an AND group repeated whole: none changes the match set), or kInvalidArgument when
// more than kMaxPrefixes different prefixes remain. Unchanged when nothing repeats.
Result<std::string> without_repeats(const std::string& query);

// ---- Stored documents (hits.cc) -----------------------------------------------------

// The string field `key` of `j`; nullopt when absent or of another type.
std::optional<std::string> opt_string_field(const nlohmann::json& j, const char* key);

// The string field `key` of `j`; "" when absent or of another type.
std::string string_field(const nlohmann::json& j, const char* key);

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
