// Analyzer throughput, one thread, on the archive's raw text (corpus/raw/*.txt), or, with
// FSS_ANALYZER_ARCHIVE=FILE, on the titles, bodies and comments of the first 2 MB of an
// archive file (e.g. one written by bench/gen-corpus: a 150k-word vocabulary).
//
// Workloads:
//   BM_AnalyzeNoCompounds   the chain without the compound step (no hunspell at all)
//   BM_AnalyzeWarmCompounds the full chain, compound cache warmed by one pass first
//   BM_AnalyzeColdCompounds the full chain with a fresh cache each pass (first sight of
//                           a vocabulary: what an index build pays once per word)
//   BM_CompoundPartsWarm    only the compound step (cache look-ups) over the same tokens
// Bytes/s counters are MB/s of input text.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/archive.h"

namespace {

// Titles, bodies and comment bodies of the archive's lines, up to `limit` bytes of text.
std::string archive_text(const std::string& path, size_t limit) {
  std::string all, line;
  std::ifstream in(path, std::ios::binary);
  while (all.size() < limit && std::getline(in, line)) {
    auto post = fss::parse_post_line(line);
    if (!post.is_ok()) continue;
    all += post->title + "\n" + post->body + "\n";
    for (const fss::Comment& c : post->comments) all += c.body + "\n";
  }
  return all;
}

const std::string& corpus_text() {
  static const std::string text = [] {
    if (const char* archive = std::getenv("FSS_ANALYZER_ARCHIVE"); archive && *archive)
      return archive_text(archive, 2 * 1024 * 1024);
    std::string all;
    const std::filesystem::path dir = std::filesystem::path(FSS_SOURCE_DIR) / "corpus" / "raw";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() != ".txt") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream s;
      s << in.rdbuf();
      all += s.str();
      all += '\n';
    }
    return all;
  }();
  return text;
}

std::unique_ptr<fss::Analyzer> make_analyzer(bool compounds) {
  fss::AnalyzerOptions options;
  options.compounds = compounds;
  auto created = fss::Analyzer::create(options);
  if (!created.is_ok()) return nullptr;
  return std::move(created.value());
}

void run_analyze(benchmark::State& state, const fss::Analyzer& analyzer) {
  const std::string& text = corpus_text();
  std::vector<fss::Token> tokens;
  for (auto _ : state) {
    tokens.clear();
    benchmark::DoNotOptimize(analyzer.analyze(text, &tokens));
    benchmark::DoNotOptimize(tokens.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = static_cast<double>(tokens.size());
}

void BM_AnalyzeNoCompounds(benchmark::State& state) {
  auto analyzer = make_analyzer(false);
  if (!analyzer) return state.SkipWithError("cannot create the analyzer");
  run_analyze(state, *analyzer);
}
BENCHMARK(BM_AnalyzeNoCompounds);

void BM_AnalyzeWarmCompounds(benchmark::State& state) {
  auto analyzer = make_analyzer(true);
  if (!analyzer) return state.SkipWithError("cannot create the analyzer");
  std::vector<fss::Token> warm;
  analyzer->analyze(corpus_text(), &warm);
  run_analyze(state, *analyzer);
}
BENCHMARK(BM_AnalyzeWarmCompounds);

void BM_AnalyzeColdCompounds(benchmark::State& state) {
  const std::string& text = corpus_text();
  for (auto _ : state) {
    state.PauseTiming();
    auto analyzer = make_analyzer(true);  // loading hunspell is not what we measure
    std::vector<fss::Token> tokens;
    state.ResumeTiming();
    benchmark::DoNotOptimize(analyzer->analyze(text, &tokens));
    state.PauseTiming();
    analyzer.reset();
    state.ResumeTiming();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_AnalyzeColdCompounds)->Iterations(3)->Unit(benchmark::kMillisecond);

void BM_CompoundPartsWarm(benchmark::State& state) {
  auto analyzer = make_analyzer(true);
  if (!analyzer) return state.SkipWithError("cannot create the analyzer");
  std::vector<fss::Token> tokens;
  analyzer->analyze(corpus_text(), &tokens);
  for (auto _ : state) {
    for (const fss::Token& t : tokens) {
      if (!t.number && !t.stopword) benchmark::DoNotOptimize(analyzer->compound_parts(t.norm));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus_text().size()));
}
BENCHMARK(BM_CompoundPartsWarm);

}  // namespace

BENCHMARK_MAIN();
