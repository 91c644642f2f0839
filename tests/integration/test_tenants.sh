#!/usr/bin/env bash
# test_tenants.sh — schema-per-tenant against a real PostgreSQL 15: config errors with file:line, tenant
# add/ls/drop (a hostile name is quoted everywhere and public survives), up --tenants with the ledger and
# per-tenant history in agreement with the live schemas, no-op re-run, status --tenants (text and json),
# one broken tenant failing alone, --on-error stop/continue/threshold, canary waves, --where, names.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
P=$T/proj
make_project "$P" 5
S() { (cd "$P" && "$STRATA" "$@" --database-url "$URL"); }

# ---- config
printf '[tenants]\nmode = schemas\n' >"$T/bad.conf"
expect_exit 2 "bad [tenants] mode is a usage error" "$STRATA" up --tenants --config "$T/bad.conf"
check "the error names file:line and the values" grep -q "bad.conf:2:1: error: \[tenants\] mode = \"schemas\": want schema, database or shared" <<<"$OUT"
expect_exit 2 "bad --tenant-source flag" S up --tenants --tenant-source 'regex:x'
expect_exit 2 "bad --search-path flag (no \$tenant)" S up --tenants --search-path 'public'
expect_exit 2 "bad --on-error" S up --tenants --on-error sometimes
expect_exit 2 "bad --waves" S up --tenants --waves 10%,5

# ---- tenant add / ls / drop, hostile names
EVIL='a"; DROP SCHEMA public; --'
check "shared migrations first (plain up)" S up
expect_output 'migrated 1 tenant' "tenant add with a hostile name" S tenant add "$EVIL"
check "public survives" test "$(sq "$URL" "SELECT to_regclass('public.plans') IS NOT NULL")" = t
check "the schema has exactly that name" test "$(sq "$URL" "SELECT count(*) FROM pg_namespace WHERE nspname = 'a\"; DROP SCHEMA public; --'")" = 1
check "its tables are there" test "$(sq "$URL" "SELECT count(*) FROM pg_tables WHERE schemaname = 'a\"; DROP SCHEMA public; --'")" = 7
expect_output 'is already at head \(0005\): nothing to do' "tenant add on a tenant at head is a no-op" S tenant add "$EVIL"
expect_output 'a"; DROP SCHEMA public; --  +0005 +ok' "tenant ls shows it" S tenant ls --tenant-source ledger
expect_exit 2 "drop needs --yes" S tenant drop "$EVIL"
expect_output 'dropped tenant' "tenant drop --yes" S tenant drop "$EVIL" --yes
check "schema gone, public still there" test "$(sq "$URL" "SELECT count(*) FROM pg_namespace WHERE nspname IN ('public', 'a\"; DROP SCHEMA public; --')")" = 1
check "ledger row gone" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger")" = 0
expect_exit 2 "tenant name pg_x refused" S tenant add pg_x
check "with a clear message" grep -q 'reserved by PostgreSQL' <<<"$OUT"
expect_exit 2 "tenant name of 64 bytes refused" S tenant add "$(printf 'x%.0s' {1..64})"
expect_exit 2 "the shared schema is not a tenant" S tenant add public
expect_exit 1 "drop of an unknown tenant" S tenant drop nosuch --yes

# ---- up --tenants
for i in $(seq -w 1 30); do echo "CREATE SCHEMA t_$i;"; done | psql -q "$URL"
expect_output 'tenants: 30 on 1 server, head 0005: 0 at head, 30 to migrate \(dry run\)' "up --tenants --dry-run plans" S up --tenants all --dry-run
check "dry run changed nothing" test "$(sq "$URL" "SELECT count(*) FROM pg_tables WHERE schemaname LIKE 't\_%'")" = 0
expect_output 'migrated 30 tenants to 0005' "up --tenants all --jobs 3" S up --tenants all --jobs 3
check "ledger == history == live schema for every tenant" test -z "$(consistency "$URL" 't\_%' 0005)"
expect_output '30 at head, 0 to migrate' "re-run is a no-op" S up --tenants all
expect_output 'at head   30' "status --tenants" S status --tenants
check "status --json" test "$(S status --tenants --json | jq -c '[.tenants, .at_head, .pending, .failed]')" = '[30,30,0,0]'
check "tenant history has the migration rows" test "$(sq "$URL" "SELECT string_agg(version, ',' ORDER BY version) FROM t_03.strata_history")" = 0001,0002,0003,0004,0005

