// The fixture of the tests of fss-search as a person runs it (cli_test.cc,
// cli_server_test.cc): an index built once per binary and the real binary run on it.
#ifndef FSS_TESTS_CLI_TEST_UTIL_H_
#define FSS_TESTS_CLI_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_index.h"

namespace fss {

using json = nlohmann::json;

// What a run of fss-search gave: its exit code, stdout and stderr.
struct Ran {
  int code = -1;
  std::string out, err;
};

// s quoted for sh.
inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// The index of corpus/archive.jsonl, built once per binary, and fss-search run on it.
class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::create();
    ASSERT_TRUE(a.is_ok());
    dir_ = testing::make_temp_dir("fss-cli-test");
    index_ = dir_ + "/index";
    testing::build_test_index(*a.value(), testing::corpus_archive(), index_);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }

  // Runs fss-search with `args` (stdout and stderr to files, so never a terminal).
  static Ran run(const std::vector<std::string>& args, const std::string& env = "") {
    std::string cmd = env + " " + quote(FSS_SEARCH_BIN);
    for (const std::string& a : args) cmd += " " + quote(a);
    cmd += " >" + dir_ + "/out 2>" + dir_ + "/err </dev/null";
    Ran r;
    const int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = testing_util::read_file(dir_ + "/out");
    r.err = testing_util::read_file(dir_ + "/err");
    return r;
  }
  static Ran search(std::vector<std::string> args) {
    args.insert(args.begin(), {"--index", index_});
    return run(args);
  }
  static json search_json(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const Ran r = search(args);
    EXPECT_EQ(r.code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  static std::vector<std::string> hit_ids(const json& j) {
    std::vector<std::string> ids;
    for (const auto& h : j["hits"]) ids.push_back(h["id"]);
    return ids;
  }

  inline static std::string dir_, index_;
};

// The README example's post.
inline const char* const kLinjenId =
    "2023-03-06-forsta-linjens-socialtjanst-har-fatt-luft-under-vingarna";

}  // namespace fss

#endif  // FSS_TESTS_CLI_TEST_UTIL_H_
