#include "searcher_pool.h"

namespace fss::searchd {

SearcherPool::SearcherPool(std::string index_dir, const Analyzer* analyzer, size_t size)
    : index_dir_(std::move(index_dir)),
      analyzer_(analyzer),
      size_(size ? size : 1),
      cache_(Searcher::make_cache()),
      slots_(size_) {}

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
