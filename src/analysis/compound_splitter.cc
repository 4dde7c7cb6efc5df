#include "analysis/compound_splitter.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <fstream>
#include <hunspell/hunspell.hxx>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "analysis/corpus_lexicon.h"
#include "analysis/irregular_forms.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss::analysis {
namespace {

// Part lengths in code points. Three letters admit real heads and tails ("hem", "lag",
// "dag"); anything shorter is almost always a prefix or an inflection.
constexpr size_t kMinPart = 3;
constexpr size_t kMinWord = 6;  // shorter words are never split
// Longer "words" are codes or garbage, not compounds; hunspell's own compound check also
// recurses deep enough on long garbage to crash (found by tests/fuzz/query_fuzz).
constexpr size_t kMaxWord = 40;
// known() answers for words of at most this many bytes (80: 40 letters of å/ä/ö).
constexpr size_t kMaxKnownBytes = 80;
constexpr int kMaxDepth = 3;  // parts of parts of parts
// A head only the archive licenses (corpus_split) has at least this many letters: three
// letter pieces of words ("kon", "pol", "ans") are words of their own too often.
constexpr size_t kMinCorpusHead = 4;
// A tail only the archive licenses (corpus_split) has at least this many letters: many
// words end in a short word of the archive ("uppdra|get", "kons|ert").
constexpr size_t kMinCorpusTail = 5;
// What one word may cost in hunspell calls, each charged the bytes of the string it is
// asked about: a call costs ~5 us on a short word but up to milliseconds on a long one
// (hunspell tries compounds of its own). A typical long compound costs 1,000-3,000; a
// word past the budget is left whole, so a new query word costs tens of ms at most.
constexpr int kMaxHunspellCalls = 4000;
// hunspell answers an engine remembers (engine.spelled and friends), ~100 bytes each.
constexpr size_t kMaxMemo = 100000;

struct BudgetExceeded {};

using StemFn = CompoundSplitter::StemFn;

// Bound morphemes that hunspell accepts as words: a particle or prefix at the head
// ("för|eningen", "upp|följning", "sam|arbete") derives a word, it does not compound one.
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

// Derivational suffixes that are also words or word forms ("het" hot, "ande" spirit,
// "dom" verdict, "are" ares): as a tail they make "verksam|het", "sjuk|dom".
const std::unordered_set<std::string>& bound_tails() {
  static const std::unordered_set<std::string> tails = {
      "het",   "heter", "ande", "ende", "dom",  "are",    "ares", "lig",   "ning", "ling",
      "skap",  "else",  "isk",  "ism",  "ist",  "tion",   "inna", "ska",   "ig",   "ens",
      "ent",   "ell",   "eri",  "era",  "erar", "erade",  "erat", "ering", "rad",  "vis",
      "aktig", "bar",   "sam",  "lös",  "full", "mässig", "nad",  "ne"};
  return tails;
}

// Words that look like compounds to the lexicon but are read as one word in Swedish
// (lemmas): a search for "hand" or "del" should not find every "handläggare" and
// "deltagare" of a social-services archive.
const std::unordered_set<std::string>& lexicalized() {
  static const std::unordered_set<std::string> words = {
      "ordförande", "handläggare", "handläggning", "handlägga", "deltagare",
      "deltagande", "delta",       "huvudman",     "huvudmän",  "droppe"};
  return words;
}

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

struct Split {
  std::string head;       // head lemma ("tillit" for "tillits")
  std::string tail;       // tail lemma ("delegation" for "delegationen")
  std::string tail_text;  // the tail as written ("delegationen")
  int score = -1;
};

// One hunspell instance and the splitting rules on it. Hunspell keeps scratch state, so
// an Engine serves one caller at a time (its `mu`).
struct Engine {
  Mutex mu;
  std::unique_ptr<Hunspell> hunspell PT_GUARDED_BY(mu);  // set once, before sharing
  int calls_left GUARDED_BY(mu) = kMaxHunspellCalls;     // budget left for the word being split
  // hunspell's answers to strings asked before, per engine (mu held). The same heads and
  // tails recur across the compounds of a vocabulary ("barn" + tail, head + "bord", the
  // tail's lemma), and a split asks about each several times: answered from here, a
  // first-seen word costs a fraction of its hunspell calls. Cleared when full.
  std::unordered_map<std::string, bool> spelled GUARDED_BY(mu);
  std::unordered_map<std::string, std::vector<std::string>> stemmed GUARDED_BY(mu);
  std::unordered_map<std::string, std::vector<std::string>> analysed GUARDED_BY(mu);

