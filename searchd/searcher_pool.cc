#include "searcher_pool.h"

#include "fss/index_dir.h"
#include "version_set.h"

namespace fss::searchd {

SearcherPool::SearcherPool(std::string index_dir, const Analyzer* analyzer, size_t size,
                           std::chrono::milliseconds idle_check)
    : index_dir_(std::move(index_dir)),
      analyzer_(analyzer),
      size_(size ? size : 1),
      cache_(Searcher::make_cache()),
      slots_(size_),
      idle_checker_([this, idle_check] { check_idle_loop(idle_check); }) {}

SearcherPool::~SearcherPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stop_cv_.notify_all();
  idle_checker_.join();
}

void SearcherPool::check_idle_loop(std::chrono::milliseconds every) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_cv_.wait_for(lock, every, [&] { return stop_; })) {
    lock.unlock();
    drop_stale_idle();
    lock.lock();
  }
}

void SearcherPool::drop_stale_idle() {
  // Read outside the lock (a file read). A build switching right after is caught next time.
  const auto live = live_generation(index_dir_);
  if (!live.is_ok()) return;                     // no readable stub: keep serving what is open
  std::vector<std::unique_ptr<Searcher>> stale;  // closed outside the lock
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = idle_.begin(); it != idle_.end();) {
      if ((*it)->info().generation != live.value()) {
        stale.push_back(std::move(*it));
        it = idle_.erase(it);
      } else {
        ++it;
      }
    }
  }
  cache_->release_stale(index_dir_);
}

SearcherPool::Lease::~Lease() {
  if (pool_) pool_->release(std::move(searcher_));
}

SearcherPool::Lease SearcherPool::acquire() {
  std::unique_ptr<Searcher> s;
  {
    std::unique_lock<std::mutex> lock(mu_);
    free_.wait(lock, [&] { return slots_ > 0; });
    --slots_;
    if (!idle_.empty()) {
      s = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  // Opening and refreshing happen outside the lock: they read files.
  if (s) {
    if (s->refresh()) ++reopens_;
    return Lease(this, std::move(s), Status::ok());
  }
  auto opened = Searcher::open(index_dir_, analyzer_, cache_);
  if (!opened.is_ok()) {
    release(nullptr);
    return Lease(nullptr, nullptr, opened.status());
  }
  return Lease(this, std::move(opened.value()), Status::ok());
}

void SearcherPool::release(std::unique_ptr<Searcher> s) {
  std::lock_guard<std::mutex> lock(mu_);
  if (s) idle_.push_back(std::move(s));
  ++slots_;
  free_.notify_one();
}

}  // namespace fss::searchd
