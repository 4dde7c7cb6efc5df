// libFuzzer target: one archive line through the validating reader; a line it accepts
// must survive a write and a second read unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fss/archive.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto post = fss::parse_post_line(line);
  if (!post.is_ok()) return 0;
  const std::string written = fss::post_to_json_line(post.value());
  auto again = fss::parse_post_line(written);
  if (!again.is_ok() || fss::post_to_json_line(again.value()) != written) std::abort();
  return 0;
}
