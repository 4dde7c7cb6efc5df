// fss-index build: the archive -> a new live index generation.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "commands.h"
#include "fss/analyzer.h"
#include "fss/index_builder.h"
#include "progress.h"

namespace fss::cli {
namespace {

constexpr const char* kBuildUsage =
    "usage: fss-index build [--archive FILE] [--index DIR] [--synonyms FILE]\n"
    "                       [--focus-areas FILE] [--threads N] [--quiet]\n"
    "\n"
    "Builds the search index from the archive and switches readers to it atomically.\n"
    "  --archive FILE      the archive (default corpus/archive.jsonl)\n"
    "  --index DIR         the index directory (default $FSS_INDEX, else index)\n"
    "  --synonyms FILE     default: synonyms.txt beside the archive, if present\n"
    "  --focus-areas FILE  default: focus-areas.json beside the archive, if present\n"
    "  --threads N         analysis threads (default: one per core)\n"
    "  --quiet             no progress, only errors and the summary\n";

std::string human_bytes(uint64_t n) {
  char buf[32];
  if (n >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", n / double(1ull << 30));
  else if (n >= (1ull << 20)) std::snprintf(buf, sizeof buf, "%.1f MiB", n / double(1ull << 20));
  else std::snprintf(buf, sizeof buf, "%.1f KiB", n / 1024.0);
  return buf;
}

}  // namespace

int run_build(const std::vector<std::string>& args) {
  BuildOptions options;
  if (const char* env = std::getenv("FSS_INDEX"); env && *env) options.index_dir = env;
  bool quiet = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&](const char* name) -> const std::string* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "fss-index build: %s needs a value\n", name);
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kBuildUsage, stdout);
      return 0;
    } else if (a == "--quiet" || a == "-q") {
      quiet = true;
    } else if (a == "--archive" || a == "--index" || a == "--synonyms" || a == "--focus-areas" ||
               a == "--threads") {
      const std::string* v = value(a.c_str());
      if (!v) return 2;
      if (a == "--archive") options.archive_path = *v;
      if (a == "--index") options.index_dir = *v;
      if (a == "--synonyms") options.synonyms_path = *v;
      if (a == "--focus-areas") options.focus_areas_path = *v;
      if (a == "--threads") {
        char* end = nullptr;
        const long n = std::strtol(v->c_str(), &end, 10);
        if (*end || n < 1 || n > 256) {
          std::fprintf(stderr, "fss-index build: --threads: not a number from 1 to 256: '%s'\n", v->c_str());
          return 2;
        }
        options.threads = static_cast<unsigned>(n);
      }
    } else {
      std::fprintf(stderr, "fss-index build: unknown argument '%s'\n\n%s", a.c_str(), kBuildUsage);
      return 2;
    }
  }

  auto analyzer = Analyzer::create();
  if (!analyzer.is_ok()) {
    std::fprintf(stderr, "fss-index build: %s\n", analyzer.status().message().c_str());
    return 1;
  }
  ProgressPrinter printer;
  if (!quiet) options.on_progress = [&](const BuildProgress& p) { printer.update(p); };
  auto stats = build_index(options, *analyzer.value());
  printer.done();
  if (!stats.is_ok()) {
    std::fprintf(stderr, "fss-index build: %s\n", stats.status().message().c_str());
    const auto code = stats.status().code();
    return code == StatusCode::kInvalidArgument || code == StatusCode::kNotFound ? 2 : 1;
  }
  for (const ArchiveError& e : stats->archive_errors)
    std::fprintf(stderr, "fss-index build: skipped %s\n", e.to_string().c_str());
  for (const std::string& e : stats->cleanup_errors)
    std::fprintf(stderr, "fss-index build: warning: cannot remove old generation %s\n", e.c_str());
  std::fprintf(stderr,
               "fss-index build: %llu posts, %llu comments, %llu terms, index %s (%s of text), "
               "%.2f s -> %s/%s\n",
               static_cast<unsigned long long>(stats->posts),
               static_cast<unsigned long long>(stats->comments),
               static_cast<unsigned long long>(stats->terms), human_bytes(stats->index_bytes).c_str(),
               human_bytes(stats->text_bytes).c_str(), stats->seconds, options.index_dir.c_str(),
               stats->generation.c_str());
  if (!stats->archive_errors.empty()) {
    std::fprintf(stderr, "fss-index build: %zu bad archive line(s) skipped\n",
                 stats->archive_errors.size());
    return 1;
  }
  return 0;
}

}  // namespace fss::cli
