// build_index(): idempotent rebuilds, the whole archive in the index, no e-mail address
// anywhere, bad archive lines, failed and interrupted builds leaving the live generation
// serving, one build at a time, a reader during switches, threads and commit intervals.
#include "fss/index_builder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::fingerprint;
using testing_util::generated_posts;
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::Undeletable;
using testing_util::write_file;

constexpr const char* kCorpus = FSS_SOURCE_DIR "/corpus/archive.jsonl";

std::set<std::string> listing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

std::string set_string(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += x + " ";
  return out;
}

class IndexBuilderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Analyzer::create();
    ASSERT_TRUE(created.is_ok()) << created.status().to_string();
    analyzer_ = std::move(created.value());
  }
  static void TearDownTestSuite() { analyzer_.reset(); }

  static BuildOptions options(const std::string& archive, const std::string& index) {
    BuildOptions o;
    o.archive_path = archive;
    o.index_dir = index;
    return o;
  }
  static BuildStats build_ok(const BuildOptions& o) {
    auto stats = build_index(o, *analyzer_);
    EXPECT_TRUE(stats.is_ok()) << o.archive_path << " -> " << o.index_dir << ": "
                               << stats.status().to_string();
    return stats.is_ok() ? stats.value() : BuildStats();
  }
  static std::unique_ptr<Analyzer> analyzer_;
};
std::unique_ptr<Analyzer> IndexBuilderTest::analyzer_;

TEST_F(IndexBuilderTest, CorpusOneDocumentPerPostAndComment) {
  TempDir dir;
  const BuildStats stats = build_ok(options(kCorpus, dir / "index"));
  EXPECT_EQ(stats.posts, 10u);
  EXPECT_EQ(stats.comments, 2u);
  EXPECT_EQ(stats.generation, "gen-000001");
  EXPECT_TRUE(stats.archive_errors.empty());
  EXPECT_GT(stats.index_bytes, 0u);
  EXPECT_GT(stats.text_bytes, 0u);
  Xapian::Database db(dir / "index");  // through the stub
  EXPECT_EQ(db.get_doccount(), 12u);
  uint64_t terms = 0;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) ++terms;
  EXPECT_EQ(stats.terms, terms);
  EXPECT_EQ(db.get_termfreq("XTYPEpost"), 10u);
  EXPECT_EQ(db.get_termfreq("XTYPEcomment"), 2u);
  auto archive = read_archive(kCorpus);
  ASSERT_TRUE(archive.is_ok());
  for (const Post& p : archive->posts) {
    EXPECT_EQ(db.get_termfreq("Q" + p.id), 1u) << p.id;
    for (const Comment& c : p.comments) {
      EXPECT_EQ(db.get_termfreq("Q" + c.id), 1u) << c.id;
      EXPECT_EQ(db.get_termfreq(schema::boolean_term(schema::kParent, p.id)), p.comments.size())
          << p.id;
    }
  }
  // The searcher applies what the indexer applied.
  EXPECT_EQ(db.get_metadata(schema::kMetaSynonyms),
            read_file(FSS_SOURCE_DIR "/corpus/synonyms.txt"));
  EXPECT_EQ(db.get_metadata(schema::kMetaFocusAreas),
            read_file(FSS_SOURCE_DIR "/corpus/focus-areas.json"));
  // Spelling data from the archive's words.
  bool spelled = false;
  for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s)
    spelled |= *s == "socialtjänsten";
  EXPECT_TRUE(spelled);
  EXPECT_EQ(db.get_spelling_suggestion("socialtjänstn"), "socialtjänsten");
  // Synonyms: every post mentioning FSS or its long form has the group term.
  EXPECT_GE(db.get_termfreq("XSYNfss"), 9u);
  EXPECT_GE(db.get_termfreq("XSYNesn"), 1u);  // ESN and Europeiska socialchefsnätverkets
}

