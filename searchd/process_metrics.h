// Process and build-info metrics for GET /metrics, in Prometheus' text format, with the
// standard names (process_cpu_seconds_total, process_resident_memory_bytes, ...) that
// dashboards and alerts expect, read from /proc/self.
#ifndef FSS_SEARCHD_PROCESS_METRICS_H_
#define FSS_SEARCHD_PROCESS_METRICS_H_

#include <string>

namespace fss::searchd {

// process_start_time_seconds, process_cpu_seconds_total, process_resident_memory_bytes,
// process_virtual_memory_bytes, process_open_fds, process_max_fds, process_threads and
// fss_build_info{version}. A value /proc does not give is left out, never invented.
std::string render_process_metrics();

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_PROCESS_METRICS_H_
