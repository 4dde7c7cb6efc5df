// libFuzzer target: a raw page dump through the importer, and every post it makes
// through the archive writer and reader (a post the importer writes must read back).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fss/archive.h"
#include "fss/importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fss::ImportReport report;
  const std::vector<fss::Post> posts = fss::import_dump_text(text, "fuzz.txt", {}, &report);
  for (const fss::Post& post : posts) {
    auto back = fss::parse_post_line(fss::post_to_json_line(post));
    if (!back.is_ok()) std::abort();  // the importer wrote a line the reader refuses
  }
  return 0;
}
