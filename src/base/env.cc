// The POSIX Env: the platform's file calls, all in this file.
#include "fss/env.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <new>
#include <system_error>
#include <utility>

namespace fss {
namespace {

Status posix_error(const std::string& path, const char* operation, int err) {
  return Status::io_error(path + ": " + operation + ": " + std::strerror(err));
}

// For the calls whose contract has kNotFound for a path that does not exist.
Status missing_or_error(const std::string& path, const char* operation, int err) {
  if (err != ENOENT) return posix_error(path, operation, err);
  return Status::not_found(path + ": " + operation + ": " + std::strerror(err));
}

// Closes the descriptor on every path out of the function that opened it.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

int open_retrying(const std::string& path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return fd;
}

class PosixFileLock final : public FileLock {
 public:
  explicit PosixFileLock(int fd) : fd_(fd) {}
  ~PosixFileLock() override {
    // Explicitly: a child forked meanwhile may share the open file, and the lock with it.
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  const int fd_;
};

Status sync_path(const std::string& path, int flags) {
  Fd fd(open_retrying(path, flags));
  if (fd.get() < 0) return posix_error(path, "open", errno);
  if (::fsync(fd.get()) != 0) return posix_error(path, "fsync", errno);
  return Status::ok();
}

class PosixEnv final : public Env {
 public:
  Status read_small_file(const std::string& path, std::string* contents) override {
    Fd fd(open_retrying(path, O_RDONLY));
    if (fd.get() < 0) return missing_or_error(path, "open", errno);
    contents->clear();
    char buf[4096];
    for (;;) {
      const ssize_t n = ::read(fd.get(), buf, sizeof buf);
      if (n == 0) return Status::ok();
      if (n > 0) {
        contents->append(buf, static_cast<size_t>(n));
      } else if (errno != EINTR) {
        return posix_error(path, "read", errno);
      }
    }
  }

  Status list_dir(const std::string& dir, std::vector<std::string>* names) override {
    names->clear();
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) return missing_or_error(dir, "opendir", errno);
    Status status;
    for (;;) {
      errno = 0;
      const dirent* e = ::readdir(d);
      if (e == nullptr) {
        if (errno != 0) status = posix_error(dir, "readdir", errno);
        break;
      }
      const std::string name = e->d_name;
      if (name != "." && name != "..") names->push_back(name);
    }
    ::closedir(d);
    return status;
  }

  Status write_file(const std::string& path, const std::string& contents) override {
    Fd fd(open_retrying(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
    if (fd.get() < 0) return posix_error(path, "open", errno);
    size_t done = 0;
    while (done < contents.size()) {
      const ssize_t n = ::write(fd.get(), contents.data() + done, contents.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return posix_error(path, "write", errno);
      done += static_cast<size_t>(n);
    }
    // close() is where some file systems (NFS) report a failed write.
    if (::close(fd.release()) != 0) return posix_error(path, "close", errno);
    return Status::ok();
  }

  Status copy_file(const std::string& from, const std::string& to) override {
    // O_NONBLOCK: a FIFO among the files must fail the check below, not hang the open.
    Fd in(open_retrying(from, O_RDONLY | O_NONBLOCK));
    if (in.get() < 0) return posix_error(from, "open", errno);
    struct stat st;
    if (::fstat(in.get(), &st) != 0) return posix_error(from, "fstat", errno);
    if (!S_ISREG(st.st_mode)) return Status::io_error(from + ": copy: not a regular file");
    Fd out(open_retrying(to, O_WRONLY | O_CREAT | O_EXCL, 0644));
    if (out.get() < 0) return posix_error(to, "open", errno);
    char buf[1 << 16];
    for (;;) {
      const ssize_t n = ::read(in.get(), buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return posix_error(from, "read", errno);
      if (n == 0) break;
      for (ssize_t done = 0; done < n;) {
        const ssize_t w = ::write(out.get(), buf + done, static_cast<size_t>(n - done));
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return posix_error(to, "write", errno);
        done += w;
      }
    }
    if (::close(out.release()) != 0) return posix_error(to, "close", errno);
    return Status::ok();
  }

  Status sync_file(const std::string& path) override { return sync_path(path, O_RDONLY); }
  Status sync_dir(const std::string& dir) override {
    return sync_path(dir, O_RDONLY | O_DIRECTORY);
  }

  Status rename(const std::string& from, const std::string& to) override {
    if (::rename(from.c_str(), to.c_str()) != 0) return posix_error(from, "rename", errno);
    return Status::ok();
  }

  Status create_dirs(const std::string& dir) override {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return posix_error(dir, "mkdir", ec.value());
    return Status::ok();
  }

  Status remove_tree(const std::string& path) override {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
    if (ec) return posix_error(path, "remove", ec.value());
    return Status::ok();
  }

  Status lock_file(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    Fd fd(open_retrying(path, O_RDWR | O_CREAT, 0644));
    if (fd.get() < 0) return posix_error(path, "open", errno);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) return Status::busy(path + ": flock: held by another process");
      return posix_error(path, "flock", errno);
    }
    *lock = std::make_unique<PosixFileLock>(fd.release());
    return Status::ok();
  }

  Status lock_dir(const std::string& dir, DirLockMode mode,
                  std::unique_ptr<FileLock>* lock) override {
    Fd fd(open_retrying(dir, O_RDONLY | O_DIRECTORY));
    if (fd.get() < 0) return missing_or_error(dir, "open", errno);
    const int operation = mode == DirLockMode::kShared ? LOCK_SH : LOCK_EX | LOCK_NB;
    int rc;
    do {
      rc = ::flock(fd.get(), operation);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
      if (errno == EWOULDBLOCK) return Status::busy(dir + ": flock: held by another process");
      return posix_error(dir, "flock", errno);
    }
    // Whoever held it exclusively may have removed it meanwhile.
    struct stat st;
    if (::fstat(fd.get(), &st) != 0) return posix_error(dir, "fstat", errno);
    if (st.st_nlink == 0) return missing_or_error(dir, "flock", ENOENT);
    *lock = std::make_unique<PosixFileLock>(fd.release());
    return Status::ok();
  }
};

}  // namespace

Env* Env::Default() {
  // Never destroyed (LevelDB's NoDestructor): a thread still running at exit may use it.
  alignas(PosixEnv) static unsigned char storage[sizeof(PosixEnv)];
  static Env* const env = ::new (storage) PosixEnv();
  return env;
}

}  // namespace fss
