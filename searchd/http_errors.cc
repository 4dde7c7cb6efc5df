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

void add_security_headers(httplib::Response& res) {
  // Called by the pre-routing and the error handler both: set_header() appends, so each
  // header is added only once.
  static const std::pair<const char*, const char*> kHeaders[] = {
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  };
  for (const auto& [name, value] : kHeaders)
    if (!res.has_header(name)) res.set_header(name, value);
}

}  // namespace fss::searchd
