#!/usr/bin/env bash
# test_roles.sh — roles, owners and privilege checks against a real PostgreSQL 15:
#   1. a history that alters, as another role, a table it does not own: `check` reports PostgreSQL's error
#      (42501, "must be owner of table owned") at its file:line:col, and `up` fails at the same statement
#   2. DROP OWNED BY r CASCADE and REASSIGN OWNED, applied by `up`: `drift` finds the model (which dropped
#      what r owned, kept what was reassigned, and the policy's other role) equal to the database
#   3. CREATE in a schema the history made needs the CREATE privilege (GRANT ... ON SCHEMA)
#   4. `up` as a user that does not own a table it alters: the pre-flight (the server's roles and owners
#      read by introspection) refuses it before anything runs
#   5. what the model does not know is not an error: a role made outside the history (SET ROLE to it,
#      objects of unknown owner) and the public schema
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
dburl() { sed "s|/postgres?|/$1?|" <<<"$URL"; }
newdb() { sq "$URL" "CREATE DATABASE $1" >/dev/null && dburl "$1"; }

# ---- 1. an ownership refusal, offline and on the server
M=$T/m1
mkdir -p "$M"
cat >"$M/0001_roles.sql" <<'SQL'
CREATE ROLE rt_owner;
CREATE ROLE rt_user;
GRANT CREATE ON SCHEMA public TO rt_owner;
SET ROLE rt_owner;
CREATE TABLE owned (id int PRIMARY KEY);
RESET ROLE;
SQL
cat >"$M/0002_alter.sql" <<'SQL'
SET ROLE rt_user;
ALTER TABLE owned ADD COLUMN note text;
SQL
expect_exit 1 "check: altering a table one does not own" "$STRATA" check --dir "$M" --no-color
check "PostgreSQL's message at file:line:col" grep -q '0002_alter.sql:2:1: error: must be owner of table owned \[insufficient-privilege\]' <<<"$OUT"
D1=$(newdb own)
expect_exit 1 "up fails there too" "$STRATA" up --dir "$M" --database-url "$D1" --no-color
check "with the same refusal" grep -q 'must be owner of table owned' <<<"$OUT"
printf 'GRANT rt_owner TO rt_user;\n' >"$M/0002_alter.sql.new"
cat "$M/0002_alter.sql" >>"$M/0002_alter.sql.new"
mv "$M/0002_alter.sql.new" "$M/0002_alter.sql"
expect_exit 0 "check: a member of the owner's role may" "$STRATA" check --dir "$M" --no-color
sq "$URL" "DROP DATABASE own" >/dev/null
sq "$URL" "DROP ROLE rt_owner" >/dev/null 2>&1
sq "$URL" "DROP ROLE rt_user" >/dev/null 2>&1

# ---- 2. DROP OWNED / REASSIGN OWNED: model == database after up
M=$T/m2
mkdir -p "$M"
cat >"$M/0001_setup.sql" <<'SQL'
CREATE ROLE rt_a;
CREATE ROLE rt_b;
CREATE ROLE rt_c;
GRANT CREATE ON SCHEMA public TO PUBLIC;
CREATE TABLE shared_t (id int PRIMARY KEY, v int);
CREATE POLICY only_a ON shared_t TO rt_a USING (v > 0);
CREATE POLICY a_and_c ON shared_t TO rt_a, rt_c USING (v > 1);
SET ROLE rt_a;
CREATE TABLE a_t (id int PRIMARY KEY);
CREATE SEQUENCE a_seq;
RESET ROLE;
CREATE VIEW over_a AS SELECT id FROM a_t;
SET ROLE rt_b;
CREATE TABLE b_t (id serial PRIMARY KEY);
RESET ROLE;
SQL
cat >"$M/0002_drop_owned.sql" <<'SQL'
DROP OWNED BY rt_a CASCADE;
REASSIGN OWNED BY rt_b TO rt_c;
CREATE TABLE a_t (again int);
SET ROLE rt_c;
ALTER TABLE b_t ADD COLUMN note text;
RESET ROLE;
SQL
expect_exit 0 "check: DROP OWNED frees a_t's name, rt_c owns b_t" "$STRATA" check --dir "$M" --no-color
D2=$(newdb owned)
check "up applies it" "$STRATA" up --dir "$M" --database-url "$D2" --no-color
expect_output "0 differences" "drift: the model is the database" "$STRATA" drift --dir "$M" --database-url "$D2" --no-color
check "the server agrees: one policy left" test "$(sq "$D2" "SELECT string_agg(policyname || ':' || array_to_string(roles, ','), ' ') FROM pg_policies")" = "a_and_c:rt_c"
cat >"$M/0003_restrict.sql" <<'SQL'
SET ROLE rt_c;
CREATE TABLE c_t (id int PRIMARY KEY);
RESET ROLE;
CREATE VIEW over_c AS SELECT id FROM c_t;
DROP OWNED BY rt_c;
SQL
expect_exit 1 "check: DROP OWNED without CASCADE when others depend" "$STRATA" check --dir "$M" --no-color
check "at its line" grep -q '0003_restrict.sql:5:1: error: ' <<<"$OUT"

