// WordPress HTML to archive text (include/fss/wordpress.h).
//
// libxml2's HTML parser, not a hand-written one: it is in Debian (libxml2-dev), the WXR
// reader needs libxml2's XML parser anyway, so one library covers both, and its HTML
// parser recovers from any markup (unclosed <p>, stray </div>, entities without ';')
// the way browsers mostly do. Gumbo or lexbor parse HTML5 more exactly, but a post's
// text does not depend on the details they get right (foster parenting of tables, ...).
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "fss/utf8.h"
#include "fss/wordpress.h"

namespace fss {
namespace {

bool name_in(const xmlChar* name, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (xmlStrcasecmp(name, reinterpret_cast<const xmlChar*>(n)) == 0) return true;
  return false;
}

bool is_dropped(const xmlChar* name) {
  return name_in(
      name, {"script", "style", "noscript", "iframe", "object", "embed", "template", "svg", "math",
             "head", "form", "select", "textarea", "button", "canvas", "video", "audio", "map"});
}

bool is_block(const xmlChar* name) {
  return name_in(
      name, {"p",     "div",     "h1",      "h2",       "h3",    "h4",      "h5",         "h6",
             "ul",    "ol",      "li",      "dl",       "dt",    "dd",      "blockquote", "pre",
             "table", "thead",   "tbody",   "tfoot",    "tr",    "caption", "section",    "article",
             "aside", "header",  "footer",  "main",     "nav",   "figure",  "figcaption", "address",
             "hr",    "details", "summary", "fieldset", "center"});
}

// Collects text into paragraphs: a paragraph break ends the current paragraph, a line
// break starts a new line in it, runs of white space become one space.
class TextBuilder {
 public:
  explicit TextBuilder(bool autop) : autop_(autop) {}

  void text(const char* s, bool preformatted) {
    for (const char* p = s; *p;) {
      int newlines = 0;
      bool space = false;
      while (true) {
        if (*p == '\n')
          ++newlines, space = true, ++p;
        else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f')
          space = true, ++p;
        else if (std::strncmp(p, "\xc2\xa0", 2) == 0)
          space = true, p += 2;  // &nbsp;
        else
          break;
        if (preformatted && newlines) break;
      }
      if (space) {
        if (preformatted && newlines)
          line_break();
        else if (autop_ && newlines >= 2)
          paragraph_break();
        else if (autop_ && newlines == 1)
          line_break();
        else
          pending_space_ = true;
      }
      if (!*p) break;
      if (pending_space_ && !line_.empty() && line_.back() != '\n') line_ += ' ';
      pending_space_ = false;
      const char* start = p;
      while (*p && *p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != '\f' &&
             std::strncmp(p, "\xc2\xa0", 2) != 0)
        ++p;
      line_.append(start, p);
    }
  }

  void line_break() {
    pending_space_ = false;
    trim_end();
    if (!line_.empty()) line_ += '\n';
  }

  void paragraph_break() {
    pending_space_ = false;
    trim_end();
    if (!line_.empty()) paragraphs_.push_back(std::move(line_));
    line_.clear();
  }

  void space() { pending_space_ = true; }

  std::string finish() {
    paragraph_break();
    std::string out;
    for (const std::string& p : paragraphs_) out += (out.empty() ? "" : "\n\n") + p;
    return out;
  }

 private:
  void trim_end() {
    while (!line_.empty() && (line_.back() == ' ' || line_.back() == '\n')) line_.pop_back();
  }

  bool autop_;
  bool pending_space_ = false;
  std::string line_;
  std::vector<std::string> paragraphs_;
};

void walk(const xmlNode* node, bool preformatted, TextBuilder* out) {
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) out->text(reinterpret_cast<const char*>(n->content), preformatted);
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;  // comments (Gutenberg's <!-- wp:... -->)
    if (is_dropped(n->name)) continue;
    if (name_in(n->name, {"br"})) {
      out->line_break();
      continue;
    }
    const bool block = is_block(n->name);
    if (block) out->paragraph_break();
    if (name_in(n->name, {"td", "th"})) out->space();
    walk(n->children, preformatted || name_in(n->name, {"pre"}), out);
    if (block) out->paragraph_break();
    if (name_in(n->name, {"td", "th"})) out->space();
  }
}

std::string nfc(const std::string& s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return s;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(s);
  icu::UnicodeString n = normalizer->normalize(u, status);
  if (U_FAILURE(status)) return s;
  std::string out;
  n.toUTF8String(out);
  return out;
}

// Zero-width characters that WordPress editors leave behind: invisible, but they would
// split or glue words for the analyzer.
std::string drop_invisible(std::string s) {
  for (const char* z : {"\xe2\x80\x8b", "\xef\xbb\xbf", "\xc2\xad"}) {
    for (size_t pos; (pos = s.find(z)) != std::string::npos;) s.erase(pos, std::strlen(z));
  }
  return s;
}

}  // namespace

std::string html_to_text(std::string_view html, const HtmlTextOptions& options) {
  const std::string source = strip_shortcodes(html);
  if (source.find_first_not_of(" \t\r\n") == std::string::npos) return "";
  if (find_invalid_utf8(source)) return "";  // both sources are valid UTF-8 (XML, JSON)
  const int flags = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                    HTML_PARSE_NONET | HTML_PARSE_COMPACT;
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(source.data(), static_cast<int>(source.size()), nullptr, "UTF-8", flags),
      &xmlFreeDoc);
  if (!doc) return "";
  TextBuilder builder(options.autop);
  walk(xmlDocGetRootElement(doc.get()), false, &builder);
  return nfc(drop_invisible(builder.finish()));
}

}  // namespace fss
