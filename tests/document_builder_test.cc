// One post and its comments as Xapian documents (src/index/document_builder.h): id and filter
// terms, value slots, positions, field terms, stored data, synonyms, e-mail addresses,
// long names.
#include "index/document_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/schema.h"

namespace fss {
namespace {

using nlohmann::json;

std::set<std::string> terms_of(const Xapian::Document& doc) {
  std::set<std::string> out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out.insert(*t);
  return out;
}

std::vector<std::string> terms_with_prefix(const Xapian::Document& doc, const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& t : terms_of(doc))
    if (t.rfind(prefix, 0) == 0 && !(t.size() > prefix.size() && std::isupper(t[prefix.size()])))
      out.push_back(t);
  return out;
}

std::vector<Xapian::termpos> positions(const Xapian::Document& doc, const std::string& term) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    if (*t == term)
      return std::vector<Xapian::termpos>(t.positionlist_begin(), t.positionlist_end());
  return {};
}

class DocumentBuilderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Analyzer::create();
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    analyzer_ = std::move(created.value());
    auto syn = Synonyms::parse("af = Arbetsförmedlingen\nSoL = socialtjänstlagen\n", *analyzer_);
    ASSERT_TRUE(syn.is_ok()) << syn.status().to_string();
    synonyms_ = std::make_unique<Synonyms>(std::move(syn.value()));
    auto areas = FocusAreas::parse(
        R"({"areas": [{"id": "tillit", "name": "Tillit till socialtjänsten", "terms": ["tillit"]}]})",
        *analyzer_);
    ASSERT_TRUE(areas.is_ok()) << areas.status().to_string();
    areas_ = std::make_unique<FocusAreas>(std::move(areas.value()));
  }
  static void TearDownTestSuite() {
    areas_.reset();
    synonyms_.reset();
    analyzer_.reset();
  }

  static Post sample_post() {
    Post p;
    p.id = "2023-03-06-forsta-linjen";
    p.title = "Första linjens socialtjänst";
    p.date = "2023-03-06";
    p.author = "Monica Persson";
    p.author_role = "FSS ordförande";
    p.kicker = "Ordförande har ordet";
    p.region = "Skåne";
    p.source = "001.txt";
    p.areas = {"tillit"};
    p.body = "Arbetsförmedlingen och socialtjänsten bygger tillit.\n\nMaila info@socialchefer.se.";
    p.comments.push_back({"2023-03-06-forsta-linjen-c1", "Malin  LINDÉN Ohlsson", "2023-03-07",
                          "Bra! Skriv till malin.linden@example.com om SoL."});
    p.comments.push_back({"2023-03-06-forsta-linjen-c2", "Lars", std::nullopt, "Håller med."});
    return p;
  }

  static std::vector<BuiltDocument> build(const Post& post) {
    const DocumentContext ctx{analyzer_.get(), synonyms_.get(), areas_.get()};
    std::vector<BuiltDocument> docs;
    const Status s = build_post_documents(post, ctx, &docs);
    EXPECT_TRUE(s.is_ok()) << post.id << ": " << s.to_string();
    return docs;
  }
  static std::string stem(const std::string& word) { return analyzer_->stem(word); }

  static std::unique_ptr<Analyzer> analyzer_;
  static std::unique_ptr<Synonyms> synonyms_;
  static std::unique_ptr<FocusAreas> areas_;
};
std::unique_ptr<Analyzer> DocumentBuilderTest::analyzer_;
std::unique_ptr<Synonyms> DocumentBuilderTest::synonyms_;
std::unique_ptr<FocusAreas> DocumentBuilderTest::areas_;

TEST_F(DocumentBuilderTest, OneDocumentPerPostAndComment) {
  const auto docs = build(sample_post());
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_FALSE(docs[0].comment);
  EXPECT_TRUE(docs[1].comment);
  EXPECT_TRUE(docs[2].comment);
  EXPECT_EQ(docs[0].id_term, "Q2023-03-06-forsta-linjen");
  EXPECT_EQ(docs[1].id_term, "Q2023-03-06-forsta-linjen-c1");
  EXPECT_EQ(docs[2].id_term, "Q2023-03-06-forsta-linjen-c2");
}

