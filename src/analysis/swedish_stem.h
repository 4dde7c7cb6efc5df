// Private to the analyzer: what fss-search adds to Snowball's Swedish stemmer.
//
// Snowball's first step removes one suffix, the longest inside R1. When a noun's own
// ending is such a suffix, its base form and its inflected forms get different stems:
// "plats" -> "plat" (the s rule) but "platser", "platsen" -> "plats"; "konferens" ->
// "konfer" (-ens) but "konferensen" -> "konferens"; "resultat" -> "result" but
// "resultaten" -> "resultat"; and it has no rule for the definite singular -et and -n
// ("beslutet", "frågan" are their own stems) or for an e dropped in inflection ("regel",
// "regler"). A query for the base form missed every
// inflected one and the other way round. swedish_stem() gives the inflected forms the
// stem Snowball gives the base form. Pure given a pure `snowball`: safe from any thread.
#ifndef FSS_SRC_SWEDISH_STEM_H_
#define FSS_SRC_SWEDISH_STEM_H_

#include <functional>
#include <string>
#include <string_view>

namespace fss::analysis {

using SnowballFn = std::function<std::string(std::string_view)>;

// The stem of the normalized word `word`: `snowball` (Snowball Swedish) of it, then
// - a word Snowball leaves whole that ends, inside R1, in -et, in -an after a consonant
//   (not -man: "tjänsteman") or in -eln is stemmed as its base form ("beslutet" as
//   "beslut", "området" as "område", "frågan" as "fråga", "regeln" as "regel");
// - after the genitive s, a remaining -et, -an or -eln likewise ("beslutets", "frågans")
//   and -ad goes ("månads");
// - after one of Snowball's first-step suffixes (-er, -en, -erna, -ar, -a, ...), the one
//   ending Snowball takes off the base form goes too, inside R1: -ens, -as, -at, -ad, -or,
//   -et (recursively; not after -ens, which may be the word's own: "kompetens") or a
//   valid s-ending's s ("platser": "plats" -> "plat"; "kostnader": "kostnad" -> "kostn";
//   "faktorer": "faktor" -> "fakt");
// - last, a stem in -el after a consonant (not -ell) inside R1 loses the e that such
//   words drop when inflected ("regel", "regeln", "regler" -> "regl");
// otherwise the Snowball stem unchanged ("barnslig": Snowball removed -lig, and the linking
// s of "barns" stays; "insats" -> "insat": after the s rule only -ad and -et go).
std::string swedish_stem(std::string_view word, const SnowballFn& snowball);

}  // namespace fss::analysis

#endif  // FSS_SRC_SWEDISH_STEM_H_
