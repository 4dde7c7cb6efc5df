#include "analysis/corpus_lexicon.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <vector>

#include "fss/analyzer.h"

namespace fss {
namespace {

// Longer "words" are never compound parts (kMaxWord in compound_engine.h).
constexpr size_t kMaxWordBytes = 80;

uint64_t next_id() {
  static std::atomic<uint64_t> id{1};
  return id++;
}

bool is_letters(std::string_view w) {
  for (const char c : w) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !(u >= 'a' && u <= 'z')) return false;
  }
  return !w.empty();
}

}  // namespace

Status CorpusLexicon::Counter::add_text(std::string_view text) {
  std::vector<Token> tokens;
  if (Status s = analyzer_->tokenize(text, &tokens); !s.is_ok()) return s;
  for (const Token& t : tokens) {
    if (t.number || t.stopword || t.norm.size() > kMaxWordBytes || !is_letters(t.norm)) continue;
    ++counts_[t.norm];
  }
  return Status::ok();
}

void CorpusLexicon::Counter::merge(const Counter& other) {
  for (const auto& [word, n] : other.counts_) counts_[word] += n;
}

std::shared_ptr<const CorpusLexicon> CorpusLexicon::from_counter(const Counter& counter) {
  auto lexicon = std::make_shared<CorpusLexicon>();
  for (const auto& [word, n] : counter.counts())
    if (n >= kMinCount) lexicon->counts_.emplace(word, n);
  lexicon->count_stems(counter.analyzer());
  lexicon->id_ = next_id();
  return lexicon;
}

Result<std::shared_ptr<const CorpusLexicon>> CorpusLexicon::parse(std::string_view text,
                                                                  const Analyzer& analyzer) {
  auto lexicon = std::make_shared<CorpusLexicon>();
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty()) continue;
    const size_t space = line.rfind(' ');
    uint64_t n = 0;
    const char* end = line.data() + line.size();
    if (space == std::string_view::npos || space == 0 ||
        std::from_chars(line.data() + space + 1, end, n).ptr != end) {
      return Status::corruption("corpus lexicon: line " + std::to_string(line_no) +
                                ": not 'word count'");
    }
    lexicon->counts_.emplace(std::string(line.substr(0, space)), n);
  }
  lexicon->count_stems(analyzer);
  lexicon->id_ = next_id();
  return std::shared_ptr<const CorpusLexicon>(std::move(lexicon));
}

std::string CorpusLexicon::serialize() const {
  std::vector<std::pair<std::string_view, uint64_t>> sorted(counts_.begin(), counts_.end());
  std::sort(sorted.begin(), sorted.end());
  std::string out;
  for (const auto& [word, n] : sorted) {
    out.append(word);
    out += ' ';
    out += std::to_string(n);
    out += '\n';
  }
  return out;
}

uint64_t CorpusLexicon::frequency(std::string_view norm_word) const {
  const auto it = counts_.find(std::string(norm_word));
  return it == counts_.end() ? 0 : it->second;
}

uint64_t CorpusLexicon::stem_frequency(std::string_view stem) const {
  const auto it = stem_counts_.find(std::string(stem));
  return it == stem_counts_.end() ? 0 : it->second;
}

void CorpusLexicon::count_stems(const Analyzer& analyzer) {
  stem_counts_.reserve(counts_.size());
  for (const auto& [word, n] : counts_) stem_counts_[analyzer.stem(word)] += n;
}

}  // namespace fss
