// The words of the benchmark corpus (corpus_gen.h): the real archive's vocabulary by
// frequency, the hunspell lexicon's plain words, and the small UTF-8 helpers both use.
// Only Latin-1 and Latin Extended-A/B letters are letters here: enough for Swedish.
#ifndef FSS_BENCH_CORPUS_WORDS_H_
#define FSS_BENCH_CORPUS_WORDS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fss/archive.h"
#include "fss/status.h"

namespace fss::bench {

// One UTF-8 code point at s[i] (the input files are valid UTF-8); sets *len.
uint32_t decode(const std::string& s, size_t i, size_t* len);
std::string lower(const std::string& w);
std::string capitalized(const std::string& w);  // the first letter upper case
// URL-safe ascii: å/ä -> a, ö -> o, é -> e, everything else that is not [a-z0-9] -> '-';
// at most `max` bytes.
std::string slug(const std::string& text, size_t max);

// The whole file; kNotFound when it cannot be opened.
Status read_text(const std::string& path, std::string* out);
// Words of the real archive, most frequent first, each in the form it is written in the
// middle of a sentence ("FSS", "Socialstyrelsen", "och").
std::vector<std::string> archive_words(const std::vector<Post>& posts);
// hunspell sv_SE entries (.dic text) without their /flags: plain words only (letters and
// inner hyphens).
std::vector<std::string> lexicon_words(const std::string& dic);

}  // namespace fss::bench

#endif  // FSS_BENCH_CORPUS_WORDS_H_
