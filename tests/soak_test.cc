// Soak (issue 8, "Load with faults"): the real fss-searchd under keep-alive load from
// several client threads while the real `fss-index build` rebuilds its index again and
// again, once killed with SIGKILL half way. Asserts: no failed request (every answer a
// 200), every answer from a complete generation (a browse of everything counts exactly
// one of the archives built), /healthz follows each build, the daemon's memory stays
// flat, nothing is left behind in the index directory, and the daemon still answers and
// stops cleanly at the end.
//
// Bounded: about 20 s in all by default (10 s of load at least); FSS_SOAK_SECONDS=120 for a longer
// run by hand. Prints requests, requests/s, p50/p99 latency, rebuilds and memory.
// The archive (1,500 posts and their comments) is generated from the words of
// corpus/archive.jsonl, so that a build takes a couple of seconds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "searchd_attack_util.h"
#include "soak_load.h"

namespace fss::testing {
namespace {

using nlohmann::json;

constexpr int kPosts = 1500;
// Keep-alive clients, as a reverse proxy's upstream connections are, and clients that
// open a connection per request.
constexpr int kKeepAliveClients = 4;
constexpr int kClients = kKeepAliveClients + 2;

// The run in steps: two archives and the first build, the daemon, the load, rebuilds and
// killed builds, a burst of query bombs, then the figures and the final checks.
class Soak : public ::testing::Test {
 protected:
  // Stops and joins the threads however the test ends.
  ~Soak() override {
    stop_ = true;
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

  // Two archives, so that each build switches to a different document count: A, and A
  // without its last 10 posts.
  void write_archives() {
    for (const char* name : {"synonyms.txt", "focus-areas.json"})
      fs::copy_file(std::string(FSS_SOURCE_DIR) + "/corpus/" + name, dir_ / name);
    archive_ = make_archive(corpus_words(), kPosts);
    ASSERT_GT(archive_.phrases.size(), 50u);
    counts_[0] = archive_.documents(kPosts);
    counts_[1] = archive_.documents(kPosts - 10);
    write_file(archive_paths_[0], archive_.text(kPosts));
    write_file(archive_paths_[1], archive_.text(kPosts - 10));
  }

  std::vector<std::string> build_argv(int which) const {
    return std::vector<std::string>{FSS_INDEX_BIN,         "build",   "--quiet", "--archive",
                                    archive_paths_[which], "--index", index_};
  }

  void first_build_and_start() {
    const auto t = Clock::now();
    const RunResult first = run(build_argv(0));
    ASSERT_EQ(first.exit, 0) << first.output;
    shortest_build_ = since(t);
    first_build_seconds_ = shortest_build_;
    ASSERT_TRUE(daemon_.start({"--listen", "127.0.0.1:0", "--index", index_, "--no-access-log"}))
        << daemon_.log();
    port_ = daemon_.port();
    ASSERT_TRUE(healthz_shows(port_, live_generation(index_), counts_[0], &health_)) << health_;
  }

  // Load: client threads, and a sampler of the daemon's resident memory.
  void start_load() {
    load_start_ = Clock::now();
    for (int i = 0; i < kClients; ++i)
      threads_.emplace_back(client, port_, i + 1, i < kKeepAliveClients, std::cref(archive_),
                            std::cref(browse_totals_), std::cref(post_totals_), std::cref(stop_),
                            &stats_[i]);
    threads_.emplace_back([this] {
      while (!stop_) {
        rss_.emplace_back(since(load_start_), daemon_.rss_kib());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  }

  // A build that switched: the daemon follows, and nothing is left behind (no *.tmp; the
  // live generation and at most the one before).
  void check_switched(const std::string& before) {
    const std::string after = live_generation(index_);
    EXPECT_NE(after, before);
    EXPECT_TRUE(healthz_shows(port_, after, counts_[which_], &health_))
        << "after rebuild " << rebuilds_ << ": " << health_;
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(index_)) entries.push_back(e.path().filename());
    EXPECT_LE(entries.size(), 4u) << ::testing::PrintToString(entries);
    for (const std::string& e : entries) EXPECT_EQ(e.find(".tmp"), std::string::npos) << e;
  }

  // Kill half way: the new generation's directory exists (the writer has begun) and a
  // fraction of the shortest build's time has passed.
  void kill_a_build_half_way(const std::string& before) {
    const double kill_at[] = {0.5, 0.3, 0.7};
    const double wait = shortest_build_ * kill_at[(killed_ + missed_kills_) % 3];
    ChildProcess build(build_argv(which_), dir_ / "killed-build.log");
    const auto t = Clock::now();
    bool writing = false;
    while (since(t) < wait || !writing) {
      if (build.poll()) break;
      std::error_code ec;
      for (auto e = fs::directory_iterator(index_, ec); !ec && e != fs::directory_iterator();
           e.increment(ec))
        writing |= e->path().extension() == ".tmp" && fs::exists(e->path() / "iamglass", ec);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (const std::optional<int> exit = build.poll()) {
      // It finished first (a loaded machine is not a stopwatch): a rebuild like any other.
      ASSERT_EQ(*exit, 0) << read_file(dir_ / "killed-build.log");
      ++rebuilds_;
      ++missed_kills_;
      check_switched(before);
    } else {
      EXPECT_EQ(build.kill(SIGKILL), 128 + SIGKILL);
      ++killed_;
      // The live generation is the one before, and the daemon still says so.
      EXPECT_EQ(live_generation(index_), before);
      EXPECT_TRUE(healthz_shows(port_, before, counts_[1 - which_], &health_)) << health_;
      which_ = 1 - which_;  // the archive that is live stays the one to alternate from
    }
  }

  void rebuild(const std::string& before) {
    const auto t = Clock::now();
    const RunResult r = run(build_argv(which_));
    ASSERT_EQ(r.exit, 0) << r.output;
    build_times_.push_back(since(t));
    shortest_build_ = std::min(shortest_build_, build_times_.back());
    ++rebuilds_;
    check_switched(before);
  }

  // A burst of issue 17's query bombs (finding 15: RSS went from 57 MiB to 1.3 GiB and
  // stayed): bounded queries leave the memory where the load left it.
  void burst_of_query_bombs() {
    const long before_bombs = daemon_.rss_kib();
    std::vector<std::thread> bombers;
    std::atomic<int> bombs_failed{0};
    for (int i = 0; i < 6; ++i)
      bombers.emplace_back([&] {
        for (int k = 0; k < 2; ++k)
          for (const std::string& q : query_bombs()) {
            const int s = http_get(port_, "/api/search?q=" + url_encode(q)).status();
            bombs_failed += s != 200 && s != 503;
          }
      });
    for (auto& th : bombers) th.join();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const long after_bombs = daemon_.rss_kib();
    std::printf("soak: VmRSS before the query bombs %ld KiB, after %ld KiB\n", before_bombs,
                after_bombs);
    EXPECT_EQ(bombs_failed, 0) << "bombs answered neither 200 nor 503";
    EXPECT_LE(after_bombs, before_bombs + 64 * 1024) << "KiB after the query bombs";
  }

  // Every client's figures in *all; kinds[0] the keep-alive clients', kinds[1] those with
  // a connection per request.
  void sum_stats(ClientStats* all, ClientStats kinds[2]) const {
    for (int i = 0; i < kClients; ++i) {
      for (ClientStats* to : {all, &kinds[i < kKeepAliveClients ? 0 : 1]}) {
        const ClientStats& s = stats_[i];
        to->requests += s.requests;
        to->failed += s.failed;
        to->latency_us.insert(to->latency_us.end(), s.latency_us.begin(), s.latency_us.end());
        to->failures.insert(to->failures.end(), s.failures.begin(), s.failures.end());
        for (const auto& [total, n] : s.browse_totals) to->browse_totals[total] += n;
      }
    }
  }

  // The largest resident memory sample of each tenth of the run, MiB.
  std::string rss_by_tenth() const {
    std::string out;
    for (size_t tenth = 0; tenth < 10; ++tenth) {
      long m = 0;
      for (size_t i = rss_.size() * tenth / 10; i < rss_.size() * (tenth + 1) / 10; ++i)
        m = std::max(m, rss_[i].second);
      char buf[16];
      std::snprintf(buf, sizeof buf, " %.1f", m / 1024.0);
      out += buf;
    }
    return out;
  }

  void print_figures_and_check(double load_seconds);

  TempDir dir_;
  Archive archive_;
  const std::string archive_paths_[2] = {dir_ / "a.jsonl", dir_ / "b.jsonl"};
  int counts_[2] = {0, 0};
  const int post_counts_[2] = {kPosts, kPosts - 10};
  const std::string index_ = dir_ / "index";
  double first_build_seconds_ = 0;
  double shortest_build_ = 0;
  Daemon daemon_;
  int port_ = 0;
  json health_;
  std::atomic<bool> stop_{false};
  std::vector<ClientStats> stats_ = std::vector<ClientStats>(kClients);
  std::vector<std::pair<double, long>> rss_;  // (seconds into the load, KiB)
  std::vector<std::thread> threads_;
  std::set<int> browse_totals_, post_totals_;
  Clock::time_point load_start_;
  int rebuilds_ = 0, killed_ = 0, missed_kills_ = 0, which_ = 0;
  std::vector<double> build_times_;
};

void Soak::print_figures_and_check(double load_seconds) {
  ClientStats all, kinds[2];  // kinds: 0 keep-alive, 1 a connection per request
  sum_stats(&all, kinds);
  // Milliseconds at quantile q of a set of latencies.
  const auto quantile = [](std::vector<uint32_t>& v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))] / 1000.0;
  };
  ASSERT_GE(rss_.size(), 8u);
  const size_t quarter = rss_.size() / 4;
  long first_max = 0, last_max = 0;
  for (size_t i = 0; i < quarter; ++i) first_max = std::max(first_max, rss_[i].second);
  for (size_t i = rss_.size() - quarter; i < rss_.size(); ++i)
    last_max = std::max(last_max, rss_[i].second);
  std::sort(build_times_.begin(), build_times_.end());
  std::printf(
      "soak: %.1f s of load, %d documents, %d clients\n"
      "soak: %llu requests, %.0f requests/s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n"
      "soak:   %d keep-alive clients: %llu requests, p50 %.2f ms, p99 %.2f ms\n"
      "soak:   %d clients with a connection per request: %llu requests, p50 %.2f ms, p99 %.2f "
      "ms\n"
      "soak: %d rebuilds (first %.2f s without load, median %.2f s under load), %d killed half "
      "way (%d tries ended first)\n"
      "soak: VmRSS max by tenth of the run (MiB):%s; first quarter %ld KiB, last quarter %ld "
      "KiB\n",
      load_seconds, counts_[0], kClients, static_cast<unsigned long long>(all.requests),
      all.requests / load_seconds, quantile(all.latency_us, 0.5), quantile(all.latency_us, 0.99),
      quantile(all.latency_us, 1.0), kKeepAliveClients,
      static_cast<unsigned long long>(kinds[0].requests), quantile(kinds[0].latency_us, 0.5),
      quantile(kinds[0].latency_us, 0.99), kClients - kKeepAliveClients,
      static_cast<unsigned long long>(kinds[1].requests), quantile(kinds[1].latency_us, 0.5),
      quantile(kinds[1].latency_us, 0.99), rebuilds_, first_build_seconds_,
      build_times_[build_times_.size() / 2], killed_, missed_kills_, rss_by_tenth().c_str(),
      first_max, last_max);
  RecordProperty("requests", std::to_string(all.requests));

  EXPECT_EQ(all.failed, 0u) << ::testing::PrintToString(all.failures);
  EXPECT_GT(all.requests, 100u);
  // The clients saw the switches: both archives' counts, and nothing else.
  EXPECT_EQ(all.browse_totals.size(), 2u) << ::testing::PrintToString(all.browse_totals);
  // Memory flat: each generation's tables and caches are replaced, not added to. The
  // first quarter already holds a rebuild (two generations' data for a moment), so the
  // bound covers the normal swing of a switch and the allocator's slack but not a leak of
  // a generation per rebuild (each is several MiB).
  EXPECT_LE(last_max, first_max * 3 / 2) << "VmRSS grew: first quarter max " << first_max
                                         << " KiB, last quarter max " << last_max << " KiB";
  // Still serving, and it stops cleanly.
  EXPECT_TRUE(healthz_shows(port_, live_generation(index_), counts_[which_], &health_)) << health_;
  EXPECT_EQ(daemon_.kill(SIGTERM), 0) << daemon_.log();
}

TEST_F(Soak, SearchWhileRebuildingAndKillingABuild) {
  const double seconds = soak_seconds();
  ASSERT_NO_FATAL_FAILURE(write_archives());
  browse_totals_ = std::set<int>(counts_, counts_ + 2);
  post_totals_ = std::set<int>(post_counts_, post_counts_ + 2);
  ASSERT_NO_FATAL_FAILURE(first_build_and_start());
  start_load();

  // Rebuilds, alternating the archives, each checked through /healthz; every fourth one
  // (the second first) is killed with SIGKILL once it is writing its new generation.
  int cycle = 0;
  while ((since(load_start_) < seconds || rebuilds_ < 3 || killed_ < 1) && cycle < 500) {
    ++cycle;
    which_ = 1 - which_;
    const std::string before = live_generation(index_);
    if (cycle % 4 == 2) {
      ASSERT_NO_FATAL_FAILURE(kill_a_build_half_way(before));
    } else {
      ASSERT_NO_FATAL_FAILURE(rebuild(before));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_GE(killed_, 1) << "no build could be killed half way in " << cycle << " tries";
  const double load_seconds = since(load_start_);
  stop_ = true;
  for (auto& th : threads_) th.join();

  burst_of_query_bombs();
  print_figures_and_check(load_seconds);
}

}  // namespace
}  // namespace fss::testing
