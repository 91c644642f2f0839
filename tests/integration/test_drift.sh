#!/usr/bin/env bash
# test_drift.sh — `strata drift` against a private PG15 cluster: no drift after `up`, then a dropped table,
# an extra index and a changed default are each reported; several schema targets group identical drifts;
# a database with no history has no drift (public is not extra); plus out-of-order detection (`check --database-url`, `up --out-of-order`).
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
URL=$PGH_URL
M=$T/m
mkdir -p "$M"
cat >"$M/010_init.sql" <<'SQL'
CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, plan text DEFAULT 'free');
CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), body text);
SQL
cat >"$M/020_index.sql" <<'SQL'
CREATE INDEX notes_account_id_idx ON notes (account_id);
SQL
cat >"$M/030_later.sql" <<'SQL'
CREATE TABLE audit (id bigint PRIMARY KEY);
SQL
psql_() { psql -X -q -v ON_ERROR_STOP=1 "$URL" "$@"; }

# nothing applied yet: a fresh database is what its (empty) history says, public included (issue 15)
expect_output "0 differences" "no history: no drift, public is not extra" "$STRATA" drift --dir "$M" --database-url "$URL"
check "public is not named" test "$(grep -c 'public' <<<"$OUT")" = 0

check "up to 020" "$STRATA" up --dir "$M" --database-url "$URL" --to 020
expect_output "0 differences" "no drift after up (030 not applied: not expected)" \
	"$STRATA" drift --dir "$M" --database-url "$URL"

psql_ -c "DROP TABLE notes" >/dev/null
psql_ -c "CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id), body text)" >/dev/null
psql_ -c "CREATE INDEX accounts_name_idx ON accounts (name)" -c "ALTER TABLE accounts ALTER plan SET DEFAULT 'pro'" >/dev/null
expect_exit 1 "drift exits 1" "$STRATA" drift --dir "$M" --database-url "$URL"
expect_output 'index "public.notes_account_id_idx" is only in the migrations' "dropped index (table recreated without it) is missing" \
	bash -c "'$STRATA' drift --dir '$M' --database-url '$URL'; true"
expect_output 'accounts_name_idx" is only in the database' "extra index reported" \
	bash -c "'$STRATA' drift --dir '$M' --database-url '$URL'; true"
expect_output "default" "changed default reported" \
	bash -c "'$STRATA' drift --dir '$M' --database-url '$URL' | grep -i plan; true"
psql_ -c "DROP TABLE notes" >/dev/null
expect_output 'table "public.notes" is only in the migrations' "dropped table reported" \
	bash -c "'$STRATA' drift --dir '$M' --database-url '$URL'; true"
expect_output '"drift-missing"' "json output" bash -c "'$STRATA' drift --dir '$M' --database-url '$URL' --json; true"
expect_output '"version": "2.1.0"' "sarif output" bash -c "'$STRATA' drift --dir '$M' --database-url '$URL' --format sarif; true"

# several targets (schema per tenant): identical drifts are grouped
for s in t1 t2 t3; do
	psql_ -c "CREATE SCHEMA $s" >/dev/null
	check "up in schema $s" "$STRATA" up --dir "$M" --database-url "$URL&options=-csearch_path%3D$s" --history-schema "$s"
done
psql_ -c "DROP INDEX t1.notes_account_id_idx; DROP INDEX t2.notes_account_id_idx; CREATE INDEX x ON t3.audit (id)" >/dev/null
expect_output '2 targets: index "notes_account_id_idx" is only in the migrations' "grouped across schemas" \
	bash -c "'$STRATA' drift --dir '$M' --database-url '$URL' --schema t1 --schema t2 --schema t3; true"
expect_output 't3: index "x" is only in the database' "single-target drift names its target" \
	bash -c "'$STRATA' drift --dir '$M' --database-url '$URL' --schema t1 --schema t2 --schema t3; true"

# out of order: 015 added after 020 and 030 was applied
psql_ -c "CREATE SCHEMA o" >/dev/null
OURL="$URL&options=-csearch_path%3Do"
check "up all in o" "$STRATA" up --dir "$M" --database-url "$OURL" --history-schema o
cat >"$M/015_late.sql" <<'SQL'
CREATE TABLE late (id int);
SQL
expect_exit 1 "up refuses an out-of-order migration" "$STRATA" up --dir "$M" --database-url "$OURL" --history-schema o
expect_output "out-of-order" "up names it" bash -c "'$STRATA' up --dir '$M' --database-url '$OURL' --history-schema o; true"
check "up --out-of-order applies it" "$STRATA" up --dir "$M" --database-url "$OURL" --history-schema o --out-of-order
expect_exit 1 "check --database-url lists out-of-order migrations" "$STRATA" check --dir "$M" --database-url "$URL"
expect_output 'is older than the newest applied version' "check names it" \
	bash -c "'$STRATA' check --dir '$M' --database-url '$URL'; true"
finish
