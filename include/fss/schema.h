// The index schema: every term prefix, value slot and stored field in one place.
// doc/design.md ("Index schema") explains each; the indexer writes it and the searcher
// reads it, so both include this header and nothing else defines a prefix.
#ifndef FSS_SCHEMA_H_
#define FSS_SCHEMA_H_

#include <string>
#include <string_view>

#include "fss/analyzer.h"

namespace fss::schema {

// Free-text term spaces of one field: one prefix per TermKind (see analyzer.h).
// Stem terms carry positions (phrases and proximity match on stems, so inflections are
// allowed); exact, compound and folded terms are counted only (wdf).
struct Field {
  const char* exact;
  const char* stem;
  const char* compound;
  const char* folded;
  // The folded forms of compound parts (no TermKind of their own: terms.h derives them
  // from the compound terms), so "overskuldsattning" finds "överskuldsättningsfrågan".
  const char* folded_compound;
  const char* prefix(TermKind kind) const;
};

// Everything searchable without a field: title, body, author name (and comment text).
inline constexpr Field kText{"", "Z", "XC", "XF", "XCF"};
// title:word
inline constexpr Field kTitle{"S", "ZS", "XCS", "XFS", "XCFS"};
// author:word
inline constexpr Field kAuthor{"A", "ZA", "XCA", "XFA", "XCFA"};

// Title words count this many times over body words in the free-text field, so BM25
// ranks a title match above a body match.
inline constexpr unsigned kTitleWdf = 3;

// Boolean terms (no positions, no weight). Values are lower-case or digits, so the
// upper-case prefixes never run into the term.
inline constexpr const char* kId = "Q";             // Q<id>: unique per document
inline constexpr const char* kType = "XTYPE";       // XTYPEpost, XTYPEcomment
inline constexpr const char* kAuthorKey = "XAUTH";  // XAUTH<author_key(name)>
inline constexpr const char* kArea = "XAREA";       // XAREA<area id>
inline constexpr const char* kYear = "XYEAR";       // XYEAR2023
inline constexpr const char* kMonth = "XMONTH";     // XMONTH202303
inline constexpr const char* kRegion = "XREGION";   // XREGION<author_key(region)>
inline constexpr const char* kParent = "XPARENT";   // on a comment: XPARENT<post id>
inline constexpr const char* kSynonym = "XSYN";     // XSYN<group>: see synonyms.h

// Value slots.
inline constexpr unsigned kSlotDate = 0;    // "YYYYMMDD", empty when undated (range filters, sort)
inline constexpr unsigned kSlotType = 1;    // "post" / "comment"
inline constexpr unsigned kSlotAuthor = 2;  // display name, as written (author facet)
inline constexpr unsigned kSlotAreas = 3;   // area ids joined by '\n' (area facet)
inline constexpr unsigned kSlotTitle = 4;   // posts only: the title (completions)
inline constexpr unsigned kSlotId = 5;      // the document's id

// Document data: a JSON object holding what a hit shows ("id", "type", "title", "date",
// "author", "author_role", "kicker", "region", "areas", "post": {"id","title"} on
// comments, "comments": [ids] on posts) and "text", the body that snippets are cut from.

// Database metadata: the synonyms and focus-areas files the index was built with, so the
// searcher applies exactly what the indexer applied.
inline constexpr const char* kMetaSynonyms = "fss:synonyms";
inline constexpr const char* kMetaFocusAreas = "fss:focus-areas";
// The archive's vocabulary the generation's compounds were split with (corpus_lexicon.h:
// serialize()), so the searcher splits query words with the same second lexicon.
inline constexpr const char* kMetaLexicon = "fss:lexicon";
// A sharded generation (index_builder.h): on the home, the shard count ("3"); on each
// shard, the generation it belongs to ("gen-000007") and which shard it is ("0/3"), so a
// searcher joining shard servers can check it never mixes generations.
inline constexpr const char* kMetaShards = "fss:shards";
inline constexpr const char* kMetaGeneration = "fss:generation";
inline constexpr const char* kMetaShard = "fss:shard";

inline constexpr const char* kTypePost = "post";
inline constexpr const char* kTypeComment = "comment";

// Xapian refuses terms over 245 bytes; boolean values are cut (on a UTF-8 boundary) and
// suffixed with a hash when longer than this, so long names still filter exactly.
inline constexpr size_t kMaxBooleanValue = 200;

// The key an author or region filter matches on: case folded, accents folded, runs of
// whitespace as one space, trimmed ("  Malin  LINDÉN Ohlsson" -> "malin linden ohlsson").
std::string author_key(const Analyzer& analyzer, std::string_view name);

// prefix + value, with the value shortened as kMaxBooleanValue says.
std::string boolean_term(const char* prefix, std::string_view value);

// What kSlotDate holds for the date "YYYY-MM-DD": "YYYYMMDD". `date` must have that form
// (is_valid_date in archive.h).
std::string date_key(std::string_view date);

}  // namespace fss::schema

#endif  // FSS_SCHEMA_H_
