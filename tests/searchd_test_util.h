// Helpers for the tests that drive the real programs: a temp directory, running fss-index,
// starting fss-searchd on a free port, and raw HTTP over a socket.
//
// The binaries come from compile definitions FSS_SEARCHD_BIN and FSS_INDEX_BIN (see
// tests/CMakeLists.txt). Everything here is header-only and used from one test binary
// at a time.
#ifndef FSS_TESTS_SEARCHD_TEST_UTIL_H_
#define FSS_TESTS_SEARCHD_TEST_UTIL_H_

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fss/url.h"
#include "test_util.h"

namespace fss::testing {

namespace fs = std::filesystem;

// The temp directory and whole-file helpers of every test (test_util.h).
using fss::url_encode;  // query strings (fss/url.h)
using testing_util::read_file;
using testing_util::TempDir;
using testing_util::write_file;

// Starts `argv` with stdout+stderr into `log_path`; returns the pid.
inline pid_t spawn(const std::vector<std::string>& argv, const std::string& log_path,
                   const std::vector<std::string>& env = {}) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    for (const auto& kv : env) ::putenv(const_cast<char*>(kv.c_str()));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

// Exit status of `pid` (128+signal when killed).
inline int wait_exit(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

struct RunResult {
  int exit = -1;
  std::string output;  // stdout and stderr
};

inline RunResult run(const std::vector<std::string>& argv,
                     const std::vector<std::string>& env = {}) {
  TempDir tmp;
  const std::string log = tmp / "out";
  RunResult r;
  r.exit = wait_exit(spawn(argv, log, env));
  r.output = read_file(log);
  return r;
}

// `fss-index build`: the index of `archive` in `index_dir`; aborts the test on failure.
inline RunResult build_index(const std::string& archive, const std::string& index_dir) {
  return run({FSS_INDEX_BIN, "build", "--archive", archive, "--index", index_dir});
}

// fss-searchd as a child process. start() waits for its "serving ... on http://HOST:PORT/"
// line; the log (access log included) is read with log().
class Daemon {
 public:
  Daemon() = default;
  ~Daemon() { kill(SIGKILL); }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Returns false (with log() saying why) if it did not come up within 10 s.
  bool start(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
    log_path_ = dir_ / "searchd.log";
    std::vector<std::string> argv = {FSS_SEARCHD_BIN};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = spawn(argv, log_path_, env);
    for (int i = 0; i < 1000; ++i) {
      const std::string text = log();
      const size_t at = text.find("on http://");
      const size_t end = at == std::string::npos ? at : text.find("/\n", at);
      if (end != std::string::npos) {
        const std::string hostport = text.substr(at + 10, end - at - 10);
        port_ = std::atoi(hostport.substr(hostport.rfind(':') + 1).c_str());
        return port_ > 0;
      }
      int st = 0;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        exit_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  // Sends `sig` and waits for the exit status.
  int kill(int sig = SIGTERM) {
    if (pid_ > 0) {
      ::kill(pid_, sig);
      exit_ = wait_exit(pid_);
      pid_ = -1;
    }
    return exit_;
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const { return read_file(log_path_); }

  // Resident memory in KiB, from /proc (0 when it cannot be read).
  long rss_kib() const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line))
      if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return 0;
  }

 private:
  TempDir dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_ = -1;
};

// A child process that is killed (SIGKILL) and reaped when the object goes, unless it was
// waited for: nothing outlives a test that fails half way.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& argv, const std::string& log_path)
      : pid_(spawn(argv, log_path)) {}
  ~ChildProcess() { kill(SIGKILL); }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Exit status when it has ended (128+signal when killed), nullopt while it runs.
  std::optional<int> poll() {
    if (pid_ <= 0) return exit_;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) != pid_) return std::nullopt;
    pid_ = -1;
    exit_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return exit_;
  }
  // Waits for the exit status.
  int wait() {
    if (pid_ > 0) {
      exit_ = wait_exit(pid_);
      pid_ = -1;
    }
    return exit_;
  }
  // Sends `sig` and waits for the exit status.
  int kill(int sig) {
    if (pid_ > 0) ::kill(pid_, sig);
    return wait();
  }

 private:
  pid_t pid_;
  int exit_ = -1;
};

// Connects to 127.0.0.1:port; -1 (errno set) on failure.
inline int connect_local(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const int err = errno;
    ::close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

inline bool send_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// What came back on a raw connection.
struct RawReply {
  std::string bytes;
  bool closed = false;  // the server closed the connection (EOF or reset)
  std::string error;    // why reading stopped, when a call failed
  int status() const {
    if (bytes.rfind("HTTP/1.", 0) != 0 || bytes.size() < 12) return 0;
    return std::atoi(bytes.c_str() + 9);
  }
  std::string body() const {
    const size_t at = bytes.find("\r\n\r\n");
    return at == std::string::npos ? "" : bytes.substr(at + 4);
  }
  std::string head() const { return bytes.substr(0, bytes.find("\r\n\r\n")); }
};

// Reads until the server closes or, once a complete answer (head + Content-Length bytes)
// is in, until `linger_ms` pass without more data; at most `timeout_ms` in all.
inline RawReply read_reply(int fd, int timeout_ms, int linger_ms = 0) {
  RawReply r;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[65536];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) break;
    int wait = static_cast<int>(left);
    const size_t head_end = r.bytes.find("\r\n\r\n");
    if (head_end != std::string::npos) {
      const std::string head = r.bytes.substr(0, head_end);
      const size_t cl = head.find("Content-Length: ");
      const size_t want =
          cl == std::string::npos ? 0 : std::strtoul(head.c_str() + cl + 16, nullptr, 10);
      if (r.bytes.size() >= head_end + 4 + want) wait = std::min(wait, linger_ms);
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      if (ready < 0) r.error = std::strerror(errno);
      break;
    }
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      if (n < 0) r.error = std::strerror(errno);
      r.closed = true;
      break;
    }
    r.bytes.append(buf, static_cast<size_t>(n));
  }
  return r;
}

// One raw exchange on a new connection: sends `request` (sending may fail half way when
// the server refuses early; what it answered is still read).
inline RawReply raw_request(int port, const std::string& request, int timeout_ms = 5000,
                            int linger_ms = 200) {
  const int fd = connect_local(port);
  if (fd < 0) return {"", true, "connect: " + std::string(std::strerror(errno))};
  send_all(fd, request);
  RawReply r = read_reply(fd, timeout_ms, linger_ms);
  ::close(fd);
  return r;
}

// GET path on a new connection with "Connection: close".
inline RawReply http_get(int port, const std::string& path_and_query,
                         const std::string& extra_headers = "") {
  return raw_request(port,
                     "GET " + path_and_query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers +
                         "Connection: close\r\n\r\n",
                     10000, 0);
}

// A header's value in a raw answer's head (case-insensitive name), or nullopt.
inline std::optional<std::string> header_value(const std::string& head, const std::string& name) {
  std::istringstream in(head);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t colon = line.find(':');
    if (colon == std::string::npos || colon != name.size()) continue;
    if (::strncasecmp(line.c_str(), name.c_str(), name.size()) != 0) continue;
    return line.substr(colon + 1 + (line.size() > colon + 1 && line[colon + 1] == ' ' ? 1 : 0));
  }
  return std::nullopt;
}

}  // namespace fss::testing

#endif  // FSS_TESTS_SEARCHD_TEST_UTIL_H_
