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

std::string format_results(const SearchResponse& r, bool color) {
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
    if (!h.snippet.empty()) out += "   " + snippet_to_text(h.snippet, color) + "\n";
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

}  // namespace fss::cli
