// The importer on the shapes real pages of the site take (../shared/testdata/site-dumps):
// the gold segmentation field by field, each signal that starts a post, comments, and the
// command's --explain and metadata. Conservation over every dump and generated variants:
// importer_site_conservation_test.cc.
//
// Regression: on 65 real posts in seven dumps the importer wrote 31 posts and said "0
// problems": 36 posts silently merged into their neighbours (blog pages without
// signatures, category listings cut mid-sentence, theme meta lines, kickers on a line of
// their own).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

#include "fss/archive.h"
#include "fss/importer.h"
#include "importer_site_util.h"
#include "importer_test_util.h"
#include "searchd_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

using importer_test_util::conservation_errors;
using importer_test_util::import_text;
using importer_test_util::Imported;
using importer_test_util::kSiteDumps;
using importer_test_util::problems_of;
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::write_file;

// ---- the gold segmentation ----

TEST(ImporterSiteTest, GoldFieldByField) {
  const nlohmann::json gold = nlohmann::json::parse(read_file(kSiteDumps + "/gold.json"));
  ImportReport report;
  const std::vector<Post> posts = import_dumps({kSiteDumps}, ImportOptions(), &report);
  EXPECT_FALSE(report.anything_skipped()) << problems_of(report);
  const auto& want = gold.at("posts");
  ASSERT_EQ(posts.size(), want.size()) << problems_of(report);
  const auto opt = [](const nlohmann::json& g, const char* key) -> std::optional<std::string> {
    if (!g.contains(key) || g.at(key).is_null()) return std::nullopt;
    return g.at(key).get<std::string>();
  };
  for (size_t i = 0; i < posts.size(); ++i) {
    const auto& g = want[i];
    const Post& p = posts[i];
    SCOPED_TRACE("gold post " + std::to_string(i) + ": " + g.dump());
    EXPECT_EQ(p.source, g.at("file").get<std::string>());
    EXPECT_EQ(p.title, g.at("title").get<std::string>());
    EXPECT_EQ(p.date, opt(g, "date"));
    EXPECT_EQ(p.author, opt(g, "author"));
    EXPECT_EQ(p.kicker, opt(g, "kicker"));
    EXPECT_EQ(p.region, opt(g, "region"));
    EXPECT_EQ(p.body.rfind(g.at("body_start").get<std::string>(), 0), 0u) << p.body;
    EXPECT_EQ(p.comments.size(), g.at("comments").get<size_t>());
  }
}

// ---- shapes, one small dump each ----

struct ShapeCase {
  std::string name;
  std::string input;
  std::vector<std::string> titles;
  int warnings;
};

TEST(ImporterSiteTest, BoundariesFromEachSignal) {
  const std::string prose = "Det här är en vanlig mening som slutar som den ska.";
  const ShapeCase cases[] = {
      {"heading after a whole sentence stays in the post",
       "Första\n\n" + prose + "\n\nEn rubrik\n\n" + prose + "\n",
       {"Första"},
       0},
      {"a title after a cut-off excerpt starts a post",
       "Första\n\nDet här är en text som klipptes av mitt i en mening för\n\nAndra\n\n" + prose +
           "\n",
       {"Första", "Andra"},
       0},
      {"a long title confirmed by a meta line",
       "Första\n\n" + prose + "\n\n" + std::string(120, 'x') +
           " slut.\n\napr 3, 2019 | Nyheter\n\n" + prose + "\n",
       {"Första", std::string(120, 'x') + " slut."},
       0},
      {"a title followed by an ISO date line",
       "Första\n\n" + prose + "\n\nRemissvar: Ny lag\n\n2020-03-16\n\n" + prose + "\n",
       {"Första", "Remissvar: Ny lag"},
       0},
      {"a title followed by a kicker line of its own",
       "Första\n\n" + prose + "\n\nNy vår\n\nORDFÖRANDE HAR ORDET 29 mars 2021\n\n" + prose + "\n",
       {"Första", "Ny vår"},
       0},
      {"a dated column title",
       "Första\n\n" + prose + "\n\nOrdförande har ordet 14 februari 2019\n\n" + prose + "\n",
       {"Första", "Ordförande har ordet 14 februari 2019"},
       0},
      {"a quoted headline",
       "Första\n\n" + prose + "\n\nKommentera\n\n”Vi måste våga prioritera”\n\n" + prose + "\n",
       {"Första", "”Vi måste våga prioritera”"},
       0},
      {"the comment form is navigation text",
       "Första\n\n" + prose +
           "\n\nLämna ett svar\n\nDin e-postadress kommer inte "
           "publiceras. Obligatoriska fält är märkta *\n\nKommentar *\n\nNamn *\n\nE-post *\n\n"
           "Webbplats\n\nPublicera kommentar\n\nAndra\n\n" +
           prose + "\n",
       {"Första", "Andra"},
       0},
      {"navigation text ends a post: Läs mer",
       "Första\n\n" + prose + "\n\nLäs mer »\n\nAndra\n\n" + prose + "\n",
       {"Första", "Andra"},
       0},
      {"a 'Label: text' heading after a whole sentence is a heading",
       "Första\n\n" + prose + "\n\nFilmat: Så gör vi\n\n" + prose + "\n",
       {"Första"},
       0},
      {"unsure: a heading after a paragraph that ends without punctuation is warned about",
       "Första\n\n" + prose + "\nOch en rad utan punkt\n\nEn rubrik\n\n" + prose + "\n",
       {"Första"},
       1},
      {"unsure: two weak signals start a post, with a warning",
       "Första\n\n" + prose + "\nOch en rad utan punkt\n\nFilmat: Så gör vi\n\n" + prose + "\n",
       {"Första", "Filmat: Så gör vi"},
       1},
  };
  for (const ShapeCase& c : cases) {
    const Imported got = import_text(c.input, "dump.txt");
    SCOPED_TRACE(c.name + "\ninput:\n" + c.input + "\nproblems:\n" + problems_of(got.report));
    std::vector<std::string> titles;
    for (const Post& p : got.posts) titles.push_back(p.title);
    EXPECT_EQ(titles, c.titles);
    EXPECT_EQ(got.report.warnings(), c.warnings);
    EXPECT_FALSE(got.report.anything_skipped());
    EXPECT_EQ(conservation_errors(c.input, got.posts, got.report.traces[0]), "");
  }
}