TEST_F(IndexBuilderTest, RebuildIsIdempotent) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  build_ok(options(kCorpus, index));
  EXPECT_EQ(live_generation(index).value(), "gen-000002");
  const Xapian::Database first(index + "/gen-000001"), second(index + "/gen-000002");
  EXPECT_EQ(first.get_doccount(), second.get_doccount());
  EXPECT_EQ(first.get_lastdocid(), second.get_lastdocid());
  EXPECT_EQ(fingerprint(first), fingerprint(second));  // docids, terms, data, values
  for (Xapian::docid id = 1; id <= first.get_lastdocid(); ++id)
    EXPECT_EQ(first.get_document(id).get_value(schema::kSlotId),
              second.get_document(id).get_value(schema::kSlotId))
        << id;
}

TEST_F(IndexBuilderTest, ThreadsAndCommitIntervalDoNotChangeTheIndex) {
  TempDir dir;
  ASSERT_TRUE(write_file(dir / "archive.jsonl", archive_text(generated_posts(300))));
  struct Case {
    unsigned threads;
    uint64_t commit_every;
  };
  // commit_every 7 commits (and fsyncs) about 70 times: small enough to cross batches.
  const Case cases[] = {{1, 20000}, {2, 20000}, {2, 7}, {3, 100}};
  std::vector<std::string> reference;
  for (const Case& c : cases) {
    BuildOptions o = options(dir / "archive.jsonl", dir / ("index-" + std::to_string(c.threads) +
                                                           "-" + std::to_string(c.commit_every)));
    o.threads = c.threads;
    o.commit_every = c.commit_every;
    const BuildStats stats = build_ok(o);
    EXPECT_EQ(stats.posts, 300u) << c.threads << "/" << c.commit_every;
    EXPECT_EQ(stats.comments, 200u) << c.threads << "/" << c.commit_every;
    const auto f = fingerprint(Xapian::Database(o.index_dir));
    EXPECT_EQ(f.size(), 500u);
    if (reference.empty()) reference = f;
    EXPECT_TRUE(f == reference) << "threads " << c.threads << ", commit_every " << c.commit_every;
  }
}

TEST_F(IndexBuilderTest, NoEmailAddressAnywhere) {
  TempDir dir;
  std::vector<Post> posts =
      generated_posts(30, " Svara på anna.svensson@example.com eller Bo.B@Foo.SE.");
  posts[1].body += "\n\nKontakta kansliet på info@socialchefer.se.";  // published by FSS
  posts[2].author = "Kalle Kula kalle@example.org";
  std::string text = archive_text(posts);
  // A comment author that is an address: the reader rejects the line.
  Post bad = generated_posts(1).front();
  bad.id = "bad-author";
  bad.comments = {{"bad-author-c1", "lisa@example.net", std::nullopt, "Hej"}};
  text += post_to_json_line(bad) + "\n";
  ASSERT_TRUE(write_file(dir / "archive.jsonl", text));
  const BuildStats stats = build_ok(options(dir / "archive.jsonl", dir / "index"));
  ASSERT_EQ(stats.archive_errors.size(), 1u);
  EXPECT_EQ(stats.archive_errors[0].line, 31);
  EXPECT_NE(stats.archive_errors[0].message.find("comments[1].author"), std::string::npos)
      << stats.archive_errors[0].to_string();

  const Xapian::Database db(dir / "index");
  const char* planted[] = {"anna.svensson", "bo.b", "kalle@", "lisa@", "example"};
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    EXPECT_EQ((*t).find('@'), std::string::npos) << *t;
    for (const char* p : planted) EXPECT_EQ((*t).find(p), std::string::npos) << *t;
  }
  for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s)
    EXPECT_EQ((*s).find('@'), std::string::npos) << *s;
  int info_posts = 0;
  for (Xapian::docid id = 1; id <= db.get_lastdocid(); ++id) {
    const Xapian::Document doc = db.get_document(id);
    for (const auto& [slot, v] : testing_util::document_values(doc))
      EXPECT_EQ(v.find('@'), std::string::npos) << id << " slot " << slot << ": " << v;
    std::string data = doc.get_data();
    for (const char* p : planted) EXPECT_EQ(data.find(p), std::string::npos) << id << ": " << p;
    // The only address left: the one FSS published in its posts' text (the corpus posts
    // the generated ones are cut from have it too).
    if (data.find("info@socialchefer.se") != std::string::npos) {
      ++info_posts;
      EXPECT_EQ(doc.get_value(schema::kSlotType), "post");
      const size_t at = data.find("info@socialchefer.se");
      data.erase(at, std::string("info@socialchefer.se").size());
    }
    EXPECT_EQ(data.find('@'), std::string::npos) << id << ": " << data;
  }
  EXPECT_GE(info_posts, 1);
  EXPECT_EQ(db.get_termfreq("socialchefer.se"), 0u);
}

