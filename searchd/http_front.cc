#include "http_front.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "http_errors.h"
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

// After a refusal the client may still be sending (a 256 MiB request line): its bytes are
// read and dropped for this long, at most this many, so that closing does not reset the
// connection before the client has read the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 4 << 20;

int ms_until(Clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 3600 * 1000));
}

// The peer's (or the local) address and port of a connected socket; empty and 0 on failure.
void socket_address(int fd, bool peer, std::string* ip, int* port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  char host[INET6_ADDRSTRLEN] = "";
  *port = 0;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? ::getpeername(fd, sa, &len) : ::getsockname(fd, sa, &len)) == 0) {
    if (addr.ss_family == AF_INET) {
      const auto* a = reinterpret_cast<sockaddr_in*>(&addr);
      ::inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
      *port = ntohs(a->sin_port);
    } else if (addr.ss_family == AF_INET6) {
      const auto* a = reinterpret_cast<sockaddr_in6*>(&addr);
      ::inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
      *port = ntohs(a->sin6_port);
    }
  }
  *ip = host;
}

// Writes what fits now and drops the rest: for the short answers to refused connections.
void send_now(int fd, const std::string& bytes) {
  (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

}  // namespace

struct HttpFront::Conn {
  enum State { kReading, kBusy, kLingering } state = kReading;
  int fd = -1;
  std::string client;  // the peer's address
  int port = 0;
  std::string buf;  // what the client sent that no request has used yet
  size_t requests = 0;
  size_t lingered = 0;
  bool close_after = false;  // set by a request thread
  bool cut = false;          // shut down at the drain deadline
  Clock::time_point opened, deadline;
};

// cpp-httplib's Stream over a connection: reads come from the buffered head (never past
// it: the head was checked to carry no body), writes go to the socket. The whole answer
// must be taken within the write timeout of its first write (a client reading a byte now
// and then does not hold a request thread longer), and by the drain deadline.
class HttpFront::BufferStream : public httplib::Stream {
 public:
  BufferStream(Conn* c, size_t head_length, int write_timeout_s, Clock::time_point drain)
      : c_(c), end_(head_length), write_timeout_s_(write_timeout_s), drain_(drain) {}

  bool is_readable() const override { return pos_ < end_; }
  bool is_writable() const override { return wait_writable(); }
  ssize_t read(char* ptr, size_t size) override {
    const size_t n = std::min(size, end_ - pos_);
    std::memcpy(ptr, c_->buf.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    if (!write_deadline_) write_deadline_ = Clock::now() + std::chrono::seconds(write_timeout_s_);
    size_t done = 0;
    while (done < size) {
      const ssize_t n = ::send(c_->fd, ptr + done, size - done, MSG_NOSIGNAL);
      if (n > 0) {
        done += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!wait_writable()) return -1;
      } else {
        return -1;
      }
    }
    return static_cast<ssize_t>(done);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_->client;
    port = c_->port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    socket_address(c_->fd, false, &ip, &port);
  }
  socket_t socket() const override { return c_->fd; }
  size_t consumed() const { return end_; }

 private:
  bool wait_writable() const {
    if (!write_deadline_) write_deadline_ = Clock::now() + std::chrono::seconds(write_timeout_s_);
    const Clock::time_point until = std::min(drain_, *write_deadline_);
    for (;;) {
      pollfd p{c_->fd, POLLOUT, 0};
      const int r = ::poll(&p, 1, ms_until(until));
      if (r < 0 && errno == EINTR) continue;
      return r > 0 && !(p.revents & (POLLERR | POLLHUP | POLLNVAL));
    }
  }

  Conn* c_;
  size_t pos_ = 0;
  const size_t end_;
  const int write_timeout_s_;
  const Clock::time_point drain_;
  mutable std::optional<Clock::time_point> write_deadline_;
};

HttpFront::HttpFront(FrontOptions options) : options_(options) {
  new_task_queue = [] { return new InlineQueue; };
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  loop_thread_ = std::thread([this] { loop(); });
  for (size_t i = 0; i < std::max<size_t>(1, options_.request_threads); ++i)
    request_threads_.emplace_back([this] { request_thread(); });
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
  loop_thread_.join();
  ::close(epoll_fd_);
  ::close(wake_fd_);
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
  const uint64_t one = 1;
  (void)::write(wake_fd_, &one, sizeof one);
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

void HttpFront::loop() {
  epoll_event events[64];
  for (;;) {
    const int n = ::epoll_wait(epoll_fd_, events, 64, 100);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == wake_fd_) {
        uint64_t v;
        (void)::read(wake_fd_, &v, sizeof v);
        continue;
      }
      auto it = conns_.find(events[i].data.fd);
      if (it != conns_.end()) on_readable(it->second.get());
    }
    std::vector<int> accepted;
    std::vector<Conn*> returned;
    bool draining;
    {
      MutexLock lock(&mu_);
      accepted.swap(accepted_);
      returned.swap(returned_);
      draining = draining_;
    }
    for (const int fd : accepted) admit(fd);
    for (Conn* c : returned) {
      c->state = Conn::kReading;
      if (c->close_after || c->cut || draining) {
        close_conn(c, "done");
        continue;
      }
      c->deadline =
          Clock::now() + std::chrono::seconds(c->buf.empty() ? options_.keep_alive_timeout_s
                                                             : options_.header_timeout_s);
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.fd = c->fd;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c->fd, &ev);
      examine(c);
    }
    expire(Clock::now());
    if (draining && conns_.empty()) break;
  }
  {
    MutexLock lock(&mu_);
    loop_done_ = true;
  }
  drained_cv_.SignalAll();
}

