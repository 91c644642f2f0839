#!/usr/bin/env bash
# test_drift_tenants.sh — `strata drift --tenants` and `strata drift --fix` against a private PG15 cluster:
# five tenants at head are clean; an index dropped in three of them and a table in one are reported
# grouped by tenant-relative name (text, json, github, sarif), selections by name and --where; a clean
# fleet exits 0. Then --fix on one database: a dropped table and a changed default become a migration
# (destructive steps refused without --allow-destructive) that `strata up` applies, after which drift is 0.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
P=$T/proj
make_project "$P" 5
# defaults on serial columns and a view: expressions the server prints relative to the tenant schema
printf 'CREATE TABLE notes (id serial PRIMARY KEY, body text DEFAULT $$x$$, t1_id int REFERENCES t1, plan text REFERENCES plans);\nCREATE VIEW recent AS SELECT n.id, t.plan FROM notes n JOIN t1 t ON t.id = n.t1_id;\n' \
	>"$P/migrations/tenant/0006_notes.sql"
S() { (cd "$P" && "$STRATA" "$@" --database-url "$URL"); }
D() { (cd "$P" && "$STRATA" drift --database-url "$URL" "$@"; true); }

check "shared migrations" S up
for i in 1 2 3 4 5; do echo "CREATE SCHEMA t_0$i;"; done | psql -q "$URL"
expect_output 'migrated 5 tenants to 0006' "5 tenants at head" S up --tenants all
expect_output '5 tenants, 0 differences' "a clean fleet: no drift" S drift --tenants all
check "... json" test "$(D --tenants all --json | jq -c '[.kind, .targets, .differences]')" = '["tenant",5,0]'

# a tenant behind head is compared at its own version
sq "$URL" "CREATE SCHEMA t_06" >/dev/null
expect_output 'migrated 1 tenant' "a sixth tenant" S up --tenants t_06
printf 'CREATE TABLE t7 (id int);\n' >"$P/migrations/tenant/0007_t7.sql"
expect_output '6 tenants, 0 differences' "tenants at 0006 while head is 0007: no drift" S drift --tenants all
rm "$P/migrations/tenant/0007_t7.sql"
sq "$URL" "SET client_min_messages = warning; DROP SCHEMA t_06 CASCADE" >/dev/null

sq "$URL" "DROP INDEX t_01.t3_t1; DROP INDEX t_02.t3_t1; DROP INDEX t_04.t3_t1; DROP TABLE t_05.t5" >/dev/null
expect_exit 1 "drift --tenants all exits 1" S drift --tenants all
TXT=$OUT
check "3 tenants are missing the index, named relative to the tenant" \
	grep -q 'error: 3 tenants: index "t3_t1" is only in the migrations' <<<"$TXT"
check "... naming them" grep -q 'tenants: t_01, t_02, t_04' <<<"$TXT"
check "the table is missing in t_05, named" grep -q 't_05: table "t5" is only in the migrations' <<<"$TXT"
check "the summary" grep -q '5 tenants, 8 differences (6 distinct)' <<<"$TXT"
check "no false drift on defaults or views" bash -c "! grep -Eq 'notes|recent' <<<\"\$1\"" _ "$TXT"
J=$(D --tenants all --json)
check "json: counts" test "$(jq -c '[.targets, .failed_targets, .differences, .distinct]' <<<"$J")" = '[5,0,8,6]'
check "json: the grouped diagnostic" test "$(jq -r '.diagnostics[] | select(.message | startswith("3 tenants")) | .rule' <<<"$J")" = drift-missing
check "json: per tenant" test "$(jq -r '.per_target[] | select(.target == "t_05") | .diagnostics[0].message' <<<"$J" | head -1)" != ""
expect_output '::error' "github annotations" D --tenants all --format github
expect_output '"version": "2.1.0"' "sarif" D --tenants all --format sarif
expect_output '3 tenants, 6 differences' "named tenants" D --tenants t_01 t_03 t_05
expect_output '1 tenant, 5 differences' "--where" D --tenants --where '%5'
expect_output '2 tenants, 2 differences' "--where with names" D --tenants --where 't\_0_' t_01 t_02
expect_exit 1 "an unknown tenant" S drift --tenants t_01 nosuch
check "says so" grep -q 'tenant "nosuch" is not among the tenants of the source' <<<"$OUT"
expect_exit 2 "--tenants with --fix is refused" S drift --tenants all --fix
expect_exit 2 "--where without --tenants" S drift --where 'x%'

# repair by hand: clean again
sq "$URL" "CREATE INDEX t3_t1 ON t_01.t3 (t1_id); CREATE INDEX t3_t1 ON t_02.t3 (t1_id); CREATE INDEX t3_t1 ON t_04.t3 (t1_id)" >/dev/null
sq "$URL" "CREATE TABLE t_05.t5 (id int PRIMARY KEY, t1_id int REFERENCES t_05.t1); CREATE INDEX t5_t1 ON t_05.t5 (t1_id)" >/dev/null
expect_output '5 tenants, 0 differences' "the repaired fleet is clean (exit 0)" S drift --tenants all

