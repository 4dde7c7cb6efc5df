// fss-searchd's page files (issue 18, searchd/static_files.h) against the real daemon on
// loopback: encodings by Accept-Encoding (decoded bodies equal searchd/web/), validators
// and 304s, versioned URLs with the year-long cache, HEAD.
#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <memory>
#include <regex>
#include <set>

#include "searchd_test_util.h"

namespace fss::testing {
namespace {

const std::string kWeb = std::string(FSS_SOURCE_DIR) + "/searchd/web/";
constexpr const char* kYear = "public, max-age=31536000, immutable";

std::string gunzip(const std::string& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return "<inflateInit2 failed>";
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  return rc == Z_STREAM_END && zs.avail_in == 0 ? out : "<not one gzip stream>";
}

std::string unbrotli(const std::string& in) {
  std::string out(1 << 20, '\0');
  size_t size = out.size();
  if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size,
                              reinterpret_cast<uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS)
    return "<not a brotli stream>";
  out.resize(size);
  return out;
}

std::string decode(const std::string& coding, const std::string& body) {
  if (coding == "br") return unbrotli(body);
  if (coding == "gzip") return gunzip(body);
  return coding.empty() ? body : "<unknown coding " + coding + ">";
}

size_t count_header(const std::string& head, const std::string& name) {
  size_t n = 0;
  for (size_t at = head.find("\r\n" + name + ":"); at != std::string::npos;
       at = head.find("\r\n" + name + ":", at + 1))
    ++n;
  return n;
}

std::string header(const RawReply& r, const std::string& name) {
  return header_value(r.head(), name).value_or("");
}

class SearchdStaticTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    daemon_ = std::make_unique<Daemon>();
    // The page is served without an index.
    ASSERT_TRUE(daemon_->start({"--listen", "127.0.0.1:0", "--index", dir_->path()}))
        << daemon_->log();
  }
  static void TearDownTestSuite() {
    daemon_.reset();
    dir_.reset();
  }
  static RawReply fetch(const std::string& path, const std::string& headers = "",
                        const std::string& method = "GET") {
    return raw_request(
        daemon_->port(),
        method + " " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n",
        10000, 0);
  }
  // The version in the page's URLs: the hash in the identity ETag of the plain file.
  static std::string version_of(const std::string& path) {
    const std::string etag = header(fetch(path), "ETag");
    return etag.size() > 2 ? etag.substr(1, etag.size() - 2) : "";
  }
  // What the page must be: searchd/web/index.html naming its files by version.
  static std::string expected_page() {
    std::string html = read_file(kWeb + "index.html");
    html = std::regex_replace(html, std::regex(R"(src="app\.js")"),
                              "src=\"app.js?v=" + version_of("/app.js") + "\"");
    return std::regex_replace(html, std::regex(R"(href="style\.css")"),
                              "href=\"style.css?v=" + version_of("/style.css") + "\"");
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<Daemon> daemon_;
};
std::unique_ptr<TempDir> SearchdStaticTest::dir_;
std::unique_ptr<Daemon> SearchdStaticTest::daemon_;

struct Asset {
  std::string path;
  std::string type;
  std::string body;
};

std::vector<Asset> assets(const std::string& page) {
  return {{"/", "text/html; charset=utf-8", page},
          {"/app.js", "text/javascript; charset=utf-8", read_file(kWeb + "app.js")},
          {"/style.css", "text/css; charset=utf-8", read_file(kWeb + "style.css")}};
}

