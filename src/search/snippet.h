// Private to the core library: the passage of a document shown under a hit.
#ifndef FSS_SRC_SNIPPET_H_
#define FSS_SRC_SNIPPET_H_

#include <string>
#include <string_view>

#include "fss/analyzer.h"
#include "search/query_builder.h"

namespace fss {

inline constexpr size_t kSnippetBytes = 240;

// HTML: the window of about `max_bytes` of `text` holding the most words of `highlight`,
// cut at word boundaries, with "…" where text was cut, every matching word (in any of
// its forms: exact, stem, compound part, folded) in <mark>, everything else escaped and
// whitespace runs shown as one space. With nothing to highlight or nothing matching: the
// start of the text. Invalid UTF-8 is repaired, never passed through.
std::string make_snippet(std::string_view text, const Analyzer& analyzer,
                         const HighlightSet& highlight, size_t max_bytes = kSnippetBytes);

// The same passage found the slow way: the whole text (up to 64 KB) through
// Analyzer::analyze. make_snippet must give the same bytes; kept for tests and benches.
std::string make_snippet_reference(std::string_view text, const Analyzer& analyzer,
                                   const HighlightSet& highlight, size_t max_bytes = kSnippetBytes);

// `s` with & < > " ' escaped.
void append_html_escaped(std::string_view s, std::string* out);

}  // namespace fss

#endif  // FSS_SRC_SNIPPET_H_
