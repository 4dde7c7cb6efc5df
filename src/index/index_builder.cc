#include "fss/index_builder.h"

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <new>
#include <thread>
#include <unordered_set>

#include "index/build_pipeline.h"
#include "index/document_builder.h"
#include "base/file.h"
#include "analysis/corpus_lexicon.h"
#include "analysis/focus_areas.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "analysis/synonyms.h"

namespace fss {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Posts handed to a worker at a time: big enough to amortise the queue, small enough
// that the writer never waits long for the batch it needs next.
constexpr size_t kBatchPosts = 64;
// Xapian writers (and databases merged by compaction at the end): see write_shards().
constexpr unsigned kShards = 2;
// Q<id> is a Xapian term (245 bytes at most), and ids are not hashed: the searcher finds
// a post by its id term. A longer id is a bad archive line.
constexpr size_t kMaxIdBytes = 240;

uint64_t directory_bytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

// The second lexicon (corpus_lexicon.h): the words of every post's title, body, kicker and
// region and of every comment (what the document builder indexes as text), counted before
// any document is built, so that every document is split
// with the whole archive's vocabulary. A line that does not parse is left to the build's
// own reading, which reports it.
Result<std::shared_ptr<const CorpusLexicon>> count_archive(const std::string& path,
                                                           const Analyzer& analyzer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open archive");
  CorpusLexicon::Counter counter(analyzer);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto post = parse_post_line(line);
    if (!post.is_ok()) continue;
    // The region too: "Skåne" of FSS region Skåne licenses "Skåne|regionen" where no
    // body says "Skåne" alone.
    counter.add_text(post->title);
    counter.add_text(post->body);
    if (post->kicker) counter.add_text(*post->kicker);
    if (post->region) counter.add_text(*post->region);
    for (const Comment& c : post->comments) counter.add_text(c.body);
  }
  if (in.bad()) return Status::io_error(path + ": read failed");
  return CorpusLexicon::from_counter(counter);
}

std::string beside(const std::string& archive, const char* name) {
  return (fs::path(archive).parent_path() / name).string();
}

// Everything the build reads besides the archive's lines.
struct Inputs {
  std::ifstream archive;
  uint64_t archive_bytes = 0;
  std::string synonyms_text, areas_text;
  Synonyms synonyms;
  FocusAreas areas;
  // The second lexicon (corpus_lexicon.h) and the analyzer that splits with it: documents
  // are analysed with the archive's vocabulary, and the generation keeps it for searchers.
  std::shared_ptr<const CorpusLexicon> lexicon;
  std::unique_ptr<Analyzer> analyzer;
};

// Reads the optional file `path` (required when `named`) and parses it into *out.
template <typename Parsed>
Status load_optional(const std::string& path, bool named, const Analyzer& analyzer,
                     std::string* text, Parsed* out) {
  if (!named && !fs::exists(path)) return Status::ok();
  Result<std::string> read = read_file(path);
  if (!read.is_ok()) return read.status();
  *text = std::move(read.value());
  auto parsed = Parsed::parse(*text, analyzer, path);
  if (!parsed.is_ok()) return parsed.status();
  *out = std::move(parsed.value());
  return Status::ok();
}

// Step 1. Everything the build reads is checked before anything is written. Synonyms and
// focus areas are optional beside the archive, required when named.
Status load_inputs(const BuildOptions& options, const Analyzer& analyzer, Inputs* in) {
  in->archive.open(options.archive_path, std::ios::binary);
  if (!in->archive) return Status::not_found(options.archive_path + ": cannot open archive");
  std::error_code size_error;
  in->archive_bytes = fs::file_size(options.archive_path, size_error);
  if (size_error) return Status::io_error(options.archive_path + ": " + size_error.message());
  const bool syn_named = !options.synonyms_path.empty();
  if (Status s = load_optional(
          syn_named ? options.synonyms_path : beside(options.archive_path, "synonyms.txt"),
          syn_named, analyzer, &in->synonyms_text, &in->synonyms);
      !s.is_ok())
    return s;
  const bool areas_named = !options.focus_areas_path.empty();
  if (Status s = load_optional(
          areas_named ? options.focus_areas_path : beside(options.archive_path, "focus-areas.json"),
          areas_named, analyzer, &in->areas_text, &in->areas);
      !s.is_ok())
    return s;
  auto lexicon = count_archive(options.archive_path, analyzer);
  if (!lexicon.is_ok()) return lexicon.status();
  in->lexicon = std::move(lexicon.value());
  in->analyzer = analyzer.with_lexicon(in->lexicon);
  return Status::ok();
}

