// The header parsers of searchd/static_files.h: tables of header value -> decision.
// (The daemon end to end: searchd_static_test.cc.)
#include "static_files.h"

#include <gtest/gtest.h>

namespace fss::searchd {
namespace {

const char* name(Coding c) {
  return c == Coding::kBrotli ? "br" : c == Coding::kGzip ? "gzip" : "identity";
}

TEST(ChooseCoding, Table) {
  const std::vector<Coding> all = {Coding::kIdentity, Coding::kBrotli, Coding::kGzip};
  const std::vector<Coding> no_br = {Coding::kIdentity, Coding::kGzip};
  struct Case {
    std::string accept_encoding;
    std::vector<Coding> available;
    Coding want;
  };
  const Case cases[] = {
      {"", all, Coding::kIdentity},
      {"br", all, Coding::kBrotli},
      {"gzip", all, Coding::kGzip},
      {"x-gzip", all, Coding::kGzip},
      {"gzip, br", all, Coding::kBrotli},
      {"gzip, deflate, br, zstd", all, Coding::kBrotli},
      {"br;q=0, gzip", all, Coding::kGzip},
      {"br; q=0, gzip", all, Coding::kGzip},
      {"br;q=0.0, gzip;q=0.001", all, Coding::kGzip},
      {"br;q=0, gzip;q=0", all, Coding::kIdentity},
      {"gzip;q=1, br;q=0.5", all, Coding::kGzip},
      {"gzip;q=0.5, br;q=0.5", all, Coding::kBrotli},
      {"identity;q=1, gzip;q=0.5", all, Coding::kIdentity},
      {"br", no_br, Coding::kIdentity},
      {"br, gzip", no_br, Coding::kGzip},
      {"*", all, Coding::kBrotli},
      {"*;q=0", all, Coding::kIdentity},  // nothing acceptable: identity all the same
      {"*;q=0, gzip", all, Coding::kGzip},
      {"deflate", all, Coding::kIdentity},
      {"BR", all, Coding::kBrotli},
      {"brotli, gzipped", all, Coding::kIdentity},  // names, not substrings
      {" , ;q=1, br", all, Coding::kBrotli},
  };
  for (const Case& c : cases)
    EXPECT_STREQ(name(choose_coding(c.accept_encoding, c.available)), name(c.want))
        << "Accept-Encoding: " << c.accept_encoding;
}

TEST(EtagMatches, Table) {
  const std::string etag = "\"0123456789abcdef\"";
  struct Case {
    std::string if_none_match;
    bool want;
  };
  const Case cases[] = {
      {etag, true},
      {"*", true},
      {" * ", true},
      {"W/" + etag, true},
      {"\"a\", " + etag, true},
      {"\"a\"," + etag + ",\"b\"", true},
      {"\"a\", \"b\"", false},
      {"0123456789abcdef", false},  // unquoted
      {"", false},
      {"\"0123456789abcde\"", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(etag_matches(c.if_none_match, etag), c.want) << "If-None-Match: " << c.if_none_match;
}

TEST(HttpDate, FormatsAndParses) {
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            std::optional<std::time_t>(784111777));
  EXPECT_EQ(parse_http_date(http_date(1764698400)), std::optional<std::time_t>(1764698400));
  for (const char* bad :
       {"", "yesterday", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT trailing", "Sunday, 06-Nov-94 08:49:37 GMT"})
    EXPECT_EQ(parse_http_date(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace fss::searchd
