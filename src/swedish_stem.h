// Private to the analyzer: what fss-search adds to Snowball's Swedish stemmer.
//
// Snowball's first step removes one suffix, the longest inside R1. When a noun's own
// ending is such a suffix, its base form and its inflected forms get different stems:
// "plats" -> "plat" (the s rule) but "platser", "platsen" -> "plats"; "konferens" ->
// "konfer" (-ens) but "konferensen" -> "konferens"; "kalas" -> "kal" but "kalaser" ->
// "kalas". A query for the base form missed every inflected one and the other way round
// ("insats", "gräns", "resurs", "kompetens", "konsekvens"). unify_s_stem() applies the
// first step once more, for these s endings only (-ens, -as, the s rule), after Snowball
// removed an inflection, so all forms share the base form's stem. Pure function: safe
// from any thread.
#ifndef FSS_SRC_SWEDISH_STEM_H_
#define FSS_SRC_SWEDISH_STEM_H_

#include <string>
#include <string_view>

namespace fss::analysis {

// `snowball` is Snowball Swedish's stem of the normalized word `word`. When Snowball
// removed exactly one of its first-step suffixes (-er, -en, -erna, -ar, -a, ...) and what
// is left ends, inside R1, in -ens, in -as or in a valid s-ending (b c d f g h j k l m n o
// p r t v y) plus s, returns it without that ending ("platser": "plats" -> "plat");
// otherwise `snowball` unchanged ("barnslig": Snowball removed -lig, and "barns" stays;
// "hemresa": "hemres", -es is not among these endings).
std::string unify_s_stem(std::string_view word, std::string snowball);

}  // namespace fss::analysis

#endif  // FSS_SRC_SWEDISH_STEM_H_
