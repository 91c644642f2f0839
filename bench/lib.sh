# shellcheck shell=bash disable=SC2034  # sourced by the scripts, which use these variables
# lib.sh — shared pieces of the benchmark scripts (sourced): the private server, the peers' binaries,
# timing one command with /usr/bin/time, the server's CPU from /proc, resetting and verifying tenants.
# Every run is appended as one TSV row to bench/out/<workload>.tsv; bench/aggregate.py turns the rows
# into the markdown table in bench/out/<workload>.md, which bench/run-all collects into bench/results.md.

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STRATA=${STRATA:-$BENCH_ROOT/build/strata}
TOOLS=${BENCH_TOOLS:-$BENCH_ROOT/build/bench-tools}
NODE_BIN=$TOOLS/node_modules/.bin
OUT=${BENCH_OUT:-$BENCH_ROOT/bench/out}
PY=/usr/bin/python3 # Debian's python3-alembic lives in the system interpreter, not in a pyenv shim
mkdir -p "$OUT"

bench_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bench_die() {
	echo "bench: error: $*" >&2
	exit 2
}

# bench_tools: make sure the peers are installed (bench/install-tools is idempotent and quiet).
bench_tools() { "$BENCH_ROOT/bench/install-tools" || bench_die "could not install the peers"; }

# bench_server_start NAME: a private PostgreSQL 15 cluster (tests/pg-harness: unix socket, fsync off) in
# /tmp/strata-bench-NAME-$$, with an empty database "bench"; sets BENCH_PGDIR, URL (libpq URI of "bench"),
# PGHOST, PGPORT, PGUSER, PGDATABASE=bench and BENCH_PGPID (the postmaster). Stopped by bench_server_stop (registered as the EXIT trap).
bench_server_start() {
	BENCH_PGDIR=/tmp/strata-bench-$1-$$
	URL=$("$BENCH_ROOT/tests/pg-harness" start "$BENCH_PGDIR") || bench_die "could not start PostgreSQL"
	trap bench_server_stop EXIT
	trap 'exit 130' INT TERM
	export PGHOST=$BENCH_PGDIR PGPORT=5432 PGUSER=postgres PGDATABASE=bench
	unset DATABASE_URL PGOPTIONS
	URL=${URL/\/postgres\?/\/bench?}
	read -r BENCH_PGPID <"$BENCH_PGDIR/data/postmaster.pid"
	bench_fresh_db
	bench_log "server: $URL (postmaster $BENCH_PGPID)"
}
# bench_server_set SETTING=VALUE...: write settings into the cluster's postgresql.conf and restart it.
bench_server_set() {
	local u kv
	u=$(stat -c %U "$BENCH_PGDIR/data")
	for kv in "$@"; do echo "$kv" >>"$BENCH_PGDIR/data/postgresql.conf"; done
	(cd / && runuser -u "$u" -- /usr/lib/postgresql/15/bin/pg_ctl -D "$BENCH_PGDIR/data" -l "$BENCH_PGDIR/server.log" \
		-w -s restart -m fast) || bench_die "could not restart PostgreSQL with $*"
	read -r BENCH_PGPID <"$BENCH_PGDIR/data/postmaster.pid"
}
bench_server_stop() { [ -n "${BENCH_PGDIR:-}" ] && "$BENCH_ROOT/tests/pg-harness" stop "$BENCH_PGDIR" >/dev/null 2>&1; }

# q SQL: one value from the server.
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }

# bench_server_cpu: CPU seconds the server has used so far: the postmaster and its live children (utime +
# stime) plus the children it has already reaped (cutime + cstime: every backend that has exited).
bench_server_cpu() {
	local tck pids p sum=0
	tck=$(getconf CLK_TCK)
	pids="$BENCH_PGPID $(pgrep -P "$BENCH_PGPID" | tr '\n' ' ')"
	for p in $pids; do
		[ -r "/proc/$p/stat" ] || continue
		# fields after the ")" of comm: 14 utime 15 stime 16 cutime 17 cstime (counted from pid = 1)
		sum=$((sum + $(sed 's/^.*) //' "/proc/$p/stat" | awk -v self=$((p == BENCH_PGPID)) \
			'{print $12 + $13 + (self ? $14 + $15 : 0)}')))
	done
	echo "scale=3; $sum / $tck" | bc
}

# bench_wait_idle: wait until no client backend is left (their CPU is then counted as reaped).
bench_wait_idle() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(q "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")" = 0 ] && break
		sleep 0.05
	done
	sleep 0.1
}

