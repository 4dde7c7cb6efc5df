// build_index(): idempotent rebuilds, the whole archive in the index, no e-mail address
// anywhere, bad archive lines, threads and commit intervals. Failed and interrupted
// builds, generations and progress: index_builder_generations_test.cc.
#include "fss/index_builder.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index_builder_test_util.h"
#include "index_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

using testing_util::archive_text;
using testing_util::fingerprint;
using testing_util::generated_posts;
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::write_file;

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

}  // namespace
}  // namespace fss
