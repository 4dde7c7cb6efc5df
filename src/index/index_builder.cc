// build_index(): the steps in order, the build's scratch directories, and step 3, the new
// generation made live. Step 1 is build_inputs.cc, step 2 build_shards.cc.
#include "fss/index_builder.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "fss/index_dir.h"
#include "index/build_inputs.h"
#include "index/build_progress.h"
#include "index/build_shards.h"

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
// so a directory under a generation's name is always complete.
Status compact(std::vector<Xapian::WritableDatabase>* shards, const std::string& compact_dir,
               const std::string& gen_dir, Env* env, ScratchDirs* scratch, BuildStats* stats) {
  Xapian::Database all;
  for (Xapian::WritableDatabase& db : *shards) all.add_database(db);
  all.compact(compact_dir);
  for (Xapian::WritableDatabase& db : *shards) db.close();
  if (Status s = env->rename(compact_dir, gen_dir); !s.is_ok()) return s;
  scratch->add(gen_dir);
  Xapian::Database reader(gen_dir);
  uint64_t terms = 0;
  for (auto t = reader.allterms_begin(); t != reader.allterms_end(); ++t) ++terms;
  stats->terms = terms;
  return Status::ok();
}

// Step 3b: the switch, then the clean-up of generations no longer needed.
Status make_live(const BuildOptions& options, const std::string& gen_dir, Progress* progress,
                 ScratchDirs* scratch, BuildStats* stats) {
  BuildProgress p;
  p.phase = "switch";
  p.documents = stats->posts + stats->comments;
  if (Status s = progress->report(p); !s.is_ok()) return s;
  const Status switched = switch_generation(options.index_dir, stats->generation, options.env);
  // A failed sync after the rename leaves the new generation live: keep its files. So
  // does a stub that cannot be read now: it may name the new generation.
  const auto live = live_generation(options.index_dir, options.env);
  if (!live.is_ok() || live.value() == stats->generation) scratch->keep(gen_dir);
  if (!switched.is_ok()) return switched;
  const StaleCleanup stale = remove_stale_generations(options.index_dir, options.env);
  stats->cleanup_errors = stale.failed;
  stats->index_bytes = directory_bytes(gen_dir);
  stats->seconds = progress->seconds();
  return Status::ok();
}

// Everything but the catching of exceptions: build_index().
Result<BuildStats> build_steps(const BuildOptions& options, const Analyzer& analyzer) {
  Progress progress(options, Progress::Clock::now());
  Inputs in;
  if (Status s = load_inputs(options, analyzer, &in); !s.is_ok()) return s;

  Env* const env = options.env;
  auto lock = BuildLock::acquire(options.index_dir, env);
  if (!lock.is_ok()) return lock.status();
  // A left-over that cannot be removed (permissions, an immutable file) would fail
  // this build later with a less helpful message, or pile up unnoticed.
  if (Status s = remove_stale_generations(options.index_dir, env).status(); !s.is_ok()) return s;

  BuildStats stats;
  auto next = next_generation(options.index_dir, env);
  if (!next.is_ok()) return next.status();
  stats.generation = next.value();
  const fs::path index_dir(options.index_dir);
  const std::string gen_dir = (index_dir / stats.generation).string();
  const std::string tmp_dir = (index_dir / (stats.generation + ".tmp")).string();
  const std::string compact_dir = (index_dir / (stats.generation + ".compact.tmp")).string();
  ScratchDirs scratch(env);
  scratch.add(tmp_dir);
  scratch.add(compact_dir);
  {
    std::vector<Xapian::WritableDatabase> shards;
    if (Status s = write_shards(options, &in, tmp_dir, &shards, &progress, &stats); !s.is_ok())
      return s;
    BuildProgress p;
    p.phase = "compact";
    p.documents = stats.posts + stats.comments;
    p.bytes_read = p.bytes_total = in.archive_bytes;
    if (Status s = progress.report(p); !s.is_ok()) return s;
    if (Status s = compact(&shards, compact_dir, gen_dir, env, &scratch, &stats); !s.is_ok())
      return s;
  }
  env->remove_tree(tmp_dir);  // its shards are in the generation now; else left for later
  if (Status s = make_live(options, gen_dir, &progress, &scratch, &stats); !s.is_ok()) return s;
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
