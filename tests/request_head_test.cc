// check_head (searchd/request_head.h): a table of buffered bytes -> what the front does.
#include "request_head.h"

#include <gtest/gtest.h>

namespace fss::searchd {
namespace {

struct Case {
  std::string name;
  std::string bytes;
  HeadCheck::State state;
  int status = 0;  // for kRefused
};

TEST(CheckHead, Table) {
  const std::string get = "GET /healthz HTTP/1.1\r\nHost: x\r\n";
  const std::vector<Case> cases = {
      {"empty", "", HeadCheck::kIncomplete},
      {"half a request line", "GET /hea", HeadCheck::kIncomplete},
      {"no empty line yet", get, HeadCheck::kIncomplete},
      {"complete", get + "\r\n", HeadCheck::kComplete},
      {"bare newlines", "GET / HTTP/1.1\nHost: x\n\n", HeadCheck::kComplete},
      {"Content-Length 0", get + "Content-Length: 0\r\n\r\n", HeadCheck::kComplete},
      {"request line at the limit", "GET /" + std::string(8192 - 16, 'a') + " HTTP/1.1\r\n\r\n",
       HeadCheck::kComplete},
      {"request line over the limit, unterminated", "GET /" + std::string(9000, 'a'),
       HeadCheck::kRefused, 414},
      {"request line over the limit", "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n",
       HeadCheck::kRefused, 414},
      {"header line over the limit, unterminated", get + "X: " + std::string(8200, 'a'),
       HeadCheck::kRefused, 400},
      {"head over the limit",
       get +
           [] {
             std::string h;
             for (int i = 0; i < 3; ++i)
               h += "X-" + std::to_string(i) + ": " + std::string(6000, 'a') + "\r\n";
             return h;
           }() +
           "\r\n",
       HeadCheck::kRefused, 400},
      {"101 headers",
       get +
           [] {
             std::string h;
             for (int i = 0; i < 100; ++i) h += "X: a\r\n";
             return h;
           }() +
           "\r\n",
       HeadCheck::kRefused, 400},
      {"duplicate Content-Length", get + "Content-Length: 0\r\nContent-Length: 5\r\n\r\n",
       HeadCheck::kRefused, 400},
      {"space before the colon", get + "Content-Length : 5\r\n\r\n", HeadCheck::kRefused, 400},
      {"folded line", get + "X: a\r\n b\r\n\r\n", HeadCheck::kRefused, 400},
      {"no colon", get + "Nonsense\r\n\r\n", HeadCheck::kRefused, 400},
      {"Content-Length not a number", get + "Content-Length: 5x\r\n\r\n", HeadCheck::kRefused, 400},
      {"Content-Length and Transfer-Encoding",
       get + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", HeadCheck::kRefused, 400},
      {"a body", get + "Content-Length: 5\r\n\r\nhello", HeadCheck::kRefused, 413},
      {"chunked", get + "Transfer-Encoding: chunked\r\n\r\n", HeadCheck::kRefused, 413},
  };
  for (const Case& c : cases) {
    const HeadCheck h = check_head(c.bytes);
    EXPECT_EQ(h.state, c.state) << c.name << ": " << h.message;
    if (c.state == HeadCheck::kRefused) {
      EXPECT_EQ(h.status, c.status) << c.name;
      EXPECT_FALSE(h.message.empty()) << c.name;
    }
  }
}

TEST(CheckHead, PipelinedRequestEndsAtItsEmptyLine) {
  const std::string first = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
  const HeadCheck h = check_head(first + "GET /b HTTP/1.1\r\n");
  ASSERT_EQ(h.state, HeadCheck::kComplete);
  EXPECT_EQ(h.length, first.size());
}

}  // namespace
}  // namespace fss::searchd
