#include <xapian.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>

#include "fss/index_dir.h"
#include "fss/schema.h"
#include "fss/search.h"
#include "generation_data.h"
#include "query_builder.h"
#include "relax.h"
#include "snippet.h"
#include "speller.h"

namespace fss {

// Generation data by generation name, shared by the Searchers of one index. Keeps the
// two newest, the live one and the one readers may still be finishing on.
class IndexCache {
 public:
  Result<std::shared_ptr<const GenerationData>> get(const std::string& generation,
                                                    const Xapian::Database& db,
                                                    const Analyzer& analyzer) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& g : recent_)
      if (g->generation == generation) return g;
    auto loaded = GenerationData::load(generation, db, analyzer);
    if (!loaded.is_ok()) return loaded.status();
    recent_.insert(recent_.begin(), loaded.value());
    if (recent_.size() > 2) recent_.pop_back();
    return loaded.value();
  }

 private:
  std::mutex mu_;
  std::vector<std::shared_ptr<const GenerationData>> recent_;
};

namespace {

using Q = Xapian::Query;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Below this many matches one weighted pass that checks them all costs less than a
// cut-short pass plus an unweighted count (Searcher::Impl::run).
// (2,000 and 500 measure alike on the bench mix at 100k.)
constexpr Xapian::doccount kOnePassMatches = 2000;

// Author facet values listed in an answer: enough for any filter list a person reads.
constexpr size_t kMaxAuthorFacet = 50;

std::optional<std::string> opt_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

struct Searcher::Impl {
  std::string dir;
  const Analyzer* analyzer;
  std::shared_ptr<IndexCache> cache;
  Xapian::Database db;
  std::shared_ptr<const GenerationData> gen;

  Status open_live() {
    auto live = live_generation(dir);
    if (!live.is_ok()) return live.status();
    try {
      Xapian::Database fresh(dir);
      auto data = cache->get(live.value(), fresh, *analyzer);
      if (!data.is_ok()) return data.status();
      db = fresh;
      gen = data.value();
      return Status::ok();
    } catch (const Xapian::Error& e) {
      return Status::unavailable(dir + ": cannot open index: " + e.get_description());
    }
  }

  // The request's filters, one per facet: type, author, area, year (the date range).
  // An empty Query where that filter is not given.
  struct Filters {
    Q type, author, area, year;
  };

