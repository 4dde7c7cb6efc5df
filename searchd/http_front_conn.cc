// The Stream HttpFront hands to cpp-httplib, and the socket helpers of http_front*.cc.
#include "http_front_conn.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace fss::searchd {
namespace front {

int ms_until(HttpFront::Clock::time_point t) {
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(t - HttpFront::Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 3600 * 1000));
}

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

void send_now(int fd, const std::string& bytes) {
  // Best effort by design: the connection is closed right after, whatever got through.
  (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

void log_errno(const char* what) {
  const int err = errno;
  std::fprintf(stderr, "fss-searchd: %s: %s\n", what, std::strerror(err));
}

}  // namespace front

ssize_t HttpFront::BufferStream::read(char* ptr, size_t size) {
  const size_t n = std::min(size, end_ - pos_);
  std::memcpy(ptr, c_->buf.data() + pos_, n);
  pos_ += n;
  return static_cast<ssize_t>(n);
}

ssize_t HttpFront::BufferStream::write(const char* ptr, size_t size) {
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

void HttpFront::BufferStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = c_->client;
  port = c_->port;
}

void HttpFront::BufferStream::get_local_ip_and_port(std::string& ip, int& port) const {
  front::socket_address(c_->fd, false, &ip, &port);
}

bool HttpFront::BufferStream::wait_writable() const {
  if (!write_deadline_) write_deadline_ = Clock::now() + std::chrono::seconds(write_timeout_s_);
  const Clock::time_point until = std::min(drain_, *write_deadline_);
  for (;;) {
    pollfd p{c_->fd, POLLOUT, 0};
    const int r = ::poll(&p, 1, front::ms_until(until));
    if (r < 0 && errno == EINTR) continue;
    return r > 0 && !(p.revents & (POLLERR | POLLHUP | POLLNVAL));
  }
}

}  // namespace fss::searchd
