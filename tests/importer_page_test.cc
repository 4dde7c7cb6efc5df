// The line tests for what a theme puts around a post (src/importer_page.cc) and the
// navigation and comment lines (src/importer_classify.cc): input -> what was read.
#include <gtest/gtest.h>

#include "archive/dump/importer_internal.h"

namespace fss::importer_internal {
namespace {

const std::optional<std::string> kNone;

std::string describe(const std::optional<MetaLine>& m) {
  if (!m) return "none";
  std::string s = "date=" + m->date + " author=" + m->author.value_or("-") +
                  " region=" + m->region.value_or("-") + " categories=[";
  for (size_t i = 0; i < m->categories.size(); ++i) s += (i ? "|" : "") + m->categories[i];
  return s + "]";
}

TEST(ImporterPageTest, MetaLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"apr 3, 2019 | Nyheter, Karin Lindqvist",
       "date=2019-04-03 author=Karin Lindqvist region=- categories=[Nyheter]"},
      {"okt 21, 2019 | Internationellt",
       "date=2019-10-21 author=- region=- categories=[Internationellt]"},
      {"mar 29, 2021 | Karin Lindqvist",
       "date=2021-03-29 author=Karin Lindqvist region=- categories=[]"},
      // A name among several categories, not last.
      {"maj 2, 2018 | Krönika, Anna-Karin af Ekström, Ordförande har ordet",
       "date=2018-05-02 author=Anna-Karin af Ekström region=- "
       "categories=[Krönika|Ordförande har ordet]"},
      {"av Per Åberg | okt 5, 2020 | Föreningen | 0 kommentarer",
       "date=2020-10-05 author=Per Åberg region=- categories=[Föreningen]"},
      {"Okt. 5, 2020 | Föreningen", "date=2020-10-05 author=- region=- categories=[Föreningen]"},
      // A login is not a person, and the line is still a meta line.
      {"by admin | apr 3, 2019 | Nyheter", "date=2019-04-03 author=- region=- categories=[Nyheter]"},
      {"sep 1, 2020 | Nära Vård, Region Skåne",
       "date=2020-09-01 author=- region=Skåne categories=[Nära Vård|Region Skåne]"},
      {"jun 7, 2022 | FSS Skåneregionen",
       "date=2022-06-07 author=- region=Skåne categories=[FSS Skåneregionen]"},
      {"3 april 2019", "date=2019-04-03 author=- region=- categories=[]"},
      {"April 3, 2019", "date=2019-04-03 author=- region=- categories=[]"},
      {"2020-03-16 | Remissvar", "date=2020-03-16 author=- region=- categories=[Remissvar]"},
      // Not meta lines: no date, an impossible date, a sentence.
      {"Nyheter, Karin Lindqvist", "none"},
      {"feb 30, 2019 | Nyheter", "none"},
      {"Den 3 april 2019 samlades vi i Luleå.", "none"},
      {"apr 3, 2019 | | Nyheter", "none"},
  };
  for (const auto& [input, want] : cases) {
    EXPECT_EQ(describe(parse_meta_line(input)), want) << "input: " << input;
  }
}

TEST(ImporterPageTest, IsoDateLine) {
  EXPECT_EQ(parse_iso_date_line("2020-03-16"), "2020-03-16");
  EXPECT_EQ(parse_iso_date_line("2020-02-30"), kNone);
  EXPECT_EQ(parse_iso_date_line("2020-03-16 kl 10"), kNone);
  EXPECT_EQ(parse_iso_date_line("Dnr 2020-03"), kNone);
}

TEST(ImporterPageTest, KickerLineAndInlineKicker) {
  struct Case {
    std::string input;
    bool own_line;  // parse_kicker_line, else parse_kicker
    std::optional<std::string> label, date, region;
    std::string rest;
  };
  const Case cases[] = {
      {"ORDFÖRANDE HAR ORDET 29 mars 2021", true, "Ordförande har ordet", "2021-03-29", kNone, ""},
      {"ORDFÖRANDE HAR ORDET 29 MARS 2021:", true, "Ordförande har ordet", "2021-03-29", kNone, ""},
      {"NATIONELLT SAMARBETE:", true, "Nationellt samarbete", kNone, kNone, ""},
      {"FSS ÅRSMÖTE 2020:", true, "FSS årsmöte 2020", kNone, kNone, ""},
      {"SOCIALCHEFSDAGARNA 2019", true, "Socialchefsdagarna 2019", kNone, kNone, ""},
      {"FSS REGION VÄSTRA GÖTALAND", true, "FSS region Västra Götaland", kNone, "Västra Götaland",
       ""},
      {"Ordförande har ordet 29 mars 2021", true, kNone, kNone, kNone, ""},
      {"EU:", true, kNone, kNone, kNone, ""},
      {"ORDFÖRANDE HAR ORDET 9 oktober 2019: Efter årsmötet.", false, "Ordförande har ordet",
       "2019-10-09", kNone, "Efter årsmötet."},
      {"FSS REGION NORRBOTTEN: Ett trettiotal chefer.", false, "FSS region Norrbotten", kNone,
       "Norrbotten", "Ett trettiotal chefer."},
      {"NATIONELLT SAMARBETE: FSS styrelse träffade.", false, "Nationellt samarbete", kNone, kNone,
       "FSS styrelse träffade."},
      {"Nationellt samarbete: text.", false, kNone, kNone, kNone, ""},
      {"KL 9:00 börjar vi.", false, kNone, kNone, kNone, ""},
  };
  for (const Case& c : cases) {
    const std::optional<Kicker> k = c.own_line ? parse_kicker_line(c.input) : parse_kicker(c.input);
    ASSERT_EQ(k.has_value(), c.label.has_value()) << "input: " << c.input;
    if (!k) continue;
    EXPECT_EQ(k->label, *c.label) << "input: " << c.input;
    EXPECT_EQ(k->date, c.date) << "input: " << c.input;
    EXPECT_EQ(k->region, c.region) << "input: " << c.input;
    EXPECT_EQ(k->rest, c.rest) << "input: " << c.input;
  }
}

