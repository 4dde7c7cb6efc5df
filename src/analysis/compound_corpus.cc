// The second lexicon (corpus_lexicon.h): splits the archive's own words license where
// hunspell's rules leave a word whole.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "analysis/compound_engine.h"
#include "analysis/corpus_lexicon.h"

namespace fss::analysis::compound {

Split Engine::corpus_split(const std::string& w, const CorpusLexicon& corpus, const StemFn& stem) {
  const auto freq = [&corpus](const std::string& x) { return corpus.frequency(x); };
  // Candidates first, by hash look-ups (and a Snowball stem) alone: most words have no
  // part in the archive, and then cost no hunspell call here.
  struct Candidate {
    size_t at;
    std::vector<std::string> heads;  // as written, and without a linking -s
    std::string head;                // the one the archive has, if any
    uint64_t head_freq = 0;
    uint64_t tail_freq = 0;  // of the tail's stem, all forms
  };
  std::vector<Candidate> candidates;
  for (size_t i = 1; i < w.size(); ++i) {
    if ((static_cast<unsigned char>(w[i]) & 0xC0) == 0x80) continue;
    const std::string head_text = w.substr(0, i);
    const size_t head_letters = code_points(head_text);
    const size_t tail_letters = code_points(w) - head_letters;
    if (head_letters < kMinCorpusHead || tail_letters < kMinPart) continue;
    Candidate c{i, {head_text}, "", 0, 0};
    if (head_text.back() == 's' && head_letters > kMinCorpusHead)
      c.heads.push_back(head_text.substr(0, head_text.size() - 1));
    for (const std::string& h : c.heads) {
      const uint64_t f = freq(h);
      if (f > c.head_freq && !bound_heads().count(h)) c.head = h, c.head_freq = f;
    }
    if (tail_letters >= kMinCorpusTail) c.tail_freq = corpus.stem_frequency(stem(w.substr(i)));
    if (c.head_freq >= CorpusLexicon::kMinCount || c.tail_freq >= CorpusLexicon::kMinCount)
      candidates.push_back(std::move(c));
  }
  Split best;
  if (candidates.empty()) return best;
  const bool known_word = spell(w);
  double best_score = known_word ? static_cast<double>(std::max(freq(w), freq(lemma(w)))) : 0.0;
  for (Candidate& c : candidates) {
    const std::string tail = w.substr(c.at);
    if (!acceptable_tail(tail)) continue;
    if (c.head_freq >= CorpusLexicon::kMinCount) {
      if (spell(c.head) && lemma(c.head) != c.head) continue;
    } else {
      c.head = tail_licensed_head(c.heads, known_word);
      if (c.head.empty()) continue;
    }
    const std::string tail_lemma = lemma(tail);
    const uint64_t tail_freq = std::max({freq(tail), freq(tail_lemma), c.tail_freq, uint64_t{1}});
    const double score = std::sqrt(static_cast<double>(std::max(c.head_freq, uint64_t{1})) *
                                   static_cast<double>(tail_freq));
    if (score > best_score) {
      best_score = score;
      best = Split{c.head, tail_lemma, tail, 0};
    }
  }
  return best;
}

std::string Engine::tail_licensed_head(const std::vector<std::string>& heads, bool known_word) {
  bool any_known = false;
  for (const std::string& h : heads) {
    if (bound_heads().count(h) || !spell(h)) continue;
    any_known = true;
    if (lemma(h) == h && licensed_tail(h)) return h;
  }
  if (known_word || any_known || bound_heads().count(heads.front())) return "";
  return heads.front();
}

}  // namespace fss::analysis::compound
