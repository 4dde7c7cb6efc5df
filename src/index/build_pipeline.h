// Private to the index layer: the build's reader -> analysers -> shard writers pipeline.
#ifndef FSS_SRC_INDEX_BUILD_PIPELINE_H_
#define FSS_SRC_INDEX_BUILD_PIPELINE_H_

#include <xapian.h>

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "index/document_builder.h"
#include "fss/archive.h"
#include "fss/status.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss {

// Batches in flight (read, being analysed, or waiting to be written): bounds memory.
inline constexpr size_t kMaxInFlight = 16;

// Joins the threads it was given when it goes out of scope, on every path: a joinable
// std::thread destroyed by an exception would call std::terminate.
class ThreadJoiner {
 public:
  explicit ThreadJoiner(std::vector<std::thread>* threads) : threads_(threads) {}
  ~ThreadJoiner() { join(); }
  ThreadJoiner(const ThreadJoiner&) = delete;
  ThreadJoiner& operator=(const ThreadJoiner&) = delete;
  void join() {
    for (std::thread& t : *threads_)
      if (t.joinable()) t.join();
  }

 private:
  std::vector<std::thread>* threads_;
};

struct Batch {
  uint64_t seq = 0;
  std::vector<Post> posts;
  std::vector<BuiltDocument> docs;
  // The batch's spelling words with their counts: one add_spelling() per distinct word
  // instead of one per occurrence (the writer thread is the build's slowest stage).
  std::unordered_map<std::string, Xapian::termcount> spellings;
  Status status;
};

// Reader -> workers -> writer, in order. The reader (the calling thread) fills batches,
// workers analyse them in any order, the writer takes them back in sequence so docids
// come out the same in every build of the same archive.
class Pipeline {
 public:
  Pipeline(const DocumentContext& ctx, unsigned threads, unsigned shards)
      : ctx_(ctx), next_seq_(shards) {
    for (unsigned i = 0; i < shards; ++i) next_seq_[i] = i;
    // A thread that cannot be started (std::system_error) must not leave the ones
    // already running unjoined.
    try {
      for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
    } catch (...) {
      finish();
      throw;
    }
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;
  ~Pipeline() { finish(); }

  void push(Batch batch) LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    while (in_flight_ >= kMaxInFlight) space_.Wait(&mu_);
    ++in_flight_;
    todo_.push_back(std::move(batch));
    work_ready_.Signal();
  }

  // The next batch of `shard` (batches seq % shards == shard, in sequence), or false when
  // the input is done and all of the shard's were taken.
  bool next(unsigned shard, Batch* out) LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    while (!(aborted_ || done_.count(next_seq_[shard]) ||
             (closed_ && next_seq_[shard] >= pushed_total_))) {
      done_ready_.Wait(&mu_);
    }
    if (aborted_) return false;
    auto it = done_.find(next_seq_[shard]);
    if (it == done_.end()) return false;
    *out = std::move(it->second);
    done_.erase(it);
    next_seq_[shard] += next_seq_.size();
    --in_flight_;
    space_.Signal();
    return true;
  }

  void close(uint64_t total) LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    closed_ = true;
    pushed_total_ = total;
    work_ready_.SignalAll();
    done_ready_.SignalAll();
  }

  // Ends the input early (an error): batches not yet analysed are dropped, writers get
  // no more. Workers finish the batch in hand.
  void abort() LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    closed_ = true;
    aborted_ = true;
    todo_.clear();
    work_ready_.SignalAll();
    done_ready_.SignalAll();
  }

  void finish() LOCKS_EXCLUDED(mu_) {
    {
      MutexLock lock(&mu_);
      closed_ = true;
      stop_ = true;
      work_ready_.SignalAll();
    }
    for (auto& t : workers_)
      if (t.joinable()) t.join();
  }

 private:
  void work() LOCKS_EXCLUDED(mu_) {
    for (;;) {
      Batch batch;
      {
        MutexLock lock(&mu_);
        while (todo_.empty() && !closed_ && !stop_) work_ready_.Wait(&mu_);
        if (todo_.empty()) return;
        batch = std::move(todo_.front());
        todo_.pop_front();
      }
      // An exception (bad_alloc) must not end the thread: the batch carries it.
      try {
        for (const Post& p : batch.posts) {
          batch.status = build_post_documents(p, ctx_, &batch.docs);
          if (!batch.status.is_ok()) break;
        }
        batch.posts.clear();
        for (BuiltDocument& d : batch.docs) {
          for (std::string& w : d.spellings) ++batch.spellings[std::move(w)];
          d.spellings = {};
        }
      } catch (const std::exception& e) {
        batch.status = Status::internal(std::string("analysis: ") + e.what());
      }
      MutexLock lock(&mu_);
      done_[batch.seq] = std::move(batch);
      done_ready_.SignalAll();
    }
  }

  const DocumentContext& ctx_;
  Mutex mu_;
  CondVar work_ready_, done_ready_, space_;  // waited on under mu_
  std::deque<Batch> todo_ GUARDED_BY(mu_);
  std::map<uint64_t, Batch> done_ GUARDED_BY(mu_);
  std::vector<uint64_t> next_seq_ GUARDED_BY(mu_);  // per writer shard
  uint64_t pushed_total_ GUARDED_BY(mu_) = 0;
  size_t in_flight_ GUARDED_BY(mu_) = 0;
  bool closed_ GUARDED_BY(mu_) = false;
  bool stop_ GUARDED_BY(mu_) = false;
  bool aborted_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace fss

#endif  // FSS_SRC_INDEX_BUILD_PIPELINE_H_
