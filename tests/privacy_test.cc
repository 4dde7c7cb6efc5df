// Privacy (issue 8, ../shared/spec/archive.md): no commenter's e-mail address, from a
// comment header or a comment body, reaches the archive, the index or anything the daemon
// serves. The real programs run on the raw dumps in tests/testdata/privacy/, which plant
// addresses in headers (`1. anna.privat@example.se' Anna Privat skriver:`) and bodies
// (plain, upper case, non-ASCII, in <>, after mailto:, ending a sentence); then the
// archive file, every file of the index (raw bytes), every term, spelling, synonym, value,
// metadata entry and document of the index (through Xapian, which may compress what it
// stores), the API's answers and the page are scanned. The address a post publishes
// itself (info@socialchefer.se) is part of the post and must still be there.
#include <gtest/gtest.h>
#include <xapian.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "index_test_util.h"
#include "searchd_test_util.h"

namespace fss::testing {
namespace {

using nlohmann::json;

const std::string kDumps = std::string(FSS_SOURCE_DIR) + "/tests/testdata/privacy";
const std::string kPostAddress = "info@socialchefer.se";
const std::string kPostId = "bli-medlem-i-fss";

// Addresses planted in tests/testdata/privacy/*.txt: in comment headers and in comment
// bodies. (The header of comment 4 has an address and no name.)
const std::vector<std::string> kPlanted = {"anna.privat@example.se",     "bh1958@privatpost.se",
                                           "cd+blogg@kommunmejl.nu",     "hemlis@privatpost.se",
                                           "fia.t@example.org",          "dagny.gomd@privatpost.se",
                                           "ERIK.SKYDDAD@KOMMUNMEJL.NU", "fiatyst@example.org",
                                           "gl77@privatpost.se",         "åsa.öberg@privatpost.se"};
// Pieces of the addresses that occur nowhere else in the dumps: a term, a spelling word or
// a JSON-escaped text holding one of them leaked (part of) an address.
const std::vector<std::string> kMarkers = {"exampl", "privatpost", "kommunmejl", "bh1958",
                                           "gomd",   "skyddad",    "fiatyst",    "gl77",
                                           "hemlis", "berg@",      "blogg"};

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// Every string that must not occur (ASCII case-insensitively): each address, its local
// part with the '@', and the markers.
const std::vector<std::string>& forbidden() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v;
    for (const std::string& a : kPlanted) {
      v.push_back(lower_ascii(a));
      v.push_back(lower_ascii(a.substr(0, a.find('@') + 1)));
    }
    for (const std::string& m : kMarkers) v.push_back(m);
    return v;
  }();
  return all;
}

// The forbidden strings found in `text`, "" when none.
std::string leaks_in(const std::string& text) {
  const std::string folded = lower_ascii(text);
  std::string found;
  for (const std::string& f : forbidden())
    if (folded.find(f) != std::string::npos) found += (found.empty() ? "" : ", ") + f;
  return found;
}

#define EXPECT_NO_ADDRESS(text, where)                                \
  do {                                                                \
    const std::string leak_ = leaks_in(text);                         \
    EXPECT_EQ(leak_, "") << (where) << " holds " << leak_ << " in:\n" \
                         << std::string(text).substr(0, 2000);        \
  } while (0)

class PrivacyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    archive_ = *dir_ / "archive.jsonl";
    index_ = *dir_ / "index";
    // The corpus's synonyms and focus areas beside the archive: built as in production,
    // with the metadata entries they make.
    for (const char* name : {"synonyms.txt", "focus-areas.json"})
      fs::copy_file(std::string(FSS_SOURCE_DIR) + "/corpus/" + name, *dir_ / name);
    const RunResult imported =
        run({FSS_INDEX_BIN, "import", "--no-metadata", "-o", archive_, kDumps});
    ASSERT_EQ(imported.exit, 0) << imported.output;
    const RunResult built =
        run({FSS_INDEX_BIN, "build", "--quiet", "--archive", archive_, "--index", index_});
    ASSERT_EQ(built.exit, 0) << built.output;
    daemon_ = std::make_unique<Daemon>();
    ASSERT_TRUE(daemon_->start({"--listen", "127.0.0.1:0", "--index", index_, "--workers", "2"}))
        << daemon_->log();
  }
  static void TearDownTestSuite() {
    daemon_.reset();
    dir_.reset();
    daemon_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override {
    if (!daemon_ || daemon_->port() <= 0) GTEST_SKIP() << "set-up failed (see above)";
  }

  static std::vector<json> archive_posts() {
    std::vector<json> posts;
    std::istringstream in(read_file(archive_));
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) posts.push_back(json::parse(line));
    return posts;
  }

  // GET `path`; the answer's bytes (head and body) must hold no address. `echo` is a
  // JSON field that repeats the request's own text (the query), left out of the scan.
  static json get_clean(const std::string& path, const char* echo = nullptr) {
    const RawReply r = http_get(daemon_->port(), path);
    EXPECT_EQ(r.status(), 200) << path << "\n" << r.bytes.substr(0, 500);
    json j = json::parse(r.body(), nullptr, /*allow_exceptions=*/false);
    if (echo && j.is_object()) {
      j.erase(echo);
      EXPECT_NO_ADDRESS(r.head() + "\r\n\r\n" + j.dump(), path);
    } else {
      EXPECT_NO_ADDRESS(r.bytes, path);
    }
    return j;
  }

  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<Daemon> daemon_;
  static std::string archive_, index_;
};
std::unique_ptr<TempDir> PrivacyTest::dir_;
std::unique_ptr<Daemon> PrivacyTest::daemon_;
std::string PrivacyTest::archive_, PrivacyTest::index_;

TEST(PrivacyScan, FindsWhatItLooksFor) {
  // The scan itself: a leak in any case, or of the local part alone, is found.
  EXPECT_NE(leaks_in("mejla Anna.Privat@Example.SE"), "");
  EXPECT_NE(leaks_in("erik.skyddad@ (borttagen)"), "");
  EXPECT_NE(leaks_in("{\"t\":\"XAprivatpost\"}"), "");
  EXPECT_NE(leaks_in("\\u00e5sa.\\u00f6berg@privat"), "");
  EXPECT_EQ(leaks_in("Anna Privat skriver: [e-postadress borttagen], " + kPostAddress), "");
}

TEST_F(PrivacyTest, ArchiveKeepsNamesAndDropsAddresses) {
  const std::string text = read_file(archive_);
  EXPECT_NO_ADDRESS(text, archive_);
  // Not vacuous: the comments are there, with their authors' names.
  const std::vector<json> posts = archive_posts();
  ASSERT_EQ(posts.size(), 2u) << text;
  std::vector<std::string> authors;
  for (const json& p : posts)
    for (const json& c : p["comments"]) authors.push_back(c["author"]);
  EXPECT_EQ(authors, (std::vector<std::string>{"Anna Privat", "Bertil Hemlig", "Cecilia Dold",
                                               "Anonym", "Fia Tyst"}));
  // Body addresses are replaced where they stood, not cut with their sentence.
  size_t placeholders = 0;
  for (size_t at = text.find("[e-postadress borttagen]"); at != std::string::npos;
       at = text.find("[e-postadress borttagen]", at + 1))
    ++placeholders;
  EXPECT_EQ(placeholders, 6u) << text;
  EXPECT_NE(text.find("budgetrådgivningen i vår kommun"), std::string::npos) << text;
  EXPECT_NE(text.find(kPostAddress), std::string::npos) << "the post's own address";
}

TEST_F(PrivacyTest, NoFileOfTheIndexHoldsAnAddress) {
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(index_)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    EXPECT_NO_ADDRESS(read_file(entry.path().string()), entry.path().string());
  }
  EXPECT_GE(files, 4) << "XAPIANDB and a generation's tables";
}

