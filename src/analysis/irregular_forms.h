// Private to the analyzer: Swedish word forms whose lemma neither Snowball nor hunspell
// sv_SE gives. Snowball strips suffixes, so a form that changes inside the word gets a
// stem of its own ("böcker" / "bok", "tog" / "ta"); hunspell sv_SE joins many such forms
// (lemma stems, compound_splitter.h) but lists others as words of their own ("böcker",
// "söner", "ledamöter", "tagit") or gives a reading nobody means in prose ("tog" -> toga,
// "städer" -> städa, "vann" -> van, "fann" -> fan). This is the closed class that fills
// the gap: nouns with an umlaut or otherwise irregular plural, and the past tense and
// supine of strong and irregular verbs (with the particle verbs common in the archive's
// prose: "föreslog", "innebar", "deltog").
//
// Left out on purpose: forms that are also a common other word ("drog" drug, "låg" low,
// "bar", "band", "satt", "steg", "stod", "var"), whose readings would then meet; lemmas
// that are stop words ("man", "vara", "ha", "bli": a stop word's stem is in every
// document); comparisons whose meaning drifts ("äldre" is not "gammal", "bättre" not
// "god"). tests/analyzer_lexicon_test.cc checks that no lemma here is a stop word.
//
// Thread-safety: a read-only table, built on first use (thread-safe static).
#ifndef FSS_SRC_ANALYSIS_IRREGULAR_FORMS_H_
#define FSS_SRC_ANALYSIS_IRREGULAR_FORMS_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fss::analysis {

// The lemma of the normalized word `norm` when it is an irregular form of the table (a
// genitive -s is taken off first: "böckernas"), else nullptr. When there is one, it is the
// word's only lemma: hunspell's readings of such a form are left out.
const std::string* irregular_lemma(std::string_view norm);

// Every (form, lemma) pair of the table, for tests.
const std::vector<std::pair<std::string, std::string>>& irregular_forms();

}  // namespace fss::analysis

#endif  // FSS_SRC_ANALYSIS_IRREGULAR_FORMS_H_
