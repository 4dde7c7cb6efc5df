// HttpFront's life (start, drain, stop) and its request threads; the event loop that
// holds the connections is in http_front_loop.cc, the Stream in http_front_conn.cc.
#include "http_front.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "http_front_conn.h"
#include "request_head.h"

namespace fss::searchd {
namespace {

using Clock = HttpFront::Clock;

// cpp-httplib's accept loop hands each socket to its task queue; this one runs the task
// at once, on the accept thread: the task (process_and_close_socket) only passes the
// socket on to the event loop.
class InlineQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

Status system_error(const char* call) {
  const int err = errno;
  return Status::io_error(std::string("cannot start the connection loop: ") + call + ": " +
                          std::strerror(err));
}

}  // namespace

HttpFront::HttpFront(FrontOptions options) : options_(options) {
  // cpp-httplib owns (and deletes) the queue this returns: its API takes a raw pointer.
  new_task_queue = [] { return new InlineQueue; };
  start_status_ = start();
  if (!start_status_.is_ok()) {
    // Nothing runs: sockets handed over are closed at once, and there is nothing to drain.
    MutexLock lock(&mu_);
    draining_ = true;
    loop_done_ = true;
  }
}

Status HttpFront::start() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return system_error("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) return system_error("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0)
    return system_error("epoll_ctl(EPOLL_CTL_ADD, eventfd)");
  loop_thread_ = std::thread([this] { loop(); });
  for (size_t i = 0; i < std::max<size_t>(1, options_.request_threads); ++i)
    request_threads_.emplace_back([this] { request_thread(); });
  return Status::ok();
}

HttpFront::~HttpFront() {
  drain(Clock::now());
  wait_drained(Clock::now() + std::chrono::seconds(5));
  {
    MutexLock lock(&mu_);
    stopping_ = true;
  }
  work_cv_.SignalAll();
  for (std::thread& t : request_threads_) t.join();
  if (loop_thread_.joinable()) loop_thread_.join();
  if (epoll_fd_ >= 0) ::close(epoll_fd_);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool HttpFront::process_and_close_socket(socket_t sock) {
  {
    MutexLock lock(&mu_);
    if (draining_) {
      ::close(sock);
      return false;
    }
    accepted_.push_back(sock);
  }
  wake();
  return true;
}

void HttpFront::wake() {
  if (wake_fd_ < 0) return;  // never started
  const uint64_t one = 1;
  for (;;) {
    const ssize_t n = ::write(wake_fd_, &one, sizeof one);
    if (n == static_cast<ssize_t>(sizeof one)) return;
    if (n < 0 && errno == EINTR) continue;
    // EAGAIN: the counter is full, so the loop wakes anyway. Otherwise the loop still
    // looks every 100 ms: the hand-over is late, not lost.
    if (n < 0 && errno != EAGAIN) front::log_errno("waking the connection loop (eventfd write)");
    return;
  }
}

void HttpFront::drain(Clock::time_point deadline) {
  {
    MutexLock lock(&mu_);
    if (!draining_) {
      draining_ = true;
      drain_deadline_ns_ = deadline.time_since_epoch().count();
    }
  }
  if (is_running()) stop();  // cpp-httplib closes the listening socket
  wake();
}

Clock::time_point HttpFront::drain_deadline() const {
  return Clock::time_point(Clock::duration(drain_deadline_ns_.load()));
}

bool HttpFront::wait_drained(Clock::time_point deadline) {
  MutexLock lock(&mu_);
  while (!loop_done_) {
    if (!drained_cv_.WaitUntil(&mu_, deadline)) return loop_done_;
  }
  return true;
}

FrontStats HttpFront::stats() const {
  MutexLock lock(&mu_);
  return stats_;
}

void HttpFront::request_thread() {
  for (;;) {
    Conn* c = nullptr;
    {
      MutexLock lock(&mu_);
      while (!stopping_ && work_.empty()) work_cv_.Wait(&mu_);
      if (work_.empty()) return;
      c = work_.front();
      work_.pop_front();
      ++busy_threads_;
    }
    serve_one(c);
    {
      MutexLock lock(&mu_);
      --busy_threads_;
      returned_.push_back(c);
    }
    wake();
  }
}

void HttpFront::serve_one(Conn* c) {
  // Pipelined requests: each complete head in the buffer, in order, on this thread.
  for (;;) {
    const HeadCheck h = check_head(c->buf);
    if (h.state != HeadCheck::kComplete) return;  // the loop reads on or refuses
    bool draining;
    {
      MutexLock lock(&mu_);
      draining = draining_;
    }
    ++c->requests;
    const bool last = draining || c->requests >= options_.keep_alive_max_requests;
    BufferStream stream(c, h.length, options_.write_timeout_s, drain_deadline());
    bool client_closes = false;
    const bool written = process_request(stream, last, client_closes, nullptr);
    c->buf.erase(0, stream.consumed());
    if (!written || client_closes || last) {
      c->close_after = true;
      return;
    }
  }
}

}  // namespace fss::searchd
