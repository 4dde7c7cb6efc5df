#include "fss/archive.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;

using testing_util::TempDir;
using testing_util::write_file;

Post sample_post() {
  Post p;
  p.id = "2023-03-06-forsta-linjen";
  p.title = "Första linjen";
  p.date = "2023-03-06";
  p.author = "Monica Persson";
  p.author_role = "FSS ordförande";
  p.kicker = "Ordförande har ordet";
  p.areas = {"nara-vard"};
  p.source = "001.txt";
  p.body = "Första stycket.\n\nAndra \"stycket\" – med ”citat”.";
  p.comments.push_back({"2023-03-06-forsta-linjen-c1", "Malin Lindén", std::nullopt, "Hej!"});
  return p;
}

const char kGoodLine[] =
    R"({"id":"x","title":"T","date":null,"author":null,"author_role":null,"kicker":null,)"
    R"("region":null,"areas":[],"source":"s.txt","body":"B","comments":[]})";

TEST(ArchiveTest, WritesKeysInSpecOrderWithNullsAndRawUtf8) {
  Post p;
  p.id = "a";
  p.title = "Åter på jobbet";
  p.source = "s.txt";
  p.body = "Brödtext";
  EXPECT_EQ(post_to_json_line(p),
            R"({"id":"a","title":"Åter på jobbet","date":null,"author":null,)"
            R"("author_role":null,"kicker":null,"region":null,"areas":[],"source":"s.txt",)"
            R"("body":"Brödtext","comments":[]})");
}

// Issue 19: a WordPress post carries its address, after `source` as the spec orders it;
// a null or missing url reads as none and is not written.
TEST(ArchiveTest, UrlIsWrittenAfterSourceAndReadBack) {
  Post p;
  p.id = "a";
  p.title = "T";
  p.source = "wordpress";
  p.url = "https://socialchefer.se/t/";
  p.body = "B";
  const std::string line = post_to_json_line(p);
  EXPECT_EQ(line, R"({"id":"a","title":"T","date":null,"author":null,"author_role":null,)"
                  R"("kicker":null,"region":null,"areas":[],"source":"wordpress",)"
                  R"("url":"https://socialchefer.se/t/","body":"B","comments":[]})");
  Result<Post> back = parse_post_line(line);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->url, p.url);
  std::string with_null = kGoodLine;
  with_null.insert(with_null.find("\"body\""), "\"url\":null,");
  Result<Post> null_url = parse_post_line(with_null);
  ASSERT_TRUE(null_url.is_ok()) << null_url.status().to_string();
  EXPECT_EQ(null_url->url, std::nullopt);
  EXPECT_EQ(post_to_json_line(*null_url), kGoodLine);
}

TEST(ArchiveTest, RejectsUrlThatIsNotHttp) {
  for (const char* url : {"\"javascript:alert(1)\"", "\"\"", "3", "\"ftp://x/\""}) {
    std::string line = kGoodLine;
    line.insert(line.find("\"body\""), std::string("\"url\":") + url + ",");
    Result<Post> post = parse_post_line(line);
    ASSERT_FALSE(post.is_ok()) << url;
    EXPECT_EQ(post.status().message().rfind("url: ", 0), 0u)
        << url << ": " << post.status().message();
  }
}

TEST(ArchiveTest, RoundTrip) {
  const Post p = sample_post();
  const std::string line = post_to_json_line(p);
  Result<Post> back = parse_post_line(line);
  ASSERT_TRUE(back.is_ok()) << back.status().to_string() << "\n" << line;
  EXPECT_EQ(post_to_json_line(*back), line);
  EXPECT_EQ(back->title, p.title);
  EXPECT_EQ(back->date, p.date);
  EXPECT_EQ(back->region, std::nullopt);
  ASSERT_EQ(back->comments.size(), 1u);
  EXPECT_EQ(back->comments[0].author, "Malin Lindén");
  EXPECT_EQ(back->comments[0].date, std::nullopt);
}

