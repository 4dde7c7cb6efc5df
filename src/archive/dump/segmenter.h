// Private to the importer: the state machine that cuts one dump's paragraphs into posts
// (importer_segment.cc says how), its members in two files by job:
//   importer_segment.cc  where posts begin and end: the step over each paragraph
//   importer_post.cc     one post's parts: opening lines, signature, comments, body
#ifndef FSS_SRC_ARCHIVE_DUMP_SEGMENTER_H_
#define FSS_SRC_ARCHIVE_DUMP_SEGMENTER_H_

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "archive/dump/importer_internal.h"
#include "fss/importer.h"

namespace fss::importer_internal {

// Captions under pictures are a line or two; longer text ending in a credit is prose.
inline constexpr size_t kMaxCaptionChars = 150;
// A title that a meta or date line confirms may be longer than a headline candidate.
inline constexpr size_t kMaxConfirmedTitleChars = 250;
// Placeholder post index of a fate whose post is still open.
inline constexpr int kOpenPost = -2;

// " (line N)", for messages.
inline std::string at_line(int line) { return " (line " + std::to_string(line) + ")"; }

// Reads one dump's paragraphs in order, one step each, keeping the open post; every
// non-empty line gets exactly one fate. Used once: construct, then run().
class Segmenter {
 public:
  // `file`, `options` and `report` must outlive the Segmenter.
  Segmenter(std::vector<Block> blocks, const std::string& file, const ImportOptions& options,
            ImportReport* report);

  // Segments the dump: its posts, in order; *trace gets every line's fate.
  std::vector<Post> run(DumpTrace* trace);

 private:
  const Block& at(size_t i) const { return blocks_[i]; }
  bool single_is(size_t i, bool (*test)(std::string_view)) const {
    return i < blocks_.size() && at(i).single() && test(at(i).first());
  }
  void problem(int line, std::string message, bool skipped) {
    report_->problems.push_back({file_, line, std::move(message), skipped});
  }
  void drop(const Line& l, std::string reason) {
    fates_.push_back({l.number, LinePlace::kDropped, -1, std::move(reason), l.text});
  }
  void keep(const Line& l, LinePlace place, std::string text, std::string note = "") {
    pending_.push_back({l.number, place, kOpenPost, std::move(note), std::move(text)});
  }
  // Ends the open post's text; `signal` says what ended it.
  void close(std::string signal) {
    closed_ = true;
    closed_by_ = std::move(signal);
  }
  // The first block from j that is not a photo credit alone.
  size_t skip_credits(size_t j) const {
    while (single_is(j, is_photo_credit)) ++j;
    return j;
  }

  // ---- where posts begin and end (importer_segment.cc) ----
  // Handles the block at i; returns the index of the next block to look at.
  size_t step(size_t i);
  // A headline candidate, or one line that a meta or date line under it confirms.
  bool is_title_at(size_t i) const;
  // What under the title at i says it opens a post (strong signals).
  void opening_signals(size_t i, std::vector<std::string>* strong) const;
  // What the open post's last paragraph says about a title-like line after it.
  void ending_signals(std::vector<std::string>* strong, std::vector<std::string>* weak) const;
  // Every non-empty line must have exactly one fate; anything else is a bug here, said
  // out loud rather than losing a line.
  void check_every_line_has_one_fate();

  // ---- signatures (importer_post.cc) ----
  // What may follow a signature: the end, a new headline, comments or page furniture.
  bool ends_post_after(size_t j) const;
  // "Name, Role" on one line.
  static bool split_name_role(const std::string& line, std::string* name, std::string* role);
  // A kicker or regional opener: the start of a post's text, never a role.
  static bool opens_post(const Block& b);
  // Number of blocks the signature at i takes (0: none). Sets author and role.
  size_t signature_at(size_t i);

  // ---- comments ----
  // Reads the comment section whose header is block i into the open post, which it
  // closes; returns the first block after it.
  size_t read_comments(size_t i);

  // ---- a post's opening: title, then meta line, date line, kicker line ----
  // Opens a post whose title is at i (`signals`: why), closing the one before; returns
  // the first block after its opening lines.
  size_t start_post(size_t i, std::vector<std::string> signals);
  // The opening lines from block j (meta line, date line, kicker line, each once, photo
  // credits among them); returns the first block after them.
  size_t read_opening(size_t j);
  // The post's date from `from` at `line`; a second, different date is reported.
  void set_date(const std::string& date, const std::string& from, int line);
  // The post's kicker (and date, region) from `k`; a second, different one is reported.
  void set_kicker(const Kicker& k, int line);

  // ---- closing a post ----
  // Closes the open post, if any: kept when it has text, its lines' fates decided.
  void finish_post();
  // A column's post may carry its kicker only in the title: "Ordförande har ordet 14
  // februari 2019" (the date too), "Ordförande har ordet: Ny vår", "Ordförande har ordet".
  void kicker_from_title();
  // The open post's body without its kicker, photo credits, captions and the greeting
  // before its signature (each line dropped or kept with its reason).
  void clean_body();

  std::vector<Block> blocks_;
  const std::string& file_;
  const ImportOptions& options_;
  ImportReport* report_;
  CaseLexicon lexicon_;
  std::set<std::string> columns_;  // lower-case labels of column kickers
  std::vector<Post> posts_;
  std::vector<PostTrace> traces_;
  std::vector<LineFate> fates_;    // decided
  std::vector<LineFate> pending_;  // lines of the open post: kept if the post is
  std::map<int, std::string> body_notes_;
  Post post_;
  PostTrace trace_;
  std::vector<Block> body_;
  int title_line_ = 0;
  bool open_ = false;
  bool closed_ = false;
  std::string closed_by_;
  bool has_signature_ = false;
};

}  // namespace fss::importer_internal

#endif  // FSS_SRC_ARCHIVE_DUMP_SEGMENTER_H_
