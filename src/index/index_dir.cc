#include "fss/index_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fss {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStub = "XAPIANDB";
constexpr const char* kGenPrefix = "gen-";

// "gen-000007" -> 7; -1 when `name` is not a complete generation's name.
long generation_number(const std::string& name) {
  if (name.rfind(kGenPrefix, 0) != 0 || name.size() != 10) return -1;
  long n = 0;
  for (size_t i = 4; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    n = n * 10 + (name[i] - '0');
  }
  return n;
}

std::string generation_name(long n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%06ld", kGenPrefix, n);
  return buf;
}

}  // namespace

Result<std::string> live_generation(const std::string& index_dir) {
  std::ifstream in(fs::path(index_dir) / kStub);
  if (!in) return Status::unavailable(index_dir + ": no index (run 'fss-index build')");
  std::string kind, name;
  in >> kind >> name;
  if (kind != "auto" || generation_number(name) < 0)
    return Status::corruption(index_dir + "/" + kStub + ": not a stub written by fss-index");
  return name;
}

Result<std::unique_ptr<BuildLock>> BuildLock::acquire(const std::string& index_dir) {
  std::error_code ec;
  fs::create_directories(index_dir, ec);
  if (ec) return Status::io_error(index_dir + ": " + ec.message());
  const std::string path = (fs::path(index_dir) / "build.lock").string();
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::io_error(path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK)
      return Status::busy(index_dir + ": another build is running (lock held on " + path + ")");
    return Status::io_error(path + ": " + std::strerror(err));
  }
  return std::unique_ptr<BuildLock>(new BuildLock(fd));
}

BuildLock::~BuildLock() {
  ::flock(fd_, LOCK_UN);
  ::close(fd_);
}

std::string next_generation(const std::string& index_dir) {
  long highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(index_dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".tmp") == 0)
      name.resize(name.size() - 4);
    highest = std::max(highest, generation_number(name));
  }
  return generation_name(highest + 1);
}

Status switch_generation(const std::string& index_dir, const std::string& generation) {
  const fs::path dir(index_dir);
  const fs::path tmp = dir / (std::string(kStub) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto " << generation << "\n";
    out.flush();
    if (!out) return Status::io_error(tmp.string() + ": cannot write stub");
  }
  // fsync the stub before the rename, so a crash cannot leave a live but empty stub.
  if (const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (::rename(tmp.c_str(), (dir / kStub).c_str()) != 0)
    return Status::io_error(tmp.string() + ": rename: " + std::strerror(errno));
  // And the directory, so the rename itself survives a power cut.
  if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return Status::ok();
}

std::vector<std::string> remove_stale_generations(const std::string& index_dir) {
  std::vector<std::string> removed;
  const auto live = live_generation(index_dir);
  const long live_n = live.is_ok() ? generation_number(live.value()) : -1;
  // A stub we cannot read might still point somewhere: then remove only *.tmp.
  const bool no_stub = !live.is_ok() && live.status().code() == StatusCode::kUnavailable;
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(index_dir, ec)) {
    const std::string name = entry.path().filename().string();
    const bool tmp = (name.rfind(kGenPrefix, 0) == 0 && name.size() > 4 &&
                      name.compare(name.size() - 4, 4, ".tmp") == 0) ||
                     name == std::string(kStub) + ".tmp";
    const long n = generation_number(name);
    // Keep the live generation and the one before it (readers may still be on it); a
    // generation past the live one is a build that died between compaction and switch.
    // With no live generation, no reader can be on any: all are left-overs.
    const bool old = n >= 0 && (live_n >= 0 ? n < live_n - 1 || n > live_n : no_stub);
    if (tmp || old) doomed.push_back(entry.path());
  }
  for (const auto& p : doomed) {
    fs::remove_all(p, ec);
    if (!ec) removed.push_back(p.filename().string());
  }
  return removed;
}

}  // namespace fss
