#include "fss/replica.h"

#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "fss/index_dir.h"

namespace fss {
namespace fs = std::filesystem;
namespace {

Status errno_status(const std::string& what, const std::string& path) {
  return Status::io_error(what + " " + path + ": " + std::strerror(errno));
}

// Closes a descriptor on every path out of a function.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Status sync_path(const std::string& path, int flags) {
  Fd f{::open(path.c_str(), flags | O_CLOEXEC)};
  if (f.fd < 0) return errno_status("opening", path);
  if (::fsync(f.fd) != 0) return errno_status("syncing", path);
  return Status::ok();
}

// Copies one file and syncs it: a replica must hold the bytes before its stub names them.
Status copy_file(const std::string& from, const std::string& to, ReplicaStats* stats) {
  Fd in{::open(from.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return errno_status("opening", from);
  Fd out{::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
  if (out.fd < 0) return errno_status("creating", to);
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(in.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno_status("reading", from);
    if (n == 0) break;
    for (ssize_t done = 0; done < n;) {
      const ssize_t w = ::write(out.fd, buf + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return errno_status("writing", to);
      done += w;
    }
    stats->bytes += static_cast<uint64_t>(n);
  }
  if (::fsync(out.fd) != 0) return errno_status("syncing", to);
  ++stats->files;
  return Status::ok();
}

// Copies the tree `from` into the new directory `to`, each directory synced after its
// entries. Symlinks and special files are refused: a generation holds neither.
Status copy_tree(const fs::path& from, const fs::path& to, ReplicaStats* stats) {
  std::error_code ec;
  fs::create_directory(to, ec);
  if (ec) return Status::io_error("creating " + to.string() + ": " + ec.message());
  for (fs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path dest = to / it->path().filename();
    const fs::file_status st = it->symlink_status(ec);
    if (ec) break;
    Status s;
    if (fs::is_directory(st))
      s = copy_tree(it->path(), dest, stats);
    else if (fs::is_regular_file(st))
      s = copy_file(it->path().string(), dest.string(), stats);
    else
      s = Status::io_error(it->path().string() + ": not a regular file or directory");
    if (!s.is_ok()) return s;
  }
  if (ec) return Status::io_error("reading " + from.string() + ": " + ec.message());
  return sync_path(to.string(), O_RDONLY | O_DIRECTORY);
}

// Xapian's own count, read from the files: a copy that opens and agrees with its source
// is whole (a truncated table fails to open or to count).
Result<uint64_t> document_count(const std::string& generation_dir) {
  try {
    return static_cast<uint64_t>(Xapian::Database(generation_dir).get_doccount());
  } catch (const Xapian::Error& e) {
    return Status::corruption(generation_dir + ": " + e.get_description());
  }
}

// The source's live generation, pinned so that a build there cannot remove it mid-copy.
// A build may switch between reading the stub and pinning: read it again.
Result<std::unique_ptr<GenerationPin>> pin_live(const std::string& dir, std::string* name) {
  for (int attempt = 0;; ++attempt) {
    auto live = live_generation(dir);
    if (!live.is_ok()) return live.status();
    auto pin = GenerationPin::acquire(dir, live.value());
    if (pin.is_ok() || pin.status().code() != StatusCode::kUnavailable || attempt == 3) {
      *name = live.value();
      return pin;
    }
  }
}

// Refuses a source that is the target, or a target already past the source.
Status check_order(const ReplicaOptions& o, const std::string& source_gen) {
  std::error_code ec;
  if (fs::exists(o.target_dir, ec) && fs::equivalent(o.source_dir, o.target_dir, ec))
    return Status::invalid_argument(o.source_dir + " and " + o.target_dir +
                                    " are one directory: a replica needs a directory of its own");
  const auto target_live = live_generation(o.target_dir);
  if (target_live.is_ok() && target_live.value() > source_gen)
    return Status::invalid_argument(o.target_dir + " is at " + target_live.value() +
                                    ", newer than the source's " + source_gen +
                                    ": a replica follows one source");
  return Status::ok();
}

// Copies the pinned generation to target/NAME.tmp, checks it, renames it into place.
Status copy_generation(const ReplicaOptions& o, const std::string& gen, ReplicaStats* stats) {
  const fs::path src = fs::path(o.source_dir) / gen;
  const fs::path tmp = fs::path(o.target_dir) / (gen + ".tmp");
  const fs::path final_dir = fs::path(o.target_dir) / gen;
  if (Status s = copy_tree(src, tmp, stats); !s.is_ok()) return s;
  const auto want = document_count(src.string());
  if (!want.is_ok()) return want.status();
  const auto got = document_count(tmp.string());
  if (!got.is_ok()) return got.status();
  if (got.value() != want.value())
    return Status::corruption(tmp.string() + ": " + std::to_string(got.value()) +
                              " documents after the copy, " + std::to_string(want.value()) +
                              " in " + src.string());
  stats->documents = got.value();
  if (::rename(tmp.c_str(), final_dir.c_str()) != 0)
    return errno_status("renaming " + tmp.string() + " to", final_dir.string());
  stats->copied = true;
  return sync_path(o.target_dir, O_RDONLY | O_DIRECTORY);
}

Result<ReplicaStats> replicate(const ReplicaOptions& o) {
  ReplicaStats stats;
  auto pin = pin_live(o.source_dir, &stats.generation);
  if (!pin.is_ok()) return pin.status();
  if (Status s = check_order(o, stats.generation); !s.is_ok()) return s;
  auto lock = BuildLock::acquire(o.target_dir);
  if (!lock.is_ok()) return lock.status();
  const auto target_live = live_generation(o.target_dir);
  if (target_live.is_ok() && target_live.value() == stats.generation) return stats;
  // A copy that died left NAME.tmp, or a finished copy that was never switched to.
  if (Status s = remove_stale_generations(o.target_dir).status(); !s.is_ok()) return s;
  if (!fs::exists(fs::path(o.target_dir) / stats.generation)) {
    if (Status s = copy_generation(o, stats.generation, &stats); !s.is_ok()) return s;
  }
  if (Status s = switch_generation(o.target_dir, stats.generation); !s.is_ok()) return s;
  const StaleCleanup cleanup = remove_stale_generations(o.target_dir);
  stats.cleanup_errors = cleanup.failed;
  return stats;
}

}  // namespace

Result<ReplicaStats> replicate_index(const ReplicaOptions& options) {
  try {
    return replicate(options);
  } catch (const std::exception& e) {
    return Status::internal(std::string("replicating the index: ") + e.what());
  }
}

}  // namespace fss
