// Percent-encoding for the URLs the programs build: fss-search's /api/posts/ID, fss-index
// sync's REST queries, the tests' and the benchmarks' query strings. Pure: safe from any
// thread.
#ifndef FSS_URL_H_
#define FSS_URL_H_

#include <string>
#include <string_view>

namespace fss {

// `s` with every byte percent-encoded (%XX, upper-case hex) except RFC 3986's unreserved
// characters [A-Za-z0-9-._~] and the bytes in `keep`: a path segment or a query
// parameter's name or value. A multi-byte UTF-8 character becomes one %XX per byte.
std::string url_encode(std::string_view s, std::string_view keep = "");

}  // namespace fss

#endif  // FSS_URL_H_
