// Split points the first lexicon licenses. doc/design.md ("Analysis chain") states the
// rules and their known failures.
#include "analysis/compound_engine.h"

namespace fss::analysis::compound {

const std::unordered_set<std::string>& bound_heads() {
  static const std::unordered_set<std::string> heads = {
      "för",   "före",  "upp",   "ned",    "ner",     "mot",   "till", "över",  "efter",
      "under", "genom", "fram",  "bort",   "bak",     "sam",   "miss", "van",   "ur",
      "ute",   "inne",  "åter",  "bakom",  "med",     "utom",  "inom", "emot",  "kring",
      "vid",   "ovan",  "neder", "uppe",   "omkring", "icke",  "all",  "själv", "an",
      "be",    "er",    "ge",    "mellan", "förut",   "jäm",   "sär",  "bland", "anti",
      "pre",   "pro",   "sub",   "super",  "trans",   "inter", "tvär", "ent"};
  return heads;
}

const std::unordered_set<std::string>& bound_tails() {
  static const std::unordered_set<std::string> tails = {
      "het",   "heter", "ande", "ende", "dom",  "are",    "ares", "lig",   "ning", "ling",
      "skap",  "else",  "isk",  "ism",  "ist",  "tion",   "inna", "ska",   "ig",   "ens",
      "ent",   "ell",   "eri",  "era",  "erar", "erade",  "erat", "ering", "rad",  "vis",
      "aktig", "bar",   "sam",  "lös",  "full", "mässig", "nad",  "ne"};
  return tails;
}

const std::unordered_set<std::string>& lexicalized() {
  static const std::unordered_set<std::string> words = {
      "ordförande", "handläggare", "handläggning", "handlägga", "deltagare",
      "deltagande", "delta",       "huvudman",     "huvudmän",  "droppe"};
  return words;
}

void Engine::split_into(const std::string& w, int depth, std::vector<std::string>* out,
                        const CorpusLexicon* corpus, const StemFn& stem) {
  if (depth >= kMaxDepth || code_points(w) < kMinWord) return;
  Split s = best_split(w);
  if (s.score < 0 && corpus && !is_lexicalized(w)) s = corpus_split(w, *corpus, stem);
  if (s.score < 0) return;
  out->push_back(s.head);
  split_into(s.head, depth + 1, out, corpus, stem);
  out->push_back(s.tail);
  // The tail as written is a part too, so that an irregular plural finds the compound
  // ("länder": "medlemsländer", whose tail lemma is "land"). parts() drops it again
  // when both have one stem, as regular inflections do.
  if (s.tail_text != s.tail) out->push_back(s.tail_text);
  split_into(s.tail, depth + 1, out, corpus, stem);
}

Split Engine::best_split(const std::string& w) {
  Split best, unlicensed;
  size_t best_tail_size = 0, unlicensed_tail_size = 0;
  if (is_lexicalized(w)) return best;
  for (size_t i = 1; i < w.size(); ++i) {
    if ((static_cast<unsigned char>(w[i]) & 0xC0) == 0x80) continue;
    const std::string head_text = w.substr(0, i);
    const std::string tail = w.substr(i);
    if (code_points(head_text) < kMinPart || code_points(tail) < kMinPart) continue;
    if (bound_heads().count(head_text) || !acceptable_tail(tail)) continue;
    if (!licensed_head(head_text)) {
      if (tail.size() > unlicensed_tail_size && vowel_s_head(head_text) && is_entry(tail)) {
        unlicensed_tail_size = tail.size();
        unlicensed = Split{head_text.substr(0, head_text.size() - 1), lemma(tail), tail, 0};
      }
      continue;
    }
    const std::string head = head_lemma(head_text);
    if (head.empty() || bound_heads().count(head)) continue;
    // Prefer lexicon entries over hunspell's own compounds (so "socialtjänst|lagen"
    // beats "social|tjänstlagen"), then the longest tail: Swedish compounds are
    // right-headed, and the tail is the word the compound is a kind of.
    int score = (is_entry(tail) ? 4 : 0) + (is_entry(head) ? 2 : 0);
    if (score > best.score || (score == best.score && tail.size() > best_tail_size)) {
      best_tail_size = tail.size();
      best = Split{head, lemma(tail), tail, score};
    }
  }
  return best.score >= 0 ? best : unlicensed;
}

std::string Engine::head_lemma(const std::string& h) {
  const char last = h.back();
  const std::string stripped = h.substr(0, h.size() - 1);
  std::vector<std::string> candidates;
  if (last == 's') {
    candidates = {stripped, stripped + "e"};
    if (stripped.size() > 1 && stripped.back() == 'e') {
      candidates.push_back(stripped.substr(0, stripped.size() - 1) + "a");
    }
  }
  const bool vowel = last == 'a' || last == 'e' || last == 'o' || last == 'u';
  if (vowel && last != 'a') candidates.push_back(stripped + "a");
  if (vowel) candidates.push_back(stripped);
  if (!vowel && last != 's') candidates = {h + "a", h + "e"};
  if (last != 's' && spell(h)) return lemma(h);
  for (const auto& c : candidates) {
    if (code_points(c) >= 2 && spell(c)) return c;
  }
  if (last == 's' && spell(h)) return lemma(h);
  return last == 's' ? stripped : h;
}

bool Engine::licensed_head(const std::string& h) { return spell(h + "bord") || spell(h + "plan"); }

bool Engine::licensed_tail(const std::string& t) { return spell("barn" + t); }

bool Engine::acceptable_tail(const std::string& t) {
  if (code_points(t) < kMinPart || bound_tails().count(t) || !spell(t)) return false;
  return bound_tails().count(lemma(t)) == 0 && licensed_tail(t);
}

bool Engine::vowel_s_head(const std::string& h) {
  if (h.size() < 2 || h.back() != 's') return false;
  const std::string word = h.substr(0, h.size() - 1);
  const std::string_view w = word;
  const auto ends = [w](std::string_view v) {
    return w.size() >= v.size() && w.substr(w.size() - v.size()) == v;
  };
  const bool vowel = std::string_view("aeiouy").find(w.back()) != std::string_view::npos ||
                     ends("å") || ends("ä") || ends("ö");
  return vowel && code_points(word) >= kMinPart && is_entry(word);
}

}  // namespace fss::analysis::compound
