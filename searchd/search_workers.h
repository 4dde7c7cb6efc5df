// The search workers: a fixed set of threads (one per core by default), each with its own
// Searcher and Xapian::Database, fed from a bounded queue. Request threads hand them jobs
// and wait; connections never hold a search thread, and a flood of searches is answered
// 503 at once instead of queueing without end (issue 17, finding 10).
//
// Thread-safety: all members may be called from any thread.
#ifndef FSS_SEARCHD_SEARCH_WORKERS_H_
#define FSS_SEARCHD_SEARCH_WORKERS_H_

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "fss/analyzer.h"
#include "fss/search.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss::searchd {

class SearchWorkers {
 public:
  using Clock = std::chrono::steady_clock;

  // `threads` workers (0: one per core), at most `queue_max` jobs waiting. A worker idle
  // for `idle_check` lets go of its Searcher when a build has switched the live
  // generation since (and the cache of its reference), so an idle daemon keeps no
  // deleted generation's files open (issue 17, item 4).
  SearchWorkers(std::string index_dir, const Analyzer* analyzer, size_t threads, size_t queue_max,
                std::chrono::milliseconds idle_check = std::chrono::seconds(1));
  ~SearchWorkers();  // finishes the jobs queued, then stops

  // Runs `job` on a worker with a Searcher on the live generation (moved there if a build
  // switched since, counted in reopens()), and returns when it has run. Errors, without
  // running it: kBusy when queue_max jobs are waiting already, or when `deadline` passes
  // before a worker is free; kUnavailable when no index can be opened.
  Status run(Clock::time_point deadline, const std::function<void(Searcher&)>& job)
      LOCKS_EXCLUDED(mu_);

  uint64_t reopens() const { return reopens_.load(); }
  size_t threads() const { return threads_.size(); }

 private:
  // One run(): its caller waits on `cv` for a worker to start it, then to finish it. Its
  // state is guarded by the SearchWorkers' mu_, which `mu` points at (the analysis cannot
  // name another object's member): code holding mu_ says so with held(j).
  struct Job {
    explicit Job(Mutex* workers_mu) : mu(workers_mu) {}
    Mutex* const mu;
    const std::function<void(Searcher&)>* fn = nullptr;
    Status status GUARDED_BY(mu);
    bool started GUARDED_BY(mu) = false;  // a worker took it: the caller waits for `done`
    bool done GUARDED_BY(mu) = false;
    CondVar cv;  // waited on under mu
  };
  void work() LOCKS_EXCLUDED(mu_);
  // Drops `*searcher` when its generation is no longer the live one.
  // Tells the analysis that `j`'s state, guarded by j.mu (which is mu_), may be touched.
  void held(const Job& j) const EXCLUSIVE_LOCKS_REQUIRED(mu_) ASSERT_EXCLUSIVE_LOCK(j.mu);
  void drop_if_stale(std::unique_ptr<Searcher>* searcher) LOCKS_EXCLUDED(mu_);

  const std::string index_dir_;
  const Analyzer* analyzer_;
  const size_t queue_max_;
  const std::chrono::milliseconds idle_check_;
  std::shared_ptr<IndexCache> cache_;
  mutable Mutex mu_;
  CondVar cv_;  // workers wait on it (under mu_) for queue_ or stopping_
  std::deque<std::shared_ptr<Job>> queue_ GUARDED_BY(mu_);
  bool stopping_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
  std::atomic<uint64_t> reopens_{0};
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_SEARCH_WORKERS_H_
