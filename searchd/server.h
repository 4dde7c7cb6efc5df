// fss-searchd's HTTP side: the route table, the handlers, limits, logging and metrics.
// The handlers are thin: parse parameters, call the core library, serialise.
//
// Thread-safety: connections are held by an HttpFront (one event loop, a fixed set of
// request threads); searches run on SearchWorkers sized to the cores.
#ifndef FSS_SEARCHD_SERVER_H_
#define FSS_SEARCHD_SERVER_H_

#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>

#include "fss/analyzer.h"
#include "http_front.h"
#include "metrics.h"
#include "query_log.h"
#include "search_workers.h"
#include "static_files.h"

namespace fss::searchd {

struct ServerOptions {
  std::string index_dir = "index";
  size_t search_workers = 0;  // 0: one per core
  size_t search_queue = 16;   // searches waiting for a worker; more: 503 at once
  int search_timeout_s = 5;   // a search (waiting included) answers 503 after this
  int stop_timeout_s = 10;    // SIGTERM: everything still open is cut after this
  // Connections (http_front.h): request_threads, caps, header/keep-alive/write timeouts.
  FrontOptions front;
  bool access_log = true;  // one line per request on stderr
  // --query-log (query_log.h): owned by the caller; null: none.
  QueryLog* query_log = nullptr;
};

class Server {
 public:
  Server(const ServerOptions& options, const Analyzer* analyzer);
  ~Server();

  // Binds host:port (port 0: any free port) and serves until stop(). Returns false when
  // the address cannot be bound.
  bool bind(const std::string& host, int port);
  // OK when the connection loop runs (http_front.h); else why not: do not bind then.
  const Status& start_status() const { return http_.start_status(); }
  int port() const { return port_; }
  void serve();  // blocks
  // From any thread: stop accepting (serve() returns), answer the requests already read,
  // cut what is left after stop_timeout_s.
  void stop();
  // After stop(): false when something was still running at the stop deadline (+1 s).
  bool wait_stopped();

 private:
  void install_hooks();     // before and after every route: limits, errors, the access log
  void routes();            // the route table
  void record(int status);  // one finished request into the metrics
  void get_search(const httplib::Request& req, httplib::Response& res);
  void get_post(const httplib::Request& req, httplib::Response& res);
  void get_suggest(const httplib::Request& req, httplib::Response& res);
  void get_analyze(const httplib::Request& req, httplib::Response& res);
  void get_areas(const httplib::Request& req, httplib::Response& res);
  void get_healthz(const httplib::Request& req, httplib::Response& res);
  void get_metrics(const httplib::Request& req, httplib::Response& res);
  void get_static(const httplib::Request& req, httplib::Response& res);
  void get_robots(const httplib::Request& req, httplib::Response& res);
  // Runs `job` on a search worker by the request's deadline.
  Status on_worker(const std::function<void(Searcher&)>& job);
  HttpFront::Clock::time_point deadline() const;

  ServerOptions options_;
  const Analyzer* analyzer_;
  SearchWorkers workers_;
  std::atomic<size_t> waiting_for_worker_{0};  // requests in on_worker()
  Metrics metrics_;
  StaticFiles static_files_;  // before http_: the answers being written point into it
  HttpFront http_;
  int port_ = 0;
  int listen_fd_ = -1;  // cpp-httplib's listening socket, owned by it
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_SERVER_H_
