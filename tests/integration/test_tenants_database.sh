#!/usr/bin/env bash
# test_tenants_database.sh — [tenants] mode = database on two PostgreSQL 15 servers: 6 tenant databases
# migrated by up --tenants all --jobs 2 (each at head with its own strata.history, ledger in each server's
# main database), one broken tenant failing alone, a re-run continuing, a ledger behind the history (the
# crash window) corrected from the history, two concurrent processes migrating each tenant once, status
# --tenants counts, tenant add/ls/drop with a hostile name, a failed tenant add dropping its new database,
# a query source returning URLs.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg1" >/dev/null || exit 2
U1=$PGH_URL
pgh_start "$T/pg2" >/dev/null || exit 2
U2=$PGH_URL
dburl() { sed "s|/postgres?|/$(jq -rn --arg n "$2" '$n|@uri')?|" <<<"$1"; } # the URL of database $2 on $1

P=$T/proj
mkdir -p "$P/migrations/shared" "$P/migrations/tenant"
printf 'CREATE TABLE registry (id int);\n' >"$P/migrations/shared/0001_registry.sql"
printf 'CREATE TABLE runs (k int NOT NULL);\nCREATE TABLE t1 (id int PRIMARY KEY);\nINSERT INTO runs VALUES (1);\n' \
	>"$P/migrations/tenant/0001_t1.sql"
for k in 2 3 4; do
	printf 'CREATE TABLE t%d (id int PRIMARY KEY, t1_id int REFERENCES t1);\nINSERT INTO runs VALUES (%d);\n' "$k" "$k" \
		>"$P/migrations/tenant/000${k}_t$k.sql"
done
cat >"$P/strata.conf" <<CONF
[migrations]
shared = $P/migrations/shared
tenant = $P/migrations/tenant
[tenants]
mode = database
source = pattern:tdb\\_%
[fleet]
servers = $U1
servers = $U2
CONF
S() { (cd "$P" && "$STRATA" "$@"); }
# per tenant database: "ledger-version/status history-rows runs distinct-runs"
state() {
	local u=$1 db=$2
	printf '%s %s %s\n' "$(sq "$u" "SELECT version || '/' || status FROM strata.ledger WHERE target = '$db'")" \
		"$(sq "$(dburl "$u" "$db")" "SELECT count(*) FROM strata.history WHERE success")" \
		"$(sq "$(dburl "$u" "$db")" "SELECT count(*) || ' ' || count(DISTINCT k) FROM runs")"
}
# every tdb_ database of both servers at VERSION with N history rows and N runs, each once
all_at() {
	local v=$1 n=$2 u db bad=""
	for u in "$U1" "$U2"; do
		for db in $(sq "$u" "SELECT datname FROM pg_database WHERE datname LIKE 'tdb\_%' ORDER BY 1"); do
			[[ $(state "$u" "$db") == "$v/ok $n $n $n" ]] || bad+="$db: $(state "$u" "$db"); "
		done
	done
	[[ -z $bad ]] || { echo "$bad"; return 1; }
}

for i in 1 2 3; do sq "$U1" "CREATE DATABASE tdb_$i" >/dev/null; done
for i in 4 5 6; do sq "$U2" "CREATE DATABASE tdb_$i" >/dev/null; done

# ---- up --tenants all --jobs 2
expect_output 'tenants: 6 on 2 servers, head 0004: 0 at head, 6 to migrate \(dry run\)' "dry run plans the 6 databases" S up --tenants all --dry-run
expect_output 'migrated 6 tenants to 0004' "up --tenants all --jobs 2" S up --tenants all --jobs 2
check "each tenant database at head with its own history, every migration once" all_at 0004 4
check "shared migrations ran once in each main database, not in tenants" test "$(sq "$U1" "SELECT to_regclass('public.registry') IS NOT NULL")$(sq "$(dburl "$U1" tdb_1)" "SELECT to_regclass('public.registry') IS NULL")" = tt
check "the ledger lives in the main databases" test "$(sq "$U1" "SELECT string_agg(target, ',' ORDER BY target) FROM strata.ledger")|$(sq "$U2" "SELECT string_agg(target, ',' ORDER BY target) FROM strata.ledger")" = "tdb_1,tdb_2,tdb_3|tdb_4,tdb_5,tdb_6"
expect_output '6 at head, 0 to migrate' "re-run is a no-op" S up --tenants all
expect_output 'at head   6' "status --tenants" S status --tenants