  Filters filters(const SearchRequest& r) const {
    Filters f;
    if (r.type) f.type = Q(std::string(schema::kType) + *r.type);
    if (!r.authors.empty()) {
      std::vector<Q> any;
      for (const std::string& a : r.authors)
        any.emplace_back(
            schema::boolean_term(schema::kAuthorKey, schema::author_key(*analyzer, a)));
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

  // The AND of `f`'s filters but `skip` (null: all of them); an empty Query when none.
  static Q combine(const Filters& f, const Q* skip = nullptr) {
    std::vector<Q> all;
    for (const Q* q : {&f.type, &f.author, &f.area, &f.year})
      if (q != skip && !q->empty()) all.push_back(*q);
    if (all.empty()) return Q();
    return Q(Q::OP_AND, all.begin(), all.end());
  }

  Q filter(const SearchRequest& r) const { return combine(filters(r)); }

  // Counts the match set of `built` under `filter`, unweighted (every match examined).
  std::unique_ptr<FacetCounter> count_matches(const BuiltQuery& built, const Q& filter) const {
    auto counter = std::make_unique<FacetCounter>(gen->facets);
    Q m = built.browse ? Q(std::string()) : built.match;
    if (!filter.empty()) m = Q(Q::OP_FILTER, m, filter);
    Xapian::Enquire count(db);
    count.set_query(m);
    count.set_weighting_scheme(Xapian::BoolWeight());
    count.get_mset(0, 0, db.get_doccount(), nullptr, counter.get());
    return counter;
  }

  // Disjunctive facets (the contract): a facet whose filter is given is counted over the
  // matches of the query and the OTHER filters, one unweighted pass per such facet, so
  // its other values (a second author, "Inlägg" beside "Kommentarer") keep their counts.
  void count_own_facets(const BuiltQuery& built, const Filters& f, Facets* facets) const {
    const std::pair<const Q*, const char*> own[] = {
        {&f.type, "type"}, {&f.author, "author"}, {&f.area, "area"}, {&f.year, "year"}};
    for (const auto& [q, name] : own) {
      if (q->empty()) continue;
      (*facets)[name] = count_matches(built, combine(f, q))->result(kMaxAuthorFacet).at(name);
    }
  }

  // Runs one query; fills total, facets and hits of `out`.
  void run(const SearchRequest& r, const BuiltQuery& built, SearchResponse* out) {
    const Filters by_facet = filters(r);
    const Q filter_all = combine(by_facet);
    // A fresh match-all query, never the shared Xapian::Query::MatchAll: copying that static
    // from several threads races on its reference count (a crash under concurrent browsing).
    Q q = built.browse ? Q(std::string()) : built.query;
    if (!filter_all.empty()) q = Q(Q::OP_FILTER, q, filter_all);
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    const bool by_date = r.sort == "date" || built.browse;
    if (by_date) enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
    const auto first = static_cast<Xapian::doccount>((r.page - 1) * r.size);
    const auto size = static_cast<Xapian::doccount>(r.size);
    const Xapian::doccount all = db.get_doccount();
    // The facets and the total are counts over the whole match set, so the matcher is
    // asked to check every match (checkatleast) and counts each in the MatchDecider. For
    // one word by relevance a match of many documents can be cut short by weight (Xapian
    // skips documents that cannot reach the page): it is asked to check `check` matches,
    // none of which it may skip; when fewer than that match, that pass counted them all,
    // else a second, unweighted pass counts them. Measured on the bench mix at 100k: that
    // is faster for single words with large match sets (81,869 matches: 12.7 -> 8.9 ms) but
    // slower for phrases, prefixes, several words and date ranges, where the matcher can
    // skip little and the second pass costs nearly as much as the first.
    const Xapian::doccount check = by_date || !built.single_word || !filter_all.empty()
                                       ? all
                                       : std::max<Xapian::doccount>(kOnePassMatches, first + size);
    auto counter = std::make_unique<FacetCounter>(gen->facets);
    Xapian::MSet mset = enquire.get_mset(first, size, check, nullptr, counter.get());
    if (counter->total() >= check && check < all) counter = count_matches(built, filter_all);
    const FacetCounter& c = *counter;
    out->total = c.total();
    out->facets = c.result(kMaxAuthorFacet);
    count_own_facets(built, by_facet, &out->facets);
    out->hits.clear();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      const json data = json::parse(it.get_document().get_data(), nullptr, false);
      if (data.is_discarded()) continue;
      Hit h;
      h.id = data.value("id", "");
      h.type = data.value("type", "");
      h.title = data.value("title", "");
      h.date = opt_string(data, "date");
      h.author = opt_string(data, "author");
      if (auto a = data.find("areas"); a != data.end() && a->is_array())
        for (const auto& x : *a)
          if (x.is_string()) h.areas.push_back(x.get<std::string>());
      h.snippet = make_snippet(data.value("text", ""), *analyzer, built.highlight);
      h.score = built.browse ? 0 : it.get_weight();
      if (auto p = data.find("post"); p != data.end() && p->is_object())
        h.post = std::make_pair(p->value("id", ""), p->value("title", ""));
      h.url = opt_string(data, "url");
      out->hits.push_back(std::move(h));
    }
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

std::shared_ptr<IndexCache> Searcher::make_cache() { return std::make_shared<IndexCache>(); }

Result<std::unique_ptr<Searcher>> Searcher::open(const std::string& index_dir,
                                                 const Analyzer* analyzer,
                                                 std::shared_ptr<IndexCache> cache) {
  auto impl = std::make_unique<Impl>();
  impl->dir = index_dir;
  impl->analyzer = analyzer;
  impl->cache = cache ? std::move(cache) : make_cache();
  if (Status s = impl->open_live(); !s.is_ok()) return s;
  return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
}

bool Searcher::refresh() {
  auto live = live_generation(impl_->dir);
  if (!live.is_ok() || live.value() == impl_->gen->generation) return false;
  return impl_->open_live().is_ok();
}

IndexInfo Searcher::info() const { return {impl_->gen->generation, impl_->gen->documents}; }

std::string Searcher::areas_json() const { return impl_->gen->areas_json; }

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  const auto start = Clock::now();
  if (Status s = validate_request(request); !s.is_ok()) return s;
  SearchResponse out;
  out.query = request.query;
  out.page = request.page;
  out.size = request.size;
  // A reader of a generation is never written to, but a database error (a file removed
  // under us after two switches) is retried once on the live generation.
  for (int attempt = 0;; ++attempt) {
    try {
      auto built_or = build_query(request.query, *impl_->analyzer, impl_->gen->synonyms);
      if (!built_or.is_ok()) return built_or.status();
      const BuiltQuery& built = built_or.value();
      if (!built.match_nothing) impl_->run(request, built, &out);
      out.suggestion = suggest_correction(request.query, built, impl_->db, *impl_->analyzer);
      if (out.total == 0 && out.suggestion) {
        auto alt = build_query(*out.suggestion, *impl_->analyzer, impl_->gen->synonyms);
        if (!alt.is_ok()) return alt.status();
        SearchResponse retry = out;
        impl_->run(request, alt.value(), &retry);
        if (retry.total > 0) {
          out = std::move(retry);
          out.suggestion_used = true;
        }
      }
      // No document has every word (and no correction helps): the ones with most of them.
      if (out.total == 0 && !built.browse && !built.match_nothing) {
        if (auto relaxed = relax(built, impl_->db, impl_->filter(request))) {
          SearchResponse retry = out;
          impl_->run(request, *relaxed, &retry);
          if (retry.total > 0) {
            out = std::move(retry);
            out.partial = true;
          }
        }
      }
      break;
    } catch (const Xapian::Error& e) {
      if (attempt == 0 && impl_->open_live().is_ok()) continue;
      return Status::unavailable("search failed: " + e.get_description());
    }
  }
  out.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return out;
}

Result<PostView> Searcher::get_post(const std::string& id) {
  const auto load = [&](const std::string& doc_id) -> std::optional<json> {
    const std::string term = std::string(schema::kId) + doc_id;
    Xapian::PostingIterator p = impl_->db.postlist_begin(term);
    if (p == impl_->db.postlist_end(term)) return std::nullopt;
    json data = json::parse(impl_->db.get_document(*p).get_data(), nullptr, false);
    if (data.is_discarded()) return std::nullopt;
    return data;
  };
  try {
    const auto data = load(id);
    if (!data || data->value("type", "") != schema::kTypePost)
      return Status::not_found("no post with id '" + id + "'");
    PostView view;
    Post& p = view.post;
    p.id = id;
    p.title = data->value("title", "");
    p.date = opt_string(*data, "date");
    p.author = opt_string(*data, "author");
    p.author_role = opt_string(*data, "author_role");
    p.kicker = opt_string(*data, "kicker");
    p.region = opt_string(*data, "region");
    p.source = data->value("source", "");
    p.url = opt_string(*data, "url");
    p.body = data->value("text", "");
    for (const auto& a : data->value("areas", json::array()))
      if (a.is_string()) p.areas.push_back(a.get<std::string>());
    for (const auto& cid : data->value("comments", json::array())) {
      if (!cid.is_string()) continue;
      const auto c = load(cid.get<std::string>());
      if (!c) continue;
      p.comments.push_back({cid.get<std::string>(), c->value("author", ""), opt_string(*c, "date"),
                            c->value("text", "")});
    }
    return view;
  } catch (const Xapian::Error& e) {
    return Status::unavailable("reading post failed: " + e.get_description());
  }
}

Result<std::vector<Completion>> Searcher::suggest(const std::string& prefix, size_t limit) {
  std::vector<Completion> out;
  const std::string key = impl_->analyzer->fold(impl_->analyzer->normalize(prefix));
  if (key.find_first_not_of(' ') == std::string::npos) return out;
  const GenerationData& g = *impl_->gen;
  const auto starts = [](const std::string& s, const std::string& p) {
    return s.compare(0, p.size(), p) == 0;
  };
  const auto by_key = [](const CompletionEntry& e, const std::string& k) { return e.key < k; };

  // Titles that start with what was typed come first: they take the visitor to a post.
  for (auto it = std::lower_bound(g.titles.begin(), g.titles.end(), key, by_key);
       it != g.titles.end() && starts(it->key, key) && out.size() < std::min<size_t>(3, limit);
       ++it)
    out.push_back({it->text, "title", it->id});

  // Words complete the last word typed; the words before it stay as typed.
  const size_t space = prefix.find_last_of(' ');
  const std::string head = space == std::string::npos ? "" : prefix.substr(0, space + 1);
  const std::string last = impl_->analyzer->fold(
      impl_->analyzer->normalize(space == std::string::npos ? prefix : prefix.substr(space + 1)));
  if (last.empty()) return out;
  std::vector<const CompletionEntry*> words;
  for (auto it = std::lower_bound(g.words.begin(), g.words.end(), last, by_key);
       it != g.words.end() && starts(it->key, last); ++it)
    words.push_back(&*it);
  std::stable_sort(
      words.begin(), words.end(),
      [](const CompletionEntry* a, const CompletionEntry* b) { return a->weight > b->weight; });
  for (const CompletionEntry* w : words) {
    if (out.size() >= limit) break;
    out.push_back({head + w->text, "word", ""});
  }
  return out;
}

}  // namespace fss
