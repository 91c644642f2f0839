#!/usr/bin/env bash
# test_preflight.sh — the catalog-based pre-flight of `up` and `baseline --verify` against a real PostgreSQL
# 15: drift behind a refusal is named from history (dropped table, dropped column), a duplicate made by
# hand is refused, nothing is applied on refusal, a clean database applies, the connection's search_path
# is the replay's; baseline --verify lists missing or changed objects and accepts extra ones.
set -u
cd "$(dirname "$0")/../.."
STRATA=${STRATA:-./build/strata}
STRATA=$(realpath "$STRATA")
. tests/integration/apply-harness.sh
T=$(mktemp -d)
trap '_pgh_cleanup; rm -rf "$T"' EXIT
fails=0 passes=0
ok() { echo "ok - $1"; passes=$((passes + 1)); }
bad() { echo "not ok - $1"; shift; [ $# -gt 0 ] && printf '%s\n' "$@" | head -20 | sed 's/^/    /'; fails=$((fails + 1)); }
run() { OUT=$("$STRATA" "$@" 2>&1); RC=$?; }
check() { # NAME WANT_RC REGEX
	if [ "$RC" -eq "$2" ] && grep -Eq -- "$3" <<<"$OUT"; then ok "$1"; else bad "$1 (exit $RC, want $2)" "$OUT"; fi
}
has() { grep -Fq -- "$2" <<<"$OUT" && ok "$1" || bad "$1" "$OUT"; }
q() { pgh_psql -c "$1"; }
applied() { q "SELECT count(*) FROM strata.history WHERE success"; }

# ---- a table dropped by hand after 0001: `up` of 0002 (which ALTERs it) is refused, naming 0001
pgh_newdb drop_table
M=$T/drop_table; mkdir -p $M
printf 'CREATE TABLE ai_assistant_aiconfiguration (id int PRIMARY KEY, name text);\nCREATE TABLE other (id int);\n' >$M/0001_initial.sql
run up --dir $M
check "0001 applies on a clean database" 0 'applied 0001_initial'
q "DROP TABLE ai_assistant_aiconfiguration"
printf 'CREATE TABLE fresh (id int);\nALTER TABLE ai_assistant_aiconfiguration ADD COLUMN enabled boolean;\n' >$M/0002_enable.sql
run up --dir $M
check "dropped table: refused at the ALTER's file:line:col" 1 '0002_enable.sql:2:13: error: relation "ai_assistant_aiconfiguration" does not exist in the database'
has "dropped table: the drift names the applied migration" 'history says 0001_initial created "ai_assistant_aiconfiguration" but it is not in the database'
[ "$(q "SELECT to_regclass('fresh') IS NULL")" = t ] && [ "$(applied)" = 1 ] && ok "dropped table: nothing applied" || bad "dropped table: nothing applied" "$(applied)"
run up --dry-run --dir $M
check "dry-run runs the same pre-flight" 1 'relation "ai_assistant_aiconfiguration" does not exist in the database'
q "CREATE TABLE ai_assistant_aiconfiguration (id int PRIMARY KEY, name text)"
run up --dir $M
check "restored table: 0002 applies" 0 'applied 0002_enable'

# ---- a column dropped by hand: refused, naming the column and its creator
pgh_newdb drop_col
M=$T/drop_col; mkdir -p $M
printf 'CREATE TABLE accounts (id int PRIMARY KEY, email text);\n' >$M/0001_accounts.sql
run up --dir $M
check "0001_accounts applies" 0 'applied 0001_accounts'
q "ALTER TABLE accounts DROP COLUMN email"
printf 'CREATE TABLE audit (id int);\nCREATE UNIQUE INDEX accounts_email ON accounts (email);\n' >$M/0002_email_idx.sql
run up --dir $M
check "dropped column: refused naming the column" 1 '0002_email_idx.sql:2:.*error: column "email" .*does not exist in the database'
has "dropped column: the drift names 0001" 'history says 0001_accounts created column "email" of "public.accounts" but it is not in the database'
[ "$(q "SELECT to_regclass('audit') IS NULL")" = t ] && [ "$(applied)" = 1 ] && ok "dropped column: nothing applied" || bad "dropped column: nothing applied"
printf 'ALTER TABLE accounts ALTER COLUMN email SET NOT NULL;\n' >$M/0002_email_idx.sql
run up --dir $M
check "dropped column: ALTER COLUMN refused too" 1 'error: column "email" of relation "accounts" does not exist in the database'

# ---- a duplicate: the table 0002 creates was made by hand
pgh_newdb dup
M=$T/dup; mkdir -p $M
printf 'CREATE TABLE base (id int);\n' >$M/0001_base.sql
run up --dir $M
check "0001_base applies" 0 'applied 0001_base'
q "CREATE TABLE reports (id int)"
printf 'CREATE TABLE first_one (id int);\nCREATE TABLE reports (id int, body text);\n' >$M/0002_reports.sql
run up --dir $M
check "duplicate: refused at the CREATE" 1 '0002_reports.sql:2:14: error: relation "reports" already exists in the database'
has "duplicate: explained as made outside the migrations" 'no applied migration created table "public.reports": it was made outside the migrations (drift)'
[ "$(q "SELECT to_regclass('first_one') IS NULL")" = t ] && [ "$(applied)" = 1 ] && ok "duplicate: nothing applied" || bad "duplicate: nothing applied"
q "DROP TABLE reports"
run up --dir $M
check "duplicate removed: applies" 0 'applied 0002_reports'

# ---- a clean database: everything applies (pending migrations see each other's objects)
pgh_newdb clean
M=$T/clean; mkdir -p $M
printf 'CREATE TYPE mood AS ENUM (%s);\nCREATE TABLE people (id int PRIMARY KEY, m mood);\n' "'ok'" >$M/0001_people.sql
printf 'CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\nCREATE TRIGGER t BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();\nALTER TABLE people ADD COLUMN name text;\nCREATE INDEX people_name ON people (name);\n' >$M/0002_more.sql
printf 'ALTER TABLE people RENAME COLUMN name TO full_name;\nCREATE VIEW v AS SELECT id, full_name FROM people;\n' >$M/0003_rename.sql
run up --dir $M
check "clean database: all three apply" 0 'applied 0003_rename'

# ---- the connection's search_path is the replay's
pgh_newdb sp
q "CREATE SCHEMA app"
q "ALTER DATABASE sp SET search_path = app"
M=$T/sp; mkdir -p $M
printf 'CREATE TABLE items (id int);\n' >$M/0001_items.sql
printf 'ALTER TABLE items ADD COLUMN label text;\n' >$M/0002_label.sql
run up --dir $M
check "search_path app: applies without a false refusal" 0 'applied 0002_label'
[ "$(q "SELECT to_regclass('app.items') IS NOT NULL")" = t ] && ok "search_path app: created in app" || bad "created in app"
q "DROP TABLE app.items"
printf 'CREATE INDEX items_label ON items (label);\n' >$M/0003_idx.sql
run up --dir $M
check "search_path app: dropped table refused" 1 'relation "items" does not exist in the database'
has "search_path app: drift names 0001" 'history says 0001_items created "items"'

# ---- baseline --verify: what the migrations create must be in the database; extras are fine
pgh_newdb base
B=$T/base; mkdir -p $B
printf 'CREATE TABLE a (id int PRIMARY KEY, note text);\n' >$B/0001_a.sql
printf 'CREATE TABLE b (id int, a_id int REFERENCES a);\nCREATE INDEX b_a ON b (a_id);\n' >$B/0002_b.sql
printf 'ALTER TABLE a ADD COLUMN flag boolean NOT NULL DEFAULT false;\n' >$B/0003_flag.sql
printf 'CREATE TABLE later (id int);\n' >$B/0004_later.sql
q "CREATE TABLE a (id int PRIMARY KEY, note text, flag boolean NOT NULL DEFAULT false)"
q "CREATE TABLE b (id int, a_id int REFERENCES a)"
run baseline --version 0003 --dir $B
check "baseline --verify: missing index refused" 1 '0002_b.sql:2:1: error: index "public.b_a" is not in the database'
[ "$(q "SELECT count(*) FROM strata.history")" = 0 ] && ok "refused baseline records nothing" || bad "refused baseline records nothing"
q "CREATE INDEX b_a ON b (a_id)"
q "ALTER TABLE a DROP COLUMN note"
run baseline --version 0003 --dir $B
check "baseline --verify: missing column refused" 1 '0001_a.sql:.*error: column "public.a.note" is not in the database'
q "ALTER TABLE a ADD COLUMN note varchar(10)"
run baseline --version 0003 --dir $B
check "baseline --verify: changed column type refused" 1 'column "public.a.note": type differs: the migrations "text", the database "character varying\(10\)"'
q "ALTER TABLE a ALTER COLUMN note TYPE text"
q "CREATE TABLE unrelated (x int)"
run baseline --version 0003 --dir $B
check "baseline --verify: matching database (extra table) accepted" 0 '3 migrations recorded'
grep -q unrelated <<<"$OUT" && bad "extra table not mentioned" "$OUT" || ok "extra table not mentioned"
run up --dir $B
check "up after baseline applies only the rest" 0 'applied 0004_later'

echo "# test_preflight.sh: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
