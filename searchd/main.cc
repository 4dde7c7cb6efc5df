// fss-searchd: serves the search contract over HTTP, and the search page.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

#include "fss/analyzer.h"
#include "index_path.h"
#include "server.h"

namespace {

constexpr const char* kUsage =
    "usage: fss-searchd [--listen HOST:PORT] [--index DIR] [--workers N] [--http-threads N]\n"
    "                   [--read-timeout S] [--write-timeout S] [--no-access-log]\n"
    "                   [--wait-for-index] [--query-log FILE]\n"
    "\n"
    "Serves search over HTTP: the page at /, the API at /api/search, /api/posts/ID,\n"
    "/api/suggest, /api/analyze, /api/areas, and /healthz, /metrics.\n"
    "  --listen HOST:PORT  default 127.0.0.1:8080 (port 0: any free port, printed)\n"
    "  --index DIR         default $FSS_INDEX, else ./index; must exist unless\n"
    "  --wait-for-index    (started before the first build: 503 until it is built)\n"
    "  --query-log FILE    append one JSON line per search (query, filters, hits, time;\n"
    "                      never the client's address); off by default\n"
    "  --workers N         searches at once (default: one per core)\n"
    "  --http-threads N    connections served at once (default 32)\n"
    "  --read-timeout S    seconds a client may stay silent while sending (default 10)\n"
    "  --write-timeout S   seconds a client may take to accept the answer (default 10)\n"
    "Stops cleanly on SIGINT/SIGTERM after the requests in flight.\n";

bool parse_size(const std::string& s, size_t* out) {
  if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *out = std::stoul(s);
  return *out >= 1;
}

}  // namespace

int main(int argc, char** argv) {
  fss::searchd::ServerOptions options;
  if (const char* env = std::getenv("FSS_INDEX"); env && *env) options.index_dir = env;
  std::string listen = "127.0.0.1:8080";
  bool wait_for_index = false;
  std::string query_log_path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_next = i + 1 < argc;
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--wait-for-index") {
      wait_for_index = true;
    } else if (a == "--query-log" && has_next) {
      query_log_path = argv[++i];
    } else if (a == "--no-access-log") {
      options.access_log = false;
    } else if (a == "--listen" && has_next) {
      listen = argv[++i];
    } else if (a == "--index" && has_next) {
      options.index_dir = argv[++i];
    } else if ((a == "--workers" || a == "--http-threads") && has_next) {
      size_t n = 0;
      if (!parse_size(argv[++i], &n)) {
        std::fprintf(stderr, "fss-searchd: %s: not a positive number: '%s'\n", a.c_str(), argv[i]);
        return 2;
      }
      (a == "--workers" ? options.search_workers : options.http_threads) = n;
    } else if ((a == "--read-timeout" || a == "--write-timeout") && has_next) {
      size_t s = 0;
      if (!parse_size(argv[++i], &s) || s > 3600) {
        std::fprintf(stderr, "fss-searchd: %s: expected 1 to 3600 seconds, got '%s'\n", a.c_str(),
                     argv[i]);
        return 2;
      }
      (a == "--read-timeout" ? options.read_timeout_s : options.write_timeout_s) =
          static_cast<int>(s);
    } else {
      std::fprintf(stderr, "fss-searchd: bad argument '%s'\n\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  const size_t colon = listen.rfind(':');
  size_t port = 0;
  if (colon == std::string::npos || colon == 0 ||
      (listen.substr(colon + 1) != "0" &&
       (!parse_size(listen.substr(colon + 1), &port) || port > 65535))) {
    std::fprintf(stderr, "fss-searchd: --listen: expected HOST:PORT, got '%s'\n", listen.c_str());
    return 2;
  }
  const std::string host = listen.substr(0, colon);
  if (fss::Status s = fss::searchd::check_index_path(options.index_dir, wait_for_index);
      !s.is_ok()) {
    std::fprintf(stderr, "fss-searchd: %s\n", s.message().c_str());
    return 2;
  }

  std::unique_ptr<fss::searchd::QueryLog> query_log;
  if (!query_log_path.empty()) {
    auto opened = fss::searchd::QueryLog::open(query_log_path);
    if (!opened.is_ok()) {
      std::fprintf(stderr, "fss-searchd: %s\n", opened.status().message().c_str());
      return 1;
    }
    query_log = std::move(opened.value());
    options.query_log = query_log.get();
  }
  auto analyzer = fss::Analyzer::create();
  if (!analyzer.is_ok()) {
    std::fprintf(stderr, "fss-searchd: %s\n", analyzer.status().message().c_str());
    return 1;
  }

  // Signals are taken by one thread with sigwait, so that stopping is ordinary code and not
  // a signal handler's restricted world.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  fss::searchd::Server server(options, analyzer.value().get());
  if (!server.bind(host, static_cast<int>(port))) {
    std::fprintf(stderr, "fss-searchd: cannot listen on %s\n", listen.c_str());
    return 1;
  }
  std::fprintf(stderr, "fss-searchd: serving %s on http://%s:%d/\n", options.index_dir.c_str(),
               host.c_str(), server.port());
  std::atomic<bool> stopping{false};
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    if (stopping.exchange(true)) return;  // woken by main below
    std::fprintf(stderr, "fss-searchd: %s, finishing requests in flight\n",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
  });
  int status = 0;
  for (;;) {
    server.serve();
    if (stopping) break;
    // cpp-httplib 0.11 gives up listening on any accept() error but EMFILE (it closes the
    // socket and serve() returns): listen again rather than die with the port unserved.
    const int err = errno;
    std::fprintf(stderr, "fss-searchd: accepting connections failed (%s), listening again\n",
                 std::strerror(err));
    if (!server.bind(host, server.port())) {
      std::fprintf(stderr, "fss-searchd: cannot listen on %s:%d any more\n", host.c_str(),
                   server.port());
      status = 1;
      break;
    }
  }
  // Wake the signal thread if no signal came, so that it can be joined.
  if (!stopping.exchange(true)) pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  std::fprintf(stderr, "fss-searchd: stopped\n");
  return status;
}
