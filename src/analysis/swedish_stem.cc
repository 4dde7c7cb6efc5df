#include "analysis/swedish_stem.h"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace fss::analysis {
namespace {

// Snowball Swedish step 1a's suffixes (the s rule aside): inflections after which what is
// left is the base form. After a step-3 suffix (-lig, -els, -löst) it is not ("barnslig":
// the s of "barns" is a linking s).
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
// vowel, but at least three letters in. One pass, no allocation: this runs for every
// word the analyzer stems, at index and at query time.
size_t r1_start(std::string_view s) {
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0, letters = 0;
  bool after_vowel = false;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s.data(), i, n, c);
    ++letters;
    const bool vowel = is_vowel(c);
    if (after_vowel && !vowel) {
      // R1 starts after this letter, or after the third if this one comes earlier.
      if (letters >= 3) return static_cast<size_t>(i);
      while (letters < 3 && i < n) {
        U8_NEXT(s.data(), i, n, c);
        ++letters;
      }
      return static_cast<size_t>(i);
    }
    after_vowel = vowel;
  }
  return s.size();
}

// The suffix test first: it fails for most words, and R1 is then never computed.
bool ends_in_r1(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix &&
         s.size() - suffix.size() >= r1_start(s);
}

// An ASCII consonant (å ä ö and other non-ASCII letters are not).
bool is_consonant(char c) { return c >= 'b' && c <= 'z' && std::strchr("eiouy", c) == nullptr; }

// The one ending Snowball may have left on a base form it removed an inflection from: how
// many bytes of `stem` to drop so that it matches what Snowball makes of the base form.
size_t base_ending(std::string_view stem) {
  if (ends_in_r1(stem, "ens")) return 3;  // "konferensen" -> "konferens" -> "konfer"
  for (std::string_view y : {"as", "at", "ad", "or"}) {
    if (ends_in_r1(stem, y)) return 2;  // "kalaser", "resultaten", "kostnader", "faktorer"
  }
  // "platser" -> "plats" -> "plat"
  if (stem.size() >= 2 && is_valid_s_ending(stem[stem.size() - 2]) && ends_in_r1(stem, "s")) {
    return 1;
  }
  return 0;
}

// "-an" after a consonant: the definite form of a noun in -a ("frågan", "hälsan",
// "summan"). Not "-man" after another letter: "tjänsteman", "ombudsman" are base forms.
bool definite_an(std::string_view s) {
  const size_t n = s.size();
  if (n < 4 || !ends_in_r1(s, "an")) return false;
  const char c = s[n - 3];
  if (c == 'm' && s[n - 4] != 'm') return false;
  return is_consonant(c);
}

// "-el" after a consonant other than l, inside R1: a noun or adjective that drops its e
// when inflected ("regel", "regler"; "exempel", "exemplet"; "enkel", "enkla").
bool syncope_el(std::string_view s) {
  const size_t n = s.size();
  if (n < 3 || !ends_in_r1(s, "el")) return false;
  const char c = s[n - 3];
  return c != 'l' && is_consonant(c);
}

// "-eln": the definite form of such a noun ("regeln", "artikeln").
bool definite_eln(std::string_view s) {
  return s.size() > 3 && s.back() == 'n' && syncope_el(s.substr(0, s.size() - 1));
}

std::string unify_forms(std::string_view word, const SnowballFn& snowball) {
  std::string stem = snowball(word);
  const size_t n = stem.size();
  if (n == word.size()) {
    // Snowball has no rule for the definite singular: -et of neuters ("beslutet",
    // "området", "mötet" are the base form plus -et or -t) and -n of nouns in -a
    // ("frågan", "hälsan"). They get the base form's stem; recursively, so "paketet" ->
    // "paket" -> "pak" as "paket" -> "pak".
    if (ends_in_r1(word, "et")) return unify_forms(word.substr(0, n - 2), snowball);
    if (definite_an(word) || definite_eln(word))
      return unify_forms(word.substr(0, n - 1), snowball);
    return stem;
  }
  if (word.substr(0, n) != stem) return stem;
  const std::string_view removed = word.substr(n);
  if (removed == "s") {
    // The genitive s: "beslutets", "frågans" as "beslutet", "frågan"; "månads" ->
    // "mån" as "månad". Nothing else: in "insats" the s is the word's own, and "insat"
    // is already the stem all its forms share.
    if (ends_in_r1(stem, "et") || definite_an(stem) || definite_eln(stem)) {
      return unify_forms(stem, snowball);
    }
    if (ends_in_r1(stem, "ad")) stem.resize(n - 2);
    return stem;
  }
  if (std::find(kFirstStepSuffixes.begin(), kFirstStepSuffixes.end(), removed) ==
      kFirstStepSuffixes.end()) {
    return stem;  // "barnslig": Snowball removed -lig, the s of "barns" is a linking s
  }
  // "budgeten" -> "budget" -> "budg", as "budget". Not after -ens, which may be the
  // word's own ending: "kompetens" -> "kompet" is the stem of every form of it.
  if (removed != "ens" && ends_in_r1(stem, "et")) return unify_forms(stem, snowball);
  stem.resize(n - base_ending(stem));
  return stem;
}

}  // namespace

std::string swedish_stem(std::string_view word, const SnowballFn& snowball) {
  std::string stem = unify_forms(word, snowball);
  // "regel" as "regler" -> "regl": the e such nouns drop when inflected goes from every
  // form's stem.
  if (syncope_el(stem)) stem.erase(stem.size() - 2, 1);
  return stem;
}

}  // namespace fss::analysis
