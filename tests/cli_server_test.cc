// fss-search --server against the real fss-searchd: the same hits as on the index, a
// server that cannot be reached, a server under a path and over TLS.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "cli_test_util.h"

namespace fss {
namespace {

// fss-searchd on a free port, stopped when the test ends.
class Server {
 public:
  explicit Server(const std::string& index, const std::string& log) {
    pid_ = fork();
    if (pid_ == 0) {
      std::freopen(log.c_str(), "w", stderr);
      execl(FSS_SEARCHD_BIN, FSS_SEARCHD_BIN, "--listen", "127.0.0.1:0", "--index", index.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && url_.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const std::string text = testing_util::read_file(log);
      const size_t at = text.find("http://127.0.0.1:");
      if (at != std::string::npos && text.find('/', at + 17) != std::string::npos)
        url_ = text.substr(at, text.find('/', at + 17) - at);
    }
  }
  ~Server() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  const std::string& url() const { return url_; }

 private:
  pid_t pid_ = -1;
  std::string url_;
};

TEST_F(CliTest, ServerGivesTheSameHits) {
  Server server(index_, dir_ + "/searchd.log");
  ASSERT_FALSE(server.url().empty()) << testing_util::read_file(dir_ + "/searchd.log");
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"första linjen"},
           {"socialtjänst", "--size", "3", "--page", "2"},
           {"--type", "comment"},
           {"--author", "Monica Persson", "--from", "2023-06-01", "--sort", "date"},
           {"förebygande"},
       }) {
    std::vector<std::string> remote = args;
    remote.insert(remote.begin(), {"--server", server.url()});
    const Ran local = search(args);
    const Ran via = run(remote);
    EXPECT_EQ(via.code, 0) << via.err;
    EXPECT_EQ(via.out, local.out) << args[0];
    remote.insert(remote.begin(), "--json");
    json a = search_json(args);
    json b = json::parse(run(remote).out, nullptr, false);
    ASSERT_TRUE(b.is_object()) << args[0];
    a.erase("took_ms");
    b.erase("took_ms");
    EXPECT_EQ(a, b) << args[0];
  }
  const Ran bad = run({"--server", server.url(), "--from", "2023-13-01", "x"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("from: not a date"), std::string::npos) << bad.err;
}

// Issue 18: connection errors were one word ("Connection").
TEST_F(CliTest, UnreachableServer) {
  const Ran r = run({"--server", "http://127.0.0.1:1", "första"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("cannot connect to http://127.0.0.1:1: nothing answers there"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.rfind("fss-search: ", 0), 0u) << r.err;
  for (const char* bad : {"127.0.0.1:8080", "ftp://x/", "http://"}) {
    const Ran b = run({"--server", bad, "x"});
    EXPECT_EQ(b.code, 2) << bad;
    EXPECT_NE(b.err.find("not an http:// or https:// URL"), std::string::npos) << b.err;
  }
}

// Issue 18: --server with a path (fss-searchd behind nginx under /sok/) failed, and a TLS
// error was one word.
TEST_F(CliTest, ServerWithAPathAndTls) {
  Server server(index_, dir_ + "/searchd.log");
  ASSERT_FALSE(server.url().empty()) << testing_util::read_file(dir_ + "/searchd.log");
  // A stand-in for the reverse proxy: /sok/... -> the daemon's /...
  httplib::Server proxy;
  proxy.Get(R"(/sok/(.*))", [&](const httplib::Request& req, httplib::Response& res) {
    httplib::Params params(req.params.begin(), req.params.end());
    httplib::Client daemon(server.url());
    auto r = daemon.Get(httplib::append_query_params("/" + req.matches[1].str(), params));
    if (!r) {
      res.status = 502;
      return;
    }
    res.status = r->status;
    res.set_content(r->body, "application/json");
  });
  const int port = proxy.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { proxy.listen_after_bind(); });
  for (int i = 0; i < 100 && !proxy.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const Ran local = search({"första linjen"});
  for (const std::string& url : {base + "/sok/", base + "/sok"}) {
    const Ran via = run({"--server", url, "första linjen"});
    EXPECT_EQ(via.code, 0) << url << ": " << via.err;
    EXPECT_EQ(via.out, local.out) << url;
  }
  const Ran post = run({"--server", base + "/sok/", "--post", kLinjenId, "första linjen"});
  EXPECT_EQ(post.code, 0) << post.err;
  EXPECT_EQ(post.out, search({"--post", kLinjenId, "första linjen"}).out);
  const Ran wrong = run({"--server", base + "/fel/", "första"});
  EXPECT_EQ(wrong.code, 1);
  EXPECT_NE(wrong.err.find(base + "/fel/api/search: HTTP 404"), std::string::npos) << wrong.err;
  proxy.stop();
  serving.join();
  // https:// to a plain-HTTP daemon: the handshake fails, and it says so.
  const std::string tls = "https://" + server.url().substr(7);
  const Ran t = run({"--server", tls, "första"});
  EXPECT_EQ(t.code, 1);
  EXPECT_NE(t.err.find("TLS handshake failed"), std::string::npos) << t.err;
}

}  // namespace
}  // namespace fss
