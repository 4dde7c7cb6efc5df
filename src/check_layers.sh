#!/bin/sh
# check_layers.sh NM STAMP LAYER...: the layer libraries, lowest first; a LAYER argument
# of several libraries joined by commas ("libfss_analysis.a,libfss_archive.a") is a rank
# of layers side by side. STAMP is touched on success ("-": nothing is).
# Fails, naming the library, the object and the symbol, when a layer's library uses a
# symbol that only a layer above it, or one beside it, defines: an arrow that runs back
# up, which static libraries would otherwise let through whenever a program links every
# layer. Fails too when NM cannot read a library: a check that read nothing passed nothing.
# (src/check_includes.sh checks the same order in the #includes.)
set -eu
if [ "$#" -lt 3 ]; then
  echo "usage: $0 NM STAMP LAYER..." >&2
  exit 2
fi
nm_tool=$1
stamp=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# $tmp/libs: "rank library" lines. For each library k: $tmp/def.k (every global symbol it
# defines), $tmp/strong.k ("symbol object" of its strong definitions: T, D, B, R; weak
# ones, inline functions and templates, are defined wherever they are used) and
# $tmp/needs.k ("symbol object" of what its objects use and it does not define).
rank=0
k=0
status=0
for layer in "$@"; do
  rank=$((rank + 1))
  old_ifs=$IFS
  IFS=,
  set -f
  for lib in $layer; do
    k=$((k + 1))
    echo "$rank $lib" >>"$tmp/libs"
    if [ ! -r "$lib" ] || [ -d "$lib" ]; then
      echo "layer check: cannot read the library $lib" >&2
      status=1
      continue
    fi
    if ! "$nm_tool" -A -g "$lib" >"$tmp/nm.$k" 2>"$tmp/err.$k"; then
      echo "layer check: $nm_tool cannot read $lib:" >&2
      sed 's/^/  /' "$tmp/err.$k" >&2
      status=1
      continue
    fi
    # With -A each line is "library:object:[address] type symbol"; the last two fields
    # are the type and the symbol whatever the address column holds.
    awk -v def="$tmp/def.$k" -v strong="$tmp/strong.$k" -v uses="$tmp/uses.$k" '
      NF >= 2 {
        sym = $NF; type = $(NF - 1); obj = $1
        sub(/^[^:]*:/, "", obj); sub(/:.*/, "", obj)
        if (type == "U") { print sym, obj > uses; next }
        if (type == "w" || type == "v") next  # weak and undefined: used only if there
        print sym > def
        if (type ~ /^[TDBR]$/) print sym, obj > strong
      }' "$tmp/nm.$k"
    for f in def strong uses; do
      [ -f "$tmp/$f.$k" ] || : >"$tmp/$f.$k"
    done
    sort -u "$tmp/def.$k" -o "$tmp/def.$k"
    awk 'NR == FNR { own[$1] = 1; next } !($1 in own)' "$tmp/def.$k" "$tmp/uses.$k" |
      sort -u >"$tmp/needs.$k"
  done
  set +f
  IFS=$old_ifs
done
[ "$status" -eq 0 ] || exit 1

demangle() {
  if command -v c++filt >/dev/null 2>&1; then c++filt; else cat; fi
}

# Every pair (lower library i, library j of the same rank or above): what i needs that j
# defines strongly.
n=$k
i=0
while read -r rank_i lib_i; do
  i=$((i + 1))
  j=0
  while read -r rank_j lib_j; do
    j=$((j + 1))
    if [ "$j" -eq "$i" ] || [ "$rank_j" -lt "$rank_i" ]; then continue; fi
    awk 'NR == FNR { at[$1] = $2; next } $1 in at { print $2 "\t" $1 "\t" at[$1] }' \
      "$tmp/strong.$j" "$tmp/needs.$i" | sort >"$tmp/up"
    [ -s "$tmp/up" ] || continue
    if [ "$rank_j" -eq "$rank_i" ]; then
      where="the layer beside it"
    else
      where="a layer above it"
    fi
    echo "layer check: $(basename "$lib_i") uses symbols of $where, $(basename "$lib_j"):" >&2
    cut -f2 "$tmp/up" | demangle >"$tmp/names"
    cut -f1,3 "$tmp/up" | paste "$tmp/names" - |
      awk -F '\t' '{ print "  " $2 ": " $1 " (defined in " $3 ")" }' >&2
    status=1
  done <"$tmp/libs"
done <"$tmp/libs"
[ "$n" -gt 0 ] || status=1
[ "$status" -eq 0 ] && [ "$stamp" != "-" ] && touch "$stamp"
exit "$status"
