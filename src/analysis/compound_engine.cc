// The questions a split asks of hunspell. Every one goes through spell(), stems() or
// analyses(), which charge the budget whether or not the answer was remembered.
#include "analysis/compound_engine.h"

#include <algorithm>

namespace fss::analysis::compound {

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Letters only, and never three of the same in a row: Swedish spelling has no tripled
// letters (a compound drops one: "tunnel|nät" is "tunnelnät"), so such a "word" is noise.
bool only_letters(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x80 && !(u >= 'a' && u <= 'z')) return false;
    if (i >= 2 && u < 0x80 && s[i - 1] == s[i] && s[i - 2] == s[i]) return false;
  }
  return true;
}

bool Engine::spell(const std::string& w) {
  charge(w);
  if (const auto it = spelled.find(w); it != spelled.end()) return it->second;
  return spelled.emplace(w, hunspell->spell(w)).first->second;
}

const std::vector<std::string>& Engine::stems(const std::string& w) {
  charge(w);
  if (const auto it = stemmed.find(w); it != stemmed.end()) return it->second;
  return stemmed.emplace(w, hunspell->stem(analysis_of(w))).first->second;
}

const std::vector<std::string>& Engine::analyses(const std::string& w) {
  charge(w);
  return analysis_of(w);
}

const std::vector<std::string>& Engine::analysis_of(const std::string& w) {
  if (const auto it = analysed.find(w); it != analysed.end()) return it->second;
  return analysed.emplace(w, hunspell->analyze(w)).first->second;
}

bool Engine::is_entry(const std::string& w) {
  const auto& found = analyses(w);
  if (found.empty()) return false;
  for (const auto& a : found) {
    if (a.find("pa:") == std::string::npos) return true;
  }
  return false;
}

std::string Engine::lemma(const std::string& w) {
  const auto& found = stems(w);
  if (found.empty()) return w;
  for (const auto& s : found) {
    if (s == w) return w;
  }
  return found.front();
}

bool Engine::is_lexicalized(const std::string& w) {
  if (lexicalized().count(w)) return true;
  for (const auto& s : stems(w)) {
    if (lexicalized().count(s)) return true;
  }
  return false;
}

std::vector<std::string> Engine::lemmas(const std::string& w) {
  std::vector<std::string> out;
  for (const std::string& a : analyses(w)) {
    const size_t st = a.find("st:");
    if (a.find("pa:") != std::string::npos || st == std::string::npos) continue;
    const size_t end = a.find_first_of(" \t", st);
    std::string lemma = a.substr(st + 3, end == std::string::npos ? end : end - st - 3);
    if (!lemma.empty() && out.size() < 3 && std::find(out.begin(), out.end(), lemma) == out.end())
      out.push_back(std::move(lemma));
  }
  return out;
}

}  // namespace fss::analysis::compound
