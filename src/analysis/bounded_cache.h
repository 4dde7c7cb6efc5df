// Private to the compound splitter: its cache of what the lexicons said about each word.
// Thread-safe.
#ifndef FSS_SRC_ANALYSIS_BOUNDED_CACHE_H_
#define FSS_SRC_ANALYSIS_BOUNDED_CACHE_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <unordered_map>

#include "analysis/compound_splitter.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss::analysis {

// A cache of bounded size: each shard keeps two maps, `hot` and `cold`. Look-ups try
// hot, then cold (a hit there is copied to hot); inserts go to hot; when hot is full, cold
// is dropped and hot becomes cold. So at most `capacity` entries are held, and what is
// dropped is what was not used since the last turn (an approximate LRU without a list
// to update under an exclusive lock on every hit: a warm hit is a shared lock). Shards
// keep the analysis threads from queueing on one lock.
class BoundedCache {
 public:
  using Value = CompoundSplitter::WordInfo;
  explicit BoundedCache(size_t capacity) : half_(std::max<size_t>(1, capacity / (2 * kShards))) {}

  // True and *out set when `key` is held.
  bool get(const std::string& key, Value* out) {
    Shard& s = shard(key);
    {
      ReaderMutexLock lock(&s.mu);
      if (const auto it = s.hot.find(key); it != s.hot.end()) {
        *out = it->second;
        return true;
      }
    }
    WriterMutexLock lock(&s.mu);
    if (const auto it = s.hot.find(key); it != s.hot.end()) {
      *out = it->second;
      return true;
    }
    const auto it = s.cold.find(key);
    if (it == s.cold.end()) return false;
    *out = it->second;
    insert_locked(s, key, it->second);
    return true;
  }

  void put(const std::string& key, const Value& value) {
    Shard& s = shard(key);
    WriterMutexLock lock(&s.mu);
    insert_locked(s, key, value);
  }

  // Entries held now (at most the capacity).
  size_t size() const {
    size_t n = 0;
    for (const Shard& s : shards_) {
      ReaderMutexLock lock(&s.mu);
      n += s.hot.size() + s.cold.size();
    }
    return n;
  }

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable SharedMutex mu;
    std::unordered_map<std::string, Value> hot GUARDED_BY(mu), cold GUARDED_BY(mu);
  };

  Shard& shard(const std::string& key) const {
    return shards_[std::hash<std::string>()(key) % kShards];
  }

  void insert_locked(Shard& s, const std::string& key, const Value& value) const
      EXCLUSIVE_LOCKS_REQUIRED(s.mu) {
    if (s.hot.size() >= half_) {
      s.cold.clear();
      s.cold.swap(s.hot);
    }
    s.hot.emplace(key, value);
  }

  const size_t half_;  // entries per shard and map
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace fss::analysis

#endif  // FSS_SRC_ANALYSIS_BOUNDED_CACHE_H_
