#include "snippet.h"

#include <vector>

#include "fss/utf8.h"

namespace fss {
namespace {

// The best passage is searched for in the first part of long texts only: a snippet from
// the first 64 KB is as good to a reader, and the cost stays bounded.
constexpr size_t kMaxScan = 64 * 1024;
// How far before the first match a passage may start, to give it some context.
constexpr size_t kLeadBytes = 60;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// A cut that does not split a UTF-8 sequence, moving backwards.
size_t char_boundary(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

void append_collapsed(std::string_view s, std::string* out) {
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = true;
      continue;
    }
    if (space && !out->empty() && out->back() != ' ') *out += ' ';
    space = false;
    append_html_escaped(std::string_view(&c, 1), out);
  }
  if (space && !out->empty() && out->back() != ' ') *out += ' ';
}

}  // namespace

void append_html_escaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      case '\'':
        *out += "&#39;";
        break;
      default:
        *out += c;
    }
  }
}

std::string make_snippet(std::string_view raw, const Analyzer& analyzer,
                         const HighlightSet& highlight, size_t max_bytes) {
  std::string repaired;
  if (find_invalid_utf8(raw)) {
    repaired = repair_utf8(raw);
    raw = repaired;
  }
  std::string_view text = raw.substr(0, char_boundary(raw, std::min(raw.size(), kMaxScan)));
  // Leading whitespace would only become a leading space.
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);

  std::vector<Token> tokens;
  if (!highlight.empty()) analyzer.analyze(text, &tokens);
  std::vector<bool> marked(tokens.size(), false);
  for (size_t i = 0; i < tokens.size(); ++i) marked[i] = highlight.matches(tokens[i]);
  if (highlight.synonyms && !highlight.synonym_groups.empty()) {
    for (const Synonyms::Match& m : highlight.synonyms->find(tokens))
      if (highlight.synonym_groups.count(m.group))
        for (size_t k = m.begin; k < m.begin + m.length; ++k) marked[k] = true;
  }
  std::vector<size_t> hits;  // indices of matching tokens
  for (size_t i = 0; i < tokens.size(); ++i)
    if (marked[i]) hits.push_back(i);

  size_t begin = 0;
  if (!hits.empty()) {
    // The window starting at a match that covers the most matches (two pointers).
    size_t best = 0, best_count = 0;
    for (size_t a = 0, b = 0; a < hits.size(); ++a) {
      if (b < a) b = a;
      while (b + 1 < hits.size() && tokens[hits[b + 1]].end - tokens[hits[a]].start <= max_bytes)
        ++b;
      if (b - a + 1 > best_count) {
        best_count = b - a + 1;
        best = a;
      }
    }
    const Token& first = tokens[hits[best]];
    begin = first.start;
    // Step back to a token start within kLeadBytes, preferring a sentence start.
    for (size_t i = hits[best]; i-- > 0;) {
      if (first.start - tokens[i].start > kLeadBytes) break;
      begin = tokens[i].start;
      const std::string_view gap = text.substr(tokens[i].end, tokens[i + 1].start - tokens[i].end);
      if (gap.find_first_of(".!?") != std::string_view::npos) {
        begin = tokens[i + 1].start;
        break;
      }
    }
    if (begin <= kLeadBytes / 2) begin = 0;  // so close to the start: show the start
  }

  // End: the last token that fits, else a character boundary (one enormous "word").
  size_t end = std::min(text.size(), begin + max_bytes);
  if (end < text.size()) {
    size_t cut = begin;
    for (const Token& t : tokens)
      if (t.start >= begin && t.end <= end) cut = t.end;
    if (tokens.empty()) {
      // Browse: no analysis was run; cut at the last space.
      const size_t sp = text.rfind(' ', end);
      if (sp != std::string_view::npos && sp > begin) cut = sp;
    }
    end = cut > begin ? cut : char_boundary(text, end);
  }

  std::string out;
  if (begin > 0) out += "… ";
  size_t at = begin;
  for (size_t h : hits) {
    const Token& t = tokens[h];
    if (t.start < begin || t.end > end) continue;
    append_collapsed(text.substr(at, t.start - at), &out);
    out += "<mark>";
    append_html_escaped(text.substr(t.start, t.end - t.start), &out);
    out += "</mark>";
    at = t.end;
  }
  append_collapsed(text.substr(at, end - at), &out);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (end < text.size()) out += " …";
  return out;
}

}  // namespace fss
