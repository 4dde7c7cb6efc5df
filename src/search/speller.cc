#include "search/speller.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <vector>

namespace fss {
namespace {

std::vector<UChar32> code_points(std::string_view s) {
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  std::vector<UChar32> out;
  for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) out.push_back(u.char32At(i));
  return out;
}

// "IVO", "SKR", "FSS:s": an abbreviation, never a misspelling.
bool in_capitals(std::string_view typed) {
  int upper = 0;
  for (UChar32 c : code_points(typed)) {
    if (u_islower(c)) return false;
    upper += u_isupper(c) ? 1 : 0;
  }
  return upper >= 2;
}

size_t max_edits(size_t letters) { return letters <= 6 ? 1 : 2; }

// The word with its first letter in capitals: hunspell knows names only so ("Island",
// "Göteborg"), and visitors type them in lower case.
std::string capitalised(std::string_view norm) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(norm.data(), static_cast<int32_t>(norm.size())));
  if (u.isEmpty()) return std::string(norm);
  const UChar32 first = u.char32At(0);
  u.replace(0, U16_LENGTH(first), static_cast<UChar32>(u_totitle(first)));
  std::string out;
  u.toUTF8String(out);
  return out;
}

// A word of the Swedish lexicon, as typed, in lower case or as a name: never "corrected".
bool in_lexicon(const Analyzer& analyzer, const std::string& typed, const std::string& norm) {
  return analyzer.in_lexicon(typed) || analyzer.in_lexicon(norm) ||
         analyzer.in_lexicon(capitalised(norm));
}

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  const std::vector<UChar32> x = code_points(a), y = code_points(b);
  std::vector<size_t> row(y.size() + 1);
  for (size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= x.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= y.size(); ++j) {
      const size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[y.size()];
}

std::optional<std::string> suggest_correction(const std::string& query, const BuiltQuery& built,
                                              const Xapian::Database& db,
                                              const Analyzer& analyzer) {
  std::string corrected = query;
  bool changed = false;
  // Replace from the end so earlier byte offsets stay valid.
  for (auto w = built.words.rbegin(); w != built.words.rend(); ++w) {
    const size_t letters = code_points(w->norm).size();
    if (letters < 4) continue;
    Xapian::doccount seen = 0;
    for (const std::string& t : w->lookup_terms) seen += db.get_termfreq(t);
    for (const std::string& t : w->synonym_terms) seen += db.get_termfreq(t);
    if (seen) continue;
    const std::string typed = query.substr(w->start, w->end - w->start);
    if (in_capitals(typed) || in_lexicon(analyzer, typed, w->norm)) continue;
    const std::string s = db.get_spelling_suggestion(w->norm, 2);
    if (s.empty() || s == w->norm || edit_distance(s, w->norm) > max_edits(letters)) continue;
    corrected.replace(w->start, w->end - w->start, s);
    changed = true;
  }
  if (!changed) return std::nullopt;
  return corrected;
}

}  // namespace fss
