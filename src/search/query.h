// The query language of the search contract, read leniently: any input is a query.
//
//   plain words        each matched in all its forms (analyzer.h); all words must match
//   "a phrase"         the words in this order (inflected forms allowed)
//   -word, -"phrase"   exclude documents that have it (NOT word works too)
//   a OR b             either (binds tighter than the implicit AND)
//   pref*              words starting with pref
//   title:w author:w   the word in that field only; title:"a phrase" too
//
// Leniency: an unbalanced quote runs to the end of the input; a lone operator (OR at an
// end, "-" alone, AND, NOT at the end, "title:" with nothing after it) is dropped;
// parentheses and other punctuation separate words and are otherwise ignored; a query of
// nothing but exclusions matches nothing. Thread-safety: pure functions.
#ifndef FSS_QUERY_H_
#define FSS_QUERY_H_

#include <string>
#include <string_view>
#include <vector>

namespace fss {

enum class QueryField { kAny, kTitle, kAuthor };

struct QueryClause {
  std::string text;   // the word(s) as typed, without quotes, operators or field
  size_t start = 0;   // byte offset of `text` in the query
  bool phrase = false;
  bool prefix = false;    // ended with '*'
  bool excluded = false;  // -word / NOT word
  QueryField field = QueryField::kAny;
  // Clauses with the same group number were joined by OR; groups are ANDed.
  int group = 0;
};

std::vector<QueryClause> parse_query(std::string_view query);

}  // namespace fss

#endif  // FSS_QUERY_H_
