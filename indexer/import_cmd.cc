// fss-index import: raw page dumps to corpus/archive.jsonl.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.h"
#include "fss/archive.h"
#include "fss/importer.h"

namespace fss::cli {
namespace {

constexpr const char* kImportUsage =
    "usage: fss-index import [-o FILE] [--metadata FILE | --no-metadata] RAW...\n"
    "\n"
    "Segments raw page dumps into posts and comments and writes the archive\n"
    "(one JSON object a line). RAW is a dump file or a directory, whose *.txt\n"
    "files are read in name order. The rules are in doc/importer.md.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE  archive to write (default corpus/archive.jsonl)\n"
    "  --metadata FILE    hand-written facts keyed by post id, merged after import\n"
    "                     (default corpus/metadata.json when it exists)\n"
    "  --no-metadata      do not read any metadata file\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit status: 0 all imported, 1 something was skipped (see the problems listed;\n"
    "the rest is written), 2 usage, metadata or output errors.\n";

struct ImportArgs {
  std::string output = "corpus/archive.jsonl";
  std::string metadata;
  bool metadata_given = false;
  bool no_metadata = false;
  std::vector<std::string> raw;
};

// Returns -1 to go on, else the exit status.
int parse_args(const std::vector<std::string>& args, ImportArgs* out) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&](std::string* target) {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "fss-index import: %s needs a value\n\n%s", a.c_str(), kImportUsage);
        return false;
      }
      *target = args[++i];
      return true;
    };
    if (a == "-h" || a == "--help") {
      std::fputs(kImportUsage, stdout);
      return 0;
    } else if (a == "-o" || a == "--output") {
      if (!value(&out->output)) return 2;
    } else if (a == "--metadata") {
      if (!value(&out->metadata)) return 2;
      out->metadata_given = true;
    } else if (a == "--no-metadata") {
      out->no_metadata = true;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "fss-index import: unknown option '%s'\n\n%s", a.c_str(), kImportUsage);
      return 2;
    } else {
      out->raw.push_back(a);
    }
  }
  if (out->raw.empty()) {
    std::fprintf(stderr, "fss-index import: no RAW dump given\n\n%s", kImportUsage);
    return 2;
  }
  return -1;
}

}  // namespace

int run_import(const std::vector<std::string>& args) {
  ImportArgs a;
  if (const int status = parse_args(args, &a); status >= 0) return status;

  MetadataMap metadata;
  std::string metadata_path = a.metadata;
  if (!a.metadata_given && !a.no_metadata) {
    std::error_code ec;
    if (std::filesystem::exists("corpus/metadata.json", ec)) metadata_path = "corpus/metadata.json";
  }
  if (!metadata_path.empty() && !a.no_metadata) {
    Result<MetadataMap> read = read_metadata(metadata_path);
    if (!read.is_ok()) {
      std::fprintf(stderr, "fss-index import: %s\n", read.status().message().c_str());
      return 2;
    }
    metadata = std::move(read.value());
  }

  ImportReport report;
  std::vector<Post> posts = import_dumps(a.raw, ImportOptions(), &report);
  for (const ImportProblem& p : report.problems) {
    std::fprintf(stderr, "%s%s\n", p.skipped ? "" : "warning: ", p.to_string().c_str());
  }
  if (Status s = apply_metadata(metadata, &posts); !s.is_ok()) {
    std::fprintf(stderr, "fss-index import: %s: %s\n", metadata_path.c_str(), s.message().c_str());
    return 2;
  }
  size_t comments = 0;
  for (const Post& p : posts) comments += p.comments.size();
  std::fprintf(
      stderr, "imported %zu posts, %zu comments from %d files (%d skipped), %zu problems\n",
      posts.size(), comments, report.files_read, report.files_skipped, report.problems.size());
  if (posts.empty()) {
    // Writing an empty archive would silently wipe the old one.
    std::fprintf(stderr, "fss-index import: no posts: %s not written\n", a.output.c_str());
    return 1;
  }
  if (Status s = write_archive(a.output, posts); !s.is_ok()) {
    std::fprintf(stderr, "fss-index import: %s\n", s.message().c_str());
    return 2;
  }
  std::fprintf(stderr, "wrote %s\n", a.output.c_str());
  return report.anything_skipped() ? 1 : 0;
}

}  // namespace fss::cli
