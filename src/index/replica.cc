#include "fss/replica.h"

#include <xapian.h>

#include <filesystem>
#include <memory>

#include "fss/index_dir.h"

namespace fss {
namespace {

// Copies the flat directory `from` (a Xapian generation holds files only) into the new
// directory `to`, each file synced, then the directory: a replica must hold the bytes
// before its stub names them.
Status copy_generation_files(Env* env, const std::string& from, const std::string& to,
                             ReplicaStats* stats) {
  std::vector<std::string> names;
  if (Status s = env->list_dir(from, &names); !s.is_ok()) return s;
  if (Status s = env->create_dirs(to); !s.is_ok()) return s;
  for (const std::string& name : names) {
    const std::string src = from + "/" + name, dst = to + "/" + name;
    if (Status s = env->copy_file(src, dst); !s.is_ok()) return s;
    if (Status s = env->sync_file(dst); !s.is_ok()) return s;
    ++stats->files;
  }
  return env->sync_dir(to);
}

// Xapian's own count, read from the files: a copy that opens and agrees with its source
// is whole (a missing or truncated table fails to open or to count).
Result<uint64_t> document_count(const std::string& generation_dir) {
  try {
    return static_cast<uint64_t>(Xapian::Database(generation_dir).get_doccount());
  } catch (const Xapian::Error& e) {
    return Status::corruption(generation_dir + ": " + e.get_description());
  }
}

// The bytes of the files copied, for the report.
uint64_t bytes_of(const std::string& dir) {
  uint64_t n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const auto size = e.file_size(ec);
    if (!ec) n += size;
  }
  return n;
}

// The source's live generation, pinned so that a build there cannot remove it mid-copy.
// A build may switch between reading the stub and pinning: read it again.
Result<std::unique_ptr<GenerationPin>> pin_live(const ReplicaOptions& o, std::string* name) {
  for (int attempt = 0;; ++attempt) {
    auto live = live_generation(o.source_dir, o.env);
    if (!live.is_ok()) return live.status();
    auto pin = GenerationPin::acquire(o.source_dir, live.value(), o.env);
    if (pin.is_ok() || pin.status().code() != StatusCode::kUnavailable || attempt == 3) {
      *name = live.value();
      return pin;
    }
  }
}

// Refuses a source that is the target, or a target already past the source.
Status check_order(const ReplicaOptions& o, const std::string& source_gen) {
  std::error_code ec;
  if (std::filesystem::exists(o.target_dir, ec) &&
      std::filesystem::equivalent(o.source_dir, o.target_dir, ec))
    return Status::invalid_argument(o.source_dir + " and " + o.target_dir +
                                    " are one directory: a replica needs a directory of its own");
  const auto target_live = live_generation(o.target_dir, o.env);
  // Names are "gen-" and six digits: they compare as their numbers do.
  if (target_live.is_ok() && target_live.value() > source_gen)
    return Status::invalid_argument(o.target_dir + " is at " + target_live.value() +
                                    ", newer than the source's " + source_gen +
                                    ": a replica follows one source");
  return Status::ok();
}

// Copies the pinned generation to target/NAME.tmp, checks it, renames it into place.
// A NAME.tmp left by a copy that died was removed by the clean-up before.
Status copy_generation(const ReplicaOptions& o, const std::string& gen, ReplicaStats* stats) {
  const std::string src = o.source_dir + "/" + gen;
  const std::string tmp = o.target_dir + "/" + gen + ".tmp";
  if (Status s = copy_generation_files(o.env, src, tmp, stats); !s.is_ok()) return s;
  const auto want = document_count(src);
  if (!want.is_ok()) return want.status();
  const auto got = document_count(tmp);
  if (!got.is_ok()) return got.status();
  if (got.value() != want.value())
    return Status::corruption(tmp + ": " + std::to_string(got.value()) +
                              " documents after the copy, " + std::to_string(want.value()) +
                              " in " + src);
  stats->documents = got.value();
  stats->bytes = bytes_of(tmp);
  if (Status s = o.env->rename(tmp, o.target_dir + "/" + gen); !s.is_ok()) return s;
  stats->copied = true;
  return o.env->sync_dir(o.target_dir);
}

Result<ReplicaStats> replicate(const ReplicaOptions& o) {
  ReplicaStats stats;
  auto pin = pin_live(o, &stats.generation);
  if (!pin.is_ok()) return pin.status();
  if (Status s = check_order(o, stats.generation); !s.is_ok()) return s;
  auto lock = BuildLock::acquire(o.target_dir, o.env);
  if (!lock.is_ok()) return lock.status();
  const auto target_live = live_generation(o.target_dir, o.env);
  if (target_live.is_ok() && target_live.value() == stats.generation) return stats;
  // A copy that died left NAME.tmp, or a finished copy that was never switched to (past
  // the live generation): both go, as a build's leftovers do.
  if (Status s = remove_stale_generations(o.target_dir, o.env).status(); !s.is_ok()) return s;
  if (Status s = copy_generation(o, stats.generation, &stats); !s.is_ok()) return s;
  if (Status s = switch_generation(o.target_dir, stats.generation, o.env); !s.is_ok()) return s;
  stats.cleanup_errors = remove_stale_generations(o.target_dir, o.env).failed;
  return stats;
}

}  // namespace

Result<ReplicaStats> replicate_index(const ReplicaOptions& options) {
  ReplicaOptions o = options;
  if (!o.env) o.env = Env::Default();
  try {
    return replicate(o);
  } catch (const std::exception& e) {
    return Status::internal(std::string("replicating the index: ") + e.what());
  }
}

}  // namespace fss
