// build_index(): the steps in order, the build's scratch directories, and step 3, the new
// generation made live. Step 1 is build_inputs.cc, step 2 build_shards.cc; a sharded
// build's directories and switch are shard_dirs.cc.
#include "fss/index_builder.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index/build_inputs.h"
#include "index/build_progress.h"
#include "index/build_shards.h"
#include "index/shard_dirs.h"

namespace fss {
namespace fs = std::filesystem;
namespace {

uint64_t directory_bytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

// The build's scratch directories, removed whatever happens (a build killed before this
// runs leaves them to the next build's remove_stale_generations), and the new generation
// too unless it became live.
class ScratchDirs {
 public:
  explicit ScratchDirs(Env* env) : env_(env) {}
  ~ScratchDirs() {
    for (const std::string& d : dirs_) env_->remove_tree(d);  // best effort, as said
  }
  ScratchDirs(const ScratchDirs&) = delete;
  ScratchDirs& operator=(const ScratchDirs&) = delete;
  void add(std::string dir) { dirs_.push_back(std::move(dir)); }
  void keep(const std::string& dir) {
    dirs_.erase(std::remove(dirs_.begin(), dirs_.end(), dir), dirs_.end());
  }

 private:
  Env* const env_;
  std::vector<std::string> dirs_;
};

// Step 3a. Compaction gives readers a smaller, faster index. It writes to a scratch name,
// so a directory under a generation's name is always complete. The home is every
// database together; then, in a sharded build, each shard's database is labelled and
// compacted alone into its shard directory.
Status compact(std::vector<Xapian::WritableDatabase>* dbs, const std::string& compact_dir,
               const std::string& gen_dir, const ShardDirs& shard_dirs, Env* env,
               ScratchDirs* scratch, BuildStats* stats) {
  Xapian::Database all;
  for (Xapian::WritableDatabase& db : *dbs) all.add_database(db);
  all.compact(compact_dir);
  if (Status s = env->rename(compact_dir, gen_dir); !s.is_ok()) return s;
  scratch->add(gen_dir);
  const std::vector<std::string>& shards = shard_dirs.paths();
  for (size_t k = 0; k < shards.size(); ++k) {
    Xapian::WritableDatabase& db = (*dbs)[k];
    db.set_metadata(schema::kMetaGeneration, stats->generation);
    db.set_metadata(schema::kMetaShard, std::to_string(k) + "/" + std::to_string(shards.size()));
    db.commit();
    const std::string tmp = (fs::path(shards[k]) / (stats->generation + ".compact.tmp")).string();
    const std::string shard_gen = (fs::path(shards[k]) / stats->generation).string();
    scratch->add(tmp);
    db.compact(tmp);
    if (Status s = env->rename(tmp, shard_gen); !s.is_ok()) return s;
    scratch->add(shard_gen);
    stats->shard_bytes += directory_bytes(shard_gen);
  }
  for (Xapian::WritableDatabase& db : *dbs) db.close();
  Xapian::Database reader(gen_dir);
  uint64_t terms = 0;
  for (auto t = reader.allterms_begin(); t != reader.allterms_end(); ++t) ++terms;
  stats->terms = terms;
  return Status::ok();
}

// Keeps `dir`/`generation` unless the stub surely names another: a failed sync after the
// rename leaves the new generation live, and a stub that cannot be read may name it.
void keep_if_live(const std::string& dir, const std::string& generation, Env* env,
                  ScratchDirs* scratch) {
  const auto live = live_generation(dir, env);
  if (!live.is_ok() || live.value() == generation)
    scratch->keep((fs::path(dir) / generation).string());
}

// Step 3b: the switch (the shards' first, the home's last), then the clean-up of
// generations no longer needed.
Status make_live(const BuildOptions& options, const std::string& gen_dir, ShardDirs* shard_dirs,
                 Progress* progress, ScratchDirs* scratch, BuildStats* stats) {
  BuildProgress p;
  p.phase = "switch";
  p.documents = stats->posts + stats->comments;
  if (Status s = progress->report(p); !s.is_ok()) return s;
  Env* const env = options.env;
  const Status switched = shard_dirs->switch_all(options.index_dir, stats->generation);
  keep_if_live(options.index_dir, stats->generation, env, scratch);
  for (const std::string& dir : shard_dirs->paths())
    keep_if_live(dir, stats->generation, env, scratch);
  if (!switched.is_ok()) return switched;
  const StaleCleanup stale = remove_stale_generations(options.index_dir, env);
  stats->cleanup_errors = stale.failed;
  for (std::string& failed : shard_dirs->remove_stale())
    stats->cleanup_errors.push_back(std::move(failed));
  stats->index_bytes = directory_bytes(gen_dir);
  stats->seconds = progress->seconds();
  return Status::ok();
}

// With the locks: the name of the new generation, and the directories made ready for it.
Status prepare_dirs(const BuildOptions& options, std::unique_ptr<BuildLock>* lock,
                    std::unique_ptr<ShardDirs>* shard_dirs, BuildStats* stats) {
  Env* const env = options.env;
  auto locked = BuildLock::acquire(options.index_dir, env);
  if (!locked.is_ok()) return locked.status();
  *lock = std::move(locked.value());
  // A left-over that cannot be removed (permissions, an immutable file) would fail
  // this build later with a less helpful message, or pile up unnoticed.
  if (Status s = remove_stale_generations(options.index_dir, env).status(); !s.is_ok()) return s;
  auto shards = ShardDirs::acquire(options.index_dir, options.shards, env);
  if (!shards.is_ok()) return shards.status();
  *shard_dirs = std::move(shards.value());
  stats->warnings = unused_shard_dirs(options.index_dir, options.shards, env);
  auto next = next_generation(options.index_dir, env);
  if (next.is_ok()) next = (*shard_dirs)->next_generation(next.value());
  if (!next.is_ok()) return next.status();
  stats->generation = next.value();
  return Status::ok();
}

// Everything but the catching of exceptions: build_index().
Result<BuildStats> build_steps(const BuildOptions& options, const Analyzer& analyzer) {
  if (options.shards < 1 || options.shards > kMaxShards)
    return Status::invalid_argument("shards: " + std::to_string(options.shards) +
                                    " is not a shard count from 1 to " +
                                    std::to_string(kMaxShards));
  Progress progress(options, Progress::Clock::now());
  Inputs in;
  if (Status s = load_inputs(options, analyzer, &in); !s.is_ok()) return s;

  Env* const env = options.env;
  BuildStats stats;
  std::unique_ptr<BuildLock> lock;
  std::unique_ptr<ShardDirs> shard_dirs;
  if (Status s = prepare_dirs(options, &lock, &shard_dirs, &stats); !s.is_ok()) return s;
  const fs::path index_dir(options.index_dir);
  const std::string gen_dir = (index_dir / stats.generation).string();
  const std::string tmp_dir = (index_dir / (stats.generation + ".tmp")).string();
  const std::string compact_dir = (index_dir / (stats.generation + ".compact.tmp")).string();
  ScratchDirs scratch(env);
  scratch.add(tmp_dir);
  scratch.add(compact_dir);
  {
    std::vector<Xapian::WritableDatabase> dbs;
    if (Status s = write_shards(options, &in, tmp_dir, &dbs, &progress, &stats); !s.is_ok())
      return s;
    BuildProgress p;
    p.phase = "compact";
    p.documents = stats.posts + stats.comments;
    p.bytes_read = p.bytes_total = in.archive_bytes;
    if (Status s = progress.report(p); !s.is_ok()) return s;
    if (Status s = compact(&dbs, compact_dir, gen_dir, *shard_dirs, env, &scratch, &stats);
        !s.is_ok())
      return s;
  }
  env->remove_tree(tmp_dir);  // its databases are in the generation now; else left for later
  if (Status s = make_live(options, gen_dir, shard_dirs.get(), &progress, &scratch, &stats);
      !s.is_ok())
    return s;
  return stats;
}

}  // namespace

Result<BuildStats> build_index(const BuildOptions& options, const Analyzer& analyzer) {
  // status.h promises no exception: whatever a step throws becomes a Status here, after
  // the steps' own destructors joined their threads and removed their scratch files.
  try {
    if (options.env == nullptr) {
      BuildOptions with_env = options;
      with_env.env = Env::Default();
      return build_steps(with_env, analyzer);
    }
    return build_steps(options, analyzer);
  } catch (const Xapian::Error& e) {
    return Status::internal("xapian: " + e.get_description());
  } catch (const fs::filesystem_error& e) {
    return Status::io_error(e.what());
  } catch (const std::bad_alloc&) {
    return Status::internal("out of memory");
  } catch (const std::exception& e) {
    return Status::internal(e.what());
  } catch (...) {
    return Status::internal("unknown exception");
  }
}

}  // namespace fss
