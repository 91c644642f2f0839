#!/usr/bin/env bash
# test_repro_expr.sh — the reproducers of stored expressions and expression errors (tests/repro/, copied as
# written from ../shared/repro): the model equals the database after the migrations (`strata verify`),
# `up` then `drift` finds nothing, a database made by psql is accepted by `baseline`; and the history
# PostgreSQL rejects is rejected offline with PostgreSQL's error.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
URL=$PGH_URL
R=tests/repro
db() { # a fresh database: its URL
	psql -X -q "$URL" -c "CREATE DATABASE $1" >/dev/null
	echo "${URL/\/postgres\?//$1?}"
}

for c in between-normalisation in-single-element function-arg-implicit-cast policy-subquery-qualification; do
	expect_output '^0 differences' "$c: verify finds the model equal to the database" \
		"$STRATA" verify --database-url "$URL" --dir "$R/$c"
	u=$(db "up_${c//-/_}")
	check "$c: up" "$STRATA" up --dir "$R/$c" --database-url "$u"
	expect_output '0 differences' "$c: no drift after up" "$STRATA" drift --dir "$R/$c" --database-url "$u"
	b=$(db "bl_${c//-/_}")
	for f in "$R/$c"/*.sql; do psql -X -q -v ON_ERROR_STOP=1 "$b" -f "$f" >/dev/null; done
	check "$c: baseline accepts the database psql made" "$STRATA" baseline --version 0001 --dir "$R/$c" --database-url "$b"
done

c=policy-undefined-relation
expect_output "0001_a.sql:2:68: error: relation \"members_later\" does not exist" \
	"$c: check reports PostgreSQL's error" bash -c "'$STRATA' check --no-color --dir '$R/$c'; true"
expect_exit 1 "$c: check exits 1" "$STRATA" check --dir "$R/$c"
u=$(db up_policy_undefined)
OUT=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose "$u" -f "$R/$c/0001_a.sql" 2>&1)
grep -qF 'ERROR:  42P01: relation "members_later" does not exist' <<<"$OUT" && _result 1 "$c: PostgreSQL raises the same error" ||
	_result 0 "$c: PostgreSQL raises the same error"
finish
