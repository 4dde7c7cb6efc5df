// The soak test's workload (soak_test.cc): an archive generated from the words of
// corpus/archive.jsonl, client threads sending a mix of queries, and /healthz read and
// waited on.
#ifndef FSS_TESTS_SOAK_LOAD_H_
#define FSS_TESTS_SOAK_LOAD_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "searchd_test_util.h"

namespace fss::testing {

using Clock = std::chrono::steady_clock;

// Seconds of load: FSS_SOAK_SECONDS, 10 when unset.
double soak_seconds();

// Seconds since t.
double since(Clock::time_point t);

// Words of the corpus, as often as they occur there (so the generated text has a
// natural spread of frequent and rare words).
std::vector<std::string> corpus_words();

// A generated archive: its JSON lines, and what the clients query it with.
struct Archive {
  std::vector<std::string> lines;
  std::vector<int> docs;  // posts + comments of each line
  std::vector<std::string> phrases, authors;
  int documents(size_t lines_used) const {
    return std::accumulate(docs.begin(), docs.begin() + lines_used, 0);
  }
  std::string text(size_t lines_used) const {
    std::string s;
    for (size_t i = 0; i < lines_used; ++i) s += lines[i] + "\n";
    return s;
  }
};

// `posts` posts of sentences of `words`, with comments, dates and authors; the same for
// the same arguments.
Archive make_archive(const std::vector<std::string>& words, int posts);

struct ClientStats {
  uint64_t requests = 0;
  std::vector<uint32_t> latency_us;
  std::vector<std::string> failures;  // at most a few, with the request
  uint64_t failed = 0;
  std::map<int, uint64_t> browse_totals;  // total of a browse of everything -> answers
};

// One client: a mix of queries, until `stop`, on one keep-alive connection or a new
// connection per request. Counts in *out as failures any answer other than a 200 and any
// browse whose total is not in browse_totals (everything) or post_totals (posts).
void client(int port, int seed, bool keep_alive, const Archive& archive,
            const std::set<int>& browse_totals, const std::set<int>& post_totals,
            const std::atomic<bool>& stop, ClientStats* out);

// The generation XAPIANDB in index_dir points to ("gen-000001").
std::string live_generation(const std::string& index_dir);

// /healthz as JSON; an empty object when it did not answer 200.
nlohmann::json healthz(int port);

// Waits (at most 10 s) until /healthz shows `generation` with `documents`; *last is the
// last answer.
bool healthz_shows(int port, const std::string& generation, int documents, nlohmann::json* last);

}  // namespace fss::testing

#endif  // FSS_TESTS_SOAK_LOAD_H_
