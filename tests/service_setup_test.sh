#!/bin/sh
# The service set-up of doc/operations.md, as written, on this machine (issue 18: the first
# build failed with "Permission denied" because nothing made /var/lib/fss-search):
#   service_setup_test.sh BUILD_DIR
# Installs into a fresh prefix (cmake --install --prefix), creates the user from the
# installed sysusers.d file (systemd-sysusers), the state directory from the installed
# tmpfiles.d file (systemd-tmpfiles --create, under a scratch root so that the machine's
# /var/lib is left alone: the unit's paths are moved there), builds the index as that user,
# then starts the unit's ExecStart= command line with its Environment= as that user and
# asks /healthz and a search. Needs root (exit 77, skipped, otherwise).
set -eu
build=$(cd "${1:?usage: service_setup_test.sh BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIPPED: needs root (creates a system user)"; exit 77; }
for t in systemd-sysusers systemd-tmpfiles runuser curl; do
  command -v $t >/dev/null 2>&1 || { echo "SKIPPED: $t is missing"; exit 77; }
done

tmp=$(mktemp -d /tmp/fss-service-XXXXXX)
chmod 755 "$tmp"
pid=""
daemon=""
shard=""
cleanup() {
  # xapian-tcpsrv signals its whole process group: it runs in a session of its own.
  if [ -n "$shard" ]; then kill -TERM "-$shard" 2>/dev/null || true; wait "$shard" 2>/dev/null || true; fi
  # The daemon first: runuser waits for it (and reaps it), then exits itself.
  if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true
  elif [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  if [ -n "$pid" ]; then wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
fail() { echo "FAILED: $*"; [ -f "$tmp/searchd.log" ] && cat "$tmp/searchd.log"; exit 1; }

prefix=$tmp/prefix
root=$tmp/root
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "cmake --install"; }
unit=$prefix/lib/systemd/system/fss-searchd.service
for f in bin/fss-searchd bin/fss-index bin/fss-search lib/systemd/system/fss-searchd.service \
         lib/systemd/system/fss-shard@.service \
         lib/systemd/system/fss-sync.service lib/sysusers.d/fss-search.conf lib/tmpfiles.d/fss-search.conf; do
  [ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done
echo "ok - cmake --install into $prefix"

# The user, as the installed sysusers.d file says (a no-op when it is there already).
systemd-sysusers "$prefix/lib/sysusers.d/fss-search.conf" || fail "systemd-sysusers"
user=$(sed -n 's/^User=//p' "$unit")
id "$user" >/dev/null 2>&1 || fail "user $user was not created"
echo "ok - user $user"

# The state directory, as the installed tmpfiles.d file says, under the scratch root (which
# resolves user names from its own etc/: the machine's, with the user just made).
mkdir -p "$root/etc"
cp /etc/passwd /etc/group "$root/etc/"
systemd-tmpfiles --create --root="$root" "$prefix/lib/tmpfiles.d/fss-search.conf" || fail "systemd-tmpfiles"
[ "$(stat -c %U "$root/var/lib/fss-search")" = "$user" ] || fail "/var/lib/fss-search is not owned by $user"
echo "ok - $root/var/lib/fss-search owned by $user"

# The unit's environment and command line, with /var/lib moved under the scratch root and a
# free port instead of 8080.
relocate() { sed -e "s|/var/lib/fss-search|$root/var/lib/fss-search|g" -e 's|127.0.0.1:8080|127.0.0.1:0|'; }
envs=$(sed -n 's/^Environment=//p' "$unit" | relocate)
exec_start=$(sed -n 's/^ExecStart=//p' "$unit" | relocate)
case "$exec_start" in "$prefix/bin/"*) ;; *) fail "ExecStart= does not run the installed program: $exec_start" ;; esac
index=$(echo "$envs" | sed -n 's/^FSS_INDEX=//p')
[ -n "$index" ] || fail "no FSS_INDEX in the unit"

# The first build, as the user (what failed with "Permission denied").
cp "$src/corpus/archive.jsonl" "$tmp/archive.jsonl"
chmod 644 "$tmp/archive.jsonl"
runuser -u "$user" -- "$prefix/bin/fss-index" build --archive "$tmp/archive.jsonl" --index "$index" \
  >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "fss-index build as $user"; }
echo "ok - index built as $user in $index"

# shellcheck disable=SC2086 # the unit's command line splits on spaces, as systemd does here
runuser -u "$user" -- env $envs $exec_start 2>"$tmp/searchd.log" &
pid=$!
i=0
while ! grep -q "on http://" "$tmp/searchd.log" 2>/dev/null; do
  i=$((i + 1)); [ $i -gt 200 ] && fail "fss-searchd did not start"; sleep 0.05
done
base=$(sed -n 's|.* on \(http://[^ ]*/\)$|\1|p' "$tmp/searchd.log" | head -1)
curl -fsS "${base}healthz" | grep -q '"status":"ok"' || fail "/healthz is not ok"
curl -fsS "${base}api/search?q=f%C3%B6rsta+linjen" | grep -q '"total":3' || fail "search did not answer 3 hits"
daemon=$(pgrep -u "$user" -f "^$prefix/bin/fss-searchd" | head -1)
[ -n "$daemon" ] || fail "fss-searchd is not running as $user"
echo "ok - the unit's command line serves $index as $user on $base"

# A shard server (issue 25): a sharded build as the user, then fss-shard@1's command line,
# with the unit's Environment= (/var/lib moved) and the port its EnvironmentFile= would
# give, as the user; xapian-tcpsrv opens the shard's live generation before it listens.
if command -v xapian-tcpsrv >/dev/null 2>&1; then
  runuser -u "$user" -- "$prefix/bin/fss-index" build --shards 2 --archive "$tmp/archive.jsonl" \
    --index "$index" >"$tmp/build-shards.log" 2>&1 || { cat "$tmp/build-shards.log"; fail "fss-index build --shards 2 as $user"; }
  shard_unit=$prefix/lib/systemd/system/fss-shard@.service
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  shard_line=$( (
    for e in $(sed -n 's/^Environment=//p' "$shard_unit" | relocate | sed 's/%i/1/g'); do export "${e?}"; done
    export FSS_SHARD_PORT="$port"
    eval "echo $(sed -n 's/^ExecStart=//p' "$shard_unit" | sed 's/%i/1/g')"
  ) )
  case "$shard_line" in *"$root/var/lib/fss-search/index/shards/shard-1"*) ;; *) fail "fss-shard@1 does not serve shard 1: $shard_line" ;; esac
  # shellcheck disable=SC2086 # the unit's command line splits on spaces, as systemd does here
  setsid runuser -u "$user" -- $shard_line >"$tmp/shard.log" 2>&1 &
  shard=$!
  python3 - "$port" <<'PY' || { cat "$tmp/shard.log"; fail "xapian-tcpsrv did not serve shard 1 on port $port"; }
import socket, sys, time
deadline = time.time() + 30
while True:
    try:
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
        break
    except OSError:
        if time.time() > deadline: sys.exit(1)
        time.sleep(0.05)
greeting = s.recv(64)  # the remote protocol's greeting: the server opened the database
sys.exit(0 if greeting else 1)
PY
  echo "ok - fss-shard@1's command line serves shard 1 as $user on port $port"
else
  echo "ok - # SKIP fss-shard@.service: xapian-tcpsrv (xapian-tools) is not installed"
fi
