#!/usr/bin/env bash
# test_tx_control.sh — transaction control written in a migration, against a real PostgreSQL 15 (issue 15):
#   1. repro/rollback-in-migration: `check` reports the ROLLBACK at file:line:col; `up` refuses the
#      migration before running anything, so nothing is applied and nothing recorded
#   2. the engine's own guard (STRATA_TEST_ALLOW_TX_CONTROL=1 lets the plan through, test only): `up` stops
#      at the statement that ended its transaction and never records the migration as applied (ROLLBACK;
#      COMMIT AND CHAIN, whose first half stays committed, recorded as failed); once the file is fixed,
#      `status` counts the failed migration as edited, and `up` applies it
#   3. tenant mode, schema and database: `check` and `up --tenants` refuse it; with the plan let through,
#      the guard keeps the history and ledger rows out (the claim transaction is not ended before the
#      ledger write: the ledger is never written outside it); after the fix, a re-run migrates
#   4. tenant migrations: `check` reports CREATE INDEX CONCURRENTLY (which `up --tenants` refuses) at its
#      line, and the fk-without-index hint for a tenant table does not recommend CONCURRENTLY
#   5. a pg_dump-made migration (Supabase `db pull`: SET ...; set_config('search_path', '', false); ...;
#      RESET ALL) keeps its transaction: RESET ALL resets settings, not the transaction, so `up` records it;
#      in a tenant rollout the tenant's search_path and the transaction's token are set again after it, so
#      the statements after it stay in the tenant's schema and the rollout records the migration
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
R=tests/integration/repro
dburl() { sed "s|/postgres?|/$1?|" <<<"$URL"; }
newdb() { sq "$URL" "CREATE DATABASE $1" >/dev/null && dburl "$1"; }

# ---- 1. the repro, as written
D1=$(newdb rb)
cp -r "$R/rollback-in-migration" "$T/rb" && chmod -R u+w "$T/rb"
expect_exit 1 "check reports the ROLLBACK" "$STRATA" check --dir "$T/rb"
check "at file:line:col" grep -q '0001_a.sql:3:1: error: "ROLLBACK" would end the transaction strata runs the migration in \[transaction-control\]' <<<"$OUT"
expect_exit 1 "up refuses it" "$STRATA" up --dir "$T/rb" --database-url "$D1"
check "with the same error" grep -q '0001_a.sql:3:1: error: "ROLLBACK" would end' <<<"$OUT"
expect_exit 1 "status: still pending" "$STRATA" status --dir "$T/rb" --database-url "$D1"
check "nothing recorded" grep -q '0 applied, 1 pending, 0 failed' <<<"$OUT"
check "nothing applied" test "$(sq "$D1" "SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b')")" = 0
expect_exit 1 "up --sql refuses it too" "$STRATA" up --dir "$T/rb" --sql

# ---- 2. the engine's guard, when a plan lets such a statement through
expect_exit 1 "guard: up stops at the ROLLBACK" env STRATA_TEST_ALLOW_TX_CONTROL=1 "$STRATA" up --dir "$T/rb" --database-url "$D1"
check "naming it" grep -q '0001_a.sql:3:1: error: "ROLLBACK" ended the transaction of migration "0001_a": strata stopped there and recorded nothing as applied' <<<"$OUT"
expect_exit 1 "status: failed, not applied" "$STRATA" status --dir "$T/rb" --database-url "$D1"
check "0 applied, 1 failed" grep -q '0 applied, 0 pending, 1 failed' <<<"$OUT"
check "no table exists" test "$(sq "$D1" "SELECT count(*) FROM pg_tables WHERE tablename IN ('a', 'b')")" = 0
sed -i '/ROLLBACK/d' "$T/rb/0001_a.sql"
expect_exit 1 "status after the file is fixed: the failed migration counts as edited" "$STRATA" status --dir "$T/rb" --database-url "$D1"
check "0 failed, 1 edited" grep -q '0 applied, 0 pending, 0 failed, 1 edited after they ran' <<<"$OUT"
check "status --json says so" test "$("$STRATA" status --dir "$T/rb" --database-url "$D1" --json 2>/dev/null | jq -c '[.failed, .checksum_mismatch, .migrations[0].state, .migrations[0].edited]')" = '[0,1,"failed",true]'
check "up applies the fixed migration" "$STRATA" up --dir "$T/rb" --database-url "$D1"
expect_exit 0 "status: applied" "$STRATA" status --dir "$T/rb" --database-url "$D1"
mkdir -p "$T/chain"
printf 'CREATE TABLE c1 (id int);\nCOMMIT AND CHAIN;\nCREATE TABLE c2 (id int);\n' >"$T/chain/0001_chain.sql"
printf 'CREATE TABLE c3 (id int);\n' >"$T/chain/0002_next.sql"
D2=$(newdb chain)
expect_exit 1 "up refuses COMMIT AND CHAIN" "$STRATA" up --dir "$T/chain" --database-url "$D2"
check "at its line" grep -q '0001_chain.sql:2:1: error: "COMMIT AND CHAIN" would end' <<<"$OUT"
expect_exit 1 "guard: up stops at COMMIT AND CHAIN" env STRATA_TEST_ALLOW_TX_CONTROL=1 "$STRATA" up --dir "$T/chain" --database-url "$D2"
check "naming it" grep -q '0001_chain.sql:2:1: error: "COMMIT AND CHAIN" ended the transaction' <<<"$OUT"
check "what it committed stays, the rest was rolled back, the next migration did not run" test "$(sq "$D2" "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE tablename LIKE 'c_'")" = c1
check "history: one failed row, nothing applied" test "$(sq "$D2" "SELECT string_agg(version || ':' || success, ',') FROM strata.history")" = 0001:false

