// A WordPress post, from an export or the REST API, to an archive post.
#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "text/email.h"
#include "fss/importer.h"
#include "fss/wordpress.h"

namespace fss {
namespace {

constexpr const char* kUntitled = "(utan rubrik)";

// The dump importer's replacement (ImportOptions, fss/importer.h), which the document
// builder uses too: a post scrubs alike whichever source it came from.
const std::string& email_placeholder() {
  static const std::string placeholder = ImportOptions().email_placeholder;
  return placeholder;
}

std::optional<std::string> day_of(const std::string& datetime) {
  // WordPress writes "0000-00-00 00:00:00" for a date never set.
  if (datetime.size() < 10 || !is_valid_date(std::string_view(datetime).substr(0, 10)))
    return std::nullopt;
  return datetime.substr(0, 10);
}

std::string one_line(std::string text) {
  for (char& c : text)
    if (c == '\n') c = ' ';
  std::string out;
  for (char c : text)
    if (!(c == ' ' && (out.empty() || out.back() == ' '))) out += c;
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

std::string WpReport::summary() const {
  std::string out = std::to_string(items) + " items read: " + std::to_string(skipped_not_post) +
                    " not posts (pages, attachments, ...), " + std::to_string(skipped_unpublished) +
                    " not published, " + std::to_string(comments_skipped) +
                    " comments not approved (pending, spam, trash, pingbacks)";
  if (untitled) out += ", " + std::to_string(untitled) + " untitled";
  if (!ignored_terms.empty()) {
    out += "; categories/tags naming no focus area, ignored:";
    bool first = true;
    for (const auto& [name, n] : ignored_terms) {
      out += (first ? " " : ", ") + name + " (" + std::to_string(n) + ")";
      first = false;
    }
  }
  return out;
}

Result<std::vector<FocusAreaName>> read_focus_area_names(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot open focus areas " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(buffer.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("areas") || !j["areas"].is_array())
    return Status::invalid_argument(path + ": not a focus-areas file (no \"areas\" array)");
  std::vector<FocusAreaName> areas;
  for (const auto& a : j["areas"]) {
    if (!a.is_object() || !a.contains("id") || !a["id"].is_string() || !a.contains("name") ||
        !a["name"].is_string())
      return Status::invalid_argument(path + ": an area without a string id and name");
    areas.push_back({a["id"].get<std::string>(), a["name"].get<std::string>()});
  }
  return areas;
}

std::optional<std::string> focus_area_of_term(const std::vector<FocusAreaName>& areas,
                                              std::string_view slug, std::string_view name) {
  const std::string name_slug = slugify(name, 200);
  const std::string slug_slug = slugify(slug, 200);
  for (const FocusAreaName& a : areas) {
    const std::string area_slug = slugify(a.name, 200);
    for (const std::string* s : {&name_slug, &slug_slug})
      if (!s->empty() && (*s == a.id || *s == area_slug)) return a.id;
  }
  return std::nullopt;
}

Post to_archive_post(const WpPost& wp, const std::vector<FocusAreaName>& areas,
                     const std::string& source, WpReport* report) {
  const HtmlTextOptions content_options{wp.raw_content};
  Post post;
  post.title = one_line(html_to_text(wp.title_html));
  if (post.title.empty()) {
    post.title = kUntitled;
    ++report->untitled;
  }
  post.date = day_of(wp.date);
  if (!wp.author.empty()) post.author = replace_emails(wp.author, email_placeholder());
  if (wp.link.rfind("http://", 0) == 0 || wp.link.rfind("https://", 0) == 0) post.url = wp.link;
  for (const WpTerm& term : wp.terms) {
    const std::optional<std::string> area = focus_area_of_term(areas, term.slug, term.name);
    if (!area) {
      ++report->ignored_terms[term.name.empty() ? term.slug : term.name];
    } else if (std::find(post.areas.begin(), post.areas.end(), *area) == post.areas.end()) {
      post.areas.push_back(*area);
    }
  }
  post.source = source;
  post.body = html_to_text(wp.content_html, content_options);
  for (const WpComment& wc : wp.comments) {
    Comment c;
    c.author = one_line(replace_emails(html_to_text(wc.author), email_placeholder()));
    // The archive refuses '@' in a commenter's name ("@anna" is a handle, not an address).
    c.author.erase(std::remove(c.author.begin(), c.author.end(), '@'), c.author.end());
    c.author = one_line(c.author);
    if (c.author.empty()) c.author = "Anonym";
    c.date = day_of(wc.date);
    c.body = replace_emails(html_to_text(wc.html, content_options), email_placeholder());
    post.comments.push_back(std::move(c));
  }
  return post;
}

}  // namespace fss
