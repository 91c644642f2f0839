#!/usr/bin/env bash
# test_tenants_check.sh — the offline scope rules of `strata check` in a multi-tenant project (no server):
# shared migrations replayed into the shared schema, tenant migrations into a template tenant schema under
# the tenant search_path; tenant-references-shared, unresolved names (with the search_path hint),
# shared-references-tenant, tenant-hardcoded-schema; the example project is clean of errors.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"
P=$T/p
mkdir -p "$P/shared" "$P/tenant"
printf 'CREATE TABLE plans (id text PRIMARY KEY);\n' >"$P/shared/0001_plans.sql"
printf 'CREATE TABLE books (id int PRIMARY KEY, plan text REFERENCES plans);\n' >"$P/tenant/0001_books.sql"
printf '[migrations]\nshared = shared\ntenant = tenant\n[tenants]\nsearch_path = $tenant, public\n' >"$P/strata.conf"
C() { (cd "$P" && "$STRATA" check "$@"); }

expect_output 'warning: tenant constraint "books_plan_fkey" references shared table "public.plans" \[tenant-references-shared\]' \
	"a tenant FK to a shared table is tenant-references-shared" C
check "its detail names both objects" grep -q 'constraint "\$tenant".books.books_plan_fkey (in every tenant) → table public.plans (created once at shared/0001_plans.sql:1)' <<<"$OUT"
expect_exit 1 "warnings fail with --strict" C --strict
expect_exit 1 "without the shared schema on the tenant search_path the name does not resolve" C --search-path '$tenant'
R=$OUT
check "error in tenant scope at file:line:col" grep -q 'tenant/0001_books.sql:1:62: error: in tenant scope: relation "plans" does not exist' <<<"$R"
check "the hint says the shared schema is not on the search_path" grep -q 'hint: table "public.plans" exists in the shared schema "public", but the tenant search_path ("\$tenant") does not include it' <<<"$R"

printf 'CREATE VIEW book_count AS SELECT count(*) FROM books;\n' >"$P/shared/0002_view.sql"
expect_exit 1 "a shared view on a tenant table is an error" C
check "shared-references-tenant with the tenant migration that creates it" grep -q 'shared/0002_view.sql:1:48: error: shared migration references "books", which only tenant migrations create \[shared-references-tenant\]' <<<"$OUT"
rm "$P/shared/0002_view.sql"

printf 'CREATE TABLE public.audit (id int);\n' >"$P/tenant/0002_audit.sql"
expect_output 'tenant/0002_audit.sql:1:14: warning: tenant migration creates table "public.audit" in the fixed schema "public" \[tenant-hardcoded-schema\]' \
	"a tenant migration that hard-codes a schema" C
printf 'CREATE SCHEMA IF NOT EXISTS reports;\nCREATE TABLE reports.totals (book int REFERENCES books);\n' >"$P/tenant/0002_audit.sql"
expect_output 'creates table "reports.totals" in the fixed schema "reports"' "... any fixed schema" C

expect_exit 0 "the multitenant example has no errors" bash -c "cd examples/multitenant && '$STRATA' check"
check "and warns about settings → public.plans" grep -q 'tenant-references-shared' <<<"$OUT"
finish
