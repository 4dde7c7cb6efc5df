// Private to the core library: what a Searcher needs besides its Database, loaded once per
// index generation and shared (read-only) by every Searcher of that generation.
#ifndef FSS_SRC_GENERATION_DATA_H_
#define FSS_SRC_GENERATION_DATA_H_

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "analysis/focus_areas.h"
#include "fss/search.h"
#include "fss/status.h"
#include "analysis/synonyms.h"

namespace fss {

// Facet values of every document, by docid, so that counting a match set is a few array
// reads per document instead of value-stream lookups (stack-facts: match spies cost 6x).
struct FacetTable {
  std::vector<uint16_t> year;    // 0: undated
  std::vector<uint8_t> type;     // 0 post, 1 comment, 255 unknown
  std::vector<uint32_t> author;  // index into authors + 1; 0: none
  std::vector<uint64_t> areas;   // bit i: area_ids[i] (first 64 areas)
  std::vector<std::string> authors;
  std::vector<std::string> area_ids;
};

struct CompletionEntry {
  std::string key;   // folded, normalized
  std::string text;  // as shown
  uint64_t weight = 0;
  std::string id;  // titles: the post's id
};

struct GenerationData {
  std::string generation;
  uint64_t documents = 0;
  // The searcher's analyzer with the second lexicon this generation was built with
  // (schema::kMetaLexicon): query words are split as the index's words were. Query
  // building and snippets of this generation use it.
  std::shared_ptr<const Analyzer> analyzer;
  Synonyms synonyms;
  FocusAreas areas;
  std::string areas_json;
  FacetTable facets;
  std::vector<CompletionEntry> words;   // sorted by key
  std::vector<CompletionEntry> titles;  // sorted by key

  // Errors: kCorruption when the stored synonyms / focus areas / values do not parse.
  // Xapian::Error passes through (the caller opened `db` and reports it).
  static Result<std::shared_ptr<const GenerationData>> load(const std::string& generation,
                                                            const Xapian::Database& db,
                                                            const Analyzer& analyzer);
};

// Counts facets of every document the matcher accepts. Used as a MatchDecider with
// checkatleast = database size, so it sees the whole match set (exact counts).
class FacetCounter : public Xapian::MatchDecider {
 public:
  explicit FacetCounter(const FacetTable& table);
  bool operator()(const Xapian::Document& doc) const override;
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

#endif  // FSS_SRC_GENERATION_DATA_H_
