#include "search_workers.h"

#include <algorithm>
#include <cassert>

#include "fss/index_dir.h"

namespace fss::searchd {

void SearchWorkers::held(const Job& j) const {
  assert(j.mu == &mu_);
  j.mu->AssertHeld();
}

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
    MutexLock lock(&mu_);
    stopping_ = true;
  }
  cv_.SignalAll();
  for (std::thread& t : threads_) t.join();
}

Status SearchWorkers::run(Clock::time_point deadline, const std::function<void(Searcher&)>& job) {
  auto j = std::make_shared<Job>(&mu_);
  j->fn = &job;
  MutexLock lock(&mu_);
  held(*j);
  if (queue_.size() >= queue_max_)
    return Status::busy("too many searches waiting (" + std::to_string(queue_max_) +
                        "); try again");
  queue_.push_back(j);
  cv_.Signal();
  while (!j->started) {
    if (!j->cv.WaitUntil(&mu_, deadline) && !j->started) {
      // Nobody took it in time: it leaves the queue unrun.
      queue_.erase(std::find(queue_.begin(), queue_.end(), j));
      return Status::busy("no search worker was free in time; try again");
    }
  }
  while (!j->done) j->cv.Wait(&mu_);
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
      MutexLock lock(&mu_);
      for (;;) {
        const Clock::time_point idle_until = Clock::now() + idle_check_;
        while (!stopping_ && queue_.empty()) {
          if (!cv_.WaitUntil(&mu_, idle_until)) break;
        }
        if (stopping_ || !queue_.empty()) break;
        mu_.Unlock();  // the check reads the stub: outside the lock
        drop_if_stale(&searcher);
        mu_.Lock();
      }
      if (queue_.empty()) return;
      j = queue_.front();
      queue_.pop_front();
      held(*j);
      j->started = true;
    }
    j->cv.SignalAll();
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
      MutexLock lock(&mu_);
      held(*j);
      j->status = status;
      j->done = true;
    }
    j->cv.SignalAll();
  }
}

}  // namespace fss::searchd
