#include "search/relax.h"

#include <algorithm>

namespace fss {
namespace {

using Q = Xapian::Query;

// Up to this many subsets are tried at one size (C(8,4) = 70); a longer query drops its
// most common conjuncts one at a time instead.
constexpr size_t kMaxSubsets = 70;

Q and_of(const std::vector<Q>& conjuncts, const std::vector<size_t>& pick) {
  std::vector<Q> qs;
  for (size_t i : pick) qs.push_back(conjuncts[i]);
  return qs.size() == 1 ? qs.front() : Q(Q::OP_AND, qs.begin(), qs.end());
}

size_t choose(size_t n, size_t k) {
  size_t c = 1;
  for (size_t i = 1; i <= k; ++i) c = c * (n - k + i) / i;
  return c;
}

// Every k-subset of `items`, in lexicographic order.
std::vector<std::vector<size_t>> subsets(const std::vector<size_t>& items, size_t k) {
  std::vector<std::vector<size_t>> out;
  std::vector<size_t> idx(k);
  for (size_t i = 0; i < k; ++i) idx[i] = i;
  while (true) {
    std::vector<size_t> pick;
    for (size_t i : idx) pick.push_back(items[i]);
    out.push_back(std::move(pick));
    size_t i = k;
    while (i > 0 && idx[i - 1] == items.size() - k + i - 1) --i;
    if (i == 0) return out;
    ++idx[i - 1];
    for (size_t j = i; j < k; ++j) idx[j] = idx[j - 1] + 1;
  }
}

class Probe {
 public:
  Probe(const Xapian::Database& db, const Q& filters) : enquire_(db), filters_(filters) {
    enquire_.set_weighting_scheme(Xapian::BoolWeight());
  }
  // Estimated matches of `q` within the filters (0 exactly when none).
  Xapian::doccount count(const Q& q) {
    enquire_.set_query(filters_.empty() ? q : Q(Q::OP_FILTER, q, filters_));
    const Xapian::MSet m = enquire_.get_mset(0, 1);
    return m.empty() ? 0 : std::max<Xapian::doccount>(1, m.get_matches_estimated());
  }

 private:
  Xapian::Enquire enquire_;
  Q filters_;
};

}  // namespace

std::optional<BuiltQuery> relax(const BuiltQuery& built, const Xapian::Database& db,
                                const Q& filters) {
  const std::vector<Q>& all = built.required;
  if (all.size() < 2) return std::nullopt;
  Probe probe(db, filters);
  // A conjunct that matches nothing (a word the archive does not have) is in no subset.
  std::vector<size_t> live;
  std::vector<Xapian::doccount> freq(all.size(), 0);
  for (size_t i = 0; i < all.size(); ++i) {
    freq[i] = probe.count(all[i]);
    if (freq[i] > 0) live.push_back(i);
  }
  if (live.empty()) return std::nullopt;
  Q must;
  for (size_t k = live.size(); k >= 1 && must.empty(); --k) {
    if (choose(live.size(), k) > kMaxSubsets) {
      // Too many subsets to try: keep the k rarest, the words that say most.
      std::vector<size_t> rare = live;
      std::stable_sort(rare.begin(), rare.end(),
                       [&](size_t a, size_t b) { return freq[a] < freq[b]; });
      rare.resize(k);
      std::sort(rare.begin(), rare.end());
      if (probe.count(and_of(all, rare)) > 0) must = and_of(all, rare);
      continue;
    }
    std::vector<Q> matching;
    for (const std::vector<size_t>& pick : subsets(live, k)) {
      Q q = and_of(all, pick);
      if (probe.count(q) > 0) matching.push_back(std::move(q));
    }
    if (!matching.empty()) {
      must =
          matching.size() == 1 ? matching.front() : Q(Q::OP_OR, matching.begin(), matching.end());
    }
  }
  if (must.empty()) return std::nullopt;
  BuiltQuery out = built;
  out.single_word = false;
  // The documents with most of the words, ranked by all of them: BM25 gives a rare word
  // more than a common one, and each further word adds to the score.
  Q rank(Q::OP_OR, all.begin(), all.end());
  Q main(Q::OP_AND_MAYBE, Q(Q::OP_SCALE_WEIGHT, must, 0.0), rank);
  out.match = must;
  if (!built.boost.empty()) main = Q(Q::OP_AND_MAYBE, main, built.boost);
  if (!built.excluded.empty()) {
    main = Q(Q::OP_AND_NOT, main, built.excluded);
    out.match = Q(Q::OP_AND_NOT, out.match, built.excluded);
  }
  out.query = main;
  return out;
}

}  // namespace fss