TEST(ImporterSiteTest, ColumnKickerFromTheTitle) {
  struct Case {
    std::string title;
    std::optional<std::string> kicker, date;
  };
  const Case cases[] = {
      {"Ordförande har ordet 14 februari 2019", "Ordförande har ordet", "2019-02-14"},
      {"ORDFÖRANDE HAR ORDET 14 februari 2019", "Ordförande har ordet", "2019-02-14"},
      {"Ordförande har ordet: Ny vår", "Ordförande har ordet", std::nullopt},
      {"Ordförande har ordet", "Ordförande har ordet", std::nullopt},
      {"Ordförande har ordet juni 2019", "Ordförande har ordet", std::nullopt},
      // A label this dump uses as a kicker elsewhere is a column too.
      {"Veckans röst 3 maj 2020", "Veckans röst", "2020-05-03"},
      {"Möte med ministern 3 maj 2020", std::nullopt, "2020-05-03"},
      {"Filmat: Så bygger vi", std::nullopt, std::nullopt},
  };
  for (const Case& c : cases) {
    const std::string input =
        "Annat\n\nVECKANS RÖST: Text.\n\nKommentera\n\n" + c.title + "\n\nTexten i inlägget.\n";
    const Imported got = import_text(input, "dump.txt");
    ASSERT_EQ(got.posts.size(), 2u) << input << problems_of(got.report);
    EXPECT_EQ(got.posts[1].title, c.title) << input;
    EXPECT_EQ(got.posts[1].kicker, c.kicker) << input;
    EXPECT_EQ(got.posts[1].date, c.date) << input;
  }
}

// A page copied without blank lines between title, meta line and text.
TEST(ImporterSiteTest, MetaAndKickerLinesGluedToTheTitle) {
  const std::string input =
      "Socialchefer möter ministern\napr 3, 2019 | Nyheter, Karin Lindqvist\n"
      "FSS styrelse träffade i veckan socialministern.\n\n"
      "Ny vår, nya tag\nORDFÖRANDE HAR ORDET 29 mars 2021\nVåren har kommit tidigt i år.\n\n"
      "Remissvar: Ny lag\n2020-03-16\ns.remissvar@regeringskansliet.se\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 3u) << problems_of(got.report);
  EXPECT_EQ(got.posts[0].title, "Socialchefer möter ministern");
  EXPECT_EQ(got.posts[0].date, "2019-04-03");
  EXPECT_EQ(got.posts[0].author, "Karin Lindqvist");
  EXPECT_EQ(got.posts[0].body, "FSS styrelse träffade i veckan socialministern.");
  EXPECT_EQ(got.posts[1].kicker, "Ordförande har ordet");
  EXPECT_EQ(got.posts[1].date, "2021-03-29");
  EXPECT_EQ(got.posts[1].body, "Våren har kommit tidigt i år.");
  EXPECT_EQ(got.posts[2].date, "2020-03-16");
  EXPECT_EQ(got.posts[2].body, "s.remissvar@regeringskansliet.se");
  EXPECT_EQ(conservation_errors(input, got.posts, got.report.traces[0]), "");
}

TEST(ImporterSiteTest, DatesThatDisagreeAreWarnedAbout) {
  const std::string input =
      "Ny vår\n\nmar 29, 2021 | Karin Lindqvist\n\nORDFÖRANDE HAR ORDET 28 mars 2021\n\n"
      "Texten.\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 1u);
  EXPECT_EQ(got.posts[0].date, "2021-03-29");
  EXPECT_EQ(got.posts[0].author, "Karin Lindqvist");
  EXPECT_EQ(got.posts[0].kicker, "Ordförande har ordet");
  EXPECT_EQ(got.report.warnings(), 1) << problems_of(got.report);
}

