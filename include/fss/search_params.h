// The HTTP door of the search contract: query parameters -> SearchRequest, with the
// contract's errors. Kept apart from the server so it can be tested and fuzzed alone.
#ifndef FSS_SEARCH_PARAMS_H_
#define FSS_SEARCH_PARAMS_H_

#include <map>
#include <string>

#include "fss/search.h"
#include "fss/status.h"

namespace fss {

// Parameters as decoded from the URL (a multimap: author and area may repeat). Empty
// values count as absent (a form's empty date field), unknown names are ignored; every
// other parameter given twice is an error. The result is validated (validate_request).
// Errors: kInvalidArgument, message naming the parameter ("page: not a number: 'x'").
Result<SearchRequest> request_from_params(const std::multimap<std::string, std::string>& params);

}  // namespace fss

#endif  // FSS_SEARCH_PARAMS_H_
