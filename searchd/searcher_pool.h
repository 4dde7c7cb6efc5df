// A fixed set of Searchers, one per search worker (sized to the cores), each with its own
// Xapian::Database. HTTP threads borrow one for the length of a request; when all are
// busy they wait, so at most `size` searches run at once however many connections are open.
//
// Generations: a Searcher lent out keeps its generation for the request (search.h). Idle
// Searchers on a generation that is no longer live are dropped (checked every
// `idle_check`), as is the cache's reference to it, so an idle
// daemon keeps no old generation's files open and a build can remove them.
//
// Thread-safety: all members may be called from any thread.
#ifndef FSS_SEARCHD_SEARCHER_POOL_H_
#define FSS_SEARCHD_SEARCHER_POOL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fss/analyzer.h"
#include "fss/search.h"
#include "thread_annotations.h"

namespace fss::searchd {

class SearcherPool {
 public:
  SearcherPool(std::string index_dir, const Analyzer* analyzer, size_t size,
               std::chrono::milliseconds idle_check = std::chrono::seconds(1));
  ~SearcherPool();
  SearcherPool(const SearcherPool&) = delete;
  SearcherPool& operator=(const SearcherPool&) = delete;

  // A borrowed Searcher, returned to the pool when destroyed. Null when no index can be
  // opened (status() says why).
  class Lease {
   public:
    Lease(SearcherPool* pool, std::unique_ptr<Searcher> s, Status status)
        : pool_(pool), searcher_(std::move(s)), status_(std::move(status)) {}
    Lease(Lease&& o) noexcept
        : pool_(o.pool_), searcher_(std::move(o.searcher_)), status_(std::move(o.status_)) {
      o.pool_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Searcher* get() const { return searcher_.get(); }
    Searcher* operator->() const { return searcher_.get(); }
    explicit operator bool() const { return searcher_ != nullptr; }
    const Status& status() const { return status_; }

   private:
    SearcherPool* pool_;
    std::unique_ptr<Searcher> searcher_;
    Status status_;
  };

  // Waits for a free Searcher, moves it to the live generation if a build switched
  // (counted in reopens()), opening the index on first use.
  Lease acquire();

  uint64_t reopens() const { return reopens_.load(); }
  size_t size() const { return size_; }

  // Drops idle Searchers (and the cache's reference) on a generation that is no longer
  // live. Runs every idle_check; public for tests.
  void drop_stale_idle() LOCKS_EXCLUDED(mu_);

 private:
  void release(std::unique_ptr<Searcher> s) LOCKS_EXCLUDED(mu_);
  void check_idle_loop(std::chrono::milliseconds every) LOCKS_EXCLUDED(mu_);

  const std::string index_dir_;
  const Analyzer* analyzer_;
  const size_t size_;
  std::shared_ptr<IndexCache> cache_;
  std::mutex mu_;
  std::condition_variable free_;
  std::condition_variable stop_cv_;
  std::vector<std::unique_ptr<Searcher>> idle_ GUARDED_BY(mu_);
  size_t slots_ GUARDED_BY(mu_);  // Searchers not lent out (idle, or not yet opened)
  bool stop_ GUARDED_BY(mu_) = false;
  std::atomic<uint64_t> reopens_{0};
  std::thread idle_checker_;  // last: started when everything above is ready
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_SEARCHER_POOL_H_