# ---- one broken tenant fails alone (on its data: the pre-flight cannot see rows, the server refuses)
printf 'ALTER TABLE t3 ADD CONSTRAINT t3_pos CHECK (id > 0);\n' >"$P/migrations/tenant/0006_note.sql"
sq "$URL" "INSERT INTO t_07.t1 VALUES (1, NULL); INSERT INTO t_07.t3 VALUES (-1, 1)" >/dev/null
expect_exit 1 "one broken tenant: exit 1 with --on-error continue" S up --tenants all --on-error continue
UP=$OUT
check "the error names the tenant and the relation" grep -q 'tenant "t_07": check constraint "t3_pos" of relation "t3" is violated by some row' <<<"$UP"
check "... at 0006_note.sql:1:1" grep -Eq "0006_note.sql:1:1: error: tenant .t_07.: check constraint" <<<"$UP"
check "... with the source line" grep -q "ALTER TABLE t3 ADD CONSTRAINT t3_pos CHECK (id > 0)" <<<"$UP"
check "the others are at 0006" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0006' AND status = 'ok'")" = 29
check "the broken one is recorded failed with its error" grep -q 'is violated by some row' <<<"$(sq "$URL" "SELECT status || ' ' || version || ' ' || error FROM strata.ledger WHERE target = 't_07'")"
check "nothing of 0006 stayed in t_07" test "$(sq "$URL" "SELECT count(*) FROM t_07.strata_history")" = 5
expect_exit 1 "status --tenants exits 1 with a failure" S status --tenants
check "status shows the failure and its error" grep -q 'tenant "t_07" at 0005: .*0006_note.sql:1:1: check constraint "t3_pos" of relation "t3" is violated by some row' <<<"$OUT"

# ---- --on-error stop (default): stops starting new tenants
printf 'CREATE TABLE t7 (id int);\n' >"$P/migrations/tenant/0007_t7.sql"
expect_exit 1 "--on-error stop with --jobs 1" S up --tenants all --jobs 1
check "stopped by policy, later tenants not started" grep -Eq 'migrated 6 tenants.* 1 failed.* 23 not started' <<<"$OUT"
check "t_08 untouched" test "$(sq "$URL" "SELECT version FROM strata.ledger WHERE target = 't_08'")" = 0006
expect_exit 1 "threshold=50% goes on past one failure" S up --tenants all --on-error threshold=50%
check "everyone else reached 0007" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0007'")" = 29

# ---- repair the tenant: the re-run resumes it
sq "$URL" "DELETE FROM t_07.t3" >/dev/null
expect_output 'migrated 1 tenant to 0007' "after the fix only the failed tenant runs" S up --tenants all

# ---- canary waves
sq "$URL" "INSERT INTO t_01.t5 VALUES (1, NULL)" >/dev/null
printf 'ALTER TABLE t5 ALTER COLUMN t1_id SET NOT NULL;\n' >"$P/migrations/tenant/0008_x.sql"
expect_exit 1 "waves 1,10%,100%: the canary fails" S up --tenants all --waves 1,10%,100%
check "stops after wave 1" grep -q 'stopped: wave 1 had failures' <<<"$OUT"
check "wave 2 never started" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0008'")" = 0
sq "$URL" "DELETE FROM t_01.t5" >/dev/null
expect_output 'wave 3 of 3' "waves after the fix" S up --tenants all --waves 1,10%,100%
check "all at 0008" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0008'")" = 30

# ---- selection
printf 'CREATE TABLE t9 (id int);\n' >"$P/migrations/tenant/0009_t9.sql"
expect_output "tenants: 10 on 1 server" "--where LIKE pattern" S up --tenants --where "t\\_1%"
check "only those moved" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0009'")" = 10
expect_output 'migrated 2 tenants' "named tenants" S up --tenants t_02 t_03
expect_exit 1 "an unknown tenant name" S up --tenants t_02 nosuch
check "says so" grep -q 'tenant "nosuch" is not among the tenants of the source' <<<"$OUT"

# ---- tenant add on a fresh database: the shared migrations first; a tenant outside the source is named
sq "$URL" "CREATE DATABASE fresh" >/dev/null
FRESH=${URL/\/postgres\?/\/fresh?}
F() { (cd "$P" && "$STRATA" "$@" --database-url "$FRESH"); }
expect_output 'applied 0001' "tenant add before any up applies the shared migrations first" F tenant add acme
check "a note: the source pattern t\\_% does not return acme" grep -q 'note: "acme" is not one of the tenants of \[tenants\] source (pattern:t\\_%)' <<<"$OUT"
check "and then the tenant" test "$(sq "$FRESH" "SELECT version || status FROM strata.ledger WHERE target = 'acme'")" = 0009ok
expect_output 'migrated 1 tenant' "a second tenant add: shared migrations up to date, not re-applied" F tenant add t_new
check "no shared migration line the second time, no note for a tenant the source returns" \
	bash -c "! grep -Eq 'applied 0001|note:' <<<\"\$1\"" _ "$OUT"
expect_output 'tenants: 1 on 1 server, head 0009: 1 at head' "up --tenants all: the source's tenants only" F up --tenants all
expect_output 'tenants: 2 on 1 server' "--tenant-source ledger: both added tenants" F up --tenants all --tenant-source ledger
expect_output 'at head   2' "status --tenants: the ledger's two" F status --tenants

# ---- shared mode
expect_output 'mode shared' "mode shared applies only the shared migrations" S up --tenants --tenant-mode shared
finish
