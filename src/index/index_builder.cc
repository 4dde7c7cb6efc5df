#include "fss/index_builder.h"

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "document_builder.h"
#include "file.h"
#include "fss/corpus_lexicon.h"
#include "fss/focus_areas.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "fss/synonyms.h"

namespace fss {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// Posts handed to a worker at a time: big enough to amortise the queue, small enough
// that the writer never waits long for the batch it needs next.
constexpr size_t kBatchPosts = 64;
// Batches in flight (read, being analysed, or waiting to be written): bounds memory.
constexpr size_t kMaxInFlight = 16;
// Xapian writers (and databases merged by compaction at the end): see build_index().
constexpr unsigned kShards = 2;
// Q<id> is a Xapian term (245 bytes at most), and ids are not hashed: the searcher finds
// a post by its id term. A longer id is a bad archive line.
constexpr size_t kMaxIdBytes = 240;

struct Batch {
  uint64_t seq = 0;
  std::vector<Post> posts;
  std::vector<BuiltDocument> docs;
  // The batch's spelling words with their counts: one add_spelling() per distinct word
  // instead of one per occurrence (the writer thread is the build's slowest stage).
  std::unordered_map<std::string, Xapian::termcount> spellings;
  Status status;
};

// Reader -> workers -> writer, in order. The reader (the calling thread) fills batches,
// workers analyse them in any order, the writer takes them back in sequence so docids
// come out the same in every build of the same archive.
class Pipeline {
 public:
  Pipeline(const DocumentContext& ctx, unsigned threads, unsigned shards)
      : ctx_(ctx), next_seq_(shards) {
    for (unsigned i = 0; i < shards; ++i) next_seq_[i] = i;
    for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  ~Pipeline() { finish(); }

  void push(Batch batch) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return in_flight_ < kMaxInFlight; });
    ++in_flight_;
    todo_.push_back(std::move(batch));
    work_ready_.notify_one();
  }

  // The next batch of `shard` (batches seq % shards == shard, in sequence), or false when
  // the input is done and all of the shard's were taken.
  bool next(unsigned shard, Batch* out) {
    std::unique_lock<std::mutex> lock(mu_);
    done_ready_.wait(lock, [&] {
      return done_.count(next_seq_[shard]) || (closed_ && next_seq_[shard] >= pushed_total_);
    });
    auto it = done_.find(next_seq_[shard]);
    if (it == done_.end()) return false;
    *out = std::move(it->second);
    done_.erase(it);
    next_seq_[shard] += next_seq_.size();
    --in_flight_;
    space_.notify_one();
    return true;
  }

  void close(uint64_t total) {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    pushed_total_ = total;
    work_ready_.notify_all();
    done_ready_.notify_all();
  }

  void finish() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
      stop_ = true;
      work_ready_.notify_all();
    }
    for (auto& t : workers_)
      if (t.joinable()) t.join();
  }

 private:
  void work() {
    for (;;) {
      Batch batch;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_ready_.wait(lock, [&] { return !todo_.empty() || closed_ || stop_; });
        if (todo_.empty()) return;
        batch = std::move(todo_.front());
        todo_.pop_front();
      }
      for (const Post& p : batch.posts) {
        batch.status = build_post_documents(p, ctx_, &batch.docs);
        if (!batch.status.is_ok()) break;
      }
      batch.posts.clear();
      for (BuiltDocument& d : batch.docs) {
        for (std::string& w : d.spellings) ++batch.spellings[std::move(w)];
        d.spellings = {};
      }
      std::lock_guard<std::mutex> lock(mu_);
      done_[batch.seq] = std::move(batch);
      done_ready_.notify_all();
    }
  }

  const DocumentContext& ctx_;
  std::mutex mu_;
  std::condition_variable work_ready_, done_ready_, space_;
  std::deque<Batch> todo_;
  std::map<uint64_t, Batch> done_;
  std::vector<uint64_t> next_seq_;  // per writer shard
  uint64_t pushed_total_ = 0;
  size_t in_flight_ = 0;
  bool closed_ = false, stop_ = false;
  std::vector<std::thread> workers_;
};

uint64_t directory_bytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  return total;
}

// The second lexicon (corpus_lexicon.h): the words of every post's title and body and of
// every comment, counted before any document is built, so that every document is split
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
    counter.add_text(post->title);
    counter.add_text(post->body);
    for (const Comment& c : post->comments) counter.add_text(c.body);
  }
  if (in.bad()) return Status::io_error(path + ": read failed");
  return CorpusLexicon::from_counter(counter);
}

std::string beside(const std::string& archive, const char* name) {
  return (fs::path(archive).parent_path() / name).string();
}

}  // namespace

