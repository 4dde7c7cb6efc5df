// The fixture of the search tests over corpus/archive.jsonl (search_test.cc,
// search_relevance_test.cc): the archive's document ids, its index and a small one built
// once per binary, and helpers to show and rank hits.
#ifndef FSS_TESTS_SEARCH_TEST_UTIL_H_
#define FSS_TESTS_SEARCH_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "fss/archive.h"
#include "fss/search.h"
#include "test_index.h"

namespace fss {

// The archive's documents.
inline const char* const kHem = "2018-05-31-pa-vag-hem";
inline const char* const kNya = "nya-fokusomraden-for-fss";
inline const char* const kSpringer = "2023-09-05-springer-inte-pa-alla-bollar";
inline const char* const kHosten = "2023-08-14-hosten-2023-nu-kor-vi";
inline const char* const kLinjen =
    "2023-03-06-forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna";
inline const char* const kLedarskap = "ditt-ledarskap-och-det-nya-politiska-landskapet";
inline const char* const kJarvso = "inspirera-dig-med-oss-pa-jarvsobaden-30-31-mars";
inline const char* const kSkane = "socialtjanstlagen-tillitsdelegationen-och-framtidsspaning";
inline const char* const kTre = "tre-av-fyra-fokusomraden-klara";
inline const char* const kTreComment = "tre-av-fyra-fokusomraden-klara-c1";
inline const char* const kSos = "fordjupat-samarbete-med-socialstyrelsen";
inline const char* const kSosComment = "fordjupat-samarbete-med-socialstyrelsen-c1";

// corpus/archive.jsonl indexed once per test binary (searcher_), and a small archive of
// pairs of posts alike but for one thing (small_).
class SearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    analyzer_ = std::move(a.value());
    dir_ = testing::make_temp_dir("fss-search-test");
    testing::build_test_index(*analyzer_, testing::corpus_archive(), dir_ + "/index");
    auto s = Searcher::open(dir_ + "/index", analyzer_.get());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    searcher_ = std::move(s.value());
    build_small_archive();
  }

  // Pairs of posts alike but for one thing: the exact form against a compound or folded
  // relative, words together against words apart.
  static void build_small_archive() {
    std::vector<Post> posts;
    const auto add = [&](const char* id, const char* title, const char* body) {
      Post p;
      p.id = id;
      p.title = title;
      p.body = body;
      p.source = "test";
      posts.push_back(p);
    };
    add("exact-tjanst", "Om arbetet", "En tjänst som kommunen erbjuder alla som bor i staden.");
    add("compound-tjanst", "Om arbetet",
        "En socialtjänst som kommunen erbjuder alla som bor i staden.");
    add("exact-plain", "Om ordet",
        "Skrivet utan prickar: forebyggande arbete i staden gav resultat.");
    add("folded-plain", "Om ordet",
        "Skrivet med prickar: förebyggande arbete i staden gav resultat.");
    add("near", "Om hamnen", "I hamnen låg en grön båt och väntade på sommaren hela dagen lång.");
    add("apart", "Om hamnen", "Grön var ängen vid sjön där vi satt hela dagen med en båt lång.");
    const std::string archive = dir_ + "/small.jsonl";
    ASSERT_TRUE(write_archive(archive, posts).is_ok());
    testing::build_test_index(*analyzer_, archive, dir_ + "/small");
    auto s = Searcher::open(dir_ + "/small", analyzer_.get());
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    small_ = std::move(s.value());
  }

  static void TearDownTestSuite() {
    searcher_.reset();
    small_.reset();
    analyzer_.reset();
    std::filesystem::remove_all(dir_);
  }

  static SearchResponse search(Searcher* s, const SearchRequest& r) {
    auto res = s->search(r);
    EXPECT_TRUE(res.is_ok()) << "query: " << r.query << ": " << res.status().message();
    return res.is_ok() ? res.value() : SearchResponse{};
  }
  static SearchResponse search(const std::string& q, int size = 20) {
    SearchRequest r;
    r.query = q;
    r.size = size;
    return search(searcher_.get(), r);
  }

  inline static std::unique_ptr<Analyzer> analyzer_;
  inline static std::unique_ptr<Searcher> searcher_;
  inline static std::unique_ptr<Searcher> small_;
  inline static std::string dir_;
};

// The hits' ids, in order.
inline std::vector<std::string> ids(const SearchResponse& r) {
  std::vector<std::string> out;
  for (const Hit& h : r.hits) out.push_back(h.id);
  return out;
}

// The total and each hit with its score, for a failure message.
inline std::string show(const SearchResponse& r) {
  std::string s = "total " + std::to_string(r.total) + ":";
  for (const Hit& h : r.hits) s += " " + h.id + " (" + std::to_string(h.score) + ")";
  return s;
}

// The place of `id` among the hits; the number of hits when it is not among them.
inline size_t rank_of(const SearchResponse& r, const std::string& id) {
  const auto v = ids(r);
  return static_cast<size_t>(std::find(v.begin(), v.end(), id) - v.begin());
}

}  // namespace fss

#endif  // FSS_TESTS_SEARCH_TEST_UTIL_H_
