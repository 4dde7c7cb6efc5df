// fss-index import: raw page dumps to corpus/archive.jsonl.
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "commands.h"
#include "fss/archive.h"
#include "fss/importer.h"

namespace fss::cli {
namespace {

constexpr const char* kImportUsage =
    "usage: fss-index import [-o FILE] [--metadata FILE | --no-metadata] [--explain] RAW...\n"
    "       fss-index import [-o FILE] [--focus-areas FILE] --wxr EXPORT.xml\n"
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
    "  --explain          print, per post, the file and line where it starts and the\n"
    "                     signals that made it a post, and every dropped line with why\n"
    "  --wxr FILE         read a WordPress export (Tools > Export) instead of dumps:\n"
    "                     published posts and approved comments, permalinks as url\n"
    "  --focus-areas FILE with --wxr: categories/tags naming these areas become the\n"
    "                     post's areas (default focus-areas.json beside the output)\n"
    "  -h, --help         this text\n"
    "\n"
    "Problems are printed as FILE:LINE: message; \"warning:\" marks a guess the importer\n"
    "was unsure about (nothing left out). Metadata entries for posts that the dumps do\n"
    "not have are warned about and not used.\n"
    "\n"
    "Exit status: 0 all imported, 1 something was skipped (see the problems listed;\n"
    "the rest is written), 2 usage, metadata or output errors.\n";

struct ImportArgs {
  std::string output = "corpus/archive.jsonl";
  std::string metadata;
  bool metadata_given = false;
  bool no_metadata = false;
  bool explain = false;
  std::string wxr, focus_areas;
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
    } else if (a == "--explain") {
      out->explain = true;
    } else if (a == "--wxr") {
      if (!value(&out->wxr)) return 2;
    } else if (a == "--focus-areas") {
      if (!value(&out->focus_areas)) return 2;
    } else if (a.size() > 1 && a[0] == '-') {
      std::fprintf(stderr, "fss-index import: unknown option '%s'\n\n%s", a.c_str(), kImportUsage);
      return 2;
    } else {
      out->raw.push_back(a);
    }
  }
  if (!out->wxr.empty()) {
    if (out->raw.empty() && !out->explain && !out->metadata_given) return -1;
    std::fprintf(stderr, "fss-index import: --wxr takes no RAW dump, --explain or --metadata\n\n%s",
                 kImportUsage);
    return 2;
  }
  if (out->raw.empty()) {
    std::fprintf(stderr, "fss-index import: no RAW dump given\n\n%s", kImportUsage);
    return 2;
  }
  return -1;
}

// Per dump: each post's first line and why it starts there, then the dropped lines.
void print_explain(const ImportReport& report) {
  for (const DumpTrace& dump : report.traces) {
    std::printf("%s: %zu posts\n", dump.file.c_str(), dump.posts.size());
    for (size_t i = 0; i < dump.posts.size(); ++i) {
      const PostTrace& post = dump.posts[i];
      std::printf("%s:%d: post %zu '%s'\n", dump.file.c_str(), post.line, i + 1,
                  post.title.c_str());
      for (const std::string& signal : post.signals) std::printf("    %s\n", signal.c_str());
      std::map<std::string, int> places;
      for (const LineFate& f : dump.lines) {
        if (f.post == static_cast<int>(i)) ++places[line_place_name(f.place)];
      }
      std::string counts;
      for (const auto& [place, n] : places) {
        counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + place;
      }
      std::printf("    lines: %s\n", counts.c_str());
    }
    for (const LineFate& f : dump.lines) {
      if (f.place != LinePlace::kDropped) continue;
      std::printf("%s:%d: dropped (%s): %s\n", dump.file.c_str(), f.line, f.reason.c_str(),
                  f.text.c_str());
    }
  }
}

}  // namespace

int run_import(const std::vector<std::string>& args) {
  ImportArgs a;
  if (const int status = parse_args(args, &a); status >= 0) return status;
  if (!a.wxr.empty()) return run_import_wxr({a.wxr, a.output, a.focus_areas});

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
  int metadata_warnings = 0;
  for (const std::string& id : apply_metadata(metadata, &posts)) {
    std::fprintf(stderr, "warning: %s: no imported post has the id '%s': entry not used\n",
                 metadata_path.c_str(), id.c_str());
    ++metadata_warnings;
  }
  if (a.explain) print_explain(report);
  size_t comments = 0;
  for (const Post& p : posts) comments += p.comments.size();
  const int warnings = report.warnings() + metadata_warnings;
  std::fprintf(stderr,
               "imported %zu posts, %zu comments from %d files (%d skipped), %zu problems "
               "(%d warnings)\n",
               posts.size(), comments, report.files_read, report.files_skipped,
               report.problems.size() + metadata_warnings, warnings);
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
