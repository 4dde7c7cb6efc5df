// One post's parts as the segmenter reads them (segmenter.h): the opening lines under its
// title, the signature that ends it, its comments, and its body cleaned when it closes.
// doc/importer.md ("Where posts begin and end") has the rules.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "archive/dump/importer_internal.h"
#include "archive/dump/segmenter.h"

namespace fss::importer_internal {
namespace {

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool Segmenter::ends_post_after(size_t j) const {
  j = skip_credits(j);
  return j >= blocks_.size() || is_title_at(j) || single_is(j, is_comment_section_header) ||
         single_is(j, is_chrome);
}

bool Segmenter::split_name_role(const std::string& line, std::string* name, std::string* role) {
  const size_t comma = line.find(", ");
  if (comma == std::string::npos) return false;
  *name = line.substr(0, comma);
  *role = line.substr(comma + 2);
  return is_person_name(*name) && is_role(*role);
}

bool Segmenter::opens_post(const Block& b) {
  std::optional<std::string> region;
  return parse_kicker(b.first()).has_value() || is_regional_opener(b.first(), &region);
}

size_t Segmenter::signature_at(size_t i) {
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

size_t Segmenter::read_comments(size_t i) {
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

size_t Segmenter::start_post(size_t i, std::vector<std::string> signals) {
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

size_t Segmenter::read_opening(size_t j) {
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

void Segmenter::set_date(const std::string& date, const std::string& from, int line) {
  if (!post_.date) {
    post_.date = date;
  } else if (*post_.date != date) {
    problem(line,
            from + " says " + date + ", the post was dated " + *post_.date +
                " before: the first date kept",
            false);
  }
}

void Segmenter::set_kicker(const Kicker& k, int line) {
  if (k.date) set_date(*k.date, "the kicker", line);
  if (!post_.kicker) {
    post_.kicker = k.label;
  } else if (to_lower(*post_.kicker) != to_lower(k.label)) {
    problem(line, "a second kicker '" + k.label + "' after '" + *post_.kicker + "': the first kept",
            false);
  }
  if (k.region && !post_.region) post_.region = k.region;
}

void Segmenter::finish_post() {
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

void Segmenter::kicker_from_title() {
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

void Segmenter::clean_body() {
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

}  // namespace fss::importer_internal
