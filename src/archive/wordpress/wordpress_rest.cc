// The WordPress REST API's post and comment lists to WpPosts (include/fss/wordpress.h).
// Only the fields named here are read; a comment's author e-mail is not in the public
// API at all, and nothing else is copied out of the parsed JSON.
#include <nlohmann/json.hpp>

#include "base/json_util.h"
#include "fss/wordpress.h"

namespace fss {
namespace {

using Json = nlohmann::json;

std::string rendered(const Json& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_object()) return "";
  return string_or_empty(*it, "rendered");
}

int64_t id_of(const Json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

Result<Json> parse_list(std::string_view text, const char* what) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded()) return Status::invalid_argument(std::string(what) + ": not JSON");
  if (!j.is_array())
    return Status::invalid_argument(std::string(what) + ": not a list (a WordPress REST API " +
                                    "answers a list)");
  return j;
}

}  // namespace

Status parse_rest_posts(std::string_view json, std::vector<WpPost>* out) {
  Result<Json> list = parse_list(json, "posts");
  if (!list.is_ok()) return list.status();
  for (const Json& p : *list) {
    if (!p.is_object() || id_of(p, "id") <= 0)
      return Status::invalid_argument("posts: an entry without an id");
    WpPost post;
    post.id = id_of(p, "id");
    post.title_html = rendered(p, "title");
    post.date = string_or_empty(p, "date");
    post.modified = string_or_empty(p, "modified_gmt");
    post.link = string_or_empty(p, "link");
    post.content_html = rendered(p, "content");
    if (const auto e = p.find("_embedded"); e != p.end() && e->is_object()) {
      if (const auto a = e->find("author");
          a != e->end() && a->is_array() && !a->empty() && (*a)[0].is_object())
        post.author = string_or_empty((*a)[0], "name");
      if (const auto t = e->find("wp:term"); t != e->end() && t->is_array())
        for (const Json& group : *t) {
          if (!group.is_array()) continue;
          for (const Json& term : group) {
            if (!term.is_object()) continue;
            const std::string taxonomy = string_or_empty(term, "taxonomy");
            if (taxonomy == "category" || taxonomy == "post_tag")
              post.terms.push_back(
                  {string_or_empty(term, "slug"), html_to_text(string_or_empty(term, "name"))});
          }
        }
    }
    out->push_back(std::move(post));
  }
  return Status::ok();
}

Status parse_rest_comments(std::string_view json, std::vector<std::pair<int64_t, WpComment>>* out) {
  Result<Json> list = parse_list(json, "comments");
  if (!list.is_ok()) return list.status();
  for (const Json& c : *list) {
    if (!c.is_object() || id_of(c, "id") <= 0)
      return Status::invalid_argument("comments: an entry without an id");
    // The public API lists approved comments only; a status or type field, when the
    // site sends one, is checked anyway.
    const std::string status = string_or_empty(c, "status"), type = string_or_empty(c, "type");
    if ((!status.empty() && status != "approved") || !(type.empty() || type == "comment")) continue;
    WpComment comment;
    comment.id = id_of(c, "id");
    comment.author = string_or_empty(c, "author_name");
    comment.date = string_or_empty(c, "date");
    comment.html = rendered(c, "content");
    out->emplace_back(id_of(c, "post"), std::move(comment));
  }
  return Status::ok();
}

}  // namespace fss
