// Private to the compound splitter (compound_splitter.h): one hunspell instance with its
// memo and the splitting rules asked of it, in files by job:
//   compound_engine.cc  the questions asked of hunspell, remembered and charged
//   compound_split.cc   the split points the first lexicon (hunspell sv_SE) licenses
//   compound_corpus.cc  the licensing rules of the second lexicon (the archive's words)
#ifndef FSS_SRC_ANALYSIS_COMPOUND_ENGINE_H_
#define FSS_SRC_ANALYSIS_COMPOUND_ENGINE_H_

#include <cstddef>
#include <hunspell/hunspell.hxx>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "analysis/compound_splitter.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss {
class CorpusLexicon;
}

namespace fss::analysis::compound {

// Part lengths in code points. Three letters admit real heads and tails ("hem", "lag",
// "dag"); anything shorter is almost always a prefix or an inflection.
inline constexpr size_t kMinPart = 3;
inline constexpr size_t kMinWord = 6;  // shorter words are never split
// Longer "words" are codes or garbage, not compounds; hunspell's own compound check also
// recurses deep enough on long garbage to crash (found by tests/fuzz/query_fuzz).
inline constexpr size_t kMaxWord = 40;
// known() answers for words of at most this many bytes (80: 40 letters of å/ä/ö).
inline constexpr size_t kMaxKnownBytes = 80;
inline constexpr int kMaxDepth = 3;  // parts of parts of parts
// A head only the archive licenses (corpus_split) has at least this many letters: three
// letter pieces of words ("kon", "pol", "ans") are words of their own too often.
inline constexpr size_t kMinCorpusHead = 4;
// A tail only the archive licenses (corpus_split) has at least this many letters: many
// words end in a short word of the archive ("uppdra|get", "kons|ert").
inline constexpr size_t kMinCorpusTail = 5;
// What one word may cost in hunspell calls, each charged the bytes of the string it is
// asked about: a call costs ~5 us on a short word but up to milliseconds on a long one
// (hunspell tries compounds of its own). A typical long compound costs 1,000-3,000; a
// word past the budget is left whole, so a new query word costs tens of ms at most.
inline constexpr int kMaxHunspellCalls = 4000;
// hunspell answers an engine remembers (engine.spelled and friends), ~100 bytes each.
inline constexpr size_t kMaxMemo = 100000;

// Thrown by an Engine when the word being split has used up its budget.
struct BudgetExceeded {};

using StemFn = CompoundSplitter::StemFn;

// Bound morphemes that hunspell accepts as words: a particle or prefix at the head
// ("för|eningen", "upp|följning", "sam|arbete") derives a word, it does not compound one.
const std::unordered_set<std::string>& bound_heads();

// Derivational suffixes that are also words or word forms ("het" hot, "ande" spirit,
// "dom" verdict, "are" ares): as a tail they make "verksam|het", "sjuk|dom".
const std::unordered_set<std::string>& bound_tails();

// Words that look like compounds to the lexicon but are read as one word in Swedish
// (lemmas): a search for "hand" or "del" should not find every "handläggare" and
// "deltagare" of a social-services archive.
const std::unordered_set<std::string>& lexicalized();

// Code points of UTF-8 `s`.
size_t code_points(std::string_view s);

// Letters only, and never three of the same in a row: Swedish spelling has no tripled
// letters (a compound drops one: "tunnel|nät" is "tunnelnät"), so such a "word" is noise.
bool only_letters(std::string_view s);

// One split of a word; score < 0: none.
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

