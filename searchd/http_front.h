// The connection side of fss-searchd, in front of cpp-httplib (issue 17, findings 10-14).
//
// cpp-httplib 0.11.4 gives each connection a pool thread for its whole life: idle
// keep-alive time, a trickled header, an endless request line (read whole before its
// length is checked). HttpFront keeps cpp-httplib's accept loop, parser, router and
// writer, and takes the rest:
//   - its task queue runs nothing: each accepted socket is handed to one event-loop
//     thread (epoll), which holds every connection that is between requests or sending
//     its head, with no thread per connection;
//   - the loop reads a head into the connection's buffer, at most kMaxHeadBytes, checks
//     it (request_head.h) and refuses over-long or ambiguous heads itself;
//   - a complete head goes to a fixed pool of request threads, which run cpp-httplib's
//     Server::process_request (protected, for subclasses) on a Stream over the buffer;
//     bytes after the head (a pipelined request) stay buffered for the next turn, so
//     pipelined requests are answered in order;
//   - deadlines: a whole head within header_timeout of its first byte (or of the
//     connection's start); keep_alive_timeout between requests;
//   - caps: connections per client address, connections in all; at the cap the oldest idle
//     keep-alive connection is closed first, then the oldest that has sent nothing, else
//     the new connection is refused (503);
//   - drain(): stop accepting, close idle connections, answer what has a complete head
//     (with Connection: close), cut everything at the deadline.
// A failed epoll, eventfd or fcntl call is logged with its errno, never ignored: at
// start-up it makes start_status() an error; for a connection it closes (or refuses) that
// connection; an epoll_wait that fails for another reason than EINTR ends the process
// (the epoll set is unusable; systemd restarts the daemon). A lost wake-up only delays
// the loop's next look, which comes every 100 ms anyway.
//
// Files: http_front.cc (life, request threads), http_front_loop.cc (the event loop),
// http_front_conn.* (a connection, the Stream). It relies on cpp-httplib internals (the
// task queue, process_request): httplib_pin.h.
//
// Thread-safety: the public members may be called from any thread.
#ifndef FSS_SEARCHD_HTTP_FRONT_H_
#define FSS_SEARCHD_HTTP_FRONT_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "fss/mutex.h"
#include "fss/status.h"
#include "fss/thread_annotations.h"
#include "httplib_pin.h"

namespace fss::searchd {

struct FrontOptions {
  size_t request_threads = 32;              // requests being answered at once
  size_t max_connections = 512;             // open connections in all (at most 900)
  size_t max_connections_per_client = 256;  // per client address; 0: no cap (behind a proxy)
  int header_timeout_s = 10;                // a whole request head
  int keep_alive_timeout_s = 5;             // idle between requests
  int write_timeout_s = 10;                 // a whole answer, from its first write
  size_t keep_alive_max_requests = 1000;    // requests per connection
};

// Counters for /metrics.
struct FrontStats {
  uint64_t open = 0;                       // connections now
  std::map<std::string, uint64_t> closed;  // by reason: "per_client", "full", "idle", ...
};

class HttpFront : public httplib::Server {
 public:
  using Clock = std::chrono::steady_clock;
  // Called for a head the front refuses itself (status), after the answer is written.
  using RefusalHook = std::function<void(int status, const std::string& message)>;

  explicit HttpFront(FrontOptions options);
  ~HttpFront() override;

  // OK when the event loop runs; else why it could not start (epoll or eventfd failed,
  // with the system's reason): then no connection is served and the caller should stop.
  const Status& start_status() const { return start_status_; }

  void on_refusal(RefusalHook hook) { refusal_hook_ = std::move(hook); }

  // Stops accepting (serve's listen returns), closes idle connections, finishes requests
  // that have a complete head and cuts everything left at `deadline`.
  void drain(Clock::time_point deadline) LOCKS_EXCLUDED(mu_);
  // After drain(): waits until every connection is closed or `deadline`; false if some
  // request thread is still busy then.
  bool wait_drained(Clock::time_point deadline) LOCKS_EXCLUDED(mu_);
  // The drain deadline (Clock::time_point::max() until drain()): work started for a
  // request should end by then.
  Clock::time_point drain_deadline() const;

  FrontStats stats() const LOCKS_EXCLUDED(mu_);

 private:
  struct Conn;
  class BufferStream;

  bool process_and_close_socket(socket_t sock) override;  // from cpp-httplib's accept loop
  Status start();
  void loop();
  bool wait_events();       // one epoll_wait and its events; false: the epoll set is broken
  bool take_handed_over();  // the accepted and returned connections; true when draining
  void request_thread();
  void wake();
  bool watch(int fd);  // adds fd to the epoll set; false (logged) on failure
  void admit(int fd);
  bool make_room(const std::string& client);
  void on_readable(Conn* c);
  void examine(Conn* c);
  void dispatch(Conn* c);
  void refuse(Conn* c, int status, const char* code, const std::string& message);
  void close_conn(Conn* c, const char* reason);
  void expire(Clock::time_point now);
  void serve_one(Conn* c);

  const FrontOptions options_;
  Status start_status_;
  RefusalHook refusal_hook_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::thread loop_thread_;
  std::vector<std::thread> request_threads_;

  mutable Mutex mu_;
  CondVar work_cv_;                              // request threads wait for work_
  CondVar drained_cv_;                           // wait_drained waits for the loop to end
  std::vector<int> accepted_ GUARDED_BY(mu_);    // handed over by the accept loop
  std::vector<Conn*> returned_ GUARDED_BY(mu_);  // handed back by the request threads
  std::deque<Conn*> work_ GUARDED_BY(mu_);       // complete heads to answer
  bool draining_ GUARDED_BY(mu_) = false;
  bool stopping_ GUARDED_BY(mu_) = false;  // request threads end
  bool loop_done_ GUARDED_BY(mu_) = false;
  size_t busy_threads_ GUARDED_BY(mu_) = 0;
  std::atomic<int64_t> drain_deadline_ns_{INT64_MAX};
  FrontStats stats_ GUARDED_BY(mu_);

  // Owned by the loop thread.
  std::unordered_map<int, std::unique_ptr<Conn>> conns_;
  std::unordered_map<std::string, size_t> per_client_;
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_HTTP_FRONT_H_
