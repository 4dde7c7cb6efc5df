// read_wxr, the REST parsers and to_archive_post (include/fss/wordpress.h) on small
// fixtures. The end-to-end test against a real WordPress is tests/wordpress/run.sh.
#include <gtest/gtest.h>

#include "fss/wordpress.h"
#include "test_util.h"

namespace fss {
namespace {

using testing_util::TempDir;
using testing_util::write_file;

const char kHead[] = R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>FSS</title>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[anna]]></wp:author_login><wp:author_email><![CDATA[anna@example.org]]></wp:author_email><wp:author_display_name><![CDATA[Anna Åberg]]></wp:author_display_name></wp:author>
)";

std::string item(const std::string& id, const std::string& type, const std::string& status,
                 const std::string& extra = "") {
  return "<item><title><![CDATA[Post " + id +
         " &amp; mer]]></title>"
         "<link>https://socialchefer.se/post-" +
         id +
         "/</link>"
         "<dc:creator><![CDATA[anna]]></dc:creator>"
         "<content:encoded><![CDATA[Första stycket.\n\nAndra <b>stycket</b>.]]></content:encoded>"
         "<wp:post_id>" +
         id +
         "</wp:post_id>"
         "<wp:post_date><![CDATA[2023-03-06 10:00:00]]></wp:post_date>"
         "<wp:post_modified_gmt><![CDATA[2023-03-07 09:00:00]]></wp:post_modified_gmt>"
         "<wp:status><![CDATA[" +
         status +
         "]]></wp:status>"
         "<wp:post_type><![CDATA[" +
         type + "]]></wp:post_type>" + extra + "</item>\n";
}

std::string comment(const std::string& id, const std::string& approved, const std::string& type,
                    const std::string& date) {
  return "<wp:comment><wp:comment_id>" + id +
         "</wp:comment_id>"
         "<wp:comment_author><![CDATA[Kalle " +
         id +
         "]]></wp:comment_author>"
         "<wp:comment_author_email><![CDATA[kalle" +
         id +
         "@example.com]]></wp:comment_author_email>"
         "<wp:comment_author_IP><![CDATA[192.0.2.1]]></wp:comment_author_IP>"
         "<wp:comment_date><![CDATA[" +
         date +
         "]]></wp:comment_date>"
         "<wp:comment_content><![CDATA[Hej " +
         id +
         "!]]></wp:comment_content>"
         "<wp:comment_approved><![CDATA[" +
         approved +
         "]]></wp:comment_approved>"
         "<wp:comment_type><![CDATA[" +
         type + "]]></wp:comment_type></wp:comment>";
}

TEST(WxrReaderTest, PublishedPostsAndApprovedCommentsOnly) {
  TempDir dir;
  const std::string terms =
      R"(<category domain="category" nicename="nara-vard"><![CDATA[Nära vård]]></category>)"
      R"(<category domain="post_tag" nicename="nyheter"><![CDATA[Nyheter]]></category>)";
  const std::string comments = comment("12", "1", "comment", "2023-03-08 10:00:00") +
                               comment("11", "1", "", "2023-03-07 10:00:00") +
                               comment("13", "0", "comment", "2023-03-07 11:00:00") +
                               comment("14", "spam", "comment", "2023-03-07 12:00:00") +
                               comment("15", "1", "pingback", "2023-03-07 13:00:00");
  const std::string xml = std::string(kHead) + item("1", "post", "publish", terms + comments) +
                          item("2", "post", "draft") + item("3", "page", "publish") +
                          item("4", "post", "pending") + item("5", "attachment", "inherit") +
                          "</channel></rss>\n";
  ASSERT_TRUE(write_file(dir / "export.xml", xml));
  WpReport report;
  Result<std::vector<WpPost>> posts = read_wxr(dir / "export.xml", &report);
  ASSERT_TRUE(posts.is_ok()) << posts.status().to_string();
  ASSERT_EQ(posts->size(), 1u);
  const WpPost& wp = (*posts)[0];
  EXPECT_EQ(wp.id, 1);
  EXPECT_EQ(wp.author, "Anna Åberg");
  EXPECT_EQ(wp.link, "https://socialchefer.se/post-1/");
  EXPECT_EQ(wp.modified, "2023-03-07T09:00:00");
  ASSERT_EQ(wp.comments.size(), 2u);
  EXPECT_EQ(wp.comments[0].id, 11);  // date order
  EXPECT_EQ(report.items, 5);
  EXPECT_EQ(report.skipped_not_post, 2);
  EXPECT_EQ(report.skipped_unpublished, 2);
  EXPECT_EQ(report.comments_skipped, 3);

  const Post post = to_archive_post(wp, {{"nara-vard", "Nära vård"}}, "export.xml", &report);
  EXPECT_EQ(post_to_json_line(post),
            R"({"id":"","title":"Post 1 & mer","date":"2023-03-06","author":"Anna Åberg",)"
            R"("author_role":null,"kicker":null,"region":null,"areas":["nara-vard"],)"
            R"("source":"export.xml","url":"https://socialchefer.se/post-1/",)"
            R"("body":"Första stycket.\n\nAndra stycket.","comments":[)"
            R"({"id":"","author":"Kalle 11","date":"2023-03-07","body":"Hej 11!"},)"
            R"({"id":"","author":"Kalle 12","date":"2023-03-08","body":"Hej 12!"}]})");
  EXPECT_EQ(report.ignored_terms, (std::map<std::string, int>{{"Nyheter", 1}}));
  EXPECT_NE(report.summary().find("Nyheter (1)"), std::string::npos) << report.summary();
}