# ---- the pre-flight: a tenant database without t3 is refused before anything runs
printf 'ALTER TABLE t3 ADD COLUMN note text;\nINSERT INTO runs VALUES (5);\n' >"$P/migrations/tenant/0005_note.sql"
sq "$(dburl "$U2" tdb_5)" "ALTER TABLE t3 RENAME TO t3_old" >/dev/null
expect_exit 1 "a drifted tenant database: the dry run refuses it" S up --tenants all --dry-run
check "... at the statement, with the drift" grep -q '0005_note.sql:1:13: error: tenant "tdb_5": relation "t3" does not exist in the database' <<<"$OUT"
expect_exit 1 "the real run with --on-error stop refuses it too, nothing applied" S up --tenants all --on-error stop
check "... nothing applied: the refused one recorded failed, its neighbour still at 0004" test "$(state "$U2" tdb_5)|$(state "$U2" tdb_4)" = "0004/failed 4 4 4|0004/ok 4 4 4"
check "... the ledger says why" grep -q 'refused by the pre-flight: .*0005_note.sql:1:13: relation "t3" does not exist' <<<"$(sq "$U2" "SELECT error FROM strata.ledger WHERE target = 'tdb_5'")"
sq "$(dburl "$U2" tdb_5)" "ALTER TABLE t3_old RENAME TO t3" >/dev/null

# ---- one broken tenant fails alone (on its data, which no pre-flight sees); a re-run continues
printf 'ALTER TABLE t3 ADD CONSTRAINT t3_pos CHECK (id > 0);\nINSERT INTO runs VALUES (5);\n' >"$P/migrations/tenant/0005_note.sql"
sq "$(dburl "$U2" tdb_5)" "INSERT INTO t1 VALUES (1); INSERT INTO t3 VALUES (-1, 1)" >/dev/null
expect_exit 1 "one broken tenant: exit 1" S up --tenants all --jobs 2 --on-error continue
UP=$OUT
check "the error names the tenant and the statement" grep -Eq '0005_note.sql:1:1: error: tenant "tdb_5": check constraint "t3_pos" of relation "t3" is violated by some row' <<<"$UP"
check "the others migrated" grep -q 'migrated 5 tenants to 0005 .*1 failed' <<<"$UP"
check "the broken tenant is unchanged and failed in the ledger" test "$(state "$U2" tdb_5)" = "0004/failed 4 4 4"
check "its neighbour is at head" test "$(state "$U2" tdb_4)" = "0005/ok 5 5 5"
expect_exit 1 "status --tenants with a failed tenant: exit 1" S status --tenants
check "status --tenants counts the failure" grep -q 'failed    1' <<<"$OUT"
sq "$(dburl "$U2" tdb_5)" "DELETE FROM t3" >/dev/null
expect_output '5 at head, 1 to migrate' "re-run continues with the repaired tenant" S up --tenants all
check "every tenant at 0005 once" all_at 0005 5

# ---- the crash window: ledger committed behind the history → corrected from the history, nothing re-run
sq "$U1" "UPDATE strata.ledger SET version = '0002' WHERE target = 'tdb_2'" >/dev/null
expect_output 'tdb_2.*history is right' "a ledger behind the history is corrected" S up --tenants all
check "nothing ran twice, the ledger is back at head" all_at 0005 5

# ---- two concurrent processes: each tenant migrated once
for i in 7 8 9; do sq "$U1" "CREATE DATABASE tdb_$i" >/dev/null; done
for i in 10 11 12; do sq "$U2" "CREATE DATABASE tdb_$i" >/dev/null; done
printf 'SELECT pg_sleep(0.05);\nINSERT INTO runs VALUES (6);\n' >"$P/migrations/tenant/0006_slow.sql"
(cd "$P" && "$STRATA" up --tenants all --jobs 2 >"$T/a.out" 2>&1) &
(cd "$P" && "$STRATA" up --tenants all --jobs 2 >"$T/b.out" 2>&1) &
wait
check "both processes succeeded" test "$(grep -c '^migrated' "$T/a.out" "$T/b.out" | cut -d: -f2 | tr -d '\n')" = 11
check "every tenant at 0006, each migration once" all_at 0006 6
n_ok=$(cat "$T/a.out" "$T/b.out" | sed -n 's/^migrated \([0-9]*\) tenants\{0,1\} .* \([0-9]*\) done by another worker.*/\1 \2/p' | awk '{m += $1} END {print m}')
check "the 12 tenants were migrated once between the two processes ($n_ok)" test "$n_ok" = 12
check "one successful ledger write per tenant for 0006" test "$(sq "$U1" "SELECT count(*) FROM strata.ledger WHERE version = '0006'")$(sq "$U2" "SELECT count(*) FROM strata.ledger WHERE version = '0006'")" = 66
expect_output 'at head   12' "status --tenants: 12 at head" S status --tenants
check "status --json counts" test "$(S status --tenants --json | jq -c '[.tenants, .at_head, .pending, .failed]')" = '[12,12,0,0]'

