// The opt-in query log (fss-searchd --query-log FILE): one JSON line per answered search, so
// that the association can see what visitors look for and miss. It holds what was asked
// and what came of it, never who asked: no address, no header, no cookie.
//
//   {"time":"2026-12-02T16:20:00Z","q":"första linjen","from":null,"to":null,"author":[],
//    "area":[],"type":null,"sort":"relevance","page":1,"total":3,"suggestion_used":false,
//    "partial":false,"took_ms":0.41}
//
// Thread-safety: write() may be called from any thread (lines never interleave).
#ifndef FSS_SEARCHD_QUERY_LOG_H_
#define FSS_SEARCHD_QUERY_LOG_H_

#include <cstdio>
#include <memory>
#include <string>

#include "fss/search.h"
#include "fss/status.h"
#include "fss/mutex.h"
#include "fss/thread_annotations.h"

namespace fss::searchd {

class QueryLog {
 public:
  // Opens `path` for appending (created mode 0640), so that logrotate's copytruncate or a
  // rename followed by a restart both work. Errors: kIoError naming the path.
  static Result<std::unique_ptr<QueryLog>> open(const std::string& path);
  ~QueryLog();

  void write(const SearchRequest& request, const SearchResponse& answer) LOCKS_EXCLUDED(mu_);

 private:
  explicit QueryLog(std::FILE* file) : file_(file) {}
  Mutex mu_;
  std::FILE* const file_ GUARDED_BY(mu_);  // written under mu_, so lines never interleave
};

}  // namespace fss::searchd

#endif  // FSS_SEARCHD_QUERY_LOG_H_
