// make_snippet: the passage make_snippet_reference finds, found by a byte scan.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "search/snippet.h"
#include "search/snippet_passage.h"
#include "text/unicode.h"

namespace fss {
namespace {

using snippet::is_space;
using snippet::Span;

// The folded lower-case form of every character U+00C0..U+00FF (UTF-8 C3 80..C3 BF), as
// the analyzer makes it (unicode::fold of unicode::normalize): "Ö" -> "o", "ß" -> "ss".
// On text of ASCII and these characters only, normalize and fold work character by
// character (no combining marks to compose or drop), so the folded text is the
// concatenation of the folded characters: a byte scan of it sees what fold(norm) of each
// word would hold.
const std::array<std::string, 64>& latin1_folds() {
  static const std::array<std::string, 64> table = [] {
    std::array<std::string, 64> t;
    for (unsigned i = 0; i < 64; ++i) {
      const char ch[2] = {static_cast<char>(0xC3), static_cast<char>(0x80 + i)};
      t[i] = unicode::fold(unicode::normalize(std::string_view(ch, 2)));
    }
    return t;
  }();
  return table;
}

// `text` case- and accent-folded byte by byte into `folded`, with `from[j]` the offset in
// `text` of the character that gave folded byte j. False when the text holds a character
// the byte map does not cover (then the caller analyses every word instead).
bool fold_for_scan(std::string_view text, std::string* folded, std::vector<uint32_t>* from) {
  const auto& table = latin1_folds();
  folded->clear();
  from->clear();
  folded->reserve(text.size());
  from->reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      folded->push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                             : static_cast<char>(c));
      from->push_back(static_cast<uint32_t>(i));
      ++i;
      continue;
    }
    if (c != 0xC3 || i + 1 >= text.size()) return false;
    const auto c2 = static_cast<unsigned char>(text[i + 1]);
    if (c2 < 0x80 || c2 > 0xBF) return false;
    for (char b : table[c2 - 0x80]) {
      folded->push_back(b);
      from->push_back(static_cast<uint32_t>(i));
    }
    i += 2;
  }
  return true;
}

// Strings to look for in fold(norm) of a word, shortest first, none containing another.
std::vector<std::string> minimal(std::vector<std::string> all) {
  std::sort(all.begin(), all.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  std::vector<std::string> out;
  for (std::string& x : all) {
    if (x.empty()) continue;
    bool covered = false;
    for (const std::string& y : out) covered = covered || x.find(y) != std::string::npos;
    if (!covered) out.push_back(std::move(x));
  }
  return out;
}

bool contains_any(const std::string& folded, const std::vector<std::string>& needles) {
  for (const std::string& n : needles)
    if (folded.find(n) != std::string::npos) return true;
  return false;
}

// What a word must hold, folded, to match. `forms`: a word matching as an exact word, by
// its stem (Snowball only cuts suffixes: the stem is a prefix of the word), a folded stem
// or a prefix holds one of them; this is exact. `parts`: a compound part is the stem of
// the lemma of a piece of the word, and lemmas are not always pieces of the word
// ("motorcykler" has "cykel", "databas" "datum"): the first three letters of each stem
// catch nearly all of those (a part whose lemma differs within its first three letters,
// "bok" in "barnböcker", is missed: 1 in ~30,000 compound parts of the bench corpus).
struct Needles {
  std::vector<std::string> forms, parts;
  Needles(const HighlightSet& h) {
    std::vector<std::string> f, p;
    for (const std::string& x : h.exact) f.push_back(unicode::fold(x));
    for (const std::string& x : h.stems) {
      f.push_back(unicode::fold(x));
      std::string head = unicode::fold(x);
      size_t cut = 0;
      for (int cps = 0; cut < head.size() && cps < 3; ++cps) {
        ++cut;
        while (cut < head.size() && (static_cast<unsigned char>(head[cut]) & 0xC0) == 0x80) ++cut;
      }
      head.resize(cut);
      p.push_back(std::move(head));
    }
    for (const std::string& x : h.folded) f.push_back(x);
    for (const std::string& x : h.prefixes) f.push_back(unicode::fold(x));
    for (const std::string& x : h.folded_prefixes) f.push_back(x);
    forms = minimal(std::move(f));
    parts = minimal(std::move(p));
  }
};

// A token matches: cheap substring tests first, so that most words are never stemmed or
// looked up in the compound lexicon.
bool token_matches(Token* t, const Analyzer& analyzer, const HighlightSet& highlight,
                   const Needles& needles) {
  const std::string folded = unicode::fold(t->norm);
  if (contains_any(folded, needles.forms)) {
    analyzer.add_terms(t);
    return highlight.matches(*t);
  }
  // Only a compound part can still match (exact, stem, folded and prefix forms would
  // have held a form).
  if (t->number || t->stopword || !contains_any(folded, needles.parts)) return false;
  for (const std::string& part : analyzer.compound_parts(t->norm))
    if (highlight.stems.count(part)) return true;
  return false;
}

// The tokens of text[a, b), offsets in `text`. The caller picks a and b at whitespace (or
// the ends of the text): words never span whitespace, so these are the very tokens that
// analysing the whole text gives there.
std::vector<Token> tokens_in(std::string_view text, size_t a, size_t b, const Analyzer& analyzer) {
  std::vector<Token> toks;
  analyzer.tokenize(text.substr(a, b - a), &toks);  // the text is valid UTF-8
  for (Token& t : toks) {
    t.start += a;
    t.end += a;
  }
  return toks;
}

// The last whitespace at or before `i` (0 if none); the first at or after `i` (size if none).
size_t space_before(std::string_view text, size_t i) {
  i = std::min(i, text.size());
  while (i > 0 && (i == text.size() || !is_space(text[i]))) --i;
  return i;
}
size_t space_after(std::string_view text, size_t i) {
  while (i < text.size() && !is_space(text[i])) ++i;
  return i;
}

// The words (whitespace to whitespace) of `text` holding a needle, merged where they
// touch, in order. `folded` and `from` are the text as fold_for_scan gave them.
std::vector<Span> needle_words(std::string_view text, const std::string& folded,
                               const std::vector<uint32_t>& from, const Needles& needles) {
  std::vector<Span> regions;
  for (const auto* list : {&needles.forms, &needles.parts})
    for (const std::string& n : *list) {
      for (size_t j = folded.find(n); j != std::string::npos; j = folded.find(n, j + 1)) {
        const size_t a = from[j];
        const size_t b = from[j + n.size() - 1] + 1;
        const size_t ra = a == 0 ? 0 : space_before(text, a - 1);
        regions.push_back({ra, space_after(text, b)});
      }
    }
  std::sort(regions.begin(), regions.end(),
            [](const Span& x, const Span& y) { return x.start < y.start; });
  std::vector<Span> merged;
  for (const Span& r : regions) {
    if (!merged.empty() && r.start <= merged.back().end)
      merged.back().end = std::max(merged.back().end, r.end);
    else
      merged.push_back(r);
  }
  return merged;
}

}  // namespace

