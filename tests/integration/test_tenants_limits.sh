#!/usr/bin/env bash
# test_tenants_limits.sh — `up --tenants --jobs N` above what the server allows (issue 15): on a PostgreSQL
# 15 with max_connections = 25, --jobs 100 uses the connections the server grants, warns once, and exits 0
# with every tenant at head — schema mode, and database mode (two connections per slot there; 12 allowed).
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
sq "$URL" "ALTER SYSTEM SET max_connections = 25" >/dev/null
pgh_restart "$T/pg" fast || exit 2
check "the server allows 25 connections" test "$(sq "$URL" "SHOW max_connections")" = 25

# ---- schema mode
P=$T/proj
make_project "$P" 3
{
	echo "BEGIN;"
	for i in $(seq -f %03g 1 80); do echo "CREATE SCHEMA t_$i;"; done
	echo "COMMIT;"
} | psql -qX "$URL"
expect_exit 0 "up --tenants all --jobs 100: exit 0" bash -c "cd '$P' && '$STRATA' up --tenants all --jobs 100 --database-url '$URL'"
RUN=$OUT
check "every tenant migrated" grep -q 'migrated 80 tenants to 0003 .*: 0 failed, 0 done by another worker, 0 busy, 0 not started' <<<"$RUN"
check "one warning, naming the server's refusal" test "$(grep -c 'warning: server 1 refused some of the 100 connections --jobs asks for (.*too many clients.*): continuing with those it accepted' <<<"$RUN")" = 1
check "no error" test "$(grep -c 'error' <<<"$RUN")" = 0
check "ledger == history == live schema, at head" test -z "$(consistency "$URL" 't\_%' 0003)"

# ---- database mode: a claim connection to the main database and one to the tenant's, per slot
P2=$T/dproj
mkdir -p "$P2/m/shared" "$P2/m/tenant"
printf 'CREATE TABLE s (id int);\n' >"$P2/m/shared/0001_s.sql"
printf 'CREATE TABLE a (id int);\n' >"$P2/m/tenant/0001_a.sql"
printf 'CREATE TABLE b (id int);\n' >"$P2/m/tenant/0002_b.sql"
printf '[migrations]\nshared = m/shared\ntenant = m/tenant\n[tenants]\nmode = database\nsource = pattern:tdb\\_%%\n' >"$P2/strata.conf"
dburl() { sed "s|/postgres?|/$1?|" <<<"$URL"; }
sq "$URL" "ALTER SYSTEM SET max_connections = 12" >/dev/null # fewer databases to create for the same squeeze
pgh_restart "$T/pg" fast || exit 2
sq "$URL" "CREATE DATABASE dmain" >/dev/null
DM=$(dburl dmain)
for i in $(seq -f %02g 1 16); do sq "$URL" "CREATE DATABASE tdb_$i" >/dev/null; done
expect_exit 0 "database mode, --jobs 100: exit 0" bash -c "cd '$P2' && '$STRATA' up --tenants all --jobs 100 --database-url '$DM'"
RUN=$OUT
check "every tenant database migrated" grep -q 'migrated 16 tenants to 0002 .*: 0 failed' <<<"$RUN"
check "one warning" test "$(grep -c 'warning: server 1 refused some of the 100 connections' <<<"$RUN")" = 1
check "no error" test "$(grep -c 'error' <<<"$RUN")" = 0
check "the ledger has all 16 at 0002" test "$(sq "$DM" "SELECT count(*) FROM strata.ledger WHERE version = '0002' AND status = 'ok'")" = 16
bad=0
for i in $(seq -f %02g 1 16); do
	got=$(sq "$(dburl "tdb_$i")" "SELECT (SELECT count(*) FROM strata.history WHERE success) || ':' || (SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b'))")
	[[ $got == 2:2 ]] || bad=$((bad + 1))
done
check "each tenant database has its two history rows and tables ($bad wrong)" test "$bad" = 0
finish
