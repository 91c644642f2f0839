#!/usr/bin/env bash
# introspect.sh — time `strata schema --from-db` against `pg_dump --schema-only` on a synthetic schema of
# N tables (default 10000), each with a primary key, a foreign key to the previous table and an index,
# in a private throwaway cluster. Prints the median of RUNS runs (default 5) of each. Target: < 2 s.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
STRATA=${STRATA:-$root/build/strata}
N=${N:-10000}
RUNS=${RUNS:-5}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
work=$(mktemp -d /tmp/strata-bench-XXXXXX); chmod 755 "$work"
export STRATA_HOME="$work/home"
cleanup() {
	"$STRATA" dev stop >/dev/null 2>&1 || true
	real=$(readlink -f "$work/home/pg" 2>/dev/null || true)
	case "$real" in /tmp/strata-*) rm -rf "$(dirname "$real")" ;; esac
	rm -rf "$work"
}
trap cleanup EXIT
"$STRATA" dev start >/dev/null
URL=$("$STRATA" dev url)
psql "$URL" -X -q -c "ALTER SYSTEM SET max_locks_per_transaction = 256" >/dev/null
"$STRATA" dev stop >/dev/null && "$STRATA" dev start >/dev/null
echo "generating $N tables with foreign keys and indexes..."
psql "$URL" -X -q -v ON_ERROR_STOP=1 <<EOF
DO \$\$
BEGIN
  FOR i IN 1..$N LOOP
    EXECUTE format('CREATE TABLE t%s (id bigint PRIMARY KEY, parent_id bigint %s, name text NOT NULL DEFAULT ''x'', created_at timestamptz DEFAULT now())',
                   i, CASE WHEN i > 1 THEN format('REFERENCES t%s(id) ON DELETE CASCADE', i - 1) ELSE '' END);
    EXECUTE format('CREATE INDEX t%s_name_idx ON t%s (lower(name)) WHERE name <> ''''', i, i);
    IF i % 1000 = 0 THEN COMMIT; END IF;
  END LOOP;
END \$\$;
EOF
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
s_times=$(for i in $(seq "$RUNS"); do t "$STRATA" schema --from-db --database-url "$URL" --format json; done | median)
d_times=$(for i in $(seq "$RUNS"); do t "$PGBIN/pg_dump" --schema-only -d "$URL"; done | median)
objs=$("$STRATA" schema --from-db --database-url "$URL" | grep -c '^table ')
printf 'tables: %s\nstrata schema --from-db (json): median %.2f s over %s runs\npg_dump --schema-only:          median %.2f s over %s runs\n' \
	"$objs" "$s_times" "$RUNS" "$d_times" "$RUNS"
