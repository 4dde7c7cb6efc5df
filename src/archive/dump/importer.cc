// The importer's entry points: files and directories in, posts with stable ids out.
#include "fss/importer.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>

#include "base/file.h"
#include "archive/dump/importer_internal.h"

namespace fss {
namespace {

namespace fs = std::filesystem;

// The dump files a path names: itself, or a directory's *.txt sorted by name so that
// the archive (and the -2, -3 of colliding ids) does not depend on readdir order.
std::vector<std::string> expand_path(const std::string& path, ImportReport* report) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};
  std::vector<std::string> files;
  for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".txt") files.push_back(it->path().string());
  }
  if (ec) report->problems.push_back({path, 0, "cannot list directory: " + ec.message(), true});
  std::sort(files.begin(), files.end());
  return files;
}

// A dump's bytes; false (and a problem) for a directory, a file too large or unreadable.
bool read_dump(const std::string& path, const ImportOptions& options, std::string* out,
               ImportReport* report) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    report->problems.push_back({path, 0, "is a directory", true});
    return false;
  }
  const auto size = fs::file_size(path, ec);
  if (!ec && size > options.max_file_bytes) {
    report->problems.push_back(
        {path, 0, "file too large (" + std::to_string(size) + " bytes): skipped", true});
    return false;
  }
  Result<std::string> text = read_file(path);
  if (!text.is_ok()) {
    const bool unreadable = text.status().code() == StatusCode::kNotFound;
    report->problems.push_back(
        {path, 0, unreadable ? "cannot read file: skipped" : "error while reading file: skipped",
         true});
    return false;
  }
  *out = std::move(text.value());
  return true;
}

}  // namespace

std::string ImportProblem::to_string() const {
  return file + ":" + std::to_string(line) + ": " + message;
}

bool ImportReport::anything_skipped() const {
  if (files_skipped > 0) return true;
  for (const ImportProblem& p : problems) {
    if (p.skipped) return true;
  }
  return false;
}

int ImportReport::warnings() const {
  return static_cast<int>(std::count_if(problems.begin(), problems.end(),
                                        [](const ImportProblem& p) { return !p.skipped; }));
}

std::string slugify(std::string_view text, size_t max_chars) {
  // Lower case, then NFD so that å ä ö é split into a base letter and a combining mark
  // which is dropped: "Första" -> "forsta", as Swedish URLs are usually written.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  u.toLower(icu::Locale("sv"));
  if (U_SUCCESS(status)) {
    icu::UnicodeString d = nfd->normalize(u, status);
    if (U_SUCCESS(status)) u = d;
  }
  std::string slug;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += static_cast<char>(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  if (slug.size() > max_chars) {
    const size_t cut = slug.rfind('-', max_chars);
    slug.resize(cut == std::string::npos || cut == 0 ? max_chars : cut);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  return slug.empty() ? "post" : slug;
}

void assign_post_ids(std::vector<Post>* posts) {
  std::set<std::string> used;
  for (Post& post : *posts) {
    std::string base = slugify(post.title);
    if (post.date) base = *post.date + "-" + base;
    // The second "x" becomes "x-2"; if a title already slugs to "x-2", count on.
    std::string id = base;
    for (int n = 2; used.count(id); ++n) id = base + "-" + std::to_string(n);
    used.insert(id);
    post.id = id;
    for (size_t i = 0; i < post.comments.size(); ++i) {
      post.comments[i].id = id + "-c" + std::to_string(i + 1);
    }
  }
}

std::vector<Post> import_dumps(const std::vector<std::string>& paths, const ImportOptions& options,
                               ImportReport* report) {
  std::vector<Post> all;
  for (const std::string& path : paths) {
    for (const std::string& file : expand_path(path, report)) {
      std::string text;
      if (!read_dump(file, options, &text, report)) {
        ++report->files_skipped;
        continue;
      }
      // A dump that was segmented has a trace; one refused whole (its encoding) has none.
      const size_t traces_before = report->traces.size();
      std::vector<Post> posts = import_dump_text(text, file, options, report);
      if (report->traces.size() == traces_before) {
        ++report->files_skipped;
      } else {
        ++report->files_read;
      }
      for (Post& p : posts) all.push_back(std::move(p));
    }
  }
  assign_post_ids(&all);
  return all;
}

}  // namespace fss