// Calls the caller's progress callback; what it throws becomes the build's error.
class Progress {
 public:
  Progress(const BuildOptions& options, Clock::time_point start)
      : fn_(options.on_progress), start_(start) {}
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  Status report(BuildProgress p) {
    if (!fn_) return Status::ok();
    p.seconds = seconds();
    try {
      fn_(p);
      return Status::ok();
    } catch (const std::exception& e) {
      return Status::internal(std::string("progress callback: ") + e.what());
    } catch (...) {
      return Status::internal("progress callback: unknown exception");
    }
  }
  // report() at most every 250 ms.
  Status maybe_report(const BuildProgress& p) {
    if (!fn_ || Clock::now() - last_ < std::chrono::milliseconds(250)) return Status::ok();
    last_ = Clock::now();
    return report(p);
  }

 private:
  std::function<void(const BuildProgress&)> fn_;
  Clock::time_point start_, last_ = Clock::now();
};

// One shard's Xapian writer: takes the shard's batches from the pipeline, in sequence,
// until the input ends. Runs on its own thread; never throws. After a failure it drains
// its batches, so the reader never waits on it.
class ShardWriter {
 public:
  ShardWriter(Xapian::WritableDatabase* db, Pipeline* pipeline, unsigned shard,
              uint64_t commit_every, std::atomic<uint64_t>* written)
      : db_(db),
        pipeline_(pipeline),
        shard_(shard),
        commit_every_(commit_every),
        written_(written) {}

  void run() {
    try {
      write();
    } catch (const Xapian::Error& e) {
      fail(Status::internal("xapian: " + e.get_description()));
    } catch (const std::exception& e) {
      fail(Status::internal(std::string("writer: ") + e.what()));
    }
    Batch rest;
    while (pipeline_->next(shard_, &rest)) {
    }
  }
  const Status& status() const { return status_; }
  const BuildStats& stats() const { return stats_; }

 private:
  void write() {
    Batch batch;
    uint64_t since_commit = 0;
    while (pipeline_->next(shard_, &batch)) {
      if (!batch.status.is_ok()) return fail(batch.status);
      for (BuiltDocument& d : batch.docs) {
        // By its unique id term. (Without a termlist table Xapian could not replace a
        // document that exists; none does: the reader refuses a repeated id.)
        db_->replace_document(d.id_term, d.doc);
        stats_.text_bytes += d.text_bytes;
        ++(d.comment ? stats_.comments : stats_.posts);
        if (++since_commit >= commit_every_) {
          db_->commit();
          since_commit = 0;
        }
      }
      for (const auto& [word, count] : batch.spellings) db_->add_spelling(word, count);
      *written_ += batch.docs.size();
    }
  }
  void fail(Status s) {
    if (status_.is_ok()) status_ = std::move(s);
  }

  Xapian::WritableDatabase* db_;
  Pipeline* pipeline_;
  const unsigned shard_;
  const uint64_t commit_every_;
  std::atomic<uint64_t>* written_;
  Status status_;
  BuildStats stats_;
};

// The archive's next good post, or false at its end; bad lines go to stats->archive_errors.
class PostReader {
 public:
  PostReader(std::istream* in, const std::string& path) : in_(in), path_(path) {}
  bool next(Post* post, BuildProgress* progress, BuildStats* stats) {
    std::string line;
    while (std::getline(*in_, line)) {
      ++line_no_;
      progress->bytes_read += line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      auto parsed = parse_post_line(line);
      const std::string error =
          parsed.is_ok() ? check_ids(parsed.value()) : parsed.status().message();
      if (!error.empty()) {
        stats->archive_errors.push_back({path_, static_cast<int>(line_no_), error});
        continue;
      }
      *post = std::move(parsed.value());
      return true;
    }
    return false;
  }

