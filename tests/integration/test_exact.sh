#!/usr/bin/env bash
# test_exact.sh — dynamic SQL without false errors, and the exact mode (issue 12 item 5), against real
# PostgreSQL 15 servers:
#   1. repro/dynamic-sql-partitions, as written: `check` reports no error, the later missing partition is a
#      warning naming the call (file:line) and `strata check --exact`; `check --exact` is clean and says
#      what it ran; `verify --exact` finds 0 differences (the model equals the database), plain `verify`
#      the partitions it could not know
#   2. dynamic-sql/: each kind of code the model cannot follow — a function called by SELECT running
#      EXECUTE, EXECUTE in a DO block (a column rename: the column keeps its place), a procedure by CALL, a
#      trigger fired by an INSERT, a table dropped and created again — warnings without --exact, clean
#      with it, and `verify --exact` 0 differences
#   3. PostgreSQL rejecting the dynamic statement on the model's schema: an error at its file:line:col
#   4. --exact on a history without dynamic SQL starts no server
#   5. up --exact: the pre-flight runs the pending dynamic SQL, so what depends on it is refused before
#      anything runs (without it, the server fails the migration); diff --exact: the history's partitions
#      are known, the migration does not create them again
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
R=tests/integration/repro/dynamic-sql-partitions
D=tests/integration/dynamic-sql

# ---- 1. the repro
expect_exit 0 "repro: check has no error" "$STRATA" check --dir "$R"
RES=$OUT
check "repro: the missing partition is a warning" grep -q '0001_a.sql:9:30: warning: relation "wal_0" does not exist \[undefined-relation\]' <<<"$RES"
check "repro: the warning names the call at file:line and --exact" \
	grep -q "hint: the dynamic SQL at $R/0001_a.sql:8 (a call of make_partitions(), which runs EXECUTE at line 4 of function public.make_partitions(text, integer)).*strata check --exact" <<<"$RES"
expect_exit 0 "repro: check --exact" "$STRATA" check --exact --dir "$R"
RES=$OUT
check "repro: check --exact is clean" grep -q ': 1 migrations, 4 statements: 0 errors, 0 warnings' <<<"$RES"
check "repro: check --exact says what it ran and its cost" grep -Eq '^exact: 1 statement of dynamic SQL run on a throwaway PostgreSQL in [0-9.]+ s' <<<"$RES"
expect_exit 0 "repro: verify --exact" "$STRATA" verify --exact --dir "$R" --database-url "$URL"
RES=$OUT
check "repro: the model equals the database" grep -qx '0 differences' <<<"$RES"
expect_exit 1 "repro: plain verify differs (the partitions the model cannot know)" "$STRATA" verify --dir "$R" --database-url "$URL"
RES=$OUT
check "repro: ... wal_0 to wal_3 only in the database" bash -c "[ \$(grep -c 'table \"public.wal_[0-3]\" is only in the database' <<<'$RES') = 4 ]"
check "repro: ... and says which dynamic SQL it could not follow, and how to get the exact model" bash -c "grep -q '0001_a.sql:8:1: info: the model cannot follow this statement: a call of make_partitions()' <<<\"\$1\" && grep -q 'strata verify --exact' <<<\"\$1\"" _ "$RES"

# ---- 2. every kind
expect_exit 0 "kinds: check has no error" "$STRATA" check --dir "$D"
RES=$OUT
check "kinds: five warnings" grep -q ': 5 migrations, 19 statements: 0 errors, 5 warnings' <<<"$RES"
check "kinds: EXECUTE in a DO block, its line in the file" grep -Eq "0002_rename.sql:9:[0-9]+: warning: column \"name\" does not exist .*" <<<"$RES"
check "kinds: ... named at its line" grep -q "the dynamic SQL at $D/0002_rename.sql:2 (EXECUTE at line 5 in the DO block)" <<<"$RES"
check "kinds: a procedure called" grep -q "the dynamic SQL at $D/0003_proc.sql:5 (a call of make_audit(), which runs EXECUTE at line 3 of procedure public.make_audit(text))" <<<"$RES"
check "kinds: a trigger fired by INSERT" grep -q "the dynamic SQL at $D/0004_trigger.sql:9 (trigger \"tenant_schema\" on \"tenants\", whose function runs EXECUTE at line 3" <<<"$RES"
check "kinds: a duplicate after a DROP by EXECUTE" grep -q '0005_recreate.sql:3:14: warning: relation "scratch" already exists \[duplicate-object\]' <<<"$RES"
expect_exit 0 "kinds: check --exact" "$STRATA" check --exact --dir "$D"
RES=$OUT
check "kinds: check --exact is clean" grep -q ': 5 migrations, 19 statements: 0 errors, 0 warnings' <<<"$RES"
check "kinds: five statements ran" grep -q '^exact: 5 statements of dynamic SQL' <<<"$RES"
expect_exit 0 "kinds: verify --exact" "$STRATA" verify --exact --dir "$D" --database-url "$URL"
RES=$OUT
check "kinds: the model equals the database (the renamed column in its place)" grep -qx '0 differences' <<<"$RES"
"$STRATA" schema --dir "$D" >/dev/null 2>&1
check "kinds: no throwaway database is left on the server" bash -c "! psql -X -Atc \"select datname from pg_database where datname like 'strata_%'\" '$URL' | grep -q ."

