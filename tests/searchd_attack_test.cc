// Issue 17, "found by attacking the daemon": each finding as a test named after it, on the
// real fss-searchd over loopback with raw sockets. The long ones (shutdown, floods, memory)
// are in searchd_attack_slow_test.cc.
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "searchd_attack_util.h"

namespace fss::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

class AttackTest : public ::testing::Test {
 protected:
  // ctest runs each test in its own process: the corpus's small index for most, the
  // generated one (1,000 posts, a few seconds to build) only where a query must cost.
  static void TearDownTestSuite() { dir_.reset(); }

  static std::unique_ptr<Daemon> start(const std::vector<std::string>& extra, bool big = false) {
    if (!dir_) dir_ = std::make_unique<TempDir>();
    const std::string index = *dir_ / (big ? "big" : "small");
    if (!fs::exists(index)) {
      if (big) {
        TempDir build;
        EXPECT_TRUE(build_big_index(build, 1000));
        fs::rename(build / "index", index);
      } else {
        EXPECT_EQ(build_index(std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl", index).exit,
                  0);
      }
    }
    auto d = std::make_unique<Daemon>();
    std::vector<std::string> args = {"--listen", "127.0.0.1:0", "--index", index,
                                     "--no-access-log"};
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_TRUE(d->start(args)) << d->log();
    return d;
  }
  static std::unique_ptr<TempDir> dir_;
};
std::unique_ptr<TempDir> AttackTest::dir_;

// Finding 9: one legal 1 KB query cost ~50 CPU-seconds.
TEST_F(AttackTest, QueryBombsAreBoundedAndRefusedWithJson) {
  auto d = start({"--workers", "1", "--search-timeout", "3"}, /*big=*/true);
  for (const std::string& q : query_bombs()) {
    ASSERT_LE(q.size(), 1024u);
    const auto t0 = Clock::now();
    const RawReply r = http_get(d->port(), "/api/search?q=" + url_encode(q));
    EXPECT_LT(seconds_since(t0), 4.0) << q;
    EXPECT_TRUE(r.status() == 200 || r.status() == 503) << q << "\n" << r.bytes.substr(0, 300);
    const json j = json::parse(r.body(), nullptr, false);
    EXPECT_TRUE(r.status() == 200 ? j.contains("hits") : j.contains("error")) << r.body();
  }
  // Repeated clauses count once: a thousand "s*" are one prefix, answered as one.
  const RawReply same = http_get(d->port(), "/api/search?q=" + url_encode(query_bombs()[1]));
  const RawReply once = http_get(d->port(), "/api/search?q=s*");
  ASSERT_EQ(same.status(), 200);
  ASSERT_EQ(once.status(), 200);
  EXPECT_EQ(json::parse(same.body())["total"], json::parse(once.body())["total"]);
  // More than ten different prefixes: a clear 400.
  const RawReply eleven =
      http_get(d->port(), "/api/search?q=" + url_encode("a* b* d* e* f* g* h* i* j* k* l*"));
  EXPECT_EQ(eleven.status(), 400);
  const json e = json::parse(eleven.body(), nullptr, false);
  EXPECT_EQ(e["error"]["code"], "bad_request") << eleven.body();
  EXPECT_NE(e["error"]["message"].get<std::string>().find("at most 10"), std::string::npos);
}

// Findings 9 and 13: two bombs stopped search and /healthz for a minute.
TEST_F(AttackTest, HealthzAnswersWithoutASearchWorkerDuringQueryBombs) {
  auto d = start({"--workers", "1", "--search-timeout", "2", "--search-queue", "2"},
                 /*big=*/true);
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, refused{0}, other{0};
  std::vector<std::thread> bombers;
  for (int i = 0; i < 4; ++i)
    bombers.emplace_back([&, i] {
      const std::string q = query_bombs()[static_cast<size_t>(i) % 3];
      while (!stop) {
        const int s = http_get(d->port(), "/api/search?q=" + url_encode(q)).status();
        (s == 200 ? answered : s == 503 ? refused : other)++;
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  double worst = 0;
  for (int i = 0; i < 20; ++i) {
    const auto t0 = Clock::now();
    const RawReply r = http_get(d->port(), "/healthz");
    worst = std::max(worst, seconds_since(t0));
    EXPECT_EQ(r.status(), 200) << r.bytes;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  stop = true;
  for (std::thread& t : bombers) t.join();
  EXPECT_LT(worst, 0.5) << "slowest /healthz during the bombs, seconds";
  EXPECT_EQ(other, 0) << "bombs answered neither 200 nor 503";
  EXPECT_GT(answered + refused, 0);
}

// Finding 13: /healthz said 200 on an index that failed every search.
TEST_F(AttackTest, HealthzIs503WhenTheLiveIndexCannotBeRead) {
  TempDir tmp;
  ASSERT_EQ(build_index(std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl", tmp / "index").exit,
            0);
  Daemon d;
  ASSERT_TRUE(d.start({"--listen", "127.0.0.1:0", "--index", tmp / "index", "--no-access-log"}));
  ASSERT_EQ(http_get(d.port(), "/healthz").status(), 200);
  std::string gen = read_file(tmp / "index/XAPIANDB");
  gen = gen.substr(gen.find(' ') + 1);
  gen.erase(gen.find_last_not_of(" \n") + 1);
  for (const char* table : {"postlist.glass", "docdata.glass"}) {
    const std::string path = (fs::path(tmp / "index") / gen / table).string();
    const size_t size = fs::file_size(path);
    write_file(path, std::string(size, 'x'));
  }
  const RawReply r = http_get(d.port(), "/healthz");
  EXPECT_EQ(r.status(), 503) << r.bytes;
  EXPECT_NE(r.body().find("\"error\""), std::string::npos) << r.body();
}

// Finding 10: connections that send nothing, trickle a head or sit idle held every thread.
TEST_F(AttackTest, SilentSlowAndIdleConnectionsDoNotDenyService) {
  auto d = start({"--max-connections-per-client", "0", "--header-timeout", "20"});
  std::vector<int> fds;
  for (int i = 0; i < 320; ++i) fds.push_back(connect_local(d->port()));  // silent
  for (int i = 0; i < 32; ++i) {  // slowloris: part of a head
    fds.push_back(connect_local(d->port()));
    send_all(fds.back(), "GET /healthz HTTP/1.1\r\nX-a: ");
  }
  for (int i = 0; i < 32; ++i) {  // idle keep-alive after one answer
    fds.push_back(connect_local(d->port()));
    send_all(fds.back(), "GET /favicon.ico HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(read_reply(fds.back(), 3000).status(), 204);
  }
  for (const int fd : fds) ASSERT_GE(fd, 0);
  for (int i = 0; i < 20; ++i) {
    const auto t0 = Clock::now();
    EXPECT_EQ(http_get(d->port(), "/api/search?q=" + url_encode("första linjen")).status(), 200);
    EXPECT_LT(seconds_since(t0), 1.0);
  }
  for (const int fd : fds) ::close(fd);
}

// Finding 10: a cap on connections per client address.
TEST_F(AttackTest, ConnectionsPerClientAreCapped) {
  auto d = start({"--max-connections-per-client", "5"});
  std::vector<int> fds;
  for (int i = 0; i < 5; ++i) fds.push_back(connect_local(d->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const RawReply sixth = raw_request(d->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 3000);
  EXPECT_EQ(sixth.status(), 503) << sixth.bytes;
  EXPECT_TRUE(sixth.closed);
  EXPECT_NE(sixth.body().find("too many connections"), std::string::npos) << sixth.body();
  ::close(fds.back());
  fds.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(http_get(d->port(), "/healthz").status(), 200);
  for (const int fd : fds) ::close(fd);
}

// Finding 10: at the connection cap, idle keep-alive connections are closed first.
TEST_F(AttackTest, IdleKeepAliveConnectionsAreClosedFirstUnderPressure) {
  auto d = start({"--max-connections", "10", "--keep-alive-timeout", "60"});
  std::vector<int> idle;
  for (int i = 0; i < 10; ++i) {
    idle.push_back(connect_local(d->port()));
    send_all(idle.back(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(read_reply(idle.back(), 3000).status(), 200);
  }
  EXPECT_EQ(http_get(d->port(), "/healthz").status(), 200);  // the oldest idle one made room
  const RawReply first = read_reply(idle.front(), 2000);
  EXPECT_TRUE(first.closed) << "the oldest idle connection is still open";
  for (const int fd : idle) ::close(fd);
}

// Finding 10: a whole head within --header-timeout, however slowly it trickles.
TEST_F(AttackTest, TrickledHeadIsCutAtTheHeaderDeadline) {
  auto d = start({"--header-timeout", "2"});
  const int fd = connect_local(d->port());
  const auto t0 = Clock::now();
  bool closed = false;
  for (int i = 0; i < 40 && !closed; ++i) {  // a byte every 200 ms: never silent for long
    if (!send_all(fd, "a")) closed = true;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 200) > 0) {
      char c;
      closed = ::recv(fd, &c, 1, 0) <= 0;
    }
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(seconds_since(t0), 3.5);
  ::close(fd);
}

// Finding 11: four unterminated 256 MiB request lines took RSS to 2 GiB.
TEST_F(AttackTest, OverlongRequestLineIsRefusedWhileReading) {
  auto d = start({});
  EXPECT_EQ(http_get(d->port(), "/healthz").status(), 200);
  const long before = d->rss_kib();
  std::vector<std::thread> senders;
  std::atomic<size_t> most_sent{0};
  std::atomic<int> status_414{0};
  for (int i = 0; i < 4; ++i)
    senders.emplace_back([&] {
      const int fd = connect_local(d->port());
      const std::string chunk(1 << 20, 'a');
      size_t sent = 0;
      send_all(fd, "GET /");
      for (int k = 0; k < 64 && send_all(fd, chunk); ++k) sent += chunk.size();
      if (read_reply(fd, 3000).status() == 414) ++status_414;
      size_t prev = most_sent;
      while (sent > prev && !most_sent.compare_exchange_weak(prev, sent)) {
      }
      ::close(fd);
    });
  for (std::thread& t : senders) t.join();
  EXPECT_EQ(status_414, 4);
  // The server stops reading (and lingers only briefly): far less than 64 MiB got through.
  EXPECT_LT(most_sent, 32u << 20);
  EXPECT_LT(d->rss_kib() - before, 16 * 1024) << "RSS grew, KiB";
  EXPECT_EQ(http_get(d->port(), "/healthz").status(), 200);
}

// Finding 14: two requests in one write: one answered, then a 5 s hang.
TEST_F(AttackTest, PipelinedRequestsAreAnsweredInOrder) {
  auto d = start({});
  const int fd = connect_local(d->port());
  const auto t0 = Clock::now();
  send_all(fd,
           "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /api/areas HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  const RawReply r = read_reply(fd, 5000, 1000);  // until closed: the third asks for it
  ::close(fd);
  EXPECT_LT(seconds_since(t0), 2.0);
  EXPECT_TRUE(r.closed);
  const size_t a = r.bytes.find("HTTP/1.1 200"), b = r.bytes.find("HTTP/1.1 404"),
               c = r.bytes.find("HTTP/1.1 200", a + 1);
  ASSERT_NE(a, std::string::npos) << r.bytes;
  ASSERT_NE(b, std::string::npos) << r.bytes;
  ASSERT_NE(c, std::string::npos) << r.bytes;
  EXPECT_TRUE(a < b && b < c) << r.bytes;
  EXPECT_NE(r.bytes.find("\"status\":\"ok\""), std::string::npos);
  EXPECT_NE(r.bytes.find("\"areas\""), std::string::npos);
}

// Finding 14: a duplicate Content-Length (0 then N) or "Content-Length :" let a body through
// as a second request.
TEST_F(AttackTest, AmbiguousFramingIsRefusedWith400) {
  auto d = start({});
  const std::string smuggled = "GET /api/areas HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::string n = std::to_string(smuggled.size());
  for (const std::string& headers :
       {"Content-Length: 0\r\nContent-Length: " + n + "\r\n", "Content-Length : " + n + "\r\n",
        "Content-Length: " + n + "\r\nTransfer-Encoding: chunked\r\n",
        "X-Folded: a\r\n Content-Length: " + n + "\r\n"}) {
    const RawReply r = raw_request(
        d->port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n" + smuggled, 3000, 300);
    EXPECT_EQ(r.status(), 400) << headers << "\n" << r.bytes;
    EXPECT_EQ(r.bytes.find("HTTP/1.1", 5), std::string::npos) << "a second answer:\n" << r.bytes;
    EXPECT_TRUE(r.closed) << headers;
  }
}

// Finding 12: SIGHUP killed the daemon.
TEST_F(AttackTest, SighupIsIgnored) {
  auto d = start({});
  ::kill(d->pid(), SIGHUP);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(http_get(d->port(), "/healthz").status(), 200);
  EXPECT_NE(d->log().find("SIGHUP ignored"), std::string::npos) << d->log();
  EXPECT_EQ(d->kill(SIGTERM), 0);
}

}  // namespace
}  // namespace fss::testing
