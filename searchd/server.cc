// fss-searchd's Server (server.h): its life, the route table and the hooks cpp-httplib
// runs around every route; the handlers are in server_handlers.cc.
#include "server.h"

#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>

#include "fss/search_json.h"
#include "fss/utf8.h"
#include "http_errors.h"

namespace fss::searchd {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kJson = "application/json; charset=utf-8";

// The request being served on this thread: one at a time per cpp-httplib worker, so a
// thread_local carries its start and route from the pre-routing handler to the logger.
// Requests that cpp-httplib refuses itself (bad request line, long URI) never reach the
// pre-routing handler: the logger resets both so that they are not charged to the
// request before them.
thread_local Clock::time_point t_start{};
thread_local const char* t_route = "other";

// Since the pre-routing handler saw the request; 0 for one refused before routing (a bad
// request line), which never reached it.
double elapsed_seconds() {
  return t_start == Clock::time_point{}
             ? 0.0
             : std::chrono::duration<double>(Clock::now() - t_start).count();
}

// A method or path as the access log shows it: one word on one line whatever the client
// sent (the path is URL-decoded, so "%0A" would otherwise start a forged log line), "-"
// when cpp-httplib refused the request before parsing it.
std::string log_field(const std::string& raw, size_t max) {
  if (raw.empty()) return "-";
  std::string out;
  for (const unsigned char c : repair_utf8(raw.substr(0, max))) {
    if (c <= 0x20 || c == 0x7f) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string now_iso() {
  char buf[32];
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The contract's JSON error, after which the connection is closed: used when the request
// carries a body, which is never read, so its bytes must not be taken for a next request.
// cpp-httplib 0.11 closes a connection only when the client asks for it or a write fails;
// a content provider that returns false after writing the whole body counts as a failed
// write, so the answer goes out complete and the connection ends.
void send_error_and_close(httplib::Response& res, int status, const char* code,
                          const std::string& message) {
  res.status = status;
  res.set_header("Connection", "close");
  std::string body = error_to_json(code, message);
  const size_t size = body.size();
  res.set_content_provider(
      size, kJson, [body = std::move(body)](size_t offset, size_t, httplib::DataSink& sink) {
        sink.write(body.data() + offset, body.size() - offset);
        return false;
      });
}

// Errors cpp-httplib raises before routing, in the contract's words.
std::pair<const char*, std::string> describe_refusal(int status) {
  switch (status) {
    case 400:
      return {"bad_request", "malformed request line or header"};
    case 414:
      return {"uri_too_long", "request line longer than 8192 bytes"};
    case 416:
      return {"bad_request", "malformed Range header"};
    default:
      return {status >= 500 ? "internal" : "bad_request",
              "request refused (HTTP " + std::to_string(status) + ")"};
  }
}

}  // namespace

Server::Server(const ServerOptions& options, const Analyzer* analyzer)
    : options_(options),
      analyzer_(analyzer),
      workers_(options.index_dir, analyzer, options.search_workers, options.search_queue),
      static_files_(std::time(nullptr)),
      http_(options.front) {
  http_.set_payload_max_length(0);
  // Only for the Keep-Alive header cpp-httplib writes: HttpFront enforces both.
  http_.set_keep_alive_max_count(options_.front.keep_alive_max_requests);
  http_.set_keep_alive_timeout(options_.front.keep_alive_timeout_s);
  // cpp-httplib's default adds SO_REUSEPORT, with which a second daemon binds the same port
  // and the kernel splits the requests between the two (say, an old index and a new one).
  // It is called for the listening socket only: keep it, to raise the backlog after bind.
  http_.set_socket_options([this](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    listen_fd_ = sock;
  });
  // Heads the front refuses itself (too long, ambiguous framing, too many connections)
  // are counted and logged like cpp-httplib's own refusals.
  http_.on_refusal([this](int status, const std::string&) {
    metrics_.observe("other", status, 0);
    if (options_.access_log) std::fprintf(stderr, "%s - - %d 0.00ms\n", now_iso().c_str(), status);
  });
  install_hooks();
  routes();
}

Server::~Server() { stop(); }

void Server::routes() {
  using Handler = void (Server::*)(const httplib::Request&, httplib::Response&);
  struct Route {
    const char* pattern;
    const char* name;  // the route's label in /metrics
    Handler handler;
  };
  static constexpr Route kRoutes[] = {
      {"/api/search", "search", &Server::get_search},
      {R"(/api/posts/([^/]*))", "posts", &Server::get_post},
      {"/api/suggest", "suggest", &Server::get_suggest},
      {"/api/analyze", "analyze", &Server::get_analyze},
      {"/api/areas", "areas", &Server::get_areas},
      {"/healthz", "healthz", &Server::get_healthz},
      {"/metrics", "metrics", &Server::get_metrics},
      {R"(/|/app\.js|/style\.css|/favicon\.ico)", "static", &Server::get_static},
      {"/robots.txt", "static", &Server::get_robots},
  };
  for (const Route& r : kRoutes) {
    http_.Get(r.pattern, [this, r](const httplib::Request& req, httplib::Response& res) {
      t_route = r.name;
      (this->*r.handler)(req, res);
      // Errors are counted by the error handler, which cpp-httplib runs for every 4xx/5xx.
      if (res.status < 400) record(res.status < 0 ? 200 : res.status);
    });
  }
}

void Server::install_hooks() {
  // Before the body is read: this daemon serves GET only, and a body (chunked ones too,
  // which cpp-httplib 0.11 reads without bound) is refused before a byte of it is read.
  http_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_start = Clock::now();
    t_route = "other";
    add_security_headers(res);
    // Range requests are ignored (RFC 9110 allows it): the answers are small, and cpp-httplib
    // 0.11 serves any number of ranges, so "bytes=0-,0-,..." multiplied an answer a
    // thousandfold. The Request is cpp-httplib's own non-const local, so this is legal.
    const_cast<httplib::Request&>(req).ranges.clear();
    const bool has_body =
        req.has_header("Transfer-Encoding") ||
        (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
    if (has_body) {
      send_error_and_close(res, 413, "payload_too_large", "this server accepts no request bodies");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD") {
      send_error(res, 405, "method_not_allowed",
                 "method " + repair_utf8(req.method.substr(0, 16)) + " is not allowed");
      res.set_header("Allow", "GET, HEAD");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  // "Expect: 100-continue" is answered before routing; cpp-httplib's default invites the
  // body. This server takes none: refuse it at once and close.
  http_.set_expect_100_continue_handler([](const httplib::Request&, httplib::Response& res) {
    send_error_and_close(res, 413, "payload_too_large", "this server accepts no request bodies");
    return 413;
  });

  // Unknown paths, and errors cpp-httplib raises itself (400 for a bad request line, 414
  // for a long URI, ...), get the contract's JSON too.
  http_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    record(res.status);
    add_security_headers(res);
    if (res.has_header("Content-Type")) return;  // a handler's own error
    if (res.status == 404) {
      send_error(res, 404, "not_found", "no such page: " + repair_utf8(req.path.substr(0, 200)));
    } else {
      const auto [code, message] = describe_refusal(res.status);
      // Refused before routing (a bad request line or header): where the next request
      // would start is unknown, so the connection ends with this answer.
      if (t_start == Clock::time_point{})
        send_error_and_close(res, res.status, code, message);
      else
        send_error(res, res.status, code, message);
    }
  });
  http_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        // Reached only through a bug: the client sees a JSON 500 and never the exception's text.
        send_error(res, 500, "internal", "internal error");
      });
  http_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    const double seconds = elapsed_seconds();
    t_start = {};
    t_route = "other";
    if (options_.access_log)
      std::fprintf(stderr, "%s %s %s %d %.2fms\n", now_iso().c_str(),
                   log_field(req.method, 16).c_str(), log_field(req.path, 300).c_str(), res.status,
                   seconds * 1000);
  });
}

