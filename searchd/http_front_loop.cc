// HttpFront's event loop (http_front.h): one thread holds every connection that is
// between requests, reading heads, refusing, expiring and evicting; complete heads go to
// the request threads (http_front.cc).
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

#include "http_errors.h"
#include "http_front.h"
#include "http_front_conn.h"
#include "request_head.h"

namespace fss::searchd {
namespace {

using Clock = HttpFront::Clock;

// After a refusal the client may still be sending (a 256 MiB request line): its bytes are
// read and dropped for this long, at most this many, so that closing does not reset the
// connection before the client has read the answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerBytes = 4 << 20;

}  // namespace

void HttpFront::loop() {
  for (;;) {
    if (!wait_events()) {
      // epoll_wait's other errors (EBADF, EFAULT, EINVAL) mean the epoll set itself is
      // unusable: no connection can be served any more. Ending the process lets systemd
      // (Restart=on-failure) start a fresh daemon instead of one that only accepts.
      std::fprintf(stderr, "fss-searchd: the connection loop cannot go on: exiting\n");
      std::fflush(stderr);
      std::_Exit(1);
    }
    const bool draining = take_handed_over();
    expire(Clock::now());
    if (draining && conns_.empty()) break;
  }
  {
    MutexLock lock(&mu_);
    loop_done_ = true;
  }
  drained_cv_.SignalAll();
}

bool HttpFront::wait_events() {
  epoll_event events[64];
  const int n = ::epoll_wait(epoll_fd_, events, 64, 100);
  if (n < 0) {
    if (errno == EINTR) return true;
    front::log_errno("epoll_wait");
    return false;
  }
  for (int i = 0; i < n; ++i) {
    if (events[i].data.fd == wake_fd_) {
      uint64_t v;
      ssize_t r;
      do {
        r = ::read(wake_fd_, &v, sizeof v);
      } while (r < 0 && errno == EINTR);
      // EAGAIN: already read after an earlier wake in this batch.
      if (r < 0 && errno != EAGAIN) front::log_errno("reading the connection loop's eventfd");
      continue;
    }
    auto it = conns_.find(events[i].data.fd);
    if (it != conns_.end()) on_readable(it->second.get());
  }
  return true;
}

bool HttpFront::take_handed_over() {
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
    c->deadline = Clock::now() + std::chrono::seconds(c->buf.empty() ? options_.keep_alive_timeout_s
                                                                     : options_.header_timeout_s);
    if (!watch(c->fd)) {
      close_conn(c, "epoll_error");
      continue;
    }
    examine(c);
  }
  return draining;
}

bool HttpFront::watch(int fd) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = fd;
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) == 0) return true;
  front::log_errno("epoll_ctl(EPOLL_CTL_ADD) for a connection");
  return false;
}

void HttpFront::admit(int fd) {
  std::string client;
  int port = 0;
  front::socket_address(fd, true, &client, &port);
  const auto refuse_new = [&](const char* reason, const std::string& message) {
    front::send_now(fd, raw_error_response(503, "busy", message));
    ::close(fd);
    {
      MutexLock lock(&mu_);
      ++stats_.closed[reason];
    }
    if (refusal_hook_) refusal_hook_(503, message);
  };
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    front::log_errno("fcntl(O_NONBLOCK) on a new connection");
    return refuse_new("socket_error", "cannot take the connection; try again");
  }
  if (options_.max_connections_per_client &&
      per_client_[client] >= options_.max_connections_per_client)
    return refuse_new("per_client", "too many connections from " + client + " (at most " +
                                        std::to_string(options_.max_connections_per_client) + ")");
  if (conns_.size() >= options_.max_connections && !make_room(client))
    return refuse_new("full", "too many connections; try again");
  // Both best effort: the connection works without them.
  int yes = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  // An answer that fits the send buffer is written at once: a client that reads slowly or
  // not at all then holds no request thread (the kernel caps this at net.core.wmem_max).
  int send_buffer = 1 << 20;
  ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send_buffer, sizeof send_buffer);
  if (!watch(fd)) return refuse_new("epoll_error", "cannot take the connection; try again");
  auto c = std::make_unique<Conn>();
  c->fd = fd;
  c->client = client;
  c->port = port;
  c->opened = Clock::now();
  c->deadline = c->opened + std::chrono::seconds(options_.header_timeout_s);
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
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr) != 0) {
    // Left in the set, it would wake the loop while a request thread owns it.
    front::log_errno("epoll_ctl(EPOLL_CTL_DEL) for a connection");
    return close_conn(c, "epoll_error");
  }
  c->state = Conn::kBusy;
  {
    MutexLock lock(&mu_);
    work_.push_back(c);
  }
  work_cv_.Signal();
}

void HttpFront::refuse(Conn* c, int status, const char* code, const std::string& message) {
  front::send_now(c->fd, raw_error_response(status, code, message));
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

}  // namespace fss::searchd
