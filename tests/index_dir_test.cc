// The index directory: the stub, generation numbering, the switch and clean-up rules.
#include "fss/index_dir.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "index_test_util.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::Undeletable;
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
  EXPECT_EQ(next_generation(dir.path()).value(), "gen-000001");
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
  EXPECT_EQ(next_generation(dir.path()).value(), "gen-000006");
}

TEST(IndexDirTest, RemoveStaleKeepsLiveAndTheOneBefore) {
  TempDir dir;
  make_dirs(dir, {"gen-000001", "gen-000002", "gen-000003", "gen-000004", "gen-000005",
                  "gen-000006.tmp", "gen-000006.compact.tmp", "other"});
  ASSERT_TRUE(write_file(dir / "XAPIANDB.tmp", "auto gen-0"));
  ASSERT_TRUE(switch_generation(dir.path(), "gen-000004").is_ok());
  ASSERT_TRUE(write_file(dir / "XAPIANDB.tmp", "auto gen-0"));
  const StaleCleanup report = remove_stale_generations(dir.path());
  EXPECT_TRUE(report.status().is_ok()) << report.status().to_string();
  const auto& removed = report.removed;
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

// Regression (issue 17, item 8): stale generations that could not be removed were not
// reported; the build went on as if the disk had been reclaimed.
TEST(IndexDirTest, RemoveStaleReportsWhatItCannotRemove) {
  TempDir dir;
  make_dirs(dir, {"gen-000001/sub", "gen-000002", "gen-000003"});
  ASSERT_TRUE(write_file(dir / "gen-000001/sub/postlist.glass", "x"));
  ASSERT_TRUE(switch_generation(dir.path(), "gen-000003").is_ok());
  StaleCleanup report;
  {
    Undeletable stuck(dir / "gen-000001/sub");
    if (!stuck.ok()) GTEST_SKIP() << "cannot make a directory undeletable here";
    report = remove_stale_generations(dir.path());
  }
  ASSERT_EQ(report.failed.size(), 1u);
  EXPECT_EQ(report.failed[0].rfind("gen-000001: ", 0), 0u) << report.failed[0];
  EXPECT_FALSE(report.status().is_ok());
  EXPECT_EQ(report.status().code(), StatusCode::kIoError);
  EXPECT_NE(report.status().message().find("gen-000001"), std::string::npos);
  EXPECT_TRUE(report.removed.empty());
}

TEST(IndexDirTest, RemoveStaleLeavesPinnedGenerations) {
  TempDir dir;
  make_dirs(dir, {"gen-000001", "gen-000002", "gen-000003", "gen-000004"});
  ASSERT_TRUE(switch_generation(dir.path(), "gen-000004").is_ok());
  auto pin = GenerationPin::acquire(dir.path(), "gen-000001");
  ASSERT_TRUE(pin.is_ok()) << pin.status().to_string();
  StaleCleanup report = remove_stale_generations(dir.path());
  EXPECT_TRUE(report.status().is_ok()) << report.status().to_string();
  EXPECT_EQ(report.in_use, std::vector<std::string>{"gen-000001"});
  EXPECT_EQ(report.removed, std::vector<std::string>{"gen-000002"});
  EXPECT_TRUE(fs::exists(dir / "gen-000001"));
  pin.value().reset();  // the last reference goes: the next clean-up removes it
  report = remove_stale_generations(dir.path());
  EXPECT_EQ(report.removed, std::vector<std::string>{"gen-000001"});
  EXPECT_EQ(listing(dir.path()), (std::set<std::string>{"XAPIANDB", "gen-000003", "gen-000004"}));
}

TEST(IndexDirTest, PinOfARemovedGenerationIsUnavailable) {
  TempDir dir;
  auto pin = GenerationPin::acquire(dir.path(), "gen-000001");
  ASSERT_FALSE(pin.is_ok());
  EXPECT_EQ(pin.status().code(), StatusCode::kUnavailable);
}

TEST(IndexDirTest, SwitchInADirectoryThatCannotBeWrittenFails) {
  TempDir dir;
  make_dirs(dir, {"index/gen-000001"});
  Undeletable read_only(dir / "index");
  if (!read_only.ok()) GTEST_SKIP() << "cannot make a directory read-only here";
  const Status s = switch_generation(dir / "index", "gen-000001");
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.code(), StatusCode::kIoError) << s.to_string();
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
