#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS (default 12),
# seeded from the archive, the raw dumps and the committed regression inputs. First every
# committed crash input in tests/fuzz/regressions/<target>/ is replayed: each must pass.
#   scripts/fuzz.sh [SECONDS]        BUILD_DIR=build-fuzz to change the build directory
#   FUZZ_RUNS=N      stop each target after N executions instead (the by-hand 10M run)
#   FUZZ_TARGETS="a b"  only these targets; FUZZ_MAX_LEN=N  longest input (default 65536)
#   FSS_WERROR=ON    warnings are errors (scripts/test.sh sets it)
# New crashes are written to $BUILD_DIR/fuzz-artifacts/<target>/ (copy them into
# tests/fuzz/regressions/<target>/ once fixed, so they stay fixed).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-12}
build_dir=${BUILD_DIR:-build-fuzz}

CC=clang CXX=clang++ cmake -S . -B "$build_dir" -DFSS_FUZZ=ON -DFSS_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFSS_WERROR="${FSS_WERROR:-OFF}" >/dev/null
targets=(importer archive analyzer query params)
if [[ -n "${FUZZ_TARGETS:-}" ]]; then read -r -a targets <<<"$FUZZ_TARGETS"; fi
max_len=${FUZZ_MAX_LEN:-65536}
if [[ -n "${FUZZ_RUNS:-}" ]]; then limit=(-runs="$FUZZ_RUNS"); else limit=(-max_total_time="$seconds"); fi
if [[ -n "${FSS_FUZZ_BUILD_ALL:-}" ]]; then
  cmake --build "$build_dir" -j"$(nproc)"  # the tests too: scripts/test.sh runs them sanitized
else
  cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]/%/_fuzz}"
fi

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
for t in importer archive analyzer query params; do mkdir -p "$seeds/$t"; done
for t in "${targets[@]}"; do mkdir -p "$build_dir/fuzz-artifacts/$t"; done
cp corpus/raw/*.txt "$seeds/importer/"
cp ../shared/testdata/site-dumps/*.txt "$seeds/importer/" 2>/dev/null || true
split -l 1 -d corpus/archive.jsonl "$seeds/archive/line-"
cp corpus/raw/*.txt "$seeds/analyzer/"
i=0
for q in 'första linjen' '"tillit till socialtjänsten"' 'social* -lag' 'a OR b' 'title:fokus author:persson' \
         '"unbalanced' '-' 'OR' '((((x))))' 'FSS:s Gävle-Dala 3,3'; do
  printf '%s' "$q" > "$seeds/query/q$i"; i=$((i + 1))
done
printf 'q=f%%C3%%B6rsta&from=2023-01-01&size=5' > "$seeds/params/p0"
printf 'q=x&author=Monica+Persson&area=nara-vard&type=post&sort=date&page=2' > "$seeds/params/p1"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for t in "${targets[@]}"; do
  bin="$build_dir/tests/fuzz/${t}_fuzz"
  reg="tests/fuzz/regressions/$t"
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg")" ]; then
    echo "fuzz: $t: replaying $(ls "$reg" | wc -l) regression input(s)"
    "$bin" "$reg"/* >/dev/null 2>&1 || { echo "fuzz: $t: a regression input fails again"; status=1; }
  fi
  echo "fuzz: $t: ${limit[*]}"
  if ! "$bin" "${limit[@]}" -max_len="$max_len" -timeout=10 -rss_limit_mb=4096 \
       -artifact_prefix="$build_dir/fuzz-artifacts/$t/" "$seeds/$t" 2>"$build_dir/fuzz-$t.log"; then
    echo "fuzz: $t: FAILED, see $build_dir/fuzz-$t.log and $build_dir/fuzz-artifacts/$t/"
    tail -30 "$build_dir/fuzz-$t.log"
    status=1
  else
    grep -E "^#[0-9]+.*DONE" "$build_dir/fuzz-$t.log" | tail -1 || true
  fi
done
exit $status
