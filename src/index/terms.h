// The term schema: which terms a token gets in the index, which of them carry positions,
// the length limit, and the forms a query word is looked up under. Each index rule and
// its query-side twin stand side by side here, so the indexer (document_builder.cc) and
// the query builder (src/search/query_builder.cc, query_clauses.cc) cannot drift apart.
// Prefixes and value slots are in include/fss/schema.h; doc/design.md ("Index schema",
// "Ranking") says why.
//
// Thread-safety: free functions over values; documents and queries are the caller's.
#ifndef FSS_SRC_INDEX_TERMS_H_
#define FSS_SRC_INDEX_TERMS_H_

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/schema.h"

namespace fss::terms {

// Xapian refuses terms over 245 bytes; a prefixed term longer than this is not indexed
// (such "words" are noise: a URL without spaces, a line of dashes). The same limit makes
// a query word of that length match nothing rather than throw.
inline constexpr size_t kMaxTermBytes = 240;

// Relative weights of a word's forms at query time (doc/design.md, "Ranking").
inline constexpr double kWeightCompound = 0.5;        // a compound that contains the word
inline constexpr double kWeightParts = 0.2;           // the word's own parts, all of them
inline constexpr double kWeightFolded = 0.3;          // å/ä/ö-insensitive forms
inline constexpr double kWeightFoldedCompound = 0.2;  // a compound with the word, folded

// field prefix + text.
std::string term(const schema::Field& field, TermKind kind, const std::string& text);

// ---- index side ----

// The one way a term enters a document: `text` under `field`'s prefix for `kind`, with a
// position (0-based, stored 1-based as Xapian wants) when the kind carries positions
// (stems: phrases and proximity match on stems, inflections allowed; positions of the
// other kinds would double the positional data for nothing). Returns false, adding
// nothing, when the term is longer than kMaxTermBytes.
bool add_term(Xapian::Document* doc, const schema::Field& field, TermKind kind,
              const std::string& text, uint32_t position, unsigned wdf);

// Every term of `token` under `field`: exact, stems (positional: the word's own and its
// lemmas'), compound parts, folded compound parts (`field.folded_compound`, when folding
// changes the part), folded. A stop word keeps only exact and stem (phrases need them).
// A folded form equal to the stem is left out: it is in the index as the stem, and the
// query looks folded forms up in both spaces (word_query), so the copy would only cost
// postings; likewise a folded part equal to the part.
void index_token(const Token& token, const schema::Field& field, unsigned wdf,
                 Xapian::Document* doc);

// A comment carries its post's title words under the title field (title:… finds the
// comments of a post), exact and positional stem, but nothing in free text.
void index_title_for_comment(const Token& token, Xapian::Document* doc);

// ---- query side: the twins ----

// The term a token is matched on in phrases and proximity: its positional stem.
std::string positional_term(const Token& token, const schema::Field& field);

// One word in all its forms, the twin of index_token: exact and stems at full weight; a
// compound containing it (kWeightCompound); its own parts all present, weighed as one
// term (kWeightParts); its folded forms (kWeightFolded) in the folded space and, as the
// index leaves out a folded form equal to a document word's stem, in the stem space; and
// among folded compound parts (kWeightFoldedCompound).
Xapian::Query word_query(const Token& token, const schema::Field& field);

// "word*": the exact forms that start with the prefix (at most `max_expansion` of them,
// the most frequent) and the folded forms, in the folded and the stem space.
Xapian::Query prefix_query(const Analyzer& analyzer, const Token& token, const schema::Field& field,
                           Xapian::termcount max_expansion);

// The free-text terms a word would match in any form: for telling whether a word occurs
// in the archive at all (did-you-mean).
std::vector<std::string> lookup_terms(const Token& token);

}  // namespace fss::terms

#endif  // FSS_SRC_INDEX_TERMS_H_