# ---- 3. tenant mode
P=$T/tp
make_project "$P" 2
printf 'CREATE TABLE t3 (id int);\nINSERT INTO runs VALUES (3);\nROLLBACK;\nCREATE TABLE t4 (id int);\n' >"$P/migrations/tenant/0003_rb.sql"
D3=$(newdb tschema)
for i in 1 2 3; do echo "CREATE SCHEMA t_$i;"; done | psql -qX "$D3"
S() { (cd "$P" && "$STRATA" "$@" --database-url "$D3"); }
expect_exit 1 "check reports it in a tenant migration" S check
check "at its line" grep -q '0003_rb.sql:3:1: error: "ROLLBACK" would end' <<<"$OUT"
expect_exit 1 "up --tenants refuses before anything runs" S up --tenants all
check "no tenant was touched" test "$(sq "$D3" "SELECT count(*) FROM pg_tables WHERE schemaname LIKE 't\_%'")" = 0
expect_exit 1 "guard: up --tenants with the plan let through fails every tenant" env STRATA_TEST_ALLOW_TX_CONTROL=1 bash -c "cd '$P' && '$STRATA' up --tenants all --on-error continue --database-url '$D3'"
check "each named at the ROLLBACK" test "$(grep -c '0003_rb.sql:3:1: error: tenant "t_.": "ROLLBACK" ended the migration.s transaction: nothing was recorded as applied' <<<"$OUT")" = 3
check "no tenant table and no history anywhere" test "$(sq "$D3" "SELECT count(*) FROM pg_tables WHERE schemaname LIKE 't\_%'")" = 0
check "no ledger row says ok" test "$(sq "$D3" "SELECT count(*) FROM strata.ledger WHERE status = 'ok' OR version IS NOT NULL")" = 0
printf 'CREATE TABLE t3 (id int);\nINSERT INTO runs VALUES (3);\n' >"$P/migrations/tenant/0003_rb.sql"
printf 'CREATE TABLE t4 (id int);\nINSERT INTO runs VALUES (4);\n' >"$P/migrations/tenant/0004_t4.sql"
check "fixed, the re-run migrates every tenant" S up --tenants all
check "ledger == history == live schema" test -z "$(consistency "$D3" 't\_%' 0004)"

