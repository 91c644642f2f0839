#!/usr/bin/env bash
# test_objects.sh — object semantics against a real PostgreSQL 15: the object-semantics reproducers in tests/repro/ (copied
# as written from ../shared/repro) and every variant in tests/fidelity/ applies on the server and the
# offline model equals what the server holds (`strata verify`: 0 differences), `check` reports no error,
# `schema` does not crash (also under ASan when build-asan/strata exists). PostgreSQL is the oracle: each
# folder is first applied with psql (ON_ERROR_STOP, one session, each file in its own transaction) to a
# fresh database, which must succeed.
# squash-unknown-types: the baseline `squash` writes is accepted by PostgreSQL and has no `unknown` type.
# A folder of several files is also applied in two runs (`up --to FIRST`, then `up`): the second pre-flight
# replays on the introspected schema, whose dependencies the replay derives.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || { echo "not ok - could not start PostgreSQL"; exit 2; }
ASAN=build-asan/strata
[[ -x $ASAN ]] && ASAN=$PWD/$ASAN || ASAN=

# psql_apply DIR: the folder's .sql files, in name order, in a fresh database with ON_ERROR_STOP.
psql_apply() {
	local dir=$1 db url
	db="oracle_$(printf '%s' "$dir" | md5sum | cut -c1-12)"
	psql -X -q "$PGH_URL" -c "CREATE DATABASE $db" >/dev/null || return 2
	url=${PGH_URL/\/postgres\?//$db?}
	# one session, one transaction per file: how strata applies a migrations folder
	local script=$T/$db.sql
	: >"$script"
	for f in "$dir"/*.sql; do printf 'BEGIN;\n\\i %s\nCOMMIT;\n' "$(realpath "$f")" >>"$script"; done
	psql -X -q -v ON_ERROR_STOP=1 "$url" -f "$script" 2>&1
}

# the object-semantics reproducers (issue 12 item 3, issue 15); the others in tests/repro/ have their own suites
OBJECT_REPROS=(alter-parent-propagation builtin-implicit-types crash-ctas-drop ctas-select-into
	drop-partitioned-parent drop-type-cascade-default drop-type-domain-cascade generated-cascade
	rename-then-drop-column squash-unknown-types temp-objects temp-objects-oncommit)
for dir in "${OBJECT_REPROS[@]/#/tests/repro/}" tests/fidelity/*/; do
	dir=${dir%/}
	name=${dir#tests/}
	check "$name: PostgreSQL applies it" psql_apply "$dir"
	check "$name: check reports no error" "$STRATA" check --dir "$dir" --no-color
	check "$name: schema" "$STRATA" schema --dir "$dir"
	if [[ -n $ASAN ]]; then
		check "$name: schema --format sql under ASan" "$ASAN" schema --dir "$dir" --format sql
	fi
	expect_output '^0 differences$' "$name: verify, model == database" \
		"$STRATA" verify --dir "$dir" --database-url "$PGH_URL" --no-color
	# applied in two runs: the second's pre-flight replays on the live schema as introspected
	files=("$dir"/*.sql)
	if ((${#files[@]} > 1)); then
		db="split_$(printf '%s' "$dir" | md5sum | cut -c1-12)"
		psql -X -q "$PGH_URL" -c "CREATE DATABASE $db" >/dev/null
		url=${PGH_URL/\/postgres\?//$db?}
		first=$(basename "${files[0]}")
		check "$name: up --to ${first%%_*}" "$STRATA" up --dir "$dir" --database-url "$url" --to "${first%%_*}"
		check "$name: then up (pre-flight over the live schema)" "$STRATA" up --dir "$dir" --database-url "$url"
	fi
done

# crash-ctas-drop: every command that builds the model, also under ASan (the stack-buffer-overflow)
for cmd in "schema" "schema --format sql" "squash --to 0001 --dry-run"; do
	for bin in "$STRATA" $ASAN; do
		check "crash-ctas-drop: $cmd ($(basename "$(dirname "$bin")"))" $bin $cmd --dir tests/repro/crash-ctas-drop
	done
done

# squash-unknown-types: the verified baseline is one PostgreSQL accepts
squash_base() { "$STRATA" squash --dir tests/repro/squash-unknown-types --to 0002 --dry-run 2>/dev/null | sed '/^verified/d'; }
check "squash-unknown-types: squash --dry-run" squash_base
base=$(squash_base)
printf '%s\n' "$base" >"$T/baseline.sql"
! grep -q unknown "$T/baseline.sql" && OUT="" || OUT=$(cat "$T/baseline.sql")
[[ -z $OUT ]] && _result 1 "squash-unknown-types: no unknown type in the baseline" ||
	_result 0 "squash-unknown-types: no unknown type in the baseline"
mkdir -p "$T/base"
cp "$T/baseline.sql" "$T/base/0001_base.sql"
cp tests/repro/squash-unknown-types/0003_c.sql "$T/base/0002_c.sql"
check "squash-unknown-types: PostgreSQL accepts the baseline and the later migration" psql_apply "$T/base"
expect_output 'column "c\.x"|x integer' "squash-unknown-types: c(x, y) keeps its column names" cat "$T/baseline.sql"

finish
