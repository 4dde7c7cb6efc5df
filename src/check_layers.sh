#!/bin/sh
# check_layers.sh NM STAMP LIB...: the layer libraries, lowest first; STAMP is touched on
# success ("-": nothing is). Fails, naming the symbols, when a layer's library uses a
# symbol that only a layer above it defines: an arrow that runs back up, which static
# libraries would otherwise let through whenever a program links every layer.
set -eu
nm_tool=$1
stamp=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
i=0
for lib in "$@"; do
  i=$((i + 1))
  "$nm_tool" -g --defined-only "$lib" 2>/dev/null |
    awk 'NF == 3 && $2 ~ /^[TDBR]$/ { print $3 }' | sort -u >"$tmp/strong.$i"
  "$nm_tool" -g --defined-only "$lib" 2>/dev/null |
    awk 'NF == 3 { print $3 }' | sort -u >"$tmp/defined.$i"
  "$nm_tool" -u "$lib" 2>/dev/null | awk '$1 == "U" { print $2 }' | sort -u |
    comm -23 - "$tmp/defined.$i" >"$tmp/needs.$i"
done
n=$i
status=0
i=0
for lib in "$@"; do
  i=$((i + 1))
  j=$((i + 1))
  while [ "$j" -le "$n" ]; do
    up=$(comm -12 "$tmp/needs.$i" "$tmp/strong.$j")
    if [ -n "$up" ]; then
      above=$(eval "echo \${$j}")
      echo "layer check: $(basename "$lib") uses symbols of the layer above it, $(basename "$above"):" >&2
      if command -v c++filt >/dev/null 2>&1; then echo "$up" | c++filt; else echo "$up"; fi |
        sed 's/^/  /' >&2
      status=1
    fi
    j=$((j + 1))
  done
done
[ "$status" -eq 0 ] && [ "$stamp" != "-" ] && touch "$stamp"
exit "$status"