# ---- drift --fix on one database
F=$T/fix
mkdir -p "$F"
cat >"$F/001_init.up.sql" <<'SQL'
CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, plan text DEFAULT 'free');
CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), body text);
CREATE INDEX notes_account_id_idx ON notes (account_id);
SQL
printf 'DROP TABLE notes;\nDROP TABLE accounts;\n' >"$F/001_init.down.sql"
sq "$URL" "CREATE DATABASE fixdb" >/dev/null
FURL=${URL/\/postgres\?//fixdb?}
FX() { "$STRATA" "$@" --dir "$F" --database-url "$FURL"; }
check "up" FX up
expect_output 'no drift: nothing to fix' "fix without drift" FX drift --fix
sq "$FURL" "DROP TABLE notes; ALTER TABLE accounts ALTER plan SET DEFAULT 'pro'" >/dev/null
expect_exit 1 "drift sees it" FX drift
expect_output 'verified' "--fix --dry-run prints the migration" FX drift --fix --dry-run
FIX=$OUT
check "... which creates the table (guarded: a database without the drift runs it too)" grep -q 'CREATE TABLE IF NOT EXISTS public.notes' <<<"$FIX"
check "... and restores the default" grep -q "SET DEFAULT 'free'" <<<"$FIX"
check "... and its down does nothing" grep -q "a drift fix is not undone" <<<"$FIX"
check "... nothing written" test "$(ls "$F" | wc -l)" = 2
expect_output 'wrote .*002_restore.up.sql' "--fix writes the migration in the folder's convention" FX drift --fix --name restore
check "with its down file" test -f "$F/002_restore.down.sql"
expect_output 'applied 002_restore' "strata up applies it" FX up
expect_output '1 target, 0 differences' "drift is clean after the fix" FX drift
sq "$URL" "CREATE DATABASE fresh" >/dev/null
FRESH=${URL/\/postgres\?//fresh?}
expect_output 'applied 002_restore' "a fresh database applies the folder, fix included (it changes nothing there)" \
	"$STRATA" up --dir "$F" --database-url "$FRESH"
expect_output '1 target, 0 differences' "... and has no drift" "$STRATA" drift --dir "$F" --database-url "$FRESH"
# an extra column: dropping it loses data
sq "$FURL" "ALTER TABLE accounts ADD COLUMN extra int" >/dev/null
expect_exit 1 "a destructive fix is refused" FX drift --fix
check "... naming the step" grep -q 'drop column' <<<"$OUT"
expect_output 'wrote' "--allow-destructive writes it" FX drift --fix --allow-destructive --name drop_extra
check "up" FX up
expect_output '1 target, 0 differences' "clean again" FX drift
# behind head, the drift makes the pending migration fail: the fix goes before it, up applies both
sq "$FURL" "DROP INDEX notes_account_id_idx" >/dev/null
printf 'DROP INDEX notes_account_id_idx;\n' >"$F/009_pending.up.sql"
expect_exit 1 "up refuses: the pending migration needs what drifted away" FX up
check "... the pre-flight names it" grep -q 'index "notes_account_id_idx" does not exist' <<<"$OUT"
expect_output 'wrote .*/004_restore_index.up.sql' "--fix behind head writes the fix before the pending migration" FX drift --fix --name restore_index
expect_output 'applied 004_restore_index' "up applies the fix, then the pending migration" FX up
check "... the pending one too" grep -q 'applied 009_pending' <<<"$OUT"
expect_output '1 target, 0 differences' "no drift" FX drift
expect_output 'applied 004_restore_index' "a fresh database runs the fix too, without error" "$STRATA" up --dir "$F" --database-url "$FRESH"
expect_output '1 target, 0 differences' "... and has no drift" "$STRATA" drift --dir "$F" --database-url "$FRESH"
# a plain folder with no version between the target's and the next pending one: said, with the way out
N=$T/numbered
mkdir -p "$N"
printf 'CREATE TABLE a (id int PRIMARY KEY);\nCREATE INDEX a_id ON a (id);\n' >"$N/0001_a.sql"
printf 'CREATE TABLE b (id int);\n' >"$N/0002_b.sql"
sq "$URL" "CREATE DATABASE numbered" >/dev/null
NURL=${URL/\/postgres\?//numbered?}
check "up" "$STRATA" up --dir "$N" --database-url "$NURL"
printf 'DROP INDEX a_id;\n' >"$N/0003_c.sql"
sq "$NURL" "DROP INDEX a_id" >/dev/null
expect_exit 1 "--fix behind head without a free version" "$STRATA" drift --fix --dir "$N" --database-url "$NURL"
NV=$OUT
check "... says where it must go" grep -q 'is at 0002 and 0003 is pending: the fix must run between them, and the plain convention has no version there' <<<"$NV"
check "... and how" grep -q 'pass --version V' <<<"$NV"
finish
