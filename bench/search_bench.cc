// The hot query path, in process, against bare Xapian in the same binary (issue 7).
//
// Corpus: a gen-corpus archive of $FSS_BENCH_POSTS posts (default 2000; seed 1), or with
// FSS_BENCH_POSTS=real a copy of the real archive (corpus/archive.jsonl), built once
// into $FSS_BENCH_DIR/posts-N/ (default /tmp/fss-bench): the archive, the fss index
// (fss::build_index with corpus/synonyms.txt and corpus/focus-areas.json) and the bare
// Xapian index (bench/bare_xapian.h). Queries: bench/queries ($FSS_BENCH_QUERIES), one URL
// query string a line, read through fss::request_from_params like fss-searchd does.
//
// Workloads (each iteration is one query of the mix, cycling):
//   BM_BareTop10         QueryParser + Enquire top 10: the floor
//   BM_BareFacets        + exact facets through ValueCountMatchSpy (checkatleast = db size)
//   BM_BareSnippets      + MSet::snippet() on the 10 hits
//   BM_FssAnalyzeQuery   Analyzer::analyze on the query text alone
//   BM_FssSearch         Searcher::search: top 10 + exact facets + snippets + suggestion
//   BM_FssResponseToJson response_to_json on that answer alone
//   BM_FssFullAnswer     Searcher::search + response_to_json: what GET /api/search computes
//
// `search_bench --latency [--rounds R] [--tsv FILE]` instead runs the mix R times through
// every variant (each variant the whole mix in turn, one warm-up round first) and
// prints the per-query median, p90, p99 and max, and their ratios to bare Xapian's top 10:
// the targets are medians and p99s, which Google Benchmark's means do not give.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bare_xapian.h"
#include "corpus_gen.h"
#include "fss/analyzer.h"
#include "fss/index_builder.h"
#include "fss/search.h"
#include "fss/search_json.h"
#include "fss/search_params.h"

namespace {

namespace fs = std::filesystem;
using fss::bench::BareSearcher;
using Clock = std::chrono::steady_clock;

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

// Everything the workloads share, built or loaded once per process.
struct Fixture {
  std::unique_ptr<fss::Analyzer> analyzer;
  std::unique_ptr<fss::Searcher> searcher;
  std::unique_ptr<BareSearcher> bare;
  std::vector<std::string> lines;              // the mix as written
  std::vector<fss::SearchRequest> requests;    // the same, parsed
  std::vector<fss::SearchResponse> responses;  // fss answers (for the JSON workload)
  std::string posts;                           // a number of generated posts, or "real"
  uint64_t documents = 0;
  std::string error;
};

// The files under `dir`, each made once (a "<name>.done" marker beside it): the archive
// (generated, or the real one copied), the fss index and the bare Xapian index.
std::string build_inputs(const Fixture& f, uint64_t generated, const fs::path& dir) {
  const fs::path archive = dir / "archive.jsonl", fss_dir = dir / "fss", bare_dir = dir / "bare";
  const std::string source = FSS_SOURCE_DIR;
  std::error_code ec;
  if (f.posts == "real" && !fs::exists(dir / "archive.done")) {
    fs::copy_file(source + "/corpus/archive.jsonl", archive, fs::copy_options::overwrite_existing,
                  ec);
    if (ec) return archive.string() + ": " + ec.message();
    std::ofstream(dir / "archive.done") << "ok\n";
  }
  if (!fs::exists(dir / "archive.done")) {
    fss::bench::CorpusOptions options;
    options.archive_path = source + "/corpus/archive.jsonl";
    options.focus_areas_path = source + "/corpus/focus-areas.json";
    auto gen = fss::bench::CorpusGenerator::create(options);
    if (!gen.is_ok()) return gen.status().message();
    std::FILE* out = std::fopen(archive.c_str(), "wb");
    if (!out) return archive.string() + ": cannot write";
    gen->write_archive(generated, out);
    if (std::fclose(out) != 0) return archive.string() + ": cannot write";
    std::ofstream(dir / "archive.done") << "ok\n";
  }
  if (!fs::exists(dir / "fss.done")) {
    std::fprintf(stderr, "search_bench: building the fss index of %s posts in %s\n",
                 f.posts.c_str(), fss_dir.c_str());
    fss::BuildOptions options;
    options.archive_path = archive.string();
    options.index_dir = fss_dir.string();
    options.synonyms_path = source + "/corpus/synonyms.txt";
    options.focus_areas_path = source + "/corpus/focus-areas.json";
    auto built = fss::build_index(options, *f.analyzer);
    if (!built.is_ok()) return built.status().message();
    std::ofstream(dir / "fss.done") << "ok\n";
  }
  if (!fs::exists(dir / "bare.done")) {
    std::fprintf(stderr, "search_bench: building the bare Xapian index in %s\n", bare_dir.c_str());
    auto built = fss::bench::bare_index(archive.string(), bare_dir.string());
    if (!built.is_ok()) return built.status().message();
    std::ofstream(dir / "bare.done") << "ok\n";
  }
  return "";
}

// The query mix, parsed, and fss's answer to each.
std::string read_queries(Fixture* f) {
  const std::string queries =
      env_or("FSS_BENCH_QUERIES", std::string(FSS_SOURCE_DIR) + "/bench/queries");
  std::ifstream in(queries);
  if (!in) return queries + ": cannot open";
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    auto request = fss::request_from_params(fss::bench::parse_query_string(line));
    if (!request.is_ok()) return queries + ": " + line + ": " + request.status().message();
    f->lines.push_back(line);
    f->requests.push_back(request.value());
  }
  if (f->requests.empty()) return queries + ": no queries";
  for (const auto& r : f->requests) {
    auto answer = f->searcher->search(r);
    if (!answer.is_ok()) return "search '" + r.query + "': " + answer.status().message();
    f->responses.push_back(std::move(answer.value()));
  }
  return "";
}

