// Private to the index layer: step 2 of a build, the archive's posts analysed on every
// core and written by kShards Xapian writers (build_pipeline.h).
#ifndef FSS_SRC_INDEX_BUILD_SHARDS_H_
#define FSS_SRC_INDEX_BUILD_SHARDS_H_

#include <xapian.h>

#include <string>
#include <vector>

#include "fss/index_builder.h"
#include "fss/status.h"
#include "index/build_inputs.h"
#include "index/build_progress.h"

namespace fss {

// Xapian writers, each with its own database, merged by the compaction after.
inline constexpr unsigned kShards = 2;

// Creates `tmp_dir` (through options.env) and kShards databases in it, into *shards, and
// writes every good post of in->archive to them (bad lines go to stats->archive_errors),
// the generation's metadata (synonyms, focus areas, lexicon) too; everything is committed
// on success. Fills stats' post, comment and text counts. Every thread it starts is joined
// before it returns, on every path; it may throw (Xapian::Error, std::bad_alloc).
Status write_shards(const BuildOptions& options, Inputs* in, const std::string& tmp_dir,
                    std::vector<Xapian::WritableDatabase>* shards, Progress* progress,
                    BuildStats* stats);

}  // namespace fss

#endif  // FSS_SRC_INDEX_BUILD_SHARDS_H_
