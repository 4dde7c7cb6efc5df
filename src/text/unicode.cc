#include "text/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>

namespace fss::unicode {
namespace {

// Fold table for U+00C0..U+024F, built once from ICU's canonical decompositions, so the
// hot path is a table look-up instead of an NFD round-trip per word.
constexpr char32_t kFoldFirst = 0x00C0;
constexpr char32_t kFoldLast = 0x024F;

class FoldTable {
 public:
  FoldTable() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    for (char32_t cp = kFoldFirst; cp <= kFoldLast; ++cp) {
      icu::UnicodeString decomposition;
      if (U_FAILURE(status) || !nfd->getDecomposition(cp, decomposition)) continue;
      const UChar32 base = decomposition.char32At(0);
      if (base >= 0x80) continue;
      bool marks_only = true;
      for (int32_t i = U16_LENGTH(base); i < decomposition.length(); ++i) {
        const char16_t c = decomposition.charAt(i);
        if (c < 0x0300 || c > 0x036F) marks_only = false;
      }
      if (marks_only) at(cp) = std::string(1, static_cast<char>(base));
    }
    // Letters without a decomposition that Swedish readers treat as variants.
    const std::pair<char32_t, const char*> extra[] = {
        {0x00E6, "ae"}, {0x00C6, "ae"}, {0x00F8, "o"},  {0x00D8, "o"},
        {0x0153, "oe"}, {0x0152, "oe"}, {0x00DF, "ss"}, {0x0111, "d"},
        {0x0110, "d"},  {0x0142, "l"},  {0x0141, "l"},  {0x00FE, "th"},
        {0x00DE, "th"}, {0x00F0, "d"},  {0x00D0, "d"},  {0x0131, "i"},
    };
    for (const auto& [cp, to] : extra) at(cp) = to;
  }
  // Empty: keep the character.
  const std::string& lookup(char32_t cp) const {
    static const std::string kNone;
    return cp >= kFoldFirst && cp <= kFoldLast ? table_[cp - kFoldFirst] : kNone;
  }

 private:
  std::string& at(char32_t cp) { return table_[cp - kFoldFirst]; }
  std::array<std::string, kFoldLast - kFoldFirst + 1> table_;
};

const FoldTable& fold_table() {
  static const FoldTable table;
  return table;
}

}  // namespace

bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string normalize(std::string_view s) {
  if (is_ascii(s)) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string();
  // Fold first, then compose: folding NFD input ("fo\u0308rsta") keeps the marks apart
  // and NFC then joins them, so NFD and NFC spellings give the same bytes.
  icu::UnicodeString word =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  word.foldCase();
  icu::UnicodeString composed = nfc->normalize(word, status);
  if (U_FAILURE(status)) return std::string();
  std::string out;
  composed.toUTF8String(out);
  return out;
}

std::string fold(std::string_view norm) {
  if (is_ascii(norm)) return std::string(norm);
  const FoldTable& table = fold_table();
  std::string out;
  out.reserve(norm.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(norm.data());
  const int32_t length = static_cast<int32_t>(norm.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 cp;
    U8_NEXT(bytes, i, length, cp);
    if (cp >= 0x0300 && cp <= 0x036F) continue;  // a stray combining mark
    const std::string& to = cp >= 0 ? table.lookup(static_cast<char32_t>(cp)) : std::string();
    if (to.empty()) {
      out.append(norm.data() + start, static_cast<size_t>(i - start));
    } else {
      out += to;
    }
  }
  return out;
}

}  // namespace fss::unicode