// The fixture: "" when ready, else what went wrong.
std::string prepare(Fixture* f) {
  f->posts = env_or("FSS_BENCH_POSTS", "2000");
  uint64_t generated = 0;
  if (f->posts != "real") {
    char* end = nullptr;
    generated = std::strtoull(f->posts.c_str(), &end, 10);
    if (f->posts.empty() || *end != '\0' || generated == 0)
      return "FSS_BENCH_POSTS: '" + f->posts + "' is neither a number of posts nor 'real'";
  }
  const fs::path dir = fs::path(env_or("FSS_BENCH_DIR", "/tmp/fss-bench")) / ("posts-" + f->posts);
  std::error_code ec;
  fs::create_directories(dir, ec);

  auto analyzer = fss::Analyzer::create();
  if (!analyzer.is_ok()) return analyzer.status().message();
  f->analyzer = std::move(analyzer.value());
  if (std::string error = build_inputs(*f, generated, dir); !error.empty()) return error;

  auto searcher = fss::Searcher::open((dir / "fss").string(), f->analyzer.get());
  if (!searcher.is_ok()) return searcher.status().message();
  f->searcher = std::move(searcher.value());
  f->documents = f->searcher->info().documents;
  try {
    f->bare = std::make_unique<BareSearcher>((dir / "bare").string());
  } catch (const Xapian::Error& e) {
    return "bare index: " + e.get_description();
  }
  return read_queries(f);
}

Fixture& fixture() {
  static const std::unique_ptr<Fixture> f = [] {
    auto fx = std::make_unique<Fixture>();
    fx->error = prepare(fx.get());
    return fx;
  }();
  return *f;
}

// One query of the mix per iteration.
template <typename Fn>
void run_mix(benchmark::State& state, Fn fn) {
  Fixture& f = fixture();
  if (!f.error.empty()) return state.SkipWithError(f.error.c_str());
  size_t i = 0;
  for (auto _ : state) {
    fn(f, i);
    if (++i == f.requests.size()) i = 0;
  }
  state.counters["docs"] = static_cast<double>(f.documents);
  state.SetItemsProcessed(state.iterations());
}

