// Building blocks of the importer, shared by its .cc files; not a public API.
// The rules they implement are described in doc/importer.md.
#ifndef FSS_SRC_IMPORTER_INTERNAL_H_
#define FSS_SRC_IMPORTER_INTERNAL_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fss/importer.h"

namespace fss::importer_internal {

// One non-empty line of a dump, cleaned by normalize_line.
struct Line {
  int number = 0;  // 1-based line number in the dump
  int indent = 0;  // leading blanks before cleaning
  std::string text;
};

// A paragraph of the dump: consecutive non-empty lines.
struct Block {
  std::vector<Line> lines;
  int first_line() const { return lines.front().number; }
  bool single() const { return lines.size() == 1; }
  const std::string& first() const { return lines.front().text; }
  // The lines joined with '\n'.
  std::string text() const;
};

// ---- text (importer_text.cc) ----
// NFC, every kind of space (NBSP, tab, ...) as one plain space, runs collapsed, trimmed.
// `indent` gets the number of leading blank characters. `raw` must be valid UTF-8.
std::string normalize_line(std::string_view raw, int* indent);
// The dump's paragraphs. `text` must be valid UTF-8; CRLF and a missing final newline
// are fine.
std::vector<Block> split_blocks(std::string_view text);
size_t char_count(std::string_view s);
std::string to_lower(std::string_view s);    // Swedish rules
std::string capitalize(std::string_view s);  // first letter upper, rest as is
// Month number for a Swedish month name in any case ("maj", "AUGUSTI"), 0 otherwise.
int swedish_month(std::string_view word);
// The first "D månad YYYY" in `text` as "YYYY-MM-DD" (a real day), if any.
std::optional<std::string> find_swedish_date(std::string_view text);

// ---- what a line or paragraph is (importer_classify.cc) ----
// Short single line that does not end like a sentence (. : ; ,): a post's headline or
// a section heading inside a post, depending on what surrounds it.
bool is_headline_candidate(const Block& block, const ImportOptions& options);
// Page furniture below a post ("Kommentera", "Lämna en kommentar").
bool is_chrome(std::string_view line);
// "(Foto: Frozentime)", "Foto: X", "(bild: X)": the whole line is a credit.
bool is_photo_credit(std::string_view line);
// Removes a credit that ends the text ("... Tillitsdelegationen. (foto: X)").
bool strip_trailing_credit(std::string* text);
// "På återhörande", "Allt gott!", "Vänliga hälsningar,": a closing greeting alone.
bool is_bare_greeting(std::string_view line);
// "Petra West Stenkvist", "Lars-Göran Jansson": 2 to 5 capitalised words.
bool is_person_name(std::string_view line);
// "FSS ordförande", "Ordförande FSS region Skåne": short, names a function.
bool is_role(std::string_view line);
// A short line of at most 5 words with no punctuation: an image caption when it
// stands at the end of a post ("Kvinna utomhus").
bool is_caption_like(std::string_view line);

struct Kicker {
  std::string label;  // normal case: "Ordförande har ordet", "FSS region Skåne"
  std::optional<std::string> date;
  std::optional<std::string> region;
  std::string rest;  // the text after "LABEL:"
};
// "ORDFÖRANDE HAR ORDET 31 MAJ 2018: text" -> label, date, rest.
std::optional<Kicker> parse_kicker(std::string_view line);
// "FSS region Gävle-Dala bjuder in", "FSS Skåneregionen bjuder in": a regional news
// opening. `region` gets the region when exactly one is named.
bool is_regional_opener(std::string_view line, std::optional<std::string>* region);

// "One Response to “Title”", "3 Responses to …", "2 svar på ”…”".
bool is_comment_section_header(std::string_view line);
struct CommentHeader {
  std::string author;  // empty when the header shows none
  std::optional<std::string> date;
};
// " 1. a@b.se' Malin Lindén Ohlsson skriver:" -> author; the address is not kept.
std::optional<CommentHeader> parse_comment_header(std::string_view line);

}  // namespace fss::importer_internal

#endif  // FSS_SRC_IMPORTER_INTERNAL_H_