// The raw scan cannot see into what Xapian compresses: read everything it stores.
TEST_F(PrivacyTest, NothingXapianStoresHoldsAnAddress) {
  Xapian::Database db(index_);
  EXPECT_EQ(db.get_doccount(), 7u) << "2 posts, 5 comments";
  size_t terms = 0, spellings = 0, metadata = 0, values = 0;
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t, ++terms)
    EXPECT_NO_ADDRESS(*t, "term");
  for (auto s = db.spellings_begin(); s != db.spellings_end(); ++s, ++spellings)
    EXPECT_NO_ADDRESS(*s, "spelling word");
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
    EXPECT_NO_ADDRESS(*k, "synonym key");
    for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s)
      EXPECT_NO_ADDRESS(*s, "synonym of " + *k);
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k, ++metadata) {
    EXPECT_NO_ADDRESS(*k, "metadata key");
    EXPECT_NO_ADDRESS(db.get_metadata(*k), "metadata " + *k);
  }
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::Document doc = db.get_document(*p);
    EXPECT_NO_ADDRESS(doc.get_data(), "data of document " + std::to_string(*p));
    for (const auto& [slot, v] : testing_util::document_values(doc)) {
      ++values;
      EXPECT_NO_ADDRESS(v, "value " + std::to_string(slot) + " of document " + std::to_string(*p));
    }
  }
  EXPECT_GT(terms, 100u);
  EXPECT_GT(spellings, 0u);
  EXPECT_GT(values, 0u);
  // The commenters' names are indexed (names may be shown and searched).
  EXPECT_TRUE(db.term_exists("privat")) << "Anna Privat's name";
  EXPECT_GT(metadata, 0u);
}

TEST_F(PrivacyTest, NoApiAnswerHoldsAnAddress) {
  // The commenters by name: found, named, never addressed.
  for (const char* name : {"Anna Privat", "Bertil Hemlig", "Cecilia Dold", "Fia Tyst", "Anonym"}) {
    const json j = get_clean("/api/search?size=100&q=" + url_encode(name), "query");
    ASSERT_TRUE(j.is_object());
    bool named = false;
    for (const json& h : j["hits"]) named |= h.value("author", json()) == name;
    EXPECT_TRUE(named) << name << " should be found as a comment's author: " << j.dump();
    get_clean("/api/search?size=100&author=" + url_encode(name), "query");
  }
  // Words that stood next to the addresses, and the addresses' own pieces.
  for (const char* q : {"budgetrådgivningen",
                        "skuldrådgivning",
                        "adress",
                        "mailto",
                        "materialet",
                        "kollega",
                        "\"nås på\"",
                        "ekonomiskt bistånd",
                        "når mig direkt",
                        "privatpost",
                        "example",
                        "kommunmejl",
                        "anna.privat",
                        "dagny",
                        "gomd",
                        "bh1958",
                        "hemlis",
                        "erik skyddad",
                        "priv*",
                        "exa*",
                        "kommunm*",
                        "e-postadress",
                        "borttagen"}) {
    for (const char* extra : {"", "&type=comment", "&sort=date"})
      get_clean("/api/search?size=100&q=" + url_encode(q) + extra, "query");
  }
  // Everything, browsed.
  const json all = get_clean("/api/search?size=100&q=", "query");
  EXPECT_EQ(all.value("total", 0), 7) << all.dump();
  // Every post with its comments.
  for (const json& p : archive_posts()) {
    const json post = get_clean("/api/posts/" + p["id"].get<std::string>());
    EXPECT_EQ(post.value("comments", json::array()).size(), p["comments"].size()) << post.dump();
  }
  // Completions (they echo the prefix: left out).
  for (const char* prefix :
       {"anna", "priv", "exa", "dag", "bh", "kommunm", "hem", "gl", "åsa", "fia"})
    get_clean(std::string("/api/suggest?q=") + url_encode(prefix), "query");
  get_clean("/api/areas");
  get_clean("/healthz");
  get_clean("/metrics");
}

TEST_F(PrivacyTest, ThePageHoldsNoAddress) {
  for (const char* path : {"/", "/app.js", "/style.css"}) get_clean(path);
}

TEST_F(PrivacyTest, APostKeepsTheAddressItPublishes) {
  const json post = get_clean("/api/posts/" + kPostId);
  ASSERT_TRUE(post.contains("body")) << post.dump();
  EXPECT_NE(post["body"].get<std::string>().find(kPostAddress), std::string::npos) << post.dump();
  const json found = get_clean("/api/search?q=" + url_encode("socialchefer medlem"), "query");
  ASSERT_FALSE(found.value("hits", json::array()).empty()) << found.dump();
  EXPECT_EQ(found["hits"][0]["id"], kPostId) << found.dump();
}

}  // namespace
}  // namespace fss::testing
