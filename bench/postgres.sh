#!/usr/bin/env bash
# What a user would pick instead (issue 7): PostgreSQL full-text search with its `swedish`
# configuration, on the same archive and query mix as search_bench. Optional, not in CI.
#
#   bench/postgres.sh [--posts N] [--rounds R] [--out FILE.tsv]
#
# Installs postgresql with apt-get when missing, starts a private cluster (initdb in a temp
# dir, run as the postgres user, listening on 127.0.0.1 at a free port), loads
# $FSS_BENCH_DIR/posts-N/archive.jsonl (made by gen-corpus when missing): COPY of the raw
# lines, one row per post and per comment with a stored tsvector (title weight A, body),
# GIN index, ANALYZE. Load + index is timed as documents/s.
#
# Queries: bench/queries, each run inside the server by a PL/pgSQL loop that times it with
# clock_timestamp() (no client round trip, as search_bench is in process), R rounds after a
# warm-up round, variants:
#   pg_top10    websearch_to_tsquery('swedish', q), ts_rank_cd top 10
#   pg_facets   + counts by year, author and type over all matches (GROUPING SETS)
#   pg_headline + ts_headline on the 10 hits
#   pg_full     top 10 + facets + headline
# Filters from/to/author/type/sort=date are applied; area is not (no classification here);
# websearch_to_tsquery has no prefix syntax, so "word*" searches "word".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build_dir=${BUILD_DIR:-$root/build}
posts=20000
rounds=3
out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --posts) posts=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "postgres.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [[ -z "$pgbin" || ! -x "$pgbin/initdb" ]]; then
  apt-get install -y postgresql >/dev/null
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

data="${FSS_BENCH_DIR:-/tmp/fss-bench}/posts-$posts"
mkdir -p "$data"
if [[ ! -e "$data/archive.done" ]]; then
  "$root/bench/gen-corpus" "$posts" -o "$data/archive.jsonl"
  echo ok >"$data/archive.done"
fi
chmod a+r "$data/archive.jsonl"

tmp=$(mktemp -d /tmp/fss-pg.XXXXXX)
chmod 755 "$tmp"
[[ $(id -u) -eq 0 ]] && chown postgres "$tmp"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$tmp/db" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
as_pg "$pgbin/initdb" -D "$tmp/db" -E UTF8 --locale=C.UTF-8 --auth=trust -U postgres >/dev/null
# Memory like a small dedicated server; durability settings stay at their defaults.
as_pg "$pgbin/pg_ctl" -D "$tmp/db" -l "$tmp/log" -w -o \
  "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=4GB -c jit=off" \
  start >/dev/null
export PGOPTIONS="-c client_min_messages=warning"
psql() { command psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }
now() { date +%s.%N; }

# The mix, URL-decoded into columns.
python3 - "$root/bench/queries" >"$tmp/queries.tsv" <<'EOF'
import sys, urllib.parse
for i, line in enumerate(l.strip() for l in open(sys.argv[1], encoding="utf-8")):
    if not line or line.startswith("#"):
        continue
    p = urllib.parse.parse_qs(line, keep_blank_values=True)
    get = lambda k: (p.get(k) or [""])[0].replace("\t", " ").replace("\\", "")
    print("\t".join([str(i), get("q"), get("from") or "\\N", get("to") or "\\N",
                     get("author") or "\\N", get("type") or "\\N", get("sort") or "relevance"]))
EOF
chmod a+r "$tmp/queries.tsv"

t0=$(now)
psql <<EOF
CREATE UNLOGGED TABLE raw (j jsonb);
COPY raw FROM '$data/archive.jsonl' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02');
CREATE TABLE docs (
  id text PRIMARY KEY, type text NOT NULL, title text NOT NULL, date date, author text,
  body text NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('swedish', title), 'A') || to_tsvector('swedish', body)) STORED);
INSERT INTO docs (id, type, title, date, author, body)
  SELECT j->>'id', 'post', j->>'title', (j->>'date')::date, j->>'author', j->>'body' FROM raw
  UNION ALL
  SELECT c->>'id', 'comment', r.j->>'title', (c->>'date')::date, c->>'author', c->>'body'
  FROM raw r, jsonb_array_elements(r.j->'comments') c;
