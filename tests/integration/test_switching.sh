#!/usr/bin/env bash
# test_switching.sh — the dead ends a team met while switching to strata, against a private PG15 cluster:
#   repair --forget-missing after consolidating fix migrations (status no longer exits 1 forever);
#   up --sql --from V (the script a DBA applies to a database at V);
#   squash and baseline honour --prereq (the squashed baseline does not re-create what the prereq makes);
#   squash --dir <tenant folder> sees the shared tables and writes tenant objects unqualified;
#   check --suggest-order proposes the first free version after the last migration;
#   compare messages name FK actions, not catalog codes;
#   a destructive diff suggests --rename for a column that goes and one that comes with the same type.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
db() { sq "$URL" "CREATE DATABASE $1" >/dev/null; echo "${URL/\/postgres\?//$1?}"; }

# ---- repair --forget-missing
M=$T/m
mkdir -p "$M"
printf 'CREATE TABLE a (id int);\n' >"$M/0001_a.sql"
printf 'ALTER TABLE a ADD COLUMN b int;\n' >"$M/0002_fix1.sql"
printf 'ALTER TABLE a ADD COLUMN c int;\n' >"$M/0003_fix2.sql"
U1=$(db repair)
check "up" "$STRATA" up --dir "$M" --database-url "$U1"
mkdir -p "$T/old" && mv "$M/0002_fix1.sql" "$M/0003_fix2.sql" "$T/old/"
printf 'ALTER TABLE a ADD COLUMN IF NOT EXISTS b int, ADD COLUMN IF NOT EXISTS c int;\n' >"$M/0004_fixes.sql"
check "... the consolidated fix applies" "$STRATA" up --dir "$M" --database-url "$U1"
expect_exit 1 "status exits 1: two applied migrations lost their files" "$STRATA" status --dir "$M" --database-url "$U1"
expect_exit 1 "repair --forget-missing refuses a version whose file exists" "$STRATA" repair --forget-missing 0001 --dir "$M" --database-url "$U1"
check "... saying so" grep -q 'migration "0001" has its file' <<<"$OUT"
expect_exit 1 "... and an unknown version" "$STRATA" repair --forget-missing 0099 --dir "$M" --database-url "$U1"
expect_output 'would forget history row of 0002_fix1' "--dry-run lists them" "$STRATA" repair --forget-missing 0002 0003 --dry-run --dir "$M" --database-url "$U1"
expect_exit 1 "... and changes nothing" "$STRATA" status --dir "$M" --database-url "$U1"
expect_output 'forgot history row of 0003_fix2' "repair --forget-missing 0002 0003" "$STRATA" repair --forget-missing 0002 0003 --dir "$M" --database-url "$U1"
expect_exit 0 "status is clean again" "$STRATA" status --dir "$M" --database-url "$U1"
expect_exit 2 "--forget-missing needs versions" "$STRATA" repair --forget-missing --dir "$M" --database-url "$U1"

# ---- up --sql --from V
expect_output '^-- the migrations after 0001, for a database at 0001' "up --sql --from 0001" "$STRATA" up --sql --from 0001 --dir "$M"
check "... only what comes after" bash -c '! grep -q "0001_a" <<<"$1" && grep -q "0004_fixes" <<<"$1"' _ "$OUT"
U2=$(db dba)
printf 'CREATE TABLE a (id int);\n' | psql -qX "$U2"
check "a database at 0001 (recorded by a baseline)" "$STRATA" baseline --version 0001 --dir "$M" --database-url "$U2"
"$STRATA" up --sql --from 0001 --dir "$M" >"$T/dba.sql"
check "the DBA's script applies with psql" psql -qX -v ON_ERROR_STOP=1 -f "$T/dba.sql" "$U2"
expect_output 'up to date at version 0004' "... and strata sees the database at head" "$STRATA" up --dir "$M" --database-url "$U2"
expect_exit 2 "--from without --sql" "$STRATA" up --from 0001 --dir "$M" --database-url "$U2"
expect_exit 1 "--from an unknown version" "$STRATA" up --sql --from 0042 --dir "$M"

# ---- --prereq: squash and baseline
S=$T/supa
mkdir -p "$S/m"
cat >"$S/prereq.sql" <<-'SQL'
	CREATE SCHEMA auth;
	CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT NULL::uuid $$;
