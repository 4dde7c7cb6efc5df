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

struct Args {
  fss::searchd::ServerOptions options;
  std::string listen = "127.0.0.1:8080";
  std::string host;
  int port = 0;
  bool wait_for_index = false;
  std::string query_log_path;
};

// The size or seconds option `a` names, or null.
size_t* count_option(const std::string& a, fss::searchd::ServerOptions* o) {
  return a == "--workers"                      ? &o->search_workers
         : a == "--search-queue"               ? &o->search_queue
         : a == "--http-threads"               ? &o->front.request_threads
         : a == "--max-connections"            ? &o->front.max_connections
         : a == "--max-connections-per-client" ? &o->front.max_connections_per_client
                                               : nullptr;
}

int* seconds_option(const std::string& a, fss::searchd::ServerOptions* o) {
  return a == "--search-timeout"                            ? &o->search_timeout_s
         : a == "--stop-timeout"                            ? &o->stop_timeout_s
         : a == "--header-timeout" || a == "--read-timeout" ? &o->front.header_timeout_s
         : a == "--keep-alive-timeout"                      ? &o->front.keep_alive_timeout_s
         : a == "--write-timeout"                           ? &o->front.write_timeout_s
                                                            : nullptr;
}

// The value of the numeric option argv[*i] into its field; false (after the message)
// when it is out of range.
bool parse_number(const std::string& a, char** argv, int* i, Args* out) {
  if (size_t* count = count_option(a, &out->options)) {
    size_t n = 0;
    const std::string v = argv[++*i];
    const bool zero_ok = a == "--max-connections-per-client" && v == "0";
    if (!zero_ok && (!parse_size(v, &n) || (a == "--max-connections" && n > 900))) {
      std::fprintf(stderr, "fss-searchd: %s: not a positive number%s: '%s'\n", a.c_str(),
                   a == "--max-connections" ? " up to 900" : "", v.c_str());
      return false;
    }
    *count = n;
    return true;
  }
  size_t s = 0;
  if (!parse_size(argv[++*i], &s) || s > 3600) {
    std::fprintf(stderr, "fss-searchd: %s: expected 1 to 3600 seconds, got '%s'\n", a.c_str(),
                 argv[*i]);
    return false;
  }
  *seconds_option(a, &out->options) = static_cast<int>(s);
  return true;
}

// --listen HOST:PORT into host and port.
bool parse_listen(Args* out) {
  const std::string& listen = out->listen;
  const size_t colon = listen.rfind(':');
  size_t port = 0;
  if (colon == std::string::npos || colon == 0 ||
      (listen.substr(colon + 1) != "0" &&
       (!parse_size(listen.substr(colon + 1), &port) || port > 65535))) {
    std::fprintf(stderr, "fss-searchd: --listen: expected HOST:PORT, got '%s'\n", listen.c_str());
    return false;
  }
  out->host = listen.substr(0, colon);
  out->port = static_cast<int>(port);
  return true;
}

// The command line into `out`: -1 to go on, else the exit status (0 after --help).
int parse_args(int argc, char** argv, Args* out) {
  fss::searchd::ServerOptions& options = out->options;
  if (const char* env = std::getenv("FSS_INDEX"); env && *env) options.index_dir = env;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_next = i + 1 < argc;
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (a == "--wait-for-index") {
      out->wait_for_index = true;
    } else if (a == "--query-log" && has_next) {
      out->query_log_path = argv[++i];
    } else if (a == "--no-access-log") {
      options.access_log = false;
    } else if (a == "--listen" && has_next) {
      out->listen = argv[++i];
    } else if (a == "--index" && has_next) {
      options.index_dir = argv[++i];
    } else if ((count_option(a, &options) || seconds_option(a, &options)) && has_next) {
      if (!parse_number(a, argv, &i, out)) return 2;
    } else {
      std::fprintf(stderr, "fss-searchd: bad argument '%s'\n\n%s", a.c_str(), kUsage);
      return 2;
    }
  }
  if (!parse_listen(out)) return 2;
  if (fss::Status s = fss::searchd::check_index_path(options.index_dir, out->wait_for_index);
      !s.is_ok()) {
    std::fprintf(stderr, "fss-searchd: %s\n", s.message().c_str());
    return 2;
  }
  return -1;
}

// Signals are taken by one thread with sigwait, so that stopping is ordinary code and not
// a signal handler's restricted world: blocked here, in every thread started after.
sigset_t block_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  return signals;
}

// Serves until a signal stops the server (0), or listening fails for good (1).
int serve_until_stopped(fss::searchd::Server* server, const Args& args, const sigset_t& signals) {
  std::atomic<bool> stopping{false};
  std::thread stopper([&] {
    int sig = 0;
    for (;;) {
      sigwait(&signals, &sig);
      if (sig != SIGHUP || stopping) break;
      std::fprintf(stderr, "fss-searchd: SIGHUP ignored (the log is stderr)\n");
    }
    if (stopping.exchange(true)) return;  // woken by the code below
    std::fprintf(stderr, "fss-searchd: %s, answering the requests already read (at most %d s)\n",
                 sig == SIGINT ? "SIGINT" : "SIGTERM", args.options.stop_timeout_s);
    server->stop();
  });
  int status = 0;
  for (;;) {
    server->serve();
    if (stopping) break;
    // cpp-httplib 0.11 gives up listening on any accept() error but EMFILE (it closes the
    // socket and serve() returns): listen again rather than die with the port unserved.
    const int err = errno;
    std::fprintf(stderr, "fss-searchd: accepting connections failed (%s), listening again\n",
                 std::strerror(err));
    if (!server->bind(args.host, server->port())) {
      std::fprintf(stderr, "fss-searchd: cannot listen on %s:%d any more\n", args.host.c_str(),
                   server->port());
      status = 1;
      break;
    }
  }
  // Wake the signal thread if no signal came, so that it can be joined.
  if (!stopping.exchange(true)) pthread_kill(stopper.native_handle(), SIGTERM);
  stopper.join();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (const int status = parse_args(argc, argv, &args); status >= 0) return status;
  fss::searchd::ServerOptions& options = args.options;
  std::unique_ptr<fss::searchd::QueryLog> query_log;
  if (!args.query_log_path.empty()) {
    auto opened = fss::searchd::QueryLog::open(args.query_log_path);
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

  const sigset_t signals = block_signals();
  fss::searchd::Server server(options, analyzer.value().get());
  if (!server.start_status().is_ok()) {
    std::fprintf(stderr, "fss-searchd: %s\n", server.start_status().message().c_str());
    return 1;
  }
  if (!server.bind(args.host, args.port)) {
    std::fprintf(stderr, "fss-searchd: cannot listen on %s\n", args.listen.c_str());
    return 1;
  }
  std::fprintf(stderr, "fss-searchd: serving %s on http://%s:%d/\n", options.index_dir.c_str(),
               args.host.c_str(), server.port());
  const int status = serve_until_stopped(&server, args, signals);
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
