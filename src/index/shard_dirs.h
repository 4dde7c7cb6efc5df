// Private to the index layer: a sharded build's shard directories (DIR/shards/shard-K,
// each an index directory of fss/index_dir.h's layout), their locks and clean-up, and the
// switch of all of them and the home as one (fss/index_builder.h).
#ifndef FSS_SRC_INDEX_SHARD_DIRS_H_
#define FSS_SRC_INDEX_SHARD_DIRS_H_

#include <memory>
#include <string>
#include <vector>

#include "fss/env.h"
#include "fss/index_dir.h"
#include "fss/status.h"

namespace fss {

class ShardDirs {
 public:
  // Locks shard directories 0..shards-1 of `index_dir` (creating them; none when
  // shards <= 1), removes their left-overs and notes the generation each has live. Call
  // with the home's build lock held. Errors: BuildLock::acquire()'s (kBusy, kIoError), a
  // left-over that cannot be removed (kIoError), a stub that cannot be read (kIoError) or
  // is not ours (kCorruption).
  static Result<std::unique_ptr<ShardDirs>> acquire(const std::string& index_dir, unsigned shards,
                                                    Env* env);
  ShardDirs(const ShardDirs&) = delete;
  ShardDirs& operator=(const ShardDirs&) = delete;

  const std::vector<std::string>& paths() const { return paths_; }

  // The name for the next generation: one past the highest in the home (`home_next`,
  // from next_generation()) and in every shard directory. kIoError as next_generation().
  Result<std::string> next_generation(const std::string& home_next) const;

  // Makes `generation` (complete in every shard directory and in `home`) live: each
  // shard's stub is switched, then the home's (switch_generation()). When a shard's switch
  // fails, or the home's does and the home is not on `generation`, the shards switched so
  // far (the failed one too) go back to the generation they had (a shard that had none
  // loses its stub) and the first failure is returned, naming any switch back that
  // failed. When the home's final directory sync fails after its rename, the home and
  // every shard are on `generation`, and that failure is returned.
  Status switch_all(const std::string& home, const std::string& generation);

  // remove_stale_generations() in every shard directory: its failures, each prefixed with
  // the shard directory ("index/shards/shard-1/gen-000003: remove: Permission denied").
  std::vector<std::string> remove_stale() const;

 private:
  explicit ShardDirs(Env* env) : env_(env) {}
  Status switch_back(size_t shard);

  Env* const env_;
  std::vector<std::string> paths_;
  std::vector<std::string> previous_;  // live before the build; "" when none
  std::vector<std::unique_ptr<BuildLock>> locks_;
};

// The operator's warnings about DIR/shards: a shard directory K >= `shards` is left
// alone by this build ("index/shards/shard-3: not one of this build's 2 shards: left as
// it was, on gen-000004"); a shards/ directory that cannot be listed. None when there is
// no shards/ directory.
std::vector<std::string> unused_shard_dirs(const std::string& index_dir, unsigned shards, Env* env);

}  // namespace fss

#endif  // FSS_SRC_INDEX_SHARD_DIRS_H_
