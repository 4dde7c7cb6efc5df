// What the site's theme puts around a post: meta lines, date lines, kickers of their
// own, excerpts cut off in category listings. Each test looks at one line or paragraph;
// how they combine into post boundaries is in importer_segment.cc.
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cctype>
#include <set>

#include "fss/archive.h"
#include "archive/dump/importer_internal.h"

namespace fss::importer_internal {
namespace {

std::vector<std::string> split_on(std::string_view s, std::string_view sep) {
  std::vector<std::string> parts;
  size_t pos = 0;
  while (true) {
    const size_t at = s.find(sep, pos);
    std::string part(
        s.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos));
    while (!part.empty() && part.back() == ' ') part.pop_back();
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    parts.push_back(std::move(part));
    if (at == std::string_view::npos) return parts;
    pos = at + sep.size();
  }
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> words;
  for (std::string& w : split_on(s, " ")) {
    if (!w.empty()) words.push_back(std::move(w));
  }
  return words;
}

bool all_digits(std::string_view w, size_t lo, size_t hi) {
  if (w.size() < lo || w.size() > hi) return false;
  for (char c : w) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "apr", "okt.", "april", "Oct", "May": the month of a theme's short date, 0 if none.
int month_of(std::string word) {
  while (!word.empty() && (word.back() == '.' || word.back() == ',')) word.pop_back();
  if (const int m = swedish_month(word)) return m;
  static const char* const kShort[] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                       "jul", "aug", "sep", "okt", "nov", "dec"};
  static const char* const kEnglish[] = {"january",   "february", "march",    "april",
                                         "may",       "june",     "july",     "august",
                                         "september", "october",  "november", "december"};
  const std::string lower = to_lower(word);
  for (int i = 0; i < 12; ++i) {
    if (lower == kShort[i] || lower == kEnglish[i] || lower == std::string(kEnglish[i], 3) ||
        (i == 8 && lower == "sept")) {
      return i + 1;
    }
  }
  return 0;
}

std::optional<std::string> make_date(const std::string& year, int month, const std::string& day) {
  if (month == 0 || !all_digits(year, 4, 4) || !all_digits(day, 1, 2)) return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s-%02d-%02d", year.c_str(), month, std::stoi(day));
  if (!is_valid_date(buf)) return std::nullopt;
  return std::string(buf);
}

// One part of a meta line that is a whole date: "apr 3, 2019", "3 apr 2019", "3 april,
// 2019", "april 3, 2019", "2019-04-03".
std::optional<std::string> parse_date_part(std::string_view part) {
  if (auto iso = parse_iso_date_line(part)) return iso;
  std::vector<std::string> w = words_of(part);
  if (w.size() != 3) return std::nullopt;
  for (std::string& x : w) {
    while (!x.empty() && (x.back() == ',' || x.back() == '.')) x.pop_back();
  }
  if (auto d = make_date(w[2], month_of(w[0]), w[1])) return d;  // "apr 3, 2019"
  return make_date(w[2], month_of(w[1]), w[0]);                  // "3 apr 2019"
}

// Words that name sections of the site, never people: a category "Region Skåne" or
// "Nära Vård" has a person's shape but is not an author.
bool is_section_word(const std::string& lower) {
  static const std::set<std::string> kWords = {"region",
                                               "regionen",
                                               "fss",
                                               "nyheter",
                                               "nyhet",
                                               "föreningen",
                                               "förening",
                                               "ordförande",
                                               "ordet",
                                               "styrelsen",
                                               "styrelse",
                                               "remissvar",
                                               "remiss",
                                               "remisser",
                                               "internationellt",
                                               "nationellt",
                                               "aktuellt",
                                               "kalendarium",
                                               "evenemang",
                                               "konferens",
                                               "konferenser",
                                               "medlemmar",
                                               "medlem",
                                               "fokusområde",
                                               "fokusområden",
                                               "okategoriserade",
                                               "uncategorized",
                                               "nätverk",
                                               "årsmöte",
                                               "socialchefsdagarna",
                                               "vård",
                                               "omsorg",
                                               "socialtjänst",
                                               "socialtjänsten",
                                               "om",
                                               "och",
                                               "i",
                                               "för",
                                               "nytt",
                                               "news",
                                               "blogg",
                                               "krönika",
                                               "krönikor",
                                               "debatt",
                                               "pressmeddelande",
                                               "pressmeddelanden",
                                               "seminarium",
                                               "webbinarium",
                                               "utbildning",
                                               "politik",
                                               "lag",
                                               "lagstiftning"};
  return kWords.count(lower) > 0;
}

// "FSS region Skåne", "Region Skåne", "FSS Skåneregionen": the region a category names.
std::optional<std::string> region_of_category(const std::string& category) {
  std::vector<std::string> w = words_of(category);
  if (!w.empty() && w[0] == "FSS") w.erase(w.begin());
  if (w.size() == 2 && (w[0] == "region" || w[0] == "Region") && is_person_name("Region " + w[1]) &&
      !is_section_word(to_lower(w[1]))) {
    return w[1];
  }
  const std::string suffix = "regionen";
  if (w.size() == 1 && w[0].size() > suffix.size() + 1 &&
      w[0].compare(w[0].size() - suffix.size(), suffix.size(), suffix) == 0) {
    return w[0].substr(0, w[0].size() - suffix.size());
  }
  return std::nullopt;
}

bool is_author_name(const std::string& item) {
  if (!is_person_name(item)) return false;
  for (const std::string& w : words_of(item)) {
    if (is_section_word(to_lower(w))) return false;
  }
  return true;
}

}  // namespace

