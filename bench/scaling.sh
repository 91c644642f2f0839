#!/usr/bin/env bash
# scaling.sh — strata `up --tenants all --jobs 2` (the 10-migration workload) on 1k, 3k and 10k empty tenant
# schemas: wall time, server CPU (the postmaster and its children, from /proc), client peak RSS
# (/usr/bin/time). The cost per tenant must stay flat as the fleet grows. Sizes interleaved per run; each
# run starts from empty schemas and is verified. Rows: bench/out/scaling.tsv; table: bench/out/scaling.md.
#
# env: SCALING_SIZES ("1000 3000 10000"); RUNS (3); JOBS (2).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
SCALING_SIZES=${SCALING_SIZES:-1000 3000 10000}
RUNS=${RUNS:-3}
JOBS=${JOBS:-2}
W=scaling
bench_server_start scaling
P=$OUT/scaling-projects
bench_make_projects "$P"
: >"$OUT/$W.tsv"
name="strata --jobs $JOBS"
if ! "$STRATA" up --help 2>&1 | grep -q -- '--tenants'; then
	for n in $SCALING_SIZES; do bench_skip $W "$name" "$n" "this strata has no \`up --tenants\`"; done
else
	for ((run = 1; run <= RUNS; run++)); do
		for n in $SCALING_SIZES; do
			bench_reset_tenants "$n"
			(cd "$P/strata" && bench_time $W "$name" "$n" $run "" -- "$STRATA" up --tenants all --jobs "$JOBS" --database-url "$URL")
			v=$(bench_verify "$n") || bench_unapplied $W "$v"
		done
	done
fi
"$PY" "$BENCH_ROOT/bench/aggregate.py" "$OUT/$W.tsv" --unit tenants \
	--title "Scaling: strata on growing fleets, 10 migrations per tenant (median of $RUNS interleaved runs)" \
	--check "flat|$name||1.25|cost per tenant" >"$OUT/$W.md"
cat "$OUT/$W.md"
