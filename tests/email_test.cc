// The one e-mail address detector (src/text/email.h) that the analyzer, the importer and the
// document builder share: what counts as an address, where it starts and ends, and the
// replacement.
#include "text/email.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fss {
namespace {

// The addresses find_email_spans() finds in `text`, as strings.
std::vector<std::string> found(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& [b, e] : find_email_spans(text)) out.push_back(text.substr(b, e - b));
  return out;
}

struct SpanCase {
  std::string text;
  std::vector<std::string> addresses;
};

TEST(EmailTest, FindsAddresses) {
  const SpanCase cases[] = {
      {"", {}},
      {"ingen adress här", {}},
      {"skriv till x.y@z.se i dag", {"x.y@z.se"}},
      {"kontakta anna.svensson@botkyrka.se.", {"anna.svensson@botkyrka.se"}},
      {"name@x.se' skrev", {"name@x.se"}},
      {"<cd+blogg@kommunmejl.nu>", {"cd+blogg@kommunmejl.nu"}},
      {"mailto:fia.t@example.org", {"fia.t@example.org"}},
      {"ERIK.SKYDDAD@KOMMUNMEJL.NU!", {"ERIK.SKYDDAD@KOMMUNMEJL.NU"}},
      {"åsa.öberg@privatpost.se", {"åsa.öberg@privatpost.se"}},
      {"info@socialchefer.se-", {"info@socialchefer.se"}},
      {"...anna@x.se", {"anna@x.se"}},
      {"a@b.se, c_d@e-f.se", {"a@b.se", "c_d@e-f.se"}},
      {"per@.se", {"per@.se"}},
      // Not addresses: no dot in the domain, no local part, a bare '@'.
      {"per@localhost", {}},
      {"följ @FSS_socialchef", {}},
      {"@x.se", {}},
      {"möte kl 10 @ Stockholm", {}},
      {"x@gmail:com", {}},
      // Two '@' in a row: the second address cannot reach back into the first.
      {"a@b.se@c.se", {"a@b.se"}},
      {"a@b@c.se", {"b@c.se"}},
  };
  for (const auto& c : cases) EXPECT_EQ(found(c.text), c.addresses) << "text: " << c.text;
}

TEST(EmailTest, SpansAreOrderedAndDisjoint) {
  const std::string texts[] = {"a@b.se@c.se d@e.se", "x@y.z@w.v", "@@a@b.c@@d.e@f.g"};
  for (const std::string& text : texts) {
    size_t last_end = 0;
    for (const auto& [b, e] : find_email_spans(text)) {
      EXPECT_LE(last_end, b) << "text: " << text;
      EXPECT_LT(b, e) << "text: " << text;
      EXPECT_LE(e, text.size()) << "text: " << text;
      last_end = e;
    }
  }
}

TEST(EmailTest, ReplacesEveryAddress) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"ingen adress", "ingen adress"},
      {"Skriv till anna@x.se, tack.", "Skriv till [X], tack."},
      {"a@b.se och c@d.se.", "[X] och [X]."},
      {"per@localhost", "per@localhost"},
  };
  for (const auto& [text, want] : cases) {
    EXPECT_EQ(replace_emails(text, "[X]"), want) << "text: " << text;
  }
}

}  // namespace
}  // namespace fss
