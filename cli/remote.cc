#include "remote.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "fss/search_json.h"
#include "fss/url.h"

namespace fss::cli {
namespace {

// What went wrong, in words, for a request to `where` (httplib's own names are one word).
std::string describe(httplib::Error e, const std::string& where, long verify) {
  switch (e) {
    case httplib::Error::Connection:
      return "cannot connect to " + where + ": nothing answers there (is fss-searchd running, " +
             "and is the host and port right?)";
    case httplib::Error::ConnectionTimeout:
      return "cannot connect to " + where + ": no answer within 5 s (host down or a firewall?)";
    case httplib::Error::Read:
      return where + ": the connection broke or timed out while reading the answer";
    case httplib::Error::Write:
      return where + ": the connection broke while sending the request";
    case httplib::Error::SSLConnection:
      return where + ": TLS handshake failed (is it https? is the port the HTTPS one?)";
    case httplib::Error::SSLLoadingCerts:
      return where + ": cannot load the system's CA certificates (is ca-certificates installed?)";
    case httplib::Error::SSLServerVerification:
      return where + ": the server's TLS certificate is not trusted (verify error " +
             std::to_string(verify) + ": expired, self-signed or for another host name)";
    default:
      return where + ": request failed (" + httplib::to_string(e) + ")";
  }
}

}  // namespace

Result<ServerUrl> parse_server_url(const std::string& url) {
  const auto bad = [&] {
    return Status::invalid_argument("--server: not an http:// or https:// URL: '" + url + "'");
  };
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return bad();
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return bad();
  const size_t host_start = scheme_end + 3;
  const size_t slash = url.find('/', host_start);
  ServerUrl out;
  out.origin = url.substr(0, slash);
  if (out.origin.size() == host_start || url.find_first_of("?#") != std::string::npos) return bad();
  if (slash != std::string::npos) out.path = url.substr(slash);
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  return out;
}

Result<std::string> Remote::get(const std::string& path_and_query) const {
  httplib::Client client(url_.origin);
  if (!client.is_valid())
    return Status::invalid_argument("--server: not a URL: '" + url_.origin + "'");
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  const std::string target = url_.path + path_and_query;
  const std::string where = url_.origin + target.substr(0, target.find('?'));
  auto res = client.Get(target);
  if (!res) {
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    const long verify = client.get_openssl_verify_result();
#else
    const long verify = 0;
#endif
    return Status::unavailable(describe(res.error(), url_.origin, verify));
  }
  if (res->status == 200) return res->body;
  // The contract's error body carries the server's message; anything else (a proxy's
  // HTML page) is named by its status.
  const auto j = nlohmann::json::parse(res->body, nullptr, false);
  if (j.is_object() && j.contains("error") && j["error"].is_object() &&
      j["error"].value("message", "") != "") {
    const std::string msg = j["error"]["message"];
    if (res->status == 404) return Status::not_found(msg);
    if (res->status == 400) return Status::invalid_argument(msg);
    return Status::unavailable(where + ": " + std::to_string(res->status) + ": " + msg);
  }
  std::string msg = where + ": HTTP " + std::to_string(res->status);
  if (res->status == 404) msg += " (is that the address of fss-searchd, with its path?)";
  return Status::unavailable(msg);
}

Result<SearchResponse> Remote::search(const SearchRequest& r) const {
  httplib::Params params;
  params.emplace("q", r.query);
  if (r.from) params.emplace("from", *r.from);
  if (r.to) params.emplace("to", *r.to);
  for (const auto& a : r.authors) params.emplace("author", a);
  for (const auto& a : r.areas) params.emplace("area", a);
  if (r.type) params.emplace("type", *r.type);
  params.emplace("sort", r.sort);
  params.emplace("page", std::to_string(r.page));
  params.emplace("size", std::to_string(r.size));
  auto body = get(httplib::append_query_params("/api/search", params));
  if (!body.is_ok()) return body.status();
  auto parsed = response_from_json(body.value());
  if (!parsed.is_ok())
    return Status::unavailable(url_.origin + url_.path +
                               "/api/search: not a search answer: " + parsed.status().message());
  return parsed;
}

Result<PostView> Remote::post(const std::string& id) const {
  auto body = get("/api/posts/" + url_encode(id));
  if (!body.is_ok()) return body.status();
  auto post = parse_post_line(body.value());
  if (!post.is_ok())
    return Status::unavailable(url_.origin + url_.path + "/api/posts/" + id +
                               ": not a post: " + post.status().message());
  return PostView{std::move(post.value())};
}

}  // namespace fss::cli
