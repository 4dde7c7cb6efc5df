// fss-index replicate: a read replica's index directory brought to the source's live
// generation (include/fss/replica.h; doc/scaling.md for replicas on other hosts).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "commands.h"
#include "fss/replica.h"

namespace fss::cli {
namespace {

constexpr const char* kReplicateUsage =
    "usage: fss-index replicate [--index DIR] --to DIR [--quiet]\n"
    "\n"
    "Copies the live generation of an index directory to a replica's index directory and\n"
    "switches the replica's readers to it atomically; old generations go as after a build.\n"
    "  --index DIR   the source (default $FSS_INDEX, else index): the build host's index\n"
    "                directory, or a mirror of it that rsync keeps on the replica host\n"
    "  --to DIR      the replica's index directory, written only by this command\n"
    "  --quiet       only errors\n";

// Parses the flags into `o`; 0 to go on, else the exit status.
int parse(const std::vector<std::string>& args, ReplicaOptions* o, bool* quiet) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kReplicateUsage, stdout);
      return -1;
    } else if (a == "--quiet" || a == "-q") {
      *quiet = true;
    } else if (a == "--index" || a == "--to") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "fss-index replicate: %s needs a value\n", a.c_str());
        return 2;
      }
      (a == "--index" ? o->source_dir : o->target_dir) = args[++i];
    } else {
      std::fprintf(stderr, "fss-index replicate: unknown argument '%s'\n\n%s", a.c_str(),
                   kReplicateUsage);
      return 2;
    }
  }
  if (o->target_dir.empty()) {
    std::fprintf(stderr, "fss-index replicate: --to DIR is required\n\n%s", kReplicateUsage);
    return 2;
  }
  return 0;
}

}  // namespace

int run_replicate(const std::vector<std::string>& args) {
  ReplicaOptions options;
  options.source_dir = "index";
  if (const char* env = std::getenv("FSS_INDEX"); env && *env) options.source_dir = env;
  bool quiet = false;
  if (const int rc = parse(args, &options, &quiet); rc != 0) return rc < 0 ? 0 : rc;
  const auto stats = replicate_index(options);
  if (!stats.is_ok()) {
    std::fprintf(stderr, "fss-index replicate: %s\n", stats.status().message().c_str());
    return stats.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  const ReplicaStats& s = stats.value();
  for (const auto& e : s.cleanup_errors)
    std::fprintf(stderr, "fss-index replicate: warning: old generation not removed: %s\n",
                 e.c_str());
  if (!quiet && s.copied)
    std::printf("%s: %s live (%llu documents; %llu files, %llu bytes copied)\n",
                options.target_dir.c_str(), s.generation.c_str(),
                static_cast<unsigned long long>(s.documents),
                static_cast<unsigned long long>(s.files), static_cast<unsigned long long>(s.bytes));
  else if (!quiet)
    std::printf("%s: already at %s\n", options.target_dir.c_str(), s.generation.c_str());
  return s.cleanup_errors.empty() ? 0 : 1;
}

}  // namespace fss::cli
