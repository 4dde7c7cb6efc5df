// Private to the index layer: step 2 of a build, the archive's posts analysed on every
// core and written by several Xapian writers (build_pipeline.h).
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

// Xapian writers of an unsharded build, each with its own database, merged by the
// compaction after.
inline constexpr unsigned kShards = 2;

// Creates `tmp_dir` (through options.env) and the build's databases in it, into *shards,
// and writes every good post of in->archive to them (bad lines go to
// stats->archive_errors), the generation's metadata (synonyms, focus areas, lexicon) too;
// everything is committed on success. options.shards == 1: kShards databases without a
// termlist, dealt batches round robin, metadata in the first. N > 1: N + 1 databases,
// (*shards)[K] the documents of shard K (shard_of()) with a termlist, the last one only
// what the home has beside them (spelling words, metadata, fss:shards). Fills stats' post,
// comment, text and shard counts. Every thread it starts is joined before it returns, on
// every path; it may throw (Xapian::Error, std::bad_alloc).
Status write_shards(const BuildOptions& options, Inputs* in, const std::string& tmp_dir,
                    std::vector<Xapian::WritableDatabase>* shards, Progress* progress,
                    BuildStats* stats);

}  // namespace fss

#endif  // FSS_SRC_INDEX_BUILD_SHARDS_H_