TEST(ImporterPageTest, KickerWordsAreWrittenAsTheDumpWritesThem) {
  // "IVO" and "Reykjavik" stand in running text; the kicker in capitals follows them.
  const std::vector<Block> blocks = {
      {{{1, 0, "Vi träffade IVO och kollegor från Reykjavik i veckan."}}},
      {{{3, 0, "NORDISKT MÖTE I REYKJAVIK MED IVO: Text."}}},
  };
  const CaseLexicon lexicon(blocks);
  const std::optional<Kicker> k = parse_kicker(blocks[1].first(), &lexicon);
  ASSERT_TRUE(k.has_value());
  EXPECT_EQ(k->label, "Nordiskt möte i Reykjavik med IVO");
}

TEST(ImporterPageTest, DatedTitle) {
  struct Case {
    std::string title;
    bool dated;
    std::string label, date;
  };
  const Case cases[] = {
      {"Ordförande har ordet 14 februari 2019", true, "Ordförande har ordet", "2019-02-14"},
      {"Ordförande har ordet – 3 juni 2020", true, "Ordförande har ordet", "2020-06-03"},
      {"Ordförande har ordet, 3 JUNI 2020", true, "Ordförande har ordet", "2020-06-03"},
      {"Ordförande har ordet mars 2019", true, "Ordförande har ordet", ""},
      {"Socialchefsdagarna 2019", false, "", ""},
      {"Vi ses den 14 februari", false, "", ""},
      {"14 februari 2019", false, "", ""},
  };
  for (const Case& c : cases) {
    std::string label, date;
    ASSERT_EQ(split_dated_title(c.title, &label, &date), c.dated) << "input: " << c.title;
    if (!c.dated) continue;
    EXPECT_EQ(label, c.label) << "input: " << c.title;
    EXPECT_EQ(date, c.date) << "input: " << c.title;
  }
}

Block block_of(std::initializer_list<std::string> lines) {
  Block b;
  int n = 1;
  for (const std::string& l : lines) b.lines.push_back({n++, 0, l});
  return b;
}

TEST(ImporterPageTest, CutOffParagraph) {
  const std::pair<Block, bool> cases[] = {
      {block_of({"Deltagarna lyfte särskilt behovet av gemensamma jourlösningar för"}), true},
      {block_of({"Vi ser positivt på en tydligare ledning av äldreomsorgen och på"}), true},
      {block_of({"Första meningen är hel.", "Andra raden slutar mitt i en mening med ett ord"}),
       true},
      {block_of({"Samtalet var öppet och vi har lovats att få återkomma under [...]"}), true},
      {block_of({"Det här är en hel mening som slutar med punkt."}), false},
      {block_of({"Är det här en fråga som slutar som en fråga?"}), false},
      {block_of({"Nära vård"}), false},          // a heading
      {block_of({"Vi ses i Karlstad"}), false},  // too short to tell
      {block_of({"• Återkoppling som går att använda i verksamheten"}), false},  // a list item
      {block_of({"Läs hela remissvaret och alla bilagor på https://fss.se/remiss"}), false},
      {block_of({"Frågor om anmälan och program skickas till info@fss.se"}), false},
  };
  for (const auto& [block, want] : cases) {
    EXPECT_EQ(is_cut_off(block), want) << "input: " << block.text();
  }
}

TEST(ImporterPageTest, NavigationText) {
  const std::pair<std::string, bool> cases[] = {
      {"Kommentera", true},
      {"Kommentarer inaktiverade.", true},
      {"Läs mer »", true},
      {"« Äldre inlägg", true},
      {"Nyare inlägg →", true},
      {"Leave a Reply", true},
      {"Comments are closed.", true},
      {"Kommentera gärna nedan.", false},
      {"Läs mer om förslaget", false},
      {"Nästa steg", false},
  };
  for (const auto& [line, want] : cases) EXPECT_EQ(is_chrome(line), want) << "input: " << line;
}

TEST(ImporterPageTest, CommentSectionHeaders) {
  const std::pair<std::string, bool> cases[] = {
      {"2 svar på ”Barnen först, också i budgeten”", true},
      {"En kommentar till ”Ny vår”", true},
      {"Ett svar på ”Ny vår”", true},
      {"3 thoughts on “Ny vår”", true},
      {"One Response to “Ny vår”", true},
      {"4 reaktioner på ”Ny vår”", true},
      {"Två tankar om ”Ny vår”", true},
      {"En kommentar om vad vi gör nu", false},
      {"2 svar", false},
  };
  for (const auto& [line, want] : cases) {
    EXPECT_EQ(is_comment_section_header(line), want) << "input: " << line;
  }
}

}  // namespace
}  // namespace fss::importer_internal
