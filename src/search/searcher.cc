#include <xapian.h>

#include <chrono>
#include <exception>
#include <nlohmann/json.hpp>
#include <set>

#include "base/json_util.h"
#include "fss/index_dir.h"
#include "search/query.h"
#include "fss/schema.h"
#include "fss/search.h"
#include "search/generation_data.h"
#include "search/query_builder.h"
#include "search/relax.h"
#include "search/snippet.h"
#include "search/speller.h"
#include "search/version_set.h"

namespace fss {

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

// ---- What one query may cost (issue 17) ------------------------------------------
// A legal 1 KB query ("s* OR s* OR ...", "vård -s* -s* ...") expanded every prefix
// again for each repetition and counted every match without a time limit: ~50 CPU
// seconds. Repeated clauses are dropped, the different prefixes are capped, and the
// match runs under a deadline.

// Thrown from inside Xapian's matcher (by DeadlineDecider) to end a match at its deadline;
// caught in Searcher::search.
struct DeadlinePassed {};

// Checks the clock every 64 documents the matcher examines, then asks `inner`.
class DeadlineDecider : public Xapian::MatchDecider {
 public:
  DeadlineDecider(const Xapian::MatchDecider& inner, Clock::time_point deadline)
      : inner_(inner), deadline_(deadline) {}
  bool operator()(const Xapian::Document& doc) const override {
    if ((++calls_ & 63) == 0 && Clock::now() >= deadline_) throw DeadlinePassed{};
    return inner_(doc);
  }

 private:
  const Xapian::MatchDecider& inner_;
  const Clock::time_point deadline_;
  mutable uint64_t calls_ = 0;
};

void check_deadline(Clock::time_point deadline) {
  if (Clock::now() >= deadline) throw DeadlinePassed{};
}

// One clause as query.h reads it, written back so that parse_query reads it the same.
std::string clause_text(const QueryClause& c) {
  std::string out = c.excluded ? "-" : "";
  if (c.field == QueryField::kTitle) out += "title:";
  if (c.field == QueryField::kAuthor) out += "author:";
  if (c.phrase) return out + '"' + c.text + '"';
  // "+-x" is the word "-x": keep the '+' so that it is not read as an exclusion.
  if (!c.excluded && c.field == QueryField::kAny && (c.text[0] == '-' || c.text[0] == '+'))
    out += '+';
  return out + c.text + (c.prefix ? "*" : "");
}

// `query` without repeated clauses (a repeated exclusion, an alternative repeated in its OR
// group, an AND group repeated whole: none changes the match set), or an error when more
// than kMaxPrefixes different prefixes remain. Unchanged when nothing repeats.
Result<std::string> without_repeats(const std::string& query) {
  const std::vector<QueryClause> clauses = parse_query(query);
  std::set<std::string> excluded;
  std::set<std::vector<std::string>> groups;
  std::vector<std::string> parts;  // canonical groups and exclusions, in order
  std::vector<std::string> group;  // the open group's alternatives
  std::set<std::string> group_set;
  size_t prefixes = 0, group_prefixes = 0, dropped = 0;
  const auto close_group = [&] {
    if (group.empty()) return;
    std::vector<std::string> key(group_set.begin(), group_set.end());
    if (groups.insert(key).second) {
      std::string joined;
      for (const std::string& g : group) joined += (joined.empty() ? "" : " OR ") + g;
      parts.push_back(joined);
      prefixes += group_prefixes;
    } else {
      ++dropped;
    }
    group.clear();
    group_set.clear();
    group_prefixes = 0;
  };
  int open_group = -1;
  for (const QueryClause& c : clauses) {
    const std::string text = clause_text(c);
    if (c.excluded) {
      close_group();
      if (excluded.insert(text).second) {
        parts.push_back(text);
        prefixes += c.prefix;
      } else {
        ++dropped;
      }
      continue;
    }
    if (c.group != open_group) close_group();
    open_group = c.group;
    if (group_set.insert(text).second) {
      group.push_back(text);
      group_prefixes += c.prefix;
    } else {
      ++dropped;
    }
  }
  close_group();
  if (prefixes > kMaxPrefixes)
    return Status::invalid_argument("q: " + std::to_string(prefixes) +
                                    " different prefixes (word*); at most " +
                                    std::to_string(kMaxPrefixes) + " per query");
  if (dropped == 0) return query;
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " ") + p;
  return out;
}

