// WordPress as a source of the archive (issue 19): its HTML to archive text, an export
// file (WXR) or the REST API's answers to archive posts. Both sources meet in
// WpPost -> to_archive_post(), so an export and a sync give the same post.
//
// Privacy: commenters' e-mail addresses, IP addresses and URLs are never copied out of
// the XML or JSON parser's own tree; an address typed into a comment's text is replaced
// by the importer's placeholder.
//
// Thread-safety: free functions over values; no shared state.
#ifndef FSS_WORDPRESS_H_
#define FSS_WORDPRESS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fss/archive.h"
#include "fss/status.h"

namespace fss {

struct HtmlTextOptions {
  // Raw post_content (a WXR file) keeps paragraphs as blank lines and line breaks as
  // newlines, which WordPress turns into <p> and <br> only when it shows the post
  // (wpautop). The REST API's `rendered` HTML has them already: leave this false.
  bool autop = false;
};

// HTML (a fragment or a document) to archive text: paragraphs (block elements, list
// items, table rows, blank lines with `autop`) separated by one blank line, <br> a
// newline, entities decoded, white space collapsed, NFC; script, style, iframe, form
// and the like dropped with their content; shortcodes removed (strip_shortcodes).
// Parsed by libxml2's HTML parser, which never fails: broken markup gives its text.
std::string html_to_text(std::string_view html, const HtmlTextOptions& options = {});

// Removes WordPress shortcodes, keeping the text they wrap: a tag `[name ...]` or
// `[/name]` is a shortcode when `[/name]` closes it somewhere in the text, when the name
// starts with "et_pb_" (Divi), or when the name is a well-known one (gallery, embed,
// contact-form-7, ...). Media shortcodes (embed, video, audio, playlist, gallery)
// lose their content too. Other brackets ("[1]", "[sic]") are left alone.
std::string strip_shortcodes(std::string_view text);

// A focus area as a WordPress category or tag may name it.
struct FocusAreaName {
  std::string id;    // "nara-vard"
  std::string name;  // "Nära vård"
};

// The areas of corpus/focus-areas.json. kNotFound / kInvalidArgument name the file.
Result<std::vector<FocusAreaName>> read_focus_area_names(const std::string& path);

// The focus-area id a category or tag names: its slug is an area's id, or its name or
// slug slugifies to the area's id or name. nullopt for any other term.
std::optional<std::string> focus_area_of_term(const std::vector<FocusAreaName>& areas,
                                              std::string_view slug, std::string_view name);

struct WpComment {
  int64_t id = 0;
  std::string author;  // display name as WordPress shows it
  std::string date;    // "YYYY-MM-DD hh:mm:ss" (site time) or ""
  std::string html;    // content
};

struct WpTerm {
  std::string slug;
  std::string name;
};

// One published post as either source gives it.
struct WpPost {
  int64_t id = 0;
  std::string title_html;
  std::string date;      // "YYYY-MM-DD hh:mm:ss", site time
  std::string modified;  // "YYYY-MM-DDThh:mm:ss" GMT, when the source gives it
  std::string author;    // display name, "" when unknown
  std::string link;      // permalink
  std::string content_html;
  bool raw_content = false;  // post_content (WXR): see HtmlTextOptions::autop
  std::vector<WpTerm> terms;
  std::vector<WpComment> comments;  // approved, in the order of their dates
};

// What a conversion left out, for the summary.
struct WpReport {
  int items = 0;                             // items read (WXR) or posts fetched (REST)
  int skipped_not_post = 0;                  // pages, attachments, menu items, ...
  int skipped_unpublished = 0;               // drafts, pending, private, trash, ...
  int comments_skipped = 0;                  // pending, spam, trash, pingbacks, trackbacks
  int untitled = 0;                          // posts without a title, given "(utan rubrik)"
  std::map<std::string, int> ignored_terms;  // categories/tags naming no focus area
  std::string summary() const;               // one line, for stderr
};

// The archive post of `wp`: title and text from its HTML, the date's day, the author,
// the permalink as `url`, the terms that name focus areas as `areas` (others counted in
// `report`), comments in order with the placeholder for any address in their text.
// The id is left empty: assign_post_ids() or the sync's id keeping sets it.
Post to_archive_post(const WpPost& wp, const std::vector<FocusAreaName>& areas,
                     const std::string& source, WpReport* report);

// Reads a WordPress export file (WXR 1.0-1.2): the published items of type "post" and
// their approved comments (type "comment" or empty), authors mapped from login to
// display name. kNotFound when the file cannot be opened, kInvalidArgument naming the
// line when it is not well-formed XML or not a WXR file (no <rss> with a wp namespace).
Result<std::vector<WpPost>> read_wxr(const std::string& path, WpReport* report);

// REST API pages (/wp/v2/posts?_embed=author,wp:term and /wp/v2/comments) to WpPosts.
// kInvalidArgument when the JSON is not such an answer.
Status parse_rest_posts(std::string_view json, std::vector<WpPost>* out);
Status parse_rest_comments(std::string_view json, std::vector<std::pair<int64_t, WpComment>>* out);

}  // namespace fss

#endif  // FSS_WORDPRESS_H_
