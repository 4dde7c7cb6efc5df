// libFuzzer target: the HTTP door's parameter handling. The input is read as a URL query
// string (name=value&...), decoded the way cpp-httplib does, and turned into a search
// request: every input gets a request or a kInvalidArgument, and an error message must be
// valid UTF-8 (it goes into the JSON body).
#include <httplib.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fss/search.h"
#include "fss/search_json.h"
#include "fss/search_params.h"
#include "fss/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string query(reinterpret_cast<const char*>(data), size);
  httplib::Params params;
  httplib::detail::parse_query_text(query, params);
  auto request = fss::request_from_params(params);
  if (request.is_ok()) {
    if (fss::validate_request(request.value()).code() != fss::StatusCode::kOk) std::abort();
    return 0;
  }
  if (request.status().code() != fss::StatusCode::kInvalidArgument) std::abort();
  if (fss::find_invalid_utf8(fss::error_to_json(request.status()))) std::abort();
  return 0;
}
