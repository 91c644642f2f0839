#!/usr/bin/env bash
# test_tenant_safety.sh — what the tenant commands may touch, against a real PostgreSQL 15 (issue 15):
#   1. repro/tenant-drop-any-schema: `tenant drop` of a schema that is no tenant, and of the history schema,
#      is refused and drops nothing; the shared schema, strata's schema, a tenant holding an extension or
#      one a shared view depends on are not dropped either; a tenant only the source returns is dropped; a
#      poisoned ledger row naming the history schema is removed without touching the schema
#   2. repro/tenant-add-main-database (database mode): `tenant add` refuses the main database, postgres and
#      templates; a ledger row naming the main database (written by an older strata) is removed by
#      `tenant drop` without dropping the database; a database that is no tenant is not dropped
#   3. repro/status-tenants-never-migrated: `status --tenants` counts source tenants without a ledger row as
#      pending (never migrated) and exits 1; a query source returning NULL is an error
# The repro folders are copies of ../shared/repro, kept as written; each run.sh runs in a scratch copy.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
R=tests/integration/repro
dburl() { sed "s|/postgres?|/$1?|" <<<"$URL"; } # the URL of database $1 (plain names only)
sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
newdb() { sq "$URL" "CREATE DATABASE $1" >/dev/null && dburl "$1"; }

# ---- 1. schema mode
D1=$(newdb drop_any)
cp -r "$R/tenant-drop-any-schema" "$T/drop" && chmod -R u+w "$T/drop"
RUN=$(STRATA=$STRATA DATABASE_URL=$D1 bash "$T/drop/run.sh" 2>&1)
OUT=$RUN
_result 1 "repro tenant-drop-any-schema runs"
check "drop of a schema that is no tenant is refused" grep -q 'schema "billing" is not a tenant' <<<"$RUN"
check "drop of the history schema is refused" grep -q '"hist" is not a tenant: it is strata.s history schema' <<<"$RUN"
check "nothing printed as dropped" test "$(grep -c '^dropped tenant' <<<"$RUN")" = 0
check "billing and its row survive" test "$(sq "$D1" "SELECT count(*) FROM billing.invoices")" = 1
check "the history survives" test "$(sq "$D1" "SELECT count(*) FROM hist.history WHERE success")" = 2
check "status still sees both shared migrations" grep -q '2 applied, 0 pending' <<<"$RUN"
S() { (cd "$T/drop" && "$STRATA" "$@" --database-url "$D1" --history-schema hist); }
expect_exit 1 "drop billing again: exit 1" S tenant drop billing --yes
expect_exit 2 "drop of the shared schema: exit 2" S tenant drop public --yes
expect_exit 2 "drop of strata's schema: exit 2" S tenant drop strata --yes
check "public and strata survive" test "$(sq "$D1" "SELECT count(*) FROM pg_namespace WHERE nspname IN ('public', 'strata')")" = 2
expect_exit 1 "drop of a name that exists nowhere: exit 1" S tenant drop nosuch --yes
check "says it does not exist" grep -q 'tenant "nosuch" does not exist' <<<"$OUT"

expect_exit 2 "tenant add of the history schema is refused" S tenant add hist
check "naming why" grep -q '"hist" cannot be a tenant: it is strata.s history schema' <<<"$OUT"
sq "$D1" "CREATE SCHEMA ext_s; CREATE EXTENSION citext SCHEMA ext_s" >/dev/null
expect_exit 2 "tenant add of a schema holding an extension is refused" S tenant add ext_s
check "naming the extension" grep -q 'holds extension "citext"' <<<"$OUT"

check "tenant add ext_t" S tenant add ext_t
sq "$D1" "CREATE EXTENSION pg_trgm SCHEMA ext_t" >/dev/null
expect_exit 1 "drop of a tenant holding an extension is refused" S tenant drop ext_t --yes
check "naming the extension" grep -q 'tenant "ext_t" was not dropped: its schema holds extension "pg_trgm"' <<<"$OUT"
check "its schema and ledger row stay" test "$(sq "$D1" "SELECT count(*) FROM pg_namespace WHERE nspname = 'ext_t'")$(sq "$D1" "SELECT count(*) FROM strata.ledger WHERE target = 'ext_t'")" = 11

check "tenant add dep_t" S tenant add dep_t
sq "$D1" "CREATE VIEW public.all_authors AS SELECT name FROM dep_t.authors; CREATE TABLE public.fav (a bigint REFERENCES dep_t.authors)" >/dev/null
expect_exit 1 "drop of a tenant that shared objects depend on is refused" S tenant drop dep_t --yes
check "naming what CASCADE would drop" grep -q 'would also drop .* outside it: .*all_authors' <<<"$OUT"
check "the view and the table survive" test "$(sq "$D1" "SELECT count(*) FROM pg_class WHERE relname IN ('all_authors', 'fav') AND relnamespace = 'public'::regnamespace")" = 2
sq "$D1" "DROP VIEW public.all_authors; DROP TABLE public.fav" >/dev/null
expect_output 'dropped tenant "dep_t"' "once they are gone the tenant drops" S tenant drop dep_t --yes

