// fss-searchd refuses an --index that does not exist (issue 18: a typo started a daemon that
// answered 503 for ever), unless --wait-for-index says the first build is still to come.
#include <gtest/gtest.h>

#include "searchd_test_util.h"

namespace fss::testing {
namespace {

const std::string kArchive = std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl";

TEST(SearchdIndexPath, MissingIndexIsRefusedWithAClearMessage) {
  TempDir dir;
  const std::string typo = dir / "indx";
  const RunResult r = run({FSS_SEARCHD_BIN, "--listen", "127.0.0.1:0", "--index", typo});
  EXPECT_EQ(r.exit, 2) << r.output;
  EXPECT_NE(r.output.find("fss-searchd: --index " + typo + ": no such directory (a typo?"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("--wait-for-index"), std::string::npos) << r.output;
  // A file where the directory should be is refused even when waiting.
  std::ofstream(dir / "file") << "x";
  const RunResult f = run(
      {FSS_SEARCHD_BIN, "--listen", "127.0.0.1:0", "--index", dir / "file", "--wait-for-index"});
  EXPECT_EQ(f.exit, 2) << f.output;
  EXPECT_NE(f.output.find("not a directory"), std::string::npos) << f.output;
}

TEST(SearchdIndexPath, WaitForIndexServesTheFirstBuild) {
  TempDir dir;
  const std::string index = dir / "index";
  Daemon d;
  ASSERT_TRUE(
      d.start({"--listen", "127.0.0.1:0", "--index", index, "--wait-for-index", "--no-access-log"}))
      << d.log();
  EXPECT_EQ(http_get(d.port(), "/healthz").status(), 503);
  ASSERT_EQ(build_index(kArchive, index).exit, 0);
  EXPECT_EQ(http_get(d.port(), "/healthz").status(), 200);
  EXPECT_EQ(d.kill(SIGTERM), 0) << d.log();
}

}  // namespace
}  // namespace fss::testing
