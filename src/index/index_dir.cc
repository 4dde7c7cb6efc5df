#include "fss/index_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
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

namespace {

// fsync()s `path` (a file, or a directory with O_DIRECTORY).
Status sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::io_error(path + ": open for sync: " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return Status::io_error(path + ": fsync: " + std::strerror(err));
  return Status::ok();
}

}  // namespace

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
  if (Status s = sync_path(tmp.string(), O_RDONLY); !s.is_ok()) return s;
  if (::rename(tmp.c_str(), (dir / kStub).c_str()) != 0)
    return Status::io_error(tmp.string() + ": rename: " + std::strerror(errno));
  // And the directory, so the rename itself survives a power cut.
  return sync_path(dir.string(), O_RDONLY | O_DIRECTORY);
}

Result<std::unique_ptr<GenerationPin>> GenerationPin::acquire(const std::string& index_dir,
                                                              const std::string& generation) {
  const std::string path = (fs::path(index_dir) / generation).string();
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::unavailable(path + ": generation removed");
    return Status::io_error(path + ": " + std::strerror(errno));
  }
  // Shared: readers do not exclude each other. A build removing the generation holds it
  // exclusively, so this waits for the removal and then finds the directory unlinked.
  if (::flock(fd, LOCK_SH) != 0) {
    const int err = errno;
    ::close(fd);
    return Status::io_error(path + ": flock: " + std::strerror(err));
  }
  struct stat st;
  if (::fstat(fd, &st) != 0 || st.st_nlink == 0) {
    ::close(fd);
    return Status::unavailable(path + ": generation removed");
  }
  return std::unique_ptr<GenerationPin>(new GenerationPin(fd));
}

GenerationPin::~GenerationPin() { ::close(fd_); }

Status StaleCleanup::status() const {
  if (failed.empty()) return Status::ok();
  std::string message = "cannot remove stale generations:";
  for (const std::string& f : failed) message += " " + f + ";";
  message.pop_back();
  return Status::io_error(message);
}

namespace {

// Removes `path` unless a reader pins it (GenerationPin), holding it exclusively meanwhile.
// False when pinned.
bool remove_unpinned(const fs::path& path, std::error_code* ec) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    ::close(fd);
    return false;
  }
  fs::remove_all(path, *ec);
  if (fd >= 0) ::close(fd);
  return true;
}

}  // namespace

StaleCleanup remove_stale_generations(const std::string& index_dir) {
  StaleCleanup report;
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
    // Keep the live generation and the one before it (a reader may have read the stub
    // and not yet pinned); a generation past the live one is a build that died between
    // compaction and switch. With no live generation, no reader can be on any.
    const bool old = n >= 0 && (live_n >= 0 ? n < live_n - 1 || n > live_n : no_stub);
    if (tmp || old) doomed.push_back(entry.path());
  }
  if (ec) report.failed.push_back(index_dir + ": " + ec.message());
  for (const auto& p : doomed) {
    const std::string name = p.filename().string();
    ec.clear();
    if (generation_number(name) >= 0) {
      if (!remove_unpinned(p, &ec)) {
        report.in_use.push_back(name);
        continue;
      }
    } else {
      fs::remove_all(p, ec);
    }
    if (ec)
      report.failed.push_back(name + ": " + ec.message());
    else
      report.removed.push_back(name);
  }
  return report;
}

}  // namespace fss
