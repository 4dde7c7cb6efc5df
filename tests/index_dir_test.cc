// The index directory: the stub, generation numbering, the switch and clean-up rules.
#include "fss/index_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::write_file;

std::set<std::string> listing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

void make_dirs(const TempDir& dir, std::initializer_list<const char*> names) {
  for (const char* n : names) fs::create_directories(dir / n);
}

TEST(IndexDirTest, NoIndexYet) {
  TempDir dir;
  auto live = live_generation(dir.path());
  ASSERT_FALSE(live.is_ok());
  EXPECT_EQ(live.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(live.status().message().find("fss-index build"), std::string::npos);
  EXPECT_EQ(next_generation(dir.path()), "gen-000001");
}

TEST(IndexDirTest, SwitchWritesTheStub) {
  TempDir dir;
  make_dirs(dir, {"gen-000001"});
  ASSERT_TRUE(switch_generation(dir.path(), "gen-000001").is_ok());
  EXPECT_EQ(read_file(dir / "XAPIANDB"), "auto gen-000001\n");
  EXPECT_EQ(live_generation(dir.path()).value(), "gen-000001");
  EXPECT_FALSE(fs::exists(dir / "XAPIANDB.tmp"));
}

TEST(IndexDirTest, ForeignStubIsCorruption) {
  TempDir dir;
  for (const char* stub : {"auto /elsewhere/db\n", "remote localhost:1234\n", "", "auto gen-1\n"}) {
    ASSERT_TRUE(write_file(dir / "XAPIANDB", stub));
    auto live = live_generation(dir.path());
    ASSERT_FALSE(live.is_ok()) << stub;
    EXPECT_EQ(live.status().code(), StatusCode::kCorruption) << stub;
  }
}

TEST(IndexDirTest, NextGenerationCountsBuildDirectoriesToo) {
  TempDir dir;
  make_dirs(dir, {"gen-000002", "gen-000005.tmp", "gen-x", "other"});
  EXPECT_EQ(next_generation(dir.path()), "gen-000006");
}

TEST(IndexDirTest, RemoveStaleKeepsLiveAndTheOneBefore) {
  TempDir dir;
  make_dirs(dir, {"gen-000001", "gen-000002", "gen-000003", "gen-000004", "gen-000005",
                  "gen-000006.tmp", "gen-000006.compact.tmp", "other"});
  ASSERT_TRUE(write_file(dir / "XAPIANDB.tmp", "auto gen-0"));
  ASSERT_TRUE(switch_generation(dir.path(), "gen-000004").is_ok());
  ASSERT_TRUE(write_file(dir / "XAPIANDB.tmp", "auto gen-0"));
  const auto removed = remove_stale_generations(dir.path());
  EXPECT_EQ(std::set<std::string>(removed.begin(), removed.end()),
            (std::set<std::string>{"gen-000001", "gen-000002", "gen-000005", "gen-000006.tmp",
                                   "gen-000006.compact.tmp", "XAPIANDB.tmp"}));
  EXPECT_EQ(listing(dir.path()),
            (std::set<std::string>{"XAPIANDB", "gen-000003", "gen-000004", "other"}));
}

TEST(IndexDirTest, RemoveStaleWithoutAStub) {
  TempDir dir;
  make_dirs(dir, {"gen-000001", "gen-000002.tmp"});
  remove_stale_generations(dir.path());
  EXPECT_EQ(listing(dir.path()), std::set<std::string>{}) << "no stub: nobody can be reading";
  // A stub we cannot read might point anywhere: only build directories go.
  make_dirs(dir, {"gen-000001", "gen-000002.tmp"});
  ASSERT_TRUE(write_file(dir / "XAPIANDB", "auto /elsewhere\n"));
  remove_stale_generations(dir.path());
  EXPECT_EQ(listing(dir.path()), (std::set<std::string>{"XAPIANDB", "gen-000001"}));
}

TEST(IndexDirTest, LockIsExclusiveAndReleased) {
  TempDir dir;
  const std::string index = dir / "sub/index";
  {
    auto first = BuildLock::acquire(index);
    ASSERT_TRUE(first.is_ok()) << first.status().to_string();
    auto second = BuildLock::acquire(index);
    ASSERT_FALSE(second.is_ok());
    EXPECT_EQ(second.status().code(), StatusCode::kBusy);
    EXPECT_NE(second.status().message().find("another build is running"), std::string::npos);
  }
  EXPECT_TRUE(BuildLock::acquire(index).is_ok());
}

}  // namespace
}  // namespace fss
