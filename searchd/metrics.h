// Counters for GET /metrics, in Prometheus' text format.
// Thread-safety: observe() and render() may be called from any thread.
#ifndef FSS_SEARCHD_METRICS_H_
#define FSS_SEARCHD_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss::searchd {

class Metrics {
 public:
  // One finished request: its route (the route table's name, "other" for none), status
  // and duration.
  void observe(const std::string& route, int status, double seconds) LOCKS_EXCLUDED(mu_);

  // One answered search: counts it, and apart the ones that found nothing (what visitors
  // miss) and the ones answered by a spelling correction or by most of the words.
  void observe_search(uint64_t total, bool suggestion_used, bool partial) LOCKS_EXCLUDED(mu_);

  // Gauges passed in by the caller, read at scrape time.
  struct Gauges {
    uint64_t documents = 0;
    std::string generation;
    uint64_t reopens = 0;
    uint64_t connections = 0;                            // open now
    std::map<std::string, uint64_t> connections_closed;  // by reason (http_front.h)
  };
  std::string render(const Gauges& gauges) const LOCKS_EXCLUDED(mu_);

  // Histogram bucket upper bounds, seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable Mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_ GUARDED_BY(mu_);
  std::map<std::string, Histogram> latency_ GUARDED_BY(mu_);
  uint64_t searches_ GUARDED_BY(mu_) = 0;
  uint64_t zero_hits_ GUARDED_BY(mu_) = 0;
  uint64_t corrected_ GUARDED_BY(mu_) = 0;
  uint64_t partial_ GUARDED_BY(mu_) = 0;
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_METRICS_H_
