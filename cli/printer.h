// fss-search's human-readable output: a ranked list people read easily.
#ifndef FSS_CLI_PRINTER_H_
#define FSS_CLI_PRINTER_H_

#include <string>

#include "fss/search.h"

namespace fss::cli {

// `color`: matches in bold (ANSI) when true, plain text when false (piped output).
std::string format_results(const SearchResponse& response, bool color);

// A snippet's HTML as terminal text: <mark> as bold (or nothing), entities decoded.
std::string snippet_to_text(const std::string& html, bool color);

}  // namespace fss::cli

#endif  // FSS_CLI_PRINTER_H_