// Metrics are recorded before the answer is written, not in the logger (which cpp-httplib
// calls after writing): a client that has its answer must find it counted in /metrics.
void Server::record(int status) { metrics_.observe(t_route, status, elapsed_seconds()); }

bool Server::bind(const std::string& host, int port) {
  bool bound;
  if (port == 0) {
    port_ = http_.bind_to_any_port(host);
    bound = port_ > 0;
  } else {
    port_ = port;
    bound = http_.bind_to_port(host, port);
  }
  // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections (a proxy
  // opening upstream connections, a load test) overflowed it and clients saw "connection
  // refused". listen() again on a listening socket only changes the backlog.
  if (bound && listen_fd_ >= 0) ::listen(listen_fd_, SOMAXCONN);
  return bound;
}

void Server::serve() { http_.listen_after_bind(); }

void Server::stop() {
  http_.drain(HttpFront::Clock::now() + std::chrono::seconds(options_.stop_timeout_s));
}

bool Server::wait_stopped() {
  return http_.wait_drained(http_.drain_deadline() + std::chrono::seconds(1));
}

HttpFront::Clock::time_point Server::deadline() const {
  return std::min(HttpFront::Clock::now() + std::chrono::seconds(options_.search_timeout_s),
                  http_.drain_deadline());
}

Status Server::on_worker(const std::function<void(Searcher&)>& job) {
  // Requests for a worker may hold at most three quarters of the request threads, so that
  // /healthz, /metrics and the page always find one free however many searches wait.
  const size_t threads = std::max<size_t>(1, options_.front.request_threads);
  const size_t most = std::max<size_t>(1, threads - std::max<size_t>(1, threads / 4));
  if (waiting_for_worker_.fetch_add(1) >= most) {
    --waiting_for_worker_;
    return Status::busy("too many searches at once; try again");
  }
  Status s = workers_.run(deadline(), job);
  --waiting_for_worker_;
  return s;
}

}  // namespace fss::searchd
