#!/usr/bin/env bash
# Builds everything and runs every test, on a fresh Debian 12 machine:
#   1. the packages (Chromium too, for the browser test) and the page test's npm packages;
#   2. the build and the whole ctest suite (unit, daemon, browser, soak, WordPress);
#   3. the suite again under AddressSanitizer + UndefinedBehaviorSanitizer (clang), and
#      each libFuzzer target briefly (scripts/fuzz.sh); the concurrent tests under
#      ThreadSanitizer;
#   4. the benchmarks in quick mode (scripts/bench.sh --quick), as a smoke run.
# --quick stops after step 2. BUILD_DIR=build to change the build directory.
# Every build here is configured with -DFSS_WERROR=ON: a compiler warning fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}
quick=0
[[ "${1:-}" == "--quick" ]] && quick=1

step() { printf '\n=== %s (%s)\n' "$1" "$(date +%T)"; }

step "packages"
scripts/install-deps.sh --browser --wordpress
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)

step "build"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFSS_WERROR=ON >/dev/null
cmake --build "$build_dir" -j"$(nproc)"

step "tests"
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
[[ $quick == 1 ]] && exit 0

step "tests under ASan + UBSan, and fuzzing"
fuzz_dir=${build_dir}-sanitize
BUILD_DIR=$fuzz_dir FSS_FUZZ_BUILD_ALL=1 FSS_WERROR=ON scripts/fuzz.sh 10
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The browser and soak tests drive the daemon for a long time; under the sanitizers they
# only add minutes, not coverage, so they run in step 2 only.
ctest --test-dir "$fuzz_dir" --output-on-failure -j"$(nproc)" -LE slow

step "concurrent tests under ThreadSanitizer"
# The tests whose threads share an Analyzer, a Searcher cache, generations or a daemon:
# a data race fails them here even when the answers come out right.
tsan_dir=${build_dir}-tsan
tsan_targets=(analyzer_compound_test searcher_threads_test generations_test index_builder_test index_builder_generations_test soak_test mutex_test)
CC=clang CXX=clang++ cmake -S . -B "$tsan_dir" -DFSS_SANITIZE=thread -DFSS_BUILD_BENCH=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFSS_WERROR=ON >/dev/null
cmake --build "$tsan_dir" -j"$(nproc)" --target "${tsan_targets[@]}"
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ctest --test-dir "$tsan_dir" \
  --output-on-failure -j"$(nproc)" -R 'Compound|SearcherThreads|Generations|IndexBuilder|soak|Mutex|CondVar'

if [[ -x scripts/bench.sh ]]; then
  step "benchmarks (quick)"
  scripts/bench.sh --quick
fi
