// What a line of a dump is: headline, signature part, credit, kicker, comment header.
// Each test looks at one line; how they combine is in importer_segment.cc.
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cctype>
#include <set>

#include "archive/dump/importer_internal.h"

namespace fss::importer_internal {
namespace {

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t sp = s.find(' ', pos);
    if (sp == std::string_view::npos) sp = s.size();
    if (sp > pos) words.emplace_back(s.substr(pos, sp - pos));
    pos = sp + 1;
  }
  return words;
}

std::vector<UChar32> code_points(std::string_view s) {
  const icu::UnicodeString u =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  std::vector<UChar32> out;
  for (int32_t i = 0; i < u.length();) {
    const UChar32 c = u.char32At(i);
    out.push_back(c);
    i += U16_LENGTH(c);
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// "Persson", "Lars-Göran", "Lindén": capital, then lower-case letters; hyphen parts alike.
bool is_name_word(std::string_view word) {
  const std::vector<UChar32> cps = code_points(word);
  bool at_part_start = true;
  size_t part_len = 0;
  for (UChar32 c : cps) {
    if (c == '-') {
      if (at_part_start || part_len < 2) return false;
      at_part_start = true;
      part_len = 0;
      continue;
    }
    if (!u_isalpha(c)) return false;
    if (at_part_start ? !u_isupper(c) : !u_islower(c)) return false;
    at_part_start = false;
    ++part_len;
  }
  return !at_part_start && part_len >= 2;
}

// The last word, lower-cased, with sentence punctuation removed.
std::string strip_punct(std::string_view s) {
  while (!s.empty() && (s.back() == '!' || s.back() == ',' || s.back() == '.')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

}  // namespace

bool is_headline_candidate(const Block& block, const ImportOptions& options) {
  if (!block.single()) return false;
  const std::string& s = block.first();
  if (char_count(s) > options.max_headline_chars) return false;
  const char last = s.back();
  if (last == '.' || last == ':' || last == ';' || last == ',') return false;
  // An ellipsis closes a headline ("På väg hem …"), three dots a trailing-off sentence.
  if (ends_with(s, "...")) return false;
  if (s[0] == '(' || starts_with(s, "–") || starts_with(s, "-")) return false;
  // A quote opens dialogue in running text; a headline may quote someone whole
  // ("”Vi måste våga prioritera”"), closing the quote it opens.
  for (const char* quote : {"”", "\"", "“"}) {
    const size_t n = std::string(quote).size();
    if (starts_with(s, quote) && s.find("”", n) == std::string::npos &&
        s.find('"', n) == std::string::npos) {
      return false;
    }
  }
  return !is_chrome(s) && !is_photo_credit(s) && !is_comment_section_header(s) &&
         !parse_comment_header(s);
}

bool is_chrome(std::string_view line) {
  // Compared without the arrows and dots themes put around links ("Läs mer »",
  // "« Äldre inlägg", "Kommentarer inaktiverade.").
  static const std::set<std::string> kChrome = {
      "kommentera", "lämna en kommentar", "lämna ett svar", "skriv en kommentar",
      "kommentera inlägget", "kommentarer inaktiverade", "kommentarer är inaktiverade",
      "kommentarer är stängda", "kommentarsfunktionen är stängd", "leave a reply",
      "leave a comment", "comments are closed", "comments closed", "share this", "dela det här",
      "dela", "dela inlägget", "läs mer", "läs hela inlägget", "läs hela artikeln", "fortsätt läsa",
      "read more", "continue reading", "äldre inlägg", "nyare inlägg", "tidigare inlägg",
      "senare inlägg", "older posts", "newer posts", "older entries", "newer entries",
      "next entries", "previous entries", "föregående inlägg", "nästa inlägg", "svara", "reply",
      "skriv ut",
      // WordPress's comment form under a post
      "avbryt svar", "publicera kommentar", "skicka kommentar", "post comment", "namn *",
      "e-post *", "e-postadress *", "kommentar *", "webbplats", "website",
      "din e-postadress kommer inte publiceras. obligatoriska fält är märkta *",
      "your email address will not be published. required fields are marked *"};
  std::string s = to_lower(line);
  const auto strip = [](std::string* t) {
    for (const char* mark : {"»", "«", "›", "‹", "→", "←", "↓", "…", ".", ":", ">", "<", " "}) {
      const std::string m(mark);
      while (t->size() >= m.size() && t->compare(t->size() - m.size(), m.size(), m) == 0) {
        t->resize(t->size() - m.size());
      }
      while (t->compare(0, m.size(), m) == 0) t->erase(0, m.size());
    }
  };
  strip(&s);
  strip(&s);
  return kChrome.count(s) > 0;
}

bool is_photo_credit(std::string_view line) {
  std::string s = to_lower(line);
  if (s.size() >= 2 && s.front() == '(' && s.back() == ')') s = s.substr(1, s.size() - 2);
  for (const char* label : {"foto:", "bild:", "photo:", "fotograf:", "foto "}) {
    if (starts_with(s, label)) return char_count(s) <= 80;
  }
  return false;
}

bool strip_trailing_credit(std::string* text) {
  if (text->empty() || text->back() != ')') return false;
  const size_t open = text->rfind('(');
  if (open == std::string::npos || !is_photo_credit(text->substr(open))) return false;
  text->erase(open);
  while (!text->empty() && text->back() == ' ') text->pop_back();
  return true;
}

bool is_bare_greeting(std::string_view line) {
  static const std::set<std::string> kGreetings = {"på återhörande",
                                                   "allt gott",
                                                   "vänliga hälsningar",
                                                   "hälsningar",
                                                   "med vänlig hälsning",
                                                   "med vänliga hälsningar",
                                                   "bästa hälsningar",
                                                   "varma hälsningar",
                                                   "hälsar",
                                                   "vi hörs",
                                                   "hörs",
                                                   "ha det gott",
                                                   "ha det bra",
                                                   "kram",
                                                   "väl mött",
                                                   "hjärtliga hälsningar"};
  return kGreetings.count(strip_punct(to_lower(line))) > 0;
}

bool is_person_name(std::string_view line) {
  static const std::set<std::string> kParticles = {"af", "von", "van", "de", "der", "la"};
  const std::vector<std::string> words = split_words(line);
  if (words.size() < 2 || words.size() > 5) return false;
  for (size_t i = 0; i < words.size(); ++i) {
    const bool inner = i > 0 && i + 1 < words.size();
    if (inner && kParticles.count(words[i])) continue;
    if (!is_name_word(words[i])) return false;
  }
  return true;
}

bool is_role(std::string_view line) {
  // A role names a function; a suffix match catches compounds ("förvaltningschef").
  static const char* const kRoleEndings[] = {
      "ordförande", "sekreterare", "kassör",      "ledamot",      "chef",       "direktör",
      "ombudsman",  "samordnare",  "utredare",    "kommunikatör", "redaktör",   "strateg",
      "ledare",     "koordinator", "handläggare", "ansvarig",     "talesperson"};
  if (line.empty() || char_count(line) > 90) return false;
  const char last = line.back();
  if (last == '.' || last == '!' || last == '?' || last == ':') return false;
  for (const std::string& word : split_words(to_lower(line))) {
    const std::string w = strip_punct(word);
    for (const char* ending : kRoleEndings) {
      if (ends_with(w, ending)) return true;
    }
  }
  return false;
}

bool is_caption_like(std::string_view line) {
  const std::vector<std::string> words = split_words(line);
  if (words.empty() || words.size() > 5) return false;
  for (UChar32 c : code_points(line)) {
    if (!u_isalnum(c) && c != ' ' && c != '-') return false;
  }
  return !is_bare_greeting(line);
}

std::optional<Kicker> parse_kicker(std::string_view line, const CaseLexicon* lexicon) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view label = line.substr(0, colon);
  if (char_count(label) > 80) return std::nullopt;
  std::string_view rest = line.substr(colon + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') {
    return std::nullopt;  // "KL 9:00" is a time, not a kicker
  }
  // A trailing "31 maj 2018" (the month in either case) is the post's date; the rest of
  // the label must be in capitals.
  std::vector<std::string> words = split_words(label);
  std::optional<std::string> date;
  if (words.size() >= 4) {
    const std::string tail =
        words[words.size() - 3] + " " + words[words.size() - 2] + " " + words.back();
    if ((date = find_swedish_date(tail))) words.resize(words.size() - 3);
  }
  std::string caps;
  for (const std::string& w : words) caps += (caps.empty() ? "" : " ") + w;
  int letters = 0;
  for (UChar32 c : code_points(caps)) {
    if (u_islower(c)) return std::nullopt;
    if (u_isalpha(c))
      ++letters;
    else if (c != ' ' && c != '-' && c != '&' && c != '/' && !u_isdigit(c))
      return std::nullopt;
  }
  if (letters < 4) return std::nullopt;
  Kicker kicker = normal_case_label(split_words(to_lower(caps)), lexicon);
  kicker.date = date;
  kicker.rest = std::string(rest);
  return kicker;
}

Kicker normal_case_label(const std::vector<std::string>& lower_words, const CaseLexicon* lexicon) {
  static const std::set<std::string> kAcronyms = {"fss", "skr", "skl", "esn", "eu", "ivo"};
  Kicker kicker;
  std::string region;
  bool in_region = false;
  for (size_t i = 0; i < lower_words.size(); ++i) {
    std::string w = lower_words[i];
    const std::string seen = lexicon ? lexicon->form_of(w) : std::string();
    if (kAcronyms.count(w)) {
      for (char& ch : w) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    } else if (in_region) {
      // Region names are proper nouns: every hyphen part capitalised ("Gävle-Dala").
      std::string cap;
      size_t start = 0;
      while (start <= w.size()) {
        size_t dash = w.find('-', start);
        if (dash == std::string::npos) dash = w.size();
        if (!cap.empty()) cap += '-';
        cap += capitalize(w.substr(start, dash - start));
        start = dash + 1;
      }
      w = cap;
      region += (region.empty() ? "" : " ") + w;
    } else if (w == "region" && i > 0) {
      // "FSS region Skåne": the association's own way of writing it, whatever the text
      // does with Region Skåne (the county council).
    } else if (!seen.empty() && (i > 0 || seen != w)) {
      w = seen;  // "FSS", "IVO", "Reykjavik" as the running text writes them
    } else if (i == 0) {
      w = capitalize(w);
    }
    if (lower_words[i] == "region") in_region = true;
    kicker.label += (kicker.label.empty() ? "" : " ") + w;
  }
  if (!region.empty()) kicker.region = region;
  return kicker;
}

bool is_regional_opener(std::string_view line, std::optional<std::string>* region) {
  const std::vector<std::string> words = split_words(line);
  if (words.size() < 3 || words[0] != "FSS") return false;
  std::string name;
  if (words[1] == "region" || words[1] == "Region") {
    name = strip_punct(words[2]);
    if (!is_name_word(name)) return false;
  } else if (ends_with(words[1], "regionen") && words[1].size() > 8) {
    name = words[1].substr(0, words[1].size() - 8);  // "Skåneregionen" -> "Skåne"
    if (!is_name_word(name)) return false;
  } else {
    return false;
  }
  // "FSS region Gävle-Dala och region Jämtland-Västernorrland": two regions, no one.
  const bool several = words.size() > 4 && words[3] == "och" &&
                       (words[4] == "region" || ends_with(words[4], "regionen"));
  *region = several ? std::nullopt : std::optional<std::string>(name);
  return true;
}

bool is_comment_section_header(std::string_view line) {
  static const std::set<std::string> kCounts = {"one", "ett",  "en",  "två",
                                                "tre", "fyra", "fem", "no"};
  static const std::set<std::string> kNouns = {"response", "responses", "comment",     "comments",
                                               "svar",     "kommentar", "kommentarer", "reply",
                                               "replies",  "thought",   "thoughts",    "tanke",
                                               "tankar",   "reaktion",  "reaktioner"};
  static const std::set<std::string> kPrepositions = {"to", "on", "på", "till", "om"};
  const std::vector<std::string> words = split_words(to_lower(line));
  if (words.size() < 4) return false;
  const std::string& count = words[0];
  const bool numeric = count.find_first_not_of("0123456789") == std::string::npos;
  if (!(numeric || kCounts.count(count)) || !kNouns.count(words[1]) ||
      !kPrepositions.count(words[2])) {
    return false;
  }
  // "En kommentar om vad vi gör nu" is a sentence: a spelled-out count needs the
  // quoted title that the themes put there.
  static const char* const kQuotes[] = {"”", "“", "\"", "«", "»", "'", "‘", "’", "„"};
  const std::string& title = words[3];
  for (const char* q : kQuotes) {
    if (title.rfind(q, 0) == 0) return true;
  }
  return numeric;
}

std::optional<CommentHeader> parse_comment_header(std::string_view line) {
  std::vector<std::string> words = split_words(line);
  // "1." numbers the comment; optional, as a dump may have lost the list markup.
  size_t i = 0;
  if (!words.empty() && words[0].size() >= 2 && words[0].back() == '.' &&
      words[0].find_first_not_of("0123456789") == words[0].size() - 1) {
    i = 1;
  }
  // The avatar's alt text: "name@host.se'" (the quote is the HTML attribute's end). Any
  // word with an '@' goes, well-formed address or not: a name never has one, and a
  // commenter's address must never reach the archive (regression: fuzz crash
  // "x@gmail:com' Name skriver:" kept the malformed address in the author).
  while (i < words.size() && words[i].find('@') != std::string::npos) ++i;
  size_t verb = words.size();
  for (size_t k = i; k < words.size(); ++k) {
    const std::string w = to_lower(words[k]);
    if (w == "skriver:" || w == "says:" || w == "skriver" || w == "says" || w == "skrev:" ||
        w == "skrev" || w == "säger:" || w == "sade:" || w == "said:") {
      verb = k;
      break;
    }
  }
  if (verb == words.size() || verb - i > 6) return std::nullopt;
  // Without a number the header must end at "skriver:" to not catch body sentences.
  if (i == 0 && !(verb + 1 == words.size() || ends_with(line, ":"))) return std::nullopt;
  CommentHeader header;
  for (size_t k = i; k < verb; ++k) {
    if (words[k].find('@') != std::string::npos) continue;
    header.author += (header.author.empty() ? "" : " ") + words[k];
  }
  std::string after;
  for (size_t k = verb + 1; k < words.size(); ++k) after += words[k] + " ";
  header.date = find_swedish_date(after);
  return header;
}

}  // namespace fss::importer_internal
