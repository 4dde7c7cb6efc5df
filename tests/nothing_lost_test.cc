// Nothing lost (issue 8): every post and comment of corpus/archive.jsonl is found by
// searching its own title or first words, the index holds exactly the archive's documents,
// and a bad archive line is reported with its line number, never silently dropped.
#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/archive.h"
#include "fss/index_builder.h"
#include "fss/search.h"
#include "test_index.h"
#include "test_util.h"

namespace fss::testing {
namespace {

using testing_util::TempDir;

// The text as a person would type it: words only, punctuation and symbols dropped.
// Keeps letters (any script, multi-byte UTF-8 included), digits and inner hyphens.
std::vector<std::string> plain_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    while (!word.empty() && word.back() == '-') word.pop_back();
    while (!word.empty() && word.front() == '-') word.erase(0, 1);
    if (!word.empty()) words.push_back(word);
    word.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      // A multi-byte sequence: a letter unless it is one of the typographic marks that
      // the archive uses (… – — ” “ ’ and the like all start with 0xE2).
      size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (c == 0xE2 || c == 0xC2) {
        flush();
      } else {
        word.append(text, i, len);
      }
      i += len - 1;
    } else if (std::isalnum(c) || (c == '-' && !word.empty())) {
      word += static_cast<char>(c);
    } else {
      flush();
    }
  }
  flush();
  return words;
}

std::string join(const std::vector<std::string>& words, size_t limit) {
  std::string out;
  for (size_t i = 0; i < words.size() && i < limit; ++i) out += (i ? " " : "") + words[i];
  return out;
}

// What a reader would paste to find a comment again: its first sentence, or its first
// eight words when the first sentence is too short to say anything ("Hej!").
std::string first_words(const std::string& body) {
  const size_t end = body.find_first_of(".!?\n");
  const std::vector<std::string> sentence = plain_words(body.substr(0, end));
  if (sentence.size() >= 5) return join(sentence, 12);
  return join(plain_words(body), 8);
}

// Rank (1-based) of `id` among the first `depth` hits of `query`, 0 when absent.
int rank_of(Searcher& searcher, const std::string& query, const std::string& id, int depth,
            std::string* top) {
  SearchRequest request;
  request.query = query;
  request.size = depth;
  auto response = searcher.search(request);
  if (!response.is_ok()) {
    *top = "error: " + response.status().message();
    return 0;
  }
  top->clear();
  for (size_t i = 0; i < response->hits.size(); ++i) {
    *top += "\n  " + std::to_string(i + 1) + ". " + response->hits[i].id;
    if (response->hits[i].id == id) return static_cast<int>(i + 1);
  }
  return 0;
}

class NothingLostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto analyzer = Analyzer::create();
    ASSERT_TRUE(analyzer.is_ok()) << analyzer.status().message();
    analyzer_ = std::move(analyzer.value());
  }
  std::unique_ptr<Searcher> open(const std::string& index_dir) {
    auto searcher = Searcher::open(index_dir, analyzer_.get());
    EXPECT_TRUE(searcher.is_ok()) << searcher.status().message();
    return searcher.is_ok() ? std::move(searcher.value()) : nullptr;
  }

  std::unique_ptr<Analyzer> analyzer_;
  TempDir dir_;
};

TEST_F(NothingLostTest, EveryPostAndCommentIsFoundByItsOwnWords) {
  auto archive = read_archive(corpus_archive());
  ASSERT_TRUE(archive.is_ok()) << archive.status().message();
  ASSERT_TRUE(archive->errors.empty()) << archive->errors.front().to_string();
  ASSERT_FALSE(archive->posts.empty());
  build_test_index(*analyzer_, corpus_archive(), dir_ / "index");
  auto searcher = open(dir_ / "index");
  ASSERT_TRUE(searcher);

  uint64_t documents = 0;
  int posts_checked = 0, comments_checked = 0;
  std::string top;
  for (const Post& post : archive->posts) {
    ++documents;
    // A title is specific: the post itself must come first.
    const std::string title = join(plain_words(post.title), 100);
    ASSERT_FALSE(title.empty()) << post.id;
    EXPECT_EQ(rank_of(*searcher, title, post.id, 10, &top), 1)
        << "post " << post.id << " searched by its title: " << title << "\ntop hits:" << top;
    ++posts_checked;
    for (const Comment& comment : post.comments) {
      ++documents;
      const std::string words = first_words(comment.body);
      ASSERT_FALSE(words.empty()) << comment.id;
      // A comment shares words with its post, which may outrank it: top 3.
      const int rank = rank_of(*searcher, words, comment.id, 10, &top);
      EXPECT_TRUE(rank >= 1 && rank <= 3)
          << "comment " << comment.id << " searched by its first words: " << words
          << "\nrank: " << rank << "\ntop hits:" << top;
      ++comments_checked;
    }
  }
  EXPECT_GT(comments_checked, 0) << "the corpus should have comments to check";
  EXPECT_EQ(searcher->info().documents, documents) << "posts + comments in the archive";

  // Browsing everything counts every document too.
  SearchRequest browse;
  browse.type = "post";
  auto all_posts = searcher->search(browse);
  ASSERT_TRUE(all_posts.is_ok()) << all_posts.status().message();
  EXPECT_EQ(all_posts->total, static_cast<uint64_t>(posts_checked));
  browse.type = "comment";
  auto all_comments = searcher->search(browse);
  ASSERT_TRUE(all_comments.is_ok()) << all_comments.status().message();
  EXPECT_EQ(all_comments->total, static_cast<uint64_t>(comments_checked));
}

