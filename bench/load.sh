#!/usr/bin/env bash
# The daemon under load (issue 7): fss-searchd on a free loopback port, wrk with the query
# mix (bench/wrk-mix.lua cycling through bench/queries) at 1, 16 and 64 connections, then
# GET /healthz at 16 connections as the HTTP floor, each for D seconds.
#
#   bench/load.sh [--posts N] [--duration D] [--out FILE.tsv]
#
# The index is the one search_bench uses: $FSS_BENCH_DIR/posts-N/fss (default
# /tmp/fss-bench), generated (gen-corpus N, seed 1) and built (fss-index build) when missing.
# Prints requests/s, p50/p99 latency, errors (status != 200 and socket errors) and
# searches/s as a % of /healthz's; --out writes the same as TSV for scripts/bench.sh.
#   BUILD_DIR=build  the CMake build directory; FSS_SEARCHD=PATH another daemon binary (A/B)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir=${BUILD_DIR:-$root/build}
posts=20000
duration=10
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --posts) posts=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }

for t in fss-index fss-searchd bench/gen-corpus; do
  if [[ ! -x "$build_dir/$t" ]]; then
    cmake -S "$root" -B "$build_dir" >/dev/null
    make -C "$build_dir" -j"$(nproc)" fss-index fss-searchd gen-corpus >/dev/null
    break
  fi
done

data="${FSS_BENCH_DIR:-/tmp/fss-bench}/posts-$posts"
mkdir -p "$data"
if [[ ! -e "$data/archive.done" ]]; then
  "$build_dir/bench/gen-corpus" "$posts" -o "$data/archive.jsonl"
  echo ok >"$data/archive.done"
fi
if [[ ! -e "$data/fss.done" ]]; then
  "$build_dir/fss-index" build --archive "$data/archive.jsonl" --index "$data/fss" --quiet \
    --synonyms "$root/corpus/synonyms.txt" --focus-areas "$root/corpus/focus-areas.json" >&2
  echo ok >"$data/fss.done"
fi

log=$(mktemp)
"${FSS_SEARCHD:-$build_dir/fss-searchd}" --listen 127.0.0.1:0 --index "$data/fss" --no-access-log 2>"$log" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -f "$log"' EXIT
port=""
for _ in $(seq 1 300); do
  port=$(sed -n 's|.*on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$log" | head -1)
  [[ -n "$port" ]] && curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 "$daemon" 2>/dev/null || { cat "$log" >&2; echo "load.sh: fss-searchd exited" >&2; exit 1; }
  sleep 0.2
done
[[ -n "$port" ]] || { cat "$log" >&2; echo "load.sh: fss-searchd did not start" >&2; exit 1; }
url="http://127.0.0.1:$port"
# One pass over the mix (16 at a time) warms the page cache and the analyzer's compound
# cache, as the warm-up round of search_bench --latency does in process.
grep -v '^#' "$root/bench/queries" | xargs -P 16 -I{} curl -s -o /dev/null "$url/api/search?{}"

run() {  # name connections source
  local threads=$(( $2 < 2 ? 1 : 2 ))
  local line
  line=$(wrk -t"$threads" -c"$2" -d"${duration}s" --timeout 10s --latency -s "$root/bench/wrk-mix.lua" "$url" -- "$3" |
    grep '^RESULT') || { echo "load.sh: wrk failed ($1)" >&2; exit 1; }
  echo "$1 $2 $line"
}
results=()
results+=("$(run search 1 "$root/bench/queries")")
results+=("$(run search 16 "$root/bench/queries")")
results+=("$(run search 64 "$root/bench/queries")")
results+=("$(run healthz 16 --healthz)")

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
health_rps=$(field rps "${results[3]}")
docs=$(curl -s "$url/healthz" | sed -n 's/.*"documents": *\([0-9]*\).*/\1/p')
printf '%-8s %5s %10s %9s %9s %8s %10s\n' endpoint conns req_per_s p50_ms p99_ms errors pct_healthz
[[ -n "$out" ]] && printf 'endpoint\tconnections\tposts\trps\tp50_ms\tp99_ms\terrors\tpct_healthz\n' >"$out"
for r in "${results[@]}"; do
  read -r name conns _ <<<"$r"
  rps=$(field rps "$r")
  errors=$(( $(field non200 "$r") + $(field socket_errors "$r") ))
  pct=$(awk -v a="$rps" -v b="$health_rps" 'BEGIN { printf "%.1f", (b > 0) ? 100 * a / b : 0 }')
  printf '%-8s %5s %10s %9s %9s %8s %9s%%\n' "$name" "$conns" "$rps" "$(field p50_ms "$r")" "$(field p99_ms "$r")" "$errors" "$pct"
  [[ -n "$out" ]] && printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$conns" "$posts" "$rps" \
    "$(field p50_ms "$r")" "$(field p99_ms "$r")" "$errors" "$pct" >>"$out"
done
echo "($posts posts${docs:+, $docs documents}, ${duration}s a run, fss-searchd defaults, wrk on the same machine)"
