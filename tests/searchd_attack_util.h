// Shared by the attack tests of issue 17 (searchd_attack_test.cc, searchd_attack_slow_test.cc):
// an archive large enough for a query bomb to cost something, and the bombs.
#ifndef FSS_TESTS_SEARCHD_ATTACK_UTIL_H_
#define FSS_TESTS_SEARCHD_ATTACK_UTIL_H_

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>

#include "searchd_test_util.h"

namespace fss::testing {

// `posts` posts of 40-120 words drawn from 6,000 made-up words (many starting with each
// letter, so that one-letter prefixes expand to many terms), in `path`.
inline void write_big_archive(const std::string& path, int posts) {
  std::mt19937 rng(17);
  const std::string letters = "abdefghijklmnoprstuvy";
  std::vector<std::string> words;
  for (int i = 0; i < 6000; ++i) {
    std::string w;
    for (int k = 0, n = 4 + static_cast<int>(rng() % 7); k < n; ++k)
      w += letters[rng() % letters.size()];
    words.push_back(w);
  }
  std::string out;
  for (int p = 0; p < posts; ++p) {
    nlohmann::ordered_json post;
    std::string body;
    for (int k = 0, n = 40 + static_cast<int>(rng() % 80); k < n; ++k)
      body += (k ? " " : "") + words[rng() % words.size()];
    post["id"] = "bomb-" + std::to_string(p);
    post["title"] = words[rng() % words.size()] + " " + words[rng() % words.size()];
    post["date"] = "2020-01-" + std::string(p % 28 < 9 ? "0" : "") + std::to_string(p % 28 + 1);
    post["author"] = "Anna Ek";
    post["author_role"] = nullptr;
    post["kicker"] = nullptr;
    post["region"] = nullptr;
    post["areas"] = nlohmann::json::array();
    post["source"] = "bomb.txt";
    post["body"] = body + ".";
    post["comments"] = nlohmann::json::array();
    out += post.dump() + "\n";
  }
  write_file(path, out);
}

// The archive of write_big_archive(posts) built into `dir`/index; false (and a test
// failure) when the build fails.
inline bool build_big_index(const TempDir& dir, int posts) {
  write_big_archive(dir / "big.jsonl", posts);
  const RunResult built = build_index(dir / "big.jsonl", dir / "index");
  EXPECT_EQ(built.exit, 0) << built.output;
  return built.exit == 0;
}

// The query bombs of issue 17, finding 9: each legal, at most 1,024 bytes.
inline std::vector<std::string> query_bombs() {
  std::string exclusions = "vård", ors = "s*", ten;
  while (exclusions.size() + 4 <= 1024) exclusions += " -s*";
  while (ors.size() + 6 <= 1024) ors += " OR s*";
  for (const char c : std::string("abdefghijk"))
    ten += std::string(ten.empty() ? "" : " OR ") + c + "*";
  return {exclusions, ors, ten};
}

}  // namespace fss::testing

#endif  // FSS_TESTS_SEARCHD_ATTACK_UTIL_H_
