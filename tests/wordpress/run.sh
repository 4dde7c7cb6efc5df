#!/usr/bin/env bash
# The WordPress source end to end, against a real WordPress (issue 19): Debian's
# `wordpress` package on PHP's built-in server, MariaDB on loopback, content made by
# WordPress itself (content.php), the WXR written by its own exporter (export.php).
# Checks `fss-index import --wxr` and `fss-index sync --wordpress` field by field
# against expected-*.jsonl, that drafts, pending and spam stay out, that no e-mail or IP
# address reaches the archive, the state file or the index, and that a second sync after
# an edit and a deletion (over ?rest_route=, /wp-json/ switched off) changes exactly those.
#
# usage: run.sh FSS_INDEX_BIN FSS_SEARCH_BIN [ARTIFACT_DIR]
# Exit 77 (skipped) when not root or the packages are missing: scripts/install-deps.sh
# --wordpress installs them (scripts/test.sh does).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fss_index=$1
fss_search=$2
artifacts=${3:-}
skip() { echo "SKIPPED: $*" >&2; exit 77; }
[[ $(id -u) == 0 ]] || skip "needs root (MariaDB and /etc/wordpress)"
for cmd in mariadbd mariadb-install-db mariadb php jq curl openssl; do
  command -v "$cmd" >/dev/null || skip "$cmd missing: scripts/install-deps.sh --wordpress"
done
[[ -f /usr/share/wordpress/wp-load.php ]] || skip "wordpress missing: scripts/install-deps.sh --wordpress"
config=/etc/wordpress/config-127.0.0.1.php
marker="// fss-search tests/wordpress/run.sh"
if [[ -e $config ]] && ! grep -qF "$marker" "$config"; then
  skip "$config exists and is not ours: not touching it"
fi

