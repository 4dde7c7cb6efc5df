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
#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <set>

#include "searchd_attack_util.h"

namespace fss::testing {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

constexpr int kPosts = 1500;
// Keep-alive clients, as a reverse proxy's upstream connections are, and clients that
// open a connection per request.
constexpr int kKeepAliveClients = 4;
constexpr int kClients = kKeepAliveClients + 2;

double soak_seconds() {
  const char* env = std::getenv("FSS_SOAK_SECONDS");
  const double s = env && *env ? std::atof(env) : 0;
  return s > 0 ? s : 10;
}

// The first `n` code points of UTF-8 `s`.
std::string prefix(const std::string& s, size_t n) {
  size_t end = 0;
  for (; end < s.size() && n > 0; --n) do
      ++end;
    while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80);
  return s.substr(0, end);
}

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

// Words of the corpus, as often as they occur there (so the generated text has a
// natural spread of frequent and rare words).
std::vector<std::string> corpus_words() {
  std::vector<std::string> words;
  std::istringstream in(read_file(std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl"));
  std::string line;
  const auto split = [&](const std::string& text) {
    std::string w;
    const auto flush = [&] {
      if (w.size() >= 3) words.push_back(w);
      w.clear();
    };
    for (size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text[i]);
      if (c >= 0x80) {
        const size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (c == 0xE2 || c == 0xC2)
          flush();  // typographic marks, NBSP
        else
          w.append(text, i, len);
        i += len - 1;
      } else if (std::isalpha(c)) {
        w += static_cast<char>(std::tolower(c));
      } else {
        flush();
      }
    }
    flush();
  };
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const json post = json::parse(line);
    split(post["title"].get<std::string>() + " " + post["body"].get<std::string>());
    for (const json& c : post["comments"]) split(c["body"].get<std::string>());
  }
  return words;
}

struct Archive {
  std::vector<std::string> lines;
  std::vector<int> docs;  // posts + comments of each line
  std::vector<std::string> phrases, authors;
  int documents(size_t lines_used) const {
    return std::accumulate(docs.begin(), docs.begin() + lines_used, 0);
  }
  std::string text(size_t lines_used) const {
    std::string s;
    for (size_t i = 0; i < lines_used; ++i) s += lines[i] + "\n";
    return s;
  }
};

Archive make_archive(const std::vector<std::string>& words, int posts) {
  std::mt19937 rng(20261123);
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const auto n = [&](int lo, int hi) { return lo + static_cast<int>(rng() % (hi - lo + 1)); };
  Archive a;
  a.authors = {"Monica Persson",    "Lars Liljedahl", "Anna Ek",      "Petra West Stenkvist",
               "Kalle Gudmundsson", "Åsa Öberg",      "Malin Lindén", "Lars-Göran Jansson",
               "Camilla Sköld",     "Erik Nilsson"};
  const auto sentence = [&](int lo, int hi, bool keep_phrase) {
    std::string s;
    const int len = n(lo, hi);
    for (int i = 0; i < len; ++i) s += (i ? " " : "") + pick(words);
    if (keep_phrase && len >= 3) {
      const size_t at = s.find(' ');
      a.phrases.push_back(s.substr(at + 1, s.find(' ', s.find(' ', at + 1) + 1) - at - 1));
    }
    s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
    return s + ".";
  };
  for (int p = 0; p < posts; ++p) {
    nlohmann::ordered_json post;
    const std::string id = "soak-" + std::to_string(p);
    std::string title = sentence(3, 7, false);
    title.pop_back();
    post["id"] = id;
    post["title"] = title;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", n(2012, 2024), n(1, 12), n(1, 28));
    post["date"] = p % 10 == 0 ? json() : json(date);
    post["author"] = pick(a.authors);
    post["author_role"] = nullptr;
    post["kicker"] = nullptr;
    post["region"] = nullptr;
    post["areas"] = json::array();
    post["source"] = "soak.txt";
    std::string body;
    for (int para = n(2, 5); para > 0; --para) {
      if (!body.empty()) body += "\n\n";
      for (int s = n(2, 5); s > 0; --s) body += sentence(6, 16, p % 25 == 0 && s == 1) + " ";
      body.pop_back();
    }
    post["body"] = body;
    post["comments"] = json::array();
    for (int c = p % 4 == 0 ? n(1, 3) : 0, i = 1; c > 0; --c, ++i)
      post["comments"].push_back({{"id", id + "-c" + std::to_string(i)},
                                  {"author", pick(a.authors)},
                                  {"date", nullptr},
                                  {"body", sentence(5, 20, false)}});
    a.docs.push_back(1 + static_cast<int>(post["comments"].size()));
    a.lines.push_back(post.dump());
  }
  return a;
}

