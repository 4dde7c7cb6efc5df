// Private to the index layer: a build's progress reports to the caller's callback.
#ifndef FSS_SRC_INDEX_BUILD_PROGRESS_H_
#define FSS_SRC_INDEX_BUILD_PROGRESS_H_

#include <chrono>
#include <exception>
#include <functional>
#include <string>

#include "fss/index_builder.h"
#include "fss/status.h"

namespace fss {

// Calls BuildOptions::on_progress; what it throws becomes the build's error. Used from
// the building thread only.
class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  Progress(const BuildOptions& options, Clock::time_point start)
      : fn_(options.on_progress), start_(start) {}
  // Since the build started.
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  // kInternal when the callback throws.
  Status report(BuildProgress p) {
    if (!fn_) return Status::ok();
    p.seconds = seconds();
    try {
      fn_(p);
      return Status::ok();
    } catch (const std::exception& e) {
      return Status::internal(std::string("progress callback: ") + e.what());
    } catch (...) {
      return Status::internal("progress callback: unknown exception");
    }
  }
  // report() at most every 250 ms.
  Status maybe_report(const BuildProgress& p) {
    if (!fn_ || Clock::now() - last_ < std::chrono::milliseconds(250)) return Status::ok();
    last_ = Clock::now();
    return report(p);
  }

 private:
  std::function<void(const BuildProgress&)> fn_;
  Clock::time_point start_, last_ = Clock::now();
};

}  // namespace fss

#endif  // FSS_SRC_INDEX_BUILD_PROGRESS_H_
