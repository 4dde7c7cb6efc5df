#include "server.h"

#include <sys/socket.h>
#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "fss/ids.h"
#include "fss/index_dir.h"
#include "fss/schema.h"
#include "fss/search.h"
#include "fss/search_json.h"
#include "fss/search_params.h"
#include "fss/utf8.h"
#include "http_errors.h"
#include "robots.h"

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

// Both well under cpp-httplib's 8192-byte request line, so that their 400 is reachable.
constexpr size_t kMaxAnalyzeBytes = 4096;
constexpr size_t kMaxSuggestBytes = 256;

// One text parameter, given at most once, valid UTF-8 and at most `max` bytes.
Result<std::string> text_param(const httplib::Request& req, const char* name, size_t max) {
  if (req.get_param_value_count(name) > 1)
    return Status::invalid_argument(std::string(name) + ": given more than once");
  std::string v = req.get_param_value(name);
  if (v.find('\0') != std::string::npos)
    return Status::invalid_argument(std::string(name) + ": contains a NUL byte");
  if (auto bad = find_invalid_utf8(v))
    return Status::invalid_argument(std::string(name) + ": invalid UTF-8 at byte " +
                                    std::to_string(*bad));
  if (v.size() > max)
    return Status::invalid_argument(std::string(name) + ": longer than " + std::to_string(max) +
                                    " bytes");
  return v;
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
  routes();
}

Server::~Server() { stop(); }

void Server::routes() {
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

  const auto route = [this](const char* name,
                            void (Server::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, name, handler](const httplib::Request& req, httplib::Response& res) {
      t_route = name;
      (this->*handler)(req, res);
      // Errors are counted by the error handler, which cpp-httplib runs for every 4xx/5xx.
      if (res.status < 400) record(res.status < 0 ? 200 : res.status);
    };
  };
  http_.Get("/api/search", route("search", &Server::get_search));
  http_.Get(R"(/api/posts/([^/]*))", route("posts", &Server::get_post));
  http_.Get("/api/suggest", route("suggest", &Server::get_suggest));
  http_.Get("/api/analyze", route("analyze", &Server::get_analyze));
  http_.Get("/api/areas", route("areas", &Server::get_areas));
  http_.Get("/healthz", route("healthz", &Server::get_healthz));
  http_.Get("/metrics", route("metrics", &Server::get_metrics));
  http_.Get(R"(/|/app\.js|/style\.css|/favicon\.ico)", route("static", &Server::get_static));
  http_.Get("/robots.txt", [this](const httplib::Request&, httplib::Response& res) {
    t_route = "static";
    serve_robots_txt(res);  // robots.h
    record(200);
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

namespace {

// The live generation and its size from a cheap read of the index: the stub, a fresh
// Database, the first posting of the post type and that document's data. No search
// worker is needed, and an index whose files cannot be read fails here as a search would.
Result<IndexInfo> read_index_info(const std::string& dir) {
  auto live = live_generation(dir);
  if (!live.is_ok()) return live.status();
  try {
    Xapian::Database db(dir);
    const std::string posts = std::string(schema::kType) + schema::kTypePost;
    Xapian::PostingIterator p = db.postlist_begin(posts);
    if (p != db.postlist_end(posts)) {
      const std::string data = db.get_document(*p).get_data();
      if (data.empty() || data.front() != '{')
        return Status::unavailable(dir + ": index cannot be read: a document has no data");
    }
    return IndexInfo{live.value(), db.get_doccount()};
  } catch (const Xapian::Error& e) {
    return Status::unavailable(dir + ": index cannot be read: " + e.get_description());
  }
}

}  // namespace

void Server::get_search(const httplib::Request& req, httplib::Response& res) {
  auto request = request_from_params(req.params);
  if (!request.is_ok()) return send_error(res, request.status());
  request.value().deadline = deadline();
  std::optional<Result<SearchResponse>> answer;
  Status s = on_worker([&](Searcher& searcher) { answer = searcher.search(request.value()); });
  if (s.is_ok() && !answer->is_ok()) s = answer->status();
  if (!s.is_ok()) return send_error(res, s);
  const SearchResponse& response = answer->value();
  metrics_.observe_search(response.total, response.suggestion_used, response.partial);
  if (options_.query_log) options_.query_log->write(request.value(), response);
  res.set_content(response_to_json(response), kJson);
}

void Server::get_post(const httplib::Request& req, httplib::Response& res) {
  const std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
  if (id.size() > 200 || !is_url_safe_id(id))
    return send_error(
        res, Status::not_found("no post with id '" + repair_utf8(id.substr(0, 200)) + "'"));
  std::optional<Result<PostView>> post;
  Status s = on_worker([&](Searcher& searcher) { post = searcher.get_post(id); });
  if (s.is_ok() && !post->is_ok()) s = post->status();
  if (!s.is_ok()) return send_error(res, s);
  res.set_content(post_view_to_json(post->value()), kJson);
}

void Server::get_suggest(const httplib::Request& req, httplib::Response& res) {
  auto q = text_param(req, "q", kMaxSuggestBytes);
  if (!q.is_ok()) return send_error(res, q.status());
  std::optional<Result<std::vector<Completion>>> completions;
  Status s = on_worker([&](Searcher& searcher) { completions = searcher.suggest(q.value(), 10); });
  if (s.is_ok() && !completions->is_ok()) s = completions->status();
  if (!s.is_ok()) return send_error(res, s);
  res.set_content(completions_to_json(q.value(), completions->value()), kJson);
}

void Server::get_analyze(const httplib::Request& req, httplib::Response& res) {
  auto text = text_param(req, "text", kMaxAnalyzeBytes);
  if (!text.is_ok()) return send_error(res, text.status());
  std::vector<Token> tokens;
  if (Status s = analyzer_->analyze(text.value(), &tokens); !s.is_ok()) return send_error(res, s);
  res.set_content(tokens_to_json(tokens), kJson);
}

void Server::get_areas(const httplib::Request&, httplib::Response& res) {
  std::string areas;
  if (Status s = on_worker([&](Searcher& searcher) { areas = searcher.areas_json(); }); !s.is_ok())
    return send_error(res, s);
  res.set_content(areas, kJson);
}

void Server::get_healthz(const httplib::Request&, httplib::Response& res) {
  auto read = read_index_info(options_.index_dir);
  if (!read.is_ok()) return send_error(res, read.status());
  const IndexInfo& info = read.value();
  res.set_content("{\"status\":\"ok\",\"generation\":\"" + info.generation +
                      "\",\"documents\":" + std::to_string(info.documents) + "}",
                  kJson);
}

void Server::get_metrics(const httplib::Request&, httplib::Response& res) {
  Metrics::Gauges g;
  g.reopens = workers_.reopens();
  if (auto read = read_index_info(options_.index_dir); read.is_ok()) {
    g.documents = read.value().documents;
    g.generation = read.value().generation;
  }
  const FrontStats front = http_.stats();
  g.connections = front.open;
  g.connections_closed = front.closed;
  res.set_content(metrics_.render(g), "text/plain; version=0.0.4; charset=utf-8");
}

void Server::get_static(const httplib::Request& req, httplib::Response& res) {
  // The route admits only the page's paths, all of which static_files_ answers.
  if (!static_files_.serve(req, res)) res.status = 404;
}

}  // namespace fss::searchd
