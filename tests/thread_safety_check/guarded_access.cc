// Compiled, not run, by the thread_safety_analysis.* ctests (tests/CMakeLists.txt): with
// FSS_CASE 0 it takes its locks and must compile; every other case breaks one rule and
// must fail to compile with a -Wthread-safety error. If the analysis were off (the flags
// dropped, or mutex.h's annotations lost), the broken cases would compile and the tests
// would fail.
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace {

class Counter {
 public:
  void add() LOCKS_EXCLUDED(mu_) {
#if FSS_CASE == 1  // a guarded member written without its lock
    ++n_;
#else
    fss::MutexLock lock(&mu_);
    ++n_;
    ready_.Signal();
#endif
  }

  int wait_for_one() LOCKS_EXCLUDED(mu_) {
#if FSS_CASE == 2  // a condition variable waited on without its lock
    ready_.Wait(&mu_);
    return 0;
#else
    fss::MutexLock lock(&mu_);
    while (n_ == 0) ready_.Wait(&mu_);
    return n_;
#endif
  }

  int read() LOCKS_EXCLUDED(smu_) {
#if FSS_CASE == 3  // written under a reader lock
    fss::ReaderMutexLock lock(&smu_);
    return ++shared_n_;
#else
    fss::ReaderMutexLock lock(&smu_);
    return shared_n_;
#endif
  }

 private:
  fss::Mutex mu_;
  fss::CondVar ready_;
  int n_ GUARDED_BY(mu_) = 0;
  fss::SharedMutex smu_;
  int shared_n_ GUARDED_BY(smu_) = 0;
};

}  // namespace

int fss_thread_safety_check() {
  Counter c;
  c.add();
  return c.wait_for_one() + c.read();
}
