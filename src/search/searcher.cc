#include <xapian.h>

#include <chrono>
#include <exception>
#include <memory>
#include <string>
#include <utility>

#include "search/relax.h"
#include "search/searcher_impl.h"
#include "search/speller.h"

namespace fss {

Status Searcher::Impl::open_live(bool reopen) {
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

Status Searcher::Impl::run(const SearchRequest& r, const BuiltQuery& built,
                           const GenerationData& gen, Clock::time_point deadline,
                           SearchResponse* out) {
  MatchResult m = match(db, r, built, make_filters(r, *analyzer), gen.facets, deadline);
  out->total = m.total;
  out->facets = std::move(m.facets);
  out->hits.clear();
  return add_hits(m.page, built, *gen.analyzer, &out->hits);
}

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
        if (auto relaxed =
                relax(built, impl_->db, combine(make_filters(request, *impl_->analyzer)))) {
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

}  // namespace fss