TEST(WxrReaderTest, ErrorsNameTheFile) {
  TempDir dir;
  WpReport report;
  EXPECT_EQ(read_wxr(dir / "missing.xml", &report).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(write_file(dir / "broken.xml", std::string(kHead) + "<item><title>x</item>"));
  Result<std::vector<WpPost>> broken = read_wxr(dir / "broken.xml", &report);
  ASSERT_FALSE(broken.is_ok());
  EXPECT_NE(broken.status().message().find("broken.xml:"), std::string::npos)
      << broken.status().message();
  EXPECT_NE(broken.status().message().find("not well-formed"), std::string::npos);
  ASSERT_TRUE(write_file(dir / "rss.xml", "<rss><channel><item/></channel></rss>"));
  Result<std::vector<WpPost>> rss = read_wxr(dir / "rss.xml", &report);
  ASSERT_FALSE(rss.is_ok());
  EXPECT_NE(rss.status().message().find("not a WordPress export"), std::string::npos)
      << rss.status().message();
}

TEST(WxrReaderTest, EmailInCommentTextIsReplacedAndAtLeavesNames) {
  WpPost wp;
  wp.title_html = "T";
  wp.comments.push_back({1, "@anna", "", "<p>Skriv till anna.b@example.com</p>"});
  WpReport report;
  const Post post = to_archive_post(wp, {}, "s", &report);
  ASSERT_EQ(post.comments.size(), 1u);
  EXPECT_EQ(post.comments[0].author, "anna");
  EXPECT_EQ(post.comments[0].body, "Skriv till [e-postadress borttagen]");
  EXPECT_EQ(post.comments[0].date, std::nullopt);
  EXPECT_EQ(post.url, std::nullopt);
}

TEST(WxrReaderTest, RestPostsAndComments) {
  const char kPosts[] =
      R"([{"id": 7, "date": "2024-01-15T08:00:00", "modified_gmt": "2024-01-16T08:00:00",
    "link": "https://socialchefer.se/divi/", "title": {"rendered": "Divi&#8211;sidan"},
    "content": {"rendered": "<p>Text</p>\n<p>Mer</p>\n"},
    "_embedded": {"author": [{"id": 2, "name": "Anna Åberg"}],
                  "wp:term": [[{"taxonomy": "category", "slug": "nara-vard", "name": "Nära vård"}],
                              [{"taxonomy": "post_tag", "slug": "x", "name": "A &amp; B"}]]}}])";
  std::vector<WpPost> posts;
  ASSERT_TRUE(parse_rest_posts(kPosts, &posts).is_ok());
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].id, 7);
  EXPECT_EQ(posts[0].author, "Anna Åberg");
  EXPECT_EQ(posts[0].modified, "2024-01-16T08:00:00");
  ASSERT_EQ(posts[0].terms.size(), 2u);
  EXPECT_EQ(posts[0].terms[1].name, "A & B");
  WpReport report;
  const Post post = to_archive_post(posts[0], {}, "site", &report);
  EXPECT_EQ(post.title, "Divi–sidan");
  EXPECT_EQ(post.body, "Text\n\nMer");
  EXPECT_EQ(post.date, "2024-01-15");

  std::vector<std::pair<int64_t, WpComment>> comments;
  ASSERT_TRUE(parse_rest_comments(
                  R"([{"id": 3, "post": 7, "author_name": "Kalle", "date": "2024-01-17T10:00:00",
                       "content": {"rendered": "<p>Hej</p>"}, "status": "approved", "type": "comment"},
                      {"id": 4, "post": 7, "author_name": "X", "status": "hold", "type": "comment"}])",
                  &comments)
                  .is_ok());
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].first, 7);
  EXPECT_EQ(comments[0].second.author, "Kalle");

  for (const char* bad : {"", "{}", R"({"code": "rest_no_route"})", "[1]", R"([{"title": "x"}])"}) {
    std::vector<WpPost> out;
    EXPECT_EQ(parse_rest_posts(bad, &out).code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace fss
