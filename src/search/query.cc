#include "search/query.h"

#include <cctype>

namespace fss {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Characters that end a bare word. Apostrophes, colons, hyphens and dots stay inside words
// ("FSS:s", "Gävle-Dala", "3,3"): the analyzer breaks them where Swedish does.
bool ends_word(char c) { return is_space(c) || c == '"' || c == '(' || c == ')'; }

}  // namespace

std::vector<QueryClause> parse_query(std::string_view q) {
  std::vector<QueryClause> out;
  int group = 0;
  bool pending_or = false;  // an OR was read: the next clause joins the last group
  bool pending_not = false;
  size_t i = 0;
  const size_t n = q.size();

  const auto emit = [&](QueryClause c) {
    if (c.text.empty()) return;
    c.excluded = c.excluded || pending_not;
    pending_not = false;
    if (pending_or && !out.empty() && !c.excluded && !out.back().excluded) {
      c.group = out.back().group;
    } else {
      c.group = ++group;
    }
    pending_or = false;
    out.push_back(std::move(c));
  };

  while (i < n) {
    if (is_space(q[i]) || q[i] == '(' || q[i] == ')') {
      ++i;
      continue;
    }
    QueryClause c;
    if (q[i] == '-' || q[i] == '+') {
      c.excluded = q[i] == '-';
      ++i;
      if (i >= n || is_space(q[i])) continue;  // a lone "-"
    }
    // Field prefix: title: or author: directly followed by something.
    for (const auto& [name, field] :
         {std::pair<std::string_view, QueryField>{"title:", QueryField::kTitle},
          {"author:", QueryField::kAuthor}}) {
      if (q.size() - i >= name.size()) {
        std::string lower;
        for (size_t k = 0; k < name.size(); ++k)
          lower += static_cast<char>(std::tolower(static_cast<unsigned char>(q[i + k])));
        if (lower == name) {
          i += name.size();
          c.field = field;
          break;
        }
      }
    }
    if (i < n && q[i] == '"') {
      const size_t open = ++i;
      size_t close = q.find('"', open);
      if (close == std::string_view::npos) close = n;  // unbalanced: to the end
      c.text = std::string(q.substr(open, close - open));
      c.start = open;
      c.phrase = true;
      i = close < n ? close + 1 : n;
      // A "phrase" of one word is a word; of none, nothing.
      emit(std::move(c));
      continue;
    }
    const size_t begin = i;
    while (i < n && !ends_word(q[i])) ++i;
    std::string word(q.substr(begin, i - begin));
    if (c.field == QueryField::kAny && !c.excluded) {
      if (word == "OR") {
        pending_or = !out.empty();
        continue;
      }
      if (word == "AND") continue;
      if (word == "NOT") {
        pending_not = true;
        continue;
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
  return out;
}

}  // namespace fss
