// Searchers on many threads at once, sharing one IndexCache and one Analyzer, as
// fss-searchd runs them (search.h: a Searcher per thread, the cache shared).
#include <atomic>
#include <filesystem>
#include <thread>

#include "fss/search.h"
#include "test_index.h"

namespace fss {
namespace {

// Regression: browse queries (no words) copied the shared static Xapian::Query::MatchAll
// from several threads, racing on its reference count; fss-searchd crashed under load.
TEST(SearcherThreadsTest, ConcurrentBrowseAndSearchAgree) {
  auto analyzer = Analyzer::create();
  ASSERT_TRUE(analyzer.is_ok());
  const std::string dir = testing::make_temp_dir("fss-searcher-threads");
  testing::build_test_index(*analyzer.value(), testing::corpus_archive(), dir + "/index");
  auto cache = Searcher::make_cache();

  const SearchRequest browse{};  // everything, newest first
  SearchRequest words;
  words.query = "första linjen";
  uint64_t expect_browse = 0, expect_words = 0;
  {
    auto s = Searcher::open(dir + "/index", analyzer.value().get(), cache);
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    expect_browse = s.value()->search(browse)->total;
    expect_words = s.value()->search(words)->total;
  }
  ASSERT_GT(expect_browse, 0u);

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto s = Searcher::open(dir + "/index", analyzer.value().get(), cache);
      if (!s.is_ok()) {
        ++failures;
        return;
      }
      for (int i = 0; i < 300; ++i) {
        const bool b = (i + t) % 2 == 0;
        auto r = s.value()->search(b ? browse : words);
        if (!r.is_ok() || r->total != (b ? expect_browse : expect_words)) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fss
