// Private to the snippet maker: the steps both of its paths share (make_snippet_reference
// in snippet.cc analyses the whole text, make_snippet in snippet_scan.cc scans it by bytes
// first). Offsets are bytes of the scanned text.
#ifndef FSS_SRC_SEARCH_SNIPPET_PASSAGE_H_
#define FSS_SRC_SEARCH_SNIPPET_PASSAGE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "fss/analyzer.h"

namespace fss {
namespace snippet {

// How far before the first match a passage may start, to give it some context.
inline constexpr size_t kLeadBytes = 60;

// A byte range [start, end) of the text.
struct Span {
  size_t start, end;
};

// ASCII whitespace: what the snippet collapses, and where words may be cut apart.
inline bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// A cut that does not split a UTF-8 sequence, moving backwards from `i`.
size_t char_boundary(std::string_view s, size_t i);

// The part of a stored text a snippet is cut from: invalid UTF-8 repaired (into
// *repaired, which the result may point into), at most 64 KB, without leading whitespace
// (it would only become a leading space). Both snippet paths start here.
std::string_view scan_text(std::string_view raw, std::string* repaired);

// The index in `hits` (sorted, not empty) of the best window's first hit: the window of
// at most `max_bytes` starting at a hit that covers the most hits.
size_t best_window(const std::vector<Span>& hits, size_t max_bytes);

// Where the passage starts, given the first hit of the best window and the tokens around
// it (in order, from at least kLeadBytes before it): a token start within kLeadBytes,
// preferring a sentence start; 0 when that is near the start.
size_t passage_begin(std::string_view text, const std::vector<Token>& toks, const Span& first);

// The passage [begin, end) of `text` as HTML, the `hits` (sorted) in <mark>, "…" where
// text was cut.
std::string render(std::string_view text, const std::vector<Span>& hits, size_t begin, size_t end);

}  // namespace snippet
}  // namespace fss

#endif  // FSS_SRC_SEARCH_SNIPPET_PASSAGE_H_