# bench_time WORKLOAD TOOL SCHEMAS RUN NOTE -- CMD...: run CMD under /usr/bin/time (peak RSS; the wall
# time from the clock around it, to the 0.1 ms); append one row
# "workload tool schemas run wall_s server_cpu_s client_rss_kb note client_cpu_s" to $OUT/WORKLOAD.tsv. The server
# CPU is measured when BENCH_PGPID is set. Returns CMD's exit status (its output goes to $OUT/last.log).
bench_time() {
	local w=$1 tool=$2 n=$3 run=$4 note=$5 tf c0=0 c1=0 t0 t1 rc wall rss ucpu scpu ccpu cpu=""
	shift 6
	tf=$(mktemp)
	if [ -n "${BENCH_PGPID:-}" ]; then bench_wait_idle; c0=$(bench_server_cpu); fi
	t0=$(date +%s%N)
	/usr/bin/time -f '%M %U %S' -o "$tf" "$@" >"$OUT/last.log" 2>&1
	rc=$?
	t1=$(date +%s%N)
	wall=$(echo "scale=4; ($t1 - $t0) / 1000000000" | bc)
	read -r rss ucpu scpu < <(tail -1 "$tf")
	ccpu=$(echo "$ucpu + $scpu" | bc 2>/dev/null)
	rm -f "$tf"
	if [ -n "${BENCH_PGPID:-}" ]; then bench_wait_idle; c1=$(bench_server_cpu); cpu=$(echo "$c1 - $c0" | bc); fi
	[ "$rc" = 0 ] || { note="FAILED (exit $rc): $(grep -m1 -i 'error' "$OUT/last.log" | cut -c1-120)"; wall=NA; }
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$w" "$tool" "$n" "$run" "$wall" "${cpu:-NA}" "${rss:-NA}" "$note" "${ccpu:-NA}" >>"$OUT/$w.tsv"
	bench_log "$w $tool n=$n run=$run: ${wall}s server ${cpu:-?}s client ${ccpu:-?}s rss ${rss}kB $note"
	return $rc
}

# bench_skip WORKLOAD TOOL SCHEMAS REASON: a row saying why a tool was not measured.
bench_skip() {
	printf '%s\t%s\t%s\t-\tNA\tNA\tNA\tnot available: %s\tNA\n' "$1" "$2" "$3" "$4" >>"$OUT/$1.tsv"
	bench_log "$1 $2: not available: $4"
}

# bench_tenants N: the names tenant_00001 ... (zero padded, so that sorting is numeric).
bench_tenants() { seq -f 'tenant_%05g' 1 "$1"; }

# bench_fresh_db: drop the database "bench" (with every tool's bookkeeping) and create it empty, so that
# no run pays for the dead catalog rows of the one before.
bench_fresh_db() {
	psql -X -q -d postgres -v ON_ERROR_STOP=1 >/dev/null <<-EOF || bench_die "could not create the database bench"
		SET client_min_messages = warning;
		DROP DATABASE IF EXISTS bench WITH (FORCE);
		CREATE DATABASE bench;
	EOF
}

# bench_reset_tenants N: a fresh database "bench" holding N empty tenant schemas tenant_00001 ...
bench_reset_tenants() {
	local n=$1
	bench_fresh_db
	psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<-EOF || bench_die "could not create the tenant schemas"
		DO \$\$
		BEGIN
		  FOR i IN 1..$n LOOP
		    EXECUTE format('CREATE SCHEMA %I', 'tenant_' || lpad(i::text, 5, '0'));
		    IF i % 1000 = 0 THEN COMMIT; END IF;
		  END LOOP;
		END \$\$;
	EOF
}

