#!/usr/bin/env bash
# test_wild_cases.sh — the PostgreSQL rules found by running strata over real histories it had never seen
# (docs/wild.md): each folder of tests/wild/cases is a small history written from one rule. Checked against a
# real server: `verify` finds the model equal to the database, `up` applies it, and `drift` after `up`
# finds nothing.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
URL=$PGH_URL
C=tests/wild/cases
db() { # a fresh database: its URL
	psql -X -q "$URL" -c "CREATE DATABASE $1" >/dev/null
	echo "${URL/\/postgres\?//$1?}"
}

for d in "$C"/*/; do
	c=$(basename "$d")
	# verify applies through the engine's plan (the lone CALL/DO, the transaction modes)
	expect_output '^0 differences' "$c: verify finds the model equal to the database" \
		"$STRATA" verify --database-url "$URL" --dir "$d"
	u=$(db "up_${c//-/_}")
	check "$c: up" "$STRATA" up --dir "$d" --database-url "$u"
	expect_output ' 0 differences' "$c: no drift after up" "$STRATA" drift --dir "$d" --database-url "$u"
done

# the lone CALL and the DO that commits run outside a transaction; a DO that does not stays in one
c=lone-call-commits
u=$(db lone_log)
expect_output '0002_fill .*outside a transaction: CALL alone' "$c: the lone CALL runs outside a transaction" \
	"$STRATA" up --dir "$C/$c" --database-url "$u" --to 0002
expect_output '0003_batches .*outside a transaction: DO block' "$c: the committing DO block too" \
	"$STRATA" up --dir "$C/$c" --database-url "$u" --to 0003
expect_output 'applied 0004_plain_do \([0-9]+ ms\)$' "$c: a DO without COMMIT stays in the migration's transaction" \
	"$STRATA" up --dir "$C/$c" --database-url "$u"
# PostgreSQL itself refuses the COMMIT inside a transaction block: the rule is the server's
OUT=$(psql -X -q -v ON_ERROR_STOP=1 "$u" -c 'BEGIN' -c 'CALL fill_created()' 2>&1)
grep -q 'invalid transaction termination' <<<"$OUT" && _result 1 "$c: in a transaction block the CALL fails" ||
	_result 0 "$c: in a transaction block the CALL fails"

# a CALL in a migration that runs statement by statement (goose NO TRANSACTION) runs outside a transaction
# block too, as goose runs it: its procedure's COMMIT works
c=notx-call-commits
u=$(db notx_call)
psql -X -q "$u" -c 'CREATE TABLE envs (id int PRIMARY KEY, source text)' \
	-c 'CREATE TABLE snapshots (env_id int REFERENCES envs)' -c 'INSERT INTO envs SELECT g, NULL FROM generate_series(1, 250) g' \
	-c 'INSERT INTO snapshots SELECT g FROM generate_series(1, 250, 2) g' >/dev/null
check "$c: baseline the first migration" "$STRATA" baseline --dir "$C/$c" --database-url "$u" --version 00001
check "$c: up runs the committing CALL" "$STRATA" up --dir "$C/$c" --database-url "$u"
expect_output '^125$' "$c: the procedure's batches updated the rows" \
	psql -X -At "$u" -c "SELECT count(*) FROM envs WHERE kind = 'snapshot'"

# a pg_dump-made migration ends in RESET ALL: the migration is still recorded as applied
c=dump-reset-all
u=$(db dump_reset)
check "$c: up" "$STRATA" up --dir "$C/$c" --database-url "$u"
expect_output '^2$' "$c: both migrations recorded" psql -X -At "$u" -c "SELECT count(*) FROM strata.history WHERE success"

# tern: the up part is above the separator; a down migration runs the part below it
c=tern-sections
expect_output 'convention tern' "$c: detected as tern" "$STRATA" ls --dir "$C/$c"
u=$(db tern_down)
check "$c: up" "$STRATA" up --dir "$C/$c" --database-url "$u"
check "$c: down to 001 runs the parts below the separators" "$STRATA" down --dir "$C/$c" --database-url "$u" --to 001
expect_output '^organization$' "$c: only the first migration's table is left" \
	psql -X -At "$u" -c "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'"

# a file's BEGIN modes and leading SET TRANSACTION take effect, ahead of strata's own first query
c=transaction-modes
u=$(db tx_modes)
check "$c: up" "$STRATA" up --dir "$C/$c" --database-url "$u"
expect_output '^repeatable read$' "$c: SET TRANSACTION ISOLATION LEVEL after the file's BEGIN took effect" \
	psql -X -At "$u" -c 'SELECT DISTINCT level FROM job_copy'
expect_output '^serializable$' "$c: START TRANSACTION ISOLATION LEVEL took effect" \
	psql -X -At "$u" -c 'SELECT level FROM audit'
expect_output 'BEGIN; SET TRANSACTION ISOLATION LEVEL repeatable read; SET LOCAL lock_timeout' \
	"$c: the SQL script puts the modes first" bash -c "'$STRATA' up --dir '$C/$c' --sql | tr '\n' ' '"

# the reductions fail without the fixes: the duplicate key, the typmod signature, the renamed sequence
expect_output 'ADD CONSTRAINT unique_attribute_per_project PRIMARY KEY' \
	"redundant-unique-key: the primary key takes the repeated UNIQUE's name" \
	"$STRATA" schema --dir "$C/redundant-unique-key" --format sql
expect_output 'FUNCTION public.generate_display_id\(p_project_id bigint, p_entity_type character varying, p_prefix character varying\) RETURNS character varying' \
	"function-signature-typmod: no typmods in the signature" \
	"$STRATA" schema --dir "$C/function-signature-typmod" --format sql
# the SQL dump names objects by identity (schema-qualified), as pg_dump does under an empty search_path
expect_output "DEFAULT nextval\('public\.person_seq'::regclass\)" "sequence-rename-regclass: the default follows the rename" \
	"$STRATA" schema --dir "$C/sequence-rename-regclass" --format sql
finish
