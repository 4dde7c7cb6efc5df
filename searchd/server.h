// fss-searchd's HTTP side: the route table, the handlers, limits, logging and metrics.
// The handlers are thin: parse parameters, call the core library, serialise.
//
// Thread-safety: one Server serves many connections at once (cpp-httplib's thread pool);
// searches run on a SearcherPool sized to the cores.
#ifndef FSS_SEARCHD_SERVER_H_
#define FSS_SEARCHD_SERVER_H_

#include <httplib.h>

#include <memory>
#include <string>

#include "fss/analyzer.h"
#include "metrics.h"
#include "query_log.h"
#include "searcher_pool.h"

namespace fss::searchd {

struct ServerOptions {
  std::string index_dir = "index";
  size_t search_workers = 0;  // 0: one per core
  size_t http_threads = 32;   // connections served at once (keep-alive holds one each)
  int read_timeout_s = 10;
  int write_timeout_s = 10;
  int keep_alive_timeout_s = 5;
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
  int port() const { return port_; }
  void serve();  // blocks
  void stop();   // from any thread: finishes requests in flight, then serve() returns

 private:
  void routes();
  void record(int status);  // one finished request into the metrics
  void get_search(const httplib::Request& req, httplib::Response& res);
  void get_post(const httplib::Request& req, httplib::Response& res);
  void get_suggest(const httplib::Request& req, httplib::Response& res);
  void get_analyze(const httplib::Request& req, httplib::Response& res);
  void get_areas(const httplib::Request& req, httplib::Response& res);
  void get_healthz(const httplib::Request& req, httplib::Response& res);
  void get_metrics(const httplib::Request& req, httplib::Response& res);
  void get_static(const httplib::Request& req, httplib::Response& res);

  ServerOptions options_;
  const Analyzer* analyzer_;
  SearcherPool pool_;
  Metrics metrics_;
  httplib::Server http_;
  int port_ = 0;
  int listen_fd_ = -1;  // cpp-httplib's listening socket, owned by it
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_SERVER_H_
