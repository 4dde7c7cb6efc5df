// fss-search: search the FSS archive from a terminal, locally or through fss-searchd.
#include <httplib.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "fss/analyzer.h"
#include "fss/search.h"
#include "fss/search_json.h"
#include "options.h"
#include "printer.h"

namespace {

using fss::Result;
using fss::SearchResponse;
using fss::Status;

int fail(const Status& s, int code) {
  std::fprintf(stderr, "fss-search: %s\n", s.message().c_str());
  return code;
}

// Asks fss-searchd; returns the body of its answer (the contract's JSON).
Result<std::string> ask_server(const fss::cli::SearchOptions& o) {
  httplib::Params params;
  const fss::SearchRequest& r = o.request;
  params.emplace("q", r.query);
  if (r.from) params.emplace("from", *r.from);
  if (r.to) params.emplace("to", *r.to);
  for (const auto& a : r.authors) params.emplace("author", a);
  for (const auto& a : r.areas) params.emplace("area", a);
  if (r.type) params.emplace("type", *r.type);
  params.emplace("sort", r.sort);
  params.emplace("page", std::to_string(r.page));
  params.emplace("size", std::to_string(r.size));
  httplib::Client client(o.server);
  if (!client.is_valid())
    return Status::invalid_argument("--server: not a URL: '" + o.server + "'");
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  auto res = client.Get(httplib::append_query_params("/api/search", params));
  if (!res) return Status::unavailable(o.server + ": " + httplib::to_string(res.error()));
  if (res->status >= 400) {
    auto parsed = fss::response_from_json(res->body);  // carries the server's message
    const std::string msg = parsed.is_ok() ? res->body : parsed.status().message();
    return Status(
        res->status < 500 ? fss::StatusCode::kInvalidArgument : fss::StatusCode::kUnavailable, msg);
  }
  return res->body;
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = fss::cli::parse_search_options(std::vector<std::string>(argv + 1, argv + argc));
  if (!parsed.is_ok()) {
    std::fprintf(stderr, "fss-search: %s\n", parsed.status().message().c_str());
    return 2;
  }
  const fss::cli::SearchOptions& o = parsed.value();
  if (o.help) {
    std::fputs(fss::cli::kSearchUsage, stdout);
    return 0;
  }
  const bool color = o.color == "always" || (o.color == "auto" && isatty(STDOUT_FILENO));
  // Input errors are found before any index or server is asked.
  if (Status s = fss::validate_request(o.request); !s.is_ok()) return fail(s, 2);

  std::string json;
  SearchResponse response;
  if (!o.server.empty()) {
    auto body = ask_server(o);
    if (!body.is_ok())
      return fail(body.status(), body.status().code() == fss::StatusCode::kInvalidArgument ? 2 : 1);
    auto r = fss::response_from_json(body.value());
    if (!r.is_ok()) return fail(r.status(), 1);
    json = body.value();
    response = std::move(r.value());
  } else {
    auto analyzer = fss::Analyzer::create();
    if (!analyzer.is_ok()) return fail(analyzer.status(), 1);
    auto searcher = fss::Searcher::open(o.index_dir, analyzer.value().get());
    if (!searcher.is_ok()) return fail(searcher.status(), 1);
    auto r = searcher.value()->search(o.request);
    if (!r.is_ok())
      return fail(r.status(), r.status().code() == fss::StatusCode::kInvalidArgument ? 2 : 1);
    response = std::move(r.value());
    json = fss::response_to_json(response);
  }
  if (o.json) {
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
  } else {
    const std::string text = fss::cli::format_results(response, color);
    std::fwrite(text.data(), 1, text.size(), stdout);
  }
  return 0;
}
