// Helpers shared by the tests of the importer on the site's pages
// (importer_site_test.cc, importer_site_conservation_test.cc): the site dumps, a dump
// imported from text, and the conservation check of a dump's trace.
#ifndef FSS_TESTS_IMPORTER_SITE_UTIL_H_
#define FSS_TESTS_IMPORTER_SITE_UTIL_H_

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fss/importer.h"

namespace fss::importer_test_util {

// ../shared/testdata/site-dumps: real pages of the site, and gold.json.
inline const std::string kSiteDumps = std::string(FSS_SHARED_DIR) + "/testdata/site-dumps";

// The dumps (*.txt) in dir, sorted.
inline std::vector<std::string> dumps_in(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The line as the importer cleans it, for comparing: blanks collapsed, trimmed. (NFC is
// not needed: the dumps here are NFC.)
inline std::string squeeze(std::string line) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const bool nbsp = line.compare(i, 2, "\u00a0") == 0;
    const bool zw = line.compare(i, 3, "\u200b") == 0 || line.compare(i, 3, "\ufeff") == 0;
    if (zw) {
      i += 2;
      continue;
    }
    if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r' || nbsp) {
      space = !out.empty();
      if (nbsp) ++i;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += line[i];
  }
  return out;
}

inline bool contains(const std::string& hay, const std::string& needle) {
  return hay.find(needle) != std::string::npos;
}

// The dump's non-empty lines, cleaned (squeeze), by line number from 1.
inline std::map<int, std::string> cleaned_lines(const std::string& text) {
  std::map<int, std::string> lines;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    ++number;
    std::string clean = squeeze(text.substr(pos, nl - pos));
    if (!clean.empty()) lines[number] = clean;
    pos = nl + 1;
  }
  return lines;
}

// Reports a line's problem: fail(line, what).
using FailFn = std::function<void(int, const std::string&)>;

// Checks the fate of a line kept in post p (original: the line, cleaned); a body line's
// text goes to *body_lines.
inline void check_kept_line(const LineFate& f, const std::string& original, const Post& p,
                            const FailFn& fail, std::vector<std::string>* body_lines) {
  switch (f.place) {
    case LinePlace::kTitle:
      if (p.title != original) fail(f.line, "title is '" + p.title + "'");
      break;
    case LinePlace::kMeta:
      if (!p.date) fail(f.line, "meta line but no date");
      if (f.text != original) fail(f.line, "meta text differs");
      break;
    case LinePlace::kKicker:
      if (!p.kicker) fail(f.line, "kicker line but no kicker");
      break;
    case LinePlace::kSignature:
      if (!p.author && f.reason.empty() && f.text == original && contains(original, " ")) {
        // A bare greeting belongs to the signature even when the name is in metadata.
      }
      break;
    case LinePlace::kBody:
      if (f.text.empty() || !contains(original, f.text)) {
        fail(f.line, "body text '" + f.text + "' is not from the line");
      }
      if (!contains(p.body, f.text)) fail(f.line, "body text not in the post's body");
      body_lines->push_back(f.text);
      break;
    case LinePlace::kComment: {
      bool found = false;
      for (const Comment& c : p.comments) {
        found = found || contains(c.body, f.text) ||
                (f.reason == "comment header" &&
                 (contains(f.text, c.author) || c.author == "Anonym")) ||
                f.reason == "comment date";
      }
      if (!found) fail(f.line, "comment line in no comment: " + f.text);
      if (contains(f.text, "@") && !contains(f.text, "[e-postadress borttagen]")) {
        fail(f.line, "an address in the trace");
      }
      break;
    }
    case LinePlace::kDropped:
      break;
  }
}

// The other way round: every line of every body comes from the dump (body_lines: post ->
// its body lines per trace); "" when they all do.
inline std::string body_lines_from_nowhere(const std::vector<Post>& posts,
                                           std::map<int, std::vector<std::string>>& body_lines) {
  std::string errors;
  for (size_t i = 0; i < posts.size(); ++i) {
    const std::vector<std::string>& from_dump = body_lines[static_cast<int>(i)];
    size_t start = 0;
    const std::string& body = posts[i].body;
    while (start <= body.size()) {
      size_t nl = body.find('\n', start);
      if (nl == std::string::npos) nl = body.size();
      const std::string line = body.substr(start, nl - start);
      if (!line.empty() && std::find(from_dump.begin(), from_dump.end(), line) == from_dump.end()) {
        errors += "post '" + posts[i].title + "': body line from nowhere: " + line + "\n";
      }
      start = nl + 1;
    }
  }
  return errors;
}

// What is wrong with the trace of one dump, "" when every line is accounted for.
inline std::string conservation_errors(const std::string& text, const std::vector<Post>& posts,
                                       const DumpTrace& trace) {
  std::string errors;
  const FailFn fail = [&](int line, const std::string& what) {
    errors += "line " + std::to_string(line) + ": " + what + "\n";
  };
  const std::map<int, std::string> lines = cleaned_lines(text);  // non-empty, cleaned
  if (trace.posts.size() != posts.size()) fail(0, "trace and posts differ in number");
  std::map<int, int> seen;
  std::map<int, std::vector<std::string>> body_lines;  // post -> its body lines per trace
  for (const LineFate& f : trace.lines) {
    ++seen[f.line];
    const auto it = lines.find(f.line);
    if (it == lines.end()) {
      fail(f.line, "a fate for an empty or missing line");
      continue;
    }
    const std::string& original = it->second;
    if (f.place == LinePlace::kDropped) {
      if (f.reason.empty() || f.post != -1) fail(f.line, "dropped without a reason");
      if (f.text != original) fail(f.line, "dropped text differs: " + f.text);
      continue;
    }
    if (f.post < 0 || f.post >= static_cast<int>(posts.size())) {
      fail(f.line, "kept in no post");
      continue;
    }
    check_kept_line(f, original, posts[f.post], fail, &body_lines[f.post]);
  }
  for (const auto& [line, clean] : lines) {
    if (seen[line] != 1) {
      fail(line, "has " + std::to_string(seen[line]) + " fates: " + clean);
    }
  }
  errors += body_lines_from_nowhere(posts, body_lines);
  return errors;
}

// One dump imported from text, under the file name `name`: its posts and the report.
struct Imported {
  std::vector<Post> posts;
  ImportReport report;
};

inline Imported import_text(const std::string& text, const std::string& name) {
  Imported out;
  out.posts = import_dump_text(text, name, ImportOptions(), &out.report);
  return out;
}

}  // namespace fss::importer_test_util

#endif  // FSS_TESTS_IMPORTER_SITE_UTIL_H_
