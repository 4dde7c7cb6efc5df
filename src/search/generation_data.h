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

#include "analysis/focus_areas.h"
#include "analysis/synonyms.h"
#include "fss/analyzer.h"
#include "fss/search.h"
#include "fss/status.h"

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

}  // namespace fss

#endif  // FSS_SRC_GENERATION_DATA_H_