# database mode: the claim is on the main database; the guard keeps the tenant's history row out
P2=$T/dp
mkdir -p "$P2/m/shared" "$P2/m/tenant"
printf 'CREATE TABLE s (id int);\n' >"$P2/m/shared/0001_s.sql"
printf 'CREATE TABLE a (id int);\nROLLBACK;\nCREATE TABLE b (id int);\n' >"$P2/m/tenant/0001_a.sql"
printf '[migrations]\nshared = m/shared\ntenant = m/tenant\n[tenants]\nmode = database\nsource = ledger\n' >"$P2/strata.conf"
D4=$(newdb dmain)
DB() { (cd "$P2" && "$STRATA" "$@" --database-url "$D4"); }
expect_exit 1 "database mode: tenant add refuses it" DB tenant add dten
check "and creates nothing" test "$(sq "$URL" "SELECT count(*) FROM pg_database WHERE datname = 'dten'")" = 0
expect_exit 1 "database mode, guard: tenant add fails" env STRATA_TEST_ALLOW_TX_CONTROL=1 bash -c "cd '$P2' && '$STRATA' tenant add dten --database-url '$D4'"
check "naming the ROLLBACK" grep -q '0001_a.sql:2:1: error: tenant "dten": "ROLLBACK" ended the migration.s transaction' <<<"$OUT"
check "the new database was dropped again, its ledger row too" test "$(sq "$URL" "SELECT count(*) FROM pg_database WHERE datname = 'dten'")$(sq "$D4" "SELECT count(*) FROM strata.ledger")" = 00
sq "$URL" "CREATE DATABASE dten2" >/dev/null
sq "$D4" "INSERT INTO strata.ledger (target) VALUES ('dten2')" >/dev/null
expect_exit 1 "database mode, guard: up --tenants fails the tenant" env STRATA_TEST_ALLOW_TX_CONTROL=1 bash -c "cd '$P2' && '$STRATA' up --tenants all --database-url '$D4'"
check "its ledger row records the failure, not a version" test "$(sq "$D4" "SELECT coalesce(version, '-') || ' ' || status FROM strata.ledger WHERE target = 'dten2'")" = "- failed"
check "its database has no history and no table" test "$(sq "$(dburl dten2)" "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'strata')")" = 0

# ---- 4. CONCURRENTLY in a tenant migration
P3=$T/cp
make_project "$P3" 2
printf 'CREATE INDEX CONCURRENTLY t2_id ON t2 (id);\n' >"$P3/migrations/tenant/0003_cic.sql"
expect_exit 1 "check reports CREATE INDEX CONCURRENTLY in a tenant migration" bash -c "cd '$P3' && '$STRATA' check"
CHK=$OUT
check "at its line, as up --tenants would refuse it" grep -q '0003_cic.sql:1:1: error: CREATE INDEX CONCURRENTLY in a tenant migration: it cannot run in a transaction \[tenant-no-transaction\]' <<<"$CHK"
check "the fk-without-index hint of a tenant table says CREATE INDEX, in a tenant migration" grep -q 'hint: deletes and key updates on the referenced table scan "t1"; CREATE INDEX ON t1 (plan) in a tenant migration' <<<"$CHK"
check "and never CONCURRENTLY" test "$(grep -c 'CREATE INDEX CONCURRENTLY ON' <<<"$CHK")" = 0
D5=$(newdb cic)
sq "$D5" "CREATE SCHEMA t_1" >/dev/null
expect_exit 1 "up --tenants refuses it the same way" bash -c "cd '$P3' && '$STRATA' up --tenants all --database-url '$D5'"
check "same message" grep -q '0003_cic.sql:1:1: error: CREATE INDEX CONCURRENTLY in a tenant migration' <<<"$OUT"

# ---- 5. RESET ALL at the end of a dump-made migration
mkdir -p "$T/dump"
printf 'SET statement_timeout = 0;\nSELECT pg_catalog.set_config('"'search_path'"', '"''"', false);\nCREATE TABLE public.d1 (id int);\nRESET ALL;\n' >"$T/dump/0001_remote_schema.sql"
printf 'CREATE TABLE d2 (id int);\n' >"$T/dump/0002_next.sql"
D6=$(newdb dump)
check "up applies a migration that ends in RESET ALL" "$STRATA" up --dir "$T/dump" --database-url "$D6"
check "both recorded as applied" test "$(sq "$D6" "SELECT string_agg(version || ':' || success, ',' ORDER BY version) FROM strata.history")" = 0001:true,0002:true
check "both tables exist" test "$(sq "$D6" "SELECT count(*) FROM pg_tables WHERE tablename IN ('d1', 'd2')")" = 2
P5=$T/treset
make_project "$P5" 1
printf 'CREATE TABLE r1 (id int);\nRESET ALL;\nCREATE TABLE r2 (id int);\n' >"$P5/migrations/tenant/0002_reset.sql"
D7=$(newdb treset)
for i in 1 2; do echo "CREATE SCHEMA t_$i;"; done | psql -qX "$D7"
check "up --tenants applies a tenant migration with RESET ALL" bash -c "cd '$P5' && '$STRATA' up --tenants all --database-url '$D7'"
check "the statements after RESET ALL ran in each tenant's schema" test "$(sq "$D7" "SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY schemaname, tablename) FROM pg_tables WHERE tablename IN ('r1', 'r2')")" = t_1.r1,t_1.r2,t_2.r1,t_2.r2
check "the ledger has both tenants at 0002" test "$(sq "$D7" "SELECT count(*) FROM strata.ledger WHERE version = '0002'")" = 2
finish
