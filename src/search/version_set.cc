#include "search/version_set.h"

#include <xapian.h>

#include <exception>
#include <filesystem>

namespace fss {
namespace {

// Tries again when a build removed the generation between our reading of the stub and
// our pinning of it: that takes two switches in that window, so twice is plenty.
constexpr int kOpenAttempts = 3;

Result<std::shared_ptr<const Version>> open_version(const std::string& index_dir,
                                                    const std::string& generation,
                                                    const Analyzer& analyzer) {
  auto pin = GenerationPin::acquire(index_dir, generation);
  if (!pin.is_ok()) return pin.status();
  const std::string path = (std::filesystem::path(index_dir) / generation).string();
  try {
    Xapian::Database db(path);
    auto data = GenerationData::load(generation, db, analyzer);
    if (!data.is_ok()) return data.status();
    return std::shared_ptr<const Version>(
        std::make_shared<Version>(path, std::move(pin.value()), std::move(data.value())));
  } catch (const Xapian::Error& e) {
    return Status::unavailable(index_dir + ": cannot open index: " + e.get_description());
  } catch (const std::exception& e) {
    return Status::corruption(path + ": cannot load generation data: " + e.what());
  }
}

}  // namespace

Result<std::shared_ptr<const Version>> VersionSet::current(const std::string& index_dir,
                                                           const Analyzer& analyzer) {
  std::shared_ptr<const Version> old;  // let go outside the lock
  Status last;
  for (int attempt = 0; attempt < kOpenAttempts; ++attempt) {
    // The stub is read outside the lock: every request's refresh() comes here.
    auto live = live_generation(index_dir);
    if (!live.is_ok()) return live.status();
    MutexLock lock(&mu_);
    std::shared_ptr<const Version>& cur = current_[index_dir];
    if (cur && cur->generation() == live.value()) return cur;
    // Loaded under the lock: Searchers waiting for the same generation would otherwise
    // each load it.
    auto opened = open_version(index_dir, live.value(), analyzer);
    if (opened.is_ok()) {
      old = std::move(cur);
      cur = opened.value();
      return cur;
    }
    last = opened.status();
    if (last.code() != StatusCode::kUnavailable) break;
  }
  return last;
}

void VersionSet::release_stale(const std::string& index_dir) {
  std::shared_ptr<const Version> old;  // let go outside the lock
  const auto live = live_generation(index_dir);
  MutexLock lock(&mu_);
  auto it = current_.find(index_dir);
  if (it == current_.end() || !it->second) return;
  if (!live.is_ok() || it->second->generation() == live.value()) return;
  old = std::move(it->second);
  current_.erase(it);
}

}  // namespace fss
