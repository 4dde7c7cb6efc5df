// Segmentation: one dump's paragraphs to posts. The rules, and why they are these, are
// in doc/importer.md ("Where posts begin and end"); this file is their state machine.
// Every non-empty line gets one fate (title, meta, kicker, body, signature, comment or
// dropped with a reason), so nothing can leave the archive without a word.
#include <algorithm>
#include <set>

#include "fss/utf8.h"
#include "archive/dump/importer_internal.h"

namespace fss {
namespace importer_internal {
namespace {

// Captions under pictures are a line or two; longer text ending in a credit is prose.
constexpr size_t kMaxCaptionChars = 150;
// A title that a meta or date line confirms may be longer than a headline candidate.
constexpr size_t kMaxConfirmedTitleChars = 250;
// Placeholder post index of a fate whose post is still open.
constexpr int kOpenPost = -2;

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string at_line(int line) { return " (line " + std::to_string(line) + ")"; }

class Segmenter {
 public:
  Segmenter(std::vector<Block> blocks, const std::string& file, const ImportOptions& options,
            ImportReport* report)
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

  std::vector<Post> run(DumpTrace* trace) {
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

  // Handles the block at i; returns the index of the next block to look at.
  size_t step(size_t i) {
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

  void close(std::string signal) {
    closed_ = true;
    closed_by_ = std::move(signal);
  }

  // A headline candidate, or one line that a meta or date line under it confirms.
  bool is_title_at(size_t i) const {
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

  size_t skip_credits(size_t j) const {
    while (single_is(j, is_photo_credit)) ++j;
    return j;
  }

  // What under the title at i says it opens a post (strong signals).
  void opening_signals(size_t i, std::vector<std::string>* strong) const {
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

  // What the open post's last paragraph says about a title-like line after it.
  void ending_signals(std::vector<std::string>* strong, std::vector<std::string>* weak) const {
    if (body_.empty()) return;
    const Block& last = body_.back();
    const std::string where = at_line(last.lines.back().number);
    if (is_cut_off(last)) {
      strong->push_back("the paragraph before it is cut off mid-sentence" + where);
    } else if (ends_without_punctuation(last) && !last.single()) {
      weak->push_back("the paragraph before it ends without punctuation" + where);
    }
  }

  // ---- signatures ----

  // What may follow a signature: the end, a new headline, comments or page furniture.
  bool ends_post_after(size_t j) const {
    j = skip_credits(j);
    return j >= blocks_.size() || is_title_at(j) || single_is(j, is_comment_section_header) ||
           single_is(j, is_chrome);
  }

  static bool split_name_role(const std::string& line, std::string* name, std::string* role) {
    const size_t comma = line.find(", ");
    if (comma == std::string::npos) return false;
    *name = line.substr(0, comma);
    *role = line.substr(comma + 2);
    return is_person_name(*name) && is_role(*role);
  }

  static bool opens_post(const Block& b) {
    std::optional<std::string> region;
    return parse_kicker(b.first()).has_value() || is_regional_opener(b.first(), &region);
  }

  // Number of blocks the signature at i takes (0: none). Sets author and role.
  size_t signature_at(size_t i) {
    const Block& b = at(i);
    for (const Line& l : b.lines) {
      std::string copy = l.text;
      if (strip_trailing_credit(&copy)) return 0;  // a caption, never a signature
    }
    const auto& lines = b.lines;
    const size_t first = lines.size() >= 2 && is_bare_greeting(lines[0].text) ? 1 : 0;
    std::string name, role;
    size_t used = 0;
    const size_t rest = lines.size() - first;
    if (rest == 2 && is_person_name(lines[first].text) && is_role(lines[first + 1].text)) {
      name = lines[first].text, role = lines[first + 1].text, used = 1;
    } else if (rest == 1 && split_name_role(lines[first].text, &name, &role)) {
      used = 1;
    } else if (lines.size() == 1 && is_person_name(lines[0].text) && i + 1 < blocks_.size() &&
               at(i + 1).single() && is_role(at(i + 1).first()) && !opens_post(at(i + 1))) {
      name = lines[0].text, role = at(i + 1).first(), used = 2;
    }
    if (used == 0 || !ends_post_after(i + used)) return 0;
    if (post_.author && *post_.author != name) {
      problem(b.first_line(),
              "the signature names '" + name + "', the meta line '" + *post_.author +
                  "': the signature's name kept",
              false);
    }
    post_.author = name;
    post_.author_role = role;
    has_signature_ = true;
    for (size_t k = 0; k < used; ++k) {
      for (const Line& l : at(i + k).lines) keep(l, LinePlace::kSignature, l.text);
    }
    return used;
  }

  // ---- comments ----

  size_t read_comments(size_t i) {
    CommentSection section = read_comment_section(blocks_, i, options_);
    for (ImportProblem& p : section.problems) {
      p.file = file_;
      report_->problems.push_back(std::move(p));
    }
    for (LineFate& f : section.fates) {
      if (f.place == LinePlace::kDropped) {
        fates_.push_back(std::move(f));
      } else {
        f.post = kOpenPost;
        pending_.push_back(std::move(f));
      }
    }
    post_.comments = std::move(section.comments);
    close("after the comments" + at_line(at(i).first_line()));
    return section.end;
  }

  // ---- a post's opening: title, then meta line, date line, kicker line ----

  size_t start_post(size_t i, std::vector<std::string> signals) {
    finish_post();
    post_ = Post();
    post_.title = at(i).first();
    post_.source = base_name(file_);
    title_line_ = at(i).first_line();
    trace_ = PostTrace{title_line_, post_.title, std::move(signals)};
    body_.clear();
    open_ = true;
    closed_ = false;
    has_signature_ = false;
    keep(at(i).lines[0], LinePlace::kTitle, post_.title);
    return read_opening(i + 1);
  }

  size_t read_opening(size_t j) {
    bool meta_seen = false, date_seen = false, kicker_seen = false;
    while (j < blocks_.size()) {
      const Block& b = at(j);
      if (!b.single()) break;
      const Line& l = b.lines[0];
      if (is_photo_credit(l.text)) {
        drop(l, "photo credit");
      } else if (auto meta = meta_seen ? std::nullopt : parse_meta_line(l.text)) {
        meta_seen = true;
        set_date(meta->date, "the meta line", l.number);
        if (meta->author) post_.author = meta->author;
        if (meta->region && !post_.region) post_.region = meta->region;
        keep(l, LinePlace::kMeta, l.text);
      } else if (auto iso = date_seen ? std::nullopt : parse_iso_date_line(l.text)) {
        date_seen = true;
        set_date(*iso, "the date line", l.number);
        keep(l, LinePlace::kMeta, l.text);
      } else if (auto k = kicker_seen ? std::nullopt : parse_kicker_line(l.text, &lexicon_)) {
        kicker_seen = true;
        set_kicker(*k, l.number);
        keep(l, LinePlace::kKicker, l.text);
      } else {
        break;
      }
      ++j;
    }
    return j;
  }

  void set_date(const std::string& date, const std::string& from, int line) {
    if (!post_.date) {
      post_.date = date;
    } else if (*post_.date != date) {
      problem(line,
              from + " says " + date + ", the post was dated " + *post_.date +
                  " before: the first date kept",
              false);
    }
  }

  void set_kicker(const Kicker& k, int line) {
    if (k.date) set_date(*k.date, "the kicker", line);
    if (!post_.kicker) {
      post_.kicker = k.label;
    } else if (to_lower(*post_.kicker) != to_lower(k.label)) {
      problem(line,
              "a second kicker '" + k.label + "' after '" + *post_.kicker + "': the first kept",
              false);
    }
    if (k.region && !post_.region) post_.region = k.region;
  }

  // ---- closing a post ----

  void finish_post() {
    if (!open_) return;
    open_ = false;
    clean_body();
    kicker_from_title();
    std::string body;
    for (const Block& b : body_) body += (body.empty() ? "" : "\n\n") + b.text();
    if (body.empty()) {
      problem(title_line_, "'" + post_.title + "' has no text after it: skipped", true);
      for (LineFate& f : pending_) {
        f.place = LinePlace::kDropped;
        f.post = -1;
        f.reason = "post without text";
      }
    } else {
      const int index = static_cast<int>(posts_.size());
      for (const Block& b : body_) {
        for (const Line& l : b.lines) keep(l, LinePlace::kBody, l.text, body_notes_[l.number]);
      }
      for (LineFate& f : pending_) f.post = index;
      post_.body = std::move(body);
      posts_.push_back(std::move(post_));
      traces_.push_back(std::move(trace_));
    }
    for (LineFate& f : pending_) fates_.push_back(std::move(f));
    pending_.clear();
    body_notes_.clear();
  }

  // A column's post may carry its kicker only in the title: "Ordförande har ordet 14
  // februari 2019" (the date too), "Ordförande har ordet: Ny vår", "Ordförande har ordet".
  void kicker_from_title() {
    std::string label, date;
    if (split_dated_title(post_.title, &label, &date)) {
      if (!date.empty() && !post_.date) post_.date = date;
    } else if (const size_t colon = post_.title.find(": "); colon != std::string::npos) {
      label = post_.title.substr(0, colon);
    } else {
      label = post_.title;
    }
    if (post_.kicker || !columns_.count(to_lower(label))) return;
    const std::optional<Kicker> caps = parse_kicker_line(label, &lexicon_);
    post_.kicker = caps ? caps->label : capitalize(label);
  }

  void clean_body() {
    if (!body_.empty()) {
      Line& first = body_.front().lines.front();
      if (auto kicker = parse_kicker(first.text, &lexicon_)) {
        set_kicker(*kicker, first.number);
        if (kicker->rest.empty()) {
          keep(first, LinePlace::kKicker, first.text);
          first.text.clear();
        } else {
          first.text = kicker->rest;
          body_notes_[first.number] = "kicker label taken out";
        }
      }
      std::optional<std::string> region;
      if (!post_.region && is_regional_opener(first.text, &region)) post_.region = region;
    }
    std::vector<Block> kept;
    for (Block& b : body_) {
      auto& lines = b.lines;
      for (const Line& l : lines) {
        if (!l.text.empty() && is_photo_credit(l.text)) drop(l, "photo credit");
      }
      lines.erase(
          std::remove_if(lines.begin(), lines.end(),
                         [](const Line& l) { return l.text.empty() || is_photo_credit(l.text); }),
          lines.end());
      if (lines.empty()) continue;
      // A short paragraph ending in a credit is an image caption, a long one keeps its
      // text and loses the credit.
      const Line before_strip = lines.back();
      if (strip_trailing_credit(&lines.back().text)) {
        if (b.single() && char_count(b.first()) <= kMaxCaptionChars) {
          drop(before_strip, "image caption with a photo credit");
          continue;
        }
        body_notes_[lines.back().number] = "photo credit taken out";
      }
      kept.push_back(std::move(b));
    }
    // What stands between the last paragraph and the signature: a bare greeting (part of
    // the signature), an image's caption ("Kvinna utomhus"). Without a signature a short
    // last paragraph may be an excerpt cut off early, so it stays.
    while (has_signature_ && !kept.empty() && kept.back().single() &&
           (is_caption_like(kept.back().first()) || is_bare_greeting(kept.back().first()))) {
      const Line& l = kept.back().lines[0];
      if (is_bare_greeting(l.text)) {
        keep(l, LinePlace::kSignature, l.text);
      } else {
        drop(l, "image caption");
      }
      kept.pop_back();
    }
    body_ = std::move(kept);
  }

  // Every non-empty line must have exactly one fate; anything else is a bug here, said
  // out loud rather than losing a line.
  void check_every_line_has_one_fate() {
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

}  // namespace
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