  // ---- hunspell's answers (compound_engine.cc) ----
  bool spell(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // hunspell's stem(word) is stem(analyze(word)): one analysis serves both questions.
  const std::vector<std::string>& stems(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  const std::vector<std::string>& analyses(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // analyses() without the charge: the memo behind stems() and analyses().
  const std::vector<std::string>& analysis_of(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // A dictionary entry (or an inflection of one), as opposed to a form hunspell builds by
  // compounding: analyze() then lists the parts as "pa:" fields.
  bool is_entry(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The lemma of a spelled word: the word itself when it is its own stem ("kurs"), else
  // hunspell's first stem ("tillits" -> "tillit", "planerings" -> "planering").
  std::string lemma(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The word or any of its lemmas is lexicalized ("deltagarna": hunspell may name
  // another reading first).
  bool is_lexicalized(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The lemmas of a dictionary word (analyses without "pa:" parts: hunspell's own
  // compounding gives lemmas such as "överfråga"), at most three: "föräldrar" ->
  // förälder, "mötena" -> möte, "skrev" -> skrev, skriva.
  std::vector<std::string> lemmas(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);

  // ---- the first lexicon's splits (compound_split.cc) ----
  // The parts of `w` (head lemma, tail lemma and the tail as written), recursively to
  // kMaxDepth, appended to *out; nothing when no rule splits it. `corpus` (may be null):
  // the second lexicon, tried where the first finds no split.
  void split_into(const std::string& w, int depth, std::vector<std::string>* out,
                  const CorpusLexicon* corpus, const StemFn& stem) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The best split of `w` by the first lexicon's rules; score < 0 when none.
  Split best_split(const std::string& w) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The lemma of a compound head as written, undoing linking letters: "tillits" ->
  // "tillit", "arbets" -> "arbete", "hyres" -> "hyra", "kvinno" -> "kvinna", "familje" ->
  // "familj", "skol" -> "skola". The linking -s- is read first ("års" -> "år", which
  // costs "kurs" -> "kur"): in compounds it is far more common than a head ending in s.
  // A head the lexicon licenses but no reading of which is a word ("föräldra") stays as
  // written.
  std::string head_lemma(const std::string& h) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The lexicon's licence: hunspell sv_SE marks which words may begin (X, or a linking
  // form such as "arbets/UXZ") and end (Y) a compound. spell() of the whole word only
  // says it is a word, so the parts are probed inside a compound of our own: the head
  // before a known compound end, the tail after a known compound start. This rejects
  // "kon|troll", "reger|ingen", "pol|isen" (kon, reger, pol cannot begin a compound) and
  // prefers "hyres|värd" to "hyr|svärd".
  bool licensed_head(const std::string& h) EXCLUSIVE_LOCKS_REQUIRED(mu);
  bool licensed_tail(const std::string& t) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // A tail of at least kMinPart letters that is a word, not a derivational suffix, and
  // that the lexicon lets end a compound.
  bool acceptable_tail(const std::string& t) EXCLUSIVE_LOCKS_REQUIRED(mu);
  // A head the lexicon does not flag as a compound start but that Swedish links with -s
  // after a vowel ("oros|anmälan", "livs|kvalitet"): a dictionary word of three letters or
  // more, ending in a vowel, plus s. Only taken before a dictionary tail, and only when
  // no licensed split exists.
  bool vowel_s_head(const std::string& h) EXCLUSIVE_LOCKS_REQUIRED(mu);

  // ---- the second lexicon's splits (compound_corpus.cc) ----
  // The second lexicon (corpus_lexicon.h), for a word the rules above leave whole, in
  // Koehn and Knight's way: a split whose parts the archive uses as words of their own.
  // Either the head occurs as a word (at least four letters, not a bound prefix, a linking
  // -s taken off; if hunspell knows it, it must be its own lemma, a base form: "förs" of
  // "förs|lagen" is a form of "föra"), or the tail's word occurs in any of its forms (at
  // least kMinCorpusTail letters: "gäng|kriminaliteten" where the archive says
  // "kriminalitet", "corona|pandemin" where it says "pandemin") before a head that is a
  // base form hunspell knows in compounds ("gäng") or, in a word hunspell does not know at all, a
  // head it does not know either (a name or a loan: "corona"). The tail is always one the lexicon
  // accepts as a compound end. Score: the geometric mean of the parts' archive frequencies (a
  // part not in it counts 1) must beat the whole word's, so a frequent word hunspell knows is not
  // cut into rarer pieces; a word hunspell does not know has no reading as one word to beat
  // ("coronapandemin" is split however often it occurs).
  Split corpus_split(const std::string& w, const CorpusLexicon& corpus, const StemFn& stem)
      EXCLUSIVE_LOCKS_REQUIRED(mu);
  // The head of a split the tail's archive frequency licenses (corpus_split): a base form
  // hunspell knows, as written or without a linking -s, that the lexicon lets into
  // compounds, if only as their end ("gäng", flagged Y but not X; "ange" of "ange|lägen" is
  // a verb, in no compound); in a word hunspell does not know, a head it does not know
  // either (a name or a loan). Empty for none.
  std::string tail_licensed_head(const std::vector<std::string>& heads, bool known_word)
      EXCLUSIVE_LOCKS_REQUIRED(mu);
};

}  // namespace fss::analysis::compound

#endif  // FSS_SRC_ANALYSIS_COMPOUND_ENGINE_H_
