#!/usr/bin/env bash
# test_verify.sh — `strata verify` applies migrations the way `strata up` does (the engine's plan and
# per-migration modes, no apply path of its own) against a private PG15 cluster: a file with CREATE INDEX
# CONCURRENTLY runs outside a transaction without any marker, a file marked `-- strata:no-transaction`
# runs statement by statement (an enum value added and used in one file, which a transaction refuses), a
# golang-migrate folder with no order file verifies with 0 differences, strata's own history table is not
# a difference, a real difference is reported, and the fresh database is dropped afterwards.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
V() { "$STRATA" verify --database-url "$URL" --no-color "$@"; }

M=$T/m
mkdir -p "$M"
printf 'CREATE TABLE t (id int PRIMARY KEY, v text);\n' >"$M/0001_t.up.sql"
printf 'CREATE INDEX CONCURRENTLY t_v ON t (v);\n' >"$M/0002_idx.up.sql"
printf -- '-- strata:no-transaction\nCREATE TYPE mood AS ENUM (%s);\nALTER TYPE mood ADD VALUE %s;\nCREATE TABLE m (x mood DEFAULT %s);\n' \
	"'ok'" "'sad'" "'sad'" >"$M/0003_enum.up.sql"
expect_output '^0 differences$' "CONCURRENTLY and a no-transaction file verify (the engine's modes, no order file)" V --dir "$M"
check "... nothing of strata's history table shows as a difference" bash -c "! grep -q 'history' <<<'$OUT'"
expect_output 'no-tx' "ls shows the marked file as no-transaction" "$STRATA" ls --dir "$M"
expect_output '"transaction": false' "... in ls --json too" "$STRATA" ls --dir "$M" --json

# without the marker, the same file fails in its transaction, at the statement, as `up` would fail
B=$T/b
mkdir -p "$B"
printf 'CREATE TYPE mood AS ENUM (%s);\nALTER TYPE mood ADD VALUE %s;\nCREATE TABLE m (x mood DEFAULT %s);\n' \
	"'ok'" "'sad'" "'sad'" >"$B/0001_enum.up.sql"
expect_exit 1 "an unmarked file fails inside its transaction (exit 1)" V --dir "$B"
check "... with the server's error at file:line:col" grep -q '0001_enum.up.sql:3:[0-9]*: error: unsafe use of new value' <<<"$OUT"
psql -q "$URL" -c 'CREATE DATABASE upcheck' >/dev/null
expect_exit 1 "... the engine's plan: \`up\` fails the same way" "$STRATA" up --dir "$B" --database-url "${URL/\/postgres\?//upcheck?}"
check "... with the same error" grep -q '0001_enum.up.sql:3:[0-9]*: error: unsafe use of new value' <<<"$OUT"

# a real difference: a migration whose effect the model does not follow (dynamic SQL)
D=$T/d
mkdir -p "$D"
printf 'CREATE TABLE a (id int);\n' >"$D/0001_a.up.sql"
printf "DO \$\$ BEGIN EXECUTE 'CREATE TABLE b (id int)'; END \$\$;\n" >"$D/0002_b.up.sql"
expect_exit 1 "a difference exits 1" V --dir "$D"
check "... and names the object" grep -q 'table "public.b" is only in the database' <<<"$OUT"
check "the fresh databases are dropped afterwards" bash -c "[ \"\$(psql -Atq '$URL' -c \"SELECT count(*) FROM pg_database WHERE datname LIKE 'strata_verify%'\")\" = 0 ]"

# settings of the migration connection: -c and --search-path reach the migrations and the replay
S=$T/s
mkdir -p "$S"
printf 'CREATE SCHEMA app;\n' >"$S/0001_schema.up.sql"
printf "CREATE TABLE t (id int, who text DEFAULT current_setting('app.tag'));\n" >"$S/0002_t.up.sql"
expect_output '^0 differences$' "-c NAME=VALUE and --search-path hold for the migration connection" \
	V --dir "$S" -c app.tag=x --search-path app,public
expect_exit 0 "--json output" V --dir "$S" -c app.tag=x --search-path app,public --json
check "... has the counts" grep -q '"differences": 0' <<<"$OUT"
finish
