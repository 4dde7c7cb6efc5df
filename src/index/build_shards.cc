#include "index/build_shards.h"

#include <algorithm>
#include <atomic>
#include <istream>
#include <thread>
#include <unordered_set>

#include "fss/archive.h"
#include "fss/schema.h"
#include "index/build_pipeline.h"

namespace fss {
namespace {

// Posts handed to a worker at a time: big enough to amortise the queue, small enough
// that the writer never waits long for the batch it needs next.
constexpr size_t kBatchPosts = 64;
// Q<id> is a Xapian term (245 bytes at most), and ids are not hashed: the searcher finds
// a post by its id term. A longer id is a bad archive line.
constexpr size_t kMaxIdBytes = 240;

// One Xapian writer: takes its batches (or parts of batches: Routing) from the pipeline,
// in sequence, until the input ends. Runs on its own thread; never throws. After a failure it
// drains its batches, so the reader never waits on it.
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
      // A spelling-only writer (Routing) commits as often as a document writer would.
      since_commit += batch.spelled_documents;
      if (batch.spelled_documents > 0 && since_commit >= commit_every_) {
        db_->commit();
        since_commit = 0;
      }
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

// Hands the archive's good posts to the pipeline in batches of kBatchPosts, then closes
// its input; reports progress on the way. Errors: the progress callback's.
Status feed(const BuildOptions& options, Inputs* in, Pipeline* pipeline,
            const std::atomic<uint64_t>& written, Progress* progress, BuildStats* stats) {
  PostReader reader(&in->archive, options.archive_path);
  BuildProgress report;
  report.bytes_total = in->archive_bytes;
  uint64_t seq = 0;
  Batch batch;
  Post post;
  while (reader.next(&post, &report, stats)) {
    batch.posts.push_back(std::move(post));
    if (batch.posts.size() == kBatchPosts) {
      batch.seq = seq++;
      pipeline->push(std::move(batch));
      batch = Batch();
    }
    report.documents = written;
    if (Status s = progress->maybe_report(report); !s.is_ok()) return s;
  }
  if (!batch.posts.empty()) {
    batch.seq = seq++;
    pipeline->push(std::move(batch));
  }
  pipeline->close(seq);
  return Status::ok();
}

// The databases of write_shards(), created empty in `tmp_dir`.
void create_databases(const std::string& tmp_dir, unsigned shards,
                      std::vector<Xapian::WritableDatabase>* dbs) {
  // Unsharded: no termlist table. Nothing reads a document's terms back (the searcher uses
  // postings, values and data), a new generation never replaces or deletes a document,
  // and the table is a tenth of the writer's work and a quarter of the index. A shard
  // needs one: xapian-tcpsrv reads a document's value slots from it.
  const int flags = shards > 1 ? Xapian::DB_CREATE_OR_OVERWRITE
                               : Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_TERMLIST;
  const unsigned count = shards > 1 ? shards + 1 : kShards;
  for (unsigned i = 0; i < count; ++i)
    dbs->emplace_back(tmp_dir + "/shard-" + std::to_string(i), flags);
}

// The generation's metadata, in the database the home alone gets it from.
void set_metadata(const Inputs& in, unsigned shards, Xapian::WritableDatabase* db) {
  db->set_metadata(schema::kMetaSynonyms, in.synonyms_text);
  db->set_metadata(schema::kMetaFocusAreas, in.areas_text);
  db->set_metadata(schema::kMetaLexicon, in.lexicon->serialize());
  if (shards > 1) db->set_metadata(schema::kMetaShards, std::to_string(shards));
}

}  // namespace

// Unsharded, kShards writers: the Xapian writer is the slowest stage, and one per shard
// keeps every core busy. A fixed count (not one per core) keeps docids the same on every
// machine and with any number of analysis threads. Sharded, one writer per shard (and one
// for the spelling words). Every thread is joined on every path.
Status write_shards(const BuildOptions& options, Inputs* in, const std::string& tmp_dir,
                    std::vector<Xapian::WritableDatabase>* shards, Progress* progress,
                    BuildStats* stats) {
  if (Status s = options.env->create_dirs(tmp_dir); !s.is_ok()) return s;
  const unsigned n = options.shards;
  create_databases(tmp_dir, n, shards);
  const Routing routing{static_cast<unsigned>(shards->size()), n > 1 ? n : 0};
  const DocumentContext ctx{in->analyzer.get(), &in->synonyms, &in->areas};
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;
  Pipeline pipeline(ctx, threads, routing);
  std::atomic<uint64_t> written{0};
  // Each document writer buffers up to this many documents before it commits.
  const unsigned doc_writers = n > 1 ? n : kShards;
  const uint64_t commit_every = std::max<uint64_t>(1, options.commit_every / doc_writers);
  std::vector<ShardWriter> writers;
  for (unsigned i = 0; i < routing.writers; ++i)
    writers.emplace_back(&(*shards)[i], &pipeline, i, commit_every, &written);
  std::vector<std::thread> writer_threads;
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

  if (Status s = feed(options, in, &pipeline, written, progress, stats); !s.is_ok()) return s;
  stop.joiner.join();
  if (in->archive.bad()) return Status::io_error(options.archive_path + ": read failed");
  for (const ShardWriter& w : writers) {
    if (!w.status().is_ok()) return w.status();
    stats->posts += w.stats().posts;
    stats->comments += w.stats().comments;
    stats->text_bytes += w.stats().text_bytes;
  }
  if (n > 1) {
    stats->shards = n;
    for (unsigned i = 0; i < n; ++i)
      stats->shard_documents.push_back(writers[i].stats().posts + writers[i].stats().comments);
  }
  set_metadata(*in, n, n > 1 ? &shards->back() : &(*shards)[0]);
  for (Xapian::WritableDatabase& db : *shards) db.commit();
  return Status::ok();
}

}  // namespace fss
