#include "robots.h"

namespace fss::searchd {

void serve_robots_txt(httplib::Response& res) {
  res.set_header("Cache-Control", "public, max-age=86400");
  res.set_content(kRobotsTxt, "text/plain; charset=utf-8");
}

}  // namespace fss::searchd