TEST(ArchiveTest, AcceptsMinimalLineAndIgnoresUnknownKeys) {
  for (const std::string& input : {
           std::string(kGoodLine),
           std::string(R"({"id":"x","title":"T","source":"s","body":""})"),
           std::string(R"({"id":"x","title":"T","source":"s","body":"B","extra":1})"),
       }) {
    Result<Post> p = parse_post_line(input);
    EXPECT_TRUE(p.is_ok()) << input << "\n" << p.status().to_string();
  }
}

struct BadLine {
  std::string input;
  std::string error;  // the message must start with this
};

TEST(ArchiveTest, NamesTheBadField) {
  const auto with = [](const std::string& replace, const std::string& by) {
    std::string s = kGoodLine;
    s.replace(s.find(replace), replace.size(), by);
    return s;
  };
  const std::string comment_ok = R"({"id":"x-c1","author":"Anna","date":null,"body":"b"})";
  const BadLine cases[] = {
      {"", "not JSON"},
      {"{", "not JSON"},
      {"[1]", "not a JSON object"},
      {"\"x\"", "not a JSON object"},
      {with(R"("id":"x",)", ""), "id: missing"},
      {with(R"("id":"x")", R"("id":7)"), "id: not a string"},
      {with(R"("id":"x")", R"("id":"")"), "id: empty"},
      {with(R"("id":"x")", R"("id":"Två ord")"), "id: not URL-safe"},
      {with(R"("id":"x")", R"("id":"a/b")"), "id: not URL-safe"},
      {with(R"("title":"T",)", ""), "title: missing"},
      {with(R"("title":"T")", R"("title":null)"), "title: missing"},
      {with(R"("title":"T")", R"("title":["T"])"), "title: not a string"},
      {with(R"("date":null)", R"("date":"2023-13-01")"), "date: not a date: '2023-13-01'"},
      {with(R"("date":null)", R"("date":"2023-02-29")"), "date: not a date"},
      {with(R"("date":null)", R"("date":"6 mars 2023")"), "date: not a date"},
      {with(R"("date":null)", R"("date":20230306)"), "date: not a string"},
      {with(R"("author":null)", R"("author":1)"), "author: not a string"},
      {with(R"("author":null)", R"("author":"")"), "author: empty"},
      {with(R"("author_role":null)", R"("author_role":{})"), "author_role: not a string"},
      {with(R"("kicker":null)", R"("kicker":true)"), "kicker: not a string"},
      {with(R"("region":null)", R"("region":[])"), "region: not a string"},
      {with(R"("areas":[])", R"("areas":"nara-vard")"), "areas: not an array"},
      {with(R"("areas":[])", R"("areas":["ok",3])"), "areas[2]: not a string"},
      {with(R"("areas":[])", R"("areas":["Nära vård"])"), "areas[1]: not an area id"},
      {with(R"("source":"s.txt",)", ""), "source: missing"},
      {with(R"("body":"B",)", ""), "body: missing"},
      {with(R"("body":"B")", R"("body":null)"), "body: missing"},
      {with(R"("comments":[])", R"("comments":{})"), "comments: not an array"},
      {with(R"("comments":[])", R"("comments":[1])"), "comments[1]: not an object"},
      {with(R"("comments":[])", "\"comments\":[" + comment_ok + R"(,{"id":"x-c2","body":"b"}])"),
       "comments[2].author: missing"},
      {with(R"("comments":[])", R"("comments":[{"id":"x-c1","author":5,"body":"b"}])"),
       "comments[1].author: not a string"},
      {with(R"("comments":[])", R"("comments":[{"id":"x-c1","author":"a@b.se","body":"b"}])"),
       "comments[1].author: looks like an e-mail address"},
      {with(R"("comments":[])", R"("comments":[{"author":"A","body":"b"}])"),
       "comments[1].id: missing"},
      {with(R"("comments":[])", R"("comments":[{"id":"X","author":"A","body":"b"}])"),
       "comments[1].id: not URL-safe"},
      {with(R"("comments":[])",
            R"("comments":[{"id":"x-c1","author":"A","date":"igår","body":"b"}])"),
       "comments[1].date: not a date: 'igår'"},
      {with(R"("comments":[])", R"("comments":[{"id":"x-c1","author":"A"}])"),
       "comments[1].body: missing"},
      {with(R"("title":"T")", "\"title\":\"a\xFF\""), "invalid UTF-8 at byte 20"},
  };
  for (const BadLine& c : cases) {
    Result<Post> p = parse_post_line(c.input);
    ASSERT_FALSE(p.is_ok()) << "input: " << c.input;
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument) << "input: " << c.input;
    EXPECT_EQ(p.status().message().substr(0, c.error.size()), c.error)
        << "input: " << c.input << "\nmessage: " << p.status().message();
  }
}

