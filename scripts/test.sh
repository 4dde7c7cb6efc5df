#!/usr/bin/env bash
# Builds everything and runs every test, on a fresh Debian 12 machine: the packages
# (with Chromium for the browser test), the build, the page test's npm packages, ctest.
#   BUILD_DIR=build  to change the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${BUILD_DIR:-build}

scripts/install-deps.sh --browser
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
