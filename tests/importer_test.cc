// The importer on bad input (invalid UTF-8, garbage, unreadable files), the ids it gives
// posts, and the metadata file merged over them.
#include "fss/importer.h"

#include <gtest/gtest.h>

#include "importer_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

using importer_test_util::import_text;
using importer_test_util::problems_of;
using testing_util::TempDir;
using testing_util::write_file;

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
