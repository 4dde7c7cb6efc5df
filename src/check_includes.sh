#!/bin/sh
# check_includes.sh ROOT STAMP: reads every #include of the layers (src/<layer>/), of the
# public headers (include/fss/) and of the programs, as src/layers.txt assigns them, and
# fails, naming file, line and include, when
#   - a file of a layer includes a header, private or public, of a layer above its own,
#     or of the layer that stands beside it (analysis and archive);
#   - a public header includes a private one, or a public header of a layer above;
#   - a program includes anything but "fss/..." headers and its own folder's (by bare
#     name);
#   - a layer names a header of src/ other than by folder ("search/snippet.h"), or a
#     folder of src/, a public header or an include of "fss/..." is missing from the table.
# STAMP is touched on success ("-": nothing is). The compiler cannot refuse such an
# include: src/ is on every layer's include path, so only this check keeps the arrows down.
set -eu
if [ "$#" -ne 2 ]; then
  echo "usage: $0 ROOT STAMP" >&2
  exit 2
fi
root=$1
stamp=$2
cd "$root"
table=src/layers.txt
if [ ! -r "$table" ]; then
  echo "include check: cannot read $root/$table" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Every folder the table names must exist; every folder of src/ must be a layer.
status=0
awk '$1 == "layer" { print "src/" $3 } $1 == "program" { print $2 }' "$table" >"$tmp/dirs"
while read -r dir; do
  if [ ! -d "$dir" ]; then
    echo "include check: $table names $dir/, which does not exist" >&2
    status=1
  fi
done <"$tmp/dirs"
for dir in src/*/; do
  [ -d "$dir" ] || continue
  if ! grep -qx "${dir%/}" "$tmp/dirs"; then
    echo "include check: ${dir}: a folder of src/ that is no layer of $table" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] || exit 1

# The names are the tree's own folders and files, relative to ROOT: split on purpose.
# shellcheck disable=SC2046
{
  find $(cat "$tmp/dirs") -type f
  [ -d include/fss ] && find include/fss -type f
} | grep -E '\.(h|hh|hpp|cc|cpp|cxx|inc)$' | sort >"$tmp/files"

# shellcheck disable=SC2046
awk -v table="$table" -v list="$tmp/files" '
function fail(msg) {
  print "include check: " msg > "/dev/stderr"
  bad = 1
}
BEGIN {
  while ((getline line < table) > 0) {
    n = split(line, f)
    if (n == 0 || f[1] ~ /^#/) continue
    if (f[1] == "layer") {
      rank[f[3]] = f[2] + 0
      for (i = 4; i <= n; i++) {
        if (f[i] in pub) fail(table ": fss/" f[i] " is listed twice")
        pub[f[i]] = f[3]
      }
    } else if (f[1] == "program") {
      program[f[2]] = 1
    } else {
      fail(table ": cannot read the line \"" line "\"")
    }
  }
  while ((getline file < list) > 0) exists[file] = 1
  for (h in pub)
    if (!(("include/fss/" h) in exists)) fail(table ": lists fss/" h ", which does not exist")
  for (file in exists)
    if (file ~ /^include\/fss\// && !(substr(file, 13) in pub))
      fail(file ": a public header that " table " gives to no layer")
}

# The file being read: its kind (layer, public, program) and its layer or folder.
FNR == 1 {
  kind = ""; own = ""
  if (FILENAME ~ /^include\/fss\//) {
    kind = "public"; own = pub[substr(FILENAME, 13)]
  } else if (FILENAME ~ /^src\//) {
    kind = "layer"; own = substr(FILENAME, 5); sub(/\/.*/, "", own)
  } else {
    kind = "program"; own = FILENAME; sub(/\/.*/, "", own)
  }
}

/^[ \t]*#[ \t]*include[ \t]*[<"]/ {
  s = $0
  sub(/^[ \t]*#[ \t]*include[ \t]*/, "", s)
  quoted = substr(s, 1, 1) == "\""
  close_at = index(substr(s, 2), quoted ? "\"" : ">")
  if (close_at == 0) next
  inc = substr(s, 2, close_at - 1)
  shown = quoted ? "\"" inc "\"" : "<" inc ">"
  where = FILENAME ":" FNR ": "
  top = index(inc, "/") ? substr(inc, 1, index(inc, "/") - 1) : ""

  if (top == "fss") {
    if (!(substr(inc, 5) in pub)) {
      fail(where "includes " shown ", which is no public header listed in " table)
      next
    }
    if (kind == "program" || own == "") next
    target = pub[substr(inc, 5)]
  } else if (top in rank) {
    if (kind == "program") {
      fail(where "a program includes " shown ", a private header of layer " top \
           ": programs include only \"fss/...\" headers and headers of their own folder")
      next
    }
    if (kind == "public") {
      fail(where "a public header includes " shown ", a private header of layer " top)
      next
    }
    target = top
  } else if (!quoted) {
    next  # a system or third-party header
  } else if (kind == "program") {
    if (index(inc, "/") == 0 && ((own "/" inc) in exists)) next
    fail(where "a program includes " shown \
         ": programs include only \"fss/...\" headers and headers of their own folder")
    next
  } else {
    fail(where "includes " shown ": name a header of src/ by its folder " \
         "(\"<layer>/x.h\") and a public one as \"fss/x.h\"")
    next
  }

  if (target == own || rank[target] < rank[own]) next
  if (rank[target] == rank[own])
    fail(where "includes " shown " of layer " target ", which stands beside layer " \
         own ": neither includes the other")
  else
    fail(where "includes " shown " of layer " target ", a layer above " own)
}

END { exit bad }
' $(cat "$tmp/files") /dev/null

[ "$stamp" = "-" ] || touch "$stamp"