  // All below: mu held. Every hunspell question goes through one of these three, which
  // charge the budget whether or not the answer was remembered, so that a word's split
  // never depends on which words this engine saw before (builds stay deterministic).
  void charge(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    calls_left -= static_cast<int>(w.size());
    if (calls_left < 0) throw BudgetExceeded{};
  }
  // Called before each word: a memo is only dropped between words.
  void start_word() EXCLUSIVE_LOCKS_REQUIRED(mu) {
    calls_left = kMaxHunspellCalls;
    if (spelled.size() + stemmed.size() + analysed.size() > kMaxMemo) {
      spelled.clear();
      stemmed.clear();
      analysed.clear();
    }
  }
  bool spell(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    charge(w);
    if (const auto it = spelled.find(w); it != spelled.end()) return it->second;
    return spelled.emplace(w, hunspell->spell(w)).first->second;
  }
  // hunspell's stem(word) is stem(analyze(word)): one analysis serves both questions.
  const std::vector<std::string>& stems(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    charge(w);
    if (const auto it = stemmed.find(w); it != stemmed.end()) return it->second;
    return stemmed.emplace(w, hunspell->stem(analysis_of(w))).first->second;
  }
  const std::vector<std::string>& analyses(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    charge(w);
    return analysis_of(w);
  }
  const std::vector<std::string>& analysis_of(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (const auto it = analysed.find(w); it != analysed.end()) return it->second;
    return analysed.emplace(w, hunspell->analyze(w)).first->second;
  }

  // A dictionary entry (or an inflection of one), as opposed to a form hunspell builds by
  // compounding: analyze() then lists the parts as "pa:" fields.
  bool is_entry(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    const auto& found = analyses(w);
    if (found.empty()) return false;
    for (const auto& a : found) {
      if (a.find("pa:") == std::string::npos) return true;
    }
    return false;
  }

  // The lemma of a spelled word: the word itself when it is its own stem ("kurs"), else
  // hunspell's first stem ("tillits" -> "tillit", "planerings" -> "planering").
  std::string lemma(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    const auto& found = stems(w);
    if (found.empty()) return w;
    for (const auto& s : found) {
      if (s == w) return w;
    }
    return found.front();
  }

  // The word or any of its lemmas is lexicalized ("deltagarna": hunspell may name
  // another reading first).
  bool is_lexicalized(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (lexicalized().count(w)) return true;
    for (const auto& s : stems(w)) {
      if (lexicalized().count(s)) return true;
    }
    return false;
  }

  // The lemma of a compound head as written, undoing linking letters: "tillits" ->
  // "tillit", "arbets" -> "arbete", "hyres" -> "hyra", "kvinno" -> "kvinna", "familje" ->
  // "familj", "skol" -> "skola". The linking -s- is read first ("års" -> "år", which
  // costs "kurs" -> "kur"): in compounds it is far more common than a head ending in s.
  // A head the lexicon licenses but no reading of which is a word ("föräldra") stays as
  // written.
  std::string head_lemma(const std::string& h) EXCLUSIVE_LOCKS_REQUIRED(mu) {
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

  // The lexicon's licence: hunspell sv_SE marks which words may begin (X, or a linking
  // form such as "arbets/UXZ") and end (Y) a compound. spell() of the whole word only
  // says it is a word, so the parts are probed inside a compound of our own: the head
  // before a known compound end, the tail after a known compound start. This rejects
  // "kon|troll", "reger|ingen", "pol|isen" (kon, reger, pol cannot begin a compound) and
  // prefers "hyres|värd" to "hyr|svärd".
  bool licensed_head(const std::string& h) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return spell(h + "bord") || spell(h + "plan");
  }
  bool licensed_tail(const std::string& t) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return spell("barn" + t);
  }

