#include "http_errors.h"

#include "fss/search.h"

namespace fss::searchd {

int http_status(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kBusy:
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kIoError:
    case StatusCode::kCorruption:
    case StatusCode::kInternal: return 500;
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
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
}

}  // namespace fss::searchd
