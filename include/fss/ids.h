// Ids: posts, comments and focus areas are named by URL-safe ids, so that an id goes into
// a URL path (/api/posts/ID) or a term (Q<id>, XAREA<id>) as it is.
#ifndef FSS_IDS_H_
#define FSS_IDS_H_

#include <string_view>

namespace fss {

// True when `id` is not empty and every byte of it is one of [a-z0-9-].
inline bool is_url_safe_id(std::string_view id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

}  // namespace fss

#endif  // FSS_IDS_H_
