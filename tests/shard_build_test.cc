// Sharded builds (issue 25, `fss-index build --shards N`): the shards partition the home's
// documents, a post's comments sit in its shard, every shard carries its generation, a
// termlist and its stub on the home's generation; rebuilds move and clean every shard;
// N = 1 is the unsharded layout; real xapian-tcpsrv processes joined with
// Xapian::Remote::open() answer as the home; a fault at any step of a sharded build leaves
// the home and the shards on one generation.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "fault_env.h"
#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index_test_util.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {
namespace {

namespace fs = std::filesystem;
using testing_util::archive_text;
using testing_util::fault_string;
using testing_util::FaultEnv;
using testing_util::fingerprint;
using testing_util::generated_posts;
using testing_util::kFaults;
using testing_util::Op;
using testing_util::op_name;
using testing_util::TempDir;
using testing_util::write_file;

std::set<std::string> listing(const std::string& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// Every document's id (value slot kSlotId) -> its post's id (its own for a post, its
// XPARENT term's for a comment).
std::map<std::string, std::string> posts_by_id(const Xapian::Database& db) {
  std::map<Xapian::docid, std::string> parent;
  const std::string prefix = schema::kParent;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p)
      parent[*p] = (*t).substr(prefix.size());
  std::map<std::string, std::string> out;
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const std::string id = db.get_document(*p).get_value(schema::kSlotId);
    const auto it = parent.find(*p);
    out[id] = it == parent.end() ? id : it->second;
  }
  return out;
}

std::set<std::string> ids_of(const Xapian::Database& db) {
  std::set<std::string> ids;
  for (const auto& [id, post] : posts_by_id(db)) ids.insert(id);
  return ids;
}

class ShardBuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(write_file(dir_ / "a.jsonl", archive_text(generated_posts(20))));
    ASSERT_TRUE(write_file(dir_ / "b.jsonl", archive_text(generated_posts(30))));
  }
  Result<BuildStats> build(const std::string& archive, unsigned shards,
                           Env* env = Env::Default()) const {
    BuildOptions o;
    o.archive_path = dir_ / archive;
    o.index_dir = index_;
    o.threads = 2;
    o.shards = shards;
    o.env = env;
    return build_index(o, *analyzer_);
  }
  std::string shard(unsigned k) const { return shard_index_dir(index_, k); }

  // The home's live generation, after checking that each of the `shards` stubs names it
  // and its shard generation says so, and that the shards' documents add up to the home's.
  std::string consistent_generation(unsigned shards) const {
    const std::string home = live_generation(index_).value();
    uint64_t documents = 0;
    for (unsigned k = 0; k < shards; ++k) {
      EXPECT_EQ(live_generation(shard(k)).value(), home) << "shard " << k;
      Xapian::Database db(shard(k));
      EXPECT_EQ(db.get_metadata(schema::kMetaGeneration), home) << "shard " << k;
      documents += db.get_doccount();
    }
    EXPECT_EQ(documents, Xapian::Database(index_).get_doccount());
    return home;
  }

  const Analyzer* analyzer_ = &testing::shared_analyzer();
  TempDir dir_;
  const std::string index_ = dir_ / "index";
};

// On-disk contract: a post's shard never changes silently.
TEST(ShardOfTest, ValuesArePinned) {
  struct Case {
    const char* id;
    uint64_t hash;
    unsigned of3, of64;
  };
  const Case cases[] = {
      {"", 0xcbf29ce484222325ULL, 2, 37},  // FNV-1a's published test vectors
      {"a", 0xaf63dc4c8601ec8cULL, 1, 12},
      {"foobar", 0x85944171f73967e8ULL, 0, 40},
      {"gen-post-0", 0x32886987acd56717ULL, 1, 23},
      {"2015/03/tio-ar-med-skulder", 0xa1a06f8570db2274ULL, 2, 52},
      {"Inlägg 7", 0x540f0f2dce94cfceULL, 2, 14},  // the id's UTF-8 bytes
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string("id '") + c.id + "'");
    EXPECT_EQ(post_id_hash(c.id), c.hash);
    EXPECT_EQ(shard_of(c.id, 3), c.of3);
    EXPECT_EQ(shard_of(c.id, 64), c.of64);
    EXPECT_EQ(shard_of(c.id, 1), 0u);
  }
  EXPECT_EQ(shard_index_dir("idx", 2), "idx/shards/shard-2");
}

