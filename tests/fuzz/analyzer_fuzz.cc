// libFuzzer target: any bytes through the analyzer. Invalid UTF-8 must be an error and
// nothing else; valid text must give tokens whose offsets lie inside the text, in order.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "fss/analyzer.h"
#include "fss/utf8.h"

namespace {
const fss::Analyzer& analyzer() {
  static std::unique_ptr<fss::Analyzer> a = std::move(fss::Analyzer::create().value());
  return *a;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<fss::Token> tokens;
  const fss::Status st = analyzer().analyze(text, &tokens);
  const bool valid = !fss::find_invalid_utf8(text).has_value();
  if (st.is_ok() != valid) std::abort();
  size_t last_end = 0;
  for (const fss::Token& t : tokens) {
    if (t.start > t.end || t.end > text.size() || t.start < last_end || t.terms.empty()) std::abort();
    last_end = t.end;
  }
  if (valid) fss::tokens_to_json(tokens);  // must not throw on anything the analyzer made
  return 0;
}