TEST(ImporterSiteTest, CommentsWithWordPressDefaultsAndReplyLinks) {
  const std::string input =
      "Rubrik\n\nText.\n\nKommentera\n\n"
      "Andra\n\nText två.\n\n"
      "2 thoughts on “Andra”\n\n"
      " Anna Berg says:\n\n  3 december 2019 kl. 14:05\n\n  Håller med.\n\n  Svara\n\n"
      " Bo Lind säger:\n\n  Bra skrivet.\n\n  Svara\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 2u) << problems_of(got.report);
  ASSERT_EQ(got.posts[1].comments.size(), 2u) << problems_of(got.report);
  EXPECT_EQ(got.posts[1].comments[0].author, "Anna Berg");
  EXPECT_EQ(got.posts[1].comments[0].date, "2019-12-03");
  EXPECT_EQ(got.posts[1].comments[0].body, "Håller med.");
  EXPECT_EQ(got.posts[1].comments[1].author, "Bo Lind");
  EXPECT_EQ(got.posts[1].comments[1].body, "Bra skrivet.");
  EXPECT_EQ(conservation_errors(input, got.posts, got.report.traces[0]), "");
}

TEST(ImporterSiteTest, CommentDateUnderTheHeaderInTheSameParagraph) {
  const std::string input =
      "Rubrik\n\nText.\n\nEn kommentar till ”Rubrik”\n\n"
      " 1. lisa@x.se' Lisa Holm skriver:\n  30 november 2020 kl. 15:12\n\n  Bra synpunkter!\n\n"
      "  Svara\n";
  const Imported got = import_text(input, "dump.txt");
  ASSERT_EQ(got.posts.size(), 1u) << problems_of(got.report);
  ASSERT_EQ(got.posts[0].comments.size(), 1u) << problems_of(got.report);
  EXPECT_EQ(got.posts[0].comments[0].author, "Lisa Holm");
  EXPECT_EQ(got.posts[0].comments[0].date, "2020-11-30");
  EXPECT_EQ(got.posts[0].comments[0].body, "Bra synpunkter!");
  EXPECT_TRUE(got.report.problems.empty()) << problems_of(got.report);
  EXPECT_EQ(conservation_errors(input, got.posts, got.report.traces[0]), "");
}

// ---- the command ----

TEST(ImporterSiteTest, ExplainPrintsStartsSignalsAndDroppedLines) {
  TempDir dir;
  const fss::testing::RunResult r = fss::testing::run(
      {FSS_INDEX_BIN, "import", "--no-metadata", "--explain", "-o", dir / "a.jsonl",
       kSiteDumps + "/kategori-nyheter.txt", kSiteDumps + "/bloggen.txt"});
  EXPECT_EQ(r.exit, 0) << r.output;
  for (const std::string& want :
       {std::string("kategori-nyheter.txt:13: post 3 'Socialchefer möter ministern'"),
        std::string("    meta line follows (line 15)"),
        std::string("    the paragraph before it is cut off mid-sentence (line 11)"),
        std::string("bloggen.txt:11: dropped (navigation text): Kommentera"),
        std::string("bloggen.txt:31: dropped (comment header): 2 svar på"),
        std::string("imported 12 posts, 2 comments from 2 files (0 skipped), 0 problems (0 "
                    "warnings)")}) {
    EXPECT_NE(r.output.find(want), std::string::npos) << want << "\n" << r.output;
  }
}

TEST(ImporterSiteTest, MetadataForOtherDumpsWarnsAndGoesOn) {
  TempDir dir;
  write_file(dir / "metadata.json",
             R"({"nya-fokusomraden-for-fss": {"date": null, "note": "seed post"},
                 "2021-03-29-ny-var-nya-tag": {"areas": ["nara-vard"]}})");
  const fss::testing::RunResult r =
      fss::testing::run({FSS_INDEX_BIN, "import", "--metadata", dir / "metadata.json", "-o",
                         dir / "a.jsonl", kSiteDumps});
  EXPECT_EQ(r.exit, 0) << r.output;
  EXPECT_NE(r.output.find("warning: " + (dir / "metadata.json") +
                          ": no imported post has the id 'nya-fokusomraden-for-fss'"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("(1 warnings)"), std::string::npos) << r.output;
  Result<ArchiveContents> archive = read_archive(dir / "a.jsonl");
  ASSERT_TRUE(archive.is_ok());
  ASSERT_EQ(archive->posts.size(), 12u);
  const auto it = std::find_if(archive->posts.begin(), archive->posts.end(),
                               [](const Post& p) { return p.title == "Ny vår, nya tag"; });
  ASSERT_NE(it, archive->posts.end());
  EXPECT_EQ(it->areas, std::vector<std::string>{"nara-vard"});
}

}  // namespace
}  // namespace fss
