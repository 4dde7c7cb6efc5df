// fss-searchd's start-up check of --index: a path that does not exist is a typo far more
// often than a plan, and a daemon started on it would answer 503 for ever.
#ifndef FSS_SEARCHD_INDEX_PATH_H_
#define FSS_SEARCHD_INDEX_PATH_H_

#include <string>

#include "fss/status.h"

namespace fss::searchd {

// OK when `dir` is a directory (an index, or an empty one a first build will fill: the
// daemon answers 503 until then), or when it does not exist and `wait_for_index` is set
// (started before the first build). kInvalidArgument otherwise, with a message that says
// what to do ("... does not exist (a typo? ...)").
Status check_index_path(const std::string& dir, bool wait_for_index);

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_INDEX_PATH_H_
