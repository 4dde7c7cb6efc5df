// fss-searchd end to end (issue 6): the real daemon on a free port, on an index built from
// corpus/archive.jsonl; every route, status and error of ../shared/spec/search-api.md,
// headers, metrics and the access log. Rebuilds, signals and flags:
// searchd_serving_test.cc.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <regex>

#include "searchd_json_util.h"
#include "searchd_test_util.h"

namespace fss::testing {
namespace {

class SearchdTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    const RunResult built = build_index(kArchive, *dir_ / "index");
    ASSERT_EQ(built.exit, 0) << built.output;
    daemon_ = std::make_unique<Daemon>();
    ASSERT_TRUE(daemon_->start({"--listen", "127.0.0.1:0", "--index", *dir_ / "index"}))
        << daemon_->log();
  }
  static void TearDownTestSuite() {
    daemon_.reset();
    dir_.reset();
  }
  static RawReply get(const std::string& path) { return http_get(daemon_->port(), path); }
  static json get_json(const std::string& path) {
    const RawReply r = get(path);
    EXPECT_EQ(r.status(), 200) << path << "\n" << r.bytes;
    return body_json(r);
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<Daemon> daemon_;
};
std::unique_ptr<TempDir> SearchdTest::dir_;
std::unique_ptr<Daemon> SearchdTest::daemon_;

TEST_F(SearchdTest, SearchAnswersTheContract) {
  const RawReply r = get("/api/search?q=" + url_encode("första linjen"));
  ASSERT_EQ(r.status(), 200) << r.bytes;
  EXPECT_EQ(header_value(r.head(), "Content-Type").value_or(""), "application/json; charset=utf-8");
  const json j = body_json(r);
  for (const char* key :
       {"query", "total", "page", "size", "took_ms", "suggestion", "facets", "hits"})
    EXPECT_TRUE(j.contains(key)) << key << " missing: " << j;
  EXPECT_EQ(j["query"], "första linjen");
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["size"], 10);
  EXPECT_GE(j["total"].get<int>(), 1);
  EXPECT_TRUE(j["suggestion"].is_null());
  for (const char* facet : {"year", "author", "area", "type"})
    EXPECT_TRUE(j["facets"].contains(facet)) << facet;
  ASSERT_FALSE(j["hits"].empty());
  const json& first = j["hits"][0];
  EXPECT_EQ(first["title"], "Första linjens socialtjänst har fått luft under vingarna");
  EXPECT_EQ(first["type"], "post");
  EXPECT_EQ(first["date"], "2023-03-06");
  EXPECT_EQ(first["author"], "Monica Persson");
  EXPECT_TRUE(first["areas"].is_array());
  EXPECT_NE(first["snippet"].get<std::string>().find("<mark>"), std::string::npos) << first;
  EXPECT_TRUE(first["score"].is_number());
}

