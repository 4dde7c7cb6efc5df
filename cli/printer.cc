#include "printer.h"

#include <cstring>

namespace fss::cli {
namespace {

constexpr const char* kBold = "\033[1m";
constexpr const char* kDim = "\033[2m";
constexpr const char* kReset = "\033[0m";

}  // namespace

std::string snippet_to_text(const std::string& html, bool color) {
  static const struct {
    const char* from;
    const char* to;
  } kEntities[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
  std::string out;
  for (size_t i = 0; i < html.size();) {
    if (html.compare(i, 6, "<mark>") == 0) {
      if (color) out += kBold;
      i += 6;
      continue;
    }
    if (html.compare(i, 7, "</mark>") == 0) {
      if (color) out += kReset;
      i += 7;
      continue;
    }
    bool entity = false;
    for (const auto& e : kEntities) {
      const size_t n = std::strlen(e.from);
      if (html.compare(i, n, e.from) == 0) {
        out += e.to;
        i += n;
        entity = true;
        break;
      }
    }
    if (entity) continue;
    // Control characters from the archive must not drive the terminal.
    const unsigned char c = static_cast<unsigned char>(html[i]);
    out += (c < 0x20 || c == 0x7f) ? ' ' : html[i];
    ++i;
  }
  return out;
}

namespace {

// Columns `s` takes on a terminal: code points, ANSI escape sequences excluded.
size_t columns(const std::string& s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\033') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace

std::string wrap(const std::string& text, size_t indent, size_t width) {
  const std::string pad(indent, ' ');
  const size_t room = width > indent + 20 ? width - indent : 20;
  std::string out, line;
  size_t used = 0;
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = text.find_first_not_of(' ', i);
    if (start == std::string::npos) break;
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    const size_t w = columns(word);
    if (used > 0 && used + 1 + w > room) {
      out += pad + line + "\n";
      line.clear();
      used = 0;
    }
    if (used > 0) {
      line += ' ';
      ++used;
    }
    line += word;
    used += w;
    i = end;
  }
  if (!line.empty()) out += pad + line + "\n";
  return out;
}

std::string format_results(const SearchResponse& r, const Style& style) {
  const bool color = style.color;
  std::string out;
  const auto plain = [](const std::string& s) { return snippet_to_text(s, false); };
  if (r.suggestion_used && r.suggestion) {
    out += "Inga träffar för \"" + plain(r.query) + "\". Visar resultat för \"" +
           plain(*r.suggestion) + "\".\n\n";
  }
  if (r.partial) {
    out += "Inget inlägg innehåller alla orden i \"" + plain(r.query) +
           "\". Visar de som innehåller flest av dem.\n\n";
  }
  const size_t first = static_cast<size_t>(r.page - 1) * r.size;
  for (size_t i = 0; i < r.hits.size(); ++i) {
    const Hit& h = r.hits[i];
    out += std::to_string(first + i + 1) + ". ";
    if (color) out += kBold;
    out += plain(h.title);
    if (color) out += kReset;
    out += "\n   ";
    if (color) out += kDim;
    std::string meta = h.date ? *h.date : "odaterad";
    if (h.author) meta += " · " + plain(*h.author);
    meta += h.type == "comment" ? " · kommentar" : " · inlägg";
    out += meta;
    if (color) out += kReset;
    out += "\n";
    if (!h.snippet.empty()) out += wrap(snippet_to_text(h.snippet, color), 3, style.width);
    // The id --post opens: a comment's post, then the comment.
    if (h.type == "comment" && h.post)
      out += "   id: " + plain(h.post->first) + " (kommentar " + plain(h.id) + ")\n";
    else
      out += "   id: " + plain(h.id) + "\n";
    if (h.url) out += "   " + plain(*h.url) + "\n";
    out += "\n";
  }
  out += std::to_string(r.total) + (r.total == 1 ? " träff" : " träffar");
  if (r.total > r.hits.size() && !r.hits.empty())
    out +=
        " (visar " + std::to_string(first + 1) + "–" + std::to_string(first + r.hits.size()) + ")";
  out += "\n";
  if (r.suggestion && !r.suggestion_used) out += "Menade du: " + plain(*r.suggestion) + "\n";
  return out;
}

std::string format_post(const PostView& view, const std::vector<Hit>& matches, const Style& style) {
  const Post& p = view.post;
  // Archive text, not HTML: only control characters are kept from the terminal.
  const auto plain = [](std::string s) {
    for (char& c : s)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    return s;
  };
  const auto paragraphs = [&](const std::string& body, size_t indent) {
    std::string out;
    size_t i = 0;
    while (i <= body.size()) {
      size_t end = body.find("\n\n", i);
      if (end == std::string::npos) end = body.size();
      std::string para = body.substr(i, end - i);
      for (char& c : para)
        if (c == '\n') c = ' ';
      if (para.find_first_not_of(' ') != std::string::npos) {
        if (!out.empty()) out += "\n";
        out += wrap(plain(para), indent, style.width);
      }
      i = end + 2;
    }
    return out;
  };
  std::string out;
  if (p.kicker) out += plain(*p.kicker) + "\n";
  if (style.color) out += kBold;
  out += plain(p.title);
  if (style.color) out += kReset;
  out += "\n";
  std::string meta = p.date ? *p.date : "odaterad";
  if (p.author)
    meta += " · " + plain(*p.author) + (p.author_role ? ", " + plain(*p.author_role) : "");
  if (p.region) meta += " · " + plain(*p.region);
  out += meta + "\n";
  if (p.url) out += plain(*p.url) + "\n";
  out += "id: " + plain(p.id) + "\n\n";
  out += paragraphs(p.body, 0);
  if (!p.comments.empty()) {
    out += "\nKommentarer (" + std::to_string(p.comments.size()) + ")\n";
    for (const Comment& c : p.comments) {
      out += "\n– " + plain(c.author.empty() ? "Anonym" : c.author);
      if (c.date) out += " · " + *c.date;
      out += "\n" + paragraphs(c.body, 2);
    }
  }
  if (!matches.empty()) {
    out += "\nDär frågan träffade:\n";
    for (const Hit& h : matches) {
      out += h.type == "comment" ? "  kommentaren av " + plain(h.author.value_or("anonym")) + ":\n"
                                 : "  inlägget:\n";
      out += wrap(snippet_to_text(h.snippet, style.color), 4, style.width);
    }
  }
  return out;
}

}  // namespace fss::cli
