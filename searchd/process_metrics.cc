#include "process_metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#ifndef FSS_VERSION
#define FSS_VERSION "unknown"
#endif

namespace fss::searchd {
namespace {

// The fields of /proc/self/stat after the command name (field 3 onwards), which may hold
// spaces and parentheses itself.
std::vector<std::string> stat_fields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  std::getline(in, line);
  const size_t close = line.rfind(')');
  std::vector<std::string> out;
  if (close == std::string::npos) return out;
  std::istringstream rest(line.substr(close + 2));
  for (std::string f; rest >> f;) out.push_back(f);
  return out;
}

double boot_time_seconds() {
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double t = 0;
      in >> t;
      return t;
    }
    in.ignore(1 << 20, '\n');
  }
  return 0;
}

int open_fds() {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int n = 0;
  while (const dirent* e = readdir(dir))
    if (e->d_name[0] != '.') ++n;
  closedir(dir);
  return n - 1;  // the one opendir holds
}

void metric(std::ostringstream& out, const char* name, const char* type, const char* help,
            double value) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
      << name << " " << value << "\n";
}

}  // namespace

std::string render_process_metrics() {
  std::ostringstream out;
  out.precision(15);
  const std::vector<std::string> f = stat_fields();  // f[0] is field 3 (state)
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  if (f.size() > 21 && ticks > 0) {
    metric(out, "process_cpu_seconds_total", "counter", "User and system CPU time spent.",
           (std::stod(f[11]) + std::stod(f[12])) / ticks);
    metric(out, "process_threads", "gauge", "Threads of the process.", std::stod(f[17]));
    if (const double boot = boot_time_seconds(); boot > 0)
      metric(out, "process_start_time_seconds", "gauge", "Start time since the epoch.",
             boot + std::stod(f[19]) / ticks);
    metric(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size.", std::stod(f[20]));
    metric(out, "process_resident_memory_bytes", "gauge", "Resident memory size.",
           std::stod(f[21]) * page);
  }
  if (const int fds = open_fds(); fds >= 0)
    metric(out, "process_open_fds", "gauge", "Open file descriptors.", fds);
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) == 0)
    metric(out, "process_max_fds", "gauge", "Limit of open file descriptors.",
           static_cast<double>(lim.rlim_cur));
  out << "# HELP fss_build_info The fss-search version this daemon was built from.\n"
      << "# TYPE fss_build_info gauge\n"
      << "fss_build_info{version=\"" << FSS_VERSION << "\"} 1\n";
  return out.str();
}

}  // namespace fss::searchd