TEST_F(SearchdStaticTest, EachAssetInEachEncoding) {
  struct Case {
    std::string accept_encoding;  // empty: no header
    std::string coding;           // Content-Encoding expected; empty: none
  };
  const Case cases[] = {
      {"br", "br"},
      {"gzip", "gzip"},
      {"identity", ""},
      {"", ""},
      {"br;q=0, gzip", "gzip"},
      {"gzip, deflate, br", "br"},
      {"gzip;q=1, br;q=0.5", "gzip"},
      {"deflate", ""},
      {"*", "br"},
      {"*;q=0, identity", ""},
      {"BR;Q=0, GZIP;q=0", ""},
  };
  for (const Asset& a : assets(expected_page())) {
    std::map<std::string, std::string> etag_by_coding;
    for (const Case& c : cases) {
      const std::string what = a.path + " with Accept-Encoding: " + c.accept_encoding;
      const RawReply r =
          fetch(a.path,
                c.accept_encoding.empty() ? "" : "Accept-Encoding: " + c.accept_encoding + "\r\n");
      ASSERT_EQ(r.status(), 200) << what << "\n" << r.bytes.substr(0, 300);
      EXPECT_EQ(header(r, "Content-Type"), a.type) << what;
      EXPECT_EQ(header(r, "Content-Encoding"), c.coding) << what;
      EXPECT_LE(count_header(r.head(), "Content-Encoding"), 1u) << what << "\n" << r.head();
      EXPECT_EQ(header(r, "Vary"), "Accept-Encoding") << what;
      EXPECT_EQ(header(r, "Cache-Control"), "no-cache") << what;
      EXPECT_FALSE(header(r, "Last-Modified").empty()) << what;
      EXPECT_EQ(header(r, "Content-Length"), std::to_string(r.body().size())) << what;
      EXPECT_EQ(decode(c.coding, r.body()), a.body) << what;
      const std::string etag = header(r, "ETag");
      EXPECT_TRUE(std::regex_match(etag, std::regex(R"("[0-9a-f]{16}")"))) << what << ": " << etag;
      // One strong tag per encoding: the same for every request that gets those bytes.
      const auto [it, added] = etag_by_coding.emplace(c.coding, etag);
      EXPECT_EQ(it->second, etag) << what;
    }
    EXPECT_EQ(etag_by_coding.size(), 3u) << a.path;
    std::set<std::string> distinct;
    for (const auto& [coding, etag] : etag_by_coding) distinct.insert(etag);
    EXPECT_EQ(distinct.size(), 3u) << a.path << ": each encoding has its own ETag";
  }
}

TEST_F(SearchdStaticTest, HeadIsTheHeadOfGet) {
  for (const Asset& a : assets(expected_page())) {
    const std::string br = "Accept-Encoding: br\r\n";
    const RawReply get = fetch(a.path, br), head = fetch(a.path, br, "HEAD");
    ASSERT_EQ(head.status(), 200) << a.path;
    EXPECT_TRUE(head.body().empty()) << a.path;
    for (const char* h : {"Content-Type", "Content-Encoding", "Content-Length", "ETag", "Vary",
                          "Cache-Control", "Last-Modified"})
      EXPECT_EQ(header(head, h), header(get, h)) << a.path << " " << h;
    const RawReply revalidated =
        fetch(a.path, br + "If-None-Match: " + header(get, "ETag") + "\r\n", "HEAD");
    EXPECT_EQ(revalidated.status(), 304) << a.path;
  }
}

TEST_F(SearchdStaticTest, ConditionalRequests) {
  for (const Asset& a : assets(expected_page())) {
    const std::string br = "Accept-Encoding: br\r\n";
    const RawReply first = fetch(a.path, br);
    const std::string etag = header(first, "ETag"), modified = header(first, "Last-Modified");
    const std::string gzip_etag = header(fetch(a.path, "Accept-Encoding: gzip\r\n"), "ETag");
    struct Case {
      std::string headers;
      int status;
    };
    const Case cases[] = {
        {"If-None-Match: " + etag + "\r\n", 304},
        {"If-None-Match: \"a\", " + etag + ", \"b\"\r\n", 304},
        {"If-None-Match: W/" + etag + "\r\n", 304},  // If-None-Match compares weakly
        {"If-None-Match: *\r\n", 304},
        {"If-None-Match: \"a\"\r\nIf-None-Match: " + etag + "\r\n", 304},
        {"If-None-Match: \"0000000000000000\"\r\n", 200},
        {"If-None-Match: " + gzip_etag + "\r\n", 200},  // other bytes than the br ones
        {"If-Modified-Since: " + modified + "\r\n", 304},
        {"If-Modified-Since: Fri, 31 Dec 2100 23:59:59 GMT\r\n", 200},  // not a date we sent
        {"If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n", 200},
        {"If-Modified-Since: yesterday\r\n", 200},
        // If-None-Match decides alone when both are given (RFC 9110 13.2.2).
        {"If-None-Match: \"a\"\r\nIf-Modified-Since: " + modified + "\r\n", 200},
        {"If-None-Match: " + etag + "\r\nIf-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n",
         304},
    };
    for (const Case& c : cases) {
      const std::string what = a.path + " with " + c.headers;
      const RawReply r = fetch(a.path, br + c.headers);
      ASSERT_EQ(r.status(), c.status) << what << "\n" << r.head();
      EXPECT_EQ(header(r, "ETag"), etag) << what;
      EXPECT_EQ(header(r, "Vary"), "Accept-Encoding") << what;
      EXPECT_EQ(header(r, "Cache-Control"), "no-cache") << what;
      EXPECT_FALSE(header(r, "X-Content-Type-Options").empty()) << what;
      if (c.status == 304) {
        EXPECT_TRUE(r.body().empty()) << what;
        EXPECT_EQ(header(r, "Content-Length"), header(first, "Content-Length")) << what;
      } else {
        EXPECT_EQ(unbrotli(r.body()), a.body) << what;
      }
    }
  }
}

