#include "fss/analyzer.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_set>

#include "analysis/compound_splitter.h"
#include "text/email.h"
#include "base/file.h"
#include "analysis/corpus_lexicon.h"
#include "fss/utf8.h"
#include "analysis/swedish_stem.h"
#include "text/unicode.h"

namespace fss {

extern const char kStopwordsSv[];  // generated from stopwords/sv.txt by CMake

namespace {

// libstemmer and ICU's break iterators keep state between calls and are not
// thread-safe: each thread gets its own, created on first use and reused, since creating
// a word break iterator costs far more than analysing a sentence.
struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

sb_stemmer* thread_stemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("swedish", "UTF_8"));
  return stemmer.get();
}

icu::BreakIterator* thread_word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    // "sv" keeps the colon inside words ("FSS:s", "EU:s"), as CLDR tailors it.
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale("sv"), status));
    if (U_FAILURE(status)) it.reset();
    return it;
  }();
  return breaker.get();
}

std::unordered_set<std::string> parse_stopwords(std::string_view text) {
  std::unordered_set<std::string> words;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    const size_t hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const size_t last = line.find_last_not_of(" \t\r");
    words.insert(unicode::normalize(std::string_view(line).substr(first, last - first + 1)));
  }
  return words;
}

void add_term(std::vector<Term>* terms, std::string text, TermKind kind) {
  if (text.empty()) return;
  for (const Term& t : *terms) {
    if (t.kind == kind && t.text == text) return;
  }
  terms->push_back(Term{std::move(text), kind});
}

}  // namespace

struct Analyzer::Impl {
  std::unordered_set<std::string> stopwords;
  std::unique_ptr<analysis::CompoundSplitter> splitter;  // null: compounds off
};

const char* term_kind_name(TermKind kind) {
  switch (kind) {
    case TermKind::kExact:
      return "exact";
    case TermKind::kStem:
      return "stem";
    case TermKind::kCompound:
      return "compound";
    case TermKind::kFolded:
      return "folded";
  }
  return "unknown";
}

Result<std::unique_ptr<Analyzer>> Analyzer::create(const AnalyzerOptions& options) {
  try {
    auto impl = std::make_unique<Impl>();
    if (options.stopwords_path.empty()) {
      impl->stopwords = parse_stopwords(kStopwordsSv);
    } else {
      Result<std::string> text = read_file(options.stopwords_path);
      if (!text.is_ok()) {
        if (text.status().code() == StatusCode::kNotFound)
          return Status::not_found("cannot read stop words: " + options.stopwords_path);
        return Status::io_error("read failed: " + options.stopwords_path);
      }
      if (auto bad = find_invalid_utf8(text.value())) {
        return Status::invalid_argument(options.stopwords_path + ": invalid UTF-8 at byte " +
                                        std::to_string(*bad));
      }
      impl->stopwords = parse_stopwords(text.value());
    }
    if (thread_word_breaker() == nullptr || thread_stemmer() == nullptr) {
      return Status::internal("cannot create the ICU word breaker or the Swedish stemmer");
    }
    if (options.compounds) {
      auto splitter = analysis::CompoundSplitter::create(options.hunspell_aff, options.hunspell_dic,
                                                         options.compound_cache_entries);
      if (!splitter.is_ok()) return splitter.status();
      impl->splitter = std::move(splitter.value());
    }
    return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl), nullptr));
  } catch (const std::exception& e) {
    return Status::internal(std::string("analyzer: ") + e.what());
  }
}

Analyzer::Analyzer(std::shared_ptr<const Impl> impl, std::shared_ptr<const CorpusLexicon> lexicon)
    : impl_(std::move(impl)), lexicon_(std::move(lexicon)) {}

std::unique_ptr<Analyzer> Analyzer::with_lexicon(
    std::shared_ptr<const CorpusLexicon> lexicon) const {
  return std::unique_ptr<Analyzer>(new Analyzer(impl_, std::move(lexicon)));
}
Analyzer::~Analyzer() = default;

std::string Analyzer::normalize(std::string_view word) const { return unicode::normalize(word); }

std::string Analyzer::stem(std::string_view norm_word) const {
  // Swedish inflects abbreviations after a colon ("FSS:s", "SMS:en", "cd:ar"): the stem
  // is the abbreviation, so "FSS" finds "FSS:s". Snowball words never hold a colon.
  const size_t colon = norm_word.find(':');
  if (colon != std::string_view::npos && colon > 0) norm_word = norm_word.substr(0, colon);
  sb_stemmer* stemmer = thread_stemmer();
  if (stemmer == nullptr || norm_word.empty()) return std::string(norm_word);
  return analysis::swedish_stem(norm_word, [stemmer](std::string_view w) {
    const sb_symbol* out = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(w.data()),
                                           static_cast<int>(w.size()));
    if (out == nullptr) return std::string(w);  // out of memory: the word itself
    return std::string(reinterpret_cast<const char*>(out),
                       static_cast<size_t>(sb_stemmer_length(stemmer)));
  });
}

std::string Analyzer::fold(std::string_view norm_word) const { return unicode::fold(norm_word); }

bool Analyzer::is_stopword(std::string_view norm_word) const {
  return impl_->stopwords.count(std::string(norm_word)) > 0;
}

bool Analyzer::in_lexicon(std::string_view word) const {
  return impl_->splitter && impl_->splitter->known(word);
}