TEST_F(SearchdTest, SearchParameters) {
  // Browse (empty query) counts every document.
  const json all = get_json("/api/search?q=&size=100");
  EXPECT_EQ(all["total"].get<size_t>(), documents_in(kArchive));

  const json dated = get_json("/api/search?from=2023-01-01&to=2023-06-30&size=100");
  ASSERT_GT(dated["hits"].size(), 0u);
  for (const json& h : dated["hits"]) {
    ASSERT_TRUE(h["date"].is_string()) << h;
    EXPECT_GE(h["date"].get<std::string>(), "2023-01-01");
    EXPECT_LE(h["date"].get<std::string>(), "2023-06-30");
  }

  const json by = get_json("/api/search?author=" + url_encode("monica PERSSON") + "&size=100");
  ASSERT_GT(by["hits"].size(), 0u);
  for (const json& h : by["hits"]) EXPECT_EQ(h["author"], "Monica Persson");
  const json two = get_json("/api/search?author=" + url_encode("Monica Persson") +
                            "&author=" + url_encode("Lars Liljedahl") + "&size=100");
  EXPECT_GT(two["total"].get<int>(), by["total"].get<int>());

  const json area = get_json("/api/search?area=nara-vard&size=100");
  ASSERT_GT(area["hits"].size(), 0u);
  for (const json& h : area["hits"]) {
    if (h["type"] != "post") continue;
    EXPECT_NE(std::find(h["areas"].begin(), h["areas"].end(), "nara-vard"), h["areas"].end()) << h;
  }

  const json comments = get_json("/api/search?type=comment&size=100");
  ASSERT_EQ(comments["total"], 2);
  for (const json& h : comments["hits"]) {
    EXPECT_EQ(h["type"], "comment");
    ASSERT_TRUE(h.contains("post")) << h;
    EXPECT_EQ(h["title"], h["post"]["title"]);
  }
  const json posts = get_json("/api/search?type=post&size=100");
  for (const json& h : posts["hits"]) EXPECT_EQ(h["type"], "post");

  const json by_date = get_json("/api/search?sort=date&type=post&size=100");
  std::string last = "9999-99-99";
  for (const json& h : by_date["hits"]) {
    if (!h["date"].is_string()) continue;
    EXPECT_LE(h["date"].get<std::string>(), last) << "not newest first";
    last = h["date"];
  }

  const json p1 = get_json("/api/search?q=socialtj%C3%A4nst&size=2&page=1");
  const json p2 = get_json("/api/search?q=socialtj%C3%A4nst&size=2&page=2");
  EXPECT_EQ(p1["size"], 2);
  EXPECT_EQ(p2["page"], 2);
  ASSERT_EQ(p1["hits"].size(), 2u);
  ASSERT_GE(p2["hits"].size(), 1u);
  EXPECT_NE(p1["hits"][0]["id"], p2["hits"][0]["id"]);
  const json far = get_json("/api/search?q=socialtj%C3%A4nst&page=10000");
  EXPECT_TRUE(far["hits"].empty());

  const json misspelt = get_json("/api/search?q=" + url_encode("förebygande"));
  EXPECT_TRUE(misspelt["suggestion"].is_string()) << misspelt;
}

TEST_F(SearchdTest, SearchErrorsAreTheContractsJson) {
  const std::pair<std::string, std::string> cases[] = {
      {"from=2023-13-01", "from"},
      {"to=2023-02-30", "to"},
      {"from=yesterday", "from"},
      {"size=0", "size"},
      {"size=101", "size"},
      {"size=-1", "size"},
      {"size=ten", "size"},
      {"page=0", "page"},
      {"page=10001", "page"},
      {"page=x", "page"},
      {"type=blog", "type"},
      {"sort=random", "sort"},
      {"q=%FF", "q"},
      {"q=" + std::string(1025, 'a'), "q"},
      {"q=a&q=b", "q"},
      {"from=2024-01-01&to=2023-01-01", "from"},
      {"author=%C3", "author"},
  };
  for (const auto& [query, param] : cases) {
    const RawReply r = get("/api/search?" + query);
    expect_error(r, 400, "bad_request", query);
    EXPECT_NE(body_json(r)["error"]["message"].get<std::string>().find(param), std::string::npos)
        << query << ": " << r.body();
  }
  // The contract's own example, word for word.
  EXPECT_EQ(get("/api/search?from=2023-13-01").body(),
            R"({"error":{"code":"bad_request","message":"from: not a date: '2023-13-01'"}})");
}

TEST_F(SearchdTest, PostWithCommentsShowsNamesNeverAddresses) {
  const RawReply r = get("/api/posts/tre-av-fyra-fokusomraden-klara");
  ASSERT_EQ(r.status(), 200) << r.bytes;
  const json j = body_json(r);
  EXPECT_EQ(j["title"], "Tre av fyra fokusområden klara");
  ASSERT_EQ(j["comments"].size(), 1u) << j;
  EXPECT_EQ(j["comments"][0]["author"], "Malin Lindén Ohlsson");
  EXPECT_EQ(j["comments"][0]["id"], "tre-av-fyra-fokusomraden-klara-c1");
  // The commenter's address is in the raw dump's comment header (corpus/raw), never here.
  EXPECT_EQ(r.body().find("gagnef.se"), std::string::npos);
  for (const json& c : j["comments"]) EXPECT_EQ(c.dump().find('@'), std::string::npos) << c;

  const json other = get_json("/api/posts/fordjupat-samarbete-med-socialstyrelsen");
  EXPECT_EQ(other["comments"][0]["author"], "Lars-Göran Jansson");
  EXPECT_EQ(other.dump().find("gmail.com"), std::string::npos);
}

