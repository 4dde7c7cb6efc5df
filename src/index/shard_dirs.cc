// Shards: which shard a post is in, and the shard directories of a sharded build.
#include "index/shard_dirs.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "fss/index_builder.h"

namespace fss {
namespace fs = std::filesystem;

uint64_t post_id_hash(std::string_view post_id) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : post_id) h = (h ^ c) * 1099511628211ULL;
  return h;
}

unsigned shard_of(std::string_view post_id, unsigned shards) {
  return shards <= 1 ? 0 : static_cast<unsigned>(post_id_hash(post_id) % shards);
}

std::string shard_index_dir(const std::string& index_dir, unsigned shard) {
  return (fs::path(index_dir) / "shards" / ("shard-" + std::to_string(shard))).string();
}

namespace {

constexpr const char* kStub = "XAPIANDB";

// The generation live in `dir` ("" when it has no stub yet), or why it cannot be known.
Result<std::string> live_or_none(const std::string& dir, Env* env) {
  std::string text;
  const Status read = env->read_small_file((fs::path(dir) / kStub).string(), &text);
  if (read.code() == StatusCode::kNotFound) return std::string();
  if (!read.is_ok()) return read;
  auto live = live_generation(dir, env);
  if (live.is_ok() || live.status().code() == StatusCode::kCorruption) return live;
  return Status::io_error(live.status().message());
}

}  // namespace

Result<std::unique_ptr<ShardDirs>> ShardDirs::acquire(const std::string& index_dir, unsigned shards,
                                                      Env* env) {
  std::unique_ptr<ShardDirs> dirs(new ShardDirs(env));
  for (unsigned k = 0; shards > 1 && k < shards; ++k) {
    const std::string path = shard_index_dir(index_dir, k);
    auto lock = BuildLock::acquire(path, env);
    if (!lock.is_ok()) return lock.status();
    dirs->locks_.push_back(std::move(lock.value()));
    // As for the home: a left-over that cannot go would pile up unnoticed.
    if (Status s = remove_stale_generations(path, env).status(); !s.is_ok()) return s;
    auto live = live_or_none(path, env);
    if (!live.is_ok()) return live.status();
    dirs->paths_.push_back(path);
    dirs->previous_.push_back(live.value());
  }
  return dirs;
}

Result<std::string> ShardDirs::next_generation(const std::string& home_next) const {
  // Names of one form ("gen-000007") order as their numbers do.
  std::string next = home_next;
  for (const std::string& path : paths_) {
    auto n = fss::next_generation(path, env_);
    if (!n.is_ok()) return n.status();
    next = std::max(next, n.value());
  }
  return next;
}

Status ShardDirs::switch_back(size_t shard) {
  if (!previous_[shard].empty()) return switch_generation(paths_[shard], previous_[shard], env_);
  const Status removed = env_->remove_tree((fs::path(paths_[shard]) / kStub).string());
  return removed.is_ok() ? env_->sync_dir(paths_[shard]) : removed;
}

Status ShardDirs::switch_all(const std::string& home, const std::string& generation) {
  size_t switched = 0;  // the shards to switch back on failure, the failed one included
  Status failed;
  while (failed.is_ok() && switched < paths_.size())
    failed = switch_generation(paths_[switched++], generation, env_);
  if (failed.is_ok()) {
    failed = switch_generation(home, generation, env_);
    if (failed.is_ok()) return failed;
    // A failed sync after the rename leaves the home on the new generation: the shards
    // stay with it. So when its stub cannot be read: it may name the new one.
    const auto live = live_generation(home, env_);
    if (!live.is_ok() || live.value() == generation) return failed;
  }
  std::string message = failed.message();
  if (switched > 0) message += " (the shards were switched back)";
  for (size_t k = 0; k < switched; ++k) {
    if (Status s = switch_back(k); !s.is_ok())
      message += "; switching " + paths_[k] + " back failed, it may be on " + generation + ": " +
                 s.message();
  }
  return Status(failed.code(), message);
}

std::vector<std::string> ShardDirs::remove_stale() const {
  std::vector<std::string> failed;
  for (const std::string& path : paths_)
    for (const std::string& f : remove_stale_generations(path, env_).failed)
      failed.push_back(path + "/" + f);
  return failed;
}

std::vector<std::string> unused_shard_dirs(const std::string& index_dir, unsigned shards,
                                           Env* env) {
  const std::string dir = (fs::path(index_dir) / "shards").string();
  std::vector<std::string> names, warnings;
  const Status listed = env->list_dir(dir, &names);
  if (listed.code() == StatusCode::kNotFound) return warnings;
  if (!listed.is_ok()) return {"cannot check for unused shard directories: " + listed.message()};
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string digits = name.rfind("shard-", 0) == 0 ? name.substr(6) : "";
    if (digits.empty() || digits.size() > 4 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      continue;
    const unsigned k = static_cast<unsigned>(std::stoul(digits));
    if (k < shards && shards > 1) continue;
    const std::string path = (fs::path(dir) / name).string();
    const auto live = live_generation(path, env);
    const std::string why = shards > 1
                                ? "not one of this build's " + std::to_string(shards) + " shards"
                                : "this build is not sharded";
    warnings.push_back(path + ": " + why + ": left as it was" +
                       (live.is_ok() ? ", on " + live.value() : ""));
  }
  return warnings;
}

}  // namespace fss