# ---- 3. the CREATE privilege on a schema the history made
M=$T/m4
mkdir -p "$M"
cat >"$M/0001_schema.sql" <<'SQL'
CREATE ROLE rt_app;
CREATE SCHEMA app;
GRANT USAGE ON SCHEMA app TO rt_app;
SET ROLE rt_app;
CREATE TABLE app.things (id int);
RESET ROLE;
SQL
expect_exit 1 "check: creating in a schema with USAGE only" "$STRATA" check --dir "$M" --no-color
check "PostgreSQL's refusal at its line" grep -q '0001_schema.sql:5:1: error: permission denied for schema app \[insufficient-privilege\]' <<<"$OUT"
D4=$(newdb acl)
expect_exit 1 "up fails there too" "$STRATA" up --dir "$M" --database-url "$D4" --no-color
check "with the same refusal" grep -q 'permission denied for schema app' <<<"$OUT"
sed -i 's/^GRANT USAGE ON SCHEMA app TO rt_app;/GRANT USAGE, CREATE ON SCHEMA app TO rt_app;/' "$M/0001_schema.sql"
expect_exit 0 "check: with CREATE granted" "$STRATA" check --dir "$M" --no-color
check "up agrees" "$STRATA" up --dir "$M" --database-url "$D4" --no-color

# ---- 4. the pre-flight of `up` knows the server's roles and owners: a deploy user that does not own the
# table is refused before anything runs; once it is a member of the owner's role, the same run passes
D5=$(newdb deploy)
sq "$URL" "CREATE ROLE rt_deploy LOGIN; CREATE ROLE rt_tables" >/dev/null
sq "$D5" "GRANT CREATE ON DATABASE deploy TO rt_deploy; GRANT CREATE ON SCHEMA public TO rt_deploy; CREATE TABLE legacy (id int); ALTER TABLE legacy OWNER TO rt_tables" >/dev/null
M=$T/m5
mkdir -p "$M"
printf 'CREATE TABLE fresh (id int);\n' >"$M/0001_fresh.sql"
printf 'ALTER TABLE legacy ADD COLUMN note text;\n' >"$M/0002_legacy.sql"
DEPLOY=$(sed 's|//postgres@|//rt_deploy@|' <<<"$D5")
expect_exit 1 "up as a user that does not own the table: refused by the pre-flight" "$STRATA" up --dir "$M" --database-url "$DEPLOY" --no-color
check "PostgreSQL's refusal at file:line:col" grep -q '0002_legacy.sql:1:1: error: must be owner of table legacy' <<<"$OUT"
check "nothing applied" test "$(sq "$D5" "SELECT count(*) FROM pg_tables WHERE tablename = 'fresh'")" = 0
sq "$URL" "GRANT rt_tables TO rt_deploy" >/dev/null
check "a member of the owner's role: up applies both" "$STRATA" up --dir "$M" --database-url "$DEPLOY" --no-color
check "the column is there" test "$(sq "$D5" "SELECT count(*) FROM information_schema.columns WHERE table_name = 'legacy' AND column_name = 'note'")" = 1

# ---- 5. roles the model does not know
M=$T/m3
mkdir -p "$M"
sq "$URL" "CREATE ROLE rt_outside" >/dev/null
cat >"$M/0001_outside.sql" <<'SQL'
CREATE TABLE t (id int);
SET ROLE rt_outside;
CREATE TABLE mine (id int);
RESET ROLE;
ALTER TABLE mine OWNER TO rt_outside;
SQL
expect_exit 0 "check: a role made outside the history is not refused" "$STRATA" check --dir "$M" --no-color

# ---- 6. a migration that leaves a role set: strata's own bookkeeping still runs as the connection's role
D6=$(newdb roles6)
M=$T/m6
mkdir -p "$M"
cat >"$M/0001_as_app.sql" <<'SQL'
CREATE ROLE rt_writer;
CREATE SCHEMA app;
GRANT USAGE, CREATE ON SCHEMA app TO rt_writer;
SET ROLE rt_writer;
CREATE TABLE app.t (id int);
SQL
printf 'CREATE TABLE app.u (id int);\n' >"$M/0002_still_app.sql"
printf -- '-- strata:no-transaction\nCREATE INDEX CONCURRENTLY u_id ON app.u (id);\n' >"$M/0003_index.sql"
check "up: the history is written although the migration left SET ROLE rt_writer" "$STRATA" up --dir "$M" --database-url "$D6" --no-color
check "... every migration recorded" test "$(sq "$D6" "SELECT count(*) FROM strata.history WHERE success")" = 3
check "... the role held for the next migration, as in one psql session" test "$(sq "$D6" "SELECT tableowner FROM pg_tables WHERE tablename = 'u'")" = rt_writer
check "... and for the statement outside a transaction" test "$(sq "$D6" "SELECT count(*) FROM pg_indexes WHERE indexname = 'u_id'")" = 1

# ---- 7. the same in a tenant rollout: strata's writes as the connection's role, and no role carried over
#         from one tenant to the next on a reused connection
D7=$(newdb roles7)
TP=$T/tp7
mkdir -p "$TP/shared" "$TP/tenant"
printf 'CREATE ROLE rt_tn;\n' >"$TP/shared/0001_role.sql"
printf 'CREATE TABLE base (id int);\nSET ROLE rt_tn;\nSELECT 1;\n' >"$TP/tenant/0001_base.sql"
printf '[migrations]\nshared = shared\ntenant = tenant\n[tenants]\nmode = schema\nsource = pattern:rt\\_t%%\n' >"$TP/strata.conf"
TPC() { (cd "$TP" && "$STRATA" "$@" --database-url "$D7" --no-color); }
check "tenant add: three tenants, on one connection, each migration ending as rt_tn" TPC tenant add rt_t1 rt_t2 rt_t3 --jobs 1
check "... all three migrated and recorded" test "$(sq "$D7" "SELECT count(*) FROM pg_tables WHERE tablename = 'base' AND schemaname LIKE 'rt_t%'")" = 3
expect_output 'at head   3' "... status agrees" TPC status --tenants
finish
