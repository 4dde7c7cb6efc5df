// The Unicode pieces of the analysis chain (normalisation, accent folding), shared by the
// analyzer and the snippets so both fold a word alike. Every function here may be called
// from any thread.
#ifndef FSS_SRC_TEXT_UNICODE_H_
#define FSS_SRC_TEXT_UNICODE_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fss::unicode {

// True when every byte of `s` is ASCII.
bool is_ascii(std::string_view s);

// NFC + full case folding of valid UTF-8 `s`. ASCII input takes a fast path (byte-wise
// lower case) and never touches ICU. Returns an empty string only for empty input, or if
// ICU fails (which it does not for valid UTF-8).
std::string normalize(std::string_view s);

// The accent-insensitive form of a normalized word: å,ä→a; ö,ø→o; é,è→e; ü→u; æ→ae;
// and every other Latin letter (U+00C0..U+024F) whose canonical decomposition is an
// ASCII letter plus combining marks loses its marks. Other characters are kept.
std::string fold(std::string_view norm);

}  // namespace fss::unicode

#endif  // FSS_SRC_TEXT_UNICODE_H_