void BM_BareTop10(benchmark::State& state) {
  run_mix(state, [](Fixture& f, size_t i) {
    benchmark::DoNotOptimize(f.bare->search(f.requests[i], false, false));
  });
}
void BM_BareFacets(benchmark::State& state) {
  run_mix(state, [](Fixture& f, size_t i) {
    benchmark::DoNotOptimize(f.bare->search(f.requests[i], true, false));
  });
}
void BM_BareSnippets(benchmark::State& state) {
  run_mix(state, [](Fixture& f, size_t i) {
    benchmark::DoNotOptimize(f.bare->search(f.requests[i], false, true));
  });
}
void BM_FssAnalyzeQuery(benchmark::State& state) {
  std::vector<fss::Token> tokens;
  run_mix(state, [&](Fixture& f, size_t i) {
    tokens.clear();
    benchmark::DoNotOptimize(f.analyzer->analyze(f.requests[i].query, &tokens));
    benchmark::DoNotOptimize(tokens.data());
  });
}
void BM_FssSearch(benchmark::State& state) {
  run_mix(state, [](Fixture& f, size_t i) {
    benchmark::DoNotOptimize(f.searcher->search(f.requests[i]));
  });
}
void BM_FssResponseToJson(benchmark::State& state) {
  run_mix(state, [](Fixture& f, size_t i) {
    benchmark::DoNotOptimize(fss::response_to_json(f.responses[i]));
  });
}
void BM_FssFullAnswer(benchmark::State& state) {
  run_mix(state, [](Fixture& f, size_t i) {
    auto answer = f.searcher->search(f.requests[i]);
    if (answer.is_ok()) benchmark::DoNotOptimize(fss::response_to_json(answer.value()));
  });
}
BENCHMARK(BM_BareTop10)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BareFacets)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BareSnippets)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FssAnalyzeQuery)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FssSearch)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FssResponseToJson)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FssFullAnswer)->Unit(benchmark::kMicrosecond);

// ---- the latency runner -------------------------------------------------------------

