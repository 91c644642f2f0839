#!/usr/bin/env bash
# introspect.sh — time `strata schema --from-db` against `pg_dump --schema-only` on a synthetic schema of
# N tables (default 10000), each with a primary key, a foreign key to the previous table, a default and a
# partial expression index, in a private throwaway cluster. Interleaved runs; each run's output is checked
# to hold every table. Rows: bench/out/introspect.tsv; table: bench/out/introspect.md. Target: < 2 s.
#
# env: N (10000) tables; RUNS (5); STRATA_BASELINE: another strata binary (say, a build of main) timed in the
# same interleaved runs, as "strata baseline", to measure a change side by side.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
N=${N:-10000}
RUNS=${RUNS:-5}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
W=introspect
bench_server_start introspect
bench_server_set "max_locks_per_transaction = 256" # pg_dump locks every table it dumps
: >"$OUT/$W.tsv"
bench_log "generating $N tables with foreign keys and indexes..."
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<EOF || bench_die "could not generate the tables"
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
# The outputs go to files of their own so that each run can be checked for all N tables.
for ((run = 1; run <= RUNS; run++)); do
	bench_time $W "strata schema --from-db (json)" "$N" $run "" -- sh -c "\"$STRATA\" schema --from-db --database-url '$URL' --format json >'$OUT/introspect-strata.json'"
	got=$(grep -c '"kind": *"table"' "$OUT/introspect-strata.json")
	((got >= N)) || bench_unapplied $W "strata's model holds $got of $N tables"
	if [ -n "${STRATA_BASELINE:-}" ]; then
		bench_time $W "strata baseline (json)" "$N" $run "" -- sh -c "\"$STRATA_BASELINE\" schema --from-db --database-url '$URL' --format json >'$OUT/introspect-baseline.json'"
		cmp -s "$OUT/introspect-baseline.json" "$OUT/introspect-strata.json" || bench_log "note: the baseline's output differs"
	fi
	bench_time $W "pg_dump --schema-only" "$N" $run "" -- "$PGBIN/pg_dump" --schema-only -d "$URL" -f "$OUT/introspect-dump.sql"
	got=$(grep -c '^CREATE TABLE' "$OUT/introspect-dump.sql")
	((got >= N)) || bench_unapplied $W "pg_dump's output holds $got of $N tables"
done
"$PY" "$BENCH_ROOT/bench/aggregate.py" "$OUT/$W.tsv" --unit tables --baseline "pg_dump --schema-only" \
	--title "Introspection: a $N-table database (median of $RUNS interleaved runs)" \
	--check "under|strata schema --from-db (json)||2|strata on $N tables" >"$OUT/$W.md"
cat "$OUT/$W.md"
