// Searching the index: the library call behind `fss-search --json` and GET /api/search
// (../shared/spec/search-api.md). One contract, one JSON answer, whichever door.
//
// Thread-safety: a Searcher is NOT thread-safe (it owns a Xapian::Database, which is not);
// give each thread its own. Searchers of one index share an IndexCache, which is
// thread-safe, so what is loaded once per index generation (facet tables, completions,
// synonyms, focus areas) is loaded once for all of them.
//
// Generations: a Searcher holds one generation (its Database and that generation's data,
// together) from open() or refresh() to the next refresh(); every answer comes from one
// generation. The generation's files stay on disk while any Searcher, or the cache, holds
// it; destroy idle Searchers (or refresh them) to let a build reclaim old generations.
#ifndef FSS_SEARCH_H_
#define FSS_SEARCH_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fss/analyzer.h"
#include "fss/archive.h"
#include "fss/status.h"

namespace fss {

struct SearchRequest {
  std::string query;
  std::optional<std::string> from, to;  // "YYYY-MM-DD"
  std::vector<std::string> authors;     // whole names, case- and accent-insensitive
  std::vector<std::string> areas;       // focus-area ids
  std::optional<std::string> type;      // "post" or "comment"
  std::string sort = "relevance";       // or "date" (newest first)
  int page = 1;                         // 1-based
  int size = 10;                        // 1..kMaxSize
  // When the search must end (kBusy after it); none: kMaxSearchSeconds from the start.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

inline constexpr int kMaxSize = 100;
inline constexpr size_t kMaxQueryBytes = 1024;
inline constexpr int kMaxPage = 10000;
// What one query may cost (issue 17). Repeated clauses count once; more different
// prefixes (word*) than this are refused (kInvalidArgument). Each prefix expands to at
// most 100 terms per form (query_builder.cc).
inline constexpr size_t kMaxPrefixes = 10;
// The facets and `total` are counted exactly while counting takes at most this long; after
// it `total` is Xapian's estimate and the facets count the matches examined.
inline constexpr double kExactCountSeconds = 1.0;
// A search without a deadline of its own ends with kBusy after this long.
inline constexpr double kMaxSearchSeconds = 10.0;

// The contract's 400s, with its wording: "from: not a date: '2023-13-01'", "size: must be
// between 1 and 100", "q: longer than 1024 bytes", "q: invalid UTF-8 at byte 3".
Status validate_request(const SearchRequest& request);

struct Hit {
  std::string id;
  std::string type;  // "post" / "comment"
  std::string title;
  std::optional<std::string> date;
  std::optional<std::string> author;
  std::vector<std::string> areas;
  std::string snippet;  // HTML: escaped text and <mark> tags only
  double score = 0;
  std::optional<std::pair<std::string, std::string>> post;  // comment's post: id, title
  std::optional<std::string> url;  // the post's address on the site (a comment's: its post's)
};

// Facet name -> (value, count), values in descending count then ascending value.
using Facets = std::map<std::string, std::vector<std::pair<std::string, uint64_t>>>;

struct SearchResponse {
  std::string query;  // as asked
  uint64_t total = 0;
  int page = 1;
  int size = 10;
  double took_ms = 0;
  std::optional<std::string> suggestion;
  bool suggestion_used = false;  // nothing matched the query as typed: hits are the suggestion's
  // No document matched every word: the hits match most of them (best first).
  bool partial = false;
  Facets facets;
  std::vector<Hit> hits;
};

// A post with its comments, as GET /api/posts/{id} shows it.
struct PostView {
  Post post;  // comments included; `source` too
};

struct Completion {
  std::string text;
  std::string kind;  // "word" or "title"
  std::string id;    // the post's id for a title
};

struct IndexInfo {
  std::string generation;
  uint64_t documents = 0;
};

// The generations of indexes as reference-counted versions, each with its per-generation
// data, shared by the Searchers given the same cache (made by Searcher::make_cache; its
// implementation is private to the search layer). Thread-safe.
class IndexCache {
 public:
  virtual ~IndexCache() = default;
  // Lets go of the cached generation of `index_dir` when the live stub names another one
  // (not when the stub cannot be read), so that an index nobody searches does not keep an
  // old generation's files. Cheap.
  virtual void release_stale(const std::string& index_dir) = 0;
};

class Searcher {
 public:
  // Opens the live generation of `index_dir`. `analyzer` must outlive the Searcher.
  // `cache` may be shared by many Searchers (null: a private one).
  // Errors: kUnavailable when there is no index or it cannot be opened.
  static Result<std::unique_ptr<Searcher>> open(const std::string& index_dir,
                                                const Analyzer* analyzer,
                                                std::shared_ptr<IndexCache> cache = nullptr);
  ~Searcher();

  // Moves to the live generation if a build has switched since; cheap when it has not
  // (one small file read). Returns true when it moved. On failure keeps the old one.
  bool refresh();

  // Errors: kInvalidArgument (validate_request, more than kMaxPrefixes prefixes), kBusy
  // when the deadline passes, kUnavailable / kInternal from Xapian.
  Result<SearchResponse> search(const SearchRequest& request);
  // kNotFound for an unknown id (or the id of a comment).
  Result<PostView> get_post(const std::string& id);
  // At most `limit` completions of `prefix`: archive words (most frequent first) and post
  // titles, accent- and case-insensitive.
  Result<std::vector<Completion>> suggest(const std::string& prefix, size_t limit = 10);
  // The focus areas the index was built with, as JSON: {"areas":[{"id","name","years"}]}.
  std::string areas_json() const;
  IndexInfo info() const;

  static std::shared_ptr<IndexCache> make_cache();

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace fss

#endif  // FSS_SEARCH_H_