 private:
  std::string check_ids(const Post& post) {
    if (post.id.size() > kMaxIdBytes)
      return "id: longer than " + std::to_string(kMaxIdBytes) + " bytes";
    if (!ids_.insert(post.id).second) return "id: duplicate '" + post.id + "'";
    for (size_t i = 0; i < post.comments.size(); ++i) {
      const std::string& cid = post.comments[i].id;
      // 1-based, as parse_post_line() numbers comments (c1 is comments[1]).
      const std::string field = "comments[" + std::to_string(i + 1) + "].id: ";
      if (cid.size() > kMaxIdBytes)
        return field + "longer than " + std::to_string(kMaxIdBytes) + " bytes";
      if (!ids_.insert(cid).second) return field + "duplicate '" + cid + "'";
    }
    return "";
  }

  std::istream* in_;
  const std::string path_;
  std::unordered_set<std::string> ids_;
  uint64_t line_no_ = 0;
};

// Step 2. kShards writers, each with its own database under `tmp_dir`, merged by the
// compaction after: the Xapian writer is the slowest stage, and one per shard keeps every
// core busy. A fixed count (not one per core) keeps docids the same on every machine and
// with any number of analysis threads. No termlist table: nothing reads a document's terms
// back (the searcher uses postings, values and data), a new generation never replaces or
// deletes a document, and the table is a tenth of the writer's work and a quarter of the
// index. Every thread is joined on every path.
Status write_shards(const BuildOptions& options, const Analyzer& analyzer, Inputs* in,
                    const fs::path& tmp_dir, std::vector<Xapian::WritableDatabase>* shards,
                    Progress* progress, BuildStats* stats) {
  fs::create_directories(tmp_dir);
  for (unsigned i = 0; i < kShards; ++i)
    shards->emplace_back((tmp_dir / ("shard-" + std::to_string(i))).string(),
                         Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_TERMLIST);
  const DocumentContext ctx{in->analyzer.get(), &in->synonyms, &in->areas};
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  Pipeline pipeline(ctx, threads, kShards);
  std::atomic<uint64_t> written{0};
  // Each shard's writer buffers up to this many documents before it commits.
  const uint64_t commit_every = std::max<uint64_t>(1, options.commit_every / kShards);
  std::vector<ShardWriter> writers;
  for (unsigned i = 0; i < kShards; ++i)
    writers.emplace_back(&(*shards)[i], &pipeline, i, commit_every, &written);
  std::vector<std::thread> writer_threads;
  uint64_t seq = 0;
  // On every way out the writers are joined; on an early one the input is cut short first
  // (after a normal end, below, they have been joined already).
  struct Stop {
    Pipeline* pipeline;
    ThreadJoiner joiner;
    ~Stop() {
      pipeline->abort();
      joiner.join();
    }
  } stop{&pipeline, ThreadJoiner(&writer_threads)};
  for (ShardWriter& w : writers) writer_threads.emplace_back([&w] { w.run(); });

  PostReader reader(&in->archive, options.archive_path);
  BuildProgress report;
  report.bytes_total = in->archive_bytes;
  Batch batch;
  Post post;
  while (reader.next(&post, &report, stats)) {
    batch.posts.push_back(std::move(post));
    if (batch.posts.size() == kBatchPosts) {
      batch.seq = seq++;
      pipeline.push(std::move(batch));
      batch = Batch();
    }
    report.documents = written;
    if (Status s = progress->maybe_report(report); !s.is_ok()) return s;
  }
  if (!batch.posts.empty()) {
    batch.seq = seq++;
    pipeline.push(std::move(batch));
  }
  pipeline.close(seq);
  stop.joiner.join();
  if (in->archive.bad()) return Status::io_error(options.archive_path + ": read failed");
  for (const ShardWriter& w : writers) {
    if (!w.status().is_ok()) return w.status();
    stats->posts += w.stats().posts;
    stats->comments += w.stats().comments;
    stats->text_bytes += w.stats().text_bytes;
  }
  (*shards)[0].set_metadata(schema::kMetaSynonyms, in->synonyms_text);
  (*shards)[0].set_metadata(schema::kMetaFocusAreas, in->areas_text);
  (*shards)[0].set_metadata(schema::kMetaLexicon, in->lexicon->serialize());
  for (Xapian::WritableDatabase& db : *shards) db.commit();
  return Status::ok();
}

