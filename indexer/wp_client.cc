#include "wp_client.h"

#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "fss/url.h"

namespace fss::cli {
namespace {

// Left as they are in REST routes and parameters ("/wp/v2/posts", "_fields=id,date"):
// WordPress reads them either way, and the URLs stay readable in its logs.
constexpr std::string_view kKeep = "/,:";

bool is_wordpress_index(const std::string& body) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return false;
  const auto ns = j.find("namespaces");
  if (ns == j.end() || !ns->is_array()) return false;
  for (const auto& n : *ns)
    if (n.is_string() && n.get<std::string>() == "wp/v2") return true;
  return false;
}

}  // namespace

WpClient::WpClient(std::string origin, std::string base_path, const WpClientOptions& options)
    : origin_(std::move(origin)), base_path_(std::move(base_path)), options_(options) {
  http_ = std::make_unique<httplib::Client>(origin_);
  http_->set_connection_timeout(options_.timeout_seconds, 0);
  http_->set_read_timeout(options_.timeout_seconds, 0);
  http_->set_write_timeout(options_.timeout_seconds, 0);
  http_->set_follow_location(true);
  http_->set_default_headers({{"User-Agent", "fss-index-sync/1"}, {"Accept", "application/json"}});
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
  http_->enable_server_certificate_verification(true);
  for (const char* bundle :
       {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt"})
    if (std::filesystem::exists(bundle)) {
      http_->set_ca_cert_path(bundle);
      break;
    }
#endif
}

WpClient::~WpClient() = default;

Result<std::unique_ptr<WpClient>> WpClient::connect(const std::string& site_url,
                                                    const WpClientOptions& options) {
  const bool https = site_url.rfind("https://", 0) == 0;
  if (!https && site_url.rfind("http://", 0) != 0)
    return Status::invalid_argument("not an http(s) URL: '" + site_url + "'");
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
  if (https) return Status::invalid_argument("this build has no TLS support: " + site_url);
#endif
  const size_t host_begin = site_url.find("://") + 3;
  const size_t path_begin = site_url.find('/', host_begin);
  std::string origin = site_url.substr(0, path_begin);
  std::string path = path_begin == std::string::npos ? "" : site_url.substr(path_begin);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (origin.size() <= host_begin || path.find_first_of("?#") != std::string::npos)
    return Status::invalid_argument("not a site address: '" + site_url + "'");
  std::unique_ptr<WpClient> client(new WpClient(origin, path, options));
  std::string last;
  for (const bool pretty : {true, false}) {
    client->pretty_ = pretty;
    Result<WpPage> index = client->get_path(client->path_for("/", {}));
    if (index.is_ok() && is_wordpress_index(index->body)) return client;
    if (!index.is_ok() && index.status().code() == StatusCode::kUnavailable) return index.status();
    last = index.is_ok() ? "no wp/v2 REST API index" : index.status().message();
  }
  return Status::invalid_argument(site_url + ": not a WordPress site (neither /wp-json/ nor " +
                                  "/?rest_route=/ answers with the wp/v2 REST API: " + last + ")");
}

std::string WpClient::path_for(
    const std::string& route,
    const std::vector<std::pair<std::string, std::string>>& params) const {
  std::string path = pretty_ ? base_path_ + "/wp-json" + route
                             : base_path_ + "/?rest_route=" + url_encode(route, kKeep);
  char sep = pretty_ ? '?' : '&';
  for (const auto& [key, value] : params) {
    path += sep + url_encode(key, kKeep) + "=" + url_encode(value, kKeep);
    sep = '&';
  }
  return path;
}

Result<WpPage> WpClient::get_path(const std::string& path) {
  double wait = options_.backoff_seconds;
  std::string problem;
  for (int attempt = 0; attempt <= options_.retries; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
      wait *= 2;
    }
    httplib::Result res = http_->Get(path.c_str());
    if (!res) {
      problem = "no HTTP answer (" + httplib::to_string(res.error()) + ")";
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
      // A certificate that does not verify will not verify on the next try either.
      if (res.error() == httplib::Error::SSLServerVerification)
        return Status::unavailable(origin_ + ": TLS certificate not trusted");
#endif
      continue;
    }
    if (res->status == 429 || res->status >= 500) {
      problem = "HTTP " + std::to_string(res->status);
      continue;
    }
    if (res->status != 200)
      return Status::invalid_argument(origin_ + path + ": HTTP " + std::to_string(res->status));
    WpPage page;
    page.body = std::move(res->body);
    if (res->has_header("X-WP-TotalPages"))
      page.total_pages = std::max(1, std::atoi(res->get_header_value("X-WP-TotalPages").c_str()));
    return page;
  }
  return Status::unavailable(origin_ + path + ": " + problem + " (after " +
                             std::to_string(options_.retries + 1) + " tries)");
}

Result<WpPage> WpClient::get(const std::string& route,
                             const std::vector<std::pair<std::string, std::string>>& params) {
  return get_path(path_for(route, params));
}

Result<std::vector<std::string>> WpClient::get_all(
    const std::string& route, std::vector<std::pair<std::string, std::string>> params) {
  params.emplace_back("per_page", "100");
  params.emplace_back("page", "1");
  std::vector<std::string> bodies;
  for (int page = 1, total = 1; page <= total; ++page) {
    params.back().second = std::to_string(page);
    Result<WpPage> got = get(route, params);
    if (!got.is_ok()) return got.status();
    total = got->total_pages;
    bodies.push_back(std::move(got->body));
  }
  return bodies;
}

}  // namespace fss::cli