TEST_F(SearchdTest, UnknownPostIs404Json) {
  for (const std::string& id :
       std::vector<std::string>{"no-such-post", "tre-av-fyra-fokusomraden-klara-c1",
                                "..%2F..%2Fetc%2Fpasswd", "%00", "%C3%A5", std::string(300, 'a')})
    expect_error(get("/api/posts/" + id), 404, "not_found", id);
}

TEST_F(SearchdTest, SuggestCompletesAccentInsensitively) {
  const json j = get_json("/api/suggest?q=forsta");
  ASSERT_TRUE(j["suggestions"].is_array());
  EXPECT_LE(j["suggestions"].size(), 10u);
  bool forsta = false;
  for (const json& s : j["suggestions"]) {
    forsta |= s["text"] == "första";
    if (s["kind"] == "title") {
      EXPECT_TRUE(s["id"].is_string()) << s;
    }
  }
  EXPECT_TRUE(forsta) << j;
  EXPECT_LE(get_json("/api/suggest?q=s")["suggestions"].size(), 10u);
  EXPECT_LE(get_json("/api/suggest?q=")["suggestions"].size(), 10u);
  expect_error(get("/api/suggest?q=" + std::string(300, 'a')), 400, "bad_request", "long prefix");
  expect_error(get("/api/suggest?q=%FF"), 400, "bad_request", "bad UTF-8");
}

TEST_F(SearchdTest, AnalyzeShowsWhatFssIndexAnalyzePrints) {
  const std::string text = "Första linjens socialtjänst, FSS:s budgetneddragningen!";
  const json served = get_json("/api/analyze?text=" + url_encode(text));
  const RunResult cli = run({FSS_INDEX_BIN, "analyze", text});
  ASSERT_EQ(cli.exit, 0) << cli.output;
  EXPECT_EQ(served, json::parse(cli.output));
  expect_error(get("/api/analyze?text=%FF"), 400, "bad_request", "bad UTF-8");
  expect_error(get("/api/analyze?text=" + std::string(4097, 'a')), 400, "bad_request", "long text");
  expect_error(get("/api/analyze?text=" + std::string(9000, 'a')), 414, "uri_too_long",
               "longer than a URI");
}

TEST_F(SearchdTest, AreasListsTheFocusAreas) {
  const json j = get_json("/api/areas");
  const json want =
      json::parse(read_file(std::string(FSS_SOURCE_DIR) + "/corpus/focus-areas.json"));
  ASSERT_EQ(j["areas"].size(), want["areas"].size());
  for (size_t i = 0; i < want["areas"].size(); ++i) {
    EXPECT_EQ(j["areas"][i]["id"], want["areas"][i]["id"]);
    EXPECT_EQ(j["areas"][i]["name"], want["areas"][i]["name"]);
  }
}

TEST_F(SearchdTest, HealthzSaysGenerationAndDocuments) {
  const json j = get_json("/healthz");
  EXPECT_EQ(j["status"], "ok");
  EXPECT_EQ(j["generation"], live_generation(*dir_ / "index"));
  EXPECT_EQ(j["documents"].get<size_t>(), documents_in(kArchive));
}

TEST_F(SearchdTest, MetricsInPrometheusText) {
  get("/api/search?q=hej");
  get("/api/search?size=0");
  get("/nowhere");
  const RawReply r = get("/metrics");
  ASSERT_EQ(r.status(), 200);
  EXPECT_EQ(
      header_value(r.head(), "Content-Type").value_or("").rfind("text/plain; version=0.0.4", 0),
      0u);
  const std::string m = r.body();
  for (const std::string& want : std::vector<std::string>{
           "# TYPE fss_http_requests_total counter",
           "fss_http_requests_total{route=\"search\",status=\"200\"} ",
           "fss_http_requests_total{route=\"search\",status=\"400\"} ",
           "fss_http_requests_total{route=\"other\",status=\"404\"} ",
           "# TYPE fss_http_request_duration_seconds histogram",
           "fss_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"} ",
           "fss_http_request_duration_seconds_sum{route=\"search\"} ",
           "fss_http_request_duration_seconds_count{route=\"search\"} ",
           "fss_index_documents " + std::to_string(documents_in(kArchive)) + "\n",
           "fss_index_generation_info{generation=\"" + live_generation(*dir_ / "index") + "\"} 1\n",
           "# TYPE fss_index_reopens_total counter\nfss_index_reopens_total "})
    EXPECT_NE(m.find(want), std::string::npos) << want << "\n" << m;
  // Every sample line parses as name{labels} value.
  std::istringstream in(m);
  std::string line;
  const std::regex sample(R"(^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+$)");
  while (std::getline(in, line)) {
    if (line[0] == '#') continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
  }
}

