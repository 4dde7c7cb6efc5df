// The archive: posts and their comments, one JSON object a line
// (../shared/spec/archive.md). import writes it; build, searchd and the tests read it.
//
// Thread-safety: free functions over values; no shared state.
#ifndef FSS_ARCHIVE_H_
#define FSS_ARCHIVE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fss/status.h"

namespace fss {

struct Comment {
  std::string id;                   // "<post id>-c<N>", N from 1 in page order
  std::string author;               // name as shown; never an e-mail address
  std::optional<std::string> date;  // "YYYY-MM-DD"
  std::string body;                 // paragraphs separated by one blank line
};

struct Post {
  std::string id;  // stable, URL-safe ([a-z0-9-]), unique in the archive
  std::string title;
  std::optional<std::string> date;  // "YYYY-MM-DD"
  std::optional<std::string> author;
  std::optional<std::string> author_role;
  std::optional<std::string> kicker;  // "Ordförande har ordet": normal case
  std::optional<std::string> region;
  std::vector<std::string> areas;  // focus-area ids
  std::string source;              // raw file name the post came from
  std::optional<std::string> url;  // the post's address on the site (WordPress); else none
  std::string body;
  std::vector<Comment> comments;
};

// One archive line (no trailing newline) for `post`: keys in the spec's order. `url`
// is written only when set, so archives imported from raw dumps read as before.
std::string post_to_json_line(const Post& post);

// Parses and validates one line. Errors name the field: "title: missing",
// "date: not a date: '2023-13-01'", "comments[2].author: not a string", "invalid UTF-8 at
// byte 17". The caller adds file and line.
Result<Post> parse_post_line(std::string_view line);

// A problem with one line of an archive file.
struct ArchiveError {
  std::string file;
  int line = 0;  // 1-based
  std::string message;
  std::string to_string() const;  // "corpus/archive.jsonl:12: date: not a date: 'x'"
};

struct ArchiveContents {
  std::vector<Post> posts;
  std::vector<ArchiveError> errors;  // bad lines, skipped; duplicates ids are errors too
};

// Reads a whole archive file. A bad line is reported in `errors` and skipped, never
// silently dropped; the Status is not ok only when the file itself cannot be read.
Result<ArchiveContents> read_archive(const std::string& path);

// Writes posts as an archive file (atomically: temp file + rename).
Status write_archive(const std::string& path, const std::vector<Post>& posts);

// True for "YYYY-MM-DD" naming a real calendar day.
bool is_valid_date(std::string_view date);

}  // namespace fss

#endif  // FSS_ARCHIVE_H_