std::optional<MetaLine> parse_meta_line(std::string_view line) {
  if (char_count(line) > 200) return std::nullopt;
  MetaLine meta;
  bool have_date = false;
  const std::vector<std::string> parts = split_on(line, "|");
  for (const std::string& part : parts) {
    if (part.empty()) return std::nullopt;
    if (!have_date) {
      if (auto d = parse_date_part(part)) {
        meta.date = *d;
        have_date = true;
        continue;
      }
    }
    const std::vector<std::string> w = words_of(part);
    const std::string first = to_lower(w.front());
    if (first == "av" || first == "by" || first == "publicerad") {
      const size_t from = first == "publicerad" ? 2 : 1;  // "Publicerad av X"
      std::string name;
      for (size_t k = from; k < w.size(); ++k) name += (name.empty() ? "" : " ") + w[k];
      // "by admin", a login rather than a person: the line is still the theme's meta line.
      if (is_person_name(name)) meta.author = name;
      continue;
    }
    // "0 kommentarer", "Inga kommentarer", "3 Comments": the comment count.
    if (w.size() == 2 &&
        (all_digits(w[0], 1, 5) || to_lower(w[0]) == "inga" || to_lower(w[0]) == "no")) {
      const std::string noun = to_lower(w[1]);
      if (noun.rfind("kommentar", 0) == 0 || noun.rfind("comment", 0) == 0) continue;
    }
    for (const std::string& item : split_on(part, ",")) {
      if (item.empty()) continue;
      if (is_author_name(item)) {
        meta.author = item;  // the author is the last name among the categories
      } else {
        if (auto r = region_of_category(item)) meta.region = r;
        meta.categories.push_back(item);
      }
    }
  }
  // A date alone must look like a theme's date, not a sentence that starts with one.
  if (!have_date) return std::nullopt;
  return meta;
}

std::optional<std::string> parse_iso_date_line(std::string_view line) {
  if (line.size() != 10 || line[4] != '-' || line[7] != '-') return std::nullopt;
  if (!is_valid_date(line)) return std::nullopt;
  return std::string(line);
}

std::optional<Kicker> parse_kicker_line(std::string_view line, const CaseLexicon* lexicon) {
  std::string_view label = line;
  if (!label.empty() && label.back() == ':') label.remove_suffix(1);
  if (label.empty() || char_count(label) > 80) return std::nullopt;
  // parse_kicker wants "LABEL: rest": give it an empty rest.
  std::optional<Kicker> kicker = parse_kicker(std::string(label) + ":", lexicon);
  if (!kicker || !kicker->rest.empty()) return std::nullopt;  // "LABEL: text" is inline
  kicker->rest.clear();
  return kicker;
}

bool split_dated_title(std::string_view title, std::string* label, std::string* date) {
  std::vector<std::string> w = words_of(title);
  if (w.size() < 3) return false;
  size_t cut = 0;
  date->clear();
  if (w.size() >= 4) {
    const std::string tail = w[w.size() - 3] + " " + w[w.size() - 2] + " " + w.back();
    if (auto d = find_swedish_date(tail);
        d && tail.find(' ') != std::string::npos && all_digits(w[w.size() - 3], 1, 2)) {
      *date = *d;
      cut = 3;
    }
  }
  if (cut == 0 && swedish_month(w[w.size() - 2]) && all_digits(w.back(), 4, 4) &&
      !all_digits(w[w.size() - 3], 1, 2)) {
    cut = 2;  // "Ordförande har ordet mars 2019"
  }
  if (cut == 0 || w.size() - cut < 1) return false;
  label->clear();
  for (size_t k = 0; k + cut < w.size(); ++k) *label += (label->empty() ? "" : " ") + w[k];
  // "Ordförande har ordet – 14 februari 2019", "Ordförande har ordet, 14 …"
  for (const char* sep : {" –", " -", ",", ":"}) {
    const std::string s(sep);
    if (label->size() > s.size() && label->compare(label->size() - s.size(), s.size(), s) == 0) {
      label->resize(label->size() - s.size());
    }
  }
  return !label->empty();
}

