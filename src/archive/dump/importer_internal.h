// Building blocks of the importer, shared by its .cc files; not a public API.
// The rules they implement are described in doc/importer.md.
#ifndef FSS_SRC_IMPORTER_INTERNAL_H_
#define FSS_SRC_IMPORTER_INTERNAL_H_

#include <map>
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
// Page furniture: navigation text below or between posts ("Kommentera", "Kommentarer
// inaktiverade.", "Läs mer", "« Äldre inlägg"). It ends the post above it.
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

class CaseLexicon;

struct Kicker {
  std::string label;  // normal case: "Ordförande har ordet", "FSS region Skåne"
  std::optional<std::string> date;
  std::optional<std::string> region;
  std::string rest;  // the text after "LABEL:"
};
// "ORDFÖRANDE HAR ORDET 31 MAJ 2018: text" -> label, date, rest. The month may be in
// either case; the rest of the label is in capitals. `lexicon`, when given, says how the
// dump writes the label's words ("FSS", "Reykjavik").
std::optional<Kicker> parse_kicker(std::string_view line, const CaseLexicon* lexicon = nullptr);
// The words of an upper-case label in normal case: first word capitalised, acronyms
// and names as `lexicon` has them, the words after "region" capitalised (the region).
Kicker normal_case_label(const std::vector<std::string>& lower_words, const CaseLexicon* lexicon);
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

// ---- a comment section (importer_comments.cc) ----
struct CommentSection {
  std::vector<Comment> comments;        // in page order, each with text
  std::vector<LineFate> fates;          // every line read; kComment ones have post -1
  std::vector<ImportProblem> problems;  // file left empty: the caller fills it in
  size_t end = 0;                       // the first block after the section
};
// Reads the section whose header ("2 svar på ”…”") is blocks[header]. E-mail addresses
// in headers and text become options.email_placeholder; comments without text are
// reported and left out.
CommentSection read_comment_section(const std::vector<Block>& blocks, size_t header,
                                    const ImportOptions& options);

// ---- what the site's theme puts around a post (importer_page.cc) ----
// The theme's meta line under a title: "apr 3, 2019 | Nyheter, Karin Lindqvist",
// "okt 21, 2019 | Internationellt", "av Per Åberg | 5 okt 2020 | Föreningen | 0
// kommentarer", or a date alone in those forms. Needs a date.
struct MetaLine {
  std::string date;  // "YYYY-MM-DD"
  std::optional<std::string> author;
  std::optional<std::string> region;    // a category naming an FSS region
  std::vector<std::string> categories;  // what is neither date nor author
};
std::optional<MetaLine> parse_meta_line(std::string_view line);
// "2020-03-16" alone on a line (a real day): the date a consultation response opens with.
std::optional<std::string> parse_iso_date_line(std::string_view line);
// A kicker on a line of its own, in capitals, the colon optional, a trailing date in
// any case: "ORDFÖRANDE HAR ORDET 29 mars 2021", "NATIONELLT SAMARBETE:".
std::optional<Kicker> parse_kicker_line(std::string_view line,
                                        const CaseLexicon* lexicon = nullptr);
// "Ordförande har ordet 14 februari 2019": a title that is a label and a date.
// `label` gets the label as written, `date` the day (empty for "mars 2019").
bool split_dated_title(std::string_view title, std::string* label, std::string* date);
// A paragraph cut off mid-sentence (a category listing's excerpt): prose of some length
// whose last line ends in a letter, digit or comma, or in "[…]".
bool is_cut_off(const Block& block);
// The text ends without sentence punctuation (a weaker hint than is_cut_off).
bool ends_without_punctuation(const Block& block);
// "Filmat: Så bygger vi …", "Remissvar: En sammanhållen …": a headline's shape.
bool has_label_prefix(std::string_view line);

// The paragraphs with a meta line or ISO date line inside a paragraph (no blank line
// around it), or a kicker line right under a paragraph's first line, made paragraphs
// of their own: a page copied without blank lines keeps its title, meta line and text
// apart.
std::vector<Block> split_opening_lines(std::vector<Block> blocks);

// How the dump writes a word elsewhere: "FSS" in capitals, "Reykjavik" capitalised,
// "samarbete" in lower case. Built from the lines that have lower-case letters (running
// text), so a kicker in capitals can be written in normal case.
class CaseLexicon {
 public:
  explicit CaseLexicon(const std::vector<Block>& blocks);
  // `lower` (a lower-cased word) as the text writes it inside sentences; "" when unknown.
  std::string form_of(const std::string& lower) const;

 private:
  std::map<std::string, std::map<std::string, int>> forms_;
};

}  // namespace fss::importer_internal

#endif  // FSS_SRC_IMPORTER_INTERNAL_H_
