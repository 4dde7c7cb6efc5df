// The importer: raw page dumps (corpus/raw/*.txt) to archive posts.
//
// A dump is the text of one or more blog pages as a browser shows them; several posts
// may follow each other without a separator. The rules that split and clean them are
// written down in doc/importer.md.
//
// Thread-safety: free functions over values, no shared mutable state; calls on
// different inputs may run concurrently. Nothing throws: problems go to ImportReport.
#ifndef FSS_IMPORTER_H_
#define FSS_IMPORTER_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fss/archive.h"
#include "fss/status.h"

namespace fss {

struct ImportOptions {
  // A single-line paragraph of at most this many characters (code points), not ending
  // like a sentence, may be a headline or a section heading.
  size_t max_headline_chars = 100;
  // Files larger than this are refused (a dump is a few pages of text).
  size_t max_file_bytes = 16 * 1024 * 1024;
  // Replaces an e-mail address inside a comment's text.
  std::string email_placeholder = "[e-postadress borttagen]";
};

// One thing the importer could not use or had to guess about.
struct ImportProblem {
  std::string file;  // the path as given
  int line = 0;      // 1-based; 0 when it concerns the whole file
  std::string message;
  bool skipped = true;            // true when text was left out of the archive because of it
  std::string to_string() const;  // "corpus/raw/x.txt:12: invalid UTF-8 at byte 3"
};

// Where one non-empty line of a dump went. Every non-empty line of a segmented dump has
// exactly one fate: nothing is left out without a reason (doc/importer.md).
enum class LinePlace {
  kTitle,      // the post's headline
  kMeta,       // a theme meta line or date line under the title: gave date/author
  kKicker,     // a kicker line of its own ("ORDFÖRANDE HAR ORDET 29 mars 2021")
  kBody,       // body text (a kicker label at its start is taken out)
  kSignature,  // greeting, name and role that close the post
  kComment,    // a comment's header (its author) or text
  kDropped,    // left out, `reason` says why
};
// "title", "meta", "kicker", "body", "signature", "comment", "dropped".
const char* line_place_name(LinePlace place);

struct LineFate {
  int line = 0;  // 1-based line number in the dump
  LinePlace place = LinePlace::kDropped;
  int post = -1;       // index into DumpTrace::posts; -1 for dropped lines
  std::string reason;  // for dropped lines: "navigation text", "photo credit", ...
  std::string text;    // the cleaned line; e-mail addresses of comment headers removed
};

// Why a post starts where it does.
struct PostTrace {
  int line = 0;  // the title's line
  std::string title;
  std::vector<std::string> signals;  // "after 'Kommentera' (line 12)", "meta line follows", ...
};

// How one dump was segmented (fss-index import --explain, the conservation test).
struct DumpTrace {
  std::string file;
  std::vector<PostTrace> posts;  // the posts returned for this dump, in page order
  std::vector<LineFate> lines;   // one per non-empty line, in line order
};

struct ImportReport {
  std::vector<ImportProblem> problems;
  std::vector<DumpTrace> traces;  // one per dump that was segmented
  int files_read = 0;             // files whose text was segmented
  int files_skipped = 0;          // unreadable, too large or not UTF-8
  // True when any problem left text out: import then exits non-zero.
  bool anything_skipped() const;
  // Problems that left nothing out: guesses the importer was unsure about.
  int warnings() const;
};

// Segments the text of one dump into posts. `file` is the path used in problems;
// Post::source gets its base name. Ids are assigned and unique within this dump
// (see assign_post_ids). Invalid UTF-8 makes the whole dump a problem (nothing
// returned): a dump with a broken encoding is wrong throughout, not in one line.
std::vector<Post> import_dump_text(std::string_view text, const std::string& file,
                                   const ImportOptions& options, ImportReport* report);

// Reads and segments each path in order. A directory contributes its *.txt files
// sorted by name. Ids are made unique over all the files (assign_post_ids).
std::vector<Post> import_dumps(const std::vector<std::string>& paths, const ImportOptions& options,
                               ImportReport* report);

// Sets each post's id to "YYYY-MM-DD-<slug of title>" (date as found in the text) or
// "<slug>", the second of two equal ids getting "-2", the third "-3", in the order
// given; comment ids become "<post id>-c<N>". Call before merging metadata: an id does
// not change when metadata later supplies a date.
void assign_post_ids(std::vector<Post>* posts);

// "Första linjens socialtjänst" -> "forsta-linjens-socialtjanst": lower case, accents
// dropped, other characters '-', at most `max_chars` cut at a word boundary.
std::string slugify(std::string_view text, size_t max_chars = 80);

// Hand-written facts that a dump does not give, keyed by post id
// (corpus/metadata.json): {"<id>": {"date": "2019-11-20", "author": "...", ...}}.
// Fields: date, author, author_role, kicker, region (string or null), areas (array of
// ids), note (free text, ignored). A present non-null field replaces the imported
// value; null leaves it as imported.
struct PostMetadata {
  std::optional<std::string> date, author, author_role, kicker, region;
  std::optional<std::vector<std::string>> areas;
};
using MetadataMap = std::map<std::string, PostMetadata>;

// Parses and validates a metadata file's text. An unknown field, a wrong type or a bad
// date is an error naming the id and field.
Result<MetadataMap> parse_metadata(std::string_view json_text);
Result<MetadataMap> read_metadata(const std::string& path);

// Merges metadata into posts. Returns the ids of entries that match no post (metadata
// written for other dumps, or a post whose title changed): the caller warns about each,
// so an unused entry is never dropped without a word.
std::vector<std::string> apply_metadata(const MetadataMap& metadata, std::vector<Post>* posts);

}  // namespace fss

#endif  // FSS_IMPORTER_H_
