#include "search/query.h"

#include <cctype>
#include <utility>

namespace fss {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Characters that end a bare word. Apostrophes, colons, hyphens and dots stay inside words
// ("FSS:s", "Gävle-Dala", "3,3"): the analyzer breaks them where Swedish does.
bool ends_word(char c) { return is_space(c) || c == '"' || c == '(' || c == ')'; }

// One pass over the query: each step reads one piece of it at i_; the clauses go to out_.
class Parser {
 public:
  explicit Parser(std::string_view q) : q_(q) {}

  std::vector<QueryClause> parse() {
    while (i_ < q_.size()) {
      if (is_space(q_[i_]) || q_[i_] == '(' || q_[i_] == ')') {
        ++i_;
        continue;
      }
      QueryClause c;
      if (!read_sign(&c)) continue;
      read_field(&c);
      if (i_ < q_.size() && q_[i_] == '"') {
        read_phrase(std::move(c));
      } else {
        read_word(std::move(c));
      }
    }
    return std::move(out_);
  }

 private:
  // A leading '-' (an exclusion) or '+'. False for a lone sign, which is dropped.
  bool read_sign(QueryClause* c) {
    if (q_[i_] != '-' && q_[i_] != '+') return true;
    c->excluded = q_[i_] == '-';
    ++i_;
    return i_ < q_.size() && !is_space(q_[i_]);
  }

  // Field prefix: title: or author: (any case) directly followed by something.
  void read_field(QueryClause* c) {
    for (const auto& [name, field] :
         {std::pair<std::string_view, QueryField>{"title:", QueryField::kTitle},
          {"author:", QueryField::kAuthor}}) {
      if (q_.size() - i_ < name.size()) continue;
      std::string lower;
      for (size_t k = 0; k < name.size(); ++k)
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(q_[i_ + k])));
      if (lower == name) {
        i_ += name.size();
        c->field = field;
        return;
      }
    }
  }

  // At the opening quote.
  void read_phrase(QueryClause c) {
    const size_t open = ++i_;
    size_t close = q_.find('"', open);
    if (close == std::string_view::npos) close = q_.size();  // unbalanced: to the end
    c.text = std::string(q_.substr(open, close - open));
    c.start = open;
    c.phrase = true;
    i_ = close < q_.size() ? close + 1 : q_.size();
    // A "phrase" of one word is a word; of none, nothing.
    emit(std::move(c));
  }

  // A bare word, or the operator OR, AND or NOT.
  void read_word(QueryClause c) {
    const size_t begin = i_;
    while (i_ < q_.size() && !ends_word(q_[i_])) ++i_;
    std::string word(q_.substr(begin, i_ - begin));
    if (c.field == QueryField::kAny && !c.excluded) {
      if (word == "OR") {
        pending_or_ = !out_.empty();
        return;
      }
      if (word == "AND") return;
      if (word == "NOT") {
        pending_not_ = true;
        return;
      }
    }
    // Trailing '*' marks a prefix; stars elsewhere are noise.
    while (!word.empty() && word.back() == '*') {
      word.pop_back();
      c.prefix = true;
    }
    c.text = std::move(word);
    c.start = begin;
    emit(std::move(c));
  }

  // Adds `c` (unless empty) with the pending NOT and its group: the last one's after OR.
  void emit(QueryClause c) {
    if (c.text.empty()) return;
    c.excluded = c.excluded || pending_not_;
    pending_not_ = false;
    if (pending_or_ && !out_.empty() && !c.excluded && !out_.back().excluded) {
      c.group = out_.back().group;
    } else {
      c.group = ++group_;
    }
    pending_or_ = false;
    out_.push_back(std::move(c));
  }

  const std::string_view q_;
  size_t i_ = 0;
  std::vector<QueryClause> out_;
  int group_ = 0;
  bool pending_or_ = false;  // an OR was read: the next clause joins the last group
  bool pending_not_ = false;
};

}  // namespace

std::vector<QueryClause> parse_query(std::string_view q) { return Parser(q).parse(); }

}  // namespace fss
