#include "corpus_words.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace fss::bench {
namespace {

void encode(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_letter(uint32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
         (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7);
}
bool is_upper(uint32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7);
}
uint32_t to_lower(uint32_t cp) { return is_upper(cp) ? cp + 0x20 : cp; }
uint32_t to_upper(uint32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) return cp - 0x20;
  return cp;
}

}  // namespace

// One UTF-8 code point at s[i] (the input files are valid UTF-8); sets *len.
uint32_t decode(const std::string& s, size_t i, size_t* len) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  if (c < 0x80 || i + 1 >= s.size()) return *len = 1, c;
  if ((c & 0xE0) == 0xC0) return *len = 2, ((c & 0x1F) << 6) | (b(1) & 0x3F);
  if ((c & 0xF0) == 0xE0 && i + 2 < s.size())
    return *len = 3, ((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
  if (i + 3 < s.size())
    return *len = 4,
           ((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  return *len = 1, c;
}

std::string lower(const std::string& w) {
  std::string out;
  for (size_t i = 0, n = 0; i < w.size(); i += n) encode(to_lower(decode(w, i, &n)), &out);
  return out;
}

std::string capitalized(const std::string& w) {
  if (w.empty()) return w;
  size_t n = 0;
  std::string out;
  encode(to_upper(decode(w, 0, &n)), &out);
  return out + w.substr(n);
}

// URL-safe ascii: å/ä -> a, ö -> o, é -> e, everything else that is not [a-z0-9] -> '-'.
std::string slug(const std::string& text, size_t max) {
  std::string out;
  for (size_t i = 0, n = 0; i < text.size() && out.size() < max; i += n) {
    const uint32_t cp = to_lower(decode(text, i, &n));
    char c = '-';
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
      c = static_cast<char>(cp);
    else if (cp == 0xE5 || cp == 0xE4 || cp == 0xE0 || cp == 0xE1)
      c = 'a';
    else if (cp == 0xF6 || cp == 0xF8 || cp == 0xF3)
      c = 'o';
    else if (cp == 0xE9 || cp == 0xE8)
      c = 'e';
    else if (cp == 0xFC)
      c = 'u';
    if (c == '-' && (out.empty() || out.back() == '-')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

Status read_text(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open");
  std::ostringstream s;
  s << in.rdbuf();
  *out = s.str();
  return Status::ok();
}

// Words of the real archive, most frequent first, each in the form it is written in the
// middle of a sentence ("FSS", "Socialstyrelsen", "och").
std::vector<std::string> archive_words(const std::vector<Post>& posts) {
  struct Seen {
    uint64_t count = 0, lower = 0, upper_inside = 0;
    std::string upper_form;
  };
  std::unordered_map<std::string, Seen> seen;
  const auto scan = [&](const std::string& text) {
    bool sentence_start = true;
    for (size_t i = 0, n = 0; i < text.size();) {
      uint32_t cp = decode(text, i, &n);
      if (!is_letter(cp)) {
        if (cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == ':') sentence_start = true;
        i += n;
        continue;
      }
      size_t end = i;
      for (size_t m = 0; end < text.size(); end += m) {
        const uint32_t c = decode(text, end, &m);
        // A hyphen between letters stays inside the word: "ESN-konferensen".
        if (c == '-' && end + 1 < text.size()) {
          size_t k = 0;
          if (is_letter(decode(text, end + 1, &k))) continue;
        }
        if (!is_letter(c)) break;
      }
      const std::string word = text.substr(i, end - i);
      Seen& s = seen[lower(word)];
      ++s.count;
      if (is_upper(cp) && !sentence_start) {
        ++s.upper_inside;
        s.upper_form = word;
      } else if (!is_upper(cp)) {
        ++s.lower;
      }
      sentence_start = false;
      i = end;
    }
  };
  for (const Post& p : posts) {
    scan(p.title);
    scan(p.body);
    for (const Comment& c : p.comments) scan(c.body);
  }
  std::vector<std::pair<std::string, const Seen*>> ranked;
  for (const auto& [key, s] : seen) ranked.emplace_back(key, &s);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second->count != b.second->count ? a.second->count > b.second->count
                                              : a.first < b.first;
  });
  std::vector<std::string> out;
  for (const auto& [key, s] : ranked)
    out.push_back(s->upper_inside > s->lower ? s->upper_form : key);
  return out;
}

// hunspell sv_SE entries without their /flags: plain words only (letters and inner hyphens).
std::vector<std::string> lexicon_words(const std::string& dic) {
  std::vector<std::string> out;
  std::istringstream in(dic);
  std::string line;
  std::getline(in, line);  // the entry count
  while (std::getline(in, line)) {
    std::string w = line.substr(0, line.find('/'));
    while (!w.empty() && (w.back() == '\r' || w.back() == ' ' || w.back() == '\t')) w.pop_back();
    if (w.size() < 2) continue;
    bool ok = true;
    size_t letters = 0;
    for (size_t i = 0, n = 0; i < w.size() && ok; i += n) {
      const uint32_t cp = decode(w, i, &n);
      if (is_letter(cp))
        ++letters;
      else
        ok = cp == '-' && i > 0 && i + 1 < w.size();
    }
    if (ok && letters >= 2) out.push_back(std::move(w));
  }
  return out;
}

}  // namespace fss::bench
