// Sharded builds (issue 25): real xapian-tcpsrv processes serving the shards, joined with
// Xapian::Remote::open(), answer as the home.
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

#include "fss/index_builder.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "index_test_util.h"
#include "shard_build_test_util.h"
#include "test_index.h"
#include "test_util.h"

namespace fss {
namespace {

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

}  // namespace
}  // namespace fss
