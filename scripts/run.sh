#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install the packages, build, import the raw
# dumps of corpus/raw into corpus/archive.jsonl, index it, show a query, and serve search
# on http://127.0.0.1:8080 (Ctrl-C stops the daemon).
#   FSS_LISTEN=127.0.0.1:8080  FSS_INDEX=index  BUILD_DIR=build  to change the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}
index_dir=${FSS_INDEX:-index}
listen=${FSS_LISTEN:-127.0.0.1:8080}

scripts/install-deps.sh
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFSS_BUILD_TESTS=OFF -DFSS_BUILD_BENCH=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target fss-index fss-search fss-searchd

"$build_dir"/fss-index import -o corpus/archive.jsonl corpus/raw
"$build_dir"/fss-index build --archive corpus/archive.jsonl --index "$index_dir"
echo
echo '$ fss-search "första linjen"'
"$build_dir"/fss-search --index "$index_dir" "första linjen"
echo
exec "$build_dir"/fss-searchd --index "$index_dir" --listen "$listen"