# ---- 3. PostgreSQL rejects the dynamic statement
mkdir -p "$T/rej"
printf 'CREATE TABLE dup (a int);\n\nDO $$ BEGIN EXECUTE $q$CREATE TABLE dup (a int)$q$; END $$;\nCREATE TABLE after_it (a int);\n' >"$T/rej/0001_a.sql"
expect_exit 1 "rejected: check --exact fails" "$STRATA" check --exact --dir "$T/rej"
RES=$OUT
check "rejected: PostgreSQL's error at the statement" \
	grep -q '0001_a.sql:3:1: error: PostgreSQL rejects this statement on the model.s schema: relation "dup" already exists (SQLSTATE 42P07) \[exact\]' <<<"$RES"
expect_exit 0 "rejected: without --exact, a warning is all the model can say" "$STRATA" check --dir "$T/rej"
RES=$OUT

# ---- 4. nothing dynamic: no server
mkdir -p "$T/plain"
printf 'CREATE TABLE a (id int);\nDO $$ BEGIN CREATE TABLE b (id int); END $$;\nCREATE INDEX ON b (id);\n' >"$T/plain/0001_a.sql"
before=$(ls -d /tmp/strata-exact-* 2>/dev/null | wc -l)
expect_exit 0 "static DO block: check --exact" "$STRATA" check --exact --dir "$T/plain"
RES=$OUT
check "static DO block: nothing ran, no server" bash -c "! grep -q '^exact:' <<<'$RES' && [ \$(ls -d /tmp/strata-exact-* 2>/dev/null | wc -l) -le $before ]"

# ---- 5. up's pre-flight and diff's proof
DB=$(sed "s|/postgres?|/pre?|" <<<"$URL")
psql -X -q "$URL" -c "CREATE DATABASE pre" >/dev/null
mkdir -p "$T/up"
printf 'CREATE TABLE t (id int);\n' >"$T/up/0001_t.sql"
printf 'CREATE TABLE fresh (id int);\nDO $$ BEGIN EXECUTE $q$DROP TABLE t$q$; END $$;\nALTER TABLE t ADD COLUMN x int;\n' >"$T/up/0002_x.sql"
expect_exit 0 "up: 0001" "$STRATA" up --dir "$T/up" --to 0001 --database-url "$DB"
expect_exit 0 "up --dry-run without --exact cannot see it (what follows dynamic SQL is never refused)" "$STRATA" up --dry-run --dir "$T/up" --database-url "$DB"
check "... and says so, once, naming the code and --exact" grep -q 'warning: 1 statement after dynamic SQL the model cannot follow at .*0002_x.sql:2 .* could not be checked; `up --exact` runs that SQL on a throwaway PostgreSQL and checks them \[dynamic-sql-unchecked\]' <<<"$OUT"
expect_exit 1 "up --exact: the pre-flight refuses" "$STRATA" up --exact --dir "$T/up" --database-url "$DB"
RES=$OUT
check "up --exact: at the ALTER, the drop by the DO block named" bash -c "grep -q '0002_x.sql:3:13: error: relation \"t\" does not exist' <<<\"\$1\" && grep -q 'dropped earlier by .*0002_x.sql:2:1' <<<\"\$1\"" _ "$RES"
check "up --exact: says what it ran" grep -q '^pre-flight exact: 1 statement of dynamic SQL' <<<"$RES"
check "up --exact: nothing applied" test "$(psql -X -Atc "select to_regclass('fresh') is null" "$DB")" = t
printf 'CREATE TABLE wal (tenant_id uuid, at timestamptz) PARTITION BY HASH (tenant_id);\n' >"$T/desired.sql"
for i in 0 1 2 3; do
	printf 'CREATE TABLE wal_%d PARTITION OF wal FOR VALUES WITH (MODULUS 4, REMAINDER %d);\n' $i $i >>"$T/desired.sql"
done
sed -n '2,7p' "$R/0001_a.sql" >>"$T/desired.sql"
printf 'CREATE INDEX wal_0_at_idx ON wal_0 (tenant_id, at);\nCREATE TABLE extra (id int);\n' >>"$T/desired.sql"
expect_exit 0 "diff --exact" "$STRATA" diff --exact --dry-run --dir "$R" --to "$T/desired.sql"
RES=$OUT
check "diff --exact: only the new table, the partitions are known" bash -c "grep -q 'CREATE TABLE public.extra' <<<\"\$1\" && ! grep -q 'CREATE TABLE public.wal_' <<<\"\$1\"" _ "$RES"
expect_exit 0 "diff without --exact" "$STRATA" diff --dry-run --dir "$R" --to "$T/desired.sql"
check "diff without --exact: creates the partitions again (what --exact is for)" grep -q 'CREATE TABLE public.wal_0 PARTITION OF' <<<"$OUT"

finish