std::vector<std::string> Analyzer::compound_parts(std::string_view norm_word) const {
  if (!impl_->splitter) return {};
  std::vector<std::string> parts, lemmas;
  lexicon_info(norm_word, &parts, &lemmas);
  return parts;
}

void Analyzer::lexicon_info(std::string_view norm_word, std::vector<std::string>* parts,
                            std::vector<std::string>* lemmas) const {
  auto info = impl_->splitter->lookup(
      norm_word, [this](std::string_view w) { return stem(w); }, lexicon_.get());
  *parts = std::move(info.parts);
  *lemmas = std::move(info.lemmas);
}

size_t Analyzer::compound_cache_size() const {
  return impl_->splitter ? impl_->splitter->cache_size() : 0;
}

Status Analyzer::analyze(std::string_view text, std::vector<Token>* out,
                         uint32_t first_position) const {
  const size_t first = out->size();
  if (Status s = tokenize(text, out, first_position); !s.is_ok()) return s;
  for (size_t i = first; i < out->size(); ++i) add_terms(&(*out)[i]);
  return Status::ok();
}

void Analyzer::add_terms(Token* token) const {
  token->terms.clear();
  token->terms.reserve(4);
  add_term(&token->terms, token->norm, TermKind::kExact);
  std::string stemmed = token->number ? token->norm : stem(token->norm);
  token->terms.push_back(Term{stemmed, TermKind::kStem});
  if (!token->number && !token->stopword && impl_->splitter) {
    std::vector<std::string> parts, lemmas;
    lexicon_info(token->norm, &parts, &lemmas);
    // The stems of the word's dictionary lemmas are stems of it too, where Snowball
    // splits a word's forms ("föräldrar" / "förälder", "skrev" / "skriva").
    for (std::string& lemma : lemmas) add_term(&token->terms, std::move(lemma), TermKind::kStem);
    for (std::string& part : parts) add_term(&token->terms, std::move(part), TermKind::kCompound);
  }
  add_term(&token->terms, unicode::fold(stemmed), TermKind::kFolded);
  // An accent can change what the stemmer removes ("lindén" keeps its -én, "linden"
  // loses -en): the stem of the folded word is a folded form too, so that accented and
  // unaccented spellings always share one folded term, whichever side has the accent.
  if (!token->number) {
    std::string folded_word = unicode::fold(token->norm);
    if (folded_word != token->norm) add_term(&token->terms, stem(folded_word), TermKind::kFolded);
  }
}

Status Analyzer::tokenize(std::string_view text, std::vector<Token>* out,
                          uint32_t first_position) const {
  if (auto bad = find_invalid_utf8(text)) {
    return Status::invalid_argument("invalid UTF-8 at byte " + std::to_string(*bad));
  }
  icu::BreakIterator* breaker = thread_word_breaker();
  if (breaker == nullptr) return Status::internal("no ICU word breaker");
  const auto emails = find_email_spans(text);
  size_t next_email = 0;

  // UTF-8 UText: the break iterator's indices are then byte offsets into `text` itself,
  // so there is no UTF-16 copy of the input and no offset map.
  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
  breaker->setText(&utext, status);
  utext_close(&utext);  // the iterator holds its own shallow clone
  if (U_FAILURE(status)) return Status::internal("ICU word breaker: cannot set text");

  uint32_t position = first_position;
  int32_t start = breaker->first();
  for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE;
       start = end, end = breaker->next()) {
    const int32_t rule = breaker->getRuleStatus();
    if (rule < UBRK_WORD_NUMBER) continue;  // spaces, punctuation, symbols, emoji
    const auto b = static_cast<size_t>(start);
    const auto e = static_cast<size_t>(end);
    while (next_email < emails.size() && emails[next_email].second <= b) ++next_email;
    // E-mail addresses are skipped without taking a position: nobody searches by them,
    // and a phrase running across one ("skriv till x@y.se i dag") still matches.
    if (next_email < emails.size() && emails[next_email].first < e) continue;

    std::string norm = unicode::normalize(text.substr(b, e - b));
    if (norm.empty()) continue;
    Token& token = out->emplace_back();
    token.text.assign(text.data() + b, e - b);
    token.norm = std::move(norm);
    token.start = b;
    token.end = e;
    token.position = position++;
    token.number = rule < UBRK_WORD_LETTER;
    token.stopword = !token.number && impl_->stopwords.count(token.norm) > 0;
  }
  return Status::ok();
}

std::string tokens_to_json(const std::vector<Token>& tokens, int indent) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Token& t : tokens) {
    nlohmann::ordered_json terms = nlohmann::ordered_json::array();
    for (const Term& term : t.terms) {
      terms.push_back({{"term", term.text}, {"kind", term_kind_name(term.kind)}});
    }
    list.push_back({{"token", t.text},
                    {"norm", t.norm},
                    {"start", t.start},
                    {"end", t.end},
                    {"position", t.position},
                    {"stopword", t.stopword},
                    {"number", t.number},
                    {"terms", std::move(terms)}});
  }
  nlohmann::ordered_json doc = nlohmann::ordered_json::object();
  doc["tokens"] = std::move(list);
  // Tokens are slices of validated input, but replace rather than throw all the same.
  return doc.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string tokens_to_json(const std::vector<Token>& tokens) { return tokens_to_json(tokens, -1); }

}  // namespace fss
