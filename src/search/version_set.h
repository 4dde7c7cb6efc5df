// Private to the core library: index generations as versions (LevelDB's VersionSet).
//
// A Version is one generation of an index: its files, pinned against removal by a build
// (GenerationPin), and what a Searcher needs besides its Database (GenerationData), loaded
// from that same generation. It is reference-counted: the VersionSet holds the current one,
// each Searcher the one its Database was opened on, and a request takes its own reference
// for its length, so one answer never pairs one generation's data with another's Database.
// When the last reference goes, the pin goes, and the next build may remove the files.
//
// Thread-safety: a Version is immutable and may be shared; VersionSet is thread-safe.
#ifndef FSS_SRC_SEARCH_VERSION_SET_H_
#define FSS_SRC_SEARCH_VERSION_SET_H_

#include <map>
#include <memory>
#include <string>

#include "fss/analyzer.h"
#include "fss/index_dir.h"
#include "fss/search.h"
#include "fss/status.h"
#include "search/generation_data.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss {

class Version {
 public:
  Version(std::string path, std::unique_ptr<GenerationPin> pin,
          std::shared_ptr<const GenerationData> data)
      : path_(std::move(path)), pin_(std::move(pin)), data_(std::move(data)) {}

  const std::string& generation() const { return data_->generation; }
  // index_dir/gen-N: Databases of this version are opened here, never through the stub.
  const std::string& path() const { return path_; }
  const GenerationData& data() const { return *data_; }

 private:
  const std::string path_;
  const std::unique_ptr<GenerationPin> pin_;
  const std::shared_ptr<const GenerationData> data_;
};

// The implementation of the public IndexCache (fss/search.h); only Searcher::make_cache
// makes one, so a Searcher may take any IndexCache it is given for a VersionSet.
class VersionSet final : public IndexCache {
 public:
  // The live version of `index_dir`: the current one while the stub names it (one small
  // file read), else the newly live generation, pinned and loaded (the old current one is
  // let go). Errors: kUnavailable (no index, or it cannot be opened), kCorruption (its
  // stored synonyms, focus areas or values cannot be read).
  Result<std::shared_ptr<const Version>> current(const std::string& index_dir,
                                                 const Analyzer& analyzer) LOCKS_EXCLUDED(mu_);

  // Lets go of the current version of `index_dir` when the stub names another generation
  // (not when the stub cannot be read), so that an index nobody searches does not keep an old
  // generation's files. Cheap.
  void release_stale(const std::string& index_dir) override LOCKS_EXCLUDED(mu_);

 private:
  Mutex mu_;
  // By index directory.
  std::map<std::string, std::shared_ptr<const Version>> current_ GUARDED_BY(mu_);
};

}  // namespace fss

#endif  // FSS_SRC_SEARCH_VERSION_SET_H_
