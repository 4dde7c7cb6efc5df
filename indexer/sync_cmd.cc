// fss-index sync --wordpress URL: the site's published posts and approved comments into
// the archive, then the index rebuilt as `fss-index build` does (same code, same switch).
//
// State file (ARCHIVE's directory/wordpress-sync.json): the site and, per WordPress post
// id, the archive id given to it and the post's modified_gmt. A post is fetched again
// only when its modified_gmt changed; one no longer listed (deleted, unpublished) leaves
// the archive; comments are listed in full each time (the API has no "modified since" for
// them) and a post whose approved comments changed is rewritten. Posts of the archive that
// did not come from the site (raw dumps) are kept as they are.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "commands.h"
#include "fss/archive.h"
#include "fss/importer.h"
#include "fss/wordpress.h"
#include "sync_io.h"
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

struct SyncArgs {
  std::string site, archive = "corpus/archive.jsonl", index = "index", focus_areas;
  WpClientOptions client;
  bool build = true;
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

// The archive's posts and where each one is; what the sync changed.
struct Merge {
  std::vector<Post> posts;
  std::map<std::string, size_t> index_of_id, index_of_url;
  std::set<std::string> used;  // ids taken
  std::set<size_t> removed;    // indexes into posts
  int added = 0, updated = 0, comments_changed = 0;
};

// What the site lists now.
struct SiteLists {
  std::map<int64_t, std::string> listed;  // WordPress id -> modified_gmt
  std::map<int64_t, std::vector<WpComment>> comments;
  std::vector<int64_t> to_fetch;  // new or modified since the last sync
  std::vector<WpPost> fetched;
};

int fail(const std::string& message, int status) {
  std::fprintf(stderr, "%s: %s\n", kCommand, message.c_str());
  return status;
}

// The sync state and the archive's posts: -1 to go on, else the exit status.
int load_local(const SyncArgs& a, const std::string& state_file, SyncState* state, Merge* m) {
  Result<SyncState> read = read_state(state_file);
  if (!read.is_ok()) return fail(read.status().message(), 2);
  *state = std::move(read.value());
  if (!state->site.empty() && state->site != a.site)
    return fail(state_file + " holds the sync state of " + state->site + ", not " + a.site +
                    ": use another archive",
                2);
  std::error_code ec;
  if (std::filesystem::exists(a.archive, ec)) {
    Result<ArchiveContents> archive = read_archive(a.archive);
    if (!archive.is_ok()) return fail(archive.status().message(), 2);
    if (!archive->errors.empty()) {
      // Rewriting the archive would drop these lines for good.
      for (const ArchiveError& e : archive->errors)
        std::fprintf(stderr, "%s\n", e.to_string().c_str());
      return fail("fix the archive's bad lines first: nothing synced", 2);
    }
    m->posts = std::move(archive->posts);
  }
  for (size_t i = 0; i < m->posts.size(); ++i) {
    m->index_of_id[m->posts[i].id] = i;
    if (m->posts[i].url) m->index_of_url[*m->posts[i].url] = i;
    m->used.insert(m->posts[i].id);
  }
  return -1;
}

// The site's lists, and the posts that are new or changed: -1 to go on, else the exit
// status (nothing is written then).
int read_site(const SyncArgs& a, const SyncState& state, const Merge& m, SiteLists* site) {
  Result<std::unique_ptr<WpClient>> client = WpClient::connect(a.site, a.client);
  if (!client.is_ok())
    return fail(client.status().message(),
                client.status().code() == StatusCode::kUnavailable ? 1 : 2);
  Status s = list_posts(client->get(), &site->listed);
  if (s.is_ok()) s = fetch_comments(client->get(), &site->comments);
  for (const auto& [wp_id, modified] : site->listed) {
    const auto k = state.posts.find(wp_id);
    if (k == state.posts.end() || k->second.modified != modified ||
        !m.index_of_id.count(k->second.id))
      site->to_fetch.push_back(wp_id);
  }
  if (s.is_ok()) s = fetch_posts(client->get(), site->to_fetch, &site->fetched);
  if (!s.is_ok())
    return fail(s.message() + ": nothing written", s.code() == StatusCode::kUnavailable ? 1 : 2);
  return -1;
}

// Posts gone from the site (deleted, unpublished or made private) leave the state, and
// the archive.
void drop_unlisted(const SiteLists& site, std::map<int64_t, StateEntry>* known, Merge* m) {
  for (auto k = known->begin(); k != known->end();) {
    if (site.listed.count(k->first)) {
      ++k;
      continue;
    }
    if (const auto it = m->index_of_id.find(k->second.id); it != m->index_of_id.end())
      m->removed.insert(it->second);
    k = known->erase(k);
  }
}

// The fetched posts into the archive, in date order: in place of the post they were
// before (by state entry, else by URL: imported from an export), else appended.
void apply_fetched(const SyncArgs& a, const std::vector<FocusAreaName>& areas, SiteLists* site,
                   std::map<int64_t, StateEntry>* known, Merge* m, WpReport* report) {
  std::sort(site->fetched.begin(), site->fetched.end(), [](const WpPost& x, const WpPost& y) {
    return x.date != y.date ? x.date < y.date : x.id < y.id;
  });
  std::vector<Post>& posts = m->posts;
  for (WpPost& wp : site->fetched) {
    wp.comments = site->comments[wp.id];
    Post post = to_archive_post(wp, areas, a.site, report);
    size_t at = posts.size();
    if (const auto k = known->find(wp.id); k != known->end() && m->index_of_id.count(k->second.id))
      at = m->index_of_id[k->second.id];
    else if (post.url && m->index_of_url.count(*post.url))
      at = m->index_of_url[*post.url];
    if (at < posts.size()) {
      post.id = posts[at].id;
      set_comment_ids(&post);
      if (post_to_json_line(post) != post_to_json_line(posts[at])) ++m->updated;
      posts[at] = std::move(post);
    } else {
      post.id = new_id(post, &m->used);
      set_comment_ids(&post);
      at = posts.size();
      m->index_of_id[post.id] = at;
      posts.push_back(std::move(post));
      ++m->added;
    }
    (*known)[wp.id] = {posts[at].id, site->listed[wp.id]};
  }
}

// The comments of posts not fetched again.
void apply_comments(const SyncArgs& a, const std::vector<FocusAreaName>& areas, SiteLists* site,
                    const std::map<int64_t, StateEntry>& known, Merge* m) {
  const std::set<int64_t> fetched_ids(site->to_fetch.begin(), site->to_fetch.end());
  for (const auto& [wp_id, entry] : known) {
    if (fetched_ids.count(wp_id)) continue;
    Post& post = m->posts[m->index_of_id[entry.id]];
    WpPost only_comments;
    only_comments.comments = site->comments[wp_id];
    WpReport comments_only;  // the post's own fields are not converted here
    Post fresh = to_archive_post(only_comments, areas, a.site, &comments_only);
    if (same_comments(fresh.comments, post.comments)) continue;
    post.comments = std::move(fresh.comments);
    set_comment_ids(&post);
    ++m->comments_changed;
  }
}

// A post of this site that no state entry holds came from an export: if the site no
// longer lists it, it is gone too. Returns the posts kept.
std::vector<Post> kept_posts(const SyncArgs& a, const std::map<int64_t, StateEntry>& known,
                             Merge* m) {
  std::set<std::string> synced;
  for (const auto& [wp_id, entry] : known) synced.insert(entry.id);
  std::vector<Post>& posts = m->posts;
  for (size_t i = 0; i < posts.size(); ++i)
    if (posts[i].url && posts[i].url->rfind(a.site + "/", 0) == 0 && !synced.count(posts[i].id))
      m->removed.insert(i);
  std::vector<Post> kept;
  for (size_t i = 0; i < posts.size(); ++i)
    if (!m->removed.count(i)) kept.push_back(std::move(posts[i]));
  return kept;
}

// The archive (when anything changed, or it does not exist yet), then the state; the
// index rebuilt as `fss-index build` does when needed. Returns the exit status.
int write_and_build(const SyncArgs& a, const std::string& state_file, const SyncState& state,
                    const std::vector<Post>& kept, bool changed) {
  std::error_code ec;
  if (changed || !std::filesystem::exists(a.archive, ec)) {
    if (Status w = write_archive(a.archive, kept); !w.is_ok()) return fail(w.message(), 2);
    std::fprintf(stderr, "%s: wrote %s (%zu posts)\n", kCommand, a.archive.c_str(), kept.size());
  }
  // After the archive: a state without its posts would make the next sync skip them.
  if (Status w = write_state(state_file, state); !w.is_ok()) return fail(w.message(), 2);
  const bool index_missing =
      !std::filesystem::exists(std::filesystem::path(a.index) / "XAPIANDB", ec);
  if (!a.build || (!changed && !index_missing)) return 0;
  std::vector<std::string> build_args = {"--archive", a.archive, "--index", a.index, "--quiet"};
  if (!a.focus_areas.empty()) build_args.insert(build_args.end(), {"--focus-areas", a.focus_areas});
  return run_build(build_args);
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
  SyncState state;
  Merge m;
  if (const int status = load_local(a, state_file, &state, &m); status >= 0) return status;
  SiteLists site;
  if (const int status = read_site(a, state, m, &site); status >= 0) return status;

  WpReport report;
  report.items = static_cast<int>(site.fetched.size());
  drop_unlisted(site, &state.posts, &m);
  apply_fetched(a, areas, &site, &state.posts, &m, &report);
  apply_comments(a, areas, &site, state.posts, &m);
  const std::vector<Post> kept = kept_posts(a, state.posts, &m);
  state.site = a.site;

  std::fprintf(
      stderr,
      "%s: %s: %zu published posts, %d new, %d changed, %zu removed, %d with changed comments\n",
      kCommand, a.site.c_str(), site.listed.size(), m.added, m.updated, m.removed.size(),
      m.comments_changed);
  if (!report.ignored_terms.empty() || report.untitled)
    std::fprintf(stderr, "%s: %s\n", kCommand, report.summary().c_str());
  const bool changed = m.added || m.updated || !m.removed.empty() || m.comments_changed;
  return write_and_build(a, state_file, state, kept, changed);
}

}  // namespace fss::cli