  bool acceptable_tail(const std::string& t) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    if (code_points(t) < kMinPart || bound_tails().count(t) || !spell(t)) return false;
    return bound_tails().count(lemma(t)) == 0 && licensed_tail(t);
  }

  // A head the lexicon does not flag as a compound start but that Swedish links with -s
  // after a vowel ("oros|anmälan", "livs|kvalitet"): a dictionary word of three letters or
  // more, ending in a vowel, plus s. Only taken before a dictionary tail, and only when
  // no licensed split exists.
  bool vowel_s_head(const std::string& h) EXCLUSIVE_LOCKS_REQUIRED(mu) {
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

  Split best_split(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
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

  // The lemmas of a dictionary word (analyses without "pa:" parts: hunspell's own
  // compounding gives lemmas such as "överfråga"), at most three: "föräldrar" ->
  // förälder, "mötena" -> möte, "skrev" -> skrev, skriva.
  std::vector<std::string> lemmas(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu) {
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

  // The second lexicon (corpus_lexicon.h), for a word the rules above leave whole, in
  // Koehn and Knight's way: a split whose parts the archive uses as words of their own.
  // Either the head occurs as a word (at least four letters, not a bound prefix, a linking
  // -s taken off; if hunspell knows it, it must be its own lemma, a base form: "förs" of
  // "förs|lagen" is a form of "föra"), or the tail's word occurs in any of its forms (at
  // least kMinCorpusTail letters: "gäng|kriminaliteten" where the archive says
  // "kriminalitet", "corona|pandemin" where it says "pandemin") before a head that is a
  // base form hunspell knows in compounds ("gäng") or, in a word hunspell does not know at all, a
  // head it does not know either (a name or a loan: "corona"). The tail is always one the lexicon
  // accepts as a compound end. Score: the geometric mean of the parts' archive frequencies (a part
  // not in it counts 1) must beat the whole word's, so a frequent word hunspell knows is not cut
  // into rarer pieces; a word hunspell does not know has no reading as one word to beat
  // ("coronapandemin" is split however often it occurs).
  Split corpus_split(const std::string& w, const CorpusLexicon& corpus, const StemFn& stem)
      EXCLUSIVE_LOCKS_REQUIRED(mu) {
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

  // The head of a split the tail's archive frequency licenses (corpus_split): a base form
  // hunspell knows, as written or without a linking -s, that the lexicon lets into
  // compounds, if only as their end ("gäng", flagged Y but not X; "ange" of "ange|lägen" is
  // a verb, in no compound); in a word hunspell does not know, a head it does not know
  // either (a name or a loan). Empty for none.
  std::string tail_licensed_head(const std::vector<std::string>& heads, bool known_word)
      EXCLUSIVE_LOCKS_REQUIRED(mu) {
    bool any_known = false;
    for (const std::string& h : heads) {
      if (bound_heads().count(h) || !spell(h)) continue;
      any_known = true;
      if (lemma(h) == h && licensed_tail(h)) return h;
    }
    if (known_word || any_known || bound_heads().count(heads.front())) return "";
    return heads.front();
  }

  void split_into(const std::string& w, int depth, std::vector<std::string>* out,
                  const CorpusLexicon* corpus, const StemFn& stem) EXCLUSIVE_LOCKS_REQUIRED(mu) {
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
};

}  // namespace

// A cache of bounded size: each shard keeps two maps, `hot` and `cold`. Look-ups try
// hot, then cold (a hit there is copied to hot); inserts go to hot; when hot is full, cold
// is dropped and hot becomes cold. So at most `capacity` entries are held, and what is
// dropped is what was not used since the last turn (an approximate LRU without a list
// to update under an exclusive lock on every hit: a warm hit is a shared lock). Shards
// keep the analysis threads from queueing on one lock.
class BoundedCache {
 public:
  using Value = CompoundSplitter::WordInfo;
  explicit BoundedCache(size_t capacity) : half_(std::max<size_t>(1, capacity / (2 * kShards))) {}

  bool get(const std::string& key, Value* out) {
    Shard& s = shard(key);
    {
      ReaderMutexLock lock(&s.mu);
      if (const auto it = s.hot.find(key); it != s.hot.end()) {
        *out = it->second;
        return true;
      }
    }
    WriterMutexLock lock(&s.mu);
    if (const auto it = s.hot.find(key); it != s.hot.end()) {
      *out = it->second;
      return true;
    }
    const auto it = s.cold.find(key);
    if (it == s.cold.end()) return false;
    *out = it->second;
    insert_locked(s, key, it->second);
    return true;
  }

  void put(const std::string& key, const Value& value) {
    Shard& s = shard(key);
    WriterMutexLock lock(&s.mu);
    insert_locked(s, key, value);
  }

  size_t size() const {
    size_t n = 0;
    for (const Shard& s : shards_) {
      ReaderMutexLock lock(&s.mu);
      n += s.hot.size() + s.cold.size();
    }
    return n;
  }

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable SharedMutex mu;
    std::unordered_map<std::string, Value> hot GUARDED_BY(mu), cold GUARDED_BY(mu);
  };

  Shard& shard(const std::string& key) const {
    return shards_[std::hash<std::string>()(key) % kShards];
  }

  void insert_locked(Shard& s, const std::string& key, const Value& value) const
      EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
    if (s.hot.size() >= half_) {
      s.cold.clear();
      s.cold.swap(s.hot);
    }
    s.hot.emplace(key, value);
  }

  const size_t half_;  // entries per shard and map
  mutable std::array<Shard, kShards> shards_;
};

// Engines: one per hardware thread at most, made on demand, so threads that analyse at
// once (the indexer's workers, the daemon's) do not queue on a single hunspell: a cold
// vocabulary costs ~100 us a word, which one mutex turned into the indexer's bottleneck.
// A slot is published with release and read with acquire, so a thread that sees an engine
// also sees it fully made; slots are only ever filled under create_mutex (issue 17: the
// slots were plain pointers read without the lock while another thread wrote them).
struct CompoundSplitter::Impl {
  std::string aff, dic;
  Mutex create_mutex;
  std::vector<std::unique_ptr<Engine>> owned GUARDED_BY(create_mutex);
  std::unique_ptr<std::atomic<Engine*>[]> slots;
  size_t slot_count = 0;
  std::unique_ptr<BoundedCache> cache;

  // An engine whose mu the caller then holds: a free one if any, else a new one while
  // there is room, else wait. The caller releases it with MutexLock(&e->mu, kAdoptLock).
  // The analysis is off here because it cannot follow a lock that is handed back (which
  // engine's is known only at run time); callers tell it with e->mu.AssertHeld().
  Engine* acquire() NO_THREAD_SAFETY_ANALYSIS {
    for (size_t i = 0; i < slot_count; ++i) {
      Engine* e = slots[i].load(std::memory_order_acquire);
      if (e == nullptr) continue;
      if (e->mu.TryLock()) return e;
    }
    {
      MutexLock guard(&create_mutex);
      for (size_t i = 0; i < slot_count; ++i) {
        if (slots[i].load(std::memory_order_relaxed) != nullptr) continue;
        auto fresh = std::make_unique<Engine>();
        fresh->hunspell = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
        Engine* e = fresh.get();
        owned.push_back(std::move(fresh));
        e->mu.Lock();
        slots[i].store(e, std::memory_order_release);
        return e;
      }
    }
    // Every slot is filled (slots are never emptied): wait for one.
    Engine* e = slots[std::hash<std::thread::id>()(std::this_thread::get_id()) % slot_count].load(
        std::memory_order_acquire);
    e->mu.Lock();
    return e;
  }
};

Result<std::unique_ptr<CompoundSplitter>> CompoundSplitter::create(const std::string& aff_path,
                                                                   const std::string& dic_path,
                                                                   size_t cache_entries) {
  for (const std::string& path : {aff_path, dic_path}) {
    if (!std::ifstream(path)) return Status::not_found("cannot read hunspell file: " + path);
  }
  try {
    auto impl = std::make_unique<Impl>();
    impl->aff = aff_path;
    impl->dic = dic_path;
    impl->slot_count = std::max(1u, std::thread::hardware_concurrency());
    impl->slots = std::make_unique<std::atomic<Engine*>[]>(impl->slot_count);
    for (size_t i = 0; i < impl->slot_count; ++i) impl->slots[i].store(nullptr);
    auto first = std::make_unique<Engine>();
    first->hunspell = std::make_unique<Hunspell>(aff_path.c_str(), dic_path.c_str());
    impl->slots[0].store(first.get());
    {
      MutexLock lock(&impl->create_mutex);  // not shared yet: for the analysis
      impl->owned.push_back(std::move(first));
    }
    impl->cache = std::make_unique<BoundedCache>(cache_entries);
    return std::unique_ptr<CompoundSplitter>(new CompoundSplitter(std::move(impl)));
  } catch (const std::exception& e) {
    return Status::internal(std::string("hunspell: ") + e.what());
  }
}

CompoundSplitter::CompoundSplitter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompoundSplitter::~CompoundSplitter() = default;

size_t CompoundSplitter::cache_size() const { return impl_->cache->size(); }

bool CompoundSplitter::known(std::string_view word) const {
  // hunspell's compound check recurses on long garbage (kMaxWord's note).
  if (word.empty() || word.size() > kMaxKnownBytes) return false;
  Engine* const engine = impl_->acquire();
  engine->mu.AssertHeld();
  MutexLock lock(&engine->mu, kAdoptLock);
  engine->start_word();
  try {
    return engine->spell(std::string(word));
  } catch (const std::exception&) {
    return false;  // hunspell failed: not known, so the speller may still offer a fix
  }
}

CompoundSplitter::WordInfo CompoundSplitter::lookup(std::string_view norm, const StemFn& stem,
                                                    const CorpusLexicon* corpus) const {
  const size_t length = code_points(norm);
  if (length < 2 || length > kMaxWord || !only_letters(norm)) return {};
  // Words are letters only, so the lexicon's id before a \x01 cannot collide with one.
  const std::string key =
      corpus ? std::to_string(corpus->id()) + '\x01' + std::string(norm) : std::string(norm);
  WordInfo info;
  if (impl_->cache->get(key, &info)) return info;
  const std::string word(norm);
  std::vector<std::string> surface;
  std::vector<std::string> lemmas;
  try {
    Engine* const engine = impl_->acquire();
    engine->mu.AssertHeld();
    MutexLock lock(&engine->mu, kAdoptLock);
    engine->start_word();
    // An irregular form's lemma is known without asking (and hunspell's readings of such
    // forms are often another word's: "tog" -> toga).
    if (const std::string* irregular = irregular_lemma(word)) {
      lemmas = {*irregular};
    } else {
      lemmas = engine->lemmas(word);
    }
    if (length >= kMinWord) {
      try {
        engine->split_into(word, 0, &surface, corpus, stem);
      } catch (const BudgetExceeded&) {
        surface.clear();  // too costly to decide: left whole
      }
    }
  } catch (const BudgetExceeded&) {
  } catch (const std::exception&) {
    return {};  // hunspell failed on this word: leave it whole rather than fail analysis
  }
  const auto add = [](std::vector<std::string>* v, std::string s) {
    if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end()) v->push_back(std::move(s));
  };
  for (const std::string& part : surface) add(&info.parts, stem(part));
  const std::string own = stem(word);
  for (const std::string& lemma : lemmas)
    if (std::string s = stem(lemma); s != own) add(&info.lemmas, std::move(s));
  impl_->cache->put(key, info);
  return info;
}

std::vector<std::string> CompoundSplitter::parts(std::string_view norm, const StemFn& stem) const {
  if (code_points(norm) < kMinWord) return {};
  return lookup(norm, stem, nullptr).parts;
}

}  // namespace fss::analysis
