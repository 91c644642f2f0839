#!/usr/bin/env bash
# tenants.sh — schema-per-tenant rollout: `strata up --tenants all --jobs 2` against the floor (one psql
# session running the same DDL, one transaction per schema), on 200 and 1,000 schemas (10,000 too with
# BENCH_BIG=1); wall time and client peak RSS (/usr/bin/time), medians of RUNS interleaved runs (default 3);
# then a no-op `up --tenants` and `status --tenants` on the up-to-date tenants. The schemas are found by the
# pattern acme\_% (the example's own source is the ledger, which knows them once they are migrated).
# Workload: examples/multitenant (10 tenant migrations: authors, publishers, books, reviews, book_authors,
# settings; foreign keys, indexes, added columns). Each run starts from a copy of a template database
# (shared migrations applied, N empty schemas), so every run does the same work.
set -euo pipefail
cd "$(dirname "$0")/.."
S=$PWD/build/strata
EX=$PWD/examples/multitenant
RUNS=${RUNS:-3}
FLOOR=${FLOOR:-1} # FLOOR=0: strata only (the 10,000-schema floor alone takes several minutes per run)
SIZES=${SIZES:-"200 1000"}
[[ -n ${BENCH_BIG:-} ]] && SIZES="$SIZES 10000"
T=$(mktemp -d)
cleanup() { tests/pg-harness stop "$T/pg" >/dev/null 2>&1 || true; rm -rf "$T"; }
trap cleanup EXIT
BASE=$(tests/pg-harness start "$T/pg")
url() { sed "s|/postgres?|/$1?|" <<<"$BASE"; }
q() { psql -qAtX -v ON_ERROR_STOP=1 "$BASE" -c "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # timed OUTVAR_TIME OUTVAR_RSS CMD... : wall seconds and peak RSS (MB) of CMD
	local -n _t=$1 _r=$2
	shift 2
	/usr/bin/time -o "$T/time" -f '%e %M' "$@" >"$T/out" 2>&1 || { cat "$T/out" >&2; return 1; }
	read -r _t _r <"$T/time"
	_r=$(awk -v k="$_r" 'BEGIN {printf "%.1f", k / 1024}')
}

echo "| schemas | strata --jobs 2 (s) | psql floor (s) | ratio | strata peak RSS (MB) | no-op up (s) | status --tenants (s) | no-op RSS (MB) |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for N in $SIZES; do
	q "CREATE DATABASE tmpl_$N"
	(cd "$EX" && "$S" up --dir migrations/shared --database-url "$(url "tmpl_$N")" >/dev/null)
	psql -qX -v ON_ERROR_STOP=1 "$(url "tmpl_$N")" >/dev/null <<-SQL
		SELECT format('CREATE SCHEMA acme_%s', lpad(i::text, 5, '0')) FROM generate_series(1, $N) i \gexec
	SQL
	{
		for i in $(seq -f %05g 1 "$N"); do
			printf 'BEGIN;\nSET LOCAL search_path = acme_%s, public;\n' "$i"
			cat "$EX"/migrations/tenant/*.sql
			printf 'COMMIT;\n'
		done
	} >"$T/floor.sql"
	st=() pt=() srss=()
	for ((r = 1; r <= RUNS; r++)); do
		q "CREATE DATABASE run TEMPLATE tmpl_$N"
		timed t m bash -c "cd '$EX' && '$S' up --tenants all --jobs 2 --tenant-source 'pattern:acme\\_%' --database-url '$(url run)'"
		grep -q "migrated $N tenants" "$T/out" || { cat "$T/out" >&2; exit 1; }
		st+=("$t") srss+=("$m")
		if ((r < RUNS)); then q "DROP DATABASE run"; fi
		if ((FLOOR)); then
			q "CREATE DATABASE floor TEMPLATE tmpl_$N"
			timed t m psql -qX -v ON_ERROR_STOP=1 "$(url floor)" -f "$T/floor.sql"
			pt+=("$t")
			q "DROP DATABASE floor"
		else
			pt+=(0)
		fi
	done
	# the last strata run is up to date: no-op and status
	nt=() ss=() nrss=()
	for ((r = 1; r <= RUNS; r++)); do
		timed t m bash -c "cd '$EX' && '$S' up --tenants all --jobs 2 --database-url '$(url run)'"
		grep -q "$N at head, 0 to migrate" "$T/out" || { cat "$T/out" >&2; exit 1; }
		nt+=("$t") nrss+=("$m")
		timed t m bash -c "cd '$EX' && '$S' status --tenants --database-url '$(url run)'"
		ss+=("$t")
	done
	sm=$(median "${st[@]}") pm=$(median "${pt[@]}")
	((FLOOR)) || pm=-
	ratio=n/a
	((FLOOR)) && ratio=$(printf '%.2f×' "$(echo "$sm / $pm" | bc -l)")
	printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$N" "$sm" "$pm" "$ratio" \
		"$(median "${srss[@]}")" "$(median "${nt[@]}")" "$(median "${ss[@]}")" "$(median "${nrss[@]}")"
	q "DROP DATABASE run"
	q "DROP DATABASE tmpl_$N"
done
echo "medians of $RUNS interleaved runs; $(nproc) cores; PostgreSQL 15 (pg-harness: fsync off) on a unix socket"
