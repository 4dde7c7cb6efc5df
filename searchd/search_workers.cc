#include "search_workers.h"

#include <algorithm>

#include "fss/index_dir.h"
#include "version_set.h"

namespace fss::searchd {

struct SearchWorkers::Job {
  const std::function<void(Searcher&)>* fn;
  Status status;
  bool started = false;  // a worker took it: the caller waits for `done`
  bool done = false;
  std::condition_variable cv;
};

SearchWorkers::SearchWorkers(std::string index_dir, const Analyzer* analyzer, size_t threads,
                             size_t queue_max, std::chrono::milliseconds idle_check)
    : index_dir_(std::move(index_dir)),
      analyzer_(analyzer),
      queue_max_(queue_max),
      idle_check_(idle_check),
      cache_(Searcher::make_cache()) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

SearchWorkers::~SearchWorkers() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

Status SearchWorkers::run(Clock::time_point deadline, const std::function<void(Searcher&)>& job) {
  auto j = std::make_shared<Job>();
  j->fn = &job;
  std::unique_lock<std::mutex> lock(mu_);
  if (queue_.size() >= queue_max_)
    return Status::busy("too many searches waiting (" + std::to_string(queue_max_) +
                        "); try again");
  queue_.push_back(j);
  cv_.notify_one();
  if (!j->cv.wait_until(lock, deadline, [&] { return j->started; })) {
    // Nobody took it in time: it leaves the queue unrun.
    queue_.erase(std::find(queue_.begin(), queue_.end(), j));
    return Status::busy("no search worker was free in time; try again");
  }
  j->cv.wait(lock, [&] { return j->done; });
  return j->status;
}

void SearchWorkers::drop_if_stale(std::unique_ptr<Searcher>* searcher) {
  if (!*searcher) return;
  const auto live = live_generation(index_dir_);
  if (!live.is_ok()) return;  // no readable stub: keep serving what is open
  if ((*searcher)->info().generation == live.value()) return;
  searcher->reset();
  cache_->release_stale(index_dir_);
}

void SearchWorkers::work() {
  std::unique_ptr<Searcher> searcher;
  for (;;) {
    std::shared_ptr<Job> j;
    {
      std::unique_lock<std::mutex> lock(mu_);
      while (!cv_.wait_for(lock, idle_check_, [&] { return stopping_ || !queue_.empty(); })) {
        lock.unlock();  // the check reads the stub: outside the lock
        drop_if_stale(&searcher);
        lock.lock();
      }
      if (queue_.empty()) return;
      j = queue_.front();
      queue_.pop_front();
      j->started = true;
    }
    j->cv.notify_all();
    // Opening and refreshing read files: outside the lock.
    Status status;
    if (searcher) {
      if (searcher->refresh()) ++reopens_;
    } else {
      auto opened = Searcher::open(index_dir_, analyzer_, cache_);
      if (opened.is_ok())
        searcher = std::move(opened.value());
      else
        status = opened.status();
    }
    if (searcher) {
      try {
        (*j->fn)(*searcher);
      } catch (const std::exception& e) {  // bad_alloc: the job fails, the worker lives on
        status = Status::internal(std::string("search failed: ") + e.what());
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      j->status = status;
      j->done = true;
    }
    j->cv.notify_all();
  }
}

}  // namespace fss::searchd
