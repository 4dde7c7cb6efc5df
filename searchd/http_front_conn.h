// What HttpFront's files share (http_front.h): a connection's state, cpp-httplib's Stream
// over it, and the socket helpers. Private to http_front*.cc.
#ifndef FSS_SEARCHD_HTTP_FRONT_CONN_H_
#define FSS_SEARCHD_HTTP_FRONT_CONN_H_

#include <optional>
#include <string>

#include "http_front.h"

namespace fss::searchd {

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
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return c_->fd; }
  size_t consumed() const { return end_; }

 private:
  bool wait_writable() const;

  Conn* c_;
  size_t pos_ = 0;
  const size_t end_;
  const int write_timeout_s_;
  const Clock::time_point drain_;
  mutable std::optional<Clock::time_point> write_deadline_;
};

namespace front {

// Milliseconds from now until `t`, clamped to [0, one hour]: a poll/epoll_wait timeout.
int ms_until(HttpFront::Clock::time_point t);

// The peer's (or the local) address and port of a connected socket; empty and 0 on failure.
void socket_address(int fd, bool peer, std::string* ip, int* port);

// Writes what fits now and drops the rest: for the short answers to refused connections.
void send_now(int fd, const std::string& bytes);

// "fss-searchd: <what>: <strerror(errno)>" on stderr, for a failed system call.
void log_errno(const char* what);

}  // namespace front
}  // namespace fss::searchd

#endif  // FSS_SEARCHD_HTTP_FRONT_CONN_H_
