#include "request_head.h"

#include <strings.h>

#include <cstring>

namespace fss::searchd {
namespace {

HeadCheck refuse(int status, const char* code, std::string message) {
  HeadCheck c;
  c.state = HeadCheck::kRefused;
  c.status = status;
  c.code = code;
  c.message = std::move(message);
  return c;
}

bool is_name(std::string_view name, const char* want) {
  return name.size() == std::strlen(want) && ::strncasecmp(name.data(), want, name.size()) == 0;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
    v.remove_suffix(1);
  return v;
}

// The header lines of a complete head (between the request line and the empty line).
HeadCheck check_headers(std::string_view lines, size_t head_length) {
  size_t count = 0, content_lengths = 0;
  bool chunked = false, body = false;
  while (!lines.empty()) {
    const size_t eol = lines.find('\n');
    std::string_view line = lines.substr(0, eol);
    lines.remove_prefix(eol == std::string_view::npos ? lines.size() : eol + 1);
    if (line.size() + 1 > kMaxHeaderLineBytes)
      return refuse(400, "bad_request", "a header line is longer than 8192 bytes");
    if (++count > kMaxHeaderCount) return refuse(400, "bad_request", "more than 100 header lines");
    if (line.front() == ' ' || line.front() == '\t')
      return refuse(400, "bad_request", "folded header line");
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0)
      return refuse(400, "bad_request", "header line without a name and a colon");
    const std::string_view name = line.substr(0, colon);
    if (name.find_first_of(" \t") != std::string_view::npos)
      return refuse(400, "bad_request", "white space in a header name");
    const std::string_view value = trim(line.substr(colon + 1));
    if (is_name(name, "Content-Length")) {
      if (++content_lengths > 1) return refuse(400, "bad_request", "more than one Content-Length");
      if (value.empty() || value.find_first_not_of("0123456789") != std::string_view::npos)
        return refuse(400, "bad_request", "Content-Length is not a number");
      body = body || value.find_first_not_of('0') != std::string_view::npos;
    } else if (is_name(name, "Transfer-Encoding")) {
      chunked = true;
    }
  }
  if (chunked && content_lengths)
    return refuse(400, "bad_request", "both Content-Length and Transfer-Encoding");
  if (chunked || body)
    return refuse(413, "payload_too_large", "this server accepts no request bodies");
  HeadCheck ok;
  ok.state = HeadCheck::kComplete;
  ok.length = head_length;
  return ok;
}

}  // namespace

HeadCheck check_head(std::string_view buf) {
  const size_t line_end = buf.find('\n');
  if (line_end == std::string_view::npos) {
    if (buf.size() > kMaxRequestLineBytes)
      return refuse(414, "uri_too_long", "request line longer than 8192 bytes");
    return {};
  }
  if (line_end + 1 > kMaxRequestLineBytes)
    return refuse(414, "uri_too_long", "request line longer than 8192 bytes");
  // The empty line ends the head: "\r\n\r\n", or a bare "\n\n" as cpp-httplib accepts it.
  size_t end = std::string_view::npos, at = line_end;
  while (at != std::string_view::npos && at + 1 < buf.size() + 1) {
    const size_t next = buf.find('\n', at + 1);
    if (next == std::string_view::npos) break;
    const std::string_view between = buf.substr(at + 1, next - at - 1);
    if (between.empty() || between == "\r") {
      end = next + 1;
      break;
    }
    at = next;
  }
  if (end == std::string_view::npos) {
    if (buf.size() > kMaxHeadBytes)
      return refuse(400, "bad_request", "request head longer than 16384 bytes");
    // A header line already over its limit need not be read to its end.
    const size_t last = buf.rfind('\n');
    if (buf.size() - last - 1 > kMaxHeaderLineBytes)
      return refuse(400, "bad_request", "a header line is longer than 8192 bytes");
    return {};
  }
  if (end > kMaxHeadBytes)
    return refuse(400, "bad_request", "request head longer than 16384 bytes");
  // The lines between the request line and the empty line (which starts at `at` + 1).
  return check_headers(buf.substr(line_end + 1, at - line_end), end);
}

}  // namespace fss::searchd
