// Env: the file-system calls an index directory relies on, behind one interface
// (LevelDB's Env). The index directory's own files go through it: the XAPIANDB stub and
// its temporary, generation directories, build.lock and the generation pins, directory
// syncs. Xapian's writes inside a database directory do not. Env::Default() is POSIX;
// a test wraps it to fail a chosen call (tests/fault_injection_test.cc), and passes its
// Env to build_index() (BuildOptions::env) or to the functions of fss/index_dir.h.
//
// Every failure is a Status whose message is "<path>: <operation>: <strerror>" (the
// operation as the system call is known: "open", "write", "fsync", "rename", "flock",
// "mkdir", "remove", "opendir", "read", "copy"), kIoError unless said otherwise.
// Thread-safety: Env::Default() may be used from any thread; an Env given to the library
// must be too (a Searcher reads the stub from request threads).
#ifndef FSS_ENV_H_
#define FSS_ENV_H_

#include <memory>
#include <string>
#include <vector>

#include "fss/status.h"

namespace fss {

// A lock taken by Env::lock_file() or Env::lock_dir(); destroying it releases the lock.
// It does not refer to the Env that made it.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

enum class DirLockMode {
  kShared,     // waits while another holds the directory exclusively
  kExclusive,  // never waits: kBusy while anyone holds it
};

class Env {
 public:
  virtual ~Env() = default;

  // The POSIX Env; lives for the whole program, never deleted.
  static Env* Default();

  // The whole of a small file. kNotFound when it does not exist.
  virtual Status read_small_file(const std::string& path, std::string* contents) = 0;
  // The names in directory `dir` (not "." and ".."), in no particular order. kNotFound
  // when it does not exist.
  virtual Status list_dir(const std::string& dir, std::vector<std::string>* names) = 0;

  // Creates or truncates the file and writes `contents`, without syncing it. On failure
  // the file may be partly written.
  virtual Status write_file(const std::string& path, const std::string& contents) = 0;
  // Copies the regular file `from` to the new file `to` (kIoError "copy" when `from` is not
  // a regular file, "open" when `to` exists), without syncing it. On failure `to` may be
  // left partly written.
  virtual Status copy_file(const std::string& from, const std::string& to) = 0;
  // fsync()s the file, or directory, at `path`: its contents, or its entries (a rename
  // in it, a file created in it), survive a crash.
  virtual Status sync_file(const std::string& path) = 0;
  virtual Status sync_dir(const std::string& dir) = 0;
  // rename(2): atomic, replacing a file (or an empty directory) at `to`.
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  // Creates `dir` and its missing parents; ok when it exists.
  virtual Status create_dirs(const std::string& dir) = 0;
  // Removes the file or directory tree at `path`; ok when it does not exist.
  virtual Status remove_tree(const std::string& path) = 0;

  // An exclusive flock() on the file at `path`, created if needed; never waits. kBusy when
  // another holder has it (in any process). Released by a crash too.
  virtual Status lock_file(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;
  // A flock() on directory `dir` (DirLockMode). kNotFound when the directory does not
  // exist, or was removed while waiting for the lock; kBusy for kExclusive when held.
  virtual Status lock_dir(const std::string& dir, DirLockMode mode,
                          std::unique_ptr<FileLock>* lock) = 0;
};

}  // namespace fss

#endif  // FSS_ENV_H_
