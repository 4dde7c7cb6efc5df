// fss-index: the offline side of fss-search (import raw dumps, analyze text, build the index).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "commands.h"

namespace {

constexpr const char* kUsage =
    "usage: fss-index COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  import [-o corpus/archive.jsonl] [--metadata FILE] RAW... | --wxr EXPORT.xml\n"
    "                 segment raw page dumps into the archive of posts and comments\n"
    "  build [--archive corpus/archive.jsonl] [--index DIR]\n"
    "                 build the search index from the archive\n"
    "  sync --wordpress URL [--archive FILE] [--index DIR]\n"
    "                 bring the archive up to date with a WordPress site, rebuild the index\n"
    "  replicate [--index DIR] --to DIR\n"
    "                 copy the live generation to a read replica's index directory, switch it\n"
    "  analyze TEXT   print the analyzer's tokens and terms as JSON\n"
    "\n"
    "Run 'fss-index COMMAND --help' for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "import") return fss::cli::run_import(args);
  if (command == "build") return fss::cli::run_build(args);
  if (command == "sync") return fss::cli::run_sync(args);
  if (command == "replicate") return fss::cli::run_replicate(args);
  if (command == "analyze") return fss::cli::run_analyze(args);
  std::fprintf(stderr, "fss-index: unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}