// Step 3a. Compaction gives readers a smaller, faster index. It writes to a scratch name,
// so a directory under a generation's name is always complete.
void compact(std::vector<Xapian::WritableDatabase>* shards, const fs::path& compact_dir,
             const fs::path& gen_dir, BuildStats* stats) {
  Xapian::Database all;
  for (Xapian::WritableDatabase& db : *shards) all.add_database(db);
  all.compact(compact_dir.string());
  for (Xapian::WritableDatabase& db : *shards) db.close();
  fs::rename(compact_dir, gen_dir);
  Xapian::Database reader(gen_dir.string());
  uint64_t terms = 0;
  for (auto t = reader.allterms_begin(); t != reader.allterms_end(); ++t) ++terms;
  stats->terms = terms;
}

// Everything but the catching of exceptions: build_index().
Result<BuildStats> build_steps(const BuildOptions& options, const Analyzer& analyzer) {
  Progress progress(options, Clock::now());
  Inputs in;
  if (Status s = load_inputs(options, analyzer, &in); !s.is_ok()) return s;

  auto lock = BuildLock::acquire(options.index_dir);
  if (!lock.is_ok()) return lock.status();
  // A left-over that cannot be removed (permissions, an immutable file) would fail
  // this build later with a less helpful message, or pile up unnoticed.
  if (Status s = remove_stale_generations(options.index_dir).status(); !s.is_ok()) return s;

  BuildStats stats;
  stats.generation = next_generation(options.index_dir);
  const fs::path gen_dir = fs::path(options.index_dir) / stats.generation;
  const fs::path tmp_dir = fs::path(options.index_dir) / (stats.generation + ".tmp");
  const fs::path compact_dir = fs::path(options.index_dir) / (stats.generation + ".compact.tmp");
  // Whatever happens below, the build's scratch directories go (a build killed before this
  // runs leaves them to the next build's remove_stale_generations), and so does the new
  // generation unless it became live.
  struct Cleanup {
    std::vector<fs::path> dirs;
    ~Cleanup() {
      std::error_code ec;
      for (const fs::path& d : dirs) fs::remove_all(d, ec);
    }
  } cleanup{{tmp_dir, compact_dir, gen_dir}};

  {
    std::vector<Xapian::WritableDatabase> shards;
    if (Status s = write_shards(options, analyzer, &in, tmp_dir, &shards, &progress, &stats);
        !s.is_ok())
      return s;
    BuildProgress p;
    p.phase = "compact";
    p.documents = stats.posts + stats.comments;
    p.bytes_read = p.bytes_total = in.archive_bytes;
    if (Status s = progress.report(p); !s.is_ok()) return s;
    compact(&shards, compact_dir, gen_dir, &stats);
  }
  {
    std::error_code ec;
    fs::remove_all(tmp_dir, ec);
  }

  // Step 3b: the switch.
  BuildProgress p;
  p.phase = "switch";
  p.documents = stats.posts + stats.comments;
  if (Status s = progress.report(p); !s.is_ok()) return s;
  const Status switched = switch_generation(options.index_dir, stats.generation);
  // A failed sync after the rename leaves the new generation live: keep its files.
  const auto live = live_generation(options.index_dir);
  if (live.is_ok() && live.value() == stats.generation) cleanup.dirs.pop_back();
  if (!switched.is_ok()) return switched;
  const StaleCleanup stale = remove_stale_generations(options.index_dir);
  stats.cleanup_errors = stale.failed;
  stats.index_bytes = directory_bytes(gen_dir);
  stats.seconds = progress.seconds();
  return stats;
}

}  // namespace

Result<BuildStats> build_index(const BuildOptions& options, const Analyzer& analyzer) {
  // status.h promises no exception: whatever a step throws becomes a Status here, after
  // the steps' own destructors joined their threads and removed their scratch files.
  try {
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
