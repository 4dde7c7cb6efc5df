// UTF-8 validation where text enters the system (archive lines, query parameters, dumps).
#ifndef FSS_UTF8_H_
#define FSS_UTF8_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fss {

// The byte offset of the first invalid UTF-8 sequence in `s` (overlongs, surrogates and
// code points past U+10FFFF are invalid), or nullopt when `s` is valid.
std::optional<size_t> find_invalid_utf8(std::string_view s);

// `s` with every invalid sequence replaced by U+FFFD.
std::string repair_utf8(std::string_view s);

}  // namespace fss

#endif  // FSS_UTF8_H_
