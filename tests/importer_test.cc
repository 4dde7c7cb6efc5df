#include "fss/importer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "test_util.h"

namespace fss {
namespace {

using testing_util::read_file;
using testing_util::TempDir;
using testing_util::write_file;

std::string problems_of(const ImportReport& report) {
  std::string s;
  for (const ImportProblem& p : report.problems) s += p.to_string() + "\n";
  return s;
}

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

std::vector<Post> import_text(const std::string& text, ImportReport* report) {
  return import_dump_text(text, "dir/dump.txt", ImportOptions(), report);
}

// ---- the seed dumps, every post field by field ----

struct ExpectedPost {
  std::string source_prefix;
  std::string id;
  std::string title;
  std::optional<std::string> date, author, author_role, kicker, region;
  std::string body_start, body_end;
  int paragraphs;
  std::vector<std::string> comment_authors;
};

const std::optional<std::string> kNull;

const ExpectedPost kSeedPosts[] = {
    {"000_",
     "2018-05-31-pa-vag-hem",
     "På väg hem …",
     "2018-05-31",
     "Lars Liljedahl",
     "FSS ordförande",
     "Ordförande har ordet",
     kNull,
     "Sitter på planet på väg hem från Europeiska socialchefsnätverkets (ESN) konferens",
     "Allt gott och väl mött i Jönköping!",
     13,
     {}},
    {"001_",
     "nya-fokusomraden-for-fss",
     "Nya fokusområden för FSS",
     kNull,
     kNull,
     kNull,
     kNull,
     kNull,
     "FSS årsmöte 2023 beslutade om nya fokusområden: Nära vård,",
     "en förebyggande och lättillgänglig socialtjänst.",
     19,
     {}},
    {"001_",
     "2023-09-05-springer-inte-pa-alla-bollar",
     "Springer inte på alla bollar",
     "2023-09-05",
     "Monica Persson",
     "FSS ordförande",
     "Ordförande har ordet",
     kNull,
     "Och så kom sommaren tillbaka",
     "Jag ser fram mot höstens arbete i och för föreningen!",
     8,
     {}},
    {"001_",
     "2023-08-14-hosten-2023-nu-kor-vi",
     "Hösten 2023, nu kör vi",
     "2023-08-14",
     "Monica Persson",
     "ordförande FSS och socialdirektör i Karlstad",
     "Ordförande har ordet",
     kNull,
     "Hej och välkommen åter till jobbet!",
     "kommer med hit till mig i Karlstad i slutet av september.",
     5,
     {}},
    {"001_",
     "2023-03-06-forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna",
     "Första linjens socialtjänst har fått luft under vingarna",
     "2023-03-06",
     "Monica Persson",
     "FSS ordförande",
     "Ordförande har ordet",
     kNull,
     "FSS har i flera år arbetat med att etablera idén",
     "Vi är laddade och vi är redo!",
     8,
     {}},
    {"001_",
     "ditt-ledarskap-och-det-nya-politiska-landskapet",
     "Ditt ledarskap och det nya politiska landskapet",
     kNull,
     kNull,
     kNull,
     kNull,
     "Skåne",
     "FSS Skåneregionen bjuder in till föreläsning den 7 mars",
     "men vi kan ta emot ytterligare några fler deltagare. Välkommen!",
     4,
     {}},
    {"001_",
     "inspirera-dig-med-oss-pa-jarvsobaden-30-31-mars",
     "Inspirera dig med oss på Järvsöbaden 30-31 mars",
     kNull,
     kNull,
     kNull,
     kNull,
     kNull,
     "FSS region Gävle-Dala och region Jämtland-Västernorrland bjuder in",
     "separat kallelse kommer till dig som är föreningsmedlem.)",
     6,
     {}},
    {"002_",
     "socialtjanstlagen-tillitsdelegationen-och-framtidsspaning",
     "Socialtjänstlagen, Tillitsdelegationen och framtidsspaning",
     kNull,
     "Petra West Stenkvist",
     "Ordförande FSS region Skåne",
     "FSS region Skåne",
     "Skåne",
     "I samband med regionens årsmöte samlades fler än 70 chefer",
     "höll efter seminariet sitt årsmöte i Kommunförbundet Skånes lokaler",
     17,
     {}},
    {"003_",
     "tre-av-fyra-fokusomraden-klara",
     "Tre av fyra fokusområden klara",
     kNull,
     kNull,
     kNull,
     kNull,
     kNull,
     "Novembermörkret är över oss.",
     "Välkommen att göra din röst hörd!",
     8,
     {"Malin Lindén Ohlsson"}},
    {"004_",
     "fordjupat-samarbete-med-socialstyrelsen",
     "Fördjupat samarbete med Socialstyrelsen",
     kNull,
     kNull,
     kNull,
     kNull,
     kNull,
     "I samband med FSS-styrelsens junisammanträde",
     "Med andra ord: To be continued …",
     13,
     {"Lars-Göran Jansson"}},
};

std::vector<Post> import_seeds(ImportReport* report) {
  return import_dumps({std::string(FSS_SOURCE_DIR) + "/corpus/raw"}, ImportOptions(), report);
}

TEST(ImporterSeedTest, EveryPostFieldByField) {
  ImportReport report;
  const std::vector<Post> posts = import_seeds(&report);
  EXPECT_TRUE(report.problems.empty()) << problems_of(report);
  EXPECT_EQ(report.files_read, 5);
  ASSERT_EQ(posts.size(), std::size(kSeedPosts));
  for (size_t i = 0; i < posts.size(); ++i) {
    const Post& p = posts[i];
    const ExpectedPost& e = kSeedPosts[i];
    SCOPED_TRACE("post " + std::to_string(i) + ": " + p.title);
    EXPECT_TRUE(starts_with(p.source, e.source_prefix)) << p.source;
    EXPECT_EQ(p.id, e.id);
    EXPECT_EQ(p.title, e.title);
    EXPECT_EQ(p.date, e.date);
    EXPECT_EQ(p.author, e.author);
    EXPECT_EQ(p.author_role, e.author_role);
    EXPECT_EQ(p.kicker, e.kicker);
    EXPECT_EQ(p.region, e.region);
    EXPECT_TRUE(starts_with(p.body, e.body_start)) << p.body.substr(0, 200);
    EXPECT_TRUE(ends_with(p.body, e.body_end)) << p.body.substr(p.body.size() - 200);
    size_t paragraphs = 1;
    for (size_t pos = 0; (pos = p.body.find("\n\n", pos)) != std::string::npos; pos += 2) {
      ++paragraphs;
    }
    EXPECT_EQ(paragraphs, static_cast<size_t>(e.paragraphs));
    // Nothing of the page's furniture, signature or credits is left in the text.
    for (const char* gone : {"Foto:", "foto:", "Kommentera\n", "Kvinna utomhus", "På återhörande",
                             "ORDFÖRANDE HAR ORDET", "REGION SKÅNE:", "Response", "\u00a0", "\r"}) {
      EXPECT_EQ(p.body.find(gone), std::string::npos) << gone;
    }
    if (p.author) {
      EXPECT_EQ(p.body.find(*p.author + "\n"), std::string::npos);
    }
    ASSERT_EQ(p.comments.size(), e.comment_authors.size());
    for (size_t c = 0; c < p.comments.size(); ++c) {
      EXPECT_EQ(p.comments[c].author, e.comment_authors[c]);
      EXPECT_EQ(p.comments[c].id, p.id + "-c" + std::to_string(c + 1));
      EXPECT_EQ(p.comments[c].date, std::nullopt);
      EXPECT_EQ(p.comments[c].body.find('@'), std::string::npos) << p.comments[c].body;
      EXPECT_EQ(p.comments[c].body.find("Kommentera"), std::string::npos);
    }
  }
  // Section headings stay inside their posts.
  EXPECT_NE(posts[1].body.find("\n\nNära vård\n\n"), std::string::npos);
  EXPECT_NE(posts[1].body.find("\n\nNy socialtjänstlag\n\n"), std::string::npos);
  EXPECT_NE(posts[7].body.find("\n\nÅrsmöte\n\n"), std::string::npos);
  EXPECT_NE(posts[0].body.find("\n\nSkrivelse till regeringen\n\n"), std::string::npos);
  // The caption with its credit is gone, NBSP became a space.
  EXPECT_EQ(posts[7].body.find("Camilla Sköld, sekreterare i utredningen och"), std::string::npos);
  EXPECT_NE(posts[7].body.find("Rådet för kommunalekonomisk"), std::string::npos);
  EXPECT_TRUE(starts_with(posts[8].comments[0].body, "Hej!\n\nVilket bra arbete"));
  EXPECT_TRUE(ends_with(posts[8].comments[0].body, "Saknar er stor kram! Malin"));
  EXPECT_TRUE(starts_with(posts[9].comments[0].body, "När det gäller utvecklingsområdet"));
}

TEST(ImporterSeedTest, ReimportGivesTheCommittedArchiveByteForByte) {
  const std::string root = FSS_SOURCE_DIR;
  ImportReport report;
  std::vector<Post> posts = import_seeds(&report);
  Result<MetadataMap> metadata = read_metadata(root + "/corpus/metadata.json");
  ASSERT_TRUE(metadata.is_ok()) << metadata.status().to_string();
  ASSERT_TRUE(apply_metadata(*metadata, &posts).empty());
  TempDir dir;
  ASSERT_TRUE(write_archive((dir / "archive.jsonl"), posts).is_ok());
  EXPECT_EQ(read_file((dir / "archive.jsonl")), read_file(root + "/corpus/archive.jsonl"))
      << "corpus/archive.jsonl is stale: run fss-index import corpus/raw";
  Result<ArchiveContents> back = read_archive(root + "/corpus/archive.jsonl");
  ASSERT_TRUE(back.is_ok());
  EXPECT_TRUE(back->errors.empty());
  const std::string text = read_file(root + "/corpus/archive.jsonl");
  EXPECT_EQ(text.find("gagnef.se"), std::string::npos);
  EXPECT_EQ(text.find("gmail.com"), std::string::npos);
}

// ---- variants, one small dump each ----

struct DumpCase {
  std::string name;
  std::string input;
  std::vector<std::string> titles;
  std::vector<std::string> bodies;  // whole bodies, one per post
  std::vector<std::optional<std::string>> authors, roles;
};

TEST(ImporterVariantTest, SegmentsAndCleans) {
  const std::string nbsp = "\u00a0";
  const DumpCase cases[] = {
      {"CRLF, no final newline, NBSP and stray blanks",
       "Rubrik\r\n\r\n  Första" + nbsp + "stycket   med  luft.  \r\n \r\nAndra stycket.",
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
  for (const DumpCase& c : cases) {
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

TEST(ImporterBadInputTest, InvalidUtf8SkipsTheFileWithItsLine) {
  ImportReport report;
  const std::string input = "Rubrik\n\nText med fel: \xE5 här.\n";
  const std::vector<Post> posts = import_text(input, &report);
  EXPECT_TRUE(posts.empty());
  ASSERT_EQ(report.problems.size(), 1u) << problems_of(report);
  EXPECT_EQ(report.problems[0].line, 3);
  EXPECT_EQ(report.problems[0].to_string(),
            "dir/dump.txt:3: invalid UTF-8 at byte 14 of the line: file skipped");
  EXPECT_TRUE(report.anything_skipped());
}

TEST(ImporterBadInputTest, EmptyOrGarbageDumpIsReported) {
  const std::string cases[] = {
      "",
      "\n\n  \r\n",
      "Det här är bara en lång mening utan rubrik, den slutar med punkt och har ingen rubrik "
      "före sig alls, vilket inte är ett inlägg.\n",
      "Rubrik utan text\n",
      std::string("\x01\x02\x03", 3),
  };
  for (const std::string& input : cases) {
    ImportReport report;
    const std::vector<Post> posts = import_text(input, &report);
    EXPECT_TRUE(posts.empty()) << "input: " << input;
    EXPECT_TRUE(report.anything_skipped()) << "input: " << input;
    ASSERT_FALSE(report.problems.empty()) << "input: " << input;
    EXPECT_EQ(report.problems.back().message.substr(0, 20), "no recognisable post")
        << "input: " << input << "\n"
        << problems_of(report);
  }
}

TEST(ImporterBadInputTest, TextAfterTheEndOfAPostIsReportedAndSkipped) {
  const std::string input =
      "Rubrik\n\nText.\n\nOne Response to “Rubrik”\n\n 1. a@b.se' Ann skriver:\n\n  Ja.\n\n"
      "Lös text efter kommentarerna som inte är en rubrik.\n\nNästa\n\nText två.\n";
  ImportReport report;
  const std::vector<Post> posts = import_text(input, &report);
  ASSERT_EQ(posts.size(), 2u) << input << problems_of(report);
  ASSERT_EQ(report.problems.size(), 1u) << problems_of(report);
  EXPECT_EQ(report.problems[0].line, 11);
  EXPECT_TRUE(report.anything_skipped());
}

TEST(ImporterBadInputTest, UnreadableAndBadFilesDoNotStopTheRest) {
  TempDir dir;
  write_file((dir / "a.txt"), "Rubrik A\n\nText.\n");
  write_file((dir / "b.txt"), "Rubrik B\n\nTrasig \xFF text.\n");
  write_file((dir / "c.txt"), "");
  write_file((dir / "d.md"), "Not a dump\n\nIgnored.\n");
  ImportReport report;
  const std::vector<Post> posts =
      import_dumps({dir.path(), (dir / "missing.txt")}, ImportOptions(), &report);
  ASSERT_EQ(posts.size(), 1u) << problems_of(report);
  EXPECT_EQ(posts[0].title, "Rubrik A");
  EXPECT_EQ(report.files_read, 2);     // a and c
  EXPECT_EQ(report.files_skipped, 2);  // b (encoding) and missing
  const std::string problems = problems_of(report);
  EXPECT_NE(problems.find((dir / "b.txt") + ":3: invalid UTF-8"), std::string::npos) << problems;
  EXPECT_NE(problems.find((dir / "c.txt") + ":0: no recognisable post"), std::string::npos)
      << problems;
  EXPECT_NE(problems.find((dir / "missing.txt") + ":0: cannot read"), std::string::npos)
      << problems;
  EXPECT_TRUE(report.anything_skipped());
}

// ---- ids ----

TEST(ImporterIdTest, Slugify) {
  const std::pair<std::string, std::string> cases[] = {
      {"Första linjens socialtjänst har fått luft under vingarna",
       "forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna"},
      {"På väg hem …", "pa-vag-hem"},
      {"Hösten 2023, nu kör vi", "hosten-2023-nu-kor-vi"},
      {"Idén om CAFÉ – ÅÄÖ!", "iden-om-cafe-aao"},
      {"  --  ", "post"},
      {std::string(100, 'a'), std::string(80, 'a')},
      {"ord " + std::string(30, 'b') + " " + std::string(30, 'c') + " " + std::string(30, 'd'),
       "ord-" + std::string(30, 'b') + "-" + std::string(30, 'c')},
  };
  for (const auto& [input, slug] : cases) {
    EXPECT_EQ(slugify(input), slug) << "input: " << input;
    EXPECT_LE(slugify(input).size(), 80u) << "input: " << input;
  }
}

TEST(ImporterIdTest, CollisionsAreNumberedInOrder) {
  std::vector<Post> posts(4);
  posts[0].title = "Hej";
  posts[1].title = "Hej";
  posts[2].title = "Hej 2";
  posts[3].title = "Hej";
  posts[3].comments.resize(2);
  assign_post_ids(&posts);
  EXPECT_EQ(posts[0].id, "hej");
  EXPECT_EQ(posts[1].id, "hej-2");
  EXPECT_EQ(posts[2].id, "hej-2-2");
  EXPECT_EQ(posts[3].id, "hej-3");
  EXPECT_EQ(posts[3].comments[1].id, "hej-3-c2");
}

// ---- metadata ----

TEST(ImporterMetadataTest, RejectsBadFilesByIdAndField) {
  const std::pair<std::string, std::string> cases[] = {
      {"[]", "not a JSON object"},
      {"{", "not JSON"},
      {R"({"x": 1})", "x: not an object"},
      {R"({"x": {"datum": "2019-11-20"}})", "x.datum: unknown field"},
      {R"({"x": {"date": "20 november 2019"}})", "x.date: not a date"},
      {R"({"x": {"date": "2019-11-31"}})", "x.date: not a date"},
      {R"({"x": {"author": 3}})", "x.author: not a non-empty string or null"},
      {R"({"x": {"region": ""}})", "x.region: not a non-empty string or null"},
      {R"({"x": {"areas": "nara-vard"}})", "x.areas: not an array"},
      {R"({"x": {"areas": [1]}})", "x.areas: not an array of area ids"},
      {R"({"x": {"note": 1}})", "x.note: not a string"},
  };
  for (const auto& [input, error] : cases) {
    Result<MetadataMap> m = parse_metadata(input);
    ASSERT_FALSE(m.is_ok()) << "input: " << input;
    EXPECT_EQ(m.status().message().substr(0, error.size()), error) << "input: " << input << "\n"
                                                                   << m.status().message();
  }
}

TEST(ImporterMetadataTest, MergesWithoutChangingIds) {
  ImportReport report;
  std::vector<Post> posts = import_text(
      "Rubrik\n\nText.\n\nOne Response to “Rubrik”\n\n"
      " 1. Ann Ek skriver:\n\n  Ja.\n",
      &report);
  ASSERT_EQ(posts.size(), 1u) << problems_of(report);
  Result<MetadataMap> m = parse_metadata(
      R"({"rubrik": {"date": "2019-11-20", "author": "Anna", "areas": ["nara-vard"],
                     "region": null, "note": "why"}})");
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_TRUE(apply_metadata(*m, &posts).empty());
  EXPECT_EQ(posts[0].id, "rubrik");
  EXPECT_EQ(posts[0].comments[0].id, "rubrik-c1");
  EXPECT_EQ(posts[0].date, "2019-11-20");
  EXPECT_EQ(posts[0].author, "Anna");
  EXPECT_EQ(posts[0].region, std::nullopt);
  EXPECT_EQ(posts[0].areas, std::vector<std::string>{"nara-vard"});

  Result<MetadataMap> stale = parse_metadata(R"({"gammal-rubrik": {"date": "2019-11-20"}})");
  ASSERT_TRUE(stale.is_ok());
  // An entry for a post these dumps do not have is returned (import warns), and
  // changes nothing.
  const Post before = posts[0];
  EXPECT_EQ(apply_metadata(*stale, &posts), std::vector<std::string>{"gammal-rubrik"});
  EXPECT_EQ(post_to_json_line(posts[0]), post_to_json_line(before));
}

}  // namespace
}  // namespace fss