TEST_F(SearchdStaticTest, PageNamesVersionedFilesCachedForAYear) {
  const RawReply page = fetch("/", "Accept-Encoding: gzip\r\n");
  const std::string html = gunzip(page.body());
  EXPECT_EQ(header(page, "Cache-Control"), "no-cache");
  EXPECT_NE(header(page, "Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  for (const Asset& a : assets(html)) {
    if (a.path == "/") continue;
    const std::string file = a.path.substr(1);
    std::smatch m;
    const std::regex ref("\"" + std::regex_replace(file, std::regex(R"(\.)"), R"(\.)") +
                         R"re(\?v=([0-9a-f]{16})")re");
    ASSERT_TRUE(std::regex_search(html, m, ref)) << file << " not versioned in\n" << html;
    const std::string v = m[1];
    EXPECT_EQ(v, version_of(a.path)) << file;
    struct Case {
      std::string url;
      std::string cache_control;
    };
    const Case cases[] = {
        {a.path + "?v=" + v, kYear},
        {a.path + "?v=" + v + "&x=1", kYear},
        {a.path, "no-cache"},                          // the old URL still works
        {a.path + "?v=0123456789abcdef", "no-cache"},  // another version: not pinned
        {a.path + "?v=" + v + "&v=1", "no-cache"},     // not one version
        {a.path + "?v=", "no-cache"},
    };
    for (const Case& c : cases) {
      for (const std::string coding : {"br", "gzip", ""}) {
        const std::string what = c.url + " " + coding;
        const RawReply r =
            fetch(c.url, coding.empty() ? "" : "Accept-Encoding: " + coding + "\r\n");
        ASSERT_EQ(r.status(), 200) << what;
        EXPECT_EQ(header(r, "Cache-Control"), c.cache_control) << what;
        EXPECT_EQ(header(r, "Vary"), "Accept-Encoding") << what;
        EXPECT_EQ(decode(coding, r.body()), a.body) << what;
      }
    }
    const RawReply again = fetch(a.path + "?v=" + v, "If-None-Match: *\r\n");
    EXPECT_EQ(again.status(), 304);
    EXPECT_EQ(header(again, "Cache-Control"), kYear);
  }
  EXPECT_EQ(fetch("/favicon.ico").status(), 204);
}

// Regression (issue 18): static files recompressed on every request.
// The bug: cpp-httplib brotli-compressed app.js again for every request (47 ms of CPU
// each, bench/README.md finding 11), without validators, and even for "br;q=0". Its cost
// is measured in bench/static_files.sh, not here (no timed assertions in tests); what
// the fix makes observable is checked: the stored form, the same bytes and ETag on every
// request, a 304 to revalidation, and no brotli for a client that refuses it.
TEST_F(SearchdStaticTest, StaticFilesRecompressedOnEveryRequest) {
  const RawReply first = fetch("/app.js", "Accept-Encoding: br\r\n");
  const RawReply second = fetch("/app.js", "Accept-Encoding: br\r\n");
  EXPECT_EQ(header(first, "Content-Encoding"), "br");
  ASSERT_FALSE(header(first, "ETag").empty());
  EXPECT_EQ(header(first, "ETag"), header(second, "ETag"));
  EXPECT_EQ(first.body(), second.body());
  EXPECT_EQ(
      fetch("/app.js", "Accept-Encoding: br\r\nIf-None-Match: " + header(first, "ETag") + "\r\n")
          .status(),
      304);
  EXPECT_EQ(header(fetch("/app.js", "Accept-Encoding: br;q=0\r\n"), "Content-Encoding"), "");
}

}  // namespace
}  // namespace fss::testing
