// html_to_text and strip_shortcodes (include/fss/wordpress.h): a table of input -> the
// exact text, the input printed on failure.
#include <gtest/gtest.h>

#include "fss/wordpress.h"

namespace fss {
namespace {

struct Case {
  const char* html;
  const char* text;
  bool autop = false;
};

TEST(HtmlTextTest, Table) {
  const Case kCases[] = {
      {"", ""},
      {"<p>Ett</p><p>Två</p>", "Ett\n\nTvå"},
      {"<p>rad ett<br>rad två<br/></p>", "rad ett\nrad två"},
      {"<h2>Rubrik</h2>Text", "Rubrik\n\nText"},
      {"<ul><li>Ett</li><li>Två</li></ul>Efter", "Ett\n\nTvå\n\nEfter"},
      {"<p>A &amp; B &lt;C&gt; &quot;D&quot; &#8211; &eacute;&nbsp;F</p>", "A & B <C> \"D\" – é F"},
      {"<p>  många   \n  mellanslag </p>", "många mellanslag"},
      {"<p>före<script>alert('x')</script><style>p{}</style>efter</p>", "föreefter"},
      {"<p><strong>fet</strong> och <em>kursiv</em></p>", "fet och kursiv"},
      {"<!-- wp:paragraph --><p>Block</p><!-- /wp:paragraph -->", "Block"},
      {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\n\nc"},
      {"<pre>kod\n  rad</pre>", "kod\nrad"},
      {"<p>obalanserad <b>fet<p>nästa", "obalanserad fet\n\nnästa"},
      {"<iframe src=\"x\">inne</iframe>ute", "ute"},
      {"<p>NFD: fo\xcc\x88rsta</p>", "NFD: första"},
      {"mjuk\xc2\xad"
       "bindestreck och noll\xe2\x80\x8b"
       "bredd",
       "mjukbindestreck och nollbredd"},
      // Raw post_content: blank lines are paragraphs, a newline a line break.
      {"Ett stycke\nmed radbrytning.\n\nAndra stycket.",
       "Ett stycke\nmed radbrytning.\n\nAndra stycket.", true},
      {"Ett stycke\nmed radbrytning.", "Ett stycke med radbrytning.", false},
      {"Text\n<ul>\n<li>Ett</li>\n<li>Två</li>\n</ul>\nSlut", "Text\n\nEtt\n\nTvå\n\nSlut", true},
      // Shortcodes: Divi unwrapped, caption keeps its text, media dropped.
      {"[et_pb_section][et_pb_row][et_pb_column type=\"4_4\"][et_pb_text]<p>Divi</p>[/et_pb_text]"
       "[/et_pb_column][/et_pb_row][/et_pb_section]",
       "Divi"},
      {"[caption id=\"a\"]<img src=\"x.jpg\"> Bildtext[/caption]", "Bildtext"},
      {"före [embed]https://youtube.com/x[/embed] efter", "före efter"},
      {"[gallery ids=\"1,2\"]Text [1] och [sic] kvar", "Text [1] och [sic] kvar"},
  };
  for (const Case& c : kCases) {
    HtmlTextOptions options;
    options.autop = c.autop;
    EXPECT_EQ(html_to_text(c.html, options), c.text) << "input: " << c.html << " autop=" << c.autop;
  }
}

TEST(HtmlTextTest, ShortcodesTable) {
  const std::pair<const char*, const char*> kCases[] = {
      {"[x]a[/x]", "a"},
      {"[x]a", "[x]a"},  // no closing tag, not a known name: the author's brackets
      {"[et_pb_image src=\"y\" /]a", "a"},
      {"[contact-form-7 id=\"1\"]", ""},
      {"[video src=\"v.mp4\"][/video]b", "b"},
      {"[/]", "[/]"},
      {"[1]", "[1]"},
      {"[x attr=\"1\"", "[x attr=\"1\""},
  };
  for (const auto& [in, out] : kCases) EXPECT_EQ(strip_shortcodes(in), out) << "input: " << in;
}

TEST(HtmlTextTest, FocusAreaOfTerm) {
  const std::vector<FocusAreaName> areas = {
      {"nara-vard", "Nära vård"}, {"tillit-till-socialtjansten", "Tillit till socialtjänsten"}};
  struct TermCase {
    const char* slug;
    const char* name;
    std::optional<std::string> area;
  };
  const TermCase kCases[] = {
      {"nara-vard", "Nära vård", "nara-vard"},
      {"nara-vard-2", "Nära vård", "nara-vard"},
      {"", "NÄRA VÅRD", "nara-vard"},
      {"tillit", "Tillit till socialtjänsten", "tillit-till-socialtjansten"},
      {"nyheter", "Nyheter", std::nullopt},
      {"uncategorized", "Uncategorized", std::nullopt},
  };
  for (const TermCase& c : kCases)
    EXPECT_EQ(focus_area_of_term(areas, c.slug, c.name), c.area) << c.slug << " / " << c.name;
}

}  // namespace
}  // namespace fss
