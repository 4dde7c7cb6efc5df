// Reading a request's head (request line and headers) before cpp-httplib sees it: the
// limits are checked while the bytes arrive, so a client can make the daemon hold at most
// kMaxHeadBytes of its request, and framing that two parsers could read differently is
// refused (issue 17, findings 11 and 14).
#ifndef FSS_SEARCHD_REQUEST_HEAD_H_
#define FSS_SEARCHD_REQUEST_HEAD_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace fss::searchd {

// Request line, CRLF included (cpp-httplib's own limit, so its 414 and ours agree).
inline constexpr size_t kMaxRequestLineBytes = 8192;
// One header line, CRLF included.
inline constexpr size_t kMaxHeaderLineBytes = 8192;
// The whole head: request line, headers and the empty line.
inline constexpr size_t kMaxHeadBytes = 16384;
inline constexpr size_t kMaxHeaderCount = 100;

struct HeadCheck {
  enum State { kIncomplete, kComplete, kRefused } state = kIncomplete;
  size_t length = 0;  // kComplete: bytes of the head, empty line included
  int status = 0;     // kRefused: the HTTP status to answer (then close)
  const char* code = "";
  std::string message;
};

// Looks at the start of `buffered` (what a connection has sent since its last request).
// kIncomplete: need more bytes (never when a limit is already passed). kComplete: a head
// within the limits and with unambiguous framing (for this daemon: no body). kRefused:
// 414 for a long request line; 400 for a long header line or head, too many headers, a
// line fold, a header without a colon or with space before it, a duplicate or non-numeric
// Content-Length, Content-Length with Transfer-Encoding; 413 for any body.
HeadCheck check_head(std::string_view buffered);

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_REQUEST_HEAD_H_
