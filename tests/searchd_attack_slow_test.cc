// Issue 17, the longer attack tests (label slow; about 30 s): shutdown under load and
// memory after bursts, on the real fss-searchd over loopback.
#include <gtest/gtest.h>

#include <memory>

#include "searchd_attack_util.h"

namespace fss::testing {
namespace {

using Clock = std::chrono::steady_clock;

class AttackSlowTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    ASSERT_TRUE(build_big_index(*dir_, 2000));
  }
  static void TearDownTestSuite() { dir_.reset(); }
  static std::unique_ptr<TempDir> dir_;
};
std::unique_ptr<TempDir> AttackSlowTest::dir_;

// Finding 12: SIGTERM answered 0 of 10 queued requests and took 38-56 s with one slow
// client or a long search (systemd kills at 15 s).
TEST_F(AttackSlowTest, SigtermAnswersQueuedRequestsAndExitsWithinTheStopTimeout) {
  Daemon d;
  ASSERT_TRUE(d.start({"--listen", "127.0.0.1:0", "--index", *dir_ / "index", "--workers", "1",
                       "--http-threads", "1", "--search-queue", "32", "--search-timeout", "3",
                       "--stop-timeout", "5"}))
      << d.log();
  // A slow client (half a head) and a long search are in the way.
  const int slow = connect_local(d.port());
  send_all(slow, "GET /api/search?q=x HTTP/1.1\r\nHo");
  std::thread bomb([&] { http_get(d.port(), "/api/search?q=" + url_encode(query_bombs()[2])); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // Ten more searches read completely, queued behind it for the one request thread.
  std::vector<int> queued;
  for (int i = 0; i < 10; ++i) {
    queued.push_back(connect_local(d.port()));
    send_all(queued.back(), "GET /api/search?q=" + url_encode(query_bombs()[2]) +
                                "&page=" + std::to_string(i + 1) + " HTTP/1.1\r\nHost: x\r\n\r\n");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto t0 = Clock::now();
  ::kill(d.pid(), SIGTERM);
  int answered = 0, closing = 0;
  for (const int fd : queued) {
    const RawReply r = read_reply(fd, 10000);
    answered += r.status() == 200;
    // Those answered after SIGTERM say that the connection ends.
    closing += header_value(r.head(), "Connection").value_or("") == "close";
    ::close(fd);
  }
  EXPECT_EQ(answered, 10);
  EXPECT_GE(closing, 3);
  const int exit_status = d.kill(SIGTERM);  // already stopping: waits for the exit
  const double took = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_EQ(exit_status, 0) << d.log();
  EXPECT_LT(took, 5 + 2.0) << "seconds from SIGTERM to exit";
  EXPECT_TRUE(read_reply(slow, 1000).closed);
  ::close(slow);
  bomb.join();
  // No new connection once stopping.
  EXPECT_LT(connect_local(d.port()), 0);
}

// Finding 15: RSS went from 57 MiB to 1.3 GiB after the bombs and stayed.
TEST_F(AttackSlowTest, MemoryStaysFlatAfterBursts) {
  Daemon d;
  ASSERT_TRUE(d.start({"--listen", "127.0.0.1:0", "--index", *dir_ / "index", "--no-access-log",
                       "--search-timeout", "3", "--max-connections-per-client", "0"}))
      << d.log();
  const auto burst = [&] {
    std::vector<std::thread> clients;
    for (int i = 0; i < 8; ++i)
      clients.emplace_back([&, i] {
        for (int k = 0; k < 3; ++k)
          http_get(d.port(), "/api/search?q=" + url_encode(query_bombs()[(i + k) % 3]));
        for (int k = 0; k < 50; ++k) http_get(d.port(), "/api/search?q=s*&size=100");
      });
    // Connections that send nothing, and heads cut at the limit.
    std::vector<int> fds;
    for (int i = 0; i < 200; ++i) fds.push_back(connect_local(d.port()));
    for (int i = 0; i < 8; ++i) raw_request(d.port(), "GET /" + std::string(1 << 20, 'a'), 2000, 0);
    for (std::thread& t : clients) t.join();
    for (const int fd : fds) ::close(fd);
  };
  burst();  // warm: every worker's database, the allocator's arenas
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const long warm = d.rss_kib();
  long peak = warm;
  for (int round = 0; round < 3; ++round) {
    burst();
    peak = std::max(peak, d.rss_kib());
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const long after = d.rss_kib();
  std::printf("RSS: warm %ld KiB, peak %ld KiB, after %ld KiB\n", warm, peak, after);
  EXPECT_LT(after, warm + 64 * 1024) << "KiB after three more bursts";
  EXPECT_LT(peak, 512 * 1024) << "KiB at the peak";
  EXPECT_EQ(http_get(d.port(), "/healthz").status(), 200);
  EXPECT_EQ(d.kill(SIGTERM), 0);
}

}  // namespace
}  // namespace fss::testing