TEST_F(ShardBuildTest, ThreeShardsPartitionTheHome) {
  auto stats = build("a.jsonl", 3);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  const std::string generation = consistent_generation(3);
  EXPECT_EQ(generation, stats->generation);
  EXPECT_EQ(stats->shards, 3u);
  ASSERT_EQ(stats->shard_documents.size(), 3u);
  EXPECT_GT(stats->shard_bytes, 0u);
  EXPECT_TRUE(stats->warnings.empty());

  const Xapian::Database home(index_);
  EXPECT_EQ(home.get_metadata(schema::kMetaShards), "3");
  EXPECT_NE(home.get_metadata(schema::kMetaLexicon), "");
  EXPECT_NE(home.spellings_begin(), home.spellings_end()) << "the home keeps the spelling table";
  const std::map<std::string, std::string> home_docs = posts_by_id(home);
  std::map<std::string, std::string> union_docs;
  for (unsigned k = 0; k < 3; ++k) {
    SCOPED_TRACE("shard " + std::to_string(k));
    EXPECT_EQ(listing(shard(k)), (std::set<std::string>{"XAPIANDB", "build.lock", generation}));
    const Xapian::Database db(shard(k));
    EXPECT_EQ(db.get_metadata(schema::kMetaShard), std::to_string(k) + "/3");
    EXPECT_EQ(db.get_metadata(schema::kMetaLexicon), "") << "home-only metadata";
    EXPECT_EQ(db.get_metadata(schema::kMetaShards), "");
    EXPECT_EQ(db.spellings_begin(), db.spellings_end()) << "spelling stays with the home";
    EXPECT_EQ(db.get_doccount(), stats->shard_documents[k]);
    ASSERT_GT(db.get_doccount(), 0u);
    const Xapian::docid first = *db.postlist_begin("");
    EXPECT_NE(db.termlist_begin(first), db.termlist_end(first)) << "a shard has a termlist";
    for (const auto& [id, post] : posts_by_id(db)) {
      EXPECT_EQ(shard_of(post, 3), k) << id << " of post " << post;
      EXPECT_TRUE(union_docs.emplace(id, post).second) << id << " in two shards";
    }
  }
  EXPECT_EQ(union_docs, home_docs);
}

