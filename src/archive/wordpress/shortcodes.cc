// WordPress shortcodes out of a post's text (include/fss/wordpress.h).
//
// WordPress runs a shortcode only when a plugin or theme registered its name; an export
// does not say which were. So a bracket is taken for a shortcode only when the text
// itself shows it is one (a closing tag, Divi's prefix) or the name is a well-known one;
// anything else in brackets is the author's text.
#include <set>
#include <string>
#include <vector>

#include "fss/wordpress.h"

namespace fss {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-'; }

struct Tag {
  size_t begin = 0, end = 0;  // [begin, end) covers "[...]"
  std::string name;
  bool closing = false;
};

// The tag starting at text[pos] == '[', or false.
bool parse_tag(std::string_view text, size_t pos, Tag* tag) {
  size_t i = pos + 1;
  tag->closing = i < text.size() && text[i] == '/';
  if (tag->closing) ++i;
  if (i >= text.size() || !is_name_start(text[i])) return false;
  const size_t name_begin = i;
  while (i < text.size() && is_name_char(text[i])) ++i;
  tag->name = std::string(text.substr(name_begin, i - name_begin));
  if (i >= text.size()) return false;
  if (text[i] != ']' && text[i] != ' ' && text[i] != '/' && text[i] != '\t' && text[i] != '\n')
    return false;
  const size_t close = text.find_first_of("[]", i);
  if (close == std::string_view::npos || text[close] != ']') return false;
  tag->begin = pos;
  tag->end = close + 1;
  return true;
}

bool is_media(const std::string& name) {
  static const std::set<std::string> kMedia = {"embed", "video", "audio", "playlist", "gallery"};
  return kMedia.count(name) > 0;
}

bool is_known(const std::string& name) {
  static const std::set<std::string> kKnown = {
      "embed",      "video",          "audio",        "playlist", "gallery",     "caption",
      "wp_caption", "contact-form-7", "contact-form", "wpforms",  "gravityform", "et_pb_section"};
  return kKnown.count(name) > 0 || name.rfind("et_pb_", 0) == 0;
}

}  // namespace

std::string strip_shortcodes(std::string_view text) {
  std::vector<Tag> tags;
  std::set<std::string> closed;
  for (size_t pos = text.find('['); pos != std::string_view::npos; pos = text.find('[', pos + 1)) {
    Tag tag;
    if (!parse_tag(text, pos, &tag)) continue;
    if (tag.closing) closed.insert(tag.name);
    tags.push_back(std::move(tag));
  }
  std::string out;
  size_t copied = 0;
  for (size_t t = 0; t < tags.size(); ++t) {
    const Tag& tag = tags[t];
    if (tag.begin < copied) continue;  // inside a media shortcode already dropped
    if (!closed.count(tag.name) && !is_known(tag.name)) continue;
    out.append(text.substr(copied, tag.begin - copied));
    copied = tag.end;
    if (!tag.closing && is_media(tag.name)) {
      // [embed]https://...[/embed]: the content is a media address, not text.
      for (size_t u = t + 1; u < tags.size(); ++u)
        if (tags[u].closing && tags[u].name == tag.name) {
          copied = tags[u].end;
          break;
        }
    }
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace fss
