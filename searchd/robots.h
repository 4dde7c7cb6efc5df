// GET /robots.txt: result pages and the API are an endless space of queries, not for
// crawlers; the start page may be indexed. (The page also marks result pages noindex.)
#ifndef FSS_SEARCHD_ROBOTS_H_
#define FSS_SEARCHD_ROBOTS_H_

#include <httplib.h>

namespace fss::searchd {

inline constexpr const char* kRobotsTxt =
    "# fss-search: searches and the API are an endless space of queries; the posts\n"
    "# themselves are on the association's site.\n"
    "User-agent: *\n"
    "Allow: /$\n"
    "Disallow: /api/\n"
    "Disallow: /*?\n";

// Answers 200 text/plain with kRobotsTxt, cacheable for a day.
void serve_robots_txt(httplib::Response& res);

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_ROBOTS_H_
