// fss-search's command line: the contract's flags (../shared/spec/search-api.md).
#ifndef FSS_CLI_OPTIONS_H_
#define FSS_CLI_OPTIONS_H_

#include <string>
#include <vector>

#include "fss/search.h"
#include "fss/status.h"

namespace fss::cli {

struct SearchOptions {
  SearchRequest request;
  std::string index_dir;  // --index, else $FSS_INDEX, else kDefaultIndex
  std::string server;     // --server URL: ask fss-searchd instead
  std::string post;       // --post ID: print that post (and where QUERY matched in it)
  bool json = false;
  bool help = false;
  bool version = false;
  std::string color = "auto";  // --color auto|always|never
};

inline constexpr const char* kDefaultIndex = "index";

// Errors: kInvalidArgument with the message to print ("--size: not a number: 'x'",
// "unknown option '-n' (see --help)"). A lone "-x" (dash and one character) is an option,
// never a query word: "-word" of two letters or more is an exclusion.
Result<SearchOptions> parse_search_options(const std::vector<std::string>& args);

extern const char* const kSearchUsage;

}  // namespace fss::cli

#endif  // FSS_CLI_OPTIONS_H_
