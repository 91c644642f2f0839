#!/usr/bin/env bash
# fleet.sh — switching a running fleet to strata (issue 13), on N tenant schemas (default 10,000) built
# by plain psql from examples/multitenant's 10 tenant migrations (no strata bookkeeping):
#   baseline  `baseline --tenants all --version 0010`: every tenant introspected, compared with the
#             migrations up to 0010 and recorded (history rows + ledger row) — target: about the time
#             `drift --tenants` needs for the same tenants;
#   drift     `drift --tenants all` on the same tenants, now at 0010;
#   no-op     `up --tenants all --dry-run` with nothing pending: the tenant pre-flight has nothing to check
#             — target < 1 s;
#   pending   `up --tenants all --dry-run` with one new tenant migration: every tenant fingerprinted, one
#             check per distinct shape (here one).
# Each run starts from a copy of a template database. Medians of RUNS runs (default 3); wall time from
# /usr/bin/time, the pre-flight's own time from its line. Prints a markdown table; writes it to
# bench/out/fleet.md too. env: FLEET_N (10000), RUNS (3), STRATA (the binary; default build/strata).
set -euo pipefail
cd "$(dirname "$0")/.."
S=${STRATA:-$PWD/build/strata}
EX=$PWD/examples/multitenant
N=${FLEET_N:-10000}
RUNS=${RUNS:-3}
OUTDIR=${BENCH_OUT:-$PWD/bench/out}
mkdir -p "$OUTDIR"
T=$(mktemp -d)
cleanup() { tests/pg-harness stop "$T/pg" >/dev/null 2>&1 || true; rm -rf "$T"; }
trap cleanup EXIT
BASE=$(tests/pg-harness start "$T/pg")
url() { sed "s|/postgres?|/$1?|" <<<"$BASE"; }
q() { psql -qAtX -v ON_ERROR_STOP=1 "$BASE" -c "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # timed OUTVAR CMD... : wall seconds of CMD (its output in $T/out)
	local -n _t=$1
	shift
	/usr/bin/time -o "$T/time" -f '%e' "$@" >"$T/out" 2>&1 || true
	_t=$(tail -1 "$T/time")
}
expect() { grep -q -- "$1" "$T/out" || { echo "fleet.sh: expected \"$1\" in:" >&2; cat "$T/out" >&2; exit 1; }; }

cp -r "$EX" "$T/proj"
P=$T/proj
SRC="--tenant-source pattern:acme\\_%"
echo "fleet.sh: building $N tenant schemas with psql (once; copied for each run)" >&2
q "CREATE DATABASE tmpl"
(cd "$P" && "$S" up --dir migrations/shared --database-url "$(url tmpl)" >/dev/null)
{
	for i in $(seq -f %05g 1 "$N"); do
		printf 'CREATE SCHEMA acme_%s;\nSET search_path = acme_%s, public;\n' "$i" "$i"
		cat "$P"/migrations/tenant/*.sql
	done
} >"$T/fleet.sql"
psql -qX -v ON_ERROR_STOP=1 -o /dev/null -f "$T/fleet.sql" "$(url tmpl)"
rm "$T/fleet.sql"

bl=() dr=() np=() pe=() pf=()
for ((r = 1; r <= RUNS; r++)); do
	q "CREATE DATABASE run TEMPLATE tmpl"
	U=$(url run)
	timed t bash -c "cd '$P' && '$S' baseline --tenants all --version 0010 --jobs 2 $SRC --database-url '$U'"
	expect "recorded $N tenants at 0010"
	bl+=("$t")
	timed t bash -c "cd '$P' && '$S' drift --tenants all $SRC --database-url '$U'"
	expect "$N tenants, 0 differences"
	dr+=("$t")
	timed t bash -c "cd '$P' && '$S' up --tenants all --dry-run $SRC --database-url '$U'"
	expect "$N at head, 0 to migrate"
	np+=("$t")
	printf 'ALTER TABLE book ADD COLUMN subtitle text;\n' >"$P/migrations/tenant/0011_subtitle.sql"
	timed t bash -c "cd '$P' && '$S' up --tenants all --dry-run $SRC --database-url '$U'"
	expect "pre-flight: $N tenants with pending migrations, 1 shape checked"
	pe+=("$t")
	pf+=("$(sed -n 's/^pre-flight: .* checked in \([0-9.]*\) s$/\1/p' "$T/out")")
	rm "$P/migrations/tenant/0011_subtitle.sql"
	q "DROP DATABASE run"
done
{
	echo "| tenants | baseline --tenants (s) | drift --tenants (s) | baseline / drift | up --dry-run at head (s) | up --dry-run, 1 pending (s) | its pre-flight (s) |"
	echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
	b=$(median "${bl[@]}") d=$(median "${dr[@]}")
	printf '| %s | %s | %s | %.2f | %s | %s | %s |\n' "$N" "$b" "$d" "$(echo "$b / $d" | bc -l)" \
		"$(median "${np[@]}")" "$(median "${pe[@]}")" "$(median "${pf[@]}")"
	echo
	echo "medians of $RUNS runs; every run: all $N tenants recorded, 0 differences, 1 shape"
} | tee "$OUTDIR/fleet.md"
