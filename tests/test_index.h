// Test helper: builds an index from an archive into a fresh temp dir (search and CLI tests).
#ifndef FSS_TESTS_TEST_INDEX_H_
#define FSS_TESTS_TEST_INDEX_H_

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "fss/analyzer.h"
#include "fss/index_builder.h"
#include "test_util.h"

namespace fss::testing {

using testing_util::make_temp_dir;  // test_util.h

// The archive's index in `index_dir`; fails the current test on error.
inline void build_test_index(const Analyzer& analyzer, const std::string& archive,
                             const std::string& index_dir) {
  BuildOptions options;
  options.archive_path = archive;
  options.index_dir = index_dir;
  options.threads = 1;
  auto stats = build_index(options, analyzer);
  ASSERT_TRUE(stats.is_ok()) << stats.status().message();
}

// One Analyzer for the whole test program (creating one loads hunspell); fails the
// program when it cannot be created.
inline const Analyzer& shared_analyzer() {
  static const std::unique_ptr<Analyzer> analyzer = [] {
    auto created = Analyzer::create();
    if (!created.is_ok()) {
      ADD_FAILURE() << created.status().to_string();
      std::abort();
    }
    return std::move(created.value());
  }();
  return *analyzer;
}

inline std::string corpus_archive() {
  return std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl";
}

}  // namespace fss::testing

#endif  // FSS_TESTS_TEST_INDEX_H_
