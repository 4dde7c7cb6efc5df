#!/bin/sh
# layer_check_test.sh SOURCE_DIR CXX AR NM LAYER...: the layer check fails, with a message
# naming the culprit, once for each rule it enforces, and passes on the real tree.
#  - src/check_includes.sh on throwaway trees (the real src/layers.txt, empty headers),
#    each with one bad #include added: a table of file, line, expected message;
#  - src/check_layers.sh on two tiny libraries built here with CXX and AR (one using a
#    symbol of the other), on a missing library, on one that is no library, with an nm
#    that fails;
#  - both checks on the real sources and the real libraries (LAYER... as the build gives
#    them to check_layers.sh).
# Everything is made in a temporary directory, removed on exit.
set -u
if [ "$#" -lt 5 ]; then
  echo "usage: $0 SOURCE_DIR CXX AR NM LAYER..." >&2
  exit 2
fi
src=$1
cxx=$2
ar_tool=$3
nm_tool=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# expect_failure NAME PATTERN COMMAND...: COMMAND exits non-zero and its error output has
# a line matching PATTERN (grep -E).
expect_failure() {
  name=$1 pattern=$2
  shift 2
  if "$@" >"$tmp/out" 2>&1; then
    fail "$name: the check passed; expected a failure matching: $pattern"
    sed 's/^/  | /' "$tmp/out" >&2
  elif ! grep -Eq -- "$pattern" "$tmp/out"; then
    fail "$name: the check failed without a line matching: $pattern"
    sed 's/^/  | /' "$tmp/out" >&2
  else
    echo "ok: $name"
  fi
}

# expect_success NAME COMMAND...
expect_success() {
  name=$1
  shift
  if "$@" >"$tmp/out" 2>&1; then
    echo "ok: $name"
  else
    fail "$name: the check failed:"
    sed 's/^/  | /' "$tmp/out" >&2
  fi
}

# ---- includes ----------------------------------------------------------------------
# new_tree DIR: the real table, every layer and program folder, every public header it
# lists (empty), and a few files that include what they may.
new_tree() {
  mkdir -p "$1/src" "$1/include/fss"
  cp "$src/src/layers.txt" "$1/src/layers.txt"
  awk '$1 == "layer" { print "src/" $3 } $1 == "program" { print $2 }' "$1/src/layers.txt" |
    while read -r dir; do mkdir -p "$1/$dir"; done
  awk '$1 == "layer" { for (i = 4; i <= NF; i++) print $i }' "$1/src/layers.txt" |
    while read -r h; do : >"$1/include/fss/$h"; done
  printf '#include "fss/status.h"\n' >"$1/src/base/file.h"
  printf '#include "base/file.h"\n#include "fss/utf8.h"\n' >"$1/src/text/unicode.h"
  printf '#include "text/unicode.h"\n#include <string>\n' >"$1/src/archive/a.cc"
  printf '#include "text/unicode.h"\n#include "fss/analyzer.h"\n' >"$1/src/analysis/b.cc"
  printf '#include "analysis/b.h"\n#include "archive/a.h"\n#include "fss/importer.h"\n' \
    >"$1/src/index/c.cc"
  printf '#include "fss/search.h"\n#include "index/c.h"\n  #  include "search/q.h"\n' \
    >"$1/src/search/q.cc"
  printf '#include "fss/search.h"\n' >"$1/src/search/q.h"
  printf '#include "fss/status.h"\n#include "fss/archive.h"\n' >"$1/include/fss/search.h"
  printf '#include "fss/search.h"\n#include "printer.h"\n#include <cstdio>\n' >"$1/cli/main.cc"
  printf '// #include "search/q.h" in a comment is not read\n' >"$1/cli/printer.h"
}

n=0
# check_bad_include NAME FILE CONTENT PATTERN: a fresh tree in which FILE holds CONTENT
# fails the include check with a message matching PATTERN.
check_bad_include() {
  n=$((n + 1))
  tree=$tmp/tree$n
  new_tree "$tree"
  mkdir -p "$tree/$(dirname "$2")"
  printf '%s\n' "$3" >>"$tree/$2"
  expect_failure "$1 ($2: $3)" "$4" "$src/src/check_includes.sh" "$tree" "$tree/stamp"
  [ ! -e "$tree/stamp" ] || fail "$1: the stamp was touched on a failure"
}

new_tree "$tmp/good"
expect_success "a tree whose includes all run down" \
  "$src/src/check_includes.sh" "$tmp/good" "$tmp/good/stamp"
[ -e "$tmp/good/stamp" ] || fail "the stamp was not touched on success"

check_bad_include "upward private include" src/text/utf8.cc '#include "search/snippet.h"' \
  '^include check: src/text/utf8.cc:1: includes "search/snippet.h" of layer search, a layer above text$'
check_bad_include "upward public include" src/text/unicode.h '#include "fss/search.h"' \
  '^include check: src/text/unicode.h:3: includes "fss/search.h" of layer search, a layer above text$'
check_bad_include "upward include, angle brackets" src/base/file.cc '#include <index/terms.h>' \
  'src/base/file.cc:1: includes <index/terms.h> of layer index, a layer above base$'
