// The search page's files (searchd/web/), compiled into the daemon so that it serves them
// without a data directory and nothing on disk can be reached through a URL.
#ifndef FSS_SEARCHD_WEB_ASSETS_H_
#define FSS_SEARCHD_WEB_ASSETS_H_

#include <cstddef>
#include <string>

namespace fss::searchd {

struct WebAsset {
  const char* path;  // "/index.html", "/app.js", "/style.css"
  const char* content_type;
  const char* data;
  size_t size;
};

// Null for a path that is not one of the page's files.
const WebAsset* find_web_asset(const std::string& path);

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_WEB_ASSETS_H_