TEST_F(DocumentBuilderTest, PostBooleanTermsAndValues) {
  const Xapian::Document doc = build(sample_post())[0].doc;
  const std::set<std::string> t = terms_of(doc);
  for (const char* want : {"Q2023-03-06-forsta-linjen", "XTYPEpost", "XAUTHmonica persson",
                           "XAREAtillit", "XYEAR2023", "XMONTH202303", "XREGIONskane", "XSYNaf"})
    EXPECT_TRUE(t.count(want)) << want;
  EXPECT_EQ(terms_with_prefix(doc, "XPARENT"), std::vector<std::string>{});
  EXPECT_EQ(terms_with_prefix(doc, "XTYPE"), std::vector<std::string>{"XTYPEpost"});
  EXPECT_EQ(doc.get_value(schema::kSlotDate), "20230306");
  EXPECT_EQ(doc.get_value(schema::kSlotType), "post");
  EXPECT_EQ(doc.get_value(schema::kSlotAuthor), "Monica Persson");
  EXPECT_EQ(doc.get_value(schema::kSlotAreas), "tillit");
  EXPECT_EQ(doc.get_value(schema::kSlotTitle), "Första linjens socialtjänst");
  EXPECT_EQ(doc.get_value(schema::kSlotId), "2023-03-06-forsta-linjen");
}

// The folded term is written only where it differs from the stem (design.md).
TEST_F(DocumentBuilderTest, FoldedTermOnlyWhereItDiffersFromTheStem) {
  const std::set<std::string> t = terms_of(build(sample_post())[0].doc);
  struct Case {
    const char* word;
    bool folded_term;
  };
  for (const Case& c : {Case{"första", true}, Case{"socialtjänsten", true}, Case{"linjens", false},
                        Case{"och", false}}) {
    SCOPED_TRACE(c.word);
    const std::string st = stem(c.word);
    ASSERT_TRUE(t.count("Z" + st));
    EXPECT_EQ(t.count("XF" + analyzer_->fold(st)) > 0, c.folded_term);
    EXPECT_FALSE(t.count("XF" + st)) << "a folded term equal to the stem";
  }
}

TEST_F(DocumentBuilderTest, PostPositionsAndFieldTerms) {
  const Xapian::Document doc = build(sample_post())[0].doc;
  // Title words at 1, 2, 3; the body starts well after, so no phrase spans the two.
  // Positions are on stems (phrases match inflections); exact forms carry none.
  EXPECT_EQ(positions(doc, "Z" + stem("första")), std::vector<Xapian::termpos>{1});
  EXPECT_EQ(positions(doc, "Z" + stem("linjens")), std::vector<Xapian::termpos>{2});
  EXPECT_EQ(positions(doc, "ZS" + stem("första")), std::vector<Xapian::termpos>{1});
  EXPECT_EQ(positions(doc, "ZS" + stem("linjens")), std::vector<Xapian::termpos>{2});
  EXPECT_TRUE(positions(doc, "första").empty());
  EXPECT_TRUE(terms_of(doc).count("Sförsta"));
  const auto body = positions(doc, "Z" + stem("arbetsförmedlingen"));
  ASSERT_EQ(body.size(), 1u);
  EXPECT_GT(body[0], 3u + 50);
  EXPECT_EQ(positions(doc, "Z" + stem("och")), std::vector<Xapian::termpos>{body[0] + 1});
  EXPECT_EQ(positions(doc, "Z" + stem("socialtjänsten")).size(), 2u);  // title + body
  // The title counts kTitleWdf times in free text.
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (*t == "första") {
      EXPECT_EQ(t.get_wdf(), schema::kTitleWdf);
    }
  }
  // The author: free text and author: field, title field only for title words.
  const std::set<std::string> t = terms_of(doc);
  for (const char* want : {"monica", "persson", "Amonica", "Apersson"})
    EXPECT_TRUE(t.count(want)) << want;
  EXPECT_TRUE(t.count("ZA" + stem("persson")));
  EXPECT_FALSE(t.count("Sarbetsförmedlingen"));
  EXPECT_FALSE(t.count("Amaila"));
}

