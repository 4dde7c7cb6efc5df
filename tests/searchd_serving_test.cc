// fss-searchd end to end (issue 6), the daemon's life: a rebuild while serving, starting
// without an index, SIGTERM with requests in flight, and the command line's flags.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "searchd_json_util.h"
#include "searchd_test_util.h"

namespace fss::testing {
namespace {

TEST(SearchdServing, RebuildSwitchesGenerationsWithoutRestart) {
  TempDir dir;
  const std::string archive = dir / "archive.jsonl";
  write_file(archive, read_file(kArchive));
  ASSERT_EQ(build_index(archive, dir / "index").exit, 0);
  Daemon d;
  ASSERT_TRUE(d.start(
      {"--listen", "127.0.0.1:0", "--index", dir / "index", "--workers", "2", "--no-access-log"}));
  const json before = must_get(d.port(), "/healthz");
  const size_t docs = documents_in(kArchive);
  EXPECT_EQ(before["documents"].get<size_t>(), docs);

  std::atomic<bool> done{false};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  std::mutex mu;
  std::string failures;
  for (int t = 0; t < 3; ++t)
    clients.emplace_back([&] {
      while (!done) {
        const RawReply r = http_get(d.port(), "/api/search?q=&size=1");
        const json j = body_json(r);
        if (r.status() == 200 && j.is_object() && (j["total"] == docs || j["total"] == docs + 1)) {
          ++ok;
        } else {
          ++failed;
          std::lock_guard<std::mutex> lock(mu);
          failures += r.bytes.substr(0, 300) + "\n";
        }
      }
    });
  // One more post, then a rebuild while the clients search.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  write_file(
      archive,
      read_file(kArchive) +
          R"({"id":"ny-testpost","title":"Ny testpost om generationer","date":"2024-01-02","author":"Test Testsson","author_role":null,"kicker":null,"region":null,"areas":[],"source":"test.txt","body":"Generationsbytet ska märkas utan omstart.","comments":[]})"
          "\n");
  const RunResult rebuilt = build_index(archive, dir / "index");
  EXPECT_EQ(rebuilt.exit, 0) << rebuilt.output;
  json after;
  for (int i = 0; i < 100; ++i) {
    after = must_get(d.port(), "/healthz");
    if (after.empty() || after.value("generation", "") != before.value("generation", "")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  done = true;
  for (auto& c : clients) c.join();
  ASSERT_FALSE(after.empty()) << "daemon log:\n" << d.log() << "\nexit: " << d.kill(SIGTERM);
  EXPECT_NE(after["generation"], before["generation"]);
  EXPECT_EQ(after["generation"], live_generation(dir / "index"));
  EXPECT_EQ(after["documents"].get<size_t>(), docs + 1);
  EXPECT_EQ(must_get(d.port(), "/api/search?q=generationsbytet")["total"], 1);
  EXPECT_EQ(failed, 0) << failures << "\ndaemon log:\n" << d.log() << "\nexit: " << d.kill(SIGTERM);
  EXPECT_GT(ok, 0);
  const std::string metrics = http_get(d.port(), "/metrics").body();
  const size_t at = metrics.find("\nfss_index_reopens_total ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GE(std::atoi(metrics.c_str() + at + 25), 1) << metrics.substr(at);
  EXPECT_EQ(d.kill(SIGTERM), 0);
}

TEST(SearchdServing, HealthzIs503WithoutAnIndexAndRecoversWhenBuilt) {
  TempDir dir;
  Daemon d;
  ASSERT_TRUE(d.start({"--listen", "127.0.0.1:0", "--index", dir.path(), "--no-access-log"}))
      << d.log();
  expect_error(http_get(d.port(), "/healthz"), 503, "unavailable", "healthz without index");
  expect_error(http_get(d.port(), "/api/search?q=hej"), 503, "unavailable", "search without index");
  EXPECT_EQ(http_get(d.port(), "/").status(), 200);  // the page is served all the same
  ASSERT_EQ(build_index(kArchive, dir.path()).exit, 0);
  EXPECT_EQ(http_get(d.port(), "/healthz").status(), 200);
}

TEST(SearchdServing, SigtermFinishesRequestsInFlightAndExitsZero) {
  TempDir dir;
  ASSERT_EQ(build_index(kArchive, dir / "index").exit, 0);
  Daemon d;
  ASSERT_TRUE(d.start({"--listen", "127.0.0.1:0", "--index", dir / "index", "--no-access-log"}));
  std::atomic<bool> done{false};
  std::atomic<int> complete{0}, truncated{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t)
    clients.emplace_back([&] {
      while (!done) {
        const int fd = connect_local(d.port());
        if (fd < 0) break;  // stopped listening
        send_all(fd,
                 "GET /api/search?q=socialtj%C3%A4nsten&size=100 HTTP/1.1\r\nHost: "
                 "x\r\nConnection: close\r\n\r\n");
        const RawReply r = read_reply(fd, 5000);
        ::close(fd);
        if (r.bytes.empty()) continue;  // accepted by the kernel after the stop: never answered
        const auto length = header_value(r.head(), "Content-Length");
        if (r.status() == 200 && length && r.body().size() == std::stoul(*length))
          ++complete;
        else
          ++truncated;
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  const int exit = d.kill(SIGTERM);
  done = true;
  for (auto& c : clients) c.join();
  EXPECT_EQ(exit, 0) << d.log();
  EXPECT_GT(complete, 0);
  EXPECT_EQ(truncated, 0);
  EXPECT_NE(d.log().find("fss-searchd: stopped"), std::string::npos) << d.log();
}

TEST(SearchdFlags, ListenIndexAndEnvironment) {
  TempDir dir;
  ASSERT_EQ(build_index(kArchive, dir / "index").exit, 0);
  {
    Daemon d;  // $FSS_INDEX instead of --index
    ASSERT_TRUE(d.start({"--listen", "127.0.0.1:0"}, {"FSS_INDEX=" + dir / "index"})) << d.log();
    EXPECT_EQ(http_get(d.port(), "/healthz").status(), 200);
    EXPECT_NE(d.log().find("serving " + dir / "index" + " on http://127.0.0.1:"), std::string::npos)
        << d.log();
  }
  {
    Daemon d;  // --index wins over $FSS_INDEX
    ASSERT_TRUE(
        d.start({"--index", dir / "index", "--listen", "127.0.0.1:0"}, {"FSS_INDEX=/nonexistent"}));
    EXPECT_EQ(http_get(d.port(), "/healthz").status(), 200);
    // A second daemon on the same port cannot listen: exit 1.
    Daemon second;
    EXPECT_FALSE(second.start(
        {"--index", dir / "index", "--listen", "127.0.0.1:" + std::to_string(d.port())}));
    EXPECT_EQ(second.kill(), 1) << second.log();
  }
  EXPECT_EQ(run({FSS_SEARCHD_BIN, "--help"}).exit, 0);
}

TEST(SearchdFlags, BadFlagsExit2) {
  const std::vector<std::vector<std::string>> cases = {
      {"--bogus"},
      {"--listen"},
      {"--listen", "nope"},
      {"--listen", "127.0.0.1:99999"},
      {"--listen", ":80"},
      {"--listen", "h:x"},
      {"--index"},
      {"--workers", "0"},
      {"--workers", "many"},
      {"--http-threads", "-3"},
      {"--read-timeout", "0"},
      {"--write-timeout", "x"},
      {"extra-positional"},
  };
  for (const auto& args : cases) {
    std::vector<std::string> argv = {FSS_SEARCHD_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    const RunResult r = run(argv);
    EXPECT_EQ(r.exit, 2) << args[0] << (args.size() > 1 ? " " + args[1] : "") << "\n" << r.output;
    EXPECT_NE(r.output.find("fss-searchd:"), std::string::npos) << r.output;
  }
}

}  // namespace
}  // namespace fss::testing
