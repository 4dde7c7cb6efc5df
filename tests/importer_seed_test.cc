// The importer on the seed dumps in corpus/raw: every post field by field, and the
// committed archive reproduced byte for byte.
#include <gtest/gtest.h>

#include "fss/importer.h"
#include "importer_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

using importer_test_util::ends_with;
using importer_test_util::kNull;
using importer_test_util::problems_of;
using importer_test_util::starts_with;
using testing_util::read_file;
using testing_util::TempDir;

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

}  // namespace
}  // namespace fss
