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

#include "fss/archive.h"
#include "fss/index_builder.h"
#include "fss/mutex.h"
#include "fss/status.h"
#include "fss/thread_annotations.h"
#include "index/document_builder.h"

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
  // The documents whose words `spellings` holds when `docs` does not hold them (a routed
  // pipeline's spelling part): what the writer counts towards its next commit.
  uint64_t spelled_documents = 0;
  Status status;
};

// How the pipeline deals batches to its writers.
struct Routing {
  unsigned writers = 2;
  // 0: batch n goes whole to writer n mod writers. N > 1 (and writers == N + 1): every
  // batch is split, writer k < N taking the documents of the posts whose shard_of(id, N)
  // is k and writer N the batch's spelling words; so each writer sees its documents in the
  // archive's order.
  unsigned shards = 0;
};

// Reader -> workers -> writers, in order. The reader (the calling thread) fills batches,
// workers analyse them in any order, the writers take them back in sequence so docids
// come out the same in every build of the same archive.
class Pipeline {
 public:
  Pipeline(const DocumentContext& ctx, unsigned threads, Routing routing)
      : ctx_(ctx), routing_(routing), next_seq_(routing.writers) {
    for (unsigned i = 0; i < routing.writers; ++i) next_seq_[i] = routing.shards ? 0 : i;
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

  // The next batch (or part of one: Routing) of `writer`, in sequence, or false when the
  // input is done and all of the writer's were taken.
  bool next(unsigned writer, Batch* out) LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    uint64_t& seq = next_seq_[writer];
    while (!(aborted_ || done_.count(seq) || (closed_ && seq >= pushed_total_))) {
      done_ready_.Wait(&mu_);
    }
    if (aborted_) return false;
    auto it = done_.find(seq);
    if (it == done_.end()) return false;
    Analysed& a = it->second;
    *out = std::move(a.parts[routing_.shards ? writer : 0]);
    seq += routing_.shards ? 1 : next_seq_.size();
    if (--a.takers_left == 0) {
      done_.erase(it);
      --in_flight_;
      space_.Signal();
    }
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
      const uint64_t seq = batch.seq;
      Analysed a{analyse(std::move(batch)), 0};
      a.takers_left = routing_.shards ? routing_.writers : 1;
      MutexLock lock(&mu_);
      done_[seq] = std::move(a);
      done_ready_.SignalAll();
    }
  }

  // The batch's documents, in one part or one per writer (Routing).
  std::vector<Batch> analyse(Batch batch) {
    std::vector<Batch> parts(routing_.shards ? routing_.writers : 1);
    Status status;
    // An exception (bad_alloc) must not end the thread: the batch carries it.
    try {
      for (const Post& p : batch.posts) {
        Batch& part = parts[shard_of(p.id, routing_.shards)];
        status = build_post_documents(p, ctx_, &part.docs);
        if (!status.is_ok()) break;
      }
      Batch& spelled = parts.back();
      for (Batch& part : parts) {
        for (BuiltDocument& d : part.docs) {
          for (std::string& w : d.spellings) ++spelled.spellings[std::move(w)];
          d.spellings = {};
          if (routing_.shards) ++spelled.spelled_documents;
        }
      }
    } catch (const std::exception& e) {
      status = Status::internal(std::string("analysis: ") + e.what());
    }
    for (Batch& part : parts) part.status = status;
    return parts;
  }

  struct Analysed {
    std::vector<Batch> parts;
    unsigned takers_left;  // writers yet to take their part
  };

  const DocumentContext& ctx_;
  const Routing routing_;
  Mutex mu_;
  CondVar work_ready_, done_ready_, space_;  // waited on under mu_
  std::deque<Batch> todo_ GUARDED_BY(mu_);
  std::map<uint64_t, Analysed> done_ GUARDED_BY(mu_);
  std::vector<uint64_t> next_seq_ GUARDED_BY(mu_);  // per writer
  uint64_t pushed_total_ GUARDED_BY(mu_) = 0;
  size_t in_flight_ GUARDED_BY(mu_) = 0;
  bool closed_ GUARDED_BY(mu_) = false;
  bool stop_ GUARDED_BY(mu_) = false;
  bool aborted_ GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace fss

#endif  // FSS_SRC_INDEX_BUILD_PIPELINE_H_
