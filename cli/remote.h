// fss-search --server: asking a running fss-searchd over HTTP(S), with errors a person can act
// on ("cannot connect to 127.0.0.1:1: nothing answers there (is fss-searchd running?)").
#ifndef FSS_CLI_REMOTE_H_
#define FSS_CLI_REMOTE_H_

#include <string>

#include "fss/search.h"
#include "fss/status.h"

namespace fss::cli {

// "http://host:8080/sok/" -> origin "http://host:8080", path "/sok" (no trailing slash; ""
// at the root). kInvalidArgument for anything but an http or https URL.
struct ServerUrl {
  std::string origin;
  std::string path;
};
Result<ServerUrl> parse_server_url(const std::string& url);

// One fss-searchd. Errors of every call: kInvalidArgument for the server's 400 (its
// message), kNotFound for a 404 with the contract's error body, kUnavailable for a
// connection, TLS or HTTP failure (the message names the URL and what went wrong).
class Remote {
 public:
  explicit Remote(ServerUrl url) : url_(std::move(url)) {}
  Result<SearchResponse> search(const SearchRequest& request) const;
  Result<PostView> post(const std::string& id) const;

 private:
  // The body of a 200 answer to GET path_and_query (below the server's path).
  Result<std::string> get(const std::string& path_and_query) const;
  ServerUrl url_;
};

}  // namespace fss::cli

#endif  // FSS_CLI_REMOTE_H_