sq "$D1" "CREATE SCHEMA src_1; CREATE TABLE src_1.x (id int)" >/dev/null
expect_exit 1 "a schema the source does not return is no tenant" S tenant drop src_1 --yes
expect_output 'dropped tenant "src_1"' "a tenant only the source returns is dropped" S tenant drop src_1 --yes --tenant-source 'pattern:src\_%'
check "its schema is gone" test "$(sq "$D1" "SELECT count(*) FROM pg_namespace WHERE nspname = 'src_1'")" = 0

sq "$D1" "INSERT INTO strata.ledger (target) VALUES ('hist')" >/dev/null # as an older strata allowed
expect_output 'removed "hist" from strata.ledger; the schema was left alone' "a ledger row naming the history schema is removed" S tenant drop hist --yes
check "the row is gone, the history is not" test "$(sq "$D1" "SELECT count(*) FROM strata.ledger WHERE target = 'hist'")$(sq "$D1" "SELECT count(*) FROM hist.history")" = 02
expect_output 'dropped tenant "acme"' "a real tenant still drops" S tenant drop acme --yes
check "acme gone, public intact" test "$(sq "$D1" "SELECT count(*) FROM pg_namespace WHERE nspname = 'acme'")$(sq "$D1" "SELECT count(*) FROM public.plans")" = 02

# ---- 2. database mode
D2=$(newdb main_db)
cp -r "$R/tenant-add-main-database" "$T/main" && chmod -R u+w "$T/main"
RUN=$(STRATA=$STRATA DATABASE_URL=$D2 bash "$T/main/run.sh" 2>&1)
OUT=$RUN
_result 1 "repro tenant-add-main-database runs"
check "tenant add of the main database is refused (exit 2)" grep -q 'tenant add main db rc=2' <<<"$RUN"
check "with the reason" grep -q '"main_db" cannot be a tenant: it is the server.s main database' <<<"$RUN"
check "tenant ls still works (exit 0)" grep -q 'ls rc=0' <<<"$RUN"
check "up --tenants still works (exit 0)" grep -q 'up rc=0' <<<"$RUN"
check "the main database is in no ledger row" test "$(sq "$D2" "SELECT count(*) FROM strata.ledger")" = 0
M() { (cd "$T/main" && "$STRATA" "$@" --database-url "$D2"); }
expect_exit 2 "tenant add postgres is refused" M tenant add postgres
expect_exit 2 "tenant add template1 is refused" M tenant add template1
sq "$URL" "CREATE DATABASE tmpl_x IS_TEMPLATE true" >/dev/null
expect_exit 2 "tenant add of a template database is refused" M tenant add tmpl_x
check "nothing was registered" test "$(sq "$D2" "SELECT count(*) FROM strata.ledger")" = 0
sq "$D2" "INSERT INTO strata.ledger (target) VALUES ('main_db')" >/dev/null # as an older strata allowed
expect_exit 2 "a poisoned ledger: up --tenants refuses" M up --tenants all
expect_output 'removed "main_db" from strata.ledger; the database was left alone' "tenant drop removes the row only" M tenant drop main_db --yes
check "the main database and its tables survive" test "$(sq "$D2" "SELECT count(*) FROM public.m")" = 0
expect_exit 0 "up --tenants works again" M up --tenants all
sq "$URL" "CREATE DATABASE other_app" >/dev/null
expect_exit 1 "a database that is no tenant is not dropped" M tenant drop other_app --yes
check "it survives" test "$(sq "$URL" "SELECT count(*) FROM pg_database WHERE datname = 'other_app'")" = 1
expect_exit 2 "postgres is not dropped" M tenant drop postgres --yes
expect_output 'dropped tenant "tdb_1"' "a real tenant database still drops" bash -c "cd '$T/main' && '$STRATA' tenant add tdb_1 --database-url '$D2' >/dev/null && '$STRATA' tenant drop tdb_1 --yes --database-url '$D2'"

# ---- 3. status --tenants with tenants the ledger does not know
D3=$(newdb never)
cp -r "$R/status-tenants-never-migrated" "$T/never" && chmod -R u+w "$T/never"
RUN=$(STRATA=$STRATA DATABASE_URL=$D3 bash "$T/never/run.sh" 2>&1)
OUT=$RUN
_result 1 "repro status-tenants-never-migrated runs"
check "status counts 50 pending, never migrated" grep -q 'pending   50 (50 never migrated)' <<<"$RUN"
check "and exits 1" grep -q 'status rc=1' <<<"$RUN"
N() { (cd "$T/never" && "$STRATA" "$@" --database-url "$D3"); }
check "json: 50 tenants, 50 pending, 50 never migrated" test "$(N status --tenants --json | jq -c '[.tenants, .pending, .never_migrated, .at_head]')" = '[50,50,50,0]'
check "up --tenants all migrates them" N up --tenants all --jobs 2
expect_exit 0 "then status exits 0" N status --tenants
sq "$D3" "CREATE SCHEMA t_51" >/dev/null
expect_exit 1 "a new source tenant makes it pending again" N status --tenants
check "counted once" grep -q 'pending   1 (1 never migrated)' <<<"$OUT"
sq "$D3" "CREATE TABLE public.tenants (name text); INSERT INTO public.tenants VALUES ('t_1'), (NULL)" >/dev/null
expect_exit 2 "a query source returning NULL is an error" N up --tenants all --tenant-source 'query:SELECT name FROM public.tenants'
check "that says so" grep -q 'the tenant source query returned NULL (row 2)' <<<"$OUT"
finish