void HttpFront::admit(int fd) {
  std::string client;
  int port = 0;
  socket_address(fd, true, &client, &port);
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  const auto refuse_new = [&](const char* reason, const std::string& message) {
    send_now(fd, raw_error_response(503, "busy", message));
    ::close(fd);
    {
      MutexLock lock(&mu_);
      ++stats_.closed[reason];
    }
    if (refusal_hook_) refusal_hook_(503, message);
  };
  if (options_.max_connections_per_client &&
      per_client_[client] >= options_.max_connections_per_client)
    return refuse_new("per_client", "too many connections from " + client + " (at most " +
                                        std::to_string(options_.max_connections_per_client) + ")");
  if (conns_.size() >= options_.max_connections && !make_room(client))
    return refuse_new("full", "too many connections; try again");
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  // An answer that fits the send buffer is written at once: a client that reads slowly or
  // not at all then holds no request thread (the kernel caps this at net.core.wmem_max).
  int send_buffer = 1 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
  auto c = std::make_unique<Conn>();
  c->fd = fd;
  c->client = client;
  c->port = port;
  c->opened = Clock::now();
  c->deadline = c->opened + std::chrono::seconds(options_.header_timeout_s);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
  ++per_client_[client];
  conns_.emplace(fd, std::move(c));
  MutexLock lock(&mu_);
  stats_.open = conns_.size();
}

bool HttpFront::make_room(const std::string&) {
  // Idle keep-alive connections go first, then those that have sent nothing yet.
  Conn* victim = nullptr;
  for (const bool served : {true, false}) {
    for (auto& [fd, c] : conns_) {
      if (c->state != Conn::kReading || !c->buf.empty() || (c->requests > 0) != served) continue;
      if (!victim || c->opened < victim->opened) victim = c.get();
    }
    if (victim) break;
  }
  if (!victim) return false;
  close_conn(victim, victim->requests > 0 ? "idle_evicted" : "silent_evicted");
  return true;
}

void HttpFront::on_readable(Conn* c) {
  char tmp[16384];
  if (c->state == Conn::kLingering) {
    const ssize_t n = ::recv(c->fd, tmp, sizeof tmp, 0);
    if (n > 0) c->lingered += static_cast<size_t>(n);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR) || c->lingered > kLingerBytes)
      close_conn(c, "refused");
    return;
  }
  if (c->state != Conn::kReading) return;
  // Never more than one byte past the longest head: the check refuses at that length.
  const size_t room = kMaxHeadBytes + 1 - std::min(c->buf.size(), kMaxHeadBytes + 1);
  const ssize_t n = ::recv(c->fd, tmp, std::min(room, sizeof tmp), 0);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return close_conn(c, "client");
  if (n < 0) return;
  if (c->buf.empty() && c->requests > 0)
    c->deadline = Clock::now() + std::chrono::seconds(options_.header_timeout_s);
  c->buf.append(tmp, static_cast<size_t>(n));
  examine(c);
}

void HttpFront::examine(Conn* c) {
  if (c->buf.empty()) return;
  const HeadCheck h = check_head(c->buf);
  if (h.state == HeadCheck::kRefused) return refuse(c, h.status, h.code, h.message);
  if (h.state == HeadCheck::kComplete) dispatch(c);
}

void HttpFront::dispatch(Conn* c) {
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
  c->state = Conn::kBusy;
  {
    MutexLock lock(&mu_);
    work_.push_back(c);
  }
  work_cv_.Signal();
}

void HttpFront::refuse(Conn* c, int status, const char* code, const std::string& message) {
  send_now(c->fd, raw_error_response(status, code, message));
  ::shutdown(c->fd, SHUT_WR);
  c->buf.clear();
  c->buf.shrink_to_fit();
  c->state = Conn::kLingering;
  c->deadline = Clock::now() + kLingerTime;
  if (refusal_hook_) refusal_hook_(status, message);
}

void HttpFront::close_conn(Conn* c, const char* reason) {
  const int fd = c->fd;
  ::close(fd);  // also leaves the epoll set
  if (--per_client_[c->client] == 0) per_client_.erase(c->client);
  conns_.erase(fd);
  MutexLock lock(&mu_);
  ++stats_.closed[reason];
  stats_.open = conns_.size();
}

void HttpFront::expire(Clock::time_point now) {
  bool draining;
  {
    MutexLock lock(&mu_);
    draining = draining_;
  }
  const bool cut = draining && now >= drain_deadline();
  std::vector<std::pair<Conn*, const char*>> to_close;
  for (auto& [fd, c] : conns_) {
    if (c->state == Conn::kBusy) {
      // A request thread owns it: at the drain deadline its writes fail and it comes back.
      if (cut && !c->cut) {
        c->cut = true;
        ::shutdown(c->fd, SHUT_RDWR);
      }
      continue;
    }
    if (cut) {
      to_close.emplace_back(c.get(), "drain_deadline");
    } else if (draining && c->state == Conn::kReading && c->buf.empty()) {
      to_close.emplace_back(c.get(), "drain");
    } else if (now >= c->deadline) {
      to_close.emplace_back(c.get(), c->state == Conn::kLingering        ? "refused"
                                     : c->buf.empty() && c->requests > 0 ? "idle"
                                                                         : "header_timeout");
    }
  }
  for (const auto& [c, reason] : to_close) close_conn(c, reason);
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
