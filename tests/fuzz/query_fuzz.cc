// libFuzzer target: any query text through the parser, the query builder and a search on a
// small in-memory-built index (built once in a temp dir). Any valid UTF-8 query is a query:
// the search must answer, never fail, and its JSON must be valid.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string_view>

#include "fss/analyzer.h"
#include "fss/index_builder.h"
#include "search/query.h"
#include "fss/search.h"
#include "fss/search_json.h"
#include "fss/utf8.h"

namespace {

struct Fixture {
  std::unique_ptr<fss::Analyzer> analyzer;
  std::unique_ptr<fss::Searcher> searcher;
  std::string dir;
  Fixture() {
    analyzer = std::move(fss::Analyzer::create().value());
    char tmpl[] = "/tmp/fss-query-fuzz-XXXXXX";
    dir = mkdtemp(tmpl);
    fss::BuildOptions options;
    options.archive_path = std::string(FSS_SOURCE_DIR) + "/corpus/archive.jsonl";
    options.index_dir = dir + "/index";
    if (!fss::build_index(options, *analyzer).is_ok()) std::abort();
    searcher = std::move(fss::Searcher::open(options.index_dir, analyzer.get()).value());
  }
  ~Fixture() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string query(reinterpret_cast<const char*>(data), size);
  fss::parse_query(query);  // the parser takes any bytes
  if (fss::find_invalid_utf8(query) || query.size() > fss::kMaxQueryBytes ||
      query.find('\0') != std::string::npos)
    return 0;
  fss::SearchRequest request;
  request.query = query;
  auto answer = fixture().searcher->search(request);
  if (!answer.is_ok()) std::abort();
  fss::response_to_json(answer.value());
  return 0;
}
