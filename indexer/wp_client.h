// A small client of a WordPress site's REST API, for fss-index sync.
//
// Thread-safety: one client per thread.
#ifndef FSS_INDEXER_WP_CLIENT_H_
#define FSS_INDEXER_WP_CLIENT_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "fss/status.h"

namespace httplib {
class Client;
}

namespace fss::cli {

struct WpClientOptions {
  int timeout_seconds = 30;    // connect and each read
  int retries = 4;             // after the first try, on network errors, 429 and 5xx
  double backoff_seconds = 1;  // doubled after each retry
};

struct WpPage {
  std::string body;
  int total_pages = 1;  // X-WP-TotalPages
};

class WpClient {
 public:
  // Checks that `site_url` (http(s)://host[:port][/path]) runs WordPress: its REST API
  // index at /wp-json/, else at /?rest_route=/ (sites without pretty permalinks), lists
  // the wp/v2 namespace. kInvalidArgument for a bad URL or a site that is not WordPress,
  // kUnavailable when the site cannot be reached after the retries. HTTPS certificates
  // are verified against the system's CA store.
  static Result<std::unique_ptr<WpClient>> connect(const std::string& site_url,
                                                   const WpClientOptions& options);
  ~WpClient();

  // GET a route ("/wp/v2/posts") with query parameters. kUnavailable after the retries,
  // kInvalidArgument for another non-200 answer (the message has status and route).
  Result<WpPage> get(const std::string& route,
                     const std::vector<std::pair<std::string, std::string>>& params);

  // Every page of a paged list route (per_page=100), one body a page.
  Result<std::vector<std::string>> get_all(const std::string& route,
                                           std::vector<std::pair<std::string, std::string>> params);

 private:
  WpClient(std::string origin, std::string base_path, const WpClientOptions& options);
  Result<WpPage> get_path(const std::string& path);
  std::string path_for(const std::string& route,
                       const std::vector<std::pair<std::string, std::string>>& params) const;

  std::string origin_;     // "https://example.org"
  std::string base_path_;  // "" or "/blog"
  bool pretty_ = true;     // /wp-json/... rather than ?rest_route=
  WpClientOptions options_;
  std::unique_ptr<httplib::Client> http_;
};

}  // namespace fss::cli

#endif  // FSS_INDEXER_WP_CLIENT_H_