TEST_F(IndexBuilderTest, BadArchiveLinesAreReportedAndTheRestBuilt) {
  TempDir dir;
  std::vector<Post> posts = generated_posts(5);
  std::vector<std::string> lines;
  for (const Post& p : posts) lines.push_back(post_to_json_line(p));
  Post dup_comment = generated_posts(1).front();
  dup_comment.id = "dup-comment";
  dup_comment.comments = {{"gen-post-1", "X", std::nullopt, "a"}};
  Post long_id = generated_posts(1).front();
  long_id.id = std::string(241, 'a');
  long_id.comments.clear();
  struct Bad {
    std::string line;
    std::string message;  // a substring
  };
  const Bad bad[] = {
      {"{not json", ""},
      {R"({"id": "x1", "date": null, "body": "b", "source": "s", "comments": []})", "title"},
      {R"({"id": "x2", "title": "T", "date": "2023-13-01", "body": "b", "source": "s", "comments": []})",
       "date"},
      {lines[0], "id: duplicate 'gen-post-0'"},
      {post_to_json_line(dup_comment), "comments[1].id: duplicate 'gen-post-1'"},
      {post_to_json_line(long_id), "id: longer than 240 bytes"},
  };
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  text += "\n   \n";  // blank lines are not errors
  for (const Bad& b : bad) text += b.line + "\n";
  ASSERT_TRUE(write_file(dir / "archive.jsonl", text));
  const BuildStats stats = build_ok(options(dir / "archive.jsonl", dir / "index"));
  EXPECT_EQ(stats.posts, 5u);
  ASSERT_EQ(stats.archive_errors.size(), std::size(bad));
  for (size_t i = 0; i < std::size(bad); ++i) {
    const ArchiveError& e = stats.archive_errors[i];
    EXPECT_EQ(e.file, dir / "archive.jsonl");
    EXPECT_EQ(e.line, static_cast<int>(lines.size() + 3 + i)) << e.to_string();
    EXPECT_NE(e.message.find(bad[i].message), std::string::npos)
        << bad[i].line.substr(0, 80) << "\n got: " << e.to_string();
    EXPECT_EQ(e.to_string().rfind(e.file + ":" + std::to_string(e.line) + ": ", 0), 0u)
        << e.to_string();
  }
  EXPECT_EQ(Xapian::Database(dir / "index").get_doccount(), 5u + 4u);
}

TEST_F(IndexBuilderTest, FailedBuildLeavesTheLiveGenerationServing) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  const auto before = listing(index);
  ASSERT_TRUE(write_file(dir / "bad-synonyms.txt", "af = Arbetsförmedlingen\nSoL\n"));
  ASSERT_TRUE(write_file(dir / "bad-areas.json", R"({"areas": [{"id": "x"}]})"));
  struct Case {
    std::string what;
    BuildOptions options;
    StatusCode code;
    std::string message;
  };
  std::vector<Case> cases;
  {
    BuildOptions o = options(kCorpus, index);
    o.synonyms_path = dir / "bad-synonyms.txt";
    cases.push_back(
        {"bad synonyms", o, StatusCode::kInvalidArgument, dir / "bad-synonyms.txt:2: "});
  }
  {
    BuildOptions o = options(kCorpus, index);
    o.focus_areas_path = dir / "bad-areas.json";
    cases.push_back({"bad areas", o, StatusCode::kInvalidArgument, "areas[0].name"});
  }
  {
    BuildOptions o = options(kCorpus, index);
    o.synonyms_path = dir / "missing.txt";
    cases.push_back({"missing synonyms", o, StatusCode::kNotFound, dir / "missing.txt"});
  }
  cases.push_back({"missing archive", options(dir / "missing.jsonl", index), StatusCode::kNotFound,
                   dir / "missing.jsonl"});
  for (const Case& c : cases) {
    auto stats = build_index(c.options, *analyzer_);
    ASSERT_FALSE(stats.is_ok()) << c.what;
    EXPECT_EQ(stats.status().code(), c.code) << c.what << ": " << stats.status().to_string();
    EXPECT_NE(stats.status().message().find(c.message), std::string::npos)
        << c.what << ": " << stats.status().to_string();
    EXPECT_EQ(live_generation(index).value(), "gen-000001") << c.what;
    EXPECT_EQ(listing(index), before) << c.what;
    Xapian::Database db(index);
    EXPECT_EQ(db.get_doccount(), 12u) << c.what;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("XTYPEpost"));
    EXPECT_EQ(enquire.get_mset(0, 100).size(), 10u) << c.what;
  }
}

