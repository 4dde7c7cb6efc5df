#!/bin/sh
# The browser test against the real daemon (issue 6), then the escaping test on a hostile
# archive (issue 8). Run by ctest:
#   run.sh FSS_INDEX_BIN FSS_SEARCHD_BIN ARTIFACTS_DIR
# Exits 77 (ctest: skipped) only when node, playwright-core (npm ci in tests/browser) or
# chromium is missing, saying which.
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
index_bin=${1:?usage: run.sh FSS_INDEX_BIN FSS_SEARCHD_BIN ARTIFACTS_DIR}
searchd_bin=${2:?}
artifacts=${3:?}
chromium=${CHROMIUM:-/usr/bin/chromium}

skip() { echo "SKIPPED: $*"; exit 77; }
command -v node >/dev/null 2>&1 || skip "node is not installed (scripts/install-deps.sh --browser)"
[ -d "$here/node_modules/playwright-core" ] || skip "tests/browser/node_modules is missing (run: cd tests/browser && npm ci)"
[ -x "$chromium" ] || skip "$chromium is missing (scripts/install-deps.sh --browser installs Debian's chromium)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fss-browser-XXXXXX")
pids=""
cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# start_daemon NAME ARCHIVE: builds an index of ARCHIVE, starts fss-searchd on a free port,
# sets $base.
start_daemon() {
  "$index_bin" build --archive "$2" --index "$tmp/$1-index" >"$tmp/$1-build.log" 2>&1 || {
    cat "$tmp/$1-build.log"; echo "FAILED: fss-index build $2"; exit 1; }
  "$searchd_bin" --index "$tmp/$1-index" --listen 127.0.0.1:0 2>"$tmp/$1-searchd.log" &
  pids="$pids $!"
  i=0
  while ! grep -q "on http://" "$tmp/$1-searchd.log" 2>/dev/null; do
    i=$((i + 1))
    [ $i -gt 200 ] && { cat "$tmp/$1-searchd.log"; echo "FAILED: fss-searchd did not start"; exit 1; }
    sleep 0.05
  done
  base=$(sed -n 's|.* on \(http://[^ ]*/\)$|\1|p' "$tmp/$1-searchd.log" | head -1)
}

status=0
mkdir -p "$artifacts/browser" "$artifacts/browser-xss"

start_daemon corpus "$src/corpus/archive.jsonl"
echo "# page test against $base (index of corpus/archive.jsonl)"
FSS_BASE_URL=$base FSS_ARTIFACTS_DIR=$artifacts/browser CHROMIUM=$chromium node "$here/page.test.mjs" || {
  status=1; echo "# daemon log:"; tail -20 "$tmp/corpus-searchd.log"; }
echo "# screenshots: $artifacts/browser/"

start_daemon hostile "$src/tests/testdata/hostile.jsonl"
echo "# escaping test against $base (index of tests/testdata/hostile.jsonl)"
FSS_BASE_URL=$base FSS_ARTIFACTS_DIR=$artifacts/browser-xss FSS_XSS_QUERY=socialtjänst CHROMIUM=$chromium \
  node "$here/page.test.mjs" || { status=1; echo "# daemon log:"; tail -20 "$tmp/hostile-searchd.log"; }
echo "# screenshots: $artifacts/browser-xss/"
exit $status
