// WordPress export files (WXR) to WpPosts (include/fss/wordpress.h).
//
// libxml2's streaming reader: one <item> at a time is expanded into a small tree, so an
// export of any size needs the memory of its largest post. Only the elements used are
// read out of that tree; commenters' e-mail, IP and URL elements are never touched.
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>

#include "fss/wordpress.h"

namespace fss {
namespace {

constexpr const char* kWpNamespace = "http://wordpress.org/export/";  // + "1.2/"
constexpr const char* kContentNamespace = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* kDcNamespace = "http://purl.org/dc/elements/1.1/";

bool is_ns(const xmlNode* n, const char* ns) {
  if (!ns) return !n->ns;
  return n->ns && n->ns->href &&
         std::strncmp(reinterpret_cast<const char*>(n->ns->href), ns, std::strlen(ns)) == 0;
}

bool is(const xmlNode* n, const char* ns, const char* name) {
  return n->type == XML_ELEMENT_NODE && is_ns(n, ns) &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string content(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  if (!c) return "";
  std::string s(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return s;
}

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

std::string trim(std::string s) {
  const size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// An approved comment of type "comment" (WordPress writes "" for those before 5.5), or
// nullopt. The approval and type are read first, so a pending or spam comment's text is
// never copied either.
std::optional<WpComment> read_comment(const xmlNode* comment) {
  std::string approved, type;
  for (const xmlNode* c = comment->children; c; c = c->next) {
    if (is(c, kWpNamespace, "comment_approved")) approved = trim(content(c));
    if (is(c, kWpNamespace, "comment_type")) type = trim(content(c));
  }
  if (approved != "1" || !(type.empty() || type == "comment")) return std::nullopt;
  WpComment out;
  for (const xmlNode* c = comment->children; c; c = c->next) {
    if (is(c, kWpNamespace, "comment_id"))
      out.id = std::atoll(content(c).c_str());
    else if (is(c, kWpNamespace, "comment_author"))
      out.author = trim(content(c));
    else if (is(c, kWpNamespace, "comment_date"))
      out.date = trim(content(c));
    else if (is(c, kWpNamespace, "comment_content"))
      out.html = content(c);
  }
  return out;
}

// Fills `post` from an <item>; false (with the reason counted) when it is not a
// published post.
bool read_item(const xmlNode* item, const std::map<std::string, std::string>& authors, WpPost* post,
               WpReport* report) {
  std::string type, status;
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (is(c, kWpNamespace, "post_type")) type = trim(content(c));
    if (is(c, kWpNamespace, "status")) status = trim(content(c));
  }
  if (type != "post") return ++report->skipped_not_post, false;
  if (status != "publish") return ++report->skipped_unpublished, false;
  post->raw_content = true;
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (is(c, nullptr, "title")) {
      post->title_html = content(c);
    } else if (is(c, nullptr, "link")) {
      post->link = trim(content(c));
    } else if (is(c, kDcNamespace, "creator")) {
      const auto it = authors.find(trim(content(c)));
      if (it != authors.end()) post->author = it->second;
    } else if (is(c, kContentNamespace, "encoded")) {
      post->content_html = content(c);
    } else if (is(c, kWpNamespace, "post_id")) {
      post->id = std::atoll(content(c).c_str());
    } else if (is(c, kWpNamespace, "post_date")) {
      post->date = trim(content(c));
    } else if (is(c, kWpNamespace, "post_modified_gmt")) {
      post->modified = trim(content(c));
      std::replace(post->modified.begin(), post->modified.end(), ' ', 'T');
    } else if (is(c, nullptr, "category")) {
      const std::string domain = attribute(c, "domain");
      if (domain == "category" || domain == "post_tag")
        post->terms.push_back({attribute(c, "nicename"), trim(content(c))});
    } else if (is(c, kWpNamespace, "comment")) {
      if (auto comment = read_comment(c))
        post->comments.push_back(std::move(*comment));
      else
        ++report->comments_skipped;
    }
  }
  std::stable_sort(post->comments.begin(), post->comments.end(),
                   [](const WpComment& a, const WpComment& b) {
                     return a.date != b.date ? a.date < b.date : a.id < b.id;
                   });
  return true;
}

std::string last_error(const std::string& path) {
  const xmlError* e = xmlGetLastError();
  if (!e || !e->message) return path + ": not well-formed XML";
  std::string message = trim(e->message);
  return path + ":" + std::to_string(e->line) + ": not well-formed XML: " + message;
}

}  // namespace

Result<std::vector<WpPost>> read_wxr(const std::string& path, WpReport* report) {
  xmlResetLastError();
  // No network, no entity expansion (XML_PARSE_NOENT off): an export is data only.
  std::unique_ptr<xmlTextReader, decltype(&xmlFreeTextReader)> reader(
      xmlReaderForFile(path.c_str(), nullptr,
                       XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
      &xmlFreeTextReader);
  if (!reader) return Status::not_found("cannot open " + path);
  std::map<std::string, std::string> authors;  // login -> display name
  std::vector<WpPost> posts;
  bool rss = false, wxr = false;
  int ret = xmlTextReaderRead(reader.get());
  while (ret == 1) {
    if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) {
      ret = xmlTextReaderRead(reader.get());
      continue;
    }
    const char* name = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader.get()));
    const char* ns = reinterpret_cast<const char*>(xmlTextReaderConstNamespaceUri(reader.get()));
    const bool wp = ns && std::strncmp(ns, kWpNamespace, std::strlen(kWpNamespace)) == 0;
    if (xmlTextReaderDepth(reader.get()) == 0) rss = !ns && std::strcmp(name, "rss") == 0;
    if (wp && std::strcmp(name, "wxr_version") == 0) wxr = true;
    const bool item = !ns && std::strcmp(name, "item") == 0;
    const bool author = wp && std::strcmp(name, "author") == 0;
    if (!item && !author) {
      ret = xmlTextReaderRead(reader.get());
      continue;
    }
    const xmlNode* node = xmlTextReaderExpand(reader.get());
    if (!node) return Status::invalid_argument(last_error(path));
    if (author) {
      std::string login, display;
      for (const xmlNode* c = node->children; c; c = c->next) {
        if (is(c, kWpNamespace, "author_login")) login = trim(content(c));
        if (is(c, kWpNamespace, "author_display_name")) display = trim(content(c));
      }
      if (!login.empty()) authors[login] = display.empty() ? login : display;
    } else {
      ++report->items;
      WpPost post;
      if (read_item(node, authors, &post, report)) posts.push_back(std::move(post));
    }
    ret = xmlTextReaderNext(reader.get());
  }
  if (ret < 0) return Status::invalid_argument(last_error(path));
  if (!rss || !wxr)
    return Status::invalid_argument(path + ": not a WordPress export (WXR): no <rss> with " +
                                    "<wp:wxr_version>");
  return posts;
}

}  // namespace fss
