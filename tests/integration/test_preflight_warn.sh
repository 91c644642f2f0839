#!/usr/bin/env bash
# test_preflight_warn.sh — a way past a wrong model (issue 12 item 6), against a real PostgreSQL 15: a table
# the database has but the pre-flight cannot see (made a member of an extension: introspection leaves
# extension members out, so the model says it does not exist) refuses `up`; `up --preflight=warn` and
# `[database] preflight = warn` let the refusal through, say so loudly (each statement at file:line:col,
# before anything runs) and apply; where the pre-flight was right (the table really is gone), the
# migration still fails on the server and nothing of it is applied; bad values are usage errors.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
sq() { psql -X -q -At -v ON_ERROR_STOP=1 "$1" -c "$2"; }
dburl() { sed "s|/postgres?|/$1?|" <<<"$URL"; }
newdb() { sq "$URL" "CREATE DATABASE $1" >/dev/null && dburl "$1"; }

M=$T/m
mkdir -p "$M"
printf 'CREATE TABLE audit_log (id int PRIMARY KEY, at timestamptz);\n' >"$M/0001_audit.sql"
printf 'CREATE TABLE fresh (id int);\nALTER TABLE audit_log ADD COLUMN note text;\n' >"$M/0002_note.sql"

# ---- the model is wrong: the table exists, but as a member of an extension the pre-flight cannot see it
D=$(newdb wrong)
expect_exit 0 "0001 applies" "$STRATA" up --dir "$M" --to 0001 --database-url "$D"
sq "$D" "CREATE EXTENSION citext; ALTER EXTENSION citext ADD TABLE audit_log" >/dev/null
expect_exit 1 "the pre-flight refuses (its model lacks the table)" "$STRATA" up --dir "$M" --database-url "$D"
RES=$OUT
check "refused at file:line:col" grep -q '0002_note.sql:2:13: error: relation "audit_log" does not exist in the database' <<<"$RES"
check "nothing applied" test "$(sq "$D" "SELECT to_regclass('fresh') IS NULL")" = t
expect_exit 0 "up --preflight=warn applies" "$STRATA" up --dir "$M" --preflight=warn --database-url "$D"
RES=$OUT
check "it says loudly what it lets through" grep -q "^strata: WARNING: the pre-flight refuses 1 statement; --preflight=warn lets it through:" <<<"$RES"
check "... each at file:line:col" grep -q '^strata:   LET THROUGH .*0002_note.sql:2:13: relation "audit_log" does not exist in the database \[undefined-relation\]' <<<"$RES"
check "... before anything runs" bash -c "grep -n 'LET THROUGH\|applied 0002_note' <<<\"\$1\" | head -1 | grep -q 'LET THROUGH'" _ "$RES"
check "the refusal is reported as a warning, not an error" bash -c "grep -q '0002_note.sql:2:13: warning: relation \"audit_log\" does not exist in the database' <<<\"\$1\" && ! grep -q ': error:' <<<\"\$1\"" _ "$RES"
check "... with a hint naming the override" grep -q 'let through by --preflight=warn' <<<"$RES"
check "applied: the column exists" test "$(sq "$D" "SELECT count(*) FROM pg_attribute WHERE attrelid = 'audit_log'::regclass AND attname = 'note'")" = 1

# ---- the same through strata.conf
D2=$(newdb conf)
mkdir -p "$T/proj"
cp -r "$M" "$T/proj/migrations"
expect_exit 0 "conf: 0001 applies" bash -c "cd '$T/proj' && '$STRATA' up --to 0001 --database-url '$D2'"
sq "$D2" "CREATE EXTENSION citext; ALTER EXTENSION citext ADD TABLE audit_log" >/dev/null
printf '[database]\npreflight = warn\n' >"$T/proj/strata.conf"
expect_exit 0 "[database] preflight = warn applies" bash -c "cd '$T/proj' && '$STRATA' up --database-url '$D2'"
check "... and says so" grep -q "LET THROUGH .*0002_note.sql:2:13" <<<"$OUT"
expect_exit 1 "--preflight=refuse wins over the config" bash -c "
	cd '$T/proj' && D3=\$(psql -X -q -At '$URL' -c 'CREATE DATABASE flagwins' >/dev/null && sed 's|/postgres?|/flagwins?|' <<<'$URL') &&
	'$STRATA' up --to 0001 --database-url \"\$D3\" >/dev/null &&
	psql -X -q \"\$D3\" -c 'CREATE EXTENSION citext; ALTER EXTENSION citext ADD TABLE audit_log' >/dev/null &&
	'$STRATA' up --preflight=refuse --database-url \"\$D3\""
check "... refused" grep -q 'error: relation "audit_log" does not exist in the database' <<<"$OUT"

# ---- the model is right: the table is gone; warn lets it through, PostgreSQL fails it, nothing applied
D4=$(newdb gone)
expect_exit 0 "right: 0001 applies" "$STRATA" up --dir "$M" --to 0001 --database-url "$D4"
sq "$D4" "DROP TABLE audit_log" >/dev/null
expect_exit 1 "right: --preflight=warn lets it through, the server fails it" "$STRATA" up --dir "$M" --preflight=warn --database-url "$D4"
RES=$OUT
check "right: said loudly" grep -q 'LET THROUGH .*0002_note.sql:2:13' <<<"$RES"
check "right: PostgreSQL's error at the statement" grep -Eq '0002_note.sql:2:[0-9]+: error: relation "audit_log" does not exist \(SQLSTATE 42P01\)' <<<"$RES"
check "right: nothing of 0002 applied" test "$(sq "$D4" "SELECT to_regclass('fresh') IS NULL")" = t

# ---- bad values
expect_exit 2 "--preflight=maybe is a usage error" "$STRATA" up --dir "$M" --preflight=maybe --database-url "$D4"
printf '[database]\npreflight = maybe\n' >"$T/proj/strata.conf"
expect_exit 2 "[database] preflight = maybe is a config error" bash -c "cd '$T/proj' && '$STRATA' up --database-url '$D4'"
check "... at file:line" grep -q 'strata.conf:2:1: error: \[database\] preflight = "maybe": want refuse or warn' <<<"$OUT"

finish
