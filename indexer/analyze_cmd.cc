// fss-index analyze: the analyzer's tokens and terms as JSON, to see why a post does or
// does not match a query.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "commands.h"
#include "fss/analyzer.h"

namespace fss::cli {
namespace {

constexpr const char* kAnalyzeUsage =
    "usage: fss-index analyze [--no-compounds] TEXT...\n"
    "\n"
    "Prints the tokens of TEXT (the arguments joined by spaces; '-' reads standard\n"
    "input) with byte offsets, positions and terms (exact, stem, compound, folded)\n"
    "as JSON.\n"
    "\n"
    "  --no-compounds  skip compound splitting (and the hunspell lexicon)\n";

}  // namespace

int run_analyze(const std::vector<std::string>& args) {
  AnalyzerOptions options;
  std::vector<std::string> words;
  bool options_done = false;
  for (const std::string& arg : args) {
    if (!options_done && (arg == "--help" || arg == "-h")) {
      std::fputs(kAnalyzeUsage, stdout);
      return 0;
    }
    if (!options_done && arg == "--no-compounds") {
      options.compounds = false;
    } else if (!options_done && arg == "--") {
      options_done = true;
    } else if (!options_done && arg.size() > 1 && arg[0] == '-' && arg[1] == '-') {
      std::fprintf(stderr, "fss-index analyze: unknown option '%s'\n\n%s", arg.c_str(),
                   kAnalyzeUsage);
      return 2;
    } else {
      words.push_back(arg);
    }
  }
  if (words.empty()) {
    std::fputs(kAnalyzeUsage, stderr);
    return 2;
  }
  std::string text;
  for (const std::string& word : words) {
    if (!text.empty()) text += ' ';
    if (word == "-") {
      text.append(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      text += word;
    }
  }

  auto analyzer = Analyzer::create(options);
  if (!analyzer.is_ok()) {
    std::fprintf(stderr, "fss-index analyze: %s\n", analyzer.status().to_string().c_str());
    return 1;
  }
  std::vector<Token> tokens;
  const Status status = (*analyzer)->analyze(text, &tokens);
  if (!status.is_ok()) {
    std::fprintf(stderr, "fss-index analyze: %s\n", status.message().c_str());
    return 2;
  }
  std::cout << tokens_to_json(tokens, 2) << '\n';
  return 0;
}

}  // namespace fss::cli