# ---- tenant add / ls / drop with a hostile name
EVIL='a"; DROP DATABASE postgres; --'
expect_output 'migrated 1 tenant' "tenant add with a hostile name" S tenant add "$EVIL"
check "postgres survives on both servers" test "$(sq "$U1" "SELECT count(*) FROM pg_database WHERE datname IN ('postgres', 'a\"; DROP DATABASE postgres; --')")$(sq "$U2" "SELECT count(*) FROM pg_database WHERE datname = 'postgres'")" = 21
check "the new database is at head in its own history" test "$(sq "$U1" "SELECT version FROM strata.ledger WHERE target = 'a\"; DROP DATABASE postgres; --'"):$(psql -AtX "$(dburl "$U1" "$EVIL")" -c 'SELECT count(*) FROM strata.history')" = "0006:6"
expect_output 'is already at head \(0006\)' "tenant add again is a no-op" S tenant add "$EVIL"
expect_output 'a"; DROP DATABASE postgres; -- +server 1 +0006 +ok' "tenant ls --tenant-source ledger shows it" S tenant ls --tenant-source ledger
expect_output 'dropped tenant' "tenant drop --yes" S tenant drop "$EVIL" --yes
check "database and ledger row gone" test "$(sq "$U1" "SELECT count(*) FROM pg_database WHERE datname LIKE 'a\"%'")$(sq "$U1" "SELECT count(*) FROM strata.ledger WHERE target LIKE 'a\"%'")" = 00
expect_exit 2 "the main database is not a tenant" S tenant drop postgres --yes
expect_exit 2 "template1 is not a tenant" S tenant add template1
mkdir -p "$T/bad"
printf 'CREATE TABLE x (id int);\nSELECT 1/0;\n' >"$T/bad/0001_bad.sql"
expect_exit 1 "tenant add whose migrations fail" S tenant add newbie --tenant-dir "$T/bad"
check "says the new database was dropped again" grep -q 'dropped again' <<<"$OUT"
check "no database and no ledger row left" test "$(sq "$U1" "SELECT count(*) FROM pg_database WHERE datname = 'newbie'")$(sq "$U2" "SELECT count(*) FROM pg_database WHERE datname = 'newbie'")$(sq "$U1" "SELECT count(*) FROM strata.ledger WHERE target = 'newbie'")$(sq "$U2" "SELECT count(*) FROM strata.ledger WHERE target = 'newbie'")" = 0000

# ---- a query source returning URLs: the tenant goes to the URL's server
sq "$U1" "CREATE TABLE public.customers (url text)" >/dev/null
sq "$U2" "CREATE TABLE public.customers (url text)" >/dev/null # the source runs on every server
sq "$U2" "CREATE DATABASE tdb_new" >/dev/null # known only through its URL, not yet in any ledger
sq "$U1" "INSERT INTO public.customers VALUES ('$(dburl "$U2" tdb_4)'), ('$(dburl "$U1" tdb_1)'), ('$(dburl "$U2" tdb_new)')" >/dev/null
expect_output 'tenants: 3 on 2 servers, head 0006: 2 at head, 1 to migrate' "query source with URLs" S up --tenants all --tenant-source 'query:SELECT url FROM public.customers'
check "the URL's tenant went to the URL's server" test "$(sq "$U2" "SELECT version FROM strata.ledger WHERE target = 'tdb_new'")$(sq "$U1" "SELECT count(*) FROM strata.ledger WHERE target = 'tdb_new'")" = 00060
finish