TEST_F(SearchdTest, SecurityHeadersOnEveryAnswer) {
  const std::string paths[] = {"/",
                               "/app.js",
                               "/style.css",
                               "/api/search?q=hej",
                               "/api/search?size=0",
                               "/api/posts/nope",
                               "/api/suggest?q=f",
                               "/api/analyze?text=a",
                               "/api/areas",
                               "/healthz",
                               "/metrics",
                               "/nowhere",
                               "/favicon.ico"};
  std::vector<RawReply> replies;
  for (const std::string& p : paths) replies.push_back(get(p));
  replies.push_back(
      raw_request(daemon_->port(), "DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  replies.push_back(
      raw_request(daemon_->port(), "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"));
  replies.push_back(raw_request(
      daemon_->port(),
      "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  replies.push_back(
      raw_request(daemon_->port(), "BREW / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  for (const RawReply& r : replies) {
    const std::string head = r.head();
    ASSERT_NE(r.status(), 0) << r.bytes;
    for (const char* h : {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"}) {
      size_t count = 0;
      for (size_t at = head.find(std::string("\r\n") + h + ":"); at != std::string::npos;
           at = head.find(std::string("\r\n") + h + ":", at + 1))
        ++count;
      EXPECT_EQ(count, 1u) << h << " in\n" << head;
    }
    EXPECT_EQ(header_value(head, "X-Content-Type-Options").value_or(""), "nosniff");
    EXPECT_EQ(header_value(head, "Referrer-Policy").value_or(""), "no-referrer");
    EXPECT_NE(header_value(head, "Content-Security-Policy").value_or("").find("script-src 'self'"),
              std::string::npos);
  }
}

TEST_F(SearchdTest, PageAndItsFiles) {
  const std::pair<std::string, std::string> files[] = {
      {"/", "text/html; charset=utf-8"},
      {"/app.js", "text/javascript; charset=utf-8"},
      {"/style.css", "text/css; charset=utf-8"}};
  for (const auto& [path, type] : files) {
    const RawReply r = get(path);
    EXPECT_EQ(r.status(), 200) << path;
    EXPECT_EQ(header_value(r.head(), "Content-Type").value_or(""), type) << path;
    EXPECT_GT(r.body().size(), 100u) << path;
  }
  EXPECT_NE(get("/").body().find("<html"), std::string::npos);
  // HEAD: the head of GET, no body.
  const RawReply head = raw_request(
      daemon_->port(), "HEAD /api/search?q=hej HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(head.status(), 200);
  EXPECT_TRUE(head.body().empty());
  EXPECT_NE(header_value(head.head(), "Content-Length").value_or("0"), "0");
}

TEST_F(SearchdTest, AccessLogLineFormat) {
  get("/api/search?q=access-log-probe");
  get("/forged%0A2020-01-01T00:00:00Z%20GET%20/x%20200%200.1ms");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string log = daemon_->log();
  const std::regex line(
      R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ (GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|-|\S+) \S+ \d{3} \d+\.\d\dms$)");
  std::istringstream in(log);
  std::string l;
  size_t access_lines = 0;
  bool probe = false;
  while (std::getline(in, l)) {
    if (l.rfind("fss-searchd:", 0) == 0) continue;
    ++access_lines;
    EXPECT_TRUE(std::regex_match(l, line)) << l;
    probe |= l.find(" GET /api/search 200 ") != std::string::npos;
    EXPECT_NE(l.rfind("2020-01-01T00:00:00Z", 0), 0u) << "a client forged a log line: " << l;
  }
  EXPECT_GT(access_lines, 1u);
  EXPECT_TRUE(probe) << log;
}

}  // namespace
}  // namespace fss::testing
