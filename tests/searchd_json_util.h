// Helpers for the tests of fss-searchd's JSON API (searchd_test.cc,
// searchd_serving_test.cc): the committed archive and its document count, the live
// generation, bodies as JSON and the contract's error body checked exactly.
#ifndef FSS_TESTS_SEARCHD_JSON_UTIL_H_
#define FSS_TESTS_SEARCHD_JSON_UTIL_H_

#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "searchd_test_util.h"

namespace fss::testing {

using json = nlohmann::json;

inline const std::string kArchive = std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl";

// Posts + comments in an archive file.
inline size_t documents_in(const std::string& archive) {
  std::istringstream in(read_file(archive));
  std::string line;
  size_t n = 0;
  while (std::getline(in, line))
    if (!line.empty()) n += 1 + json::parse(line)["comments"].size();
  return n;
}

inline std::string live_generation(const std::string& index_dir) {
  std::string stub = read_file(index_dir + "/XAPIANDB");  // "auto gen-000001\n"
  while (!stub.empty() && std::isspace(static_cast<unsigned char>(stub.back()))) stub.pop_back();
  return stub.substr(stub.find(' ') + 1);
}

inline json body_json(const RawReply& r) {
  return json::parse(r.body(), nullptr, /*allow_exceptions=*/false);
}

// GET that must answer 200 with a JSON object; an empty object (and a failure) otherwise.
inline json must_get(int port, const std::string& path) {
  const RawReply r = http_get(port, path);
  json j = body_json(r);
  if (r.status() != 200 || !j.is_object()) {
    ADD_FAILURE() << path << " answered:\n"
                  << r.bytes.substr(0, 500) << (r.closed ? "\n(closed)" : "") << r.error;
    return json::object();
  }
  return j;
}

// The contract's error body, exactly: {"error": {"code": "...", "message": "..."}}.
inline void expect_error(const RawReply& r, int status, const std::string& code,
                         const std::string& what) {
  EXPECT_EQ(r.status(), status) << what << "\n" << r.bytes;
  const json j = body_json(r);
  ASSERT_TRUE(j.is_object()) << what << ": body is not JSON: " << r.body();
  ASSERT_EQ(j.size(), 1u) << what << ": " << j;
  ASSERT_TRUE(j.contains("error")) << what << ": " << j;
  ASSERT_EQ(j["error"].size(), 2u) << what << ": " << j;
  EXPECT_EQ(j["error"]["code"], code) << what << ": " << j;
  ASSERT_TRUE(j["error"]["message"].is_string()) << what << ": " << j;
  EXPECT_FALSE(j["error"]["message"].get<std::string>().empty()) << what;
  EXPECT_EQ(header_value(r.head(), "Content-Type").value_or(""), "application/json; charset=utf-8")
      << what;
}

}  // namespace fss::testing

#endif  // FSS_TESTS_SEARCHD_JSON_UTIL_H_
