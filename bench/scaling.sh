#!/usr/bin/env bash
# scaling.sh — strata `up --tenants all --jobs 2` (the 10-migration workload) on 1k, 3k and 10k empty tenant
# schemas: wall time, server CPU (the postmaster and its children, from /proc), client peak RSS
# (/usr/bin/time). The cost per tenant must stay flat as the fleet grows. Sizes interleaved per run; each
# run starts from empty schemas and is verified. Rows: bench/out/scaling.tsv; table: bench/out/scaling.md.
#
# The same DDL through one psql session (one transaction per schema, no bookkeeping: rollout.sh's floor)
# runs at each size too: when the server's own cost per schema grows with the catalog (pg_class and
# pg_attribute outgrow shared_buffers around 10,000 schemas), strata / floor staying flat shows the growth
# is PostgreSQL's, not strata's.
# env: SCALING_SIZES ("1000 3000 10000"); RUNS (3); JOBS (2); FLOOR (1; 0 skips the psql floor).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
SCALING_SIZES=${SCALING_SIZES:-1000 3000 10000}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
FLOOR=${FLOOR:-1}
W=scaling
bench_server_start scaling
P=$OUT/scaling-projects
bench_make_projects "$P"
: >"$OUT/$W.tsv"
name="strata --jobs $JOBS"
if ! "$STRATA" up --help 2>&1 | grep -c -- '--tenants' >/dev/null; then
	for n in $SCALING_SIZES; do bench_skip $W "$name" "$n" "this strata has no \`up --tenants\`"; done
else
	for ((run = 1; run <= RUNS; run++)); do
		for n in $SCALING_SIZES; do
			bench_reset_tenants "$n"
			(cd "$P/strata" && bench_time $W "$name" "$n" $run "" -- "$STRATA" up --tenants all --jobs "$JOBS" --database-url "$URL")
			v=$(bench_verify "$n") || bench_unapplied $W "$v"
			if ((FLOOR)); then
				[ -s "$P/floor-$n.sql" ] || for t in $(bench_tenants "$n"); do
					{ echo "BEGIN;"; echo "SET LOCAL search_path = \"$t\";"; cat "$BENCH_ROOT"/bench/workload/*.sql; echo "COMMIT;"; }
				done >"$P/floor-$n.sql"
				bench_reset_tenants "$n"
				bench_time $W "psql, 1 session (floor)" "$n" $run "" -- psql -X -q -v ON_ERROR_STOP=1 -o /dev/null -f "$P/floor-$n.sql"
				v=$(bench_verify "$n") || bench_unapplied $W "$v"
			fi
		done
	done
fi
"$PY" "$BENCH_ROOT/bench/aggregate.py" "$OUT/$W.tsv" --unit tenants \
	--title "Scaling: strata on growing fleets, 10 migrations per tenant (median of $RUNS interleaved runs)" \
	--check "flat|$name||1.25|cost per tenant" \
	--check "flatvs|$name|psql, 1 session (floor)|1.25|strata relative to the floor" >"$OUT/$W.md"
cat "$OUT/$W.md"