TEST_F(ShardBuildTest, RebuildsMoveEveryShardAndCleanOldGenerations) {
  for (int i = 1; i <= 3; ++i) {
    auto stats = build(i % 2 ? "a.jsonl" : "b.jsonl", 3);
    ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
    EXPECT_TRUE(stats->cleanup_errors.empty());
  }
  EXPECT_EQ(consistent_generation(3), "gen-000003");
  for (unsigned k = 0; k < 3; ++k)
    EXPECT_EQ(listing(shard(k)),
              (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000002", "gen-000003"}))
        << "shard " << k;
  EXPECT_EQ(listing(index_), (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000002",
                                                    "gen-000003", "shards"}));

  // Fewer shards: shard 2 is left as it was, and the build says so.
  auto fewer = build("b.jsonl", 2);
  ASSERT_TRUE(fewer.is_ok()) << fewer.status().to_string();
  EXPECT_EQ(consistent_generation(2), "gen-000004");
  EXPECT_EQ(live_generation(shard(2)).value(), "gen-000003");
  EXPECT_EQ(fewer->warnings,
            std::vector<std::string>{shard(2) + ": not one of this build's 2 shards: left as "
                                                "it was, on gen-000003"});
}

// N = 1: today's layout, no shards/ directory, no termlist, no shard metadata, and the
// same documents as a sharded home.
TEST_F(ShardBuildTest, OneShardIsTheUnshardedLayout) {
  auto stats = build("a.jsonl", 1);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  EXPECT_EQ(listing(index_), (std::set<std::string>{"XAPIANDB", "build.lock", "gen-000001"}));
  EXPECT_EQ(listing(index_ + "/gen-000001").count("termlist.glass"), 0u);
  EXPECT_EQ(stats->shards, 1u);
  EXPECT_TRUE(stats->shard_documents.empty());
  const Xapian::Database one(index_);
  EXPECT_EQ(one.get_metadata(schema::kMetaShards), "");
  const std::map<std::string, std::string> unsharded = posts_by_id(one);

  TempDir other;
  BuildOptions o;
  o.archive_path = dir_ / "a.jsonl";
  o.index_dir = other / "index";
  o.shards = 4;
  ASSERT_TRUE(build_index(o, *analyzer_).is_ok());
  EXPECT_EQ(posts_by_id(Xapian::Database(o.index_dir)), unsharded);
}

// As unsharded (index_builder_test): the writers' docids follow the archive, whatever the
// analysis threads and the commit interval.
TEST_F(ShardBuildTest, ThreadsAndCommitIntervalDoNotChangeTheShards) {
  std::vector<std::vector<std::string>> first;
  for (const auto& [threads, commit_every] : {std::pair{1u, 7u}, std::pair{3u, 4000u}}) {
    SCOPED_TRACE("threads " + std::to_string(threads) + ", commit every " +
                 std::to_string(commit_every));
    TempDir other;
    BuildOptions o;
    o.archive_path = dir_ / "b.jsonl";
    o.index_dir = other / "index";
    o.threads = threads;
    o.commit_every = commit_every;
    o.shards = 3;
    ASSERT_TRUE(build_index(o, *analyzer_).is_ok());
    std::vector<std::vector<std::string>> prints = {fingerprint(Xapian::Database(o.index_dir))};
    for (unsigned k = 0; k < 3; ++k)
      prints.push_back(fingerprint(Xapian::Database(shard_index_dir(o.index_dir, k))));
    if (first.empty())
      first = prints;
    else
      EXPECT_EQ(prints, first);
  }
}

TEST_F(ShardBuildTest, BadShardCountsAreInvalidArguments) {
  for (unsigned n : {0u, kMaxShards + 1}) {
    SCOPED_TRACE("shards " + std::to_string(n));
    auto stats = build("a.jsonl", n);
    ASSERT_FALSE(stats.is_ok());
    EXPECT_EQ(stats.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(stats.status().message().find("from 1 to 64"), std::string::npos);
    EXPECT_FALSE(fs::exists(index_));
  }
}

// A free TCP port on 127.0.0.1 (free when asked: a server may still lose it to a race).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// A real `xapian-tcpsrv` serving one database on 127.0.0.1, stopped and reaped when the
// object goes. port() is 0 when it could not be started.
class TcpServer {
 public:
  explicit TcpServer(const std::string& db) {
    for (int attempt = 0; attempt < 5 && port_ == 0; ++attempt) {
      const int port = free_port();
      start(db, port);
      if (wait_accepting(port))
        port_ = port;
      else
        stop();
    }
  }
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;
  int port() const { return port_; }

 private:
  void start(const std::string& db, int port) {
    std::vector<std::string> args = {
        "xapian-tcpsrv", "--quiet", "--interface", "127.0.0.1", "--port", std::to_string(port), db};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    // Its own process group: on SIGTERM xapian-tcpsrv kills its whole group (its
    // connection processes), which would otherwise be this test too. Set on both sides
    // of the fork, so stop() never signals the test's group.
    if (pid_ > 0) ::setpgid(pid_, pid_);
    if (pid_ == 0) {
      ::setpgid(0, 0);
      const int null = ::open("/dev/null", O_WRONLY);
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
  }
  // Until it accepts a connection, or exits (the port was taken, no such program).
  bool wait_accepting(int port) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (pid_ <= 0 || ::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      if (accepts(port)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGTERM);  // the server and its connection processes
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(ShardBuildTest, ShardServersJoinedAnswerAsTheHome) {
  auto stats = build("b.jsonl", 3);
  ASSERT_TRUE(stats.is_ok()) << stats.status().to_string();
  std::vector<std::unique_ptr<TcpServer>> servers;
  Xapian::Database joined;
  for (unsigned k = 0; k < 3; ++k) {
    servers.push_back(std::make_unique<TcpServer>(shard(k)));
    ASSERT_NE(servers.back()->port(), 0) << "xapian-tcpsrv (xapian-tools) did not start";
    joined.add_database(Xapian::Remote::open("127.0.0.1", servers.back()->port(), 10000, 10000));
  }
  const Xapian::Database home(index_);
  EXPECT_EQ(joined.get_doccount(), home.get_doccount());
  EXPECT_EQ(joined.get_doccount(), stats->posts + stats->comments);
  EXPECT_EQ(ids_of(joined), ids_of(home));
  EXPECT_EQ(joined.get_metadata(schema::kMetaGeneration), stats->generation);
}

// Fault injection (tests/fault_env.h): each fault at each step of a sharded rebuild is
// reported, and the home and every shard are on the generation live before (or, after a
// failed directory sync past the home's rename, all on the new one).
TEST_F(ShardBuildTest, AFaultAtAnyStepLeavesHomeAndShardsOnOneGeneration) {
  ASSERT_TRUE(build("a.jsonl", 3).is_ok());
  constexpr int kMaxSteps = 120;
  int put_back = 0;
  for (const testing_util::Fault& fault : kFaults) {
    int n = 1;
    for (; n < kMaxSteps; ++n) {
      SCOPED_TRACE("sharded build, " + fault_string(fault, n));
      const std::string before = consistent_generation(3);
      FaultEnv env(fault, n);
      auto stats = build("b.jsonl", 3, &env);
      SCOPED_TRACE("at " + env.failed_path());
      const std::string now = consistent_generation(3);
      if (!stats.is_ok()) {
        ASSERT_FALSE(env.failed_path().empty())
            << "failed with no fault: " << stats.status().to_string();
        const std::string named =
            std::string(": ") + fault.syscall + ": " + std::strerror(fault.err);
        EXPECT_NE(stats.status().message().find(named), std::string::npos)
            << stats.status().to_string();
        EXPECT_EQ(stats.status().code(), StatusCode::kIoError) << stats.status().to_string();
        // A shard whose switch failed after shard 0's: shard 0 was put back.
        if (env.failed_path() == shard(1) + "/XAPIANDB.tmp") {
          ++put_back;
          EXPECT_NE(stats.status().message().find("(the shards were switched back)"),
                    std::string::npos)
              << stats.status().to_string();
        }
        if (now != before) {
          EXPECT_EQ(fault.op, Op::kSyncDir) << "the failure left " << now;
        }
        continue;
      }
      EXPECT_EQ(now, stats->generation);
      if (env.failed_path().empty()) break;
    }
    EXPECT_LT(n, kMaxSteps) << op_name(fault.op) << ": the build never got past the fault";
  }
  EXPECT_GT(put_back, 0) << "no fault met a shard's switch";
  // A build without faults after all that leaves every directory clean.
  ASSERT_TRUE(build("b.jsonl", 3).is_ok());
  const std::string live = consistent_generation(3);
  for (unsigned k = 0; k < 3; ++k) {
    const std::set<std::string> names = listing(shard(k));
    EXPECT_EQ(names.size(), 4u) << ::testing::PrintToString(names);
    EXPECT_EQ(names.count("XAPIANDB") + names.count("build.lock") + names.count(live), 3u)
        << ::testing::PrintToString(names);
  }
}

}  // namespace
}  // namespace fss