// The same passage as make_snippet_reference, without analysing the whole text: a byte
// scan of the folded text finds the words that can match (they hold a query form as a
// substring), only those words are analysed in full, and only the few hundred bytes around
// the chosen passage are broken into words for its cuts. Texts with characters the scan
// cannot fold byte by byte, and queries with synonyms (multi-word forms, matched on the
// token sequence), take the slow way.
std::string make_snippet(std::string_view raw, const Analyzer& analyzer,
                         const HighlightSet& highlight, size_t max_bytes) {
  if (highlight.empty() || (highlight.synonyms && !highlight.synonym_groups.empty()))
    return make_snippet_reference(raw, analyzer, highlight, max_bytes);
  std::string repaired;
  const std::string_view text = snippet::scan_text(raw, &repaired);

  const Needles needles(highlight);
  std::vector<Span> hits;
  thread_local std::string folded;
  thread_local std::vector<uint32_t> from;
  if (fold_for_scan(text, &folded, &from)) {
    for (const Span& r : needle_words(text, folded, from, needles))
      for (Token& t : tokens_in(text, r.start, r.end, analyzer))
        if (token_matches(&t, analyzer, highlight, needles)) hits.push_back({t.start, t.end});
  } else {
    std::vector<Token> all;
    analyzer.tokenize(text, &all);
    for (Token& t : all)
      if (token_matches(&t, analyzer, highlight, needles)) hits.push_back({t.start, t.end});
  }

  size_t begin = 0;
  if (!hits.empty()) {
    const Span first = hits[snippet::best_window(hits, max_bytes)];
    const size_t from_at =
        first.start > snippet::kLeadBytes ? first.start - snippet::kLeadBytes : 0;
    const std::vector<Token> around =
        tokens_in(text, from_at == 0 ? 0 : space_before(text, from_at),
                  space_after(text, first.end), analyzer);
    begin = snippet::passage_begin(text, around, first);
  }

  // End: the last token that fits, else a character boundary (one enormous "word").
  size_t end = std::min(text.size(), begin + max_bytes);
  if (end < text.size()) {
    size_t cut = begin;
    std::vector<Token> window = tokens_in(text, begin == 0 ? 0 : space_before(text, begin),
                                          space_after(text, end), analyzer);
    bool no_words = window.empty();
    if (no_words) {  // none here: are there any in the whole text?
      std::vector<Token> all;
      analyzer.tokenize(text, &all);
      no_words = all.empty();
    }
    for (const Token& t : window)
      if (t.start >= begin && t.end <= end) cut = t.end;
    if (no_words) {
      const size_t sp = text.rfind(' ', end);
      if (sp != std::string_view::npos && sp > begin) cut = sp;
    }
    end = cut > begin ? cut : snippet::char_boundary(text, end);
  }
  return snippet::render(text, hits, begin, end);
}

}  // namespace fss
