#include "text/email.h"

#include <algorithm>

namespace fss {
namespace {

bool is_alnum_ascii(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Non-ASCII bytes count as address bytes so that "åsa.öberg@x.se" is one address, not an
// address "berg@x.se" after a word "åsa.ö" that would then be indexed.
bool is_local_byte(unsigned char c) {
  return c >= 0x80 || is_alnum_ascii(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool is_domain_byte(unsigned char c) {
  return c >= 0x80 || is_alnum_ascii(c) || c == '.' || c == '-';
}

}  // namespace

std::vector<std::pair<size_t, size_t>> find_email_spans(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> spans;
  size_t at = text.find('@');
  while (at != std::string_view::npos) {
    // The local part starts after the previous address, if it ends just before this one.
    const size_t lowest = spans.empty() ? 0 : spans.back().second;
    size_t begin = at;
    while (begin > lowest && is_local_byte(static_cast<unsigned char>(text[begin - 1]))) --begin;
    while (begin < at && text[begin] == '.') ++begin;  // "...anna@x.se": the dots are prose
    size_t end = at + 1;
    while (end < text.size() && is_domain_byte(static_cast<unsigned char>(text[end]))) ++end;
    // A sentence-final "." or a dangling "-" is not part of the domain.
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    const std::string_view domain = text.substr(at + 1, end - at - 1);
    if (begin < at && domain.find('.') != std::string_view::npos) spans.emplace_back(begin, end);
    at = text.find('@', std::max(end, at + 1));
  }
  return spans;
}

std::string replace_emails(std::string_view text, std::string_view placeholder) {
  const auto spans = find_email_spans(text);
  if (spans.empty()) return std::string(text);
  std::string out;
  size_t copied = 0;
  for (const auto& [begin, end] : spans) {
    out.append(text.substr(copied, begin - copied)).append(placeholder);
    copied = end;
  }
  return out.append(text.substr(copied));
}

}  // namespace fss
