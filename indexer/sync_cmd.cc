// fss-index sync --wordpress URL: the site's published posts and approved comments into
// the archive, then the index rebuilt as `fss-index build` does (same code, same switch).
//
// State file (ARCHIVE's directory/wordpress-sync.json): the site and, per WordPress post
// id, the archive id given to it and the post's modified_gmt. A post is fetched again
// only when its modified_gmt changed; one no longer listed (deleted, unpublished) leaves
// the archive; comments are listed in full each time (the API has no "modified since" for
// them) and a post whose approved comments changed is rewritten. Posts of the archive that
// did not come from the site (raw dumps) are kept as they are.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "commands.h"
#include "fss/archive.h"
#include "fss/importer.h"
#include "fss/wordpress.h"
#include "wp_client.h"

namespace fss::cli {
namespace {

constexpr const char* kCommand = "fss-index sync";
constexpr const char* kSyncUsage =
    "usage: fss-index sync --wordpress URL [--archive FILE] [--index DIR]\n"
    "                      [--focus-areas FILE] [--timeout S] [--retries N] [--no-build]\n"
    "\n"
    "Brings the archive up to date with a WordPress site through its REST API, then\n"
    "rebuilds the index (as fss-index build) when anything changed.\n"
    "  --wordpress URL     the site, e.g. https://socialchefer.se\n"
    "  --archive FILE      the archive (default corpus/archive.jsonl); the sync state is\n"
    "                      kept beside it in wordpress-sync.json\n"
    "  --index DIR         the index directory (default $FSS_INDEX, else index)\n"
    "  --focus-areas FILE  default: focus-areas.json beside the archive, if present\n"
    "  --timeout S         seconds to wait for the site (default 30)\n"
    "  --retries N         tries after a failed request, waiting 1, 2, 4... s (default 4)\n"
    "  --no-build          update the archive only\n"
    "\n"
    "Exit status: 0 done (also with nothing to do), 1 the site or the build failed\n"
    "(nothing written), 2 usage or input errors.\n";

using Json = nlohmann::json;

struct SyncArgs {
  std::string site, archive = "corpus/archive.jsonl", index = "index", focus_areas;
  WpClientOptions client;
  bool build = true;
};

struct StateEntry {
  std::string id;        // archive id
  std::string modified;  // modified_gmt last seen
};

struct SyncState {
  std::string site;
  std::map<int64_t, StateEntry> posts;
};

int parse_args(const std::vector<std::string>& args, SyncArgs* out) {
  if (const char* env = std::getenv("FSS_INDEX"); env && *env) out->index = env;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const auto value = [&]() -> const std::string* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "%s: %s needs a value\n", kCommand, a.c_str());
        return nullptr;
      }
      return &args[++i];
    };
    const auto number = [&](int lo, int hi, int* target) {
      const std::string* v = value();
      if (!v) return false;
      char* end = nullptr;
      const long n = std::strtol(v->c_str(), &end, 10);
      if (v->empty() || *end || n < lo || n > hi) {
        std::fprintf(stderr, "%s: %s: not a number from %d to %d: '%s'\n", kCommand, a.c_str(), lo,
                     hi, v->c_str());
        return false;
      }
      *target = static_cast<int>(n);
      return true;
    };
    const std::string* v = nullptr;
    if (a == "-h" || a == "--help") {
      std::fputs(kSyncUsage, stdout);
      return 0;
    } else if (a == "--no-build") {
      out->build = false;
    } else if (a == "--timeout") {
      if (!number(1, 600, &out->client.timeout_seconds)) return 2;
    } else if (a == "--retries") {
      if (!number(0, 10, &out->client.retries)) return 2;
    } else if (a == "--wordpress" || a == "--archive" || a == "--index" || a == "--focus-areas") {
      if (!(v = value())) return 2;
      if (a == "--wordpress") out->site = *v;
      if (a == "--archive") out->archive = *v;
      if (a == "--index") out->index = *v;
      if (a == "--focus-areas") out->focus_areas = *v;
    } else {
      std::fprintf(stderr, "%s: unknown argument '%s'\n\n%s", kCommand, a.c_str(), kSyncUsage);
      return 2;
    }
  }
  if (out->site.empty()) {
    std::fprintf(stderr, "%s: --wordpress URL is required\n\n%s", kCommand, kSyncUsage);
    return 2;
  }
  while (out->site.size() > 1 && out->site.back() == '/') out->site.pop_back();
  return -1;
}

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

