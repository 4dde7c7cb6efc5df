#include "http_errors.h"

#include <utility>

#include "fss/search.h"
#include "fss/search_json.h"

namespace fss::searchd {

int http_status(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kBusy:
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kIoError:
    case StatusCode::kCorruption:
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

void send_error(httplib::Response& res, const Status& status) {
  res.status = http_status(status.code());
  res.set_content(error_to_json(status), "application/json; charset=utf-8");
}

void send_error(httplib::Response& res, int status, const char* code, const std::string& message) {
  res.status = status;
  res.set_content(error_to_json(code, message), "application/json; charset=utf-8");
}

namespace {

const std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
};

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

}  // namespace

std::string raw_error_response(int status, const char* code, const std::string& message) {
  const std::string body = error_to_json(code, message);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase(status) +
                    "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\nConnection: close\r\n";
  for (const auto& [name, value] : kSecurityHeaders)
    out += std::string(name) + ": " + value + "\r\n";
  return out + "\r\n" + body;
}

void add_security_headers(httplib::Response& res) {
  // Called by the pre-routing and the error handler both: set_header() appends, so each
  // header is added only once.
  for (const auto& [name, value] : kSecurityHeaders)
    if (!res.has_header(name)) res.set_header(name, value);
}

}  // namespace fss::searchd
