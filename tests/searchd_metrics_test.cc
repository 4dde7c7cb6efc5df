// What operators read from fss-searchd (issue 18): the zero-hit counter and the process and
// build-info metrics in /metrics, and /robots.txt.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "searchd_test_util.h"

namespace fss::testing {
namespace {

const std::string kArchive = std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl";

// The value of the sample `name` (with its labels) in a Prometheus text answer; -1 if none.
double sample(const std::string& text, const std::string& name) {
  const size_t at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::atof(text.c_str() + at + name.size() + 2);
}

TEST(SearchdMetrics, ZeroHitsProcessAndBuildInfo) {
  TempDir dir;
  ASSERT_EQ(build_index(kArchive, dir / "index").exit, 0);
  Daemon d;
  ASSERT_TRUE(d.start({"--listen", "127.0.0.1:0", "--index", dir / "index", "--no-access-log"}))
      << d.log();
  EXPECT_EQ(http_get(d.port(), "/api/search?q=qqqzzxy").status(), 200);
  EXPECT_EQ(http_get(d.port(), "/api/search?q=f%C3%B6rsta+linjen").status(), 200);
  EXPECT_EQ(http_get(d.port(), "/api/search?q=f%C3%B6rebygande").status(), 200);  // corrected
  EXPECT_EQ(http_get(d.port(), "/api/search?size=0").status(), 400);              // not counted
  const std::string m = http_get(d.port(), "/metrics").body();
  EXPECT_EQ(sample(m, "fss_searches_total"), 3) << m;
  EXPECT_EQ(sample(m, "fss_search_zero_hits_total"), 1) << m;
  EXPECT_EQ(sample(m, "fss_search_corrected_total"), 1) << m;
  EXPECT_GT(sample(m, "process_resident_memory_bytes"), 1e6) << m;
  EXPECT_GT(sample(m, "process_start_time_seconds"), 1.7e9) << m;
  EXPECT_GE(sample(m, "process_cpu_seconds_total"), 0) << m;
  EXPECT_GT(sample(m, "process_open_fds"), 2) << m;
  EXPECT_EQ(sample(m, "fss_build_info{version=\"" FSS_TEST_VERSION "\"}"), 1) << m;
  EXPECT_NE(m.find("# TYPE fss_search_zero_hits_total counter\n"), std::string::npos);

  const auto robots = http_get(d.port(), "/robots.txt");
  EXPECT_EQ(robots.status(), 200);
  EXPECT_NE(robots.body().find("\nDisallow: /api/\n"), std::string::npos) << robots.body();
  EXPECT_NE(robots.body().find("\nDisallow: /*?\n"), std::string::npos) << robots.body();
  EXPECT_EQ(d.kill(SIGTERM), 0) << d.log();
}

// The opt-in query log: what was asked and what came of it, never who asked.
TEST(SearchdQueryLog, OneJsonLinePerSearchWithoutTheClient) {
  TempDir dir;
  ASSERT_EQ(build_index(kArchive, dir / "index").exit, 0);
  const std::string log = dir / "queries.jsonl";
  Daemon d;
  ASSERT_TRUE(d.start(
      {"--listen", "127.0.0.1:0", "--index", dir / "index", "--no-access-log", "--query-log", log}))
      << d.log();
  EXPECT_EQ(http_get(d.port(), "/api/search?q=qqqzzxy&author=Monica+Persson&type=post").status(),
            200);
  EXPECT_EQ(raw_request(d.port(),
                        "GET /api/search?q=f%C3%B6rsta+linjen&from=2023-01-01 HTTP/1.1\r\n"
                        "Host: x\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n")
                .status(),
            200);
  EXPECT_EQ(http_get(d.port(), "/api/search?size=0").status(), 400);  // not answered: not logged
  EXPECT_EQ(d.kill(SIGTERM), 0) << d.log();
  const std::string text = read_file(log);
  std::vector<nlohmann::json> lines;
  for (size_t at = 0, nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1)
    lines.push_back(nlohmann::json::parse(text.substr(at, nl - at)));
  ASSERT_EQ(lines.size(), 2u) << text;
  EXPECT_EQ(lines[0]["q"], "qqqzzxy");
  EXPECT_EQ(lines[0]["total"], 0);
  EXPECT_EQ(lines[0]["author"], nlohmann::json::array({"Monica Persson"}));
  EXPECT_EQ(lines[0]["type"], "post");
  EXPECT_EQ(lines[1]["q"], "första linjen");
  EXPECT_EQ(lines[1]["from"], "2023-01-01");
  EXPECT_EQ(lines[1]["total"], 3);
  EXPECT_TRUE(lines[1]["time"].is_string());
  EXPECT_TRUE(lines[1]["took_ms"].is_number());
  EXPECT_EQ(text.find("127.0.0.1"), std::string::npos) << text;
  EXPECT_EQ(text.find("203.0.113.9"), std::string::npos) << text;
  // Off unless asked for.
  Daemon quiet;
  ASSERT_TRUE(quiet.start({"--listen", "127.0.0.1:0", "--index", dir / "index"})) << quiet.log();
  EXPECT_EQ(http_get(quiet.port(), "/api/search?q=tillit").status(), 200);
  EXPECT_EQ(quiet.kill(SIGTERM), 0);
  EXPECT_EQ(read_file(log), text);
  // A log that cannot be opened stops the start with its reason.
  const std::string unwritable = dir / "no-such-dir";
  const RunResult bad =
      run({FSS_SEARCHD_BIN, "--index", dir / "index", "--query-log", unwritable + "/q.jsonl"});
  EXPECT_EQ(bad.exit, 1) << bad.output;
  EXPECT_NE(bad.output.find("--query-log " + unwritable + "/q.jsonl"), std::string::npos)
      << bad.output;
}

}  // namespace
}  // namespace fss::testing