bool same_comments(const std::vector<Comment>& a, const std::vector<Comment>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].author != b[i].author || a[i].date != b[i].date || a[i].body != b[i].body)
      return false;
  return true;
}

// A fresh id for a new post, unique in `used`, as assign_post_ids makes them.
std::string new_id(Post post, std::set<std::string>* used) {
  std::vector<Post> one{std::move(post)};
  assign_post_ids(&one);
  const std::string base = one[0].id;
  std::string id = base;
  for (int n = 2; used->count(id); ++n) id = base + "-" + std::to_string(n);
  used->insert(id);
  return id;
}

void set_comment_ids(Post* post) {
  for (size_t i = 0; i < post->comments.size(); ++i)
    post->comments[i].id = post->id + "-c" + std::to_string(i + 1);
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

}  // namespace

int run_sync(const std::vector<std::string>& args) {
  SyncArgs a;
  if (const int status = parse_args(args, &a); status >= 0) return status;
  std::vector<FocusAreaName> areas;
  const std::string areas_path =
      a.focus_areas.empty() ? focus_areas_beside(a.archive) : a.focus_areas;
  if (!load_focus_area_names(areas_path, !a.focus_areas.empty(), &areas, kCommand)) return 2;

  const std::string state_file = state_path(a.archive);
  Result<SyncState> state = read_state(state_file);
  if (!state.is_ok())
    return std::fprintf(stderr, "%s: %s\n", kCommand, state.status().message().c_str()), 2;
  if (!state->site.empty() && state->site != a.site) {
    std::fprintf(stderr, "%s: %s holds the sync state of %s, not %s: use another archive\n",
                 kCommand, state_file.c_str(), state->site.c_str(), a.site.c_str());
    return 2;
  }
  std::vector<Post> posts;
  std::error_code ec;
  if (std::filesystem::exists(a.archive, ec)) {
    Result<ArchiveContents> archive = read_archive(a.archive);
    if (!archive.is_ok())
      return std::fprintf(stderr, "%s: %s\n", kCommand, archive.status().message().c_str()), 2;
    if (!archive->errors.empty()) {
      // Rewriting the archive would drop these lines for good.
      for (const ArchiveError& e : archive->errors)
        std::fprintf(stderr, "%s\n", e.to_string().c_str());
      std::fprintf(stderr, "%s: fix the archive's bad lines first: nothing synced\n", kCommand);
      return 2;
    }
    posts = std::move(archive->posts);
  }

  Result<std::unique_ptr<WpClient>> client = WpClient::connect(a.site, a.client);
  if (!client.is_ok()) {
    std::fprintf(stderr, "%s: %s\n", kCommand, client.status().message().c_str());
    return client.status().code() == StatusCode::kUnavailable ? 1 : 2;
  }
  std::map<int64_t, std::string> listed;
  std::map<int64_t, std::vector<WpComment>> comments;
  Status s = list_posts(client->get(), &listed);
  if (s.is_ok()) s = fetch_comments(client->get(), &comments);
  std::map<int64_t, StateEntry>& known = state->posts;
  std::map<std::string, size_t> index_of_id, index_of_url;
  for (size_t i = 0; i < posts.size(); ++i) {
    index_of_id[posts[i].id] = i;
    if (posts[i].url) index_of_url[*posts[i].url] = i;
  }
  std::vector<int64_t> to_fetch;
  for (const auto& [wp_id, modified] : listed) {
    const auto k = known.find(wp_id);
    if (k == known.end() || k->second.modified != modified || !index_of_id.count(k->second.id))
      to_fetch.push_back(wp_id);
  }
  std::vector<WpPost> fetched;
  if (s.is_ok()) s = fetch_posts(client->get(), to_fetch, &fetched);
  if (!s.is_ok()) {
    std::fprintf(stderr, "%s: %s: nothing written\n", kCommand, s.message().c_str());
    return s.code() == StatusCode::kUnavailable ? 1 : 2;
  }

  WpReport report;
  report.items = static_cast<int>(fetched.size());
  std::set<std::string> used;
  for (const Post& p : posts) used.insert(p.id);
  std::set<size_t> removed;
  int added = 0, updated = 0, comments_changed = 0;
  // Gone from the site: deleted, unpublished or made private.
  for (auto k = known.begin(); k != known.end();) {
    if (listed.count(k->first)) {
      ++k;
      continue;
    }
    if (const auto it = index_of_id.find(k->second.id); it != index_of_id.end())
      removed.insert(it->second);
    k = known.erase(k);
  }
  std::sort(fetched.begin(), fetched.end(), [](const WpPost& x, const WpPost& y) {
    return x.date != y.date ? x.date < y.date : x.id < y.id;
  });
  for (WpPost& wp : fetched) {
    wp.comments = comments[wp.id];
    Post post = to_archive_post(wp, areas, a.site, &report);
    size_t at = posts.size();
    if (const auto k = known.find(wp.id); k != known.end() && index_of_id.count(k->second.id))
      at = index_of_id[k->second.id];
    else if (post.url && index_of_url.count(*post.url))  // imported from an export before
      at = index_of_url[*post.url];
    if (at < posts.size()) {
      post.id = posts[at].id;
      set_comment_ids(&post);
      if (post_to_json_line(post) != post_to_json_line(posts[at])) ++updated;
      posts[at] = std::move(post);
    } else {
      post.id = new_id(post, &used);
      set_comment_ids(&post);
      at = posts.size();
      index_of_id[post.id] = at;
      posts.push_back(std::move(post));
      ++added;
    }
    known[wp.id] = {posts[at].id, listed[wp.id]};
  }
  // Comments of posts not fetched again.
  const std::set<int64_t> fetched_ids(to_fetch.begin(), to_fetch.end());
  for (const auto& [wp_id, entry] : known) {
    if (fetched_ids.count(wp_id)) continue;
    Post& post = posts[index_of_id[entry.id]];
    WpPost only_comments;
    only_comments.comments = comments[wp_id];
    WpReport comments_only;  // the post's own fields are not converted here
    Post fresh = to_archive_post(only_comments, areas, a.site, &comments_only);
    if (same_comments(fresh.comments, post.comments)) continue;
    post.comments = std::move(fresh.comments);
    set_comment_ids(&post);
    ++comments_changed;
  }
  // A post of this site that no state entry holds came from an export: if the site no
  // longer lists it, it is gone too.
  std::set<std::string> synced;
  for (const auto& [wp_id, entry] : known) synced.insert(entry.id);
  for (size_t i = 0; i < posts.size(); ++i)
    if (posts[i].url && posts[i].url->rfind(a.site + "/", 0) == 0 && !synced.count(posts[i].id))
      removed.insert(i);
  std::vector<Post> kept;
  for (size_t i = 0; i < posts.size(); ++i)
    if (!removed.count(i)) kept.push_back(std::move(posts[i]));
  state->site = a.site;

  std::fprintf(
      stderr,
      "%s: %s: %zu published posts, %d new, %d changed, %zu removed, %d with changed comments\n",
      kCommand, a.site.c_str(), listed.size(), added, updated, removed.size(), comments_changed);
  if (!report.ignored_terms.empty() || report.untitled)
    std::fprintf(stderr, "%s: %s\n", kCommand, report.summary().c_str());
  const bool changed = added || updated || !removed.empty() || comments_changed;
  if (changed || !std::filesystem::exists(a.archive, ec)) {
    if (Status w = write_archive(a.archive, kept); !w.is_ok())
      return std::fprintf(stderr, "%s: %s\n", kCommand, w.message().c_str()), 2;
    std::fprintf(stderr, "%s: wrote %s (%zu posts)\n", kCommand, a.archive.c_str(), kept.size());
  }
  // After the archive: a state without its posts would make the next sync skip them.
  if (Status w = write_state(state_file, *state); !w.is_ok())
    return std::fprintf(stderr, "%s: %s\n", kCommand, w.message().c_str()), 2;
  const bool index_missing =
      !std::filesystem::exists(std::filesystem::path(a.index) / "XAPIANDB", ec);
  if (!a.build || (!changed && !index_missing)) return 0;
  std::vector<std::string> build_args = {"--archive", a.archive, "--index", a.index, "--quiet"};
  if (!a.focus_areas.empty()) build_args.insert(build_args.end(), {"--focus-areas", a.focus_areas});
  return run_build(build_args);
}

}  // namespace fss::cli