# bench_verify N [HOW_MANY_FIRST]: every one of the first N tenants has the whole workload: its 5 tables
# and the column added by the last migration. Prints "ok" or what is missing; exit 1 when incomplete.
bench_verify() {
	local n=$1 got
	got=$(q "SELECT count(*) FILTER (WHERE c.relname IN ('author','publisher','book','review','book_author'))
	            || ' ' || (SELECT count(*) FROM pg_attribute a JOIN pg_class p ON p.oid = a.attrelid
	                        JOIN pg_namespace pn ON pn.oid = p.relnamespace
	                       WHERE pn.nspname LIKE 'tenant\_%' AND p.relname = 'publisher' AND a.attname = 'founded')
	           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	          WHERE n.nspname LIKE 'tenant\_%' AND c.relkind = 'r'")
	if [ "$got" = "$((5 * n)) $n" ]; then
		echo ok
		return 0
	fi
	echo "incomplete: expected $((5 * n)) workload tables and $n publisher.founded columns, found $got"
	return 1
}

# bench_median: median of the numbers on stdin.
bench_median() { sort -g | awk '{a[NR]=$1} END {if (NR) print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# bench_unapplied WORKLOAD WHY: the last row measured a run that did not apply the workload: its time is
# dropped (NA) and the note says why — a tool that silently did nothing must not look fast.
bench_unapplied() {
	local f=$OUT/$1.tsv
	python3 - "$f" "$2" <<-'PYEOF'
		import sys
		path, why = sys.argv[1], sys.argv[2]
		rows = open(path).read().splitlines()
		c = rows[-1].split("\t")
		c[4], c[7] = "NA", "NOT APPLIED: " + why
		rows[-1] = "\t".join(c)
		open(path, "w").write("\n".join(rows) + "\n")
	PYEOF
	bench_log "$1: NOT APPLIED: $2"
}

# bench_make_projects DIR: the workload (bench/workload/*.sql, the same SQL text for every tool) laid out
# in each tool's own project format under DIR: strata/ (plain files + strata.conf), dbmate/, sqlmigrate/,
# sqitch/, alembic/, pgmigrate/ (node-pg-migrate). Only markers and bookkeeping are added around the SQL.
bench_make_projects() {
	local d=$1 f base name i=0 prev=""
	rm -rf "$d"
	mkdir -p "$d"/strata/tenant "$d"/dbmate "$d"/sqlmigrate "$d"/sqitch/deploy "$d"/alembic/versions "$d"/pgmigrate
	cat >"$d/strata/strata.conf" <<-EOF
		[migrations]
		tenant = tenant
		[tenants]
		mode = schema
		shared_schema = public
		search_path = \$tenant, public
		source = pattern:tenant_%
	EOF
	cat >"$d/sqitch/sqitch.conf" <<-EOF
		[core]
		  engine = pg
		  plan_file = sqitch.plan
		  top_dir = .
		[user]
		  name = bench
		  email = bench@example.invalid
	EOF
	printf '%%syntax-version=1.0.0\n%%project=bench\n\n' >"$d/sqitch/sqitch.plan"
	cat >"$d/alembic/alembic.ini" <<-EOF
		[alembic]
		script_location = .
	EOF
	# One env.py for every schema: the schema comes from "-x schema=NAME", the URL from $ALEMBIC_URL; the
	# version table lives in that schema (version_table_schema); the migrations run with search_path = it.
	cat >"$d/alembic/env.py" <<-'EOF'
		import os
		from alembic import context
		from sqlalchemy import create_engine
		schema = context.get_x_argument(as_dictionary=True)["schema"]
		engine = create_engine(os.environ["ALEMBIC_URL"],
		                       connect_args={"options": "-c search_path=%s" % schema})
		with engine.connect() as conn:
		    context.configure(connection=conn, version_table_schema=schema)
		    with context.begin_transaction():
		        context.run_migrations()
	EOF
	for f in "$BENCH_ROOT"/bench/workload/*.sql; do
		base=$(basename "$f" .sql)
		name=${base#*_}
		i=$((i + 1))
		cp "$f" "$d/strata/tenant/$base.sql"
		{ echo '-- migrate:up'; cat "$f"; echo; echo '-- migrate:down'; } >"$d/dbmate/$base.sql"
		{ echo '-- +migrate Up'; cat "$f"; echo; echo '-- +migrate Down'; } >"$d/sqlmigrate/$base.sql"
		{ echo '-- Up Migration'; cat "$f"; echo; echo '-- Down Migration'; } >"$d/pgmigrate/$base.sql"
		cp "$f" "$d/sqitch/deploy/$base.sql"
		echo "$base 2024-01-01T00:00:$(printf %02d "$i")Z bench <bench@example.invalid> # $name" >>"$d/sqitch/sqitch.plan"
		cat >"$d/alembic/versions/$base.py" <<-EOF
			import pathlib
			from alembic import op
			revision = "$base"
			down_revision = ${prev:+\"}${prev:-None}${prev:+\"}
			def upgrade():
			    op.execute(pathlib.Path("$f").read_text())
		EOF
		prev=$base
	done
}
