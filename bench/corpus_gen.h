// A synthetic archive for the benchmarks (issue 7): posts in the archive format
// (../shared/spec/archive.md) whose words follow the real archive's and the Swedish
// hunspell lexicon's vocabulary with Zipf-like frequencies, and the fixed query mix drawn
// from the same vocabulary.
//
// Deterministic: the same seed and the same input files give the same bytes, on any
// machine (own PRNG and arithmetic, no <random> distributions).
// Thread-safety: a CorpusGenerator is used by one thread.
#ifndef FSS_BENCH_CORPUS_GEN_H_
#define FSS_BENCH_CORPUS_GEN_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fss/archive.h"
#include "fss/status.h"

namespace fss::bench {

struct CorpusOptions {
  uint64_t seed = 1;
  std::string archive_path;      // the real archive (vocabulary, frequencies)
  std::string focus_areas_path;  // corpus/focus-areas.json (area terms to sprinkle)
  std::string dic_path = "/usr/share/hunspell/sv_SE.dic";
};

// xoshiro256** seeded by splitmix64: fast and the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t next();
  double uniform();                  // [0, 1)
  uint64_t below(uint64_t n);        // [0, n)
  bool chance(double p) { return uniform() < p; }
  // About log-normal: exp(mu + sigma * N(0,1)), N by the sum of 12 uniforms.
  double lognormal(double mu, double sigma);

 private:
  uint64_t s_[4];
};

class CorpusGenerator {
 public:
  // Errors: kNotFound / kIoError when an input file cannot be read.
  static Result<CorpusGenerator> create(const CorpusOptions& options);

  // Post number `i` (0-based) of the archive; ids are unique across all i.
  Post post(uint64_t i);
  // Writes posts [0, n) as archive lines. Returns posts + comments written.
  uint64_t write_archive(uint64_t n, std::FILE* out);
  // `n` queries, one URL query string a line (q=...&from=...), see bench/README.md.
  std::vector<std::string> queries(size_t n);

  size_t vocabulary_size() const { return words_.size(); }

 private:
  CorpusGenerator() : rng_(1) {}
  const std::string& word();  // one word, Zipf-distributed
  std::string sentence(size_t words, const std::vector<std::string>* sprinkle);
  std::string text(size_t target_bytes, const std::vector<std::string>* sprinkle);
  std::string date();

  Rng rng_;
  uint64_t seed_ = 1;
  std::vector<std::string> words_;  // by rank, most frequent first
  std::vector<double> cdf_;         // cumulative Zipf weights, by rank
  std::vector<std::string> authors_, commenters_, roles_;
  std::vector<double> author_cdf_;
  struct Area {
    std::string id;
    std::vector<std::string> terms;
  };
  std::vector<Area> areas_;
};

}  // namespace fss::bench

#endif  // FSS_BENCH_CORPUS_GEN_H_