work=$(mktemp -d /tmp/fss-wordpress.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$config"
  if [[ -n $artifacts ]]; then
    mkdir -p "$artifacts"
    cp "$work"/*.xml "$work"/*.log "$work"/*.jsonl "$work"/*/archive.jsonl "$artifacts"/ 2>/dev/null || true
    for d in wxr sync; do [[ -f $work/$d/archive.jsonl ]] && cp "$work/$d/archive.jsonl" "$artifacts/$d.jsonl"; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
free_port() { local p; while :; do p=$((20000 + RANDOM % 20000)); (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }; done; }
db_port=$(free_port)
web_port=$(free_port)
site=http://127.0.0.1:$web_port
echo "== MariaDB on 127.0.0.1:$db_port, WordPress on $site ($work)"

mariadb-install-db --no-defaults --datadir="$work/db" --user=root --skip-test-db \
  --auth-root-authentication-method=normal >"$work/db-install.log" 2>&1 || { cat "$work/db-install.log"; fail "mariadb-install-db"; }
mariadbd --no-defaults --datadir="$work/db" --user=root --socket="$work/mysql.sock" \
  --port="$db_port" --bind-address=127.0.0.1 --skip-grant-tables --skip-name-resolve \
  --pid-file="$work/mysql.pid" --log-error="$work/mysql.err" &
pids+=($!)
for _ in $(seq 100); do mariadb --no-defaults -h 127.0.0.1 -P "$db_port" -u root -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.2; done
mariadb --no-defaults -h 127.0.0.1 -P "$db_port" -u root -e 'CREATE DATABASE wp CHARACTER SET utf8mb4' || fail "database"

cat >"$config" <<PHP
<?php
$marker
define('DB_NAME', 'wp');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', '127.0.0.1:$db_port');
define('WP_HOME', '$site');
define('WP_SITEURL', '$site');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
PHP
FSS_NO_PRETTY="$work/no-pretty" php -S "127.0.0.1:$web_port" -t /usr/share/wordpress "$here/router.php" \
  >"$work/php.log" 2>&1 &
pids+=($!)

php -r '$_SERVER["HTTP_HOST"] = "127.0.0.1"; define("WP_INSTALLING", true);
  require "/usr/share/wordpress/wp-load.php"; require_once ABSPATH . "wp-admin/includes/upgrade.php";
  wp_install("FSS test", "admin", "admin@example.org", true, "", "Admin-Pass-1");
  update_option("permalink_structure", "/%postname%/");' >/dev/null 2>"$work/install.log" || { cat "$work/install.log"; fail "wp_install"; }
eval "$(php "$here/content.php" 2>"$work/content.log")" || { cat "$work/content.log"; fail "content.php"; }
php "$here/export.php" "$work/export.xml" || fail "export"
grep -q "kalle.karlsson@example.com" "$work/export.xml" || fail "the export should carry the commenters' addresses (the test's premise)"
for _ in $(seq 50); do curl -sf "$site/wp-json/" >/dev/null && break; sleep 0.2; done

mkdir -p "$work/wxr" "$work/sync"
cp "$here/../../corpus/focus-areas.json" "$work/wxr/"
cp "$here/../../corpus/focus-areas.json" "$work/sync/"
# The permalinks carry the random port; the expected files say @SITE@.
normalize() { sed "s|$site|@SITE@|g" "$1"; }

echo "== import --wxr"
"$fss_index" import --wxr "$work/export.xml" -o "$work/wxr/archive.jsonl" 2>"$work/import.log" || { cat "$work/import.log"; fail "import --wxr"; }
cat "$work/import.log"
grep -q "Nyheter (1)" "$work/import.log" || fail "the summary should name the ignored category Nyheter"
diff -u "$here/expected-wxr.jsonl" <(normalize "$work/wxr/archive.jsonl") || fail "import --wxr: archive differs from expected-wxr.jsonl"

echo "== sync (first)"
"$fss_index" sync --wordpress "$site" --archive "$work/sync/archive.jsonl" --index "$work/index" \
  --retries 1 || fail "first sync"
# The same posts as the export, field by field; only `source` says where they came from.
diff -u <(jq -c 'del(.source)' "$here/expected-wxr.jsonl") \
  <(normalize "$work/sync/archive.jsonl" | jq -c 'del(.source)') || fail "sync differs from the export's import"
[[ $(jq -r .source "$work/sync/archive.jsonl" | sort -u) == "$site" ]] || fail "sync: source should be the site"

echo "== nothing private, nothing unpublished"
check_private() {
for f in "$work/wxr/archive.jsonl" "$work/sync/archive.jsonl" "$work/sync/wordpress-sync.json"; do
  if grep -nE '@example\.(com|net|org)|192\.0\.2\.44|private\.example|UTKAST|VANTANDE|PRIVAT|SIDTEXT|PAPPERSKORG|RADERAD|SPAM' "$f"; then
    fail "$f holds something that must stay out"
  fi
done
if grep -raE 'kalle\.karlsson|kalle\.privat|lisa\.lind|berit\.berg|olle\.olsson|nils\.ny@|192\.0\.2\.44|spamsson' "$work/index"; then
  fail "the index holds an address"
fi
}
check_private
for q in kalle.karlsson example.com UTKASTTEXT SPAMKOMMENTAR VANTANDEKOMMENTAR; do
  n=$("$fss_search" --index "$work/index" --json "$q" | jq .total)
  [[ $n == 0 ]] || fail "search '$q' should find nothing, found $n"
done
answer=$("$fss_search" --index "$work/index" --json "Divi")
[[ $(jq -r '.hits[0].url' <<<"$answer") == "$site/divi/" ]] || fail "search answer: url of the Divi post: $answer"
answer=$("$fss_search" --index "$work/index" --json --type comment "skrivet")
[[ $(jq -r '.hits[0].url' <<<"$answer") == "$site/forsta-linjen/" ]] || fail "a comment's url is its post's: $answer"
"$fss_search" --index "$work/index" "Divi" | grep -qF "$site/divi/" || fail "the CLI shows the url"

echo "== sync (second: one post edited, one deleted, /wp-json/ off)"
sleep 1  # modified_gmt has seconds
php -r '$_SERVER["HTTP_HOST"] = "127.0.0.1"; require "/usr/share/wordpress/wp-load.php";
  wp_update_post(["ID" => '"$edited"', "post_content" => "Efter ändringen."]) || exit(1);
  wp_delete_post('"$doomed"', true) || exit(1);' || fail "edit and delete"
touch "$work/no-pretty"
curl -s -o /dev/null -w '%{http_code}' "$site/wp-json/" | grep -q 404 || fail "/wp-json/ should be off now"
cp "$work/sync/archive.jsonl" "$work/before.jsonl"
gen_before=$(cat "$work/index/XAPIANDB")
"$fss_index" sync --wordpress "$site/" --archive "$work/sync/archive.jsonl" --index "$work/index" \
  --retries 1 || fail "second sync"
diff -u "$here/expected-second-sync.diff" \
  <(diff <(normalize "$work/before.jsonl") <(normalize "$work/sync/archive.jsonl")) || fail "the second sync changed other than the edited and the deleted post"
[[ $(cat "$work/index/XAPIANDB") != "$gen_before" ]] || fail "the index was not rebuilt"
[[ $("$fss_search" --index "$work/index" --json "ändringen" | jq -r '.hits[0].id') == 2024-02-01-att-andra ]] || fail "edit not searchable"
[[ $("$fss_search" --index "$work/index" --json "synken" | jq .total) == 0 ]] || fail "deleted post still found"

echo "== sync over the export's archive: posts adopted by url, the deleted one removed"
"$fss_index" sync --wordpress "$site" --archive "$work/wxr/archive.jsonl" --no-build 2>"$work/adopt.log" || { cat "$work/adopt.log"; fail "sync over the export's archive"; }
diff -u "$work/sync/archive.jsonl" "$work/wxr/archive.jsonl" || fail "a sync over the export's import should give the synced archive"

echo "== sync (third: a new approved and a new pending comment on another post)"
divi_id=$(curl -sf "$site/?rest_route=/wp/v2/posts&slug=divi&_fields=id" | jq '.[0].id')
php -r '$_SERVER["HTTP_HOST"] = "127.0.0.1"; require "/usr/share/wordpress/wp-load.php";
  foreach ([[1, "Ny kommentar."], [0, "VANTANDE igen."]] as [$ok, $text])
    wp_insert_comment(["comment_post_ID" => '"$divi_id"', "comment_author" => "Nils Ny",
      "comment_author_email" => "nils.ny@example.com", "comment_date" => "2024-03-01 10:00:00",
      "comment_date_gmt" => "2024-03-01 10:00:00", "comment_content" => $text,
      "comment_approved" => $ok]) || exit(1);' || fail "new comments"
cp "$work/sync/archive.jsonl" "$work/before-third.jsonl"
"$fss_index" sync --wordpress "$site" --archive "$work/sync/archive.jsonl" --index "$work/index" 2>"$work/third.log" || fail "third sync"
cat "$work/third.log"
changed=$(diff <(jq -c . "$work/before-third.jsonl") <(jq -c . "$work/sync/archive.jsonl") | grep -c '^>' || true)
[[ $changed == 1 ]] || fail "the third sync should change one post, changed $changed"
[[ $(jq -c 'select(.id == "2024-01-15-divi-sidan") | .comments' "$work/sync/archive.jsonl") == \
   '[{"id":"2024-01-15-divi-sidan-c1","author":"Nils Ny","date":"2024-03-01","body":"Ny kommentar."}]' ]] ||
  fail "the Divi post should have exactly the new approved comment"
[[ $("$fss_search" --index "$work/index" --json "kommentar" --type comment | jq '[.hits[].author] | index("Nils Ny")') != null ]] ||
  fail "the new comment is not searchable"

check_private
echo "== sync (fourth: nothing changed)"
gen_before=$(cat "$work/index/XAPIANDB")
"$fss_index" sync --wordpress "$site" --archive "$work/sync/archive.jsonl" --index "$work/index" 2>"$work/fourth.log" || fail "fourth sync"
cat "$work/fourth.log"
grep -q "0 new, 0 changed, 0 removed, 0 with changed comments" "$work/fourth.log" || fail "fourth sync should change nothing"
[[ $(cat "$work/index/XAPIANDB") == "$gen_before" ]] || fail "nothing changed, yet the index was rebuilt"

echo "== not WordPress"
if "$fss_index" sync --wordpress "http://127.0.0.1:$db_port" --archive "$work/x/archive.jsonl" --index "$work/x" --retries 0 --timeout 2 2>"$work/notwp.log"; then
  fail "sync against MariaDB's port should fail"
fi
cat "$work/notwp.log"
php -S "127.0.0.1:$((web_port + 1))" -t "$work/wxr" >/dev/null 2>&1 &
pids+=($!)
sleep 0.5
if "$fss_index" sync --wordpress "http://127.0.0.1:$((web_port + 1))" --archive "$work/x/archive.jsonl" --index "$work/x" --retries 0 2>"$work/notwp2.log"; then
  fail "sync against a plain web server should fail"
fi
grep -q "not a WordPress site" "$work/notwp2.log" || { cat "$work/notwp2.log"; fail "no clear error for a site that is not WordPress"; }
cat "$work/notwp2.log"
echo "== TLS is verified: a self-signed certificate is refused"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout "$work/key.pem" \
  -out "$work/cert.pem" >/dev/null 2>&1 || fail "openssl req"
tls_port=$(free_port)
openssl s_server -quiet -accept "$tls_port" -cert "$work/cert.pem" -key "$work/key.pem" -www >/dev/null 2>&1 &
pids+=($!)
# s_server makes its key and starts listening in its own time (0.5 s was not always
# enough on a loaded machine: the sync then met a closed port, "Connection").
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null && break; sleep 0.1; done
(exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null || fail "openssl s_server did not start"
if "$fss_index" sync --wordpress "https://127.0.0.1:$tls_port" --archive "$work/x/archive.jsonl" --index "$work/x" --retries 0 2>"$work/tls.log"; then
  fail "sync accepted a self-signed certificate"
fi
cat "$work/tls.log"
grep -q "TLS certificate not trusted" "$work/tls.log" || fail "no clear error for an untrusted certificate"
echo "PASS"