struct ClientStats {
  uint64_t requests = 0;
  std::vector<uint32_t> latency_us;
  std::vector<std::string> failures;  // at most a few, with the request
  uint64_t failed = 0;
  std::map<int, uint64_t> browse_totals;  // total of a browse of everything -> answers
};

// One client: a mix of queries, until `stop`, on one keep-alive connection or a new
// connection per request.
void client(int port, int seed, bool keep_alive, const Archive& archive,
            const std::set<int>& browse_totals, const std::set<int>& post_totals,
            const std::atomic<bool>& stop, ClientStats* out) {
  std::mt19937 rng(seed);
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const auto word = [&] {
    const std::string& phrase = pick(archive.phrases);
    return phrase.substr(0, phrase.find(' '));
  };
  httplib::Client cli("127.0.0.1", port);
  cli.set_keep_alive(keep_alive);
  cli.set_connection_timeout(5);
  cli.set_read_timeout(20);
  while (!stop) {
    std::string path;
    enum { kPlain, kBrowseAll, kBrowsePosts } check = kPlain;
    switch (rng() % 10) {
      case 0:
        path = "/api/search?q=" + url_encode(word());
        break;
      case 1:
        path = "/api/search?q=" + url_encode(word() + " " + word());
        break;
      case 2:
        path = "/api/search?q=" + url_encode("\"" + pick(archive.phrases) + "\"");
        break;
      case 3:
        path = "/api/search?q=" + url_encode(prefix(word(), 3) + "*");
        break;
      case 4:
        path = "/api/search?q=" + url_encode(word()) + "&from=2015-01-01&to=2020-12-31&sort=date";
        break;
      case 5:
        path =
            "/api/search?q=" + url_encode(word()) + "&author=" + url_encode(pick(archive.authors));
        break;
      case 6:
        path = "/api/search?q=" + url_encode(word()) + "&type=comment&page=2";
        break;
      case 7:
        path = "/api/search?q=&size=5";
        check = kBrowseAll;
        break;
      case 8:
        path = "/api/search?q=&type=post&sort=date";
        check = kBrowsePosts;
        break;
      default:
        path = "/api/suggest?q=" + url_encode(prefix(word(), 2));
        break;
    }
    const auto t0 = Clock::now();
    auto res = cli.Get(path.c_str());
    out->latency_us.push_back(static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count()));
    ++out->requests;
    std::string failure;
    if (!res) {
      failure = "no answer: " + httplib::to_string(res.error());
    } else if (res->status != 200) {
      failure = "status " + std::to_string(res->status) + ": " + res->body.substr(0, 200);
    } else if (check != kPlain) {
      const json j = json::parse(res->body, nullptr, false);
      const int total = j.is_object() ? j.value("total", -1) : -1;
      const auto& want = check == kBrowseAll ? browse_totals : post_totals;
      if (check == kBrowseAll) ++out->browse_totals[total];
      if (!want.count(total))
        failure = "total " + std::to_string(total) + " is no complete generation's";
    }
    if (!failure.empty()) {
      ++out->failed;
      if (out->failures.size() < 5) out->failures.push_back(path + ": " + failure);
    }
  }
}

std::string live_generation(const std::string& index_dir) {
  std::string stub = read_file(index_dir + "/XAPIANDB");  // "auto gen-000001\n"
  while (!stub.empty() && std::isspace(static_cast<unsigned char>(stub.back()))) stub.pop_back();
  return stub.substr(stub.find(' ') + 1);
}

// /healthz as JSON; an empty object when it did not answer 200.
json healthz(int port) {
  const RawReply r = http_get(port, "/healthz");
  if (r.status() != 200) return json::object();
  return json::parse(r.body(), nullptr, false);
}

