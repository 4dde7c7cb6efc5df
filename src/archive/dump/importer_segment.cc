// Segmentation: one dump's paragraphs to posts. The rules, and why they are these, are
// in doc/importer.md ("Where posts begin and end"); this file and importer_post.cc are
// their state machine (segmenter.h).
// Every non-empty line gets one fate (title, meta, kicker, body, signature, comment or
// dropped with a reason), so nothing can leave the archive without a word.
#include <algorithm>

#include "archive/dump/importer_internal.h"
#include "archive/dump/segmenter.h"
#include "fss/utf8.h"

namespace fss {
namespace importer_internal {

Segmenter::Segmenter(std::vector<Block> blocks, const std::string& file,
                     const ImportOptions& options, ImportReport* report)
    : blocks_(std::move(blocks)),
      file_(file),
      options_(options),
      report_(report),
      lexicon_(blocks_) {
  // Labels this dump uses as kickers: a title "Label 14 februari 2019" with one of them
  // is that column's post.
  columns_ = {"ordförande har ordet", "ordföranden har ordet"};
  for (const Block& b : blocks_) {
    if (auto k = parse_kicker(b.first())) columns_.insert(to_lower(k->label));
    if (b.single()) {
      if (auto k = parse_kicker_line(b.first())) columns_.insert(to_lower(k->label));
    }
  }
}

std::vector<Post> Segmenter::run(DumpTrace* trace) {
  size_t i = 0;
  while (i < blocks_.size()) i = step(i);
  finish_post();
  std::stable_sort(fates_.begin(), fates_.end(),
                   [](const LineFate& a, const LineFate& b) { return a.line < b.line; });
  check_every_line_has_one_fate();
  trace->file = file_;
  trace->posts = std::move(traces_);
  trace->lines = std::move(fates_);
  return std::move(posts_);
}

size_t Segmenter::step(size_t i) {
  const Block& b = at(i);
  if (single_is(i, is_comment_section_header) && open_ && post_.comments.empty()) {
    return read_comments(i);
  }
  if (single_is(i, is_chrome)) {  // page furniture: it also ends the post above it
    drop(b.lines[0], "navigation text");
    if (open_ && !closed_) close("after '" + b.first() + "'" + at_line(b.first_line()));
    return i + 1;
  }
  if (!open_ || closed_) {
    if (single_is(i, is_photo_credit)) {
      drop(b.lines[0], "photo credit");
      return i + 1;
    }
    if (is_title_at(i)) {
      std::vector<std::string> signals = {open_ ? closed_by_ : "first headline of the dump"};
      opening_signals(i, &signals);
      return start_post(i, std::move(signals));
    }
    for (const Line& l : b.lines) drop(l, "text outside any post");
    problem(b.first_line(), "text outside any post (no headline before it): skipped", true);
    return i + 1;
  }
  if (is_title_at(i)) {
    std::vector<std::string> strong, weak;
    opening_signals(i, &strong);
    ending_signals(&strong, &weak);
    if (!strong.empty()) return start_post(i, std::move(strong));
    // A headline's "Label: text" shape is common in headings too: it only tips a
    // weak signal over, and alone it is no reason for doubt.
    if (!weak.empty() && has_label_prefix(b.first())) {
      weak.push_back("it has a headline's 'Label: text' shape");
      problem(b.first_line(),
              "'" + b.first() + "' taken as a new post on weak signals only: " + weak[0] + "; " +
                  weak[1],
              false);
      return start_post(i, std::move(weak));
    }
    if (!weak.empty()) {
      problem(b.first_line(),
              "'" + b.first() + "' kept as a heading inside '" + post_.title +
                  "', though it may start a new post: " + weak[0],
              false);
    }
  }
  if (const size_t used = signature_at(i)) {
    close("after the signature" + at_line(at(i).first_line()));
    return i + used;
  }
  body_.push_back(b);
  return i + 1;
}

bool Segmenter::is_title_at(size_t i) const {
  const Block& b = at(i);
  if (is_headline_candidate(b, options_)) return true;
  if (!b.single() || char_count(b.first()) > kMaxConfirmedTitleChars) return false;
  if (is_chrome(b.first()) || is_photo_credit(b.first()) || parse_meta_line(b.first())) {
    return false;
  }
  const size_t next = skip_credits(i + 1);
  return next < blocks_.size() && at(next).single() &&
         (parse_meta_line(at(next).first()) || parse_iso_date_line(at(next).first()));
}

void Segmenter::opening_signals(size_t i, std::vector<std::string>* strong) const {
  const size_t n = skip_credits(i + 1);
  if (n < blocks_.size()) {
    const Block& next = at(n);
    const std::string where = at_line(next.first_line());
    std::optional<std::string> region;
    if (next.single() && parse_meta_line(next.first())) {
      strong->push_back("meta line follows" + where);
    } else if (next.single() && parse_iso_date_line(next.first())) {
      strong->push_back("date line follows" + where);
    } else if (next.single() && parse_kicker_line(next.first())) {
      strong->push_back("kicker line follows" + where);
    } else if (parse_kicker(next.first())) {
      strong->push_back("kicker follows" + where);
    } else if (is_regional_opener(next.first(), &region)) {
      strong->push_back("regional opener follows" + where);
    }
  }
  std::string label, date;
  if (split_dated_title(at(i).first(), &label, &date) && columns_.count(to_lower(label))) {
    strong->push_back("the title names a column and a date");
  }
}

void Segmenter::ending_signals(std::vector<std::string>* strong,
                               std::vector<std::string>* weak) const {
  if (body_.empty()) return;
  const Block& last = body_.back();
  const std::string where = at_line(last.lines.back().number);
  if (is_cut_off(last)) {
    strong->push_back("the paragraph before it is cut off mid-sentence" + where);
  } else if (ends_without_punctuation(last) && !last.single()) {
    weak->push_back("the paragraph before it ends without punctuation" + where);
  }
}

void Segmenter::check_every_line_has_one_fate() {
  std::map<int, int> seen;
  for (const LineFate& f : fates_) ++seen[f.line];
  for (const Block& b : blocks_) {
    for (const Line& l : b.lines) {
      if (seen[l.number] != 1) {
        problem(l.number,
                "internal: line used " + std::to_string(seen[l.number]) +
                    " times by the importer (a bug; please report): " + l.text,
                true);
      }
    }
  }
}

}  // namespace importer_internal

const char* line_place_name(LinePlace place) {
  switch (place) {
    case LinePlace::kTitle:
      return "title";
    case LinePlace::kMeta:
      return "meta";
    case LinePlace::kKicker:
      return "kicker";
    case LinePlace::kBody:
      return "body";
    case LinePlace::kSignature:
      return "signature";
    case LinePlace::kComment:
      return "comment";
    case LinePlace::kDropped:
      return "dropped";
  }
  return "dropped";
}

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
  DumpTrace trace;
  std::vector<Post> posts =
      Segmenter(split_opening_lines(split_blocks(text)), file, options, report).run(&trace);
  report->traces.push_back(std::move(trace));
  if (posts.empty() && report->problems.size() == problems_before) {
    report->problems.push_back({file, 0, "no recognisable post", true});
  } else if (posts.empty()) {
    report->problems.push_back({file, 0, "no recognisable post (see above)", true});
  }
  assign_post_ids(&posts);
  return posts;
}

}  // namespace fss
