// Private to the query builder: passes 1 and 2 of query_builder.cc, a query's clauses
// analysed and each one's own query built, and the small query helpers both files use.
#ifndef FSS_SRC_SEARCH_QUERY_CLAUSES_H_
#define FSS_SRC_SEARCH_QUERY_CLAUSES_H_

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/synonyms.h"
#include "fss/analyzer.h"
#include "fss/status.h"
#include "search/query.h"
#include "search/query_builder.h"

namespace fss {
namespace query_builder {

// `q` weighted by `factor`.
inline Xapian::Query scaled(double factor, Xapian::Query q) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, std::move(q), factor);
}

// The OR (or_all) or AND (and_all) of `qs`: the one query when there is one, an empty
// Query when there is none.
Xapian::Query or_all(std::vector<Xapian::Query> qs);
Xapian::Query and_all(std::vector<Xapian::Query> qs);

// One clause of the query (query.h) as the passes see it.
struct Clause {
  QueryClause parsed;
  std::vector<Token> tokens;    // what the clause matches on
  std::vector<Token> stop_run;  // a free stop word: in no query, but in the run (pass 4)
  bool free_word = false;       // one plain word, no field, phrase, prefix or minus
  bool question = false;        // a free question word (is_question_word)
  Xapian::Query query;          // pass 2
  std::vector<std::string> synonym_terms;
};

// Pass 1: the clauses of `query`, each with its tokens; stop words are set aside unless
// the query has nothing else (in a phrase they stay). Errors: kInvalidArgument for invalid
// UTF-8 (Analyzer::analyze).
Status analyse(std::string_view query, const Analyzer& analyzer, std::vector<Clause>* out);

// Pass 2: sets the query of each clause of *clauses that has tokens: the clause in all its
// forms (terms.h), with its synonym groups, and adds what it matches to *highlight
// (nothing for an excluded clause). `synonyms` must outlive *highlight.
void build_clause_queries(const Analyzer& analyzer, const Synonyms& synonyms,
                          HighlightSet* highlight, std::vector<Clause>* clauses);

}  // namespace query_builder
}  // namespace fss

#endif  // FSS_SRC_SEARCH_QUERY_CLAUSES_H_
