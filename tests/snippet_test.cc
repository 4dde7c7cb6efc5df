// make_snippet (src/search/snippet.h): passage choice, cuts, escaping, marks in every form.
#include "search/snippet.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "analysis/synonyms.h"
#include "fss/utf8.h"
#include "search/query_builder.h"

namespace fss {
namespace {

class SnippetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    analyzer_ = std::move(a.value());
  }
  static void TearDownTestSuite() { analyzer_.reset(); }

  static std::string snip(const std::string& text, const std::string& query,
                          size_t max = kSnippetBytes) {
    static const Synonyms none;
    const BuiltQuery q = build_query(query, *analyzer_, none).value();
    return make_snippet(text, *analyzer_, q.highlight, max);
  }
  static std::unique_ptr<Analyzer> analyzer_;
};

std::unique_ptr<Analyzer> SnippetTest::analyzer_;

std::string filler(int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += "vanlig text om annat ";
  return s;
}

TEST_F(SnippetTest, BestPassageHasTheMostMatches) {
  const std::string text = "Socialtjänst nämns här en gång. " + filler(40) +
                           "Första linjens socialtjänst och första linjen igen. " + filler(40);
  const std::string s = snip(text, "första linjen socialtjänst");
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;
  EXPECT_NE(s.find("<mark>Första</mark> <mark>linjens</mark> <mark>socialtjänst</mark>"),
            std::string::npos)
      << s;
  EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
}

TEST_F(SnippetTest, CutsAtWordBoundaries) {
  const std::string text = filler(30) + "målet är här " + filler(30);
  const std::string s = snip(text, "målet", 100);
  EXPECT_LE(s.size(), 100u + 40u) << s;  // marks and ellipses on top
  std::string plain = s;
  for (const char* tag : {"<mark>", "</mark>", "… ", " …"})
    for (size_t p; (p = plain.find(tag)) != std::string::npos;)
      plain.erase(p, std::string(tag).size());
  // Every word shown is a whole word of the text.
  size_t start = 0;
  while (start < plain.size()) {
    size_t end = plain.find(' ', start);
    if (end == std::string::npos) end = plain.size();
    const std::string w = plain.substr(start, end - start);
    EXPECT_TRUE(w == "vanlig" || w == "text" || w == "om" || w == "annat" || w == "målet" ||
                w == "är" || w == "här")
        << "'" << w << "' in " << s;
    start = end + 1;
  }
}

TEST_F(SnippetTest, EscapesHtml) {
  const std::string s =
      snip("<script>alert('x')</script> & \"citat\" <b>socialtjänst</b>", "socialtjänst");
  EXPECT_EQ(s.find("<script"), std::string::npos) << s;
  EXPECT_EQ(s.find("<b>"), std::string::npos) << s;
  EXPECT_NE(s.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;citat&quot;"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("&lt;b&gt;<mark>socialtjänst</mark>&lt;/b&gt;"), std::string::npos) << s;
  // Nothing to highlight: still escaped.
  EXPECT_EQ(snip("<i>a & b</i>", ""), "&lt;i&gt;a &amp; b&lt;/i&gt;");
}

TEST_F(SnippetTest, MarksEveryForm) {
  struct Case {
    std::string query, text, marked;
  };
  for (const Case& c : std::vector<Case>{
           {"socialtjänst", "Om socialtjänst.", "<mark>socialtjänst</mark>"},        // exact
           {"socialtjänst", "Om socialtjänsten.", "<mark>socialtjänsten</mark>"},    // stem
           {"SOCIALTJÄNST", "Om Socialtjänstens.", "<mark>Socialtjänstens</mark>"},  // case
           {"tjänst", "Om socialtjänsten.", "<mark>socialtjänsten</mark>"},    // compound part
           {"dagar", "Två planeringsdagar.", "<mark>planeringsdagar</mark>"},  // compound part
           {"forebyggande", "Ett förebyggande arbete.", "<mark>förebyggande</mark>"},  // folded
           {"förebyggande", "Ett forebyggande arbete.", "<mark>forebyggande</mark>"},  // folded
           {"linden", "Malin Lindén skrev.", "<mark>Lindén</mark>"},  // folded word
           {"socialstyr*", "Om Socialstyrelsens roll.", "<mark>Socialstyrelsens</mark>"},  // prefix
           {"\"första linjen\"", "En första linjens tjänst.",
            "<mark>första</mark> <mark>linjens</mark>"},
       }) {
    const std::string s = snip(c.text, c.query);
    EXPECT_NE(s.find(c.marked), std::string::npos)
        << "query: " << c.query << " text: " << c.text << " -> " << s;
  }
  // A compound's own parts alone are not marked ("social" in every "socialtjänst").
  EXPECT_EQ(snip("Ett socialt arbete.", "socialtjänst"), "Ett socialt arbete.");
}

TEST_F(SnippetTest, StartOfTextWhenNothingMatches) {
  const std::string text = "  Början av texten. " + filler(50);
  for (const char* q : {"", "orditexteninte", "-vanlig"}) {
    const std::string s = snip(text, q);
    EXPECT_EQ(s.rfind("Början av texten.", 0), 0u) << "query: " << q << " -> " << s;
    EXPECT_EQ(s.find("<mark>"), std::string::npos) << s;
    EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
  }
  EXPECT_EQ(snip("Kort text.", ""), "Kort text.");
  EXPECT_EQ(snip("rad ett\n\n\trad  två", ""), "rad ett rad två");
}

TEST_F(SnippetTest, RepairsInvalidUtf8) {
  const std::string s = snip("socialtjänst \xff\xfe trasig \xc3 text socialtjänst", "socialtjänst");
  EXPECT_FALSE(find_invalid_utf8(s)) << s;
  EXPECT_NE(s.find("<mark>socialtjänst</mark>"), std::string::npos) << s;
  EXPECT_FALSE(find_invalid_utf8(snip("\xff\xff\xff", "")));
}

TEST_F(SnippetTest, VeryLongWordsAndEmptyText) {
  EXPECT_EQ(snip("", "socialtjänst"), "");
  EXPECT_EQ(snip("", ""), "");
  EXPECT_EQ(snip("   \n ", "x"), "");
  for (const std::string& word : {std::string(5000, 'a'), [] {
                                    std::string s;
                                    for (int i = 0; i < 3000; ++i) s += "å";
                                    return s;
                                  }()}) {
    for (const std::string& q : {std::string(""), std::string("a"), word.substr(0, 10) + "*"}) {
      const std::string s = snip("kort " + word + " slut", q);
      EXPECT_FALSE(find_invalid_utf8(s)) << q;
      EXPECT_LT(s.size(), kSnippetBytes + 40) << q;
      EXPECT_FALSE(s.empty()) << q;
    }
  }
}

TEST_F(SnippetTest, HugeTextStaysBounded) {
  // The passage is looked for in the first part of a long text only; the answer is short.
  const std::string text = filler(20000) + " målet";
  const std::string s = snip(text, "målet");
  EXPECT_LT(s.size(), kSnippetBytes + 40);
  EXPECT_FALSE(find_invalid_utf8(s));
}

}  // namespace
}  // namespace fss