check_bad_include "analysis includes archive" src/analysis/b.cc '#include "archive/dump/x.h"' \
  'src/analysis/b.cc:3: includes "archive/dump/x.h" of layer archive, which stands beside layer analysis'
check_bad_include "archive includes analysis" src/archive/dump/d.cc '#include "fss/analyzer.h"' \
  'src/archive/dump/d.cc:1: includes "fss/analyzer.h" of layer analysis, which stands beside layer archive'
check_bad_include "a layer names a header by a path" src/text/e.cc '#include "../search/q.h"' \
  'src/text/e.cc:1: includes "../search/q.h": name a header of src/ by its folder'
check_bad_include "program includes a private header" searchd/server.cc '#include "search/q.h"' \
  'searchd/server.cc:1: a program includes "search/q.h", a private header of layer search'
check_bad_include "program includes src/ by a path" cli/main.cc '#include "../src/search/q.h"' \
  'cli/main.cc:4: a program includes "../src/search/q.h": programs include only'
check_bad_include "program includes another folder's header" indexer/main.cc '#include "printer.h"' \
  'indexer/main.cc:1: a program includes "printer.h": programs include only'
check_bad_include "program includes a private header, angle brackets" cli/main.cc \
  '#include <analysis/b.h>' 'cli/main.cc:4: a program includes <analysis/b.h>'
check_bad_include "public header includes an upper one" include/fss/analyzer.h \
  '#include "fss/search.h"' \
  'include/fss/analyzer.h:1: includes "fss/search.h" of layer search, a layer above analysis'
check_bad_include "public header includes a private one" include/fss/search.h \
  '#include "search/q.h"' \
  'include/fss/search.h:3: a public header includes "search/q.h", a private header of layer search'
check_bad_include "include of a public header no layer owns" src/index/c.cc '#include "fss/new.h"' \
  'src/index/c.cc:4: includes "fss/new.h", which is no public header listed in src/layers.txt'
check_bad_include "public header missing from the table" include/fss/new.h '' \
  'include/fss/new.h: a public header that src/layers.txt gives to no layer'
check_bad_include "folder of src/ that is no layer" src/port/p.cc '' \
  'src/port/: a folder of src/ that is no layer of src/layers.txt'

expect_success "the real tree's includes" "$src/src/check_includes.sh" "$src" -

# ---- symbols -----------------------------------------------------------------------
# libhigh.a defines up(); liblow.a's low() calls it: liblow.a needs libhigh.a.
mkdir "$tmp/libs"
printf 'int up() { return 1; }\n' >"$tmp/libs/high.cc"
printf 'int up();\nint low() { return up() + 1; }\n' >"$tmp/libs/low.cc"
printf 'int base() { return 0; }\n' >"$tmp/libs/base.cc"
for name in high low base; do
  (cd "$tmp/libs" && "$cxx" -c "$name.cc" -o "$name.o" && "$ar_tool" qc "lib$name.a" "$name.o") ||
    fail "cannot build lib$name.a with $cxx and $ar_tool"
done
printf 'not a library\n' >"$tmp/libs/libgarbage.a"
printf '#!/bin/sh\necho "nm: out of order" >&2\nexit 1\n' >"$tmp/libs/failing-nm"
chmod +x "$tmp/libs/failing-nm"
L=$tmp/libs
check=$src/src/check_layers.sh

expect_success "libraries whose symbols run down" "$check" "$nm_tool" "$L/stamp" \
  "$L/libbase.a" "$L/libhigh.a" "$L/liblow.a"
[ -e "$L/stamp" ] || fail "the layer check did not touch its stamp on success"
rm -f "$L/stamp"
expect_failure "upward symbol" \
  '^  low\.o: up\(\) \(defined in high\.o\)$' \
  "$check" "$nm_tool" "$L/stamp" "$L/libbase.a" "$L/liblow.a" "$L/libhigh.a"
grep -q 'layer check: liblow.a uses symbols of a layer above it, libhigh.a:' "$tmp/out" ||
  fail "upward symbol: the message does not name both libraries"
[ ! -e "$L/stamp" ] || fail "upward symbol: the stamp was touched on a failure"
expect_failure "symbol of the layer beside" \
  'liblow.a uses symbols of the layer beside it, libhigh.a:' \
  "$check" "$nm_tool" - "$L/libbase.a" "$L/liblow.a,$L/libhigh.a"
expect_failure "missing library" "layer check: cannot read the library $L/libnone.a" \
  "$check" "$nm_tool" - "$L/libbase.a" "$L/libnone.a"
expect_failure "a file that is no library" "layer check: $nm_tool cannot read $L/libgarbage.a" \
  "$check" "$nm_tool" - "$L/libbase.a" "$L/libgarbage.a"
expect_failure "nm failing" "failing-nm cannot read .*libbase.a" \
  "$check" "$L/failing-nm" - "$L/libbase.a" "$L/libhigh.a"

expect_success "the real libraries" "$check" "$nm_tool" - "$@"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all layer checks behave"