Result<BuildStats> build_index(const BuildOptions& options, const Analyzer& analyzer) {
  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

  // Everything the build reads is checked before anything is written.
  std::ifstream in(options.archive_path, std::ios::binary);
  if (!in) return Status::not_found(options.archive_path + ": cannot open archive");
  std::error_code size_error;
  const uint64_t archive_bytes = fs::file_size(options.archive_path, size_error);
  if (size_error) return Status::io_error(options.archive_path + ": " + size_error.message());

  // Synonyms and focus areas are optional beside the archive, required when named.
  std::string synonyms_text, areas_text;
  Synonyms synonyms;
  FocusAreas areas;
  const std::string syn_path = options.synonyms_path.empty()
                                   ? beside(options.archive_path, "synonyms.txt")
                                   : options.synonyms_path;
  if (!options.synonyms_path.empty() || fs::exists(syn_path)) {
    Result<std::string> text = read_file(syn_path);
    if (!text.is_ok()) return text.status();
    synonyms_text = std::move(text.value());
    auto parsed = Synonyms::parse(synonyms_text, analyzer, syn_path);
    if (!parsed.is_ok()) return parsed.status();
    synonyms = std::move(parsed.value());
  }
  const std::string area_path = options.focus_areas_path.empty()
                                    ? beside(options.archive_path, "focus-areas.json")
                                    : options.focus_areas_path;
  if (!options.focus_areas_path.empty() || fs::exists(area_path)) {
    Result<std::string> text = read_file(area_path);
    if (!text.is_ok()) return text.status();
    areas_text = std::move(text.value());
    auto parsed = FocusAreas::parse(areas_text, analyzer, area_path);
    if (!parsed.is_ok()) return parsed.status();
    areas = std::move(parsed.value());
  }

  auto lock = BuildLock::acquire(options.index_dir);
  if (!lock.is_ok()) return lock.status();
  remove_stale_generations(options.index_dir);

  BuildStats stats;
  stats.generation = next_generation(options.index_dir);
  const fs::path gen_dir = fs::path(options.index_dir) / stats.generation;
  const fs::path tmp_dir = fs::path(options.index_dir) / (stats.generation + ".tmp");
  const fs::path compact_dir = fs::path(options.index_dir) / (stats.generation + ".compact.tmp");
  // Whatever happens below, the build's scratch directories go (a build killed before this
  // runs leaves them to the next build's remove_stale_generations).
  struct Cleanup {
    std::vector<fs::path> dirs;
    ~Cleanup() {
      std::error_code ec;
      for (const fs::path& d : dirs) fs::remove_all(d, ec);
    }
  } cleanup{{tmp_dir, compact_dir}};

  // Documents are analysed with the archive's vocabulary as the second lexicon, and the
  // generation keeps it (kMetaLexicon) for its searchers.
  auto lexicon = count_archive(options.archive_path, analyzer);
  if (!lexicon.is_ok()) return lexicon.status();
  const std::unique_ptr<Analyzer> generation_analyzer = analyzer.with_lexicon(lexicon.value());
  const DocumentContext ctx{generation_analyzer.get(), &synonyms, &areas};
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  if (threads == 0) threads = 1;

  try {
    // kShards writers, each with its own database under the scratch directory, merged by
    // the compaction below: the Xapian writer is the slowest stage, and one per shard
    // keeps every core busy. A fixed count (not one per core) keeps docids the same on
    // every machine and with any number of analysis threads. No termlist table: nothing
    // reads a document's terms back (the searcher uses postings, values and data), a new
    // generation never replaces or deletes a document, and the table is a tenth of the
    // writer's work and a quarter of the index.
    fs::create_directories(tmp_dir);
    std::vector<Xapian::WritableDatabase> shards;
    for (unsigned i = 0; i < kShards; ++i)
      shards.emplace_back((tmp_dir / ("shard-" + std::to_string(i))).string(),
                          Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_TERMLIST);
    Pipeline pipeline(ctx, threads, kShards);
    std::mutex status_mu;
    Status write_status;
    BuildProgress progress;
    std::atomic<uint64_t> documents_written{0};
    auto last_report = Clock::now();
    std::vector<BuildStats> shard_stats(kShards);
    // Each shard's writer buffers up to this many documents before it commits.
    const uint64_t commit_every = std::max<uint64_t>(1, options.commit_every / kShards);

    // Writers run on their own threads so reading and parsing overlap with writing.
    const auto write_shard = [&](unsigned shard) {
      Xapian::WritableDatabase& db = shards[shard];
      BuildStats& st = shard_stats[shard];
      const auto fail = [&](Status s) {
        std::lock_guard<std::mutex> lock(status_mu);
        if (write_status.is_ok()) write_status = std::move(s);
      };
      Batch batch;
      uint64_t since_commit = 0;
      try {
        while (pipeline.next(shard, &batch)) {
          if (!batch.status.is_ok()) fail(batch.status);
          for (BuiltDocument& d : batch.docs) {
            // By its unique id term. (Without a termlist table Xapian could not replace a
            // document that exists; none does: the reader above refuses a repeated id.)
            db.replace_document(d.id_term, d.doc);
            st.text_bytes += d.text_bytes;
            ++(d.comment ? st.comments : st.posts);
            if (++since_commit >= commit_every) {
              db.commit();
              since_commit = 0;
            }
          }
          for (const auto& [word, count] : batch.spellings) db.add_spelling(word, count);
          documents_written += batch.docs.size();
        }
      } catch (const Xapian::Error& e) {
        fail(Status::internal("xapian: " + e.get_description()));
        while (pipeline.next(shard, &batch)) {
        }
      } catch (const std::exception& e) {
        fail(Status::internal(std::string("writer: ") + e.what()));
        while (pipeline.next(shard, &batch)) {
        }
      }
    };
    std::vector<std::thread> writers;
    for (unsigned i = 0; i < kShards; ++i) writers.emplace_back(write_shard, i);

    std::unordered_set<std::string> ids;
    std::string line;
    uint64_t line_no = 0, seq = 0;
    Batch batch;
    while (std::getline(in, line)) {
      ++line_no;
      progress.bytes_read += line.size() + 1;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      auto parsed = parse_post_line(line);
      std::string error;
      if (!parsed.is_ok()) {
        error = parsed.status().message();
      } else if (parsed->id.size() > kMaxIdBytes) {
        error = "id: longer than " + std::to_string(kMaxIdBytes) + " bytes";
      } else if (!ids.insert(parsed->id).second) {
        error = "id: duplicate '" + parsed->id + "'";
      } else {
        for (size_t i = 0; i < parsed->comments.size() && error.empty(); ++i) {
          const std::string& cid = parsed->comments[i].id;
          // 1-based, as parse_post_line() numbers comments (c1 is comments[1]).
          const std::string field = "comments[" + std::to_string(i + 1) + "].id: ";
          if (cid.size() > kMaxIdBytes)
            error = field + "longer than " + std::to_string(kMaxIdBytes) + " bytes";
          else if (!ids.insert(cid).second)
            error = field + "duplicate '" + cid + "'";
        }
      }
      if (!error.empty()) {
        stats.archive_errors.push_back({options.archive_path, static_cast<int>(line_no), error});
        continue;
      }
      batch.posts.push_back(std::move(parsed.value()));
      if (batch.posts.size() == kBatchPosts) {
        batch.seq = seq++;
        pipeline.push(std::move(batch));
        batch = Batch();
      }
      if (options.on_progress && Clock::now() - last_report > std::chrono::milliseconds(250)) {
        last_report = Clock::now();
        progress.documents = documents_written;
        progress.bytes_total = archive_bytes;
        progress.seconds = elapsed();
        options.on_progress(progress);
      }
    }
    if (!batch.posts.empty()) {
      batch.seq = seq++;
      pipeline.push(std::move(batch));
    }
    pipeline.close(seq);
    for (std::thread& w : writers) w.join();
    pipeline.finish();
    if (in.bad()) return Status::io_error(options.archive_path + ": read failed");
    if (!write_status.is_ok()) return write_status;
    for (const BuildStats& st : shard_stats) {
      stats.posts += st.posts;
      stats.comments += st.comments;
      stats.text_bytes += st.text_bytes;
    }
    shards[0].set_metadata(schema::kMetaSynonyms, synonyms_text);
    shards[0].set_metadata(schema::kMetaFocusAreas, areas_text);
    shards[0].set_metadata(schema::kMetaLexicon, lexicon.value()->serialize());
    for (Xapian::WritableDatabase& db : shards) db.commit();
    progress.documents = documents_written;

    if (options.on_progress) {
      progress.phase = "compact";
      progress.bytes_total = archive_bytes;
      progress.seconds = elapsed();
      options.on_progress(progress);
    }
    // Compaction gives readers a smaller, faster index. It writes to a scratch name, so a
    // directory under a generation's name is always complete.
    Xapian::Database all;
    for (Xapian::WritableDatabase& db : shards) all.add_database(db);
    all.compact(compact_dir.string());
    for (Xapian::WritableDatabase& db : shards) db.close();
    fs::rename(compact_dir, gen_dir);
    {
      Xapian::Database reader(gen_dir.string());
      uint64_t terms = 0;
      for (auto t = reader.allterms_begin(); t != reader.allterms_end(); ++t) ++terms;
      stats.terms = terms;
    }
  } catch (const Xapian::Error& e) {
    std::error_code ec;
    fs::remove_all(gen_dir, ec);
    return Status::internal("xapian: " + e.get_description());
  } catch (const fs::filesystem_error& e) {
    std::error_code ec;
    fs::remove_all(gen_dir, ec);
    return Status::io_error(e.what());
  }
  {
    std::error_code ec;
    fs::remove_all(tmp_dir, ec);
  }

  if (options.on_progress) {
    BuildProgress p;
    p.phase = "switch";
    p.documents = stats.posts + stats.comments;
    p.seconds = elapsed();
    options.on_progress(p);
  }
  if (Status s = switch_generation(options.index_dir, stats.generation); !s.is_ok()) return s;
  remove_stale_generations(options.index_dir);
  stats.index_bytes = directory_bytes(gen_dir);
  stats.seconds = elapsed();
  return stats;
}

}  // namespace fss