TEST(ArchiveTest, ValidDates) {
  const std::pair<const char*, bool> cases[] = {
      {"2023-03-06", true},  {"2024-02-29", true},  {"2000-02-29", true},   {"1900-02-29", false},
      {"2023-02-29", false}, {"2023-04-31", false}, {"2023-00-10", false},  {"2023-12-32", false},
      {"2023-3-6", false},   {"", false},           {"2023-03-06x", false}, {"0000-01-01", false},
      {"abcd-ef-gh", false},
  };
  for (const auto& [input, valid] : cases) {
    EXPECT_EQ(is_valid_date(input), valid) << "input: " << input;
  }
}

TEST(ArchiveTest, ReadKeepsGoodLinesAndReportsBadOnesWithLineNumbers) {
  TempDir dir;
  const std::string path = (dir / "archive.jsonl");
  Post a = sample_post();
  Post b = sample_post();
  b.id = "b";
  write_file(path, post_to_json_line(a) + "\n" +                   // 1
                       "not json\n" +                              // 2
                       "\n" +                                      // 3: blank, ignored
                       post_to_json_line(b) + "\r\n" +             // 4: CRLF is fine
                       R"({"id":"c","title":"T","source":"s"})" +  // 5: no body
                       "\n" + post_to_json_line(a));               // 6: duplicate, no EOL
  Result<ArchiveContents> contents = read_archive(path);
  ASSERT_TRUE(contents.is_ok()) << contents.status().to_string();
  ASSERT_EQ(contents->posts.size(), 2u);
  EXPECT_EQ(contents->posts[0].id, a.id);
  EXPECT_EQ(contents->posts[1].id, "b");
  ASSERT_EQ(contents->errors.size(), 3u);
  EXPECT_EQ(contents->errors[0].line, 2);
  EXPECT_EQ(contents->errors[0].file, path);
  EXPECT_EQ(contents->errors[1].to_string(), path + ":5: body: missing");
  EXPECT_EQ(contents->errors[2].to_string(),
            path + ":6: id: duplicate '" + a.id + "' (first on line 1)");
}

TEST(ArchiveTest, ReadMissingFileIsAnError) {
  TempDir dir;
  Result<ArchiveContents> contents = read_archive((dir / "nope.jsonl"));
  EXPECT_FALSE(contents.is_ok());
  EXPECT_EQ(contents.status().code(), StatusCode::kNotFound);
}

TEST(ArchiveTest, WriteThenReadGivesTheSamePosts) {
  TempDir dir;
  const std::string path = (dir / "out.jsonl");
  write_file(path, "old contents\n");
  Post b = sample_post();
  b.id = "b";
  b.date.reset();
  const std::vector<Post> posts = {sample_post(), b};
  ASSERT_TRUE(write_archive(path, posts).is_ok());
  Result<ArchiveContents> contents = read_archive(path);
  ASSERT_TRUE(contents.is_ok());
  EXPECT_TRUE(contents->errors.empty());
  ASSERT_EQ(contents->posts.size(), 2u);
  for (size_t i = 0; i < posts.size(); ++i) {
    EXPECT_EQ(post_to_json_line(contents->posts[i]), post_to_json_line(posts[i]));
  }
  // Nothing is left behind by the temp-file-and-rename.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(path).parent_path())) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1u);
}

TEST(ArchiveTest, WriteIntoMissingDirectoryFailsCleanly) {
  TempDir dir;
  Status s = write_archive((dir / "no/such/dir/a.jsonl"), {sample_post()});
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError);
}

}  // namespace
}  // namespace fss