SQL
printf 'CREATE TABLE notes (id int PRIMARY KEY, owner uuid DEFAULT auth.uid());\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\nCREATE POLICY own ON notes USING (owner = auth.uid());\n' >"$S/m/0001_notes.sql"
printf 'CREATE TABLE tags (id int);\n' >"$S/m/0002_tags.sql"
printf 'CREATE TABLE more (id int);\n' >"$S/m/0003_more.sql"
expect_output 'verified' "squash --prereq: the baseline is proven" "$STRATA" squash --dir "$S/m" --to 0002 --prereq "$S/prereq.sql" --dry-run
check "... and does not re-create what the prereq makes" bash -c '! grep -q "auth.uid() RETURNS\|CREATE SCHEMA auth" <<<"$1"' _ "$OUT"
U3=$(db supa)
psql -qX -v ON_ERROR_STOP=1 -f "$S/prereq.sql" "$U3"
cat "$S/m/0001_notes.sql" "$S/m/0002_tags.sql" | psql -qX -v ON_ERROR_STOP=1 "$U3"
expect_output 'verified: the database has everything they create' "baseline --prereq on a database the platform set up" \
	"$STRATA" baseline --version 0002 --prereq "$S/prereq.sql" --dir "$S/m" --database-url "$U3"
check "... no replay warning with the prereq" bash -c '! grep -q "modelled incompletely" <<<"$1"' _ "$OUT"

# ---- squash --dir <tenant folder> in a tenant project
P=$T/proj
make_project "$P" 4
printf 'CREATE TABLE plans_plan (id int PRIMARY KEY);\n' >"$P/migrations/shared/0002_plans_plan.sql"
printf 'CREATE TABLE subs (id int, plan int REFERENCES plans_plan);\n' >"$P/migrations/tenant/0005_subs.sql"
printf 'CREATE TABLE late (id int);\n' >"$P/migrations/tenant/0006_late.sql"
expect_output 'verified' "squash of the tenant folder sees the shared tables" bash -c "cd '$P' && '$STRATA' squash --dir '$P/migrations/tenant' --to 0005 --dry-run"
SQ=$OUT
check "... tenant objects unqualified, shared ones qualified" bash -c 'grep -q "^CREATE TABLE subs" <<<"$1" && grep -q "REFERENCES public.plans_plan" <<<"$1"' _ "$SQ"
check "... the shared tables are not in it" bash -c '! grep -q "CREATE TABLE public.plans" <<<"$1"' _ "$SQ"
check "... one SET check_function_bodies, not two" test "$(grep -c '^SET check_function_bodies = false;' <<<"$SQ")" = 1

# ---- check --suggest-order: no version between → after the last migration
O=$T/order
mkdir -p "$O"
printf 'CREATE TABLE b (a_id int REFERENCES a (id));\n' >"$O/001_b.sql"
printf 'CREATE TABLE a (id int PRIMARY KEY);\n' >"$O/002_a.sql"
printf 'CREATE TABLE c (id int);\n' >"$O/003_c.sql"
expect_exit 1 "check --suggest-order on a history with no room" "$STRATA" check --dir "$O" --suggest-order
check "... the first free version after the last migration" grep -q "git mv $O/001_b.sql $O/004_b.sql" <<<"$OUT"
check "... no 'renumber by hand'" bash -c '! grep -q "renumber" <<<"$1"' _ "$OUT"

# ---- compare messages in words: a changed FK action
F=$T/fk
mkdir -p "$F"
printf 'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p ON DELETE CASCADE);\n' >"$F/0001_init.sql"
U4=$(db fk)
printf 'CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (p_id int REFERENCES p);\n' | psql -qX "$U4"
expect_exit 1 "baseline refuses a database whose foreign key has another ON DELETE" "$STRATA" baseline --version 0001 --dir "$F" --database-url "$U4"
check "... in words" grep -q 'on delete differs: the migrations "CASCADE", the database "NO ACTION"' <<<"$OUT"

# ---- a destructive diff suggests --rename
R=$T/rn
mkdir -p "$R/m"
printf 'CREATE TABLE users (id int PRIMARY KEY, fullname text);\n' >"$R/m/0001_users.sql"
printf 'CREATE TABLE users (id int PRIMARY KEY, display_name text);\n' >"$R/want.sql"
expect_exit 1 "diff refuses to drop the column" "$STRATA" diff --dir "$R/m" --to "$R/want.sql" --dry-run
check "... and names the rename that keeps the data" grep -q -- '--rename users.fullname=display_name' <<<"$OUT"
expect_output 'RENAME COLUMN fullname TO display_name' "... which works" "$STRATA" diff --dir "$R/m" --to "$R/want.sql" --dry-run --rename users.fullname=display_name
finish
