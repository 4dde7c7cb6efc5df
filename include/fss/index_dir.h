// The on-disk layout of an index directory, and the atomic switch between generations.
//
//   DIR/XAPIANDB        stub file "auto gen-000007": the live generation. Xapian opens a
//                       directory holding a XAPIANDB stub as that stub, so readers (and
//                       xapian-delve) simply open DIR.
//   DIR/gen-000007/     a complete, compacted generation
//   DIR/gen-000008.tmp/ a build in progress (or one that died: removed by the next build)
//   DIR/build.lock      flock()ed by the one build allowed at a time
//
// Switching writes the new stub to a temporary name and rename()s it over XAPIANDB, so a
// reader opening DIR sees the old generation or the new one, never a half-built one.
// A reader keeps the generation it opened until it opens DIR again (stack-facts: reopen()
// does not follow a stub). Readers pin the generation they use (GenerationPin: a shared
// flock() on its directory, so it works across processes and dies with them); a build
// removes an old generation only when no reader pins it, and keeps the one before the
// live one for readers between reading the stub and pinning.
//
// Every file call goes through the Env given (fss/env.h; Env::Default() when none is).
#ifndef FSS_INDEX_DIR_H_
#define FSS_INDEX_DIR_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fss/env.h"
#include "fss/status.h"

namespace fss {

// The live generation's name ("gen-000007"), read from the stub. kUnavailable when the
// directory has no index yet or the stub cannot be read, kCorruption when it is not ours.
Result<std::string> live_generation(const std::string& index_dir, Env* env = Env::Default());

// Exclusive right to build in `index_dir` for as long as the object lives. The lock is an
// flock(), so a build killed with -9 releases it.
class BuildLock {
 public:
  // Creates index_dir if needed. kBusy when another build holds the lock, kIoError when
  // the directory or the lock file cannot be made or locked.
  static Result<std::unique_ptr<BuildLock>> acquire(const std::string& index_dir,
                                                    Env* env = Env::Default());
  ~BuildLock();
  BuildLock(const BuildLock&) = delete;
  BuildLock& operator=(const BuildLock&) = delete;

 private:
  explicit BuildLock(std::unique_ptr<FileLock> lock) : lock_(std::move(lock)) {}
  std::unique_ptr<FileLock> lock_;
};

// The name for the next generation (one past the highest present). Call with the lock.
// kIoError when the directory cannot be listed (guessing could name a generation that
// exists).
Result<std::string> next_generation(const std::string& index_dir, Env* env = Env::Default());

// Makes `generation` (a complete directory in index_dir) live, atomically, and durably:
// the stub and the directory are fsync()ed. kIoError when the stub cannot be written or
// renamed (the live generation is then untouched) or when a sync fails (the rename may be
// done: `generation` may be live but would not survive a crash).
Status switch_generation(const std::string& index_dir, const std::string& generation,
                         Env* env = Env::Default());

// A reader's reference to one generation's files: while any pin on it lives (in any
// process), remove_stale_generations() leaves the generation alone.
class GenerationPin {
 public:
  // Pins index_dir/generation. kUnavailable when the directory is gone (a build removed
  // it: read the stub again), kIoError for other failures.
  static Result<std::unique_ptr<GenerationPin>> acquire(const std::string& index_dir,
                                                        const std::string& generation,
                                                        Env* env = Env::Default());
  ~GenerationPin();
  GenerationPin(const GenerationPin&) = delete;
  GenerationPin& operator=(const GenerationPin&) = delete;

 private:
  explicit GenerationPin(std::unique_ptr<FileLock> lock) : lock_(std::move(lock)) {}
  std::unique_ptr<FileLock> lock_;
};

struct StaleCleanup {
  std::vector<std::string> removed;  // names removed
  std::vector<std::string> in_use;   // stale but pinned by a reader: left for a later build
  std::vector<std::string> failed;   // "gen-000003: remove: Permission denied"
  // kIoError naming every failure; ok when none failed (pinned ones are not failures).
  Status status() const;
};

// Removes *.tmp build directories (and a stub left half-switched), generations older than
// the one before the live one that no reader pins, and generations past the live one (a
// build that died before its switch); with no stub at all, every generation (a stub
// that cannot be read or is not ours might name any: then only the build directories).
// Call with the build lock held.
StaleCleanup remove_stale_generations(const std::string& index_dir, Env* env = Env::Default());

}  // namespace fss

#endif  // FSS_INDEX_DIR_H_
