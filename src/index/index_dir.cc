#include "fss/index_dir.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace fss {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStub = "XAPIANDB";
constexpr const char* kStubTmp = "XAPIANDB.tmp";
constexpr const char* kGenPrefix = "gen-";

// "gen-000007" -> 7; -1 when `name` is not a complete generation's name.
long generation_number(const std::string& name) {
  if (name.rfind(kGenPrefix, 0) != 0 || name.size() != 10) return -1;
  long n = 0;
  for (size_t i = 4; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    n = n * 10 + (name[i] - '0');
  }
  return n;
}

std::string generation_name(long n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%06ld", kGenPrefix, n);
  return buf;
}

std::string path_in(const std::string& dir, const std::string& name) {
  return (fs::path(dir) / name).string();
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// An Env message without its leading path ("remove: Permission denied"), for reports
// that name the generation themselves ("gen-000003: remove: Permission denied").
std::string without_path(const Status& s, const std::string& path) {
  const std::string& m = s.message();
  return m.rfind(path + ": ", 0) == 0 ? m.substr(path.size() + 2) : m;
}

// The generation the stub names; the Env's own status when it cannot be read (kNotFound:
// there is no stub).
Result<std::string> read_stub(const std::string& index_dir, Env* env) {
  std::string text;
  if (Status s = env->read_small_file(path_in(index_dir, kStub), &text); !s.is_ok()) return s;
  std::istringstream in(text);
  std::string kind, name;
  in >> kind >> name;
  if (kind != "auto" || generation_number(name) < 0)
    return Status::corruption(index_dir + "/" + kStub + ": not a stub written by fss-index");
  return name;
}

}  // namespace

Result<std::string> live_generation(const std::string& index_dir, Env* env) {
  auto live = read_stub(index_dir, env);
  if (live.is_ok() || live.status().code() == StatusCode::kCorruption) return live;
  if (live.status().code() == StatusCode::kNotFound)
    return Status::unavailable(index_dir + ": no index (run 'fss-index build')");
  return Status::unavailable(live.status().message());
}

Result<std::unique_ptr<BuildLock>> BuildLock::acquire(const std::string& index_dir, Env* env) {
  if (Status s = env->create_dirs(index_dir); !s.is_ok()) return s;
  const std::string path = path_in(index_dir, "build.lock");
  std::unique_ptr<FileLock> lock;
  const Status s = env->lock_file(path, &lock);
  if (s.code() == StatusCode::kBusy)
    return Status::busy(index_dir + ": another build is running (lock held on " + path + ")");
  if (!s.is_ok()) return s;
  return std::unique_ptr<BuildLock>(new BuildLock(std::move(lock)));
}

BuildLock::~BuildLock() = default;

Result<std::string> next_generation(const std::string& index_dir, Env* env) {
  std::vector<std::string> names;
  const Status listed = env->list_dir(index_dir, &names);
  if (!listed.is_ok() && listed.code() != StatusCode::kNotFound) return listed;
  long highest = 0;
  for (std::string name : names) {
    if (ends_with(name, ".tmp")) name.resize(name.size() - 4);
    highest = std::max(highest, generation_number(name));
  }
  return generation_name(highest + 1);
}

Status switch_generation(const std::string& index_dir, const std::string& generation, Env* env) {
  const std::string tmp = path_in(index_dir, kStubTmp);
  Status s = env->write_file(tmp, "auto " + generation + "\n");
  // fsync the stub before the rename, so a crash cannot leave a live but empty stub.
  if (s.is_ok()) s = env->sync_file(tmp);
  if (s.is_ok()) s = env->rename(tmp, path_in(index_dir, kStub));
  if (!s.is_ok()) {
    env->remove_tree(tmp);  // else the next build's clean-up takes it
    return s;
  }
  // And the directory, so the rename itself survives a power cut.
  return env->sync_dir(index_dir);
}

Result<std::unique_ptr<GenerationPin>> GenerationPin::acquire(const std::string& index_dir,
                                                              const std::string& generation,
                                                              Env* env) {
  const std::string path = path_in(index_dir, generation);
  // Shared: readers do not exclude each other. A build removing the generation holds it
  // exclusively, so this waits for the removal and then finds the directory gone.
  std::unique_ptr<FileLock> lock;
  const Status s = env->lock_dir(path, DirLockMode::kShared, &lock);
  if (s.code() == StatusCode::kNotFound) return Status::unavailable(path + ": generation removed");
  if (!s.is_ok()) return s;
  return std::unique_ptr<GenerationPin>(new GenerationPin(std::move(lock)));
}

GenerationPin::~GenerationPin() = default;

Status StaleCleanup::status() const {
  if (failed.empty()) return Status::ok();
  std::string message = "cannot remove stale generations:";
  for (const std::string& f : failed) message += " " + f + ";";
  message.pop_back();
  return Status::io_error(message);
}

namespace {

// Removes generation directory `path` unless a reader pins it (GenerationPin), holding it
// exclusively meanwhile. kBusy when pinned. When the lock cannot be taken, the directory is
// left: a reader may be on it.
Status remove_unpinned(const std::string& path, Env* env) {
  std::unique_ptr<FileLock> lock;
  const Status locked = env->lock_dir(path, DirLockMode::kExclusive, &lock);
  if (!locked.is_ok() && locked.code() != StatusCode::kNotFound) return locked;
  return env->remove_tree(path);
}

// Whether `name` in an index directory is stale (StaleCleanup's rules): `live_n` is the
// live generation's number, -1 when there is none or the stub cannot be read.
bool is_stale(const std::string& name, long live_n, bool no_stub) {
  const bool tmp = (name.rfind(kGenPrefix, 0) == 0 && ends_with(name, ".tmp")) || name == kStubTmp;
  const long n = generation_number(name);
  // Keep the live generation and the one before it (a reader may have read the stub
  // and not yet pinned); a generation past the live one is a build that died between
  // compaction and switch. With no live generation, no reader can be on any.
  const bool old = n >= 0 && (live_n >= 0 ? n < live_n - 1 || n > live_n : no_stub);
  return tmp || old;
}

}  // namespace

StaleCleanup remove_stale_generations(const std::string& index_dir, Env* env) {
  StaleCleanup report;
  const auto live = read_stub(index_dir, env);
  const long live_n = live.is_ok() ? generation_number(live.value()) : -1;
  // Only a stub that is not there says nobody reads: one we cannot read or parse might
  // still name a generation.
  const bool no_stub = !live.is_ok() && live.status().code() == StatusCode::kNotFound;
  std::vector<std::string> names;
  if (Status s = env->list_dir(index_dir, &names); !s.is_ok()) {
    report.failed.push_back(s.message());
    return report;
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    if (!is_stale(name, live_n, no_stub)) continue;
    const std::string path = path_in(index_dir, name);
    const Status s =
        generation_number(name) >= 0 ? remove_unpinned(path, env) : env->remove_tree(path);
    if (s.code() == StatusCode::kBusy)
      report.in_use.push_back(name);
    else if (!s.is_ok())
      report.failed.push_back(name + ": " + without_path(s, path));
    else
      report.removed.push_back(name);
  }
  return report;
}

}  // namespace fss
