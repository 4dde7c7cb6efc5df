// Private to the search layer: the deadline of one search (issue 17). A match checks the
// clock as it goes and is ended by an exception its caller (Searcher::search) catches.
#ifndef FSS_SRC_SEARCH_DEADLINE_H_
#define FSS_SRC_SEARCH_DEADLINE_H_

#include <xapian.h>

#include <chrono>
#include <cstdint>

namespace fss {

using Clock = std::chrono::steady_clock;

// Thrown from inside Xapian's matcher (by DeadlineDecider) to end a match at its deadline;
// caught in Searcher::search.
struct DeadlinePassed {};

// Checks the clock every 64 documents the matcher examines, then asks `inner`. Throws
// DeadlinePassed once `deadline` has passed.
class DeadlineDecider : public Xapian::MatchDecider {
 public:
  DeadlineDecider(const Xapian::MatchDecider& inner, Clock::time_point deadline)
      : inner_(inner), deadline_(deadline) {}
  bool operator()(const Xapian::Document& doc) const override {
    if ((++calls_ & 63) == 0 && Clock::now() >= deadline_) throw DeadlinePassed{};
    return inner_(doc);
  }

 private:
  const Xapian::MatchDecider& inner_;
  const Clock::time_point deadline_;
  mutable uint64_t calls_ = 0;
};

// Throws DeadlinePassed once `deadline` has passed.
inline void check_deadline(Clock::time_point deadline) {
  if (Clock::now() >= deadline) throw DeadlinePassed{};
}

}  // namespace fss

#endif  // FSS_SRC_SEARCH_DEADLINE_H_
