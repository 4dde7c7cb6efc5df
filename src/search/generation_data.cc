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

FacetCounter::FacetCounter(const FacetTable& table)
    : table_(table), year_slots_(256, 0), authors_(table.authors.size() + 1, 0), areas_(64, 0) {}

bool FacetCounter::operator()(const Xapian::Document& doc) const {
  const Xapian::docid d = doc.get_docid();
  ++total_;
  if (d >= table_.year.size()) return true;
  if (const uint16_t y = table_.year[d]) {
    const unsigned slot = static_cast<unsigned>(y - kFirstYear);
    if (y >= kFirstYear && slot < year_slots_.size())
      ++year_slots_[slot];
    else
      ++other_years_[y];
  }
  if (table_.type[d] < 2) ++types_[table_.type[d]];
  ++authors_[table_.author[d]];
  for (uint64_t bits = table_.areas[d]; bits; bits &= bits - 1) ++areas_[__builtin_ctzll(bits)];
  return true;
}

Facets FacetCounter::result(size_t max_authors) const {
  Facets f;
  const auto sorted = [](std::vector<std::pair<std::string, uint64_t>> v) {
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return v;
  };
  auto& year = f["year"];
  std::map<uint16_t, uint64_t> years = other_years_;
  for (size_t i = 0; i < year_slots_.size(); ++i)
    if (year_slots_[i]) years[static_cast<uint16_t>(kFirstYear + i)] = year_slots_[i];
  for (const auto& [y, n] : years) year.emplace_back(std::to_string(y), n);
  // Years read best in order, newest first.
  std::sort(year.begin(), year.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::pair<std::string, uint64_t>> authors;
  for (size_t i = 1; i < authors_.size(); ++i)
    if (authors_[i]) authors.emplace_back(table_.authors[i - 1], authors_[i]);
  authors = sorted(std::move(authors));
  if (authors.size() > max_authors) authors.resize(max_authors);
  f["author"] = std::move(authors);
  std::vector<std::pair<std::string, uint64_t>> areas;
  for (size_t i = 0; i < table_.area_ids.size() && i < 64; ++i)
    if (areas_[i]) areas.emplace_back(table_.area_ids[i], areas_[i]);
  f["area"] = sorted(std::move(areas));
  std::vector<std::pair<std::string, uint64_t>> types;
  if (types_[0]) types.emplace_back(schema::kTypePost, types_[0]);
  if (types_[1]) types.emplace_back(schema::kTypeComment, types_[1]);
  f["type"] = sorted(std::move(types));
  return f;
}

}  // namespace fss
