// fss-index sync's state file and the site's REST lists (sync_io.h).
#include "sync_io.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fss::cli {

namespace {
using Json = nlohmann::json;
}  // namespace

std::string state_path(const std::string& archive) {
  return (std::filesystem::path(archive).parent_path() / "wordpress-sync.json").string();
}

Result<SyncState> read_state(const std::string& path) {
  SyncState state;
  std::ifstream in(path, std::ios::binary);
  if (!in) return state;  // first sync
  std::stringstream buffer;
  buffer << in.rdbuf();
  const Json j = Json::parse(buffer.str(), nullptr, false);
  const auto bad = [&] { return Status::invalid_argument(path + ": not a sync state file"); };
  if (j.is_discarded() || !j.is_object() || !j.contains("posts") || !j["posts"].is_object())
    return bad();
  state.site = j.value("site", "");
  for (const auto& [wp_id, entry] : j["posts"].items()) {
    if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_string()) return bad();
    state.posts[std::atoll(wp_id.c_str())] = {entry["id"].get<std::string>(),
                                              entry.value("modified", "")};
  }
  return state;
}

Status write_state(const std::string& path, const SyncState& state) {
  Json posts = Json::object();
  for (const auto& [wp_id, e] : state.posts)
    posts[std::to_string(wp_id)] = {{"id", e.id}, {"modified", e.modified}};
  const std::string text = Json{{"site", state.site}, {"posts", posts}}.dump(1) + "\n";
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!(out << text) || !out.flush()) return Status::io_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::io_error("cannot rename " + tmp + " to " + path);
  }
  return Status::ok();
}

// The site's published posts: id -> modified_gmt.
Status list_posts(WpClient* client, std::map<int64_t, std::string>* out) {
  Result<std::vector<std::string>> pages = client->get_all(
      "/wp/v2/posts", {{"_fields", "id,modified_gmt"}, {"orderby", "id"}, {"order", "asc"}});
  if (!pages.is_ok()) return pages.status();
  for (const std::string& body : *pages) {
    const Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_array())
      return Status::invalid_argument("/wp/v2/posts: not a list of posts");
    for (const Json& p : j) {
      if (!p.is_object() || !p.contains("id") || !p["id"].is_number_integer())
        return Status::invalid_argument("/wp/v2/posts: an entry without an id");
      (*out)[p["id"].get<int64_t>()] = p.value("modified_gmt", "");
    }
  }
  return Status::ok();
}

// The full posts `ids`, fetched 100 at a time.
Status fetch_posts(WpClient* client, const std::vector<int64_t>& ids, std::vector<WpPost>* out) {
  for (size_t i = 0; i < ids.size(); i += 100) {
    std::string include;
    for (size_t k = i; k < std::min(ids.size(), i + 100); ++k)
      include += (include.empty() ? "" : ",") + std::to_string(ids[k]);
    Result<WpPage> page = client->get(
        "/wp/v2/posts", {{"include", include}, {"per_page", "100"}, {"_embed", "author,wp:term"}});
    if (!page.is_ok()) return page.status();
    if (Status s = parse_rest_posts(page->body, out); !s.is_ok()) return s;
  }
  return Status::ok();
}

Status fetch_comments(WpClient* client, std::map<int64_t, std::vector<WpComment>>* out) {
  Result<std::vector<std::string>> pages = client->get_all(
      "/wp/v2/comments", {{"_fields", "id,post,author_name,date,content,status,type"},
                          {"orderby", "date_gmt"},
                          {"order", "asc"}});
  if (!pages.is_ok()) return pages.status();
  for (const std::string& body : *pages) {
    std::vector<std::pair<int64_t, WpComment>> comments;
    if (Status s = parse_rest_comments(body, &comments); !s.is_ok()) return s;
    for (auto& [post, c] : comments) (*out)[post].push_back(std::move(c));
  }
  for (auto& [post, list] : *out)
    std::stable_sort(list.begin(), list.end(), [](const WpComment& a, const WpComment& b) {
      return a.date != b.date ? a.date < b.date : a.id < b.id;
    });
  return Status::ok();
}

}  // namespace fss::cli