CREATE INDEX docs_tsv ON docs USING gin (tsv);
ANALYZE docs;
DROP TABLE raw;
EOF
t1=$(now)
docs=$(psql -At -c "SELECT count(*) FROM docs")
load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
echo "postgres: loaded and indexed $docs documents in ${load_s}s ($(awk -v d="$docs" -v s="$load_s" 'BEGIN { printf "%.0f", d / s }') docs/s)" >&2

psql <<EOF
CREATE TABLE queries (i int, q text, d_from date, d_to date, author text, type text, sort text);
COPY queries FROM '$tmp/queries.tsv';
CREATE TABLE timings (variant text, i int, ms float8);
CREATE FUNCTION run_query(variant text, qq queries) RETURNS void LANGUAGE plpgsql AS \$\$
DECLARE
  tsq tsquery := websearch_to_tsquery('swedish', qq.q);
  text_match text := CASE WHEN qq.q = '' OR numnode(websearch_to_tsquery('swedish', qq.q)) = 0
                          THEN 'true' ELSE 'tsv @@ \$1' END;
  cond text := text_match || ' AND (\$2::date IS NULL OR date >= \$2) AND (\$3::date IS NULL OR date <= \$3)'
               ' AND (\$4::text IS NULL OR author = \$4) AND (\$5::text IS NULL OR type = \$5)';
  ord text := CASE WHEN qq.sort = 'date' OR qq.q = '' THEN 'date DESC NULLS LAST, ts_rank_cd(tsv, \$1) DESC'
                   ELSE 'ts_rank_cd(tsv, \$1) DESC' END;
  top text := 'SELECT id, body FROM docs WHERE ' || cond || ' ORDER BY ' || ord || ' LIMIT 10';
  n bigint;
BEGIN
  IF variant IN ('pg_top10', 'pg_facets', 'pg_full') THEN
    EXECUTE 'SELECT count(*) FROM (' || top || ') s' INTO n USING tsq, qq.d_from, qq.d_to, qq.author, qq.type;
  END IF;
  IF variant IN ('pg_facets', 'pg_full') THEN
    EXECUTE 'SELECT count(*) FROM (SELECT extract(year FROM date) y, author, type, count(*) FROM docs WHERE '
            || cond || ' GROUP BY GROUPING SETS ((1), (2), (3))) s'
      INTO n USING tsq, qq.d_from, qq.d_to, qq.author, qq.type;
  END IF;
  IF variant IN ('pg_headline', 'pg_full') THEN
    EXECUTE 'SELECT sum(length(ts_headline(''swedish'', body, \$1, ''MaxWords=35, MinWords=15''))) FROM ('
            || top || ') s' INTO n USING tsq, qq.d_from, qq.d_to, qq.author, qq.type;
  END IF;
END \$\$;
CREATE FUNCTION run_mix(rounds int) RETURNS void LANGUAGE plpgsql AS \$\$
DECLARE
  qq queries;
  v text;
  t timestamptz;
BEGIN
  FOR r IN 0..rounds LOOP  -- round 0 warms the caches
    FOR qq IN SELECT * FROM queries ORDER BY i LOOP
      FOREACH v IN ARRAY ARRAY['pg_top10', 'pg_facets', 'pg_headline', 'pg_full'] LOOP
        t := clock_timestamp();
        PERFORM run_query(v, qq);
        IF r > 0 THEN
          INSERT INTO timings VALUES (v, qq.i, 1000 * extract(epoch FROM clock_timestamp() - t));
        END IF;
      END LOOP;
    END LOOP;
  END LOOP;
END \$\$;
SELECT run_mix($rounds) \g /dev/null
EOF

echo "variant	posts	documents	median_ms	p99_ms	load_docs_per_s	load_s" >"$tmp/out.tsv"
psql -At -F $'\t' >>"$tmp/out.tsv" <<EOF
SELECT variant, $posts, $docs,
       round((percentile_cont(0.5) WITHIN GROUP (ORDER BY ms))::numeric, 3),
       round((percentile_cont(0.99) WITHIN GROUP (ORDER BY ms))::numeric, 3),
       round($docs / $load_s), $load_s
FROM timings GROUP BY variant ORDER BY variant;
EOF
column -t -s $'\t' "$tmp/out.tsv"
[[ -n "$out" ]] && cp "$tmp/out.tsv" "$out"
echo "(PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}'), $rounds rounds of the mix, timed in the server)"