struct Variant {
  const char* name;
  const char* what;
  std::function<void(Fixture&, size_t)> run;
  std::vector<double> ms;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

// Every variant of the latency runner; `tokens` and `sink` keep the work from being
// optimised away.
std::vector<Variant> make_variants(std::vector<fss::Token>* tokens, uint64_t* sink) {
  return {
      {"bare_top10",
       "bare Xapian: QueryParser + top 10",
       [=](Fixture& x, size_t i) { *sink += x.bare->search(x.requests[i], false, false); },
       {}},
      {"bare_facets",
       "bare Xapian: top 10 + exact facets (ValueCountMatchSpy)",
       [=](Fixture& x, size_t i) { *sink += x.bare->search(x.requests[i], true, false); },
       {}},
      {"bare_snippets",
       "bare Xapian: top 10 + snippet()",
       [=](Fixture& x, size_t i) { *sink += x.bare->search(x.requests[i], false, true); },
       {}},
      {"bare_full",
       "bare Xapian: top 10 + facets + snippet()",
       [=](Fixture& x, size_t i) { *sink += x.bare->search(x.requests[i], true, true); },
       {}},
      {"fss_analyze",
       "fss: Analyzer::analyze(query)",
       [=](Fixture& x, size_t i) {
         tokens->clear();
         x.analyzer->analyze(x.requests[i].query, tokens);
         *sink += tokens->size();
       },
       {}},
      {"fss_json",
       "fss: response_to_json alone",
       [=](Fixture& x, size_t i) { *sink += fss::response_to_json(x.responses[i]).size(); },
       {}},
      {"fss_search",
       "fss: Searcher::search (top 10 + facets + snippets)",
       [=](Fixture& x, size_t i) { *sink += x.searcher->search(x.requests[i])->total; },
       {}},
      {"fss_full",
       "fss: full answer (search + JSON)",
       [=](Fixture& x, size_t i) {
         auto a = x.searcher->search(x.requests[i]);
         if (a.is_ok()) *sink += fss::response_to_json(a.value()).size();
       },
       {}},
  };
}

// The per-query times of each variant, `rounds` rounds after one warm-up round.
void measure(Fixture& f, int rounds, std::vector<Variant>* variants) {
  // Each variant runs the whole mix in turn, so no variant ever follows another one on the
  // same query (which would find that query's blocks and postings warm in the CPU caches
  // and in Xapian's own block cache); rounds alternate the variants so that drift in the
  // machine's load touches all of them alike.
  for (int round = -1; round < rounds; ++round) {  // round -1 warms the page cache
    for (Variant& v : *variants) {
      for (size_t i = 0; i < f.requests.size(); ++i) {
        const auto t0 = Clock::now();
        v.run(f, i);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (round >= 0) v.ms.push_back(ms);
      }
    }
  }
}

// The table on stdout, and in `tsv_path` when given.
void report(const Fixture& f, int rounds, const std::vector<Variant>& variants,
            const std::string& tsv_path) {
  double base_median = 0, base_p99 = 0;
  for (const Variant& v : variants)
    if (std::strcmp(v.name, "bare_top10") == 0)
      base_median = percentile(v.ms, 0.5), base_p99 = percentile(v.ms, 0.99);
  std::printf("%s posts, %llu documents, %zu queries x %d rounds\n", f.posts.c_str(),
              static_cast<unsigned long long>(f.documents), f.requests.size(), rounds);
  std::printf("%-14s %9s %9s %9s %9s %9s %8s %8s  %s\n", "variant", "median_ms", "p90_ms", "p99_ms",
              "max_ms", "mean_ms", "x_median", "x_p99", "what");
  std::FILE* tsv = tsv_path.empty() ? nullptr : std::fopen(tsv_path.c_str(), "w");
  if (tsv)
    std::fprintf(
        tsv,
        "variant\tposts\tdocuments\tmedian_ms\tp90_ms\tp99_ms\tmax_ms\tmean_ms\tx_median\tx_p99\n");
  for (const Variant& v : variants) {
    double mean = 0;
    for (double x : v.ms) mean += x;
    mean /= std::max<size_t>(1, v.ms.size());
    const double med = percentile(v.ms, 0.5), p90 = percentile(v.ms, 0.9),
                 p99 = percentile(v.ms, 0.99), mx = percentile(v.ms, 1.0);
    const double xm = base_median > 0 ? med / base_median : 0,
                 xp = base_p99 > 0 ? p99 / base_p99 : 0;
    std::printf("%-14s %9.3f %9.3f %9.3f %9.3f %9.3f %8.2f %8.2f  %s\n", v.name, med, p90, p99, mx,
                mean, xm, xp, v.what);
    if (tsv)
      std::fprintf(tsv, "%s\t%s\t%llu\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.3f\t%.3f\n", v.name,
                   f.posts.c_str(), static_cast<unsigned long long>(f.documents), med, p90, p99, mx,
                   mean, xm, xp);
  }
  if (tsv) std::fclose(tsv);
}

int run_latency(int rounds, const std::string& tsv_path, const std::string& only) {
  Fixture& f = fixture();
  if (!f.error.empty()) {
    std::fprintf(stderr, "search_bench: %s\n", f.error.c_str());
    return 1;
  }
  std::vector<fss::Token> tokens;
  uint64_t sink = 0;
  std::vector<Variant> variants = make_variants(&tokens, &sink);
  if (!only.empty())
    variants.erase(
        std::remove_if(variants.begin(), variants.end(),
                       [&](const Variant& v) { return only.find(v.name) == std::string::npos; }),
        variants.end());
  measure(f, rounds, &variants);
  report(f, rounds, variants, tsv_path);
  benchmark::DoNotOptimize(sink);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 5;
  std::string tsv, only;
  bool latency = false;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--latency")
      latency = true;
    else if (a == "--rounds" && i + 1 < argc)
      rounds = std::max(1, std::atoi(argv[++i]));
    else if (a == "--tsv" && i + 1 < argc)
      tsv = argv[++i];
    else if (a == "--only" && i + 1 < argc)
      only = argv[++i];  // variant names, comma-separated
    else
      rest.push_back(argv[i]);
  }
  if (latency) return run_latency(rounds, tsv, only);
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
