#include "compound_splitter.h"

#include <fstream>
#include <hunspell/hunspell.hxx>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace fss::analysis {
namespace {

// Part lengths in code points. Three letters admit real heads and tails ("hem", "lag",
// "dag"); anything shorter is almost always a prefix or an inflection.
constexpr size_t kMinPart = 3;
constexpr size_t kMinWord = 6;  // shorter words are never split
// Longer "words" are codes or garbage, not compounds; hunspell's own compound check also
// recurses deep enough on long garbage to crash (found by tests/fuzz/query_fuzz).
constexpr size_t kMaxWord = 40;
constexpr int kMaxDepth = 3;           // parts of parts of parts
constexpr size_t kMaxCache = 4000000;  // entries; beyond it results are computed, not kept

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
  std::unique_ptr<Hunspell> hunspell;
  std::mutex mu;

  // All below: mu held.
  bool spell(const std::string& w) { return hunspell->spell(w); }

  // A dictionary entry (or an inflection of one), as opposed to a form hunspell builds by
  // compounding: analyze() then lists the parts as "pa:" fields.
  bool is_entry(const std::string& w) {
    const auto analyses = hunspell->analyze(w);
    if (analyses.empty()) return false;
    for (const auto& a : analyses) {
      if (a.find("pa:") == std::string::npos) return true;
    }
    return false;
  }

  // The lemma of a spelled word: the word itself when it is its own stem ("kurs"), else
  // hunspell's first stem ("tillits" -> "tillit", "planerings" -> "planering").
  std::string lemma(const std::string& w) {
    const auto stems = hunspell->stem(w);
    if (stems.empty()) return w;
    for (const auto& s : stems) {
      if (s == w) return w;
    }
    return stems.front();
  }

  // The word or any of its lemmas is lexicalized ("deltagarna": hunspell may name
  // another reading first).
  bool is_lexicalized(const std::string& w) {
    if (lexicalized().count(w)) return true;
    for (const auto& s : hunspell->stem(w)) {
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
  std::string head_lemma(const std::string& h) {
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
  bool licensed_head(const std::string& h) { return spell(h + "bord") || spell(h + "plan"); }
  bool licensed_tail(const std::string& t) { return spell("barn" + t); }

  bool acceptable_tail(const std::string& t) {
    if (code_points(t) < kMinPart || bound_tails().count(t) || !spell(t)) return false;
    return bound_tails().count(lemma(t)) == 0 && licensed_tail(t);
  }

  // A head the lexicon does not flag as a compound start but that Swedish links with -s
  // after a vowel ("oros|anmälan", "livs|kvalitet"): a dictionary word of three letters or
  // more, ending in a vowel, plus s. Only taken before a dictionary tail, and only when
  // no licensed split exists.
  bool vowel_s_head(const std::string& h) {
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

  Split best_split(const std::string& w) {
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

  void split_into(const std::string& w, int depth, std::vector<std::string>* out) {
    if (depth >= kMaxDepth || code_points(w) < kMinWord) return;
    const Split s = best_split(w);
    if (s.score < 0) return;
    out->push_back(s.head);
    split_into(s.head, depth + 1, out);
    out->push_back(s.tail);
    // The tail as written is a part too, so that an irregular plural finds the compound
    // ("länder": "medlemsländer", whose tail lemma is "land"). parts() drops it again
    // when both have one stem, as regular inflections do.
    if (s.tail_text != s.tail) out->push_back(s.tail_text);
    split_into(s.tail, depth + 1, out);
  }
};

}  // namespace

// Engines: one per hardware thread at most, made on demand, so threads that analyse at
// once (the indexer's workers, the daemon's) do not queue on a single hunspell: a cold
// vocabulary costs ~100 us a word, which one mutex turned into the indexer's bottleneck.
struct CompoundSplitter::Impl {
  std::string aff, dic;
  std::vector<std::unique_ptr<Engine>> engines;  // fixed size; null until first needed
  std::mutex create_mutex;
  mutable std::shared_mutex cache_mutex;
  std::unordered_map<std::string, std::vector<std::string>> cache;

  // A locked engine: a free one if any, else a new one while there is room, else wait.
  std::unique_lock<std::mutex> acquire(Engine** out) {
    for (auto& e : engines) {
      if (!e) continue;
      std::unique_lock<std::mutex> lock(e->mu, std::try_to_lock);
      if (lock.owns_lock()) {
        *out = e.get();
        return lock;
      }
    }
    {
      std::lock_guard<std::mutex> guard(create_mutex);
      for (auto& e : engines) {
        if (e) continue;
        auto fresh = std::make_unique<Engine>();
        fresh->hunspell = std::make_unique<Hunspell>(aff.c_str(), dic.c_str());
        e = std::move(fresh);
        *out = e.get();
        return std::unique_lock<std::mutex>(e->mu);
      }
    }
    Engine* e =
        engines[std::hash<std::thread::id>()(std::this_thread::get_id()) % engines.size()].get();
    *out = e;
    return std::unique_lock<std::mutex>(e->mu);
  }
};

Result<std::unique_ptr<CompoundSplitter>> CompoundSplitter::create(const std::string& aff_path,
                                                                   const std::string& dic_path) {
  for (const std::string& path : {aff_path, dic_path}) {
    if (!std::ifstream(path)) return Status::not_found("cannot read hunspell file: " + path);
  }
  try {
    auto impl = std::make_unique<Impl>();
    impl->aff = aff_path;
    impl->dic = dic_path;
    impl->engines.resize(std::max(1u, std::thread::hardware_concurrency()));
    impl->engines[0] = std::make_unique<Engine>();
    impl->engines[0]->hunspell = std::make_unique<Hunspell>(aff_path.c_str(), dic_path.c_str());
    return std::unique_ptr<CompoundSplitter>(new CompoundSplitter(std::move(impl)));
  } catch (const std::exception& e) {
    return Status::internal(std::string("hunspell: ") + e.what());
  }
}

CompoundSplitter::CompoundSplitter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompoundSplitter::~CompoundSplitter() = default;

std::vector<std::string> CompoundSplitter::split(std::string_view norm) const {
  const std::string word(norm);
  if (!only_letters(word) || code_points(word) < kMinWord || code_points(word) > kMaxWord) {
    return {};
  }
  Engine* engine = nullptr;
  const auto lock = impl_->acquire(&engine);
  std::vector<std::string> out;
  engine->split_into(word, 0, &out);
  return out;
}

std::vector<std::string> CompoundSplitter::parts(std::string_view norm, const StemFn& stem) const {
  const size_t length = code_points(norm);
  if (length < kMinWord || length > kMaxWord || !only_letters(norm)) return {};
  std::string word(norm);
  {
    std::shared_lock<std::shared_mutex> lock(impl_->cache_mutex);
    const auto it = impl_->cache.find(word);
    if (it != impl_->cache.end()) return it->second;
  }
  std::vector<std::string> result;
  try {
    for (const std::string& part : split(word)) {
      std::string s = stem(part);
      bool seen = false;
      for (const auto& r : result) seen = seen || r == s;
      if (!seen && !s.empty()) result.push_back(std::move(s));
    }
  } catch (const std::exception&) {
    return {};  // hunspell failed on this word: leave it whole rather than fail analysis
  }
  std::unique_lock<std::shared_mutex> lock(impl_->cache_mutex);
  if (impl_->cache.size() < kMaxCache) impl_->cache.emplace(std::move(word), result);
  return result;
}

}  // namespace fss::analysis
