// fss-search's human-readable output: a ranked list people read easily.
#ifndef FSS_CLI_PRINTER_H_
#define FSS_CLI_PRINTER_H_

#include <string>
#include <vector>

#include "fss/search.h"

namespace fss::cli {

// How output looks: `color` bolds matches (ANSI), `width` is where lines wrap (columns).
struct Style {
  bool color = false;
  size_t width = 80;
};

// The hits, each with its id (what --post takes) and url when known; snippets wrapped at
// word boundaries.
std::string format_results(const SearchResponse& response, const Style& style);

// A post as --post prints it: heading, body, comments; then, when `matches` (hits of the
// query inside this post: the post and/or its comments) is not empty, where they matched.
std::string format_post(const PostView& view, const std::vector<Hit>& matches, const Style& style);

// A snippet's HTML as terminal text: <mark> as bold (or nothing), entities decoded.
std::string snippet_to_text(const std::string& html, bool color);

// `text` as lines of at most `width` columns (code points; ANSI escapes take none), broken
// at spaces, each line after `indent` spaces and ending in '\n'. A word longer than a line
// has one to itself.
std::string wrap(const std::string& text, size_t indent, size_t width);

}  // namespace fss::cli

#endif  // FSS_CLI_PRINTER_H_
