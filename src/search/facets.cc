#include "search/facets.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "fss/schema.h"

namespace fss {

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

std::unique_ptr<FacetCounter> count_matches(const Xapian::Database& db, const BuiltQuery& built,
                                            const Xapian::Query& filter, const FacetTable& table,
                                            Clock::time_point deadline, double count_seconds,
                                            Xapian::doccount* estimate) {
  using Q = Xapian::Query;
  check_deadline(deadline);
  auto counter = std::make_unique<FacetCounter>(table);
  Q m = built.browse ? Q(std::string()) : built.match;
  if (!filter.empty()) m = Q(Q::OP_FILTER, m, filter);
  Xapian::Enquire count(db);
  count.set_query(m);
  count.set_weighting_scheme(Xapian::BoolWeight());
  count.set_time_limit(std::max(0.001, count_seconds));
  const DeadlineDecider decider(*counter, deadline);
  const Xapian::doccount e =
      count.get_mset(0, 0, db.get_doccount(), nullptr, &decider).get_matches_estimated();
  if (estimate) *estimate = e;
  return counter;
}

// Counted apart so that a facet's other values (a second author, "Inlägg" beside
// "Kommentarer") keep their counts when one of its values is chosen.
void count_own_facets(const Xapian::Database& db, const BuiltQuery& built, const Filters& f,
                      const FacetTable& table, Clock::time_point deadline, double count_seconds,
                      Facets* facets) {
  const std::pair<const Xapian::Query*, const char*> own[] = {
      {&f.type, "type"}, {&f.author, "author"}, {&f.area, "area"}, {&f.year, "year"}};
  for (const auto& [q, name] : own) {
    if (q->empty()) continue;
    const auto counter =
        count_matches(db, built, combine(f, q), table, deadline, count_seconds, nullptr);
    (*facets)[name] = counter->result(kMaxAuthorFacet).at(name);
  }
}

}  // namespace fss
