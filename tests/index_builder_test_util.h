// The fixture of the tests of build_index() (index_builder_test.cc,
// index_builder_generations_test.cc): the committed archive and an analyzer to build with.
#ifndef FSS_TESTS_INDEX_BUILDER_TEST_UTIL_H_
#define FSS_TESTS_INDEX_BUILDER_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "fss/index_builder.h"

namespace fss {

// corpus/archive.jsonl.
inline constexpr const char* kCorpus = FSS_SOURCE_DIR "/corpus/archive.jsonl";

// One analyzer for the binary's tests, and build_index() run with it.
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
  inline static std::unique_ptr<Analyzer> analyzer_;
};

}  // namespace fss

#endif  // FSS_TESTS_INDEX_BUILDER_TEST_UTIL_H_
