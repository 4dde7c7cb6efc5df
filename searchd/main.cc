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
    "usage: fss-searchd [--listen HOST:PORT] [--index DIR] [options]\n"
    "\n"
    "Serves search over HTTP: the page at /, the API at /api/search, /api/posts/ID,\n"
    "/api/suggest, /api/analyze, /api/areas, and /healthz, /metrics.\n"
    "  --listen HOST:PORT   default 127.0.0.1:8080 (port 0: any free port, printed)\n"
    "  --index DIR          default $FSS_INDEX, else ./index; must exist unless\n"
    "  --wait-for-index     (started before the first build: 503 until it is built)\n"
    "  --query-log FILE     append one JSON line per search (query, filters, hits, time;\n"
    "                       never the client's address); off by default\n"
    "  --no-access-log      no line per request on stderr\n"
    "Searches:\n"
    "  --workers N          searches at once (default: one per core)\n"
    "  --search-queue N     searches waiting for a worker; more get 503 (default 16)\n"
    "  --search-timeout S   a search, waiting included, gets 503 after S s (default 5)\n"
    "Connections:\n"
    "  --http-threads N     requests answered at once; idle connections hold none; at most\n"
    "                       3/4 of them wait for a search worker (default 32)\n"
    "  --max-connections N  open connections in all, at most 900 (default 512); at the cap\n"
    "                       idle keep-alive connections are closed first, else 503\n"
    "  --max-connections-per-client N\n"
    "                       per client address (default 256; 0: no cap, behind a proxy)\n"
    "  --header-timeout S   a whole request head must arrive within S s (default 10;\n"
    "                       --read-timeout is the old name)\n"
    "  --keep-alive-timeout S  idle time between requests (default 5)\n"
    "  --write-timeout S    a whole answer, from its first byte (default 10)\n"
    "  --stop-timeout S     on SIGTERM/SIGINT: stop accepting, answer the requests read,\n"
    "                       cut the rest after S s (default 10; systemd waits 15)\n"
    "Limits: request line 8192 bytes (414), header line 8192 bytes, head 16384 bytes,\n"
    "100 headers, duplicate or spaced Content-Length (400), no request bodies (413);\n"
    "1000 requests per connection; a 1 MiB send buffer per connection (kernel-capped).\n"
    "q: 1024 bytes, at most 10 different prefixes (word*); size 1..100; page 1..10000;\n"
    "author, area: 50 values; suggest q: 256 bytes; analyze text: 4096 bytes (all 400).\n"
    "total and facets are exact while counting takes at most 1 s, then estimated.\n"
    "SIGHUP is ignored (the log is stderr: nothing to reopen; a new index needs no signal).\n";

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
    size_t* count = a == "--workers"           ? &options.search_workers
                    : a == "--search-queue"    ? &options.search_queue
                    : a == "--http-threads"    ? &options.front.request_threads
                    : a == "--max-connections" ? &options.front.max_connections
                    : a == "--max-connections-per-client"
                        ? &options.front.max_connections_per_client
                        : nullptr;
    int* seconds = a == "--search-timeout" ? &options.search_timeout_s
                   : a == "--stop-timeout" ? &options.stop_timeout_s
                   : a == "--header-timeout" || a == "--read-timeout"
                       ? &options.front.header_timeout_s
                   : a == "--keep-alive-timeout" ? &options.front.keep_alive_timeout_s
                   : a == "--write-timeout"      ? &options.front.write_timeout_s
                                                 : nullptr;
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
    } else if (count && has_next) {
      size_t n = 0;
      const std::string v = argv[++i];
      const bool zero_ok = a == "--max-connections-per-client" && v == "0";
      if (!zero_ok && (!parse_size(v, &n) || (a == "--max-connections" && n > 900))) {
        std::fprintf(stderr, "fss-searchd: %s: not a positive number%s: '%s'\n", a.c_str(),
                     a == "--max-connections" ? " up to 900" : "", v.c_str());
        return 2;
      }
      *count = n;
    } else if (seconds && has_next) {
      size_t s = 0;
      if (!parse_size(argv[++i], &s) || s > 3600) {
        std::fprintf(stderr, "fss-searchd: %s: expected 1 to 3600 seconds, got '%s'\n", a.c_str(),
                     argv[i]);
        return 2;
      }
      *seconds = static_cast<int>(s);
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
  sigaddset(&signals, SIGHUP);
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
    for (;;) {
      sigwait(&signals, &sig);
      if (sig != SIGHUP || stopping) break;
      std::fprintf(stderr, "fss-searchd: SIGHUP ignored (the log is stderr)\n");
    }
    if (stopping.exchange(true)) return;  // woken by main below
    std::fprintf(stderr, "fss-searchd: %s, answering the requests already read (at most %d s)\n",
                 sig == SIGINT ? "SIGINT" : "SIGTERM", options.stop_timeout_s);
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
  server.stop();
  if (!server.wait_stopped()) {
    // A request thread is still inside a library call at the deadline: leave without
    // waiting for it (systemd would kill us a few seconds later anyway).
    std::fprintf(stderr, "fss-searchd: stopped at the deadline with work cut short\n");
    std::fflush(stderr);
    std::_Exit(status);
  }
  std::fprintf(stderr, "fss-searchd: stopped\n");
  return status;
}
