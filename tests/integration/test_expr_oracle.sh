#!/usr/bin/env bash
# test_expr_oracle.sh — stored expressions and expression errors against a real PostgreSQL 15: every case of
# tests/expr/cases.sql is created on the server and `strata verify` must find the model equal to it (so
# the `-->` lines that tests/unit/test_expr.c checks offline are what PostgreSQL stores); every case of
# tests/expr/errors.sql must fail on the server with the SQLSTATE and message of its `--!` line, and
# `strata check` must report the same error at the line:col given there.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
URL=$PGH_URL

mkdir -p "$T/cases"
cp tests/expr/cases.sql "$T/cases/0001_cases.sql"
expect_output '^0 differences' "cases.sql: the model equals PostgreSQL (strata verify)" \
	"$STRATA" verify --database-url "$URL" --dir "$T/cases"

# errors.sql: one case per `-- case:` line
n=0
while IFS= read -r name; do
	n=$((n + 1))
	d="$T/err/$name"
	mkdir -p "$d"
	awk -v want="-- case: $name" '$0 == want {on = 1; next} /^-- case: /{on = 0} on' tests/expr/errors.sql >"$d/case"
	grep -v '^--' "$d/case" >"$d/0001_case.sql"
	exp=$(sed -n 's/^--! //p' "$d/case")
	state=${exp%% *}
	rest=${exp#* }
	pos=${rest%% *}
	msg=${rest#* }
	schema="case_$n"
	psql -X -q "$URL" -c "CREATE SCHEMA $schema" >/dev/null
	OUT=$(PGOPTIONS="-c search_path=$schema" psql -X -q -v VERBOSITY=verbose -v ON_ERROR_STOP=1 "$URL" \
		-f "$d/0001_case.sql" 2>&1)
	if grep -qF "ERROR:  $state: $msg" <<<"$OUT"; then _result 1 "errors.sql $name: PostgreSQL raises $state"; else _result 0 "errors.sql $name: PostgreSQL raises $state $msg"; fi
	OUT=$("$STRATA" check --dir "$d" --no-color 2>&1)
	if grep -qF "0001_case.sql:$pos: error: $msg" <<<"$OUT"; then _result 1 "errors.sql $name: strata check reports it at $pos"; else _result 0 "errors.sql $name: strata check at $pos"; fi
done < <(sed -n 's/^-- case: //p' tests/expr/errors.sql)
((n >= 20)) && _result 1 "errors.sql has $n cases" || _result 0 "errors.sql has $n cases"
finish
