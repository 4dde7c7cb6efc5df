// Generations as versions (issue 15; issue 17 item 4): rebuilds under concurrent queries.
// Every answer comes from one generation (a browse's total is that generation's document
// count, the generation named by info()), a generation a reader holds is not removed, and
// once searchers are refreshed or idle no deleted index file stays open and the next
// clean-up reclaims every old generation.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/search.h"
#include "index_test_util.h"
#include "search_workers.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::generated_posts;
using testing_util::TempDir;
using testing_util::write_file;

// The targets of this process's open files under `dir`.
std::vector<std::string> open_files_under(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& fd : fs::directory_iterator("/proc/self/fd", ec)) {
    char buf[4096];
    const ssize_t n = ::readlink(fd.path().c_str(), buf, sizeof buf - 1);
    if (n <= 0) continue;
    const std::string target(buf, static_cast<size_t>(n));
    if (target.rfind(dir, 0) == 0) out.push_back(target);
  }
  return out;
}

std::string deleted_ones(const std::vector<std::string>& files) {
  std::string out;
  for (const std::string& f : files)
    if (f.find("(deleted)") != std::string::npos) out += f + "\n";
  return out;
}

std::set<std::string> generations_on_disk(const std::string& index) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(index))
    if (e.path().filename().string().rfind("gen-", 0) == 0) out.insert(e.path().filename());
  return out;
}

class GenerationsTest : public ::testing::Test {
 protected:
  // Builds generation `k` (1-based) from 10 * k generated posts; returns its documents.
  uint64_t build(int k) {
    const std::string archive = dir_ / ("archive-" + std::to_string(k) + ".jsonl");
    EXPECT_TRUE(write_file(archive, archive_text(generated_posts(10 * k))));
    BuildOptions o;
    o.archive_path = archive;
    o.index_dir = index_;
    o.threads = 1;
    auto stats = build_index(o, *analyzer_);
    EXPECT_TRUE(stats.is_ok()) << stats.status().to_string();
    if (!stats.is_ok()) return 0;
    EXPECT_TRUE(stats->cleanup_errors.empty());
    return stats->posts + stats->comments;
  }

  const Analyzer* analyzer_ = &testing::shared_analyzer();
  TempDir dir_;
  const std::string index_ = dir_ / "index";
};

TEST_F(GenerationsTest, RebuildsUnderQueriesAnswerFromOneGenerationAndFreeOldOnes) {
  std::map<std::string, uint64_t> documents;  // by generation, written before it is live
  documents["gen-000001"] = build(1);
  auto cache = Searcher::make_cache();
  // A reader that stays on the first generation through every rebuild.
  auto laggard = Searcher::open(index_, analyzer_, cache);
  ASSERT_TRUE(laggard.is_ok()) << laggard.status().to_string();
  for (int k = 2; k <= 4; ++k)  // generation k has 10 * k posts, a third with 2 comments
    documents["gen-00000" + std::to_string(k)] = 10 * k + 2 * ((10 * k + 2) / 3);

  std::atomic<bool> stop{false};
  std::atomic<int> answers{0}, failures{0};
  std::mutex first_mu;
  std::string first_failure;
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      auto s = Searcher::open(index_, analyzer_, cache);
      std::string failure;
      if (!s.is_ok()) failure = s.status().to_string();
      while (failure.empty() && !stop) {
        s.value()->refresh();
        auto r = s.value()->search(SearchRequest{});  // browse: every document
        const IndexInfo info = s.value()->info();
        if (!r.is_ok())
          failure = r.status().to_string();
        else if (r->total != info.documents || r->total != documents.at(info.generation))
          failure = info.generation + ": total " + std::to_string(r->total) + ", info " +
                    std::to_string(info.documents);
        ++answers;
      }
      if (!failure.empty() && failures++ == 0) {
        std::lock_guard<std::mutex> lock(first_mu);
        first_failure = failure;
      }
    });
  }
  for (int k = 2; k <= 4; ++k) {
    EXPECT_EQ(build(k), documents.at("gen-00000" + std::to_string(k)));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop = true;
  for (auto& t : threads) t.join();  // their Searchers are gone with them
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GT(answers.load(), 10);

  // The laggard still answers from generation 1, whose files were kept for it.
  EXPECT_EQ(live_generation(index_).value(), "gen-000004");
  auto r = laggard.value()->search(SearchRequest{});
  ASSERT_TRUE(r.is_ok()) << r.status().to_string();
  EXPECT_EQ(laggard.value()->info().generation, "gen-000001");
  EXPECT_EQ(r->total, documents["gen-000001"]);
  EXPECT_EQ(deleted_ones(open_files_under(index_)), "");
  EXPECT_EQ(generations_on_disk(index_).count("gen-000001"), 1u);

  // Refreshed, it lets go: nothing deleted is open, and the next clean-up takes every
  // generation but the live one and the one before.
  EXPECT_TRUE(laggard.value()->refresh());
  EXPECT_EQ(laggard.value()->info().generation, "gen-000004");
  EXPECT_EQ(deleted_ones(open_files_under(index_)), "");
  {
    auto lock = BuildLock::acquire(index_);
    ASSERT_TRUE(lock.is_ok());
    const StaleCleanup cleanup = remove_stale_generations(index_);
    EXPECT_TRUE(cleanup.status().is_ok()) << cleanup.status().to_string();
    EXPECT_TRUE(cleanup.in_use.empty()) << cleanup.in_use.front();
  }
  EXPECT_EQ(generations_on_disk(index_), (std::set<std::string>{"gen-000003", "gen-000004"}));
  EXPECT_EQ(deleted_ones(open_files_under(index_)), "");
}

// Regression (issue 17, item 4): idle Searchers in fss-searchd's pool kept their old
// generation's files open (6 GiB a generation at 1M documents).
TEST_F(GenerationsTest, IdleSearchersInThePoolLetGoOfOldGenerations) {
  build(1);
  searchd::SearchWorkers workers(index_, analyzer_, 2, 16, std::chrono::milliseconds(20));
  // Two jobs at once, so both workers open a Searcher on gen-000001.
  const auto deadline = [] { return std::chrono::steady_clock::now() + std::chrono::seconds(10); };
  std::atomic<int> ran{0};
  const std::function<void(Searcher&)> slow = [&](Searcher& s) {
    EXPECT_TRUE(s.search(SearchRequest{}).is_ok());
    ++ran;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  };
  std::thread other([&] { EXPECT_TRUE(workers.run(deadline(), slow).is_ok()); });
  EXPECT_TRUE(workers.run(deadline(), slow).is_ok());
  other.join();
  ASSERT_EQ(ran.load(), 2);
  build(2);
  build(3);  // gen-000001 is stale now, but pinned by the idle Searchers until they go
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::vector<std::string> open;
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    open = open_files_under(index_);
  } while (!open.empty() && std::chrono::steady_clock::now() < until);
  EXPECT_TRUE(open.empty()) << "still open: " << open.front();
  build(4);
  EXPECT_EQ(generations_on_disk(index_), (std::set<std::string>{"gen-000003", "gen-000004"}));
  std::string generation;
  EXPECT_TRUE(
      workers.run(deadline(), [&](Searcher& s) { generation = s.info().generation; }).is_ok());
  EXPECT_EQ(generation, "gen-000004");
}

}  // namespace
}  // namespace fss
