// The one place where core-library statuses become HTTP statuses and JSON error bodies.
#ifndef FSS_SEARCHD_HTTP_ERRORS_H_
#define FSS_SEARCHD_HTTP_ERRORS_H_

#include <httplib.h>

#include "fss/status.h"

namespace fss::searchd {

int http_status(StatusCode code);

// Sets status and the contract's {"error": {"code", "message"}} body.
void send_error(httplib::Response& res, const Status& status);
// For errors that have no Status behind them (404 route, 405 method, 413 body).
void send_error(httplib::Response& res, int http_status, const char* code, const std::string& message);

// A whole HTTP/1.1 answer with that error, the security headers and "Connection: close":
// for connections refused before cpp-httplib sees them (http_front.h).
std::string raw_error_response(int http_status, const char* code, const std::string& message);

// Content-Security-Policy and friends, on every answer.
void add_security_headers(httplib::Response& res);

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_HTTP_ERRORS_H_
