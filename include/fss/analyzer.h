// The Swedish analysis chain: text -> tokens -> terms. One Analyzer object serves the
// indexer and the searcher, so index-time and query-time terms cannot drift apart.
//
// Chain (doc/design.md has the reasons): UTF-8 check -> ICU word breaking (UAX #29)
// with byte offsets -> NFC + full case folding -> e-mail addresses skipped -> stop-word
// flag (position kept) -> Snowball Swedish stem, plus the stems of the word's hunspell
// lemmas -> compound parts (hunspell sv_SE, and the archive's vocabulary as a second
// lexicon when the analyzer has one: with_lexicon()) -> å/ä/ö-insensitive folded form.
// Lemmas and parts come from one bounded cache, per distinct word.
//
// Thread-safety: an Analyzer is immutable after create() except for its internal
// cache, which is synchronised; analyze() may be called from any number of threads at
// once. Ownership: create() returns a unique_ptr; share it by pointer.
#ifndef FSS_ANALYZER_H_
#define FSS_ANALYZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fss/status.h"

namespace fss {

// What a term is to the word it came from. The searcher weights them in this order.
enum class TermKind : uint8_t {
  kExact = 0,     // the word, NFC + case folded: "socialtjänstlagen"
  kStem = 1,      // its stem (stem() below): "socialtjänstlag"
  kCompound = 2,  // the stem of one of its compound parts: "socialtjänst", "lag", "social"
  kFolded = 3,  // its stem with å/ä→a, ö→o, é→e, ü→u ...: "socialtjanstlag"; and, when
                // an accent changes the stem, the stem of the folded word ("lindén":
                // "linden" and "lind", so "linden" finds it and it finds "linden")
};

const char* term_kind_name(TermKind kind);  // "exact", "stem", "compound", "folded"

struct Term {
  std::string text;  // no prefix: the schema adds prefixes by kind
  TermKind kind;
  bool operator==(const Term& o) const { return text == o.text && kind == o.kind; }
};

struct Token {
  std::string text;   // the word as written in the input (a slice of it)
  std::string norm;   // NFC + case folded
  size_t start = 0;   // byte offset in the input
  size_t end = 0;     // one past the last byte
  uint32_t position;  // 0-based word position; adjacent words differ by 1
  bool stopword = false;
  bool number = false;  // "2018", "3,3"
  // The terms, exact first, then stem, compound parts, folded. Every token, stop words
  // included, has its exact and stem terms (so phrases can match them); the searcher
  // decides not to look stop words up in free text. Duplicates are removed (a folded form
  // equal to the stem is still listed once under kFolded: kinds live in separate term
  // spaces in the index).
  std::vector<Term> terms;
};

// The text of `token`'s first term of `kind`, or null when it has none (a token always has
// its exact and stem terms; compound parts and a folded form only when the word has them).
inline const std::string* find_term(const Token& token, TermKind kind) {
  for (const Term& t : token.terms)
    if (t.kind == kind) return &t.text;
  return nullptr;
}

struct AnalyzerOptions {
  // Stop words, one a line, '#' comments. Empty: the list compiled in from stopwords/sv.txt.
  std::string stopwords_path;
  // hunspell lexicon for compound splitting.
  std::string hunspell_aff = "/usr/share/hunspell/sv_SE.aff";
  std::string hunspell_dic = "/usr/share/hunspell/sv_SE.dic";
  bool compounds = true;  // false: skip the compound step (and hunspell altogether)
  // Distinct words whose lexicon look-ups are cached at most; the least recently used
  // go first. A few hundred bytes each.
  size_t compound_cache_entries = 500000;
};

class CorpusLexicon;  // fss/corpus_lexicon.h
namespace analysis {
class CompoundSplitter;
}

class Analyzer {
 public:
  // Errors: kNotFound / kIoError when the stop-word list or the dictionary cannot be read.
  static Result<std::unique_ptr<Analyzer>> create(const AnalyzerOptions& options = {});
  ~Analyzer();
  // This analyzer with `lexicon` as the second lexicon of its compound splitting
  // (corpus_lexicon.h): one index generation's analyzer, used by its build and by its
  // searchers. Shares this one's stop words, hunspell and cache (which keys words by
  // lexicon), and may outlive it. Null `lexicon`: none, as create() makes.
  std::unique_ptr<Analyzer> with_lexicon(std::shared_ptr<const CorpusLexicon> lexicon) const;
  // The second lexicon, or null.
  const CorpusLexicon* lexicon() const { return lexicon_.get(); }
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Appends the tokens of `text` to `out`, positions starting at `first_position`.
  // Errors: kInvalidArgument naming the byte offset of the first invalid UTF-8 sequence
  // ("invalid UTF-8 at byte 12"); `out` is then left unchanged.
  Status analyze(std::string_view text, std::vector<Token>* out, uint32_t first_position = 0) const;

