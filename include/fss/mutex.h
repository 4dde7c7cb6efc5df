// Locks that clang's thread-safety analysis can see (thread_annotations.h), as LevelDB's
// port::Mutex, port::CondVar and MutexLock: thin wrappers of std::mutex,
// std::shared_mutex and std::condition_variable, which Debian 12's libstdc++ does not
// annotate. Every mutex-guarded member in fss-search is GUARDED_BY one of these.
//
//   Mutex mu_;                                      SharedMutex smu_;
//   int n_ GUARDED_BY(mu_) = 0;                     Map m_ GUARDED_BY(smu_);
//   void inc() { MutexLock lock(&mu_); ++n_; }      { ReaderMutexLock lock(&smu_); m_.find(k); }
//
// CondVar waits take the Mutex they wait under, so the analysis checks that it is held:
//   MutexLock lock(&mu_);
//   while (queue_.empty()) ready_.Wait(&mu_);   // a loop: wake-ups may be spurious
//
// Thread-safety: Mutex, SharedMutex and CondVar may be used from any thread (that is what
// they are for); a MutexLock, ReaderMutexLock or WriterMutexLock belongs to the thread and
// scope that made it. None of them is copyable or movable. A Mutex is not recursive: Lock()
// with it held deadlocks, as with std::mutex.
#ifndef FSS_TEXT_MUTEX_H_
#define FSS_TEXT_MUTEX_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>

#include "fss/thread_annotations.h"

namespace fss {

class CondVar;

// std::mutex, seen by the analysis.
class LOCKABLE Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() UNLOCK_FUNCTION() { mu_.unlock(); }
  // True when it took the lock (then the caller must Unlock()).
  bool TryLock() EXCLUSIVE_TRYLOCK_FUNCTION(true) { return mu_.try_lock(); }
  // Tells the analysis the caller holds it; checks nothing at run time (std::mutex cannot
  // say who holds it). For a lock taken where the analysis cannot follow.
  void AssertHeld() ASSERT_EXCLUSIVE_LOCK() {}

 private:
  friend class CondVar;
  std::mutex mu_;
};

// std::shared_mutex, seen by the analysis: one writer, or any number of readers.
class LOCKABLE SharedMutex {
 public:
  SharedMutex() = default;
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void Lock() EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() UNLOCK_FUNCTION() { mu_.unlock(); }
  void ReaderLock() SHARED_LOCK_FUNCTION() { mu_.lock_shared(); }
  void ReaderUnlock() UNLOCK_FUNCTION() { mu_.unlock_shared(); }
  void AssertHeld() ASSERT_EXCLUSIVE_LOCK() {}
  void AssertReaderHeld() ASSERT_SHARED_LOCK() {}

 private:
  std::shared_mutex mu_;
};

// Passed to MutexLock to take over a Mutex the caller already holds (std::adopt_lock).
struct AdoptLock {
  explicit AdoptLock() = default;
};
inline constexpr AdoptLock kAdoptLock{};

// Holds a Mutex for its scope (std::lock_guard).
class SCOPED_LOCKABLE MutexLock {
 public:
  explicit MutexLock(Mutex* mu) EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->Lock(); }
  // `mu` is held already; this releases it at the end of the scope.
  MutexLock(Mutex* mu, AdoptLock) EXCLUSIVE_LOCKS_REQUIRED(mu) : mu_(mu) {}
  ~MutexLock() UNLOCK_FUNCTION() { mu_->Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex* const mu_;
};

// Holds a SharedMutex exclusively for its scope (std::unique_lock<std::shared_mutex>).
class SCOPED_LOCKABLE WriterMutexLock {
 public:
  explicit WriterMutexLock(SharedMutex* mu) EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { mu_->Lock(); }
  ~WriterMutexLock() UNLOCK_FUNCTION() { mu_->Unlock(); }
  WriterMutexLock(const WriterMutexLock&) = delete;
  WriterMutexLock& operator=(const WriterMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// Holds a SharedMutex shared for its scope (std::shared_lock).
class SCOPED_LOCKABLE ReaderMutexLock {
 public:
  explicit ReaderMutexLock(SharedMutex* mu) SHARED_LOCK_FUNCTION(mu) : mu_(mu) {
    mu_->ReaderLock();
  }
  ~ReaderMutexLock() UNLOCK_FUNCTION() { mu_->ReaderUnlock(); }
  ReaderMutexLock(const ReaderMutexLock&) = delete;
  ReaderMutexLock& operator=(const ReaderMutexLock&) = delete;

 private:
  SharedMutex* const mu_;
};

// std::condition_variable for a Mutex. Every wait takes the Mutex, which the caller must
// hold (the analysis checks it): the wait releases it while blocked and holds it again when
// it returns, as std::condition_variable does. Wake-ups may be spurious, so a wait sits in
// a loop over its condition. Signal() and SignalAll() need no lock.
class CondVar {
 public:
  using Clock = std::chrono::steady_clock;

  CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  void Wait(Mutex* mu) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();  // still held: the caller's
  }

  // Waits at most until `deadline`: false when it passed (the caller re-checks its
  // condition either way).
  template <typename C, typename D>
  bool WaitUntil(Mutex* mu, const std::chrono::time_point<C, D>& deadline)
      EXCLUSIVE_LOCKS_REQUIRED(mu) {
    std::unique_lock<std::mutex> lock(mu->mu_, std::adopt_lock);
    const bool woken = cv_.wait_until(lock, deadline) == std::cv_status::no_timeout;
    lock.release();
    return woken;
  }

  // Waits at most `timeout`: false when it ran out.
  template <typename R, typename P>
  bool WaitFor(Mutex* mu, const std::chrono::duration<R, P>& timeout) EXCLUSIVE_LOCKS_REQUIRED(mu) {
    return WaitUntil(mu, Clock::now() + timeout);
  }

  void Signal() { cv_.notify_one(); }
  void SignalAll() { cv_.notify_all(); }

 private:
  std::condition_variable cv_;
};

}  // namespace fss

#endif  // FSS_TEXT_MUTEX_H_
