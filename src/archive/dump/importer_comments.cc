// A post's comment section: the header line ("2 svar på ”…”"), then one header per
// comment (" 1. a@b.se' Name skriver:") with the comment's text indented under it.
#include "text/email.h"
#include "archive/dump/importer_internal.h"

namespace fss::importer_internal {
namespace {

// "3 december 2019 kl. 14:05", "december 3, 2019 at 2:05 pm", "2019-12-03 14:05": the
// date line some themes put under a comment's header.
std::optional<std::string> comment_date_line(const std::string& line) {
  if (char_count(line) > 40) return std::nullopt;
  std::string head = line;
  for (const char* time : {" kl", " at ", " @ "}) {
    if (const size_t at = head.find(time); at != std::string::npos) head.resize(at);
  }
  if (head.size() >= 16 && head[4] == '-' && head[10] == ' ') head.resize(10);  // ISO + time
  while (!head.empty() && (head.back() == ',' || head.back() == ' ')) head.pop_back();
  if (auto meta = parse_meta_line(head); meta && meta->categories.empty() && !meta->author) {
    return meta->date;
  }
  return std::nullopt;
}

// "Svara", "Reply": the link under each comment.
bool is_reply_link(const std::string& line) {
  const std::string lower = to_lower(line);
  return lower == "svara" || lower == "reply" || lower == "svara ↓" || lower == "reply ↓";
}

struct PendingComment {
  Comment comment;
  int header_line = 0;
  std::vector<LineFate> fates;
};

LineFate fate(const Line& l, LinePlace place, std::string reason, std::string text) {
  return LineFate{l.number, place, -1, std::move(reason), std::move(text)};
}

// One paragraph of a comment (lines of one block): a date line first thing under the
// header is the comment's date, the rest is its text.
void add_comment_text(std::vector<Line> lines, const ImportOptions& options, PendingComment* c) {
  if (lines.empty()) return;
  if (c->comment.body.empty() && !c->comment.date) {
    if (auto date = comment_date_line(lines.front().text)) {
      c->comment.date = date;
      c->fates.push_back(
          fate(lines.front(), LinePlace::kComment, "comment date", lines.front().text));
      lines.erase(lines.begin());
      if (lines.empty()) return;
    }
  }
  std::string text;
  for (const Line& l : lines) {
    const std::string clean = replace_emails(l.text, options.email_placeholder);
    text += (text.empty() ? "" : "\n") + clean;
    c->fates.push_back(fate(l, LinePlace::kComment, "", clean));
  }
  c->comment.body += (c->comment.body.empty() ? "" : "\n\n") + text;
}

}  // namespace

CommentSection read_comment_section(const std::vector<Block>& blocks, size_t header,
                                    const ImportOptions& options) {
  CommentSection out;
  out.fates.push_back(
      fate(blocks[header].lines[0], LinePlace::kDropped, "comment header", blocks[header].first()));
  std::vector<PendingComment> comments;
  int header_indent = -1;
  size_t j = header + 1;
  for (; j < blocks.size(); ++j) {
    const Block& b = blocks[j];
    const int indent = b.lines.front().indent;
    // A header is the first line of its paragraph; a theme may put the comment's date
    // (and even its text) on the lines under it without a blank line.
    const auto parsed = parse_comment_header(b.first());
    if (parsed && (header_indent < 0 || indent <= header_indent)) {
      if (header_indent < 0) header_indent = indent;
      PendingComment c;
      c.header_line = b.first_line();
      c.comment.author = replace_emails(parsed->author, options.email_placeholder);
      if (c.comment.author.empty()) {
        c.comment.author = "Anonym";
        out.problems.push_back(
            {"", b.first_line(), "comment header without a name: author 'Anonym'", false});
      }
      c.comment.date = parsed->date;
      // The header's text without its address: the address is never kept, not even here.
      c.fates.push_back(fate(b.lines[0], LinePlace::kComment, "comment header",
                             replace_emails(b.first(), options.email_placeholder)));
      add_comment_text(std::vector<Line>(b.lines.begin() + 1, b.lines.end()), options, &c);
      comments.push_back(std::move(c));
      continue;
    }
    if (b.single() && is_reply_link(b.first())) {
      out.fates.push_back(fate(b.lines[0], LinePlace::kDropped, "navigation text", b.first()));
      continue;
    }
    if (b.single() && is_chrome(b.first())) break;
    // Comment text is indented under its header; text at the header's level is the
    // page again. A dump that lost all indentation keeps everything as comment text.
    const bool inside = header_indent == 0 || indent > header_indent;
    if (comments.empty()) {
      if (header_indent >= 0 || indent == 0) break;
      for (const Line& l : b.lines) {
        out.fates.push_back(fate(l, LinePlace::kDropped, "comment text without a header", l.text));
      }
      out.problems.push_back(
          {"", b.first_line(), "comment text without a comment header: skipped", true});
      continue;
    }
    if (!inside) break;
    add_comment_text(b.lines, options, &comments.back());
  }
  out.end = j;
  if (comments.empty()) {
    out.problems.push_back(
        {"", blocks[header].first_line(), "comment section without comments", false});
  }
  for (PendingComment& c : comments) {
    if (c.comment.body.empty()) {
      out.problems.push_back({"", c.header_line,
                              "a comment by '" + c.comment.author + "' has no text: skipped",
                              true});
      for (LineFate& f : c.fates) {
        f.place = LinePlace::kDropped;
        f.reason = "comment without text";
      }
    }
    for (LineFate& f : c.fates) out.fates.push_back(std::move(f));
    if (!c.comment.body.empty()) out.comments.push_back(std::move(c.comment));
  }
  return out;
}

}  // namespace fss::importer_internal
