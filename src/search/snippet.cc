#include "search/snippet.h"

#include <algorithm>
#include <vector>

#include "fss/utf8.h"
#include "search/snippet_passage.h"

namespace fss {

using snippet::char_boundary;
using snippet::is_space;
using snippet::Span;

namespace {

// The best passage is searched for in the first part of long texts only: a snippet from
// the first 64 KB is as good to a reader, and the cost stays bounded.
constexpr size_t kMaxScan = 64 * 1024;

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

namespace snippet {

size_t char_boundary(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

std::string render(std::string_view text, const std::vector<Span>& hits, size_t begin, size_t end) {
  std::string out;
  if (begin > 0) out += "… ";
  size_t at = begin;
  for (const Span& t : hits) {
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

size_t passage_begin(std::string_view text, const std::vector<Token>& toks, const Span& first) {
  size_t begin = first.start;
  size_t k = 0;
  while (k < toks.size() && toks[k].start != first.start) ++k;
  if (k == toks.size()) return first.start <= kLeadBytes / 2 ? 0 : first.start;  // cannot happen
  for (size_t i = k; i-- > 0;) {
    if (first.start - toks[i].start > kLeadBytes) break;
    begin = toks[i].start;
    const std::string_view gap = text.substr(toks[i].end, toks[i + 1].start - toks[i].end);
    if (gap.find_first_of(".!?") != std::string_view::npos) {
      begin = toks[i + 1].start;
      break;
    }
  }
  if (begin <= kLeadBytes / 2) begin = 0;  // so close to the start: show the start
  return begin;
}

size_t best_window(const std::vector<Span>& hits, size_t max_bytes) {
  size_t best = 0, best_count = 0;
  for (size_t a = 0, b = 0; a < hits.size(); ++a) {
    if (b < a) b = a;
    while (b + 1 < hits.size() && hits[b + 1].end - hits[a].start <= max_bytes) ++b;
    if (b - a + 1 > best_count) {
      best_count = b - a + 1;
      best = a;
    }
  }
  return best;
}

std::string_view scan_text(std::string_view raw, std::string* repaired) {
  if (find_invalid_utf8(raw)) {
    *repaired = repair_utf8(raw);
    raw = *repaired;
  }
  std::string_view text = raw.substr(0, char_boundary(raw, std::min(raw.size(), kMaxScan)));
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  return text;
}

}  // namespace snippet

std::string make_snippet_reference(std::string_view raw, const Analyzer& analyzer,
                                   const HighlightSet& highlight, size_t max_bytes) {
  std::string repaired;
  const std::string_view text = snippet::scan_text(raw, &repaired);

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
    std::vector<Span> spans;
    for (size_t i : hits) spans.push_back(Span{tokens[i].start, tokens[i].end});
    begin = snippet::passage_begin(text, tokens, spans[snippet::best_window(spans, max_bytes)]);
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

  std::vector<Span> spans;
  for (size_t h : hits) spans.push_back({tokens[h].start, tokens[h].end});
  return snippet::render(text, spans, begin, end);
}

}  // namespace fss
