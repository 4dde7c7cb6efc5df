// Segmentation: one dump's paragraphs to posts. The rules, and why they are these, are
// in doc/importer.md; this file is their state machine.
#include <algorithm>

#include "email.h"
#include "fss/utf8.h"
#include "importer_internal.h"

namespace fss {
namespace importer_internal {
namespace {

// Captions under pictures are a line or two; longer text ending in a credit is prose.
constexpr size_t kMaxCaptionChars = 150;

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class Segmenter {
 public:
  Segmenter(std::vector<Block> blocks, const std::string& file, const ImportOptions& options,
            ImportReport* report)
      : blocks_(std::move(blocks)), file_(file), options_(options), report_(report) {}

  std::vector<Post> run() {
    size_t i = 0;
    while (i < blocks_.size()) i = step(i);
    finish_post();
    return std::move(posts_);
  }

 private:
  const Block& at(size_t i) const { return blocks_[i]; }
  bool single_is(size_t i, bool (*test)(std::string_view)) const {
    return i < blocks_.size() && at(i).single() && test(at(i).first());
  }

  void problem(int line, std::string message, bool skipped) {
    report_->problems.push_back({file_, line, std::move(message), skipped});
  }

  // Handles the block at i; returns the index of the next block to look at.
  size_t step(size_t i) {
    const Block& b = at(i);
    if (single_is(i, is_comment_section_header) && open_ && post_.comments.empty()) {
      closed_ = true;
      return read_comments(i);
    }
    if (single_is(i, is_chrome)) {  // page furniture: it also ends the post above it
      closed_ = open_;
      return i + 1;
    }
    if (!open_ || closed_) {
      if (single_is(i, is_photo_credit)) return i + 1;
      if (is_headline_candidate(b, options_)) {
        start_post(i);
      } else {
        problem(b.first_line(), "text outside any post (no headline before it): skipped", true);
      }
      return i + 1;
    }
    // A short line whose next paragraph opens the way posts open (kicker, regional
    // news) is a headline even without a signature closing the post before it.
    if (is_headline_candidate(b, options_) && i + 1 < blocks_.size() && opens_post(at(i + 1))) {
      start_post(i);
      return i + 1;
    }
    if (const size_t used = signature_at(i)) {
      closed_ = true;
      return i + used;
    }
    body_.push_back(b);
    return i + 1;
  }

  static bool opens_post(const Block& b) {
    std::optional<std::string> region;
    return parse_kicker(b.first()).has_value() || is_regional_opener(b.first(), &region);
  }

  // What may follow a signature: the end, a new headline, comments or page furniture.
  bool ends_post_after(size_t j) const {
    while (single_is(j, is_photo_credit)) ++j;
    return j >= blocks_.size() || is_headline_candidate(at(j), options_) ||
           single_is(j, is_comment_section_header) || single_is(j, is_chrome);
  }

  static bool split_name_role(const std::string& line, std::string* name, std::string* role) {
    const size_t comma = line.find(", ");
    if (comma == std::string::npos) return false;
    *name = line.substr(0, comma);
    *role = line.substr(comma + 2);
    return is_person_name(*name) && is_role(*role);
  }

  // Number of blocks the signature at i takes (0: none). Sets author and role.
  size_t signature_at(size_t i) {
    const Block& b = at(i);
    std::vector<std::string> lines;
    for (const Line& l : b.lines) lines.push_back(l.text);
    for (std::string& l : lines) {
      std::string copy = l;
      if (strip_trailing_credit(&copy)) return 0;  // a caption, never a signature
    }
    size_t first = 0;
    if (lines.size() >= 2 && is_bare_greeting(lines[0])) first = 1;
    std::string name, role;
    size_t used = 0;
    const size_t rest = lines.size() - first;
    if (rest == 2 && is_person_name(lines[first]) && is_role(lines[first + 1])) {
      name = lines[first], role = lines[first + 1], used = 1;
    } else if (rest == 1 && split_name_role(lines[first], &name, &role)) {
      used = 1;
    } else if (lines.size() == 1 && is_person_name(lines[0]) && i + 1 < blocks_.size() &&
               at(i + 1).single() && is_role(at(i + 1).first()) && !opens_post(at(i + 1))) {
      name = lines[0], role = at(i + 1).first(), used = 2;
    }
    if (used == 0 || !ends_post_after(i + used)) return 0;
    post_.author = name;
    post_.author_role = role;
    has_signature_ = true;
    return used;
  }

  // Reads the comment section whose header is at i; returns the index after it.
  size_t read_comments(size_t i) {
    const int section_line = at(i).first_line();
    size_t j = i + 1;
    int header_indent = -1;
    std::vector<std::string> paragraphs;
    Comment current;
    bool have_current = false;
    const auto flush = [&] {
      if (!have_current) return;
      for (std::string& p : paragraphs) {
        current.body += (current.body.empty() ? "" : "\n\n") + p;
      }
      posts_comments_.push_back(std::move(current));
      current = Comment();
      paragraphs.clear();
    };
    for (; j < blocks_.size(); ++j) {
      const Block& b = at(j);
      const int indent = b.lines.front().indent;
      const auto header = b.single() ? parse_comment_header(b.first()) : std::nullopt;
      if (header && (header_indent < 0 || indent <= header_indent)) {
        flush();
        if (header_indent < 0) header_indent = indent;
        current.author = replace_emails(header->author, options_.email_placeholder);
        if (current.author.empty()) {
          current.author = "Anonym";
          problem(b.first_line(), "comment header without a name: author 'Anonym'", false);
        }
        current.date = header->date;
        have_current = true;
        continue;
      }
      if (single_is(j, is_chrome)) break;
      // Comment text is indented under its header; text at the header's level is the
      // page again. A dump that lost all indentation keeps everything as comment text.
      const bool inside = header_indent == 0 || indent > header_indent;
      if (!have_current) {
        if (header_indent >= 0 || indent == 0) break;
        problem(b.first_line(), "comment text without a comment header: skipped", true);
        continue;
      }
      if (!inside) break;
      paragraphs.push_back(replace_emails(b.text(), options_.email_placeholder));
    }
    flush();
    if (posts_comments_.empty()) {
      problem(section_line, "comment section without comments", false);
    }
    for (Comment& c : posts_comments_) {
      if (c.body.empty()) {
        problem(section_line, "a comment by '" + c.author + "' has no text: skipped", true);
        continue;
      }
      post_.comments.push_back(std::move(c));
    }
    posts_comments_.clear();
    return j;
  }

  void start_post(size_t i) {
    finish_post();
    post_ = Post();
    post_.title = at(i).first();
    post_.source = base_name(file_);
    title_line_ = at(i).first_line();
    body_.clear();
    open_ = true;
    closed_ = false;
    has_signature_ = false;
  }

  void finish_post() {
    if (!open_) return;
    open_ = false;
    clean_body();
    std::string body;
    for (const Block& b : body_) body += (body.empty() ? "" : "\n\n") + b.text();
    if (body.empty()) {
      problem(title_line_, "'" + post_.title + "' has no text after it: skipped", true);
      return;
    }
    post_.body = std::move(body);
    posts_.push_back(std::move(post_));
  }

  void clean_body() {
    if (!body_.empty()) {
      Line& first = body_.front().lines.front();
      if (auto kicker = parse_kicker(first.text)) {
        post_.kicker = kicker->label;
        post_.date = kicker->date;
        post_.region = kicker->region;
        first.text = kicker->rest;
      }
      std::optional<std::string> region;
      if (!post_.region && is_regional_opener(first.text, &region)) post_.region = region;
    }
    std::vector<Block> kept;
    for (Block& b : body_) {
      auto& lines = b.lines;
      lines.erase(
          std::remove_if(lines.begin(), lines.end(),
                         [](const Line& l) { return l.text.empty() || is_photo_credit(l.text); }),
          lines.end());
      if (lines.empty()) continue;
      // A short paragraph ending in a credit is an image caption, a long one keeps its
      // text and loses the credit.
      if (strip_trailing_credit(&lines.back().text)) {
        if (b.single() && char_count(b.first()) <= kMaxCaptionChars) continue;
      }
      kept.push_back(std::move(b));
    }
    // What stands between the last paragraph and the signature: a bare greeting, an
    // image's caption ("Kvinna utomhus").
    while (!kept.empty() && kept.back().single() &&
           (is_caption_like(kept.back().first()) ||
            (has_signature_ && is_bare_greeting(kept.back().first())))) {
      kept.pop_back();
    }
    body_ = std::move(kept);
  }

  std::vector<Block> blocks_;
  const std::string& file_;
  const ImportOptions& options_;
  ImportReport* report_;

  std::vector<Post> posts_;
  Post post_;
  std::vector<Block> body_;
  std::vector<Comment> posts_comments_;
  int title_line_ = 0;
  bool open_ = false;
  bool closed_ = false;
  bool has_signature_ = false;
};

}  // namespace
}  // namespace importer_internal

std::vector<Post> import_dump_text(std::string_view text, const std::string& file,
                                   const ImportOptions& options, ImportReport* report) {
  using namespace importer_internal;
  if (const auto bad = find_invalid_utf8(text)) {
    const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + *bad, '\n'));
    const size_t line_start = text.rfind('\n', *bad == 0 ? 0 : *bad - 1);
    const size_t column =
        line_start == std::string_view::npos || *bad == 0 ? *bad : *bad - line_start - 1;
    report->problems.push_back(
        {file, line,
         "invalid UTF-8 at byte " + std::to_string(column) + " of the line: file skipped", true});
    return {};
  }
  const size_t problems_before = report->problems.size();
  std::vector<Post> posts = Segmenter(split_blocks(text), file, options, report).run();
  if (posts.empty() && report->problems.size() == problems_before) {
    report->problems.push_back({file, 0, "no recognisable post", true});
  } else if (posts.empty()) {
    report->problems.push_back({file, 0, "no recognisable post (see above)", true});
  }
  assign_post_ids(&posts);
  return posts;
}

}  // namespace fss
