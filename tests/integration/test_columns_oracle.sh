#!/usr/bin/env bash
# test_columns_oracle.sh — the rules of column definitions, sequences, identity and generated columns,
# storage parameters and persistence against a real PostgreSQL 15: every case of tests/columns/errors.sql
# must fail on the server with the SQLSTATE and message of its `--!` line, and `strata check` must report the
# same message on the line given there; tests/columns/accepted.sql must check clean, and `strata verify`
# (which applies it to a scratch database of the server) must find the model equal to what the server made.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
URL=$PGH_URL

n=0
while IFS= read -r name; do
	n=$((n + 1))
	d="$T/err/$name"
	mkdir -p "$d"
	awk -v want="-- case: $name" '$0 == want {on = 1; next} /^-- case: /{on = 0} on' tests/columns/errors.sql >"$d/case"
	grep -v '^--' "$d/case" | sed '/^$/d' >"$d/0001_case.sql"
	exp=$(sed -n 's/^--! //p' "$d/case")
	state=${exp%% *}
	rest=${exp#* }
	line=${rest%% *}
	msg=${rest#* }
	schema="case_$n"
	psql -X -q "$URL" -c "CREATE SCHEMA $schema" >/dev/null
	OUT=$(PGOPTIONS="-c search_path=$schema" psql -X -q -v VERBOSITY=verbose -v ON_ERROR_STOP=1 "$URL" \
		-f "$d/0001_case.sql" 2>&1)
	if grep -qF "ERROR:  $state: $msg" <<<"$OUT"; then _result 1 "errors.sql $name: PostgreSQL raises $state"; else _result 0 "errors.sql $name: PostgreSQL raises $state $msg (got: $OUT)"; fi
	OUT=$("$STRATA" check --dir "$d" --no-color 2>&1)
	if grep -qE "0001_case\.sql:$line:[0-9]+: error: " <<<"$OUT" && grep -qF "error: $msg" <<<"$OUT"; then
		_result 1 "errors.sql $name: strata check reports it on line $line"
	else
		_result 0 "errors.sql $name: strata check on line $line (got: $OUT)"
	fi
done < <(sed -n 's/^-- case: //p' tests/columns/errors.sql)
((n >= 40)) && _result 1 "errors.sql has $n cases" || _result 0 "errors.sql has $n cases"

mkdir -p "$T/ok"
cp tests/columns/accepted.sql "$T/ok/0001_accepted.sql"
expect_output '0 errors' "accepted.sql: strata check is clean" "$STRATA" check --dir "$T/ok" --no-color
expect_output '^0 differences' "accepted.sql: the model equals PostgreSQL (strata verify)" \
	"$STRATA" verify --database-url "$URL" --dir "$T/ok"
finish