  // analyze() without the terms, for callers that need only where the words are (or
  // want the terms of a few of them): the same tokens (text, norm, offsets, positions,
  // flags) with `terms` empty. No stemming, no compound look-up. Errors as analyze().
  Status tokenize(std::string_view text, std::vector<Token>* out,
                  uint32_t first_position = 0) const;
  // Fills `token->terms` (replacing any) exactly as analyze() would have.
  void add_terms(Token* token) const;

  // One word's pieces, for callers that have a single word (query prefixes, suggestions).
  std::string normalize(std::string_view word) const;  // NFC + case fold (no check)
  // stem(): an abbreviation inflected after a colon stems to the abbreviation ("fss:s" ->
  // "fss"); any other word gets the Snowball stem with our rules on top, so that forms
  // of a noun that Snowball split share one: "plats", "platser", "platsen"; "beslut", "beslutet";
  // "fråga", "frågan" (src/analysis/swedish_stem.h).
  std::string stem(std::string_view norm_word) const;  // Snowball Swedish, forms unified
  std::string fold(std::string_view norm_word) const;  // å/ä/ö-insensitive form
  bool is_stopword(std::string_view norm_word) const;
  // True when the Swedish lexicon (hunspell sv_SE) knows `word` as written, in any
  // inflection ("kommunerna", "Karlstad"). False when compounds are off (no lexicon).
  bool in_lexicon(std::string_view word) const;
  // Stems of the compound parts of a normalized word (recursive, deduplicated), empty when
  // it is not a compound. Cached: the lexicon is consulted once per distinct word.
  std::vector<std::string> compound_parts(std::string_view norm_word) const;
  // Words in the compound cache now: never more than options.compound_cache_entries.
  size_t compound_cache_size() const;

 private:
  struct Impl;
  Analyzer(std::shared_ptr<const Impl> impl, std::shared_ptr<const CorpusLexicon> lexicon);
  // The lexicons' cached answer for a word: compound part stems, lemma stems.
  void lexicon_info(std::string_view norm_word, std::vector<std::string>* parts,
                    std::vector<std::string>* lemmas) const;
  std::shared_ptr<const Impl> impl_;
  std::shared_ptr<const CorpusLexicon> lexicon_;
};

// The tokens as JSON, the way Elasticsearch's _analyze shows them:
// {"tokens":[{"token":"Socialtjänstlagen","norm":"socialtjänstlagen","start":0,"end":18,
//   "position":0,"stopword":false,"terms":[{"term":"socialtjänstlagen","kind":"exact"},...]}]}
// Used by `fss-index analyze` and GET /api/analyze, so both print the same.
std::string tokens_to_json(const std::vector<Token>& tokens);
// The same, pretty-printed with `indent` spaces (-1: compact, as the overload above).
std::string tokens_to_json(const std::vector<Token>& tokens, int indent);

}  // namespace fss

#endif  // FSS_ANALYZER_H_
