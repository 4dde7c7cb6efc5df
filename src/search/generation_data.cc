#include "search/generation_data.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "analysis/corpus_lexicon.h"
#include "fss/schema.h"

namespace fss {
namespace {

template <typename Fn>
void for_each_value(const Xapian::Database& db, unsigned slot, Fn fn) {
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it)
    fn(it.get_docid(), *it);
}

// The year of a date value ("YYYYMMDD"); 0 (undated) for anything else. (std::stoi threw
// on a value that does not start with a digit and ended the program.)
uint16_t year_of(const std::string& v) {
  if (v.size() < 4) return 0;
  uint16_t year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (v[i] < '0' || v[i] > '9') return 0;
    year = static_cast<uint16_t>(year * 10 + (v[i] - '0'));
  }
  return year;
}

void load_facets(const Xapian::Database& db, GenerationData* g) {
  FacetTable& f = g->facets;
  const size_t n = db.get_lastdocid() + 1;
  f.year.assign(n, 0);
  f.type.assign(n, 255);
  f.author.assign(n, 0);
  f.areas.assign(n, 0);
  for_each_value(db, schema::kSlotDate,
                 [&](Xapian::docid d, const std::string& v) { f.year[d] = year_of(v); });
  for_each_value(db, schema::kSlotType, [&](Xapian::docid d, const std::string& v) {
    f.type[d] = v == schema::kTypePost ? 0 : v == schema::kTypeComment ? 1 : 255;
  });
  std::unordered_map<std::string, uint32_t> author_index;
  for_each_value(db, schema::kSlotAuthor, [&](Xapian::docid d, const std::string& v) {
    auto [it, added] = author_index.emplace(v, static_cast<uint32_t>(f.authors.size() + 1));
    if (added) f.authors.push_back(v);
    f.author[d] = it->second;
  });
  std::unordered_map<std::string, unsigned> area_index;
  for (const FocusArea& a : g->areas.areas()) {
    area_index.emplace(a.id, static_cast<unsigned>(f.area_ids.size()));
    f.area_ids.push_back(a.id);
  }
  for_each_value(db, schema::kSlotAreas, [&](Xapian::docid d, const std::string& v) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t nl = v.find('\n', start);
      if (nl == std::string::npos) nl = v.size();
      const std::string id = v.substr(start, nl - start);
      start = nl + 1;
      auto [it, added] = area_index.emplace(id, static_cast<unsigned>(f.area_ids.size()));
      if (added) f.area_ids.push_back(id);  // set by hand in the archive, not in the file
      if (it->second < 64) f.areas[d] |= uint64_t{1} << it->second;
    }
  });
}

void load_completions(const Xapian::Database& db, const Analyzer& analyzer, GenerationData* g) {
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
    const std::string word = *it;
    g->words.push_back({analyzer.fold(word), word, it.get_termfreq(), ""});
  }
  std::unordered_map<Xapian::docid, std::string> ids;
  for_each_value(db, schema::kSlotTitle,
                 [&](Xapian::docid d, const std::string& title) { ids.emplace(d, title); });
  for_each_value(db, schema::kSlotId, [&](Xapian::docid d, const std::string& id) {
    auto t = ids.find(d);
    if (t == ids.end()) return;
    g->titles.push_back({analyzer.fold(analyzer.normalize(t->second)), t->second, 1, id});
  });
  const auto by_key = [](const CompletionEntry& a, const CompletionEntry& b) {
    return a.key < b.key;
  };
  std::sort(g->words.begin(), g->words.end(), by_key);
  std::sort(g->titles.begin(), g->titles.end(), by_key);
}

}  // namespace

Result<std::shared_ptr<const GenerationData>> GenerationData::load(const std::string& generation,
                                                                   const Xapian::Database& db,
                                                                   const Analyzer& analyzer) {
  auto g = std::make_shared<GenerationData>();
  g->generation = generation;
  g->documents = db.get_doccount();
  // The second lexicon the generation was built with; an index built before it had one
  // gets the analyzer as it is.
  std::shared_ptr<const CorpusLexicon> lexicon;
  if (const std::string text = db.get_metadata(schema::kMetaLexicon); !text.empty()) {
    auto parsed = CorpusLexicon::parse(text, analyzer);
    if (!parsed.is_ok()) return Status::corruption(generation + ": " + parsed.status().message());
    lexicon = std::move(parsed.value());
  }
  g->analyzer = analyzer.with_lexicon(std::move(lexicon));
  const std::string syn = db.get_metadata(schema::kMetaSynonyms);
  if (!syn.empty()) {
    auto parsed = Synonyms::parse(syn, analyzer, generation + " synonyms");
    if (!parsed.is_ok()) return Status::corruption(parsed.status().message());
    g->synonyms = std::move(parsed.value());
  }
  const std::string areas = db.get_metadata(schema::kMetaFocusAreas);
  nlohmann::json areas_json = {{"areas", nlohmann::json::array()}};
  if (!areas.empty()) {
    auto parsed = FocusAreas::parse(areas, analyzer, generation + " focus areas");
    if (!parsed.is_ok()) return Status::corruption(parsed.status().message());
    g->areas = std::move(parsed.value());
    for (const FocusArea& a : g->areas.areas())
      areas_json["areas"].push_back({{"id", a.id}, {"name", a.name}, {"years", a.years}});
  }
  g->areas_json = areas_json.dump();
  try {
    load_facets(db, g.get());
    load_completions(db, analyzer, g.get());
  } catch (const std::exception& e) {
    return Status::corruption(generation + ": stored values: " + e.what());
  }
  return std::shared_ptr<const GenerationData>(std::move(g));
}

}  // namespace fss