// Waits (at most 10 s) until /healthz shows `generation` with `documents`.
bool healthz_shows(int port, const std::string& generation, int documents, json* last) {
  for (int i = 0; i < 500; ++i) {
    *last = healthz(port);
    if (last->value("generation", "") == generation && last->value("documents", -1) == documents)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

TEST(Soak, SearchWhileRebuildingAndKillingABuild) {
  const double seconds = soak_seconds();
  TempDir dir;
  for (const char* name : {"synonyms.txt", "focus-areas.json"})
    fs::copy_file(std::string(FSS_SOURCE_DIR) + "/corpus/" + name, dir / name);
  const Archive archive = make_archive(corpus_words(), kPosts);
  ASSERT_GT(archive.phrases.size(), 50u);
  // Two archives, so that each build switches to a different document count: A, and A
  // without its last 10 posts.
  const std::string archive_paths[2] = {dir / "a.jsonl", dir / "b.jsonl"};
  const int counts[2] = {archive.documents(kPosts), archive.documents(kPosts - 10)};
  const int post_counts[2] = {kPosts, kPosts - 10};
  write_file(archive_paths[0], archive.text(kPosts));
  write_file(archive_paths[1], archive.text(kPosts - 10));
  const std::string index = dir / "index";
  const auto build_argv = [&](int which) {
    return std::vector<std::string>{FSS_INDEX_BIN,        "build",   "--quiet", "--archive",
                                    archive_paths[which], "--index", index};
  };

  auto t = Clock::now();
  const RunResult first = run(build_argv(0));
  ASSERT_EQ(first.exit, 0) << first.output;
  const double build_seconds = since(t);
  const double first_build_seconds = build_seconds;

  Daemon daemon;
  ASSERT_TRUE(daemon.start({"--listen", "127.0.0.1:0", "--index", index, "--no-access-log"}))
      << daemon.log();
  const int port = daemon.port();
  json health;
  ASSERT_TRUE(healthz_shows(port, live_generation(index), counts[0], &health)) << health;

  // Load: client threads, and a sampler of the daemon's resident memory.
  std::atomic<bool> stop{false};
  std::vector<ClientStats> stats(kClients);
  std::vector<std::pair<double, long>> rss;  // (seconds into the load, KiB)
  std::vector<std::thread> threads;
  struct Joiner {  // stops and joins the threads however the test ends
    std::atomic<bool>& stop;
    std::vector<std::thread>& threads;
    ~Joiner() {
      stop = true;
      for (auto& t : threads)
        if (t.joinable()) t.join();
    }
  } joiner{stop, threads};
  const std::set<int> browse_totals(counts, counts + 2), post_totals(post_counts, post_counts + 2);
  const auto load_start = Clock::now();
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back(client, port, i + 1, i < kKeepAliveClients, std::cref(archive),
                         std::cref(browse_totals), std::cref(post_totals), std::cref(stop),
                         &stats[i]);
  threads.emplace_back([&] {
    while (!stop) {
      rss.emplace_back(since(load_start), daemon.rss_kib());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });

  // Rebuilds, alternating the archives, each checked through /healthz; every fourth one
  // (the second first) is killed with SIGKILL once it is writing its new generation.
  int rebuilds = 0, killed = 0, missed_kills = 0, cycle = 0, which = 0;
  std::vector<double> build_times;
  double shortest_build = build_seconds;
  // A build that switched: the daemon follows, and nothing is left behind (no *.tmp; the
  // live generation and at most the one before).
  const auto check_switched = [&](const std::string& before) {
    const std::string after = live_generation(index);
    EXPECT_NE(after, before);
    EXPECT_TRUE(healthz_shows(port, after, counts[which], &health))
        << "after rebuild " << rebuilds << ": " << health;
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(index)) entries.push_back(e.path().filename());
    EXPECT_LE(entries.size(), 4u) << ::testing::PrintToString(entries);
    for (const std::string& e : entries) EXPECT_EQ(e.find(".tmp"), std::string::npos) << e;
  };
  const double kill_at[] = {0.5, 0.3, 0.7};
  while ((since(load_start) < seconds || rebuilds < 3 || killed < 1) && cycle < 500) {
    ++cycle;
    which = 1 - which;
    const std::string before = live_generation(index);
    if (cycle % 4 == 2) {
      // Kill half way: the new generation's directory exists (the writer has begun) and
      // a fraction of the shortest build's time has passed.
      const double wait = shortest_build * kill_at[(killed + missed_kills) % 3];
      ChildProcess build(build_argv(which), dir / "killed-build.log");
      t = Clock::now();
      bool writing = false;
      while (since(t) < wait || !writing) {
        if (build.poll()) break;
        std::error_code ec;
        for (auto e = fs::directory_iterator(index, ec); !ec && e != fs::directory_iterator();
             e.increment(ec))
          writing |= e->path().extension() == ".tmp" && fs::exists(e->path() / "iamglass", ec);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
      if (const std::optional<int> exit = build.poll()) {
        // It finished first (a loaded machine is not a stopwatch): a rebuild like any other.
        ASSERT_EQ(*exit, 0) << read_file(dir / "killed-build.log");
        ++rebuilds;
        ++missed_kills;
        check_switched(before);
      } else {
        EXPECT_EQ(build.kill(SIGKILL), 128 + SIGKILL);
        ++killed;
        // The live generation is the one before, and the daemon still says so.
        EXPECT_EQ(live_generation(index), before);
        EXPECT_TRUE(healthz_shows(port, before, counts[1 - which], &health)) << health;
        which = 1 - which;  // the archive that is live stays the one to alternate from
      }
    } else {
      t = Clock::now();
      const RunResult r = run(build_argv(which));
      ASSERT_EQ(r.exit, 0) << r.output;
      build_times.push_back(since(t));
      shortest_build = std::min(shortest_build, build_times.back());
      ++rebuilds;
      check_switched(before);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_GE(killed, 1) << "no build could be killed half way in " << cycle << " tries";
  const double load_seconds = since(load_start);
  stop = true;
  for (auto& th : threads) th.join();

  // A burst of issue 17's query bombs (finding 15: RSS went from 57 MiB to 1.3 GiB and
  // stayed): bounded queries leave the memory where the load left it.
  const long before_bombs = daemon.rss_kib();
  std::vector<std::thread> bombers;
  std::atomic<int> bombs_failed{0};
  for (int i = 0; i < 6; ++i)
    bombers.emplace_back([&] {
      for (int k = 0; k < 2; ++k)
        for (const std::string& q : query_bombs()) {
          const int s = http_get(port, "/api/search?q=" + url_encode(q)).status();
          bombs_failed += s != 200 && s != 503;
        }
    });
  for (auto& th : bombers) th.join();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const long after_bombs = daemon.rss_kib();
  std::printf("soak: VmRSS before the query bombs %ld KiB, after %ld KiB\n", before_bombs,
              after_bombs);
  EXPECT_EQ(bombs_failed, 0) << "bombs answered neither 200 nor 503";
  EXPECT_LE(after_bombs, before_bombs + 64 * 1024) << "KiB after the query bombs";

  // Figures.
  ClientStats all, kinds[2];  // kinds: 0 keep-alive, 1 a connection per request
  for (int i = 0; i < kClients; ++i) {
    for (ClientStats* to : {&all, &kinds[i < kKeepAliveClients ? 0 : 1]}) {
      const ClientStats& s = stats[i];
      to->requests += s.requests;
      to->failed += s.failed;
      to->latency_us.insert(to->latency_us.end(), s.latency_us.begin(), s.latency_us.end());
      to->failures.insert(to->failures.end(), s.failures.begin(), s.failures.end());
      for (const auto& [total, n] : s.browse_totals) to->browse_totals[total] += n;
    }
  }
  // Milliseconds at quantile q of a set of latencies.
  const auto quantile = [](std::vector<uint32_t>& v, double q) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))] / 1000.0;
  };
  ASSERT_GE(rss.size(), 8u);
  const size_t quarter = rss.size() / 4;
  long first_max = 0, last_max = 0;
  for (size_t i = 0; i < quarter; ++i) first_max = std::max(first_max, rss[i].second);
  for (size_t i = rss.size() - quarter; i < rss.size(); ++i)
    last_max = std::max(last_max, rss[i].second);
  std::string rss_by_tenth;  // the largest sample of each tenth of the run, MiB
  for (size_t tenth = 0; tenth < 10; ++tenth) {
    long m = 0;
    for (size_t i = rss.size() * tenth / 10; i < rss.size() * (tenth + 1) / 10; ++i)
      m = std::max(m, rss[i].second);
    char buf[16];
    std::snprintf(buf, sizeof buf, " %.1f", m / 1024.0);
    rss_by_tenth += buf;
  }
  std::sort(build_times.begin(), build_times.end());
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
      load_seconds, counts[0], kClients, static_cast<unsigned long long>(all.requests),
      all.requests / load_seconds, quantile(all.latency_us, 0.5), quantile(all.latency_us, 0.99),
      quantile(all.latency_us, 1.0), kKeepAliveClients,
      static_cast<unsigned long long>(kinds[0].requests), quantile(kinds[0].latency_us, 0.5),
      quantile(kinds[0].latency_us, 0.99), kClients - kKeepAliveClients,
      static_cast<unsigned long long>(kinds[1].requests), quantile(kinds[1].latency_us, 0.5),
      quantile(kinds[1].latency_us, 0.99), rebuilds, first_build_seconds,
      build_times[build_times.size() / 2], killed, missed_kills, rss_by_tenth.c_str(), first_max,
      last_max);
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
  EXPECT_TRUE(healthz_shows(port, live_generation(index), counts[which], &health)) << health;
  EXPECT_EQ(daemon.kill(SIGTERM), 0) << daemon.log();
}

}  // namespace
}  // namespace fss::testing
