// Text cleaning for the importer: Unicode normalisation, case, dates.
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "fss/archive.h"
#include "archive/dump/importer_internal.h"

namespace fss::importer_internal {
namespace {

bool is_space_like(UChar32 c) {
  // NBSP and its cousins come from HTML &nbsp;: they separate words like a space, and
  // keeping them would make "för\u00a0kommunalekonomisk" one token for the analyzer.
  return c == ' ' || c == '\t' || c == 0xA0 || c == 0x2007 || c == 0x202F || c == 0x2009 ||
         c == 0x200A || u_isspace(c);
}

icu::UnicodeString nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (U_FAILURE(status)) return u;
  icu::UnicodeString out = normalizer->normalize(u, status);
  return U_FAILURE(status) ? u : out;
}

std::string to_utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

std::string Block::text() const {
  std::string out;
  for (const Line& line : lines) {
    if (!out.empty()) out += '\n';
    out += line.text;
  }
  return out;
}

std::string normalize_line(std::string_view raw, int* indent) {
  const icu::UnicodeString u = nfc(raw);
  std::string out;
  int leading = 0;
  bool seen_text = false, pending_space = false;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (c == 0xFEFF || c == 0x200B) continue;  // BOM, zero-width space: invisible
    if (is_space_like(c)) {
      if (!seen_text) ++leading;
      pending_space = seen_text;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    seen_text = true;
    out += to_utf8(icu::UnicodeString(c));
  }
  if (indent) *indent = leading;
  return out;
}

std::vector<Block> split_blocks(std::string_view text) {
  std::vector<Block> blocks;
  Block current;
  int number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++number;
    int indent = 0;
    std::string clean = normalize_line(raw, &indent);
    if (clean.empty()) {
      if (!current.lines.empty()) blocks.push_back(std::move(current));
      current = Block();
      continue;
    }
    current.lines.push_back({number, indent, std::move(clean)});
  }
  if (!current.lines.empty()) blocks.push_back(std::move(current));
  return blocks;
}

size_t char_count(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string to_lower(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  return to_utf8(u.toLower(icu::Locale("sv")));
}

std::string capitalize(std::string_view s) {
  icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (u.isEmpty()) return std::string(s);
  const UChar32 first = u.char32At(0);
  icu::UnicodeString out(u_toupper(first));
  out.append(u, U16_LENGTH(first), u.length() - U16_LENGTH(first));
  return to_utf8(out);
}

int swedish_month(std::string_view word) {
  static const char* const kMonths[] = {"januari",   "februari", "mars",     "april",
                                        "maj",       "juni",     "juli",     "augusti",
                                        "september", "oktober",  "november", "december"};
  const std::string lower = to_lower(word);
  for (int i = 0; i < 12; ++i) {
    if (lower == kMonths[i]) return i + 1;
  }
  return 0;
}

std::optional<std::string> find_swedish_date(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    if (c == ' ' || c == ',' || c == ':' || c == '.' || c == '(' || c == ')') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  const auto all_digits = [](const std::string& w, size_t lo, size_t hi) {
    if (w.size() < lo || w.size() > hi) return false;
    for (char c : w) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    if (!all_digits(words[i], 1, 2) || !all_digits(words[i + 2], 4, 4)) continue;
    const int month = swedish_month(words[i + 1]);
    if (month == 0) continue;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", words[i + 2].c_str(), month,
                  std::stoi(words[i]));
    if (is_valid_date(buf)) return std::string(buf);
  }
  return std::nullopt;
}

}  // namespace fss::importer_internal
