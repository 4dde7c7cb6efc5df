// fss-index replicate: a read replica's copy of an index directory's live generation.
//
// A replica host serves the same generations as the build host (doc/scaling.md). Its
// index directory is written only by replicate_index(): the live generation of the
// source directory (the build host's, or a staging mirror of it that rsync keeps) is
// copied into the target under `gen-NNNNNN.tmp`, every file and directory fsync()ed,
// checked to open with the same document count as the source, renamed to its final
// name and made live with the same atomic stub switch a build uses (index_dir.h). Readers
// of the target keep their pins; old generations go as after a build. Thread-safety: one
// writer per target at a time, enforced by the target's build lock (kBusy).
#ifndef FSS_REPLICA_H_
#define FSS_REPLICA_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fss/env.h"
#include "fss/status.h"

namespace fss {

struct ReplicaOptions {
  std::string source_dir;  // an index directory with a live generation
  std::string target_dir;  // the replica's index directory (created when missing)
  // Every file call on either directory (fss/env.h); null means Env::Default().
  Env* env = Env::Default();
};

struct ReplicaStats {
  std::string generation;  // live in the target when replicate_index() returns ok
  bool copied = false;     // false: the target was already at the source's generation
  uint64_t files = 0;      // files copied
  uint64_t bytes = 0;      // bytes copied
  uint64_t documents = 0;  // in the generation
  // Old generations of the target the switch left behind and could not remove.
  std::vector<std::string> cleanup_errors;
};

// Errors: kUnavailable (the source has no index), kBusy (another build or replicate
// holds the target), kInvalidArgument (source and target are one directory, or the
// target's live generation is newer than the source's: a replica follows one source),
// kIoError (reading, writing, syncing or renaming; the target's live generation is then
// untouched), kCorruption (the copy does not open, or holds another number of documents
// than the source). Never throws.
Result<ReplicaStats> replicate_index(const ReplicaOptions& options);

}  // namespace fss

#endif  // FSS_REPLICA_H_
