// What operators read from fss-searchd (issue 18): the zero-hit counter and the process and
// build-info metrics in /metrics, and /robots.txt.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace fss::testing
