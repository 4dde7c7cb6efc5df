// fss-index build: the archive in, a new live index generation out.
//
// Reads the archive line by line (memory stays bounded whatever its size), analyses posts
// on every core, writes them with Xapian writers that commit every
// BuildOptions::commit_every documents, compacts the result into a new generation and
// switches to it atomically (index_dir.h). Thread-safety: one build per index directory
// at a time, enforced with a lock across processes (kBusy for the second).
//
// A sharded build (BuildOptions::shards = N > 1) also writes the generation as N shard
// databases, each for xapian-tcpsrv to serve (doc/design.md, "Sharded generations"):
//
//   DIR/XAPIANDB, DIR/gen-M/          the home: every document, and everything the
//                                     searcher reads besides postings (synonyms, focus
//                                     areas, lexicon, spelling); metadata fss:shards = "N"
//   DIR/shards/shard-K/XAPIANDB       stub "auto gen-M"
//   DIR/shards/shard-K/gen-M/         the documents of shard K (shard_of()) with a
//                                     termlist; metadata fss:generation = "gen-M",
//                                     fss:shard = "K/N"
//
// Each DIR/shards/shard-K is an index directory of the usual layout (index_dir.h). The
// shards' stubs are switched first and the home's last, so a generation is live when the
// home names it; a failed switch puts the shards back.
#ifndef FSS_INDEX_BUILDER_H_
#define FSS_INDEX_BUILDER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fss/analyzer.h"
#include "fss/archive.h"
#include "fss/env.h"
#include "fss/status.h"

namespace fss {

// Shard counts a build accepts (BuildOptions::shards).
inline constexpr unsigned kMaxShards = 64;

// The shard of a post and of its comments: the 64-bit FNV-1a hash of the post's id (its
// bytes as stored in the archive; offset basis 14695981039346656037, prime 1099511628211)
// modulo `shards`; 0 when shards <= 1. Part of the on-disk contract: a searcher or a tool
// finds a post's shard with it, so it never changes (tests pin its values).
uint64_t post_id_hash(std::string_view post_id);
unsigned shard_of(std::string_view post_id, unsigned shards);

// "DIR/shards/shard-K": shard K's index directory in index directory `index_dir`.
std::string shard_index_dir(const std::string& index_dir, unsigned shard);

struct BuildProgress {
  uint64_t documents = 0;   // posts + comments written so far
  uint64_t bytes_read = 0;  // of the archive file
  uint64_t bytes_total = 0;
  double seconds = 0;
  const char* phase = "index";  // "index", "compact", "switch"
};

struct BuildOptions {
  std::string archive_path = "corpus/archive.jsonl";
  std::string index_dir = "index";
  // Empty: synonyms.txt and focus-areas.json beside the archive, skipped when absent.
  std::string synonyms_path;
  std::string focus_areas_path;
  unsigned threads = 0;           // analysis threads; 0 = one per core
  // Documents between commits (split over the writer shards): bounds the writer's memory.
  // Measured at 100k posts on 2 cores: 20,000 gave 502 documents/s and 0.9 GB, 4,000
  // 589/s and 0.6 GB, 1,500 570/s: Xapian's in-memory postings are std::maps, and smaller
  // ones are faster to update than the flush of them costs.
  uint64_t commit_every = 4000;
  // 1: one index (no shards/ directory). 2..kMaxShards: a sharded build (above).
  unsigned shards = 1;
  // Called from the building thread, at most a few times a second.
  std::function<void(const BuildProgress&)> on_progress;
  // The index directory's file calls (the stub, the lock, generation directories; not
  // Xapian's own): a test passes one that fails on purpose. Null: Env::Default().
  Env* env = Env::Default();
};

struct BuildStats {
  uint64_t posts = 0;
  uint64_t comments = 0;
  uint64_t terms = 0;        // distinct terms in the new index
  uint64_t index_bytes = 0;  // size of the new generation on disk
  uint64_t text_bytes = 0;   // of titles, bodies and comments
  double seconds = 0;
  std::string generation;
  std::vector<ArchiveError> archive_errors;  // bad lines: reported, skipped
  // Old generations the build switched away from but could not remove ("gen-000003:
  // remove: Permission denied"): the new generation is live, the disk is not reclaimed.
  std::vector<std::string> cleanup_errors;
  // A sharded build: the shard count, each shard's documents (posts + comments) and the
  // shard generations' size on disk together. 1, empty and 0 otherwise.
  unsigned shards = 1;
  std::vector<uint64_t> shard_documents;
  uint64_t shard_bytes = 0;
  // For the operator, the build succeeded regardless: shard directories this build left
  // alone ("index/shards/shard-3: not one of this build's 3 shards, left on gen-000004"),
  // a shards/ directory that could not be listed.
  std::vector<std::string> warnings;
};

// Errors: kInvalidArgument (BuildOptions::shards not from 1 to kMaxShards), kBusy (another
// build), kNotFound / kIoError (archive, synonyms, focus areas,
// index dir, a stale generation that cannot be removed before the build, the switch),
// kInvalidArgument (bad synonyms or focus-areas file), kInternal (Xapian, out of memory,
// an exception from on_progress, which ends the build). Never throws, and every thread
// it started is joined before it returns. On any error the live generation is untouched,
// except when the switch's final directory sync fails (switch_generation()); so is every
// shard's (a failed switch switches the shards back, and a home that failed its final
// sync keeps the new generation with its shards). Bad archive
// lines are not an error: they are listed in BuildStats::archive_errors and the rest is
// built.
Result<BuildStats> build_index(const BuildOptions& options, const Analyzer& analyzer);

}  // namespace fss

#endif  // FSS_INDEX_BUILDER_H_
