// Helpers shared by the importer's tests (importer_*_test.cc): a report's problems as
// text, prefix and suffix checks, and one dump imported from a string.
#ifndef FSS_TESTS_IMPORTER_TEST_UTIL_H_
#define FSS_TESTS_IMPORTER_TEST_UTIL_H_

#include <optional>
#include <string>
#include <vector>

#include "fss/importer.h"

namespace fss::importer_test_util {

// One line per problem, for a failure message.
inline std::string problems_of(const ImportReport& report) {
  std::string s;
  for (const ImportProblem& p : report.problems) s += p.to_string() + "\n";
  return s;
}

inline bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
inline bool ends_with(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// text imported as the dump "dir/dump.txt" with the default options.
inline std::vector<Post> import_text(const std::string& text, ImportReport* report) {
  return import_dump_text(text, "dir/dump.txt", ImportOptions(), report);
}

// An absent field, for the tables of expected posts.
inline const std::optional<std::string> kNull;

}  // namespace fss::importer_test_util

#endif  // FSS_TESTS_IMPORTER_TEST_UTIL_H_
