#include "progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace fss::cli {

ProgressPrinter::ProgressPrinter() : tty_(isatty(STDERR_FILENO)) {}

void ProgressPrinter::update(const BuildProgress& p) {
  const double rate = p.seconds > 0 ? p.documents / p.seconds : 0;
  const double fraction = p.bytes_total ? static_cast<double>(p.bytes_read) / p.bytes_total : 0;
  const double eta = fraction > 0.01 ? p.seconds / fraction - p.seconds : -1;
  if (std::strcmp(p.phase, "index") != 0) {
    if (last_phase_ != p.phase) {
      if (drawn_) std::fputc('\n', stderr);
      drawn_ = false;
      std::fprintf(stderr, "fss-index: %s (%.1f s)\n", p.phase, p.seconds);
    }
    last_phase_ = p.phase;
    return;
  }
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\r[%s] %3.0f%%  %llu docs  %.0f docs/s  %.0fs elapsed", bar,
                 fraction * 100, static_cast<unsigned long long>(p.documents), rate, p.seconds);
    if (eta >= 0) std::fprintf(stderr, "  ETA %.0fs ", eta);
    drawn_ = true;
  } else if (last_log_ < 0 || p.seconds - last_log_ >= 5) {
    last_log_ = p.seconds;
    std::fprintf(stderr, "fss-index: %llu documents, %.0f docs/s, %.0f%% read, %.0f s\n",
                 static_cast<unsigned long long>(p.documents), rate, fraction * 100, p.seconds);
  }
  std::fflush(stderr);
}

void ProgressPrinter::done() {
  if (drawn_) std::fputc('\n', stderr);
  drawn_ = false;
}

}  // namespace fss::cli
