// The importer on small dumps, one variant each: how a dump is cut into posts and
// cleaned, kickers, dates and regions, comment headers.
#include <gtest/gtest.h>

#include "fss/importer.h"
#include "importer_test_util.h"

namespace fss {
namespace {

using importer_test_util::import_text;
using importer_test_util::kNull;
using importer_test_util::problems_of;

// ---- variants, one small dump each ----

struct DumpCase {
  std::string name;
  std::string input;
  std::vector<std::string> titles;
  std::vector<std::string> bodies;  // whole bodies, one per post
  std::vector<std::optional<std::string>> authors, roles;
};

// SegmentsAndCleans: each dump with its posts' titles, bodies, authors and roles.
const std::string kNbsp = "\u00a0";
const DumpCase kSegmentCases[] = {
    {"CRLF, no final newline, NBSP and stray blanks",
     "Rubrik\r\n\r\n  Första" + kNbsp + "stycket   med  luft.  \r\n \r\nAndra stycket.",
     {"Rubrik"},
     {"Första stycket med luft.\n\nAndra stycket."},
     {kNull},
     {kNull}},
    {"decomposed text becomes NFC",
     "Rubrik\n\nA\u030angest och fo\u0308rsta.\n",
     {"Rubrik"},
     {"\u00c5ngest och f\u00f6rsta."},
     {kNull},
     {kNull}},
    {"name line then role line",
     "Rubrik\n\nText.\n\nPetra West Stenkvist\nOrdförande FSS region Skåne\n",
     {"Rubrik"},
     {"Text."},
     {"Petra West Stenkvist"},
     {"Ordförande FSS region Skåne"}},
    {"name and role as separate paragraphs",
     "Rubrik\n\nText.\n\nAnna Ek\n\nSocialchef i Lund\n",
     {"Rubrik"},
     {"Text."},
     {"Anna Ek"},
     {"Socialchef i Lund"}},
    {"one-line signature",
     "Rubrik\n\nText.\n\nMonica Persson, FSS ordförande\n",
     {"Rubrik"},
     {"Text."},
     {"Monica Persson"},
     {"FSS ordförande"}},
    {"bare greeting in the signature's paragraph",
     "Rubrik\n\nText.\n\nPå återhörande\nMonica Persson, ordförande FSS och socialdirektör i "
     "Karlstad\n",
     {"Rubrik"},
     {"Text."},
     {"Monica Persson"},
     {"ordförande FSS och socialdirektör i Karlstad"}},
    {"bare greeting as its own paragraph goes, a greeting sentence stays",
     "Rubrik\n\nText.\n\nAllt gott och väl mött i Jönköping!\n\nVänliga hälsningar,\n\nLars "
     "Liljedahl\nFSS ordförande\n",
     {"Rubrik"},
     {"Text.\n\nAllt gott och väl mött i Jönköping!"},
     {"Lars Liljedahl"},
     {"FSS ordförande"}},
    {"photo credit lines and captions are not text",
     "Rubrik\n\n(Foto: Frozentime)\n\nText.\n\nAnna Ek och Bo Ek, talare. (foto: Petra "
     "West)\n\nMer text om dagen som var lång och där vi pratade om mycket och länge, "
     "med många deltagare från hela regionen som alla hade synpunkter på vad som behövs framöver "
     "i kommunerna. (Foto: X)\n\nKvinna "
     "utomhus\n\nMonica Persson, FSS ordförande\n",
     {"Rubrik"},
     {"Text.\n\nMer text om dagen som var lång och där vi pratade om mycket och länge, med "
      "många deltagare från hela regionen som alla hade synpunkter på vad som behövs framöver i "
      "kommunerna."},
     {"Monica Persson"},
     {"FSS ordförande"}},
    {"section headings stay, a signature ends the post, a headline starts the next",
     "Första\n\nText ett.\n\nEn rubrik inne i texten\n\nMer text.\n\nAnna Ek, ordförande\n\n"
     "Andra\n\nText två.\n",
     {"Första", "Andra"},
     {"Text ett.\n\nEn rubrik inne i texten\n\nMer text.", "Text två."},
     {"Anna Ek", kNull},
     {"ordförande", kNull}},
    {"a headline before a kicker starts a post without a signature before it",
     "Första\n\nText ett.\n\nAndra\n\nORDFÖRANDE HAR ORDET 1 JUNI 2022: Text två.\n",
     {"Första", "Andra"},
     {"Text ett.", "Text två."},
     {kNull, kNull},
     {kNull, kNull}},
    {"a headline before regional news starts a post",
     "Första\n\nText ett.\n\n(Foto: X)\n\nAndra\n\nFSS region Stockholm bjuder in.\n",
     {"Första", "Andra"},
     {"Text ett.", "FSS region Stockholm bjuder in."},
     {kNull, kNull},
     {kNull, kNull}},
    {"a signature followed by prose is not a signature",
     "Rubrik\n\nAnna Ek, socialchef\n\nberättade om sitt arbete i många år och mer.\n",
     {"Rubrik"},
     {"Anna Ek, socialchef\n\nberättade om sitt arbete i många år och mer."},
     {kNull},
     {kNull}},
};

TEST(ImporterVariantTest, SegmentsAndCleans) {
  for (const DumpCase& c : kSegmentCases) {
    ImportReport report;
    const std::vector<Post> posts = import_text(c.input, &report);
    SCOPED_TRACE(c.name + "\ninput:\n" + c.input + "\nproblems:\n" + problems_of(report));
    EXPECT_TRUE(report.problems.empty());
    ASSERT_EQ(posts.size(), c.titles.size());
    for (size_t i = 0; i < posts.size(); ++i) {
      EXPECT_EQ(posts[i].title, c.titles[i]);
      EXPECT_EQ(posts[i].body, c.bodies[i]);
      EXPECT_EQ(posts[i].author, c.authors[i]);
      EXPECT_EQ(posts[i].author_role, c.roles[i]);
      EXPECT_EQ(posts[i].source, "dump.txt");
    }
  }
}

TEST(ImporterVariantTest, KickerDateAndRegion) {
  struct Case {
    std::string line;
    std::optional<std::string> kicker, date, region;
    std::string body;
  };
  const Case cases[] = {
      {"ORDFÖRANDE HAR ORDET 31 MAJ 2018: Sitter på planet.", "Ordförande har ordet", "2018-05-31",
       kNull, "Sitter på planet."},
      {"Ordförande har ordet 6 mars 2023: Text.", kNull, kNull, kNull,
       "Ordförande har ordet 6 mars 2023: Text."},
      {"FSS REGION SKÅNE: I samband.", "FSS region Skåne", kNull, "Skåne", "I samband."},
      {"FSS REGION GÄVLE-DALA 3 FEBRUARI 2021: Text.", "FSS region Gävle-Dala", "2021-02-03",
       "Gävle-Dala", "Text."},
      {"ORDFÖRANDE HAR ORDET 14 AUGUSTI 2023: Hej", "Ordförande har ordet", "2023-08-14", kNull,
       "Hej"},
      {"ORDFÖRANDE HAR ORDET 31 FEBRUARI 2023: Text.", "Ordförande har ordet 31 februari 2023",
       kNull, kNull, "Text."},
      {"KL 9:00 börjar vi.", kNull, kNull, kNull, "KL 9:00 börjar vi."},
      {"FSS Skåneregionen bjuder in.", kNull, kNull, "Skåne", "FSS Skåneregionen bjuder in."},
  };
  for (const Case& c : cases) {
    const std::string input = "Rubrik\n\n" + c.line + "\n\nMer.\n";
    ImportReport report;
    const std::vector<Post> posts = import_text(input, &report);
    ASSERT_EQ(posts.size(), 1u) << input;
    EXPECT_EQ(posts[0].kicker, c.kicker) << input;
    EXPECT_EQ(posts[0].date, c.date) << input;
    EXPECT_EQ(posts[0].region, c.region) << input;
    EXPECT_EQ(posts[0].body, c.body + "\n\nMer.") << input;
    EXPECT_EQ(posts[0].id, (c.date ? *c.date + "-" : std::string()) + "rubrik") << input;
  }
}

TEST(ImporterVariantTest, CommentsWithoutAddresses) {
  const std::string input =
      "Rubrik\n\nText.\n\nAnna Ek, ordförande\n\n"
      "3 Responses to “Rubrik”\n\n"
      " 1. anna.b@x.se' Anna Berg skriver:\n\n"
      "  Hej!\n\n  Skriv till mig på anna.berg@kommun.se, tack.\n\n"
      " 2. bo@y.se' Bo Lind skriver den 3 december 2019:\n\n"
      "  Bra.\n\n"
      " 3. Cecilia Ström skriver:\n\n  Håller med.\n\n"
      "Kommentera\n";
  ImportReport report;
  const std::vector<Post> posts = import_text(input, &report);
  ASSERT_EQ(posts.size(), 1u) << input << problems_of(report);
  EXPECT_TRUE(report.problems.empty()) << problems_of(report);
  EXPECT_EQ(posts[0].author, "Anna Ek");
  EXPECT_EQ(posts[0].body, "Text.");
  ASSERT_EQ(posts[0].comments.size(), 3u) << input;
  const Comment& c1 = posts[0].comments[0];
  EXPECT_EQ(c1.id, "rubrik-c1");
  EXPECT_EQ(c1.author, "Anna Berg");
  EXPECT_EQ(c1.date, std::nullopt);
  EXPECT_EQ(c1.body, "Hej!\n\nSkriv till mig på [e-postadress borttagen], tack.");
  EXPECT_EQ(posts[0].comments[1].author, "Bo Lind");
  EXPECT_EQ(posts[0].comments[1].date, "2019-12-03");
  EXPECT_EQ(posts[0].comments[1].body, "Bra.");
  EXPECT_EQ(posts[0].comments[2].author, "Cecilia Ström");
  EXPECT_EQ(posts[0].comments[2].id, "rubrik-c3");
  const std::string line = post_to_json_line(posts[0]);
  EXPECT_EQ(line.find('@'), std::string::npos) << line;
}

// Regression (found by tests/fuzz/importer_fuzz): a malformed address in a comment header
// ("x@gmail:com'") stayed in the author, which the archive reader then refused.
TEST(ImporterVariantTest, MalformedAddressInCommentHeaderIsDropped) {
  const std::string input =
      "Rubrik\n\nText.\n\nAnna Ek, ordförande\n\n"
      "One Response to “Rubrik”\n\n"
      " 1. lglg@gmail:com' Lars-Göran Jansson skriver:\n\n  Hej!\n";
  ImportReport report;
  const std::vector<Post> posts = import_text(input, &report);
  ASSERT_EQ(posts.size(), 1u) << input << problems_of(report);
  ASSERT_EQ(posts[0].comments.size(), 1u) << input;
  EXPECT_EQ(posts[0].comments[0].author, "Lars-Göran Jansson");
  EXPECT_TRUE(parse_post_line(post_to_json_line(posts[0])).is_ok()) << input;
}

TEST(ImporterVariantTest, SwedishCommentHeaderAndPostAfterComments) {
  const std::string input =
      "Första\n\nText.\n\n2 svar på ”Första”\n\n  1. a@b.se' Ann Ek skriver:\n\n    Ja.\n\n"
      "  2. c@d.se' Bo Ek skriver:\n\n    Nej.\n\nAndra\n\nText två.\n";
  ImportReport report;
  const std::vector<Post> posts = import_text(input, &report);
  ASSERT_EQ(posts.size(), 2u) << input << problems_of(report);
  EXPECT_EQ(posts[0].comments.size(), 2u);
  EXPECT_EQ(posts[1].title, "Andra");
  EXPECT_EQ(posts[1].body, "Text två.");
  EXPECT_TRUE(posts[1].comments.empty());
}

}  // namespace
}  // namespace fss
