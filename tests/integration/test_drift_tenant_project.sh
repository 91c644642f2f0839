#!/usr/bin/env bash
# test_drift_tenant_project.sh — `strata drift` in a multi-tenant project, against a private PG15 cluster:
# without --tenants it compares the shared scope only (tenant schemas of the source, of the ledger, or
# holding a tenant history are left out, with a note pointing to --tenants), so a clean fleet has no drift
# and a real shared drift is the only one reported; --fix never touches a tenant schema. In database mode,
# `drift --tenants` compares each tenant database with the tenant migrations.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
P=$T/proj
make_project "$P" 3
S() { (cd "$P" && "$STRATA" "$@" --database-url "$URL"); }
check "shared migrations" S up
for i in 1 2 3; do echo "CREATE SCHEMA t_$i;"; done | psql -q "$URL"
check "three tenants" S up --tenants all
sq "$URL" "CREATE SCHEMA legacy_x; CREATE TABLE legacy_x.strata_history (version text); CREATE TABLE legacy_x.t (id int)" >/dev/null

expect_exit 0 "drift: the shared scope of a clean fleet has no drift" S drift
C=$OUT
check "... no tenant object reported" bash -c '! grep -q "t_[0-9]\|legacy_x" <<<"$1"' _ "$(grep -v 'tenant-scope' <<<"$C")"
check "... the note points to --tenants" grep -q 'info: 4 tenant schemas left out: this compares the shared scope; `strata drift --tenants` compares the tenants' <<<"$C"
check "... the summary" grep -q '^1 target, 0 differences' <<<"$C"
sq "$URL" "ALTER TABLE public.plans ADD COLUMN price int" >/dev/null
expect_exit 1 "a shared drift is reported" S drift
C=$OUT
check "... and only it" test "$(grep -c 'error:' <<<"$C")" = 1
check "... the column" grep -q 'column "public.plans.price" is only in the database' <<<"$C"
expect_output 'ALTER TABLE public.plans DROP IF EXISTS price' "drift --fix restores the shared scope" S drift --fix --dry-run --allow-destructive
check "... and never drops a tenant schema" bash -c '! grep -qi "drop schema\|t_1\|legacy_x" <<<"$1"' _ "$(sed -n '/^-- up/,/^-- down/p' <<<"$OUT")"
sq "$URL" "ALTER TABLE public.plans DROP COLUMN price" >/dev/null
expect_output '3 tenants, 0 differences' "drift --tenants still compares the tenants" S drift --tenants all

# ---- database mode: drift --tenants over tenant databases
D=$T/dbproj
mkdir -p "$D/tenant"
printf 'CREATE TABLE t1 (id int PRIMARY KEY);\n' >"$D/tenant/0001_t1.sql"
printf 'CREATE TABLE t2 (id int PRIMARY KEY, t1_id int REFERENCES t1);\n' >"$D/tenant/0002_t2.sql"
printf '[migrations]\ntenant = %s/tenant\n[tenants]\nmode = database\nsource = pattern:tdb\\_%%\n' "$D" >"$D/strata.conf"
DS() { (cd "$D" && "$STRATA" "$@" --database-url "$URL"); }
for i in 1 2 3; do sq "$URL" "CREATE DATABASE tdb_$i" >/dev/null; done
check "database mode: three tenant databases" DS up --tenants all
expect_output '3 tenants, 0 differences' "drift --tenants in database mode: clean" DS drift --tenants all
sq "${URL/\/postgres\?//tdb_2?}" "CREATE INDEX t2_x ON t2 (t1_id)" >/dev/null
expect_exit 1 "... one tenant database drifted" DS drift --tenants all
check "... named" grep -q 'tdb_2: index "public.t2_x" is only in the database' <<<"$OUT"
finish