TEST_F(IndexBuilderTest, LeftOversOfADeadBuildAreCleanedUp) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  // As kill -9 leaves them: a build directory, a complete generation never switched to
  // (died between compaction and switch), a compaction in progress, a half-written stub.
  for (const char* d : {"gen-000002.tmp", "gen-000003", "gen-000004.compact.tmp"}) {
    fs::create_directories(index + "/" + d);
    ASSERT_TRUE(write_file(index + "/" + d + "/postlist.glass", "junk"));
  }
  ASSERT_TRUE(write_file(index + "/XAPIANDB.tmp", "auto gen-0000"));
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 12u) << "left-overs do not disturb readers";
  const BuildStats stats = build_ok(options(kCorpus, index));
  EXPECT_EQ(stats.generation, "gen-000002");
  EXPECT_EQ(listing(index),
            (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000001", "gen-000002"}))
      << set_string(listing(index));
  build_ok(options(kCorpus, index));
  build_ok(options(kCorpus, index));
  // Only the live generation and the one before it remain.
  EXPECT_EQ(listing(index),
            (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000003", "gen-000004"}))
      << set_string(listing(index));
  EXPECT_EQ(Xapian::Database(index).get_doccount(), 12u);
}

TEST_F(IndexBuilderTest, OneBuildAtATime) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  {
    auto lock = BuildLock::acquire(index);
    ASSERT_TRUE(lock.is_ok()) << lock.status().to_string();
    auto stats = build_index(options(kCorpus, index), *analyzer_);
    ASSERT_FALSE(stats.is_ok());
    EXPECT_EQ(stats.status().code(), StatusCode::kBusy);
    EXPECT_NE(stats.status().message().find("another build is running"), std::string::npos)
        << stats.status().message();
    EXPECT_EQ(live_generation(index).value(), "gen-000001");
  }
  EXPECT_EQ(build_ok(options(kCorpus, index)).generation, "gen-000002") << "the lock is released";
}

TEST_F(IndexBuilderTest, ReaderDuringSwitchesSeesCompleteGenerations) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  std::atomic<bool> stop{false};
  std::atomic<int> opens{0}, failures{0};
  std::string first_failure;
  std::thread reader([&] {
    while (!stop) {
      try {
        Xapian::Database db(index);
        const auto count = db.get_doccount();
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("socialtjänsten"),
                                        Xapian::Query("XTYPEcomment")));
        const Xapian::MSet mset = enquire.get_mset(0, 20);
        std::string data;
        for (auto m = mset.begin(); m != mset.end(); ++m) data += m.get_document().get_data();
        if (count != 12 || mset.empty() || data.empty()) {
          if (failures++ == 0) first_failure = "doc count " + std::to_string(count);
        }
        ++opens;
      } catch (const Xapian::Error& e) {
        if (failures++ == 0) first_failure = e.get_description();
      }
    }
  });
  for (int i = 0; i < 6; ++i) build_ok(options(kCorpus, index));
  stop = true;
  reader.join();
  EXPECT_EQ(failures.load(), 0) << first_failure;
  EXPECT_GT(opens.load(), 6);
  EXPECT_EQ(live_generation(index).value(), "gen-000007");
}

