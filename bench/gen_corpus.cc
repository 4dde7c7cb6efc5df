// gen-corpus: a synthetic archive of N posts for the benchmarks, or the query mix.
//
//   gen-corpus N [--seed S] [-o FILE]          N posts (and their comments) as archive lines
//   gen-corpus --queries N [--seed S] [-o FILE] N queries, one URL query string a line
//
// Vocabulary: the real archive (corpus/archive.jsonl) and hunspell sv_SE; focus-area terms
// from corpus/focus-areas.json (bench/corpus_gen.h says how). Statistics go to stderr.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "corpus_gen.h"

namespace {

constexpr const char* kUsage =
    "usage: gen-corpus N [--seed S] [-o FILE] [--corpus DIR] [--dic FILE]\n"
    "       gen-corpus --queries N [--seed S] [-o FILE]\n"
    "  N            posts to write (comments come on about a third of them)\n"
    "  --seed S     default 1; the same seed gives the same bytes\n"
    "  -o FILE      default standard output\n"
    "  --corpus DIR where archive.jsonl and focus-areas.json are (default: the source tree's)\n"
    "  --dic FILE   hunspell dictionary (default /usr/share/hunspell/sv_SE.dic)\n";

bool parse_count(const char* s, uint64_t* out) {
  char* end = nullptr;
  const unsigned long long n = std::strtoull(s, &end, 10);
  if (!*s || *end) return false;
  *out = n;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  fss::bench::CorpusOptions options;
  std::string corpus_dir = std::string(FSS_SOURCE_DIR) + "/corpus";
  std::string out_path;
  uint64_t count = 0, queries = 0;
  bool have_count = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_next = i + 1 < argc;
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--seed" && has_next && parse_count(argv[i + 1], &options.seed)) {
      ++i;
    } else if (a == "-o" && has_next) {
      out_path = argv[++i];
    } else if (a == "--corpus" && has_next) {
      corpus_dir = argv[++i];
    } else if (a == "--dic" && has_next) {
      options.dic_path = argv[++i];
    } else if (a == "--queries" && has_next && parse_count(argv[i + 1], &queries)) {
      ++i;
    } else if (!have_count && parse_count(argv[i], &count)) {
      have_count = true;
    } else {
      std::fprintf(stderr, "gen-corpus: bad argument '%s'\n\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (!have_count && !queries) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  options.archive_path = corpus_dir + "/archive.jsonl";
  options.focus_areas_path = corpus_dir + "/focus-areas.json";
  const auto start = std::chrono::steady_clock::now();
  auto gen = fss::bench::CorpusGenerator::create(options);
  if (!gen.is_ok()) {
    std::fprintf(stderr, "gen-corpus: %s\n", gen.status().message().c_str());
    return 1;
  }
  std::FILE* out = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::perror(out_path.c_str());
    return 1;
  }
  static char buffer[1 << 20];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);
  if (queries) {
    for (const std::string& q : gen->queries(queries)) std::fprintf(out, "%s\n", q.c_str());
  } else {
    const uint64_t docs = gen->write_archive(count, out);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "gen-corpus: %llu posts, %llu documents, vocabulary %zu words, %.1f s\n",
                 static_cast<unsigned long long>(count), static_cast<unsigned long long>(docs),
                 gen->vocabulary_size(), s);
  }
  if (std::fflush(out) != 0 || (out != stdout && std::fclose(out) != 0)) {
    std::perror(out_path.empty() ? "stdout" : out_path.c_str());
    return 1;
  }
  return 0;
}
