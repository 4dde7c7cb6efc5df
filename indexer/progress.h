// Build progress on stderr: a one-line bar redrawn in place when stderr is a terminal,
// plain log lines (one every few seconds) when it is not.
#ifndef FSS_INDEXER_PROGRESS_H_
#define FSS_INDEXER_PROGRESS_H_

#include "fss/index_builder.h"

namespace fss::cli {

class ProgressPrinter {
 public:
  ProgressPrinter();
  void update(const BuildProgress& p);
  void done();  // ends the bar's line

 private:
  bool tty_;
  double last_log_ = -1;
  const char* last_phase_ = nullptr;
  bool drawn_ = false;
};

}  // namespace fss::cli

#endif  // FSS_INDEXER_PROGRESS_H_
