// fss-searchd under malformed requests (issue 8, "Bad input, over the wire"): raw bytes
// over sockets to the real daemon. Every request gets a 4xx with the contract's JSON
// error, or its connection closed; never a 5xx; and /healthz answers afterwards.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "searchd_test_util.h"

namespace fss::testing {
namespace {

using nlohmann::json;

const std::string kArchive = std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl";
constexpr int kReadTimeoutS = 2;

struct Case {
  std::string name;
  std::string request;  // raw bytes
  int status;           // expected status; 0: any 4xx; -1: anything but a 5xx
  bool json = true;     // the contract's JSON error body (false only for HEAD)
};

std::string get(const std::string& target, const std::string& headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
         "Connection: close\r\n\r\n";
}
std::string search(const std::string& query) { return get("/api/search?" + query); }

// Parameters with invalid UTF-8 or NUL bytes, long queries, operators alone.
void add_parameter_and_query_cases(std::vector<Case>* out) {
  std::vector<Case>& c = *out;
  // Parameters: invalid UTF-8 and NUL bytes.
  for (const std::string q :
       {"q=%FF", "q=%C3", "q=%C3%28", "q=%ED%A0%80", "q=%F8%88%80%80%80", "q=%C0%AF", "q=a%00b",
        "q=%00", "author=%FE", "area=%80", "from=2023-01-01%00", "type=post%00"})
    c.push_back({"param " + q, search(q), 400});
  c.push_back({"suggest NUL", get("/api/suggest?q=f%00"), 400});
  c.push_back({"suggest bad UTF-8", get("/api/suggest?q=%E5"), 400});
  c.push_back({"analyze bad UTF-8", get("/api/analyze?text=%E5%E4%F6"), 400});
  // Long queries: over 1024 bytes is a 400, over cpp-httplib's 8192-byte request line a 414.
  c.push_back({"q of 1025 bytes", search("q=" + std::string(1025, 'a')), 400});
  c.push_back({"q of 20 KB", search("q=" + std::string(20000, 'a')), 414});
  c.push_back({"q of 1 MB", search("q=" + std::string(1 << 20, 'a')), 414});
  std::string terms;
  while (terms.size() < 1000) terms += "ord+";
  c.push_back({"250 terms within 1024 bytes", search("q=" + terms), 200});
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "t" + std::to_string(i) + "+";
  c.push_back({"3000 terms", search("q=" + many), 0});
  c.push_back({"deep parentheses",
               search("q=" + std::string(500, '(') + "a" + std::string(500, ')')), 200});
  c.push_back({"only opening parentheses", search("q=" + std::string(1000, '(')), 200});
  // Every operator alone: read leniently, never an error.
  for (const std::string op :
       {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ", "-", "%2B", "*", "%22", "title%3A", "author%3A",
        "%28", "%29", "-%2A", "OR+OR", "AND+NOT", "a+NEAR%2F3+b", "~"})
    c.push_back({"operator " + op, search("q=" + op), 200});
}

// Dates, paging and repeated parameters.
void add_parameter_value_cases(std::vector<Case>* out) {
  std::vector<Case>& c = *out;
  // Dates.
  for (const std::string d :
       {"from=2023-02-29", "from=2023-13-01", "to=2023-00-10", "to=2023-04-31", "from=0000-01-01",
        "from=99999-01-01", "from=2023-1-1", "from=20230101", "to=today", "from=2023-01-01T00:00",
        "from=-2023-01-01", "from=2024-01-01&to=2023-12-31"})
    c.push_back({"date " + d, search(d), 400});
  // Page and size.
  for (const std::string p : {"page=0", "page=-1", "page=10001", "page=99999999999999999999",
                              "page=x", "page=1.5", "page=", "size=0", "size=-5", "size=101",
                              "size=4294967297", "size=ten", "size=0x10", "page=+1", "size=1e3"}) {
    const bool empty = p == "page=";  // empty counts as absent
    c.push_back({"paging " + p, search(p), empty ? 200 : 400});
  }
  // Repeated parameters (author and area may repeat).
  for (const std::string r :
       {"q=a&q=b", "page=1&page=2", "size=1&size=2", "sort=date&sort=relevance",
        "type=post&type=comment", "from=2023-01-01&from=2023-01-02", "to=2023-01-01&to=2023-01-02"})
    c.push_back({"repeated " + r, search(r), 400});
  c.push_back({"suggest q twice", get("/api/suggest?q=a&q=b"), 400});
  c.push_back({"unknown enum type", search("type=POST"), 400});
  c.push_back({"unknown enum sort", search("sort=Date"), 400});
}

// Unknown routes and methods, request lines and headers cpp-httplib refuses.
void add_route_method_and_line_cases(std::vector<Case>* out) {
  std::vector<Case>& c = *out;
  // Unknown routes and methods.
  for (const std::string p :
       {"/api", "/api/", "/api/search/", "/api/searchx", "/api/posts", "/api/posts/a/b",
        "/api/posts/", "/admin", "/index.html", "/.git/config", "/healthz/x", "/%FF", "/a%00b"})
    c.push_back({"route " + p, get(p), 404});
  for (const std::string m : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"})
    c.push_back({"method " + m,
                 m + " /api/search?q=a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 405});
  c.push_back(
      {"unknown method", "BREW /api/search HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400});
  c.push_back({"lower-case method", "get / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400});
  c.push_back({"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 0});
  c.push_back({"HTTP/0.9", "GET /\r\n\r\n", 400});
  c.push_back({"bad version", "GET / HTTP/7.0\r\nHost: x\r\nConnection: close\r\n\r\n", 400});
  c.push_back({"binary garbage",
               std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 16), 400});
  c.push_back({"no spaces", "GET/HTTP/1.1\r\n\r\n", 400});
  c.push_back({"header without colon (skipped by cpp-httplib)",
               "GET / HTTP/1.1\r\nHost x\r\nConnection: close\r\n\r\n", -1});
  c.push_back({"bad Range", get("/healthz", "Range: bytes=zz\r\n"), 416});
}

// Bodies on GET, oversized headers, path traversal.
void add_body_header_and_traversal_cases(std::vector<Case>* out) {
  std::vector<Case>& c = *out;
  // Bodies on GET: refused before a byte of them is read, and the connection closed.
  c.push_back({"GET with Content-Length",
               "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world", 413});
  c.push_back({"GET with huge Content-Length",
               "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n", 413});
  c.push_back({"GET chunked",
               "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
               "chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
               413});
  c.push_back(
      {"GET chunked, endless",
       "GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\n" +
           std::string(100000, 'x'),
       413});
  c.push_back({"POST with body",
               "POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nq=a", 413});
  c.push_back({"Expect 100-continue",
               "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n",
               413});
  // Oversized headers.
  c.push_back(
      {"one 10 KB header", get("/healthz", "X-Big: " + std::string(10000, 'a') + "\r\n"), 400});
  c.push_back(
      {"one 1 MB header", get("/healthz", "X-Big: " + std::string(1 << 20, 'a') + "\r\n"), 400});
  // Path traversal on the page's files (which are compiled in: there is no directory).
  for (const std::string p :
       {"/../../etc/passwd", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/%2E%2E/%2E%2E/etc/passwd",
        "//etc/passwd", "/app.js/../..", "/app.js/../../etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/static/../../../etc/passwd", "/%252e%252e%252fetc%252fpasswd", "/.%2e/.%2e/etc/passwd",
        "/style.css%00.js", "/..\\..\\etc\\passwd", "/api/posts/..%2f..%2fetc%2fpasswd"})
    c.push_back({"traversal " + p, get(p), 404});
  c.push_back(
      {"absolute-form target",
       "GET http://evil.example/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404});
}

// Every malformed request, in groups.
std::vector<Case> malformed_cases() {
  std::vector<Case> c;
  add_parameter_and_query_cases(&c);
  add_parameter_value_cases(&c);
  add_route_method_and_line_cases(&c);
  add_body_header_and_traversal_cases(&c);
  return c;
}

class MalformedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    ASSERT_EQ(build_index(kArchive, *dir_ / "index").exit, 0);
    daemon_ = std::make_unique<Daemon>();
    ASSERT_TRUE(
        daemon_->start({"--listen", "127.0.0.1:0", "--index", *dir_ / "index", "--read-timeout",
                        std::to_string(kReadTimeoutS), "--http-threads", "16"}))
        << daemon_->log();
  }
  static void TearDownTestSuite() {
    daemon_.reset();
    dir_.reset();
  }
  static int port() { return daemon_->port(); }
  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<Daemon> daemon_;
};
std::unique_ptr<TempDir> MalformedTest::dir_;
std::unique_ptr<Daemon> MalformedTest::daemon_;

TEST_F(MalformedTest, EveryMalformedRequestGetsA4xxJsonError) {
  const std::vector<Case> cases = malformed_cases();
  ASSERT_GE(cases.size(), 50u);
  int errors = 0;
  for (const Case& c : cases) {
    const RawReply r = raw_request(port(), c.request, 10000, 300);
    const int status = r.status();
    if (status == 0) {
      // Closed without an answer: allowed for abuse only, never for an ordinary bad request.
      EXPECT_TRUE(r.closed) << c.name << ": neither an answer nor a closed connection";
      EXPECT_EQ(c.status, 0) << c.name << ": closed without an answer";
      continue;
    }
    EXPECT_LT(status, 500) << c.name << "\n" << r.bytes.substr(0, 400);
    if (c.status > 0) {
      EXPECT_EQ(status, c.status) << c.name << "\n" << r.bytes.substr(0, 400);
    } else if (c.status == 0) {
      EXPECT_TRUE(status >= 400 && status < 500) << c.name << ": " << status;
    }
    if (status >= 400) {
      ++errors;
      const json j = json::parse(r.body(), nullptr, false);
      EXPECT_TRUE(j.is_object() && j.size() == 1 && j.contains("error") &&
                  j["error"]["code"].is_string() && j["error"]["message"].is_string())
          << c.name << ": not the contract's error JSON: " << r.body().substr(0, 300);
      EXPECT_EQ(header_value(r.head(), "Content-Type").value_or(""),
                "application/json; charset=utf-8")
          << c.name;
    } else if (c.status == 200) {
      EXPECT_TRUE(json::parse(r.body(), nullptr, false).is_object()) << c.name;
    }
    if (status == 413) {
      EXPECT_TRUE(r.closed) << c.name << ": a refused body must end the connection";
      EXPECT_EQ(header_value(r.head(), "Connection").value_or(""), "close") << c.name;
    }
  }
  EXPECT_GE(errors, 50);
  EXPECT_EQ(http_get(port(), "/healthz").status(), 200);
  const std::string metrics = http_get(port(), "/metrics").body();
  EXPECT_EQ(metrics.find("status=\"5"), std::string::npos) << metrics;
}

TEST_F(MalformedTest, RefusedBodyIsNotReadAsTheNextRequest) {
  // Request smuggling: the body of a refused GET must not be served as a request.
  const RawReply r = raw_request(port(),
                                 "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 35\r\n\r\n"
                                 "GET /api/areas HTTP/1.1\r\nHost: x\r\n\r\n",
                                 3000, 500);
  EXPECT_EQ(r.status(), 413);
  EXPECT_EQ(r.bytes.find("HTTP/1.1", 5), std::string::npos) << "a second answer:\n" << r.bytes;
  EXPECT_TRUE(r.closed);
}

TEST_F(MalformedTest, HeadOfAnErrorHasNoBody) {
  const RawReply r = raw_request(
      port(), "HEAD /api/search?size=0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status(), 400);
  EXPECT_TRUE(r.body().empty());
}

TEST_F(MalformedTest, RangeRequestsAreIgnored) {
  // cpp-httplib 0.11 serves every range asked for: 1000 ranges would multiply an answer.
  std::string ranges = "bytes=0-";
  for (int i = 0; i < 999; ++i) ranges += ",0-";
  const RawReply r = http_get(port(), "/api/search?size=100", "Range: " + ranges + "\r\n");
  EXPECT_EQ(r.status(), 200);
  EXPECT_TRUE(json::parse(r.body(), nullptr, false).is_object());
}

TEST_F(MalformedTest, KeepAliveSurvivesErrors) {
  const int fd = connect_local(port());
  ASSERT_GE(fd, 0);
  for (const std::string target :
       {"/api/search?size=0", "/nowhere", "/api/search?q=hej", "/api/posts/nope"}) {
    ASSERT_TRUE(send_all(fd, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    const RawReply r = read_reply(fd, 5000, 0);
    EXPECT_NE(r.status(), 0) << target;
    EXPECT_LT(r.status(), 500) << target;
    EXPECT_FALSE(r.closed) << target;
  }
  ::close(fd);
}

TEST_F(MalformedTest, SlowClientsAreCutOffByTheReadTimeoutWhileOthersAreServed) {
  // Eight slow-loris connections: a few bytes of a request line, slowly, then silence.
  std::vector<int> slow;
  for (int i = 0; i < 8; ++i) {
    const int fd = connect_local(port());
    ASSERT_GE(fd, 0);
    slow.push_back(fd);
  }
  for (const char ch : std::string("GET /hea")) {
    for (const int fd : slow) send_all(fd, std::string(1, ch));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const auto silent_since = std::chrono::steady_clock::now();
  // Meanwhile everybody else is served, promptly.
  for (int i = 0; i < 20; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(http_get(port(), "/api/search?q=hej").status(), 200);
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  }
  // Each slow connection is closed by the server within the read timeout (plus slack).
  for (const int fd : slow) {
    const RawReply r = read_reply(fd, (kReadTimeoutS + 3) * 1000);
    EXPECT_TRUE(r.closed) << "a slow connection is still open";
    EXPECT_LT(std::chrono::steady_clock::now() - silent_since,
              std::chrono::seconds(kReadTimeoutS + 3));
    ::close(fd);
  }
  EXPECT_EQ(http_get(port(), "/healthz").status(), 200);
}

}  // namespace
}  // namespace fss::testing
