#include "fss/url.h"

#include <gtest/gtest.h>

#include <string>

namespace fss {
namespace {

struct UrlCase {
  std::string input;
  std::string keep;
  std::string encoded;
};

TEST(UrlTest, EncodesAllButUnreservedAndKept) {
  const UrlCase cases[] = {
      {"", "", ""},
      {"abcXYZ019-._~", "", "abcXYZ019-._~"},
      {"första linjen", "", "f%C3%B6rsta%20linjen"},
      {"a+b&c=d", "", "a%2Bb%26c%3Dd"},
      {"Monica Persson", "", "Monica%20Persson"},
      {"\"tillit\" social*", "", "%22tillit%22%20social%2A"},
      {"/api/posts/x", "", "%2Fapi%2Fposts%2Fx"},
      {"/wp/v2/posts", "/", "/wp/v2/posts"},
      {"id,modified_gmt:x/y", "/,:", "id,modified_gmt:x/y"},
      {"a b%", "/,:", "a%20b%25"},
      {std::string("nul\0x", 5), "", "nul%00x"},
      {"\xFF\x80", "", "%FF%80"},
      {"\n\r\t", "", "%0A%0D%09"},
  };
  for (const UrlCase& c : cases) {
    EXPECT_EQ(url_encode(c.input, c.keep), c.encoded)
        << "input: '" << c.input << "' keep: '" << c.keep << "'";
  }
}

}  // namespace
}  // namespace fss
