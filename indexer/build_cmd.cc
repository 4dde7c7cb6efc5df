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
    "                       [--focus-areas FILE] [--threads N] [--shards N] [--quiet]\n"
    "\n"
    "Builds the search index from the archive and switches readers to it atomically.\n"
    "  --archive FILE      the archive (default corpus/archive.jsonl)\n"
    "  --index DIR         the index directory (default $FSS_INDEX, else index)\n"
    "  --synonyms FILE     default: synonyms.txt beside the archive, if present\n"
    "  --focus-areas FILE  default: focus-areas.json beside the archive, if present\n"
    "  --threads N         analysis threads (default: one per core)\n"
    "  --shards N          also write the index as N shards (1 to 64) under DIR/shards/,\n"
    "                      one for each xapian-tcpsrv (default 1: no shards)\n"
    "  --quiet             no progress, only errors and the summary\n";

// "--threads" or "--shards" as a number from 1 to `max`; false (said on stderr) otherwise.
bool parse_count(const std::string& flag, const std::string& v, long max, unsigned* out) {
  char* end = nullptr;
  const long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end || n < 1 || n > max) {
    std::fprintf(stderr, "fss-index build: %s: not a number from 1 to %ld: '%s'\n", flag.c_str(),
                 max, v.c_str());
    return false;
  }
  *out = static_cast<unsigned>(n);
  return true;
}

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
               a == "--threads" || a == "--shards") {
      const std::string* v = value(a.c_str());
      if (!v) return 2;
      if (a == "--archive") options.archive_path = *v;
      if (a == "--index") options.index_dir = *v;
      if (a == "--synonyms") options.synonyms_path = *v;
      if (a == "--focus-areas") options.focus_areas_path = *v;
      if (a == "--threads" && !parse_count(a, *v, 256, &options.threads)) return 2;
      if (a == "--shards" && !parse_count(a, *v, kMaxShards, &options.shards)) return 2;
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
  if (stats->shards > 1) {
    std::string counts;
    for (uint64_t n : stats->shard_documents)
      counts += (counts.empty() ? "" : ", ") + std::to_string(n);
    std::fprintf(stderr, "fss-index build: %u shards: %s documents, %s -> %s/shards/\n",
                 stats->shards, counts.c_str(), human_bytes(stats->shard_bytes).c_str(),
                 options.index_dir.c_str());
  }
  for (const std::string& w : stats->warnings)
    std::fprintf(stderr, "fss-index build: warning: %s\n", w.c_str());
  if (!stats->archive_errors.empty()) {
    std::fprintf(stderr, "fss-index build: %zu bad archive line(s) skipped\n",
                 stats->archive_errors.size());
    return 1;
  }
  return 0;
}

}  // namespace fss::cli