TEST_F(DocumentBuilderTest, PostData) {
  const auto docs = build(sample_post());
  const json data = json::parse(docs[0].doc.get_data());
  EXPECT_EQ(data["id"], "2023-03-06-forsta-linjen");
  EXPECT_EQ(data["type"], "post");
  EXPECT_EQ(data["title"], "Första linjens socialtjänst");
  EXPECT_EQ(data["date"], "2023-03-06");
  EXPECT_EQ(data["author"], "Monica Persson");
  EXPECT_EQ(data["author_role"], "FSS ordförande");
  EXPECT_EQ(data["kicker"], "Ordförande har ordet");
  EXPECT_EQ(data["region"], "Skåne");
  EXPECT_EQ(data["areas"], json::array({"tillit"}));
  EXPECT_EQ(data["comments"],
            json::array({"2023-03-06-forsta-linjen-c1", "2023-03-06-forsta-linjen-c2"}));
  EXPECT_EQ(data["text"], sample_post().body);  // published text, address included
  EXPECT_FALSE(data.contains("post"));
}

TEST_F(DocumentBuilderTest, CommentKnowsItsPost) {
  const auto docs = build(sample_post());
  const Xapian::Document& c1 = docs[1].doc;
  const std::set<std::string> t = terms_of(c1);
  for (const char* want :
       {"Q2023-03-06-forsta-linjen-c1", "XTYPEcomment", "XPARENT2023-03-06-forsta-linjen",
        "XAUTHmalin linden ohlsson", "XAREAtillit", "XYEAR2023", "XMONTH202303", "XSYNsol",
        "Amalin", "malin", "Sförsta"})
    EXPECT_TRUE(t.count(want)) << want;
  EXPECT_FALSE(t.count("första")) << "the post's title is not a comment's free text";
  EXPECT_EQ(terms_with_prefix(c1, "XREGION"), std::vector<std::string>{});
  EXPECT_EQ(c1.get_value(schema::kSlotDate), "20230307");
  EXPECT_EQ(c1.get_value(schema::kSlotType), "comment");
  EXPECT_EQ(c1.get_value(schema::kSlotAuthor), "Malin  LINDÉN Ohlsson");
  EXPECT_EQ(c1.get_value(schema::kSlotId), "2023-03-06-forsta-linjen-c1");
  const json data = json::parse(c1.get_data());
  EXPECT_EQ(data["id"], "2023-03-06-forsta-linjen-c1");
  EXPECT_EQ(data["type"], "comment");
  EXPECT_EQ(data["date"], "2023-03-07");
  EXPECT_EQ(data["author"], "Malin  LINDÉN Ohlsson");
  EXPECT_EQ(data["areas"], json::array({"tillit"}));
  EXPECT_EQ(data["post"],
            (json{{"id", "2023-03-06-forsta-linjen"}, {"title", "Första linjens socialtjänst"}}));
  // Undated comment: no date value, no year or month.
  const Xapian::Document& c2 = docs[2].doc;
  EXPECT_EQ(c2.get_value(schema::kSlotDate), "");
  EXPECT_EQ(terms_with_prefix(c2, "XYEAR"), std::vector<std::string>{});
  EXPECT_EQ(json::parse(c2.get_data())["date"], nullptr);
}