TEST_F(NothingLostTest, PlainWordsAreWhatAPersonTypes) {
  const struct {
    const char* text;
    const char* words;
  } cases[] = {
      {"På väg hem …", "På väg hem"},
      {"Hösten 2023, nu kör vi", "Hösten 2023 nu kör vi"},
      {"Socialtjänstlagen, Tillitsdelegationen och framtidsspaning",
       "Socialtjänstlagen Tillitsdelegationen och framtidsspaning"},
      {"Järvsöbaden 30-31 mars", "Järvsöbaden 30-31 mars"},
      {"”Vad gör FSS?” – frågan", "Vad gör FSS frågan"},
  };
  for (const auto& c : cases) EXPECT_EQ(join(plain_words(c.text), 100), c.words) << c.text;
  EXPECT_EQ(first_words("Hej!\n\nVilket bra arbete ni gjort i att ta fram tre viktiga"),
            "Hej Vilket bra arbete ni gjort i att");
}

// An archive with bad lines among good ones: the good ones are built, each bad one is in
// BuildStats::archive_errors with its line number, none disappears without a word.
TEST_F(NothingLostTest, BadArchiveLinesAreReportedWithTheirLineNumbers) {
  std::vector<std::string> good;
  {
    std::ifstream in(corpus_archive());
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) good.push_back(line);
  }
  ASSERT_GE(good.size(), 4u);

  std::string text;
  uint64_t good_docs = 0;
  const auto add_good = [&](size_t i) {
    text += good[i] + "\n";
    auto post = parse_post_line(good[i]);
    ASSERT_TRUE(post.is_ok()) << post.status().message();
    good_docs += 1 + post->comments.size();
  };
  add_good(0);                                           // line 1
  add_good(1);                                           // line 2
  text += good[2].substr(0, good[2].size() / 2) + "\n";  // line 3: cut in half
  add_good(3);                                           // line 4
  text += R"({"id":"trasig-datum","title":"Fel datum","date":"2023-13-01","author":null,)"
          R"("author_role":null,"kicker":null,"region":null,"areas":[],"source":"x.txt",)"
          R"("body":"Text.","comments":[]})"
          "\n";                                          // line 5: a date that is not a date
  for (size_t i = 4; i < good.size(); ++i) add_good(i);  // lines 6..
  const std::string archive = dir_ / "archive.jsonl";
  ASSERT_TRUE(testing_util::write_file(archive, text));

  BuildOptions options;
  options.archive_path = archive;
  options.index_dir = dir_ / "index";
  options.threads = 1;
  auto stats = build_index(options, *analyzer_);
  ASSERT_TRUE(stats.is_ok()) << stats.status().message();
  ASSERT_EQ(stats->archive_errors.size(), 2u);
  EXPECT_EQ(stats->archive_errors[0].line, 3) << stats->archive_errors[0].to_string();
  EXPECT_EQ(stats->archive_errors[0].file, archive);
  EXPECT_FALSE(stats->archive_errors[0].message.empty());
  EXPECT_EQ(stats->archive_errors[1].line, 5) << stats->archive_errors[1].to_string();
  EXPECT_NE(stats->archive_errors[1].message.find("date"), std::string::npos)
      << stats->archive_errors[1].to_string();
  EXPECT_NE(stats->archive_errors[1].to_string().find("archive.jsonl:5: "), std::string::npos)
      << stats->archive_errors[1].to_string();
  EXPECT_EQ(stats->posts + stats->comments, good_docs);

  auto searcher = open(dir_ / "index");
  ASSERT_TRUE(searcher);
  EXPECT_EQ(searcher->info().documents, good_docs);
}

}  // namespace
}  // namespace fss::testing
