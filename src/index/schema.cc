#include "fss/schema.h"

#include <cstdint>
#include <cstdio>

namespace fss::schema {

const char* Field::prefix(TermKind kind) const {
  switch (kind) {
    case TermKind::kExact:
      return exact;
    case TermKind::kStem:
      return stem;
    case TermKind::kCompound:
      return compound;
    case TermKind::kFolded:
      return folded;
  }
  return exact;
}

std::string author_key(const Analyzer& analyzer, std::string_view name) {
  const std::string folded = analyzer.fold(analyzer.normalize(name));
  std::string key;
  key.reserve(folded.size());
  bool space = false;
  for (char c : folded) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !key.empty();
      continue;
    }
    if (space) key += ' ';
    space = false;
    key += c;
  }
  return key;
}

std::string boolean_term(const char* prefix, std::string_view value) {
  std::string term(prefix);
  if (value.size() <= kMaxBooleanValue) return term.append(value);
  // Cut on a character boundary, then make the cut unique with a hash of the whole value
  // (FNV-1a: stable across runs and builds, unlike std::hash).
  size_t cut = kMaxBooleanValue - 17;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : value) h = (h ^ c) * 1099511628211ULL;
  char hex[18];
  std::snprintf(hex, sizeof hex, "#%016llx", static_cast<unsigned long long>(h));
  return term.append(value.substr(0, cut)).append(hex);
}

std::string date_key(std::string_view date) {
  std::string key(date.substr(0, 4));
  key += date.substr(5, 2);
  key += date.substr(8, 2);
  return key;
}

}  // namespace fss::schema
