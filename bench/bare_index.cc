// bare-index ARCHIVE DBDIR: the indexer's floor. Indexes an archive with bare Xapian's
// TermGenerator (bench/bare_xapian.h: Swedish stemmer, STEM_SOME, one thread, Xapian's
// default flush threshold) and prints one line of figures for scripts/bench.sh:
//   documents=N text_bytes=N seconds=S index_bytes=N docs_per_s=R text_mb_per_s=R
#include <cstdio>
#include <string>

#include "bare_xapian.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fputs("usage: bare-index ARCHIVE DBDIR\n", stderr);
    return 2;
  }
  auto stats = fss::bench::bare_index(argv[1], argv[2]);
  if (!stats.is_ok()) {
    std::fprintf(stderr, "bare-index: %s\n", stats.status().message().c_str());
    return 1;
  }
  const auto& s = stats.value();
  std::printf("documents=%llu text_bytes=%llu seconds=%.2f index_bytes=%llu docs_per_s=%.0f text_mb_per_s=%.2f\n",
              static_cast<unsigned long long>(s.documents), static_cast<unsigned long long>(s.text_bytes),
              s.seconds, static_cast<unsigned long long>(s.index_bytes), s.documents / s.seconds,
              s.text_bytes / 1e6 / s.seconds);
  return 0;
}