// A document's stored data as a JSON object; kCorruption naming the document when it is
// not one or has no id (the builder always writes both).
Result<json> stored_data(const Xapian::Document& doc) {
  json data = json::parse(doc.get_data(), nullptr, false);
  if (!data.is_object() || string_or_empty(data, "id").empty())
    return Status::corruption("document " + std::to_string(doc.get_docid()) +
                              ": stored data is not a post or comment");
  return data;
}

}  // namespace

struct Searcher::Impl {
  std::string dir;
  const Analyzer* analyzer;
  std::shared_ptr<VersionSet> versions;
  // The generation this Searcher answers from and its Database, opened on that
  // generation's directory: always replaced together.
  std::shared_ptr<const Version> version;
  Xapian::Database db;

  // Moves to the live version; `reopen` opens the Database again even when the version
  // is the one held (after a database error).
  Status open_live(bool reopen = false) {
    auto live = versions->current(dir, *analyzer);
    if (!live.is_ok()) return live.status();
    if (version == live.value() && !reopen) return Status::ok();
    try {
      db = Xapian::Database(live.value()->path());
      version = live.value();
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

  // Counts the match set of `built` under `filter`, unweighted, for at most
  // `count_seconds` (then the count is Xapian's estimate: returned in *estimate).
  std::unique_ptr<FacetCounter> count_matches(const BuiltQuery& built, const Q& filter,
                                              const GenerationData& gen, Clock::time_point deadline,
                                              double count_seconds,
                                              Xapian::doccount* estimate) const {
    check_deadline(deadline);
    auto counter = std::make_unique<FacetCounter>(gen.facets);
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

  // Disjunctive facets (the contract): a facet whose filter is given is counted over the
  // matches of the query and the OTHER filters, one unweighted pass per such facet, so
  // its other values (a second author, "Inlägg" beside "Kommentarer") keep their counts.
  void count_own_facets(const BuiltQuery& built, const Filters& f, const GenerationData& gen,
                        Clock::time_point deadline, double count_seconds, Facets* facets) const {
    const std::pair<const Q*, const char*> own[] = {
        {&f.type, "type"}, {&f.author, "author"}, {&f.area, "area"}, {&f.year, "year"}};
    for (const auto& [q, name] : own) {
      if (q->empty()) continue;
      const auto counter =
          count_matches(built, combine(f, q), gen, deadline, count_seconds, nullptr);
      (*facets)[name] = counter->result(kMaxAuthorFacet).at(name);
    }
  }

  // Runs one query on `gen` (this Searcher's generation); fills total, facets and hits of
  // `out`. kCorruption for a hit whose stored data cannot be shown. Throws DeadlinePassed.
  Status run(const SearchRequest& r, const BuiltQuery& built, const GenerationData& gen,
             Clock::time_point deadline, SearchResponse* out) {
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
    // Counting every match is exact only while cheap: after kExactCountSeconds Xapian stops
    // checking more than the page needs (set_time_limit), and the total is its estimate.
    const double count_seconds = std::min(
        kExactCountSeconds, std::chrono::duration<double>(deadline - Clock::now()).count());
    enquire.set_time_limit(std::max(0.001, count_seconds));
    auto counter = std::make_unique<FacetCounter>(gen.facets);
    const DeadlineDecider first_decider(*counter, deadline);
    Xapian::MSet mset = enquire.get_mset(first, size, check, nullptr, &first_decider);
    Xapian::doccount estimate = mset.get_matches_estimated();
    if (counter->total() >= check && check < all) {
      counter = count_matches(built, filter_all, gen, deadline, count_seconds, &estimate);
    }
    const FacetCounter& c = *counter;
    out->total = std::max<uint64_t>(c.total(), estimate);
    out->facets = c.result(kMaxAuthorFacet);
    count_own_facets(built, by_facet, gen, deadline, count_seconds, &out->facets);
    out->hits.clear();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      // A hit that cannot be shown fails the answer: dropping it would leave it counted in
      // the total and the facets.
      auto data = stored_data(it.get_document());
      if (!data.is_ok()) return data.status();
      const json& d = data.value();
      Hit h;
      h.id = string_or_empty(d, "id");
      h.type = string_or_empty(d, "type");
      h.title = string_or_empty(d, "title");
      h.date = optional_string(d, "date");
      h.author = optional_string(d, "author");
      if (auto a = d.find("areas"); a != d.end() && a->is_array())
        for (const auto& x : *a)
          if (x.is_string()) h.areas.push_back(x.get<std::string>());
      h.snippet = make_snippet(string_or_empty(d, "text"), *gen.analyzer, built.highlight);
      h.score = built.browse ? 0 : it.get_weight();
      if (auto p = d.find("post"); p != d.end() && p->is_object())
        h.post = std::make_pair(string_or_empty(*p, "id"), string_or_empty(*p, "title"));
      h.url = optional_string(d, "url");
      out->hits.push_back(std::move(h));
    }
    return Status::ok();
  }
};

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;

std::shared_ptr<IndexCache> Searcher::make_cache() { return std::make_shared<VersionSet>(); }

Result<std::unique_ptr<Searcher>> Searcher::open(const std::string& index_dir,
                                                 const Analyzer* analyzer,
                                                 std::shared_ptr<IndexCache> cache) {
  try {
    auto impl = std::make_unique<Impl>();
    impl->dir = index_dir;
    impl->analyzer = analyzer;
    // Every IndexCache is a VersionSet: make_cache is the only maker (fss/search.h).
    impl->versions = std::static_pointer_cast<VersionSet>(cache ? std::move(cache) : make_cache());
    if (Status s = impl->open_live(); !s.is_ok()) return s;
    return std::unique_ptr<Searcher>(new Searcher(std::move(impl)));
  } catch (const std::exception& e) {
    return Status::internal(std::string("opening index: ") + e.what());
  }
}

bool Searcher::refresh() {
  const auto before = impl_->version;
  try {
    return impl_->open_live().is_ok() && impl_->version != before;
  } catch (const std::exception&) {
    return false;
  }
}

IndexInfo Searcher::info() const {
  return {impl_->version->generation(), impl_->version->data().documents};
}

std::string Searcher::areas_json() const { return impl_->version->data().areas_json; }

Result<SearchResponse> Searcher::search(const SearchRequest& request) {
  const auto start = Clock::now();
  if (Status s = validate_request(request); !s.is_ok()) return s;
  const Clock::time_point deadline =
      request.deadline ? *request.deadline
                       : start + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(kMaxSearchSeconds));
  auto query = without_repeats(request.query);
  if (!query.is_ok()) return query.status();
  SearchResponse out;
  // A reader of a generation is never written to, but a database error (a file removed
  // under us) is retried once on the live generation.
  for (int attempt = 0;; ++attempt) {
    // This request's reference to its generation: the data it uses and impl_->db are
    // one generation's until open_live() below replaces both.
    const std::shared_ptr<const Version> version = impl_->version;
    const GenerationData& gen = version->data();
    out = SearchResponse();
    out.query = request.query;
    out.page = request.page;
    out.size = request.size;
    try {
      auto built_or = build_query(query.value(), *gen.analyzer, gen.synonyms);
      if (!built_or.is_ok()) return built_or.status();
      const BuiltQuery& built = built_or.value();
      if (!built.match_nothing)
        if (Status s = impl_->run(request, built, gen, deadline, &out); !s.is_ok()) return s;
      out.suggestion = suggest_correction(query.value(), built, impl_->db, *impl_->analyzer);
      if (out.total == 0 && out.suggestion) {
        check_deadline(deadline);
        auto alt = build_query(*out.suggestion, *gen.analyzer, gen.synonyms);
        if (!alt.is_ok()) return alt.status();
        SearchResponse retry = out;
        if (Status s = impl_->run(request, alt.value(), gen, deadline, &retry); !s.is_ok())
          return s;
        if (retry.total > 0) {
          out = std::move(retry);
          out.suggestion_used = true;
        }
      }
      // No document has every word (and no correction helps): the ones with most of them.
      if (out.total == 0 && !built.browse && !built.match_nothing) {
        check_deadline(deadline);
        if (auto relaxed = relax(built, impl_->db, impl_->filter(request))) {
          SearchResponse retry = out;
          if (Status s = impl_->run(request, *relaxed, gen, deadline, &retry); !s.is_ok()) return s;
          if (retry.total > 0) {
            out = std::move(retry);
            out.partial = true;
          }
        }
      }
      break;
    } catch (const Xapian::Error& e) {
      if (attempt == 0 && impl_->open_live(/*reopen=*/true).is_ok()) continue;
      return Status::unavailable("search failed: " + e.get_description());
    } catch (const DeadlinePassed&) {
      return Status::busy("q: the search took too long and was stopped; try a narrower query");
    } catch (const std::exception& e) {
      return Status::internal(std::string("search failed: ") + e.what());
    }
  }
  out.took_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return out;
}

Result<PostView> Searcher::get_post(const std::string& id) {
  // nullopt: no document has the id; kCorruption: one has, and its data cannot be read.
  const auto load = [&](const std::string& doc_id) -> Result<std::optional<json>> {
    const std::string term = std::string(schema::kId) + doc_id;
    Xapian::PostingIterator p = impl_->db.postlist_begin(term);
    if (p == impl_->db.postlist_end(term)) return std::optional<json>();
    auto data = stored_data(impl_->db.get_document(*p));
    if (!data.is_ok()) return data.status();
    return std::optional<json>(std::move(data.value()));
  };
  try {
    const auto found = load(id);
    if (!found.is_ok()) return found.status();
    const std::optional<json>& data = found.value();
    if (!data || string_or_empty(*data, "type") != schema::kTypePost)
      return Status::not_found("no post with id '" + id + "'");
    PostView view;
    Post& p = view.post;
    p.id = id;
    p.title = string_or_empty(*data, "title");
    p.date = optional_string(*data, "date");
    p.author = optional_string(*data, "author");
    p.author_role = optional_string(*data, "author_role");
    p.kicker = optional_string(*data, "kicker");
    p.region = optional_string(*data, "region");
    p.source = string_or_empty(*data, "source");
    p.url = optional_string(*data, "url");
    p.body = string_or_empty(*data, "text");
    for (const auto& a : data->value("areas", json::array()))
      if (a.is_string()) p.areas.push_back(a.get<std::string>());
    for (const auto& cid : data->value("comments", json::array())) {
      if (!cid.is_string()) continue;
      const auto c = load(cid.get<std::string>());
      if (!c.is_ok()) return c.status();
      if (!c.value()) continue;
      const json& cd = *c.value();
      p.comments.push_back({cid.get<std::string>(), string_or_empty(cd, "author"),
                            optional_string(cd, "date"), string_or_empty(cd, "text")});
    }
    return view;
  } catch (const Xapian::Error& e) {
    return Status::unavailable("reading post failed: " + e.get_description());
  } catch (const std::exception& e) {
    return Status::internal(std::string("reading post failed: ") + e.what());
  }
}

Result<std::vector<Completion>> Searcher::suggest(const std::string& prefix, size_t limit) {
  std::vector<Completion> out;
  const std::string key = impl_->analyzer->fold(impl_->analyzer->normalize(prefix));
  if (key.find_first_not_of(' ') == std::string::npos) return out;
  const GenerationData& g = impl_->version->data();
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
