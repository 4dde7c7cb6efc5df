// FaultEnv: Env::Default() failing the Nth call of one kind, for the fault-injection tests
// of index directories (tests/fault_injection_test.cc, tests/shard_build_test.cc).
#ifndef FSS_TESTS_FAULT_ENV_H_
#define FSS_TESTS_FAULT_ENV_H_

#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "fss/env.h"
#include "fss/status.h"

namespace fss::testing_util {

enum class Op {
  kReadFile,
  kListDir,
  kWriteFile,
  kCopyFile,
  kSyncFile,
  kSyncDir,
  kRename,
  kCreateDirs,
  kRemoveTree,
  kLockFile,
  kLockDir,
  kCount
};

inline const char* op_name(Op op) {
  static const char* const kNames[] = {"read_small_file", "list_dir",  "write_file", "copy_file",
                                       "sync_file",       "sync_dir",  "rename",     "create_dirs",
                                       "remove_tree",     "lock_file", "lock_dir"};
  return kNames[static_cast<int>(op)];
}

// One fault: the kind of call, the errno it fails with, and the system call the message
// names ("<path>: <syscall>: <strerror>", as Env::Default() words its failures).
struct Fault {
  Op op;
  int err;
  const char* syscall;
};

// What an error met at `f` says: ": <syscall>: <strerror>" (Env::Default()'s wording).
inline std::string fault_words(const Fault& f) {
  return std::string(": ") + f.syscall + ": " + std::strerror(f.err);
}

inline std::string fault_string(const Fault& f, int n) {
  return std::string(op_name(f.op)) + " #" + std::to_string(n) + " fails (" + f.syscall + ": " +
         std::strerror(f.err) + ")";
}

// Env::Default(), except that the `n`th call of `fault.op` fails with `fault.err`. Safe
// from any thread.
class FaultEnv final : public Env {
 public:
  FaultEnv(Fault fault, int n) : fault_(fault), n_(n) {}

  // The path of the failed call; empty when the fault was not met.
  std::string failed_path() const {
    std::lock_guard<std::mutex> lock(mu_);
    return failed_path_;
  }

  Status read_small_file(const std::string& path, std::string* contents) override {
    if (Status s = hit(Op::kReadFile, path); !s.is_ok()) return s;
    return base_->read_small_file(path, contents);
  }
  Status list_dir(const std::string& dir, std::vector<std::string>* names) override {
    if (Status s = hit(Op::kListDir, dir); !s.is_ok()) return s;
    return base_->list_dir(dir, names);
  }
  Status write_file(const std::string& path, const std::string& contents) override {
    if (Status s = hit(Op::kWriteFile, path); !s.is_ok()) {
      // A full disk takes part of the write: what a reader could then find.
      if (fault_.err == ENOSPC) base_->write_file(path, contents.substr(0, contents.size() / 2));
      return s;
    }
    return base_->write_file(path, contents);
  }
  Status copy_file(const std::string& from, const std::string& to) override {
    if (Status s = hit(Op::kCopyFile, from); !s.is_ok()) return s;
    return base_->copy_file(from, to);
  }
  Status sync_file(const std::string& path) override {
    if (Status s = hit(Op::kSyncFile, path); !s.is_ok()) return s;
    return base_->sync_file(path);
  }
  Status sync_dir(const std::string& dir) override {
    if (Status s = hit(Op::kSyncDir, dir); !s.is_ok()) return s;
    return base_->sync_dir(dir);
  }
  Status rename(const std::string& from, const std::string& to) override {
    if (Status s = hit(Op::kRename, from); !s.is_ok()) return s;
    return base_->rename(from, to);
  }
  Status create_dirs(const std::string& dir) override {
    if (Status s = hit(Op::kCreateDirs, dir); !s.is_ok()) return s;
    return base_->create_dirs(dir);
  }
  Status remove_tree(const std::string& path) override {
    if (Status s = hit(Op::kRemoveTree, path); !s.is_ok()) return s;
    return base_->remove_tree(path);
  }
  Status lock_file(const std::string& path, std::unique_ptr<FileLock>* lock) override {
    if (Status s = hit(Op::kLockFile, path); !s.is_ok()) return s;
    return base_->lock_file(path, lock);
  }
  Status lock_dir(const std::string& dir, DirLockMode mode,
                  std::unique_ptr<FileLock>* lock) override {
    if (Status s = hit(Op::kLockDir, dir); !s.is_ok()) return s;
    return base_->lock_dir(dir, mode, lock);
  }

 private:
  Status hit(Op op, const std::string& path) {
    std::lock_guard<std::mutex> lock(mu_);
    if (op != fault_.op || ++calls_ != n_) return Status::ok();
    failed_path_ = path;
    return Status::io_error(path + ": " + fault_.syscall + ": " + std::strerror(fault_.err));
  }

  Env* const base_ = Env::Default();
  const Fault fault_;
  const int n_;
  mutable std::mutex mu_;
  int calls_ = 0;            // of fault_.op
  std::string failed_path_;  // guarded by mu_
};

inline const Fault kFaults[] = {
    {Op::kWriteFile, ENOSPC, "write"},  // a full disk
    {Op::kWriteFile, EMFILE, "open"},    {Op::kSyncFile, EIO, "fsync"},
    {Op::kSyncDir, EIO, "fsync"},        {Op::kRename, EIO, "rename"},
    {Op::kLockFile, ENOLCK, "flock"},    {Op::kLockFile, EACCES, "open"},
    {Op::kLockDir, ENOLCK, "flock"},     {Op::kListDir, EIO, "opendir"},
    {Op::kReadFile, EIO, "read"},        {Op::kCreateDirs, ENOSPC, "mkdir"},
    {Op::kRemoveTree, EACCES, "remove"}, {Op::kCopyFile, ENOSPC, "write"},
};

}  // namespace fss::testing_util

#endif  // FSS_TESTS_FAULT_ENV_H_
