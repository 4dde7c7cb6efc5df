#!/bin/sh
# A/B of serving the page's app.js (issue 18): N requests of /app.js with
# "Accept-Encoding: br" on one keep-alive connection (one curl), against each daemon in
# turn, ROUNDS times, in one run. Prints the wall time and the daemon's CPU time (utime +
# stime from /proc) per round.
#   bench/static_files.sh OLD_FSS_SEARCHD NEW_FSS_SEARCHD [N=200] [ROUNDS=3]
set -eu
old=${1:?usage: static_files.sh OLD_FSS_SEARCHD NEW_FSS_SEARCHD [N] [ROUNDS]}
new=${2:?}
n=${3:-200}
rounds=${4:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fss-static-ab-XXXXXX")
pids=""
cleanup() {
  for q in $pids; do kill "$q" 2>/dev/null; wait "$q" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# start NAME BIN: a daemon without an index (the page needs none); sets $port and $pid.
start() {
  "$2" --listen 127.0.0.1:0 --index "$tmp" --no-access-log 2>"$tmp/$1.log" &
  pid=$!
  pids="$pids $pid"
  i=0
  until grep -q "on http://" "$tmp/$1.log" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 200 ] && { cat "$tmp/$1.log"; exit 1; }; sleep 0.05
  done
  port=$(sed -n 's|.* on http://[^ ]*:\([0-9]*\)/$|\1|p' "$tmp/$1.log" | head -1)
}
cpu_ms() { awk -v t="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / t}' "/proc/$1/stat"; }

start old "$old"; old_port=$port; old_pid=$pid
start new "$new"; new_port=$port; new_pid=$pid
urls() { i=0; while [ $i -lt "$n" ]; do echo "url = \"http://127.0.0.1:$1/app.js\""; echo "output = /dev/null"; i=$((i + 1)); done; }
urls "$old_port" >"$tmp/old.curl"
urls "$new_port" >"$tmp/new.curl"

echo "round daemon requests wall_ms cpu_ms"
r=1
while [ $r -le "$rounds" ]; do
  for side in old new; do
    case $side in old) p=$old_pid ;; *) p=$new_pid ;; esac
    c0=$(cpu_ms "$p"); t0=$(date +%s%N)
    curl -s -H 'Accept-Encoding: br' -K "$tmp/$side.curl"
    t1=$(date +%s%N); c1=$(cpu_ms "$p")
    echo "$r $side $n $(( (t1 - t0) / 1000000 )) $(awk -v a="$c0" -v b="$c1" 'BEGIN{print b - a}')"
  done
  r=$((r + 1))
done
