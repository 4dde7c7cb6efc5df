// The locking wrappers of include/fss/mutex.h at run time; that clang checks their use at
// compile time is tests/thread_safety_check's job.
#include "fss/mutex.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace fss {
namespace {

using std::chrono::milliseconds;

// A counter as the code base guards one: every touch under the lock.
class Counter {
 public:
  void add() LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    ++n_;
  }
  int get() LOCKS_EXCLUDED(mu_) {
    MutexLock lock(&mu_);
    return n_;
  }

 private:
  Mutex mu_;
  int n_ GUARDED_BY(mu_) = 0;
};

TEST(MutexTest, LockUnlockAndTryLock) {
  Mutex mu;
  mu.Lock();
  mu.AssertHeld();
  bool taken_elsewhere = false;
  std::thread([&] {
    if (mu.TryLock()) {
      taken_elsewhere = true;
      mu.Unlock();
    }
  }).join();
  EXPECT_FALSE(taken_elsewhere) << "TryLock succeeded on a held mutex";
  mu.Unlock();
  bool relocked = false;
  if (mu.TryLock()) {
    relocked = true;
    mu.Unlock();
  }
  EXPECT_TRUE(relocked) << "TryLock failed on a free mutex";
}

TEST(MutexTest, MutexLockExcludesOtherThreads) {
  Counter c;
  constexpr int kThreads = 4, kAdds = 10000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kAdds; ++i) c.add();
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(c.get(), kThreads * kAdds);
}

TEST(MutexTest, AdoptedLockIsReleasedAtScopeEnd) {
  Mutex mu;
  mu.Lock();
  { MutexLock lock(&mu, kAdoptLock); }
  bool relocked = false;
  if (mu.TryLock()) {
    relocked = true;
    mu.Unlock();
  }
  EXPECT_TRUE(relocked) << "the adopted lock was not released";
}

TEST(SharedMutexTest, ReadersShareWritersExclude) {
  SharedMutex mu;
  std::atomic<bool> wrote{false};
  std::thread writer;
  {
    ReaderMutexLock a(&mu);
    bool second_reader = false;
    std::thread([&] {
      ReaderMutexLock b(&mu);  // would block for good were readers exclusive
      second_reader = true;
    }).join();
    EXPECT_TRUE(second_reader);
    writer = std::thread([&] {
      WriterMutexLock lock(&mu);
      wrote = true;
    });
    std::this_thread::sleep_for(milliseconds(50));
    EXPECT_FALSE(wrote.load()) << "a writer got in beside a reader";
  }
  writer.join();  // the reader's scope ended: the writer got in
  EXPECT_TRUE(wrote.load());
}

TEST(CondVarTest, WaitIsWokenBySignalFromAnotherThread) {
  Mutex mu;
  CondVar cv;
  bool ready = false;  // guarded by mu (a local: the analysis cannot name it)
  int seen = 0;
  std::thread consumer([&] {
    MutexLock lock(&mu);
    while (!ready) cv.Wait(&mu);
    seen = 1;
  });
  std::this_thread::sleep_for(milliseconds(20));
  {
    MutexLock lock(&mu);
    ready = true;
  }
  cv.Signal();
  consumer.join();
  EXPECT_EQ(seen, 1);
}

TEST(CondVarTest, SignalAllWakesEveryWaiter) {
  Mutex mu;
  CondVar cv;
  bool go = false;
  int woken = 0;
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i)
    waiters.emplace_back([&] {
      MutexLock lock(&mu);
      while (!go) cv.Wait(&mu);
      ++woken;
    });
  std::this_thread::sleep_for(milliseconds(20));
  {
    MutexLock lock(&mu);
    go = true;
  }
  cv.SignalAll();
  for (std::thread& t : waiters) t.join();
  EXPECT_EQ(woken, 3);
}

TEST(CondVarTest, WaitForTimesOutWithoutSignal) {
  Mutex mu;
  CondVar cv;
  MutexLock lock(&mu);
  const auto start = std::chrono::steady_clock::now();
  // A spurious wake-up returns true early: wait again, as callers loop.
  bool timed_out = false;
  while (!timed_out) timed_out = !cv.WaitFor(&mu, milliseconds(50));
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(50));
  mu.AssertHeld();  // held again after the wait
}

TEST(CondVarTest, WaitUntilReturnsTrueWhenSignalled) {
  Mutex mu;
  CondVar cv;
  bool ready = false;
  std::thread producer([&] {
    std::this_thread::sleep_for(milliseconds(20));
    MutexLock lock(&mu);
    ready = true;
    cv.Signal();
  });
  bool woken = false;
  {
    MutexLock lock(&mu);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!ready && (woken = cv.WaitUntil(&mu, deadline))) {
    }
  }
  producer.join();
  EXPECT_TRUE(ready);
  EXPECT_TRUE(woken) << "the wait ran to its deadline";
}

}  // namespace
}  // namespace fss
