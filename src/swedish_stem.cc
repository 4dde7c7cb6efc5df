#include "swedish_stem.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <vector>

namespace fss::analysis {
namespace {

// Snowball Swedish step 1a's suffixes (the 's' rule aside). Only after one of these did
// Snowball skip the s rule; after a step-3 suffix (-lig, -els, -löst) the s is a linking
// s ("barnslig"), not the word's own, and stays.
constexpr std::array<std::string_view, 36> kFirstStepSuffixes = {
    "a",     "arna",  "erna",  "heterna", "orna",  "ad",    "e",     "ade", "ande",
    "arne",  "are",   "aste",  "en",      "anden", "aren",  "heten", "ern", "ar",
    "er",    "heter", "or",    "as",      "arnas", "ernas", "ornas", "es",  "ades",
    "andes", "ens",   "arens", "hetens",  "erns",  "at",    "andet", "het", "ast"};

bool is_vowel(UChar32 c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y' || c == 0xE4 ||
         c == 0xE5 || c == 0xF6;  // ä å ö
}

bool is_valid_s_ending(char c) {
  return c == 'b' || c == 'c' || c == 'd' || c == 'f' || c == 'g' || c == 'h' || c == 'j' ||
         c == 'k' || c == 'l' || c == 'm' || c == 'n' || c == 'o' || c == 'p' || c == 'r' ||
         c == 't' || c == 'v' || c == 'y';
}

// Snowball's R1 as a byte offset into `s`: after the first non-vowel that follows a
// vowel, but at least three letters in.
size_t r1_start(std::string_view s) {
  std::vector<size_t> starts;  // byte offset of each letter, then the end
  std::vector<UChar32> letters;
  for (int32_t i = 0, n = static_cast<int32_t>(s.size()); i < n;) {
    starts.push_back(static_cast<size_t>(i));
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    letters.push_back(c);
  }
  starts.push_back(s.size());
  size_t r1 = letters.size();
  for (size_t i = 1; i < letters.size(); ++i) {
    if (is_vowel(letters[i - 1]) && !is_vowel(letters[i])) {
      r1 = i + 1;
      break;
    }
  }
  return starts[std::min(std::max<size_t>(r1, 3), letters.size())];
}

}  // namespace

std::string unify_s_stem(std::string_view word, std::string snowball) {
  const size_t n = snowball.size();
  if (n < 2 || snowball.back() != 's') return snowball;
  if (word.size() <= n || word.substr(0, n) != snowball) return snowball;
  const std::string_view removed = word.substr(n);
  if (std::find(kFirstStepSuffixes.begin(), kFirstStepSuffixes.end(), removed) ==
      kFirstStepSuffixes.end()) {
    return snowball;
  }
  // What Snowball's first step does to the base form: the longest of these inside R1.
  const std::string_view stem = snowball;
  const size_t r1 = r1_start(stem);
  size_t drop = 0;
  if (stem.size() >= 3 + r1 && stem.substr(n - 3) == "ens") {
    drop = 3;  // "konferensen" -> "konferens" -> "konfer", as "konferens" -> "konfer"
  } else if (n >= 2 + r1 && stem.substr(n - 2) == "as") {
    drop = 2;  // "kalaser" -> "kalas" -> "kal", as "kalas" -> "kal"
  } else if (n >= 1 + r1 && is_valid_s_ending(stem[n - 2])) {
    drop = 1;  // "platser" -> "plats" -> "plat", as "plats" -> "plat"
  }
  snowball.resize(n - drop);
  return snowball;
}

}  // namespace fss::analysis
