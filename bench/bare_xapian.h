// The floor the benchmarks compare against: bare Xapian on the same archive, nothing of
// fss-search's analysis, ranking, facet tables or snippets (issue 7).
//
// Index: one document per post and per comment, TermGenerator with Stem("swedish") and
// STEM_SOME (title with prefix S and in the free text, author with prefix A), boolean terms
// Q<id>, XTYPE<type>, XAUTH<author>; values 0 date YYYYMMDD, 1 type, 2 author, 3 year;
// data: title, newline, text (what snippet() cuts from). Xapian's default flush threshold.
// Search: QueryParser (Stem("swedish"), STEM_SOME, FLAG_DEFAULT|FLAG_PHRASE|FLAG_LOVEHATE|
// FLAG_WILDCARD), Enquire top 10; from/to/type/author filters as boolean terms and a value
// range (there is no area classification in a bare index: area filters are ignored).
//
// Thread-safety: a BareSearcher is used by one thread.
#ifndef FSS_BENCH_BARE_XAPIAN_H_
#define FSS_BENCH_BARE_XAPIAN_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>

#include "fss/search.h"
#include "fss/status.h"

namespace fss::bench {

struct BareIndexStats {
  uint64_t documents = 0;
  uint64_t text_bytes = 0;  // titles, bodies, comments
  uint64_t index_bytes = 0;
  double seconds = 0;
};

// Indexes `archive_path` into a new database at `db_dir` (overwritten).
// Errors: kNotFound for the archive, kInternal for Xapian errors.
Result<BareIndexStats> bare_index(const std::string& archive_path, const std::string& db_dir);

class BareSearcher {
 public:
  explicit BareSearcher(const std::string& db_dir);  // throws Xapian::Error

  // Top 10 by BM25; returns the match estimate. With `facets`: exact counts of year,
  // author and type through ValueCountMatchSpy (checkatleast = database size). With
  // `snippets`: MSet::snippet() of 240 bytes on each hit's text.
  uint64_t search(const SearchRequest& request, bool facets, bool snippets);
  uint64_t documents() const { return db_.get_doccount(); }

 private:
  Xapian::Database db_;
  Xapian::QueryParser parser_;
};

// A URL query string ("q=a%20b&from=2020-01-01") as decoded parameters.
std::multimap<std::string, std::string> parse_query_string(const std::string& s);

uint64_t directory_bytes(const std::string& dir);

}  // namespace fss::bench

#endif  // FSS_BENCH_BARE_XAPIAN_H_
