// The one cpp-httplib release fss-searchd is written against. searchd reaches past
// cpp-httplib's documented API in the places listed below; a new release may change any
// of them silently, so the build stops here until each one has been checked again.
//
// On an upgrade, re-check, then update kPinnedHttplibVersion:
//   1. http_front.*: Server::new_task_queue is called once per listen and its queue's
//      enqueue() gets one task per accepted socket; process_and_close_socket(sock) is
//      virtual, runs in that task and owns the socket; process_request(Stream&, bool
//      close_connection, bool& connection_closed, std::function<void(Request&)>) is
//      protected and answers one request whose head is on the Stream (it reads nothing
//      past the head for a GET without a body); stop() closes the listening socket and
//      listen_after_bind() then returns.
//   2. server.cc: the pre-routing handler runs after the head is parsed and before any
//      body is read (chunked bodies included), and gets cpp-httplib's own non-const
//      Request (the const_cast that clears req.ranges); a content provider returning
//      false after writing the whole body closes the connection (send_error_and_close);
//      set_socket_options is called for the listening socket only; the listen backlog
//      is 5 (Server::bind raises it); requests refused before routing (400, 414) reach
//      the error handler and logger but not the pre-routing handler; the request line
//      limit is 8192 bytes (the 414 text, kMaxAnalyzeBytes, kMaxSuggestBytes).
//   3. main.cc: listen_after_bind() returns on any accept() error but EMFILE, having
//      closed the listening socket (the daemon binds again).
//   4. request_head.h: its request line and header line limits are cpp-httplib's own
//      (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH, CPPHTTPLIB_HEADER_MAX_LENGTH: asserted below),
//      so that the front refuses what cpp-httplib would; the 100-header cap is ours.
// tests/searchd_attack_test and searchd_malformed_test exercise most of these.
#ifndef FSS_SEARCHD_HTTPLIB_PIN_H_
#define FSS_SEARCHD_HTTPLIB_PIN_H_

#include <httplib.h>

#include <string_view>

#include "request_head.h"

namespace fss::searchd {

constexpr std::string_view kPinnedHttplibVersion = "0.11.4";
static_assert(std::string_view(CPPHTTPLIB_VERSION) == kPinnedHttplibVersion,
              "cpp-httplib is not the release searchd was checked against: see the list in "
              "searchd/httplib_pin.h, re-check each point, then update kPinnedHttplibVersion");

static_assert(kMaxRequestLineBytes == CPPHTTPLIB_REQUEST_URI_MAX_LENGTH,
              "request_head.h's request line limit must be cpp-httplib's");
static_assert(kMaxHeaderLineBytes == CPPHTTPLIB_HEADER_MAX_LENGTH,
              "request_head.h's header line limit must be cpp-httplib's");

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_HTTPLIB_PIN_H_