bool ends_without_punctuation(const Block& block) {
  const std::string& last = block.lines.back().text;
  if (last.empty()) return false;
  const icu::UnicodeString u = icu::UnicodeString::fromUTF8(last);
  const UChar32 c = u.char32At(u.moveIndex32(u.length(), -1));
  return u_isalnum(c) || c == ',' || c == '-';
}

bool is_cut_off(const Block& block) {
  const std::string& last = block.lines.back().text;
  // WordPress's excerpt marker says so outright.
  for (const char* marker : {"[…]", "[...]", "[&hellip;]"}) {
    const std::string m(marker);
    if (last.size() > m.size() && last.compare(last.size() - m.size(), m.size(), m) == 0) {
      return true;
    }
  }
  if (!ends_without_punctuation(block)) return false;
  // Prose, not a heading, a list item, a name or an address: a line of several words that
  // does not start like a list item and does not end in a link or an address.
  const std::vector<std::string> w = words_of(last);
  if (w.size() < 6) return false;
  for (const char* bullet : {"•", "-", "–", "*", "·", "▪"}) {
    if (last.rfind(bullet, 0) == 0) return false;
  }
  const std::string& tail = w.back();
  return tail.find('@') == std::string::npos && tail.find("://") == std::string::npos &&
         tail.rfind("www.", 0) != 0;
}

bool has_label_prefix(std::string_view line) {
  const size_t colon = line.find(": ");
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::vector<std::string> w = words_of(line.substr(0, colon));
  return !w.empty() && w.size() <= 3 && colon + 2 < line.size();
}

CaseLexicon::CaseLexicon(const std::vector<Block>& blocks) {
  const auto trim = [](std::string word) {
    while (!word.empty() && std::string(",.;:!?)”\"").find(word.back()) != std::string::npos) {
      word.pop_back();
    }
    while (!word.empty() && std::string("(”\"").find(word.front()) != std::string::npos) {
      word.erase(0, 1);
    }
    return word;
  };
  // A word in capitals among words in capitals is shouting (a kicker), not an acronym.
  const auto is_caps = [](const std::string& word) {
    int letters = 0;  // "I" among capitals is shouting too
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(word);
    for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
      const UChar32 c = u.char32At(i);
      if (u_islower(c)) return false;
      letters += u_isalpha(c) ? 1 : 0;
    }
    return letters >= 1;
  };
  for (const Block& b : blocks) {
    for (const Line& l : b.lines) {
      // A kicker's label is in capitals whatever its words are: only the rest counts.
      const std::optional<Kicker> kicker = parse_kicker(l.text);
      const std::vector<std::string> raw = words_of(kicker ? kicker->rest : l.text);
      std::vector<std::string> w = raw;
      for (std::string& x : w) x = trim(x);
      for (size_t k = 1; k < w.size(); ++k) {
        const char end = raw[k - 1].back();
        if (end == '.' || end == '!' || end == '?' || end == ':') continue;  // sentence start
        if (w[k].empty() || std::isdigit(static_cast<unsigned char>(w[k][0]))) continue;
        const bool shouting =
            is_caps(w[k]) && (is_caps(w[k - 1]) || (k + 1 < w.size() && is_caps(w[k + 1])));
        if (shouting) continue;
        ++forms_[to_lower(w[k])][w[k]];
      }
    }
  }
}

std::string CaseLexicon::form_of(const std::string& lower) const {
  const auto it = forms_.find(lower);
  if (it == forms_.end()) return "";
  std::string best;
  int count = 0;
  for (const auto& [form, n] : it->second) {
    if (n > count) best = form, count = n;
  }
  return best;
}

std::vector<Block> split_opening_lines(std::vector<Block> blocks) {
  std::vector<Block> out;
  for (Block& b : blocks) {
    Block current;
    for (size_t k = 0; k < b.lines.size(); ++k) {
      const std::string& text = b.lines[k].text;
      // A meta or date line glued to its title (or to the text under it) stands alone; so
      // does a kicker line right under a one-line title.
      const bool alone =
          parse_meta_line(text) || parse_iso_date_line(text) || (k == 1 && parse_kicker_line(text));
      if (alone && k > 0) {
        if (!current.lines.empty()) out.push_back(std::move(current));
        current = Block();
        out.push_back(Block{{b.lines[k]}});
        continue;
      }
      current.lines.push_back(std::move(b.lines[k]));
    }
    if (!current.lines.empty()) out.push_back(std::move(current));
  }
  return out;
}

}  // namespace fss::importer_internal
