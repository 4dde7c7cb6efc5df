// request_from_params and validate_request: every error in the contract's words.
#include "fss/search_params.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace fss {
namespace {

using Params = std::multimap<std::string, std::string>;

struct ErrorCase {
  Params params;
  std::string message;
};

std::string show(const Params& p) {
  std::string s;
  for (const auto& [k, v] : p) s += k + "=" + v.substr(0, 40) + "&";
  return s;
}

TEST(SearchParamsTest, Errors) {
  const std::vector<ErrorCase> cases = {
      {{{"size", "0"}}, "size: must be between 1 and 100"},
      {{{"size", "101"}}, "size: must be between 1 and 100"},
      {{{"size", "-1"}}, "size: must be between 1 and 100"},
      {{{"size", "99999999999999999999999999"}}, "size: must be between 1 and 100"},
      {{{"size", "abc"}}, "size: not a number: 'abc'"},
      {{{"size", "1e9"}}, "size: not a number: '1e9'"},
      {{{"size", "-"}}, "size: not a number: '-'"},
      {{{"size", " 5"}}, "size: not a number: ' 5'"},
      {{{"page", "0"}}, "page: must be between 1 and 10000"},
      {{{"page", "10001"}}, "page: must be between 1 and 10000"},
      {{{"page", "-1"}}, "page: must be between 1 and 10000"},
      {{{"page", "99999999999999999999999999"}}, "page: must be between 1 and 10000"},
      {{{"page", "x"}}, "page: not a number: 'x'"},
      {{{"from", "2023-13-01"}}, "from: not a date: '2023-13-01'"},
      {{{"from", "2023-02-30"}}, "from: not a date: '2023-02-30'"},
      {{{"from", "x"}}, "from: not a date: 'x'"},
      {{{"to", "2023-1-1"}}, "to: not a date: '2023-1-1'"},
      {{{"from", "2023-05-01"}, {"to", "2023-01-01"}},
       "from: '2023-05-01' is after to: '2023-01-01'"},
      {{{"q", "ab\xff"}}, "q: invalid UTF-8 at byte 2"},
      {{{"q", std::string(1025, 'a')}}, "q: longer than 1024 bytes"},
      {{{"author", "\xc3"}}, "author: invalid UTF-8 at byte 0"},
      {{{"from", "2023\xff"}}, "from: invalid UTF-8 at byte 4"},
      {{{"q", "a"}, {"q", "b"}}, "q: given more than once"},
      {{{"q", "a"}, {"q", ""}}, "q: given more than once"},
      {{{"from", "2023-01-01"}, {"from", "2023-02-01"}}, "from: given more than once"},
      {{{"size", "5"}, {"size", "6"}}, "size: given more than once"},
      {{{"type", "posts"}}, "type: must be 'post' or 'comment', not 'posts'"},
      {{{"sort", "newest"}}, "sort: must be 'relevance' or 'date', not 'newest'"},
  };
  for (const ErrorCase& c : cases) {
    auto r = request_from_params(c.params);
    ASSERT_FALSE(r.is_ok()) << show(c.params);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << show(c.params);
    EXPECT_EQ(r.status().message(), c.message) << show(c.params);
  }
}

TEST(SearchParamsTest, ValidRequests) {
  auto r = request_from_params({{"q", std::string(1024, 'a')}});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  r = request_from_params({{"q", "första linjen"},
                           {"from", "2023-01-01"},
                           {"to", "2023-12-31"},
                           {"author", "Monica Persson"},
                           {"author", "Lars Liljedahl"},
                           {"area", "nara-vard"},
                           {"type", "post"},
                           {"sort", "date"},
                           {"page", "2"},
                           {"size", "100"},
                           {"unknown", "ignored"}});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  const SearchRequest& q = r.value();
  EXPECT_EQ(q.query, "första linjen");
  EXPECT_EQ(q.from.value_or(""), "2023-01-01");
  EXPECT_EQ(q.to.value_or(""), "2023-12-31");
  EXPECT_EQ(q.authors, (std::vector<std::string>{"Monica Persson", "Lars Liljedahl"}));
  EXPECT_EQ(q.areas, std::vector<std::string>{"nara-vard"});
  EXPECT_EQ(q.type.value_or(""), "post");
  EXPECT_EQ(q.sort, "date");
  EXPECT_EQ(q.page, 2);
  EXPECT_EQ(q.size, 100);
  // from == to is a one-day range.
  EXPECT_TRUE(request_from_params({{"from", "2024-02-29"}, {"to", "2024-02-29"}}).is_ok());
}

TEST(SearchParamsTest, EmptyValuesAreAbsent) {
  auto r = request_from_params({{"q", ""},
                                {"from", ""},
                                {"to", ""},
                                {"author", ""},
                                {"area", ""},
                                {"type", ""},
                                {"sort", ""},
                                {"page", ""},
                                {"size", ""},
                                {"from", "2023-01-01"}});
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r.value().query, "");
  EXPECT_EQ(r.value().from.value_or(""), "2023-01-01");
  EXPECT_FALSE(r.value().to);
  EXPECT_TRUE(r.value().authors.empty());
  EXPECT_TRUE(r.value().areas.empty());
  EXPECT_FALSE(r.value().type);
  EXPECT_EQ(r.value().sort, "relevance");
  EXPECT_EQ(r.value().page, 1);
  EXPECT_EQ(r.value().size, 10);
}

TEST(SearchParamsTest, ValidateRequestDirectly) {
  SearchRequest r;
  EXPECT_TRUE(validate_request(r).is_ok());
  r.size = 0;
  EXPECT_EQ(validate_request(r).message(), "size: must be between 1 and 100");
  r.size = 10;
  r.query = std::string("a\0b", 3);
  EXPECT_EQ(validate_request(r).message(), "q: contains a NUL byte");
  r.query = "ok";
  r.type = "comment";
  EXPECT_TRUE(validate_request(r).is_ok());
  // Long, invalid input echoed in a message is cut short and repaired.
  auto bad = request_from_params({{"size", std::string(200, 'x') + "\xff"}});
  ASSERT_FALSE(bad.is_ok());
  EXPECT_LT(bad.status().message().size(), 100u) << bad.status().message();
}

}  // namespace
}  // namespace fss
