// The search contract's JSON (../shared/spec/search-api.md): one writer for every door,
// fss-searchd's answers and `fss-search --json`, and the reader `fss-search --server` uses.
// Pure functions: safe from any thread. Text that is not valid UTF-8 is written with
// U+FFFD in its place, never thrown.
#ifndef FSS_SEARCH_JSON_H_
#define FSS_SEARCH_JSON_H_

#include <string>
#include <vector>

#include "fss/search.h"
#include "fss/status.h"

namespace fss {

// The contract's JSON answer.
std::string response_to_json(const SearchResponse& response);
// Reads an answer written by response_to_json (from fss-searchd, for `fss-search --server`).
// kInvalidArgument when `json` is not such an answer.
Result<SearchResponse> response_from_json(const std::string& json);
// {"error": {"code": "bad_request", "message": "..."}}
std::string error_to_json(const Status& status);
// The same with a code of the caller's ("not_found", "method_not_allowed", ...).
std::string error_to_json(const std::string& code, const std::string& message);

// A post with its comments, as GET /api/posts/{id} shows it.
std::string post_view_to_json(const PostView& view);

// {"query": "...", "suggestions": [{"text", "kind", "id" (titles only)}]}
std::string completions_to_json(const std::string& query,
                                const std::vector<Completion>& completions);

}  // namespace fss

#endif  // FSS_SEARCH_JSON_H_