// Regression (issue 17, item 5): an exception from the progress callback unwound past the
// joinable writer threads (std::terminate) and escaped an API that promises no throw.
TEST_F(IndexBuilderTest, ProgressCallbackThatThrowsEndsTheBuildWithAStatus) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  // More posts than the pipeline holds in flight (16 batches of 64), analysed on one
  // thread: the reader waits on the writers, so the index phase lasts past its first
  // progress report (every 250 ms) while the writer threads run.
  ASSERT_TRUE(write_file(dir / "big.jsonl", archive_text(generated_posts(1300))));
  for (const char* phase : {"index", "compact", "switch"}) {
    const auto before = listing(index);
    const std::string live = live_generation(index).value();
    BuildOptions o = options(std::string(phase) == "index" ? dir / "big.jsonl" : kCorpus, index);
    o.threads = 1;
    o.on_progress = [&](const BuildProgress& p) {
      if (std::string(p.phase) == phase) throw std::runtime_error("stop at " + std::string(phase));
    };
    auto stats = build_index(o, *analyzer_);
    ASSERT_FALSE(stats.is_ok()) << phase << ": the callback was not called in this phase";
    EXPECT_EQ(stats.status().code(), StatusCode::kInternal) << phase;
    EXPECT_NE(stats.status().message().find("progress callback: stop at"), std::string::npos)
        << stats.status().to_string();
    EXPECT_EQ(live_generation(index).value(), live) << phase;
    EXPECT_EQ(listing(index), before) << phase << ": " << set_string(listing(index));
  }
}

// Regression (issue 17, item 8): stale generations the build could not remove were not
// reported. Before the build nothing is written; after the switch it is a warning.
TEST_F(IndexBuilderTest, AStaleGenerationThatCannotBeRemovedIsReported) {
  TempDir dir;
  const std::string index = dir / "index";
  build_ok(options(kCorpus, index));
  build_ok(options(kCorpus, index));
  fs::create_directories(index + "/gen-000009.tmp/sub");
  ASSERT_TRUE(write_file(index + "/gen-000009.tmp/sub/x", "x"));
  {
    Undeletable stuck(index + "/gen-000009.tmp/sub");
    if (!stuck.ok()) GTEST_SKIP() << "cannot make a directory undeletable here";
    auto failed = build_index(options(kCorpus, index), *analyzer_);
    ASSERT_FALSE(failed.is_ok());
    EXPECT_EQ(failed.status().code(), StatusCode::kIoError);
    EXPECT_NE(failed.status().message().find("gen-000009.tmp"), std::string::npos)
        << failed.status().to_string();
    EXPECT_EQ(live_generation(index).value(), "gen-000002");
  }
  fs::remove_all(index + "/gen-000009.tmp");
  // gen-000001 is stale after the next switch; make it stick.
  fs::create_directories(index + "/gen-000001/sub");
  ASSERT_TRUE(write_file(index + "/gen-000001/sub/x", "x"));
  Undeletable stuck(index + "/gen-000001/sub");
  ASSERT_TRUE(stuck.ok());
  const BuildStats stats = build_ok(options(kCorpus, index));
  EXPECT_EQ(live_generation(index).value(), stats.generation);
  ASSERT_EQ(stats.cleanup_errors.size(), 1u);
  EXPECT_EQ(stats.cleanup_errors[0].rfind("gen-000001: ", 0), 0u) << stats.cleanup_errors[0];
}

TEST_F(IndexBuilderTest, ProgressReportsPhases) {
  TempDir dir;
  BuildOptions o = options(kCorpus, dir / "index");
  std::vector<std::string> phases;
  uint64_t last_documents = 0;
  o.on_progress = [&](const BuildProgress& p) {
    if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
    last_documents = p.documents;
  };
  build_ok(o);
  ASSERT_GE(phases.size(), 2u);
  EXPECT_EQ(phases[phases.size() - 2], "compact");
  EXPECT_EQ(phases.back(), "switch");
  EXPECT_EQ(last_documents, 12u);
}

}  // namespace
}  // namespace fss
