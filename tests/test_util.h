// Small helpers shared by tests: a fresh temporary directory removed afterwards, and
// whole-file reads and writes.
#ifndef FSS_TESTS_TEST_UTIL_H_
#define FSS_TESTS_TEST_UTIL_H_

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

namespace fss::testing_util {

// A fresh directory "<tag>-XXXXXX" under $TMPDIR (or /tmp), made by mkdtemp(); the caller
// removes it (TempDir does). Throws std::runtime_error when it cannot be made.
inline std::string make_temp_dir(const std::string& tag = "fss-test") {
  const char* base = std::getenv("TMPDIR");
  std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + tag + "-XXXXXX";
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed: " + tmpl);
  return tmpl;
}

// The names in directory `dir` (throws std::filesystem::filesystem_error when it cannot
// be read).
inline std::set<std::string> listing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    names.insert(e.path().filename().string());
  return names;
}

// make_temp_dir(); removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() : path_(make_temp_dir()) {}
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// The whole file; empty when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Replaces the file's contents; false on failure.
inline bool write_file(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  return static_cast<bool>(out.flush());
}

}  // namespace fss::testing_util

#endif  // FSS_TESTS_TEST_UTIL_H_
