// fss-index import --wxr: a WordPress export file to the archive.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.h"
#include "fss/archive.h"
#include "fss/importer.h"
#include "fss/wordpress.h"

namespace fss::cli {

std::string focus_areas_beside(const std::string& archive) {
  return (std::filesystem::path(archive).parent_path() / "focus-areas.json").string();
}

bool load_focus_area_names(const std::string& path, bool given, std::vector<FocusAreaName>* out,
                           const char* command) {
  std::error_code ec;
  if (!given && !std::filesystem::exists(path, ec)) {
    std::fprintf(stderr,
                 "warning: %s: no %s: no category or tag is taken for a focus area (the "
                 "indexer still classifies posts)\n",
                 command, path.c_str());
    return true;
  }
  Result<std::vector<FocusAreaName>> areas = read_focus_area_names(path);
  if (!areas.is_ok()) {
    std::fprintf(stderr, "%s: %s\n", command, areas.status().message().c_str());
    return false;
  }
  *out = std::move(areas.value());
  return true;
}

int run_import_wxr(const WxrImportArgs& args) {
  constexpr const char* kCommand = "fss-index import";
  std::vector<FocusAreaName> areas;
  const std::string areas_path =
      args.focus_areas.empty() ? focus_areas_beside(args.output) : args.focus_areas;
  if (!load_focus_area_names(areas_path, !args.focus_areas.empty(), &areas, kCommand)) return 2;

  WpReport report;
  Result<std::vector<WpPost>> wp = read_wxr(args.wxr, &report);
  if (!wp.is_ok()) {
    std::fprintf(stderr, "%s: %s\n", kCommand, wp.status().message().c_str());
    return 2;
  }
  // Ids are made in date order, so an older post keeps the shorter of two equal ids.
  std::stable_sort(wp->begin(), wp->end(), [](const WpPost& a, const WpPost& b) {
    return a.date != b.date ? a.date < b.date : a.id < b.id;
  });
  const std::string source = std::filesystem::path(args.wxr).filename().string();
  std::vector<Post> posts;
  size_t comments = 0;
  for (const WpPost& p : *wp) {
    posts.push_back(to_archive_post(p, areas, source, &report));
    comments += posts.back().comments.size();
  }
  assign_post_ids(&posts);
  std::fprintf(stderr, "%s: %s\n", args.wxr.c_str(), report.summary().c_str());
  std::fprintf(stderr, "imported %zu posts, %zu comments from %s\n", posts.size(), comments,
               args.wxr.c_str());
  if (posts.empty()) {
    std::fprintf(stderr, "%s: no published posts: %s not written\n", kCommand, args.output.c_str());
    return 1;
  }
  if (Status s = write_archive(args.output, posts); !s.is_ok()) {
    std::fprintf(stderr, "%s: %s\n", kCommand, s.message().c_str());
    return 2;
  }
  std::fprintf(stderr, "wrote %s\n", args.output.c_str());
  return 0;
}

}  // namespace fss::cli