TEST_F(DocumentBuilderTest, NoEmailAddressTermsAndNoneStoredFromComments) {
  Post p = sample_post();
  p.author = "Monica Persson monica@example.se";
  p.author_role = "ordförande, ordf@fss.example.org";
  p.comments[0].body =
      "Skriv till anna.svensson@example.com eller x@y.se! Eller Kalle.K@Exempel.SE.";
  const auto docs = build(p);
  for (const BuiltDocument& d : docs) {
    for (const std::string& t : terms_of(d.doc)) {
      EXPECT_EQ(t.find('@'), std::string::npos) << d.id_term << ": " << t;
      for (const char* part : {"svensson", "example", "exempel"})
        EXPECT_EQ(t.find(part), std::string::npos) << d.id_term << ": " << t;
    }
    for (auto v = d.doc.values_begin(); v != d.doc.values_end(); ++v)
      EXPECT_EQ((*v).find('@'), std::string::npos) << d.id_term << " slot " << v.get_valueno();
    for (const std::string& w : d.spellings) EXPECT_EQ(w.find('@'), std::string::npos) << w;
  }
  const json post = json::parse(docs[0].doc.get_data());
  EXPECT_EQ(post["author"], "Monica Persson [e-postadress borttagen]");
  EXPECT_EQ(post["author_role"], "ordförande, [e-postadress borttagen]");
  EXPECT_NE(post["text"].get<std::string>().find("info@socialchefer.se"), std::string::npos)
      << "a post's own published address stays in its text";
  const std::string comment = docs[1].doc.get_data();
  EXPECT_EQ(comment.find('@'), std::string::npos) << comment;
  EXPECT_EQ(json::parse(comment)["text"],
            "Skriv till [e-postadress borttagen] eller [e-postadress borttagen]! Eller "
            "[e-postadress borttagen].");
}

TEST_F(DocumentBuilderTest, LongAuthorAndRegionStillFilter) {
  // Regression: a boolean term over 245 bytes made Xapian throw and the build fail.
  Post p = sample_post();
  std::string long_name;
  for (int i = 0; i < 40; ++i) long_name += "Åsa-Britt Långnamnsson ";
  long_name.pop_back();
  p.author = long_name;
  p.region = long_name;
  p.comments[0].author = long_name + " Junior";
  const auto docs = build(p);
  const std::string key = schema::author_key(*analyzer_, long_name);
  ASSERT_GT(key.size(), 245u);
  const std::string author_term = schema::boolean_term(schema::kAuthorKey, key);
  EXPECT_LE(author_term.size(), 245u);
  EXPECT_TRUE(terms_of(docs[0].doc).count(author_term));
  EXPECT_TRUE(terms_of(docs[0].doc).count(schema::boolean_term(schema::kRegion, key)));
  const std::string comment_term = schema::boolean_term(
      schema::kAuthorKey, schema::author_key(*analyzer_, long_name + " Junior"));
  EXPECT_TRUE(terms_of(docs[1].doc).count(comment_term));
  EXPECT_NE(comment_term, author_term) << "names sharing a long prefix stay apart";
  for (const BuiltDocument& d : docs)
    for (const std::string& t : terms_of(d.doc)) EXPECT_LE(t.size(), 245u) << t;
  // And Xapian takes the documents.
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const BuiltDocument& d : docs) EXPECT_NO_THROW(db.replace_document(d.id_term, d.doc));
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(author_term));
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 1u);
}

TEST_F(DocumentBuilderTest, InvalidUtf8IsAnError) {
  Post p = sample_post();
  p.comments[1].body = "trasig \xff text";
  const DocumentContext ctx{analyzer_.get(), synonyms_.get(), areas_.get()};
  std::vector<BuiltDocument> docs;
  const Status s = build_post_documents(p, ctx, &docs);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << s.to_string();
}

}  // namespace
}  // namespace fss

namespace fss {
namespace {

// Regression (issue 17, "one archive line blocks every rebuild"): the post title's terms
// copied to each comment skipped the length cut, so a 250-letter title word with one
// comment made `fss-index build` exit 1 ("Term too long"). Every term now goes through
// terms::add_term.
TEST_F(DocumentBuilderTest, LongTitleWordWithACommentStillIndexes) {
  Post p = sample_post();
  p.title = "Rubrik " + std::string(250, 'x') + " slut";
  const auto docs = build(p);
  ASSERT_EQ(docs.size(), 3u);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (const BuiltDocument& d : docs) {
    for (const std::string& t : terms_of(d.doc)) EXPECT_LE(t.size(), 240u) << t.substr(0, 20);
    EXPECT_NO_THROW(db.add_document(d.doc));
  }
  EXPECT_EQ(db.get_termfreq("ZSslut"), 3u);  // the post and both comments under title:
}

}  // namespace
}  // namespace fss
