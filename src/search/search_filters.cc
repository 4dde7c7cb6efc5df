#include "search/search_filters.h"

#include <string>
#include <vector>

#include "fss/schema.h"

namespace fss {

using Q = Xapian::Query;

Filters make_filters(const SearchRequest& r, const Analyzer& analyzer) {
  Filters f;
  if (r.type) f.type = Q(std::string(schema::kType) + *r.type);
  if (!r.authors.empty()) {
    std::vector<Q> any;
    for (const std::string& a : r.authors)
      any.emplace_back(schema::boolean_term(schema::kAuthorKey, schema::author_key(analyzer, a)));
    f.author = Q(Q::OP_OR, any.begin(), any.end());
  }
  if (!r.areas.empty()) {
    std::vector<Q> any;
    for (const std::string& a : r.areas) any.emplace_back(schema::boolean_term(schema::kArea, a));
    f.area = Q(Q::OP_OR, any.begin(), any.end());
  }
  if (r.from || r.to) {
    // Undated documents have an empty value, below any date: they drop out of both.
    f.year =
        Q(Q::OP_VALUE_RANGE, schema::kSlotDate, r.from ? schema::date_key(*r.from) : "00000000",
          r.to ? schema::date_key(*r.to) : "99999999");
  }
  return f;
}

Q combine(const Filters& f, const Q* skip) {
  std::vector<Q> all;
  for (const Q* q : {&f.type, &f.author, &f.area, &f.year})
    if (q != skip && !q->empty()) all.push_back(*q);
  if (all.empty()) return Q();
  return Q(Q::OP_AND, all.begin(), all.end());
}

}  // namespace fss
