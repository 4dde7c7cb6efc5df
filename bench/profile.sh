#!/usr/bin/env bash
# Where Searcher::search spends its time: perf (call graphs by DWARF) on
# `search_bench --latency --only fss_search`, samples bucketed by the innermost engine step
# on their stack. The numbers behind bench/README.md's "Findings".
#
#   bench/profile.sh [--posts N] [--rounds R]      (perf must be installed; not in CI)
#   BUILD_DIR=build  FSS_BENCH_DIR=/tmp/fss-bench  as for search_bench
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir=${BUILD_DIR:-$root/build}
posts=${FSS_BENCH_POSTS:-2000}
rounds=3
while [[ $# -gt 0 ]]; do
  case "$1" in
    --posts) posts=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "profile.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
FSS_BENCH_POSTS=$posts perf record -q -F 299 --call-graph dwarf,16384 -o "$tmp/perf.data" \
  "$build_dir/bench/search_bench" --latency --rounds "$rounds" --only fss_search >&2
perf script -i "$tmp/perf.data" 2>/dev/null >"$tmp/perf.txt"
# A sample counts only inside the measured rounds (run_latency), not the index build or
# warm-up; it goes to the first bucket whose pattern is on its stack, in this order.
awk -v RS= '
  BEGIN {
    n = split("split_into|compound splitting, first sight of a word (hunspell: cold cache);" \
              "CompoundSplitter::parts|snippet: compound-part cache look-ups;" \
              "make_snippet|snippet: rest of analysis of the hit text (ICU, stem, fold, allocation);" \
              "suggestion|did-you-mean: term frequencies and spelling look-ups;" \
              "FacetCounter|facets: FacetCounter over the whole match set;" \
              "get_mset|match: Enquire::get_mset (top 10);" \
              "basic_json|hit data: JSON parse of document data;" \
              "get_data|hit data: reading documents;" \
              "build_query|query building (analysis + Xapian::Query)", spec, ";")
    for (i = 1; i <= n; i++) { split(spec[i], kv, "|"); pat[i] = kv[1]; name[i] = kv[2] }
  }
  /run_latency/ {
    total++
    for (i = 1; i <= n; i++) if (index($0, pat[i])) { count[i]++; next }
    other++
  }
  END {
    for (i = 1; i <= n; i++) if (count[i]) printf "%5.1f%%  %s\n", 100 * count[i] / total, name[i]
    printf "%5.1f%%  other\n(%d samples in the measured rounds)\n", 100 * other / total, total
  }' "$tmp/perf.txt"
