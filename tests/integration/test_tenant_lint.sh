#!/usr/bin/env bash
# test_tenant_lint.sh — every lint rule runs on tenant migrations as on shared ones (no server): the same
# files give the same findings whether they are the tenant folder of a project or a plain folder; inline
# disables and [lint] severities apply to them; the whole-catalog rules report each finding once; the
# summary line names both scopes; `--tenant-mode shared` on the command line is the config key.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"
P=$T/p
mkdir -p "$P/shared" "$P/tenant" "$P/flat"
printf 'CREATE TABLE plans (id text PRIMARY KEY);\n' >"$P/shared/0001_plans.sql"
printf 'CREATE TABLE books (id int PRIMARY KEY, title text, plan text);\nCREATE TABLE notes (id int PRIMARY KEY, book_id int REFERENCES books);\n' \
	>"$P/tenant/0001_books.sql"
printf 'ALTER TABLE books ADD COLUMN isbn text NOT NULL;\nALTER TABLE books ALTER COLUMN title TYPE varchar(20);\nCREATE INDEX books_plan ON books (plan);\n' \
	>"$P/tenant/0002_lint.sql"
printf '[migrations]\nshared = shared\ntenant = tenant\n[tenants]\nsearch_path = $tenant, public\n' >"$P/strata.conf"
C() { (cd "$P" && "$STRATA" check "$@"); }
rules() { grep -o '^[^ ]*: \(warning\|error\):.*\[[a-z-]*\]$' <<<"$1" | sed -E 's/^[^ ]*\/([^/ ]*): (warning|error): .*\[([a-z-]*)\]$/\3 \1/' | sort; }

expect_exit 0 "a tenant project with lint findings (warnings only)" C
TEN=$OUT
check "not-null-without-default on a tenant migration" grep -q 'tenant/0002_lint.sql:1:30: warning: adding NOT NULL column "isbn" without a default to existing table "books"' <<<"$TEN"
check "type-change-rewrite on a tenant migration" grep -q 'tenant/0002_lint.sql:2:1: warning: changing column "title" of "books" from text to character varying(20) rewrites the table' <<<"$TEN"
check "index-not-concurrent on a tenant migration" grep -q 'tenant/0002_lint.sql:3:1: .*\[index-not-concurrent\]' <<<"$TEN"
check "fk-without-index on a tenant table, once" test "$(grep -c 'fk-without-index' <<<"$TEN")" = 1
check "tenant objects are named as the tenant sees them (no template schema)" bash -c '! grep -q "\$tenant\"*\.books" <<<"$1"' _ "$(grep -v 'tenant-references-shared\|= detail' <<<"$TEN")"
check "the summary names both scopes" grep -q '^shared: 1 shared migration, tenant: 2 tenant migrations, 6 statements: 0 errors, 4 warnings$' <<<"$TEN"
J=$(C --json 2>/dev/null)
check "json counts both scopes" test "$(jq -c '[.migrations, .tenant_migrations, .tenant_dir]' <<<"$J")" = '[1,2,"tenant"]'

# the same files as a plain folder give the same lint findings
cp "$P/shared/0001_plans.sql" "$P/flat/0000_plans.sql"
cp "$P/tenant/"*.sql "$P/flat/"
expect_exit 0 "the same files checked as a plain folder" bash -c "cd '$T' && '$STRATA' check --dir '$P/flat'"
FLAT=$OUT
check "... give the same lint findings" test "$(rules "$FLAT")" = "$(rules "$(grep -v tenant-references-shared <<<"$TEN")")"

# inline disables and [lint] severities apply to tenant files
printf -- '-- strata:disable not-null-without-default\nALTER TABLE books ADD COLUMN isbn text NOT NULL;\nALTER TABLE books ALTER COLUMN title TYPE varchar(20);\nCREATE INDEX books_plan ON books (plan);\n' \
	>"$P/tenant/0002_lint.sql"
expect_exit 0 "an inline disable in a tenant migration" C
check "... silences that rule there" bash -c '! grep -q not-null-without-default <<<"$1"' _ "$OUT"
printf '[lint]\ntype-change-rewrite = error\n' >>"$P/strata.conf"
expect_exit 1 "[lint] severity error on a tenant migration's finding fails the check" C
check "... as an error" grep -q 'error: changing column "title" of "books"' <<<"$OUT"
printf -- '-- strata:disable fk-without-index\n\nCREATE TABLE books (id int PRIMARY KEY, title text, plan text);\nCREATE TABLE notes (id int PRIMARY KEY, book_id int REFERENCES books);\n' \
	>"$P/tenant/0001_books.sql"
expect_exit 1 "a whole-file disable of a whole-catalog rule in a tenant file" C
check "... silences it" bash -c '! grep -q fk-without-index <<<"$1"' _ "$OUT"

# --tenant-mode shared on the command line is the config key: tenancy rules on, no tenant scope
S=$T/s
mkdir -p "$S/m"
printf 'CREATE TABLE invoices (id int PRIMARY KEY, amount numeric);\n' >"$S/m/0001_invoices.sql"
printf '[migrations]\ndir = m\n' >"$S/strata.conf"
expect_exit 0 "--tenant-mode shared" bash -c "cd '$S' && '$STRATA' check --tenant-mode shared"
FLAG=$(grep -o '\[tenant-[a-z]*\]' <<<"$OUT" | sort | tr '\n' ' ')
check "... turns the tenancy rules on" grep -q 'tenant-global' <<<"$FLAG"
printf '[migrations]\ndir = m\n[tenants]\nmode = shared\n' >"$S/strata.conf"
expect_exit 0 "[tenants] mode = shared" bash -c "cd '$S' && '$STRATA' check"
check "... gives exactly the same findings as the flag" test "$(grep -o '\[tenant-[a-z]*\]' <<<"$OUT" | sort | tr '\n' ' ')" = "$FLAG"
printf '[migrations]\ndir = m\n[tenants]\nmode = shared\n' >"$S/strata.conf"
expect_exit 0 "--tenant-mode schema overrides the key" bash -c "cd '$S' && '$STRATA' check --tenant-mode schema"
check "... and the tenancy rules are off" bash -c '! grep -q "\[tenant-" <<<"$1"' _ "$OUT"

# a whole-catalog finding on a shared file is the shared linter's: reported once, not again by the tenant one
F=$T/f
mkdir -p "$F/shared" "$F/tenant"
printf 'CREATE TABLE plans (id text PRIMARY KEY);\nCREATE TABLE orgs (id int PRIMARY KEY, plan text REFERENCES plans);\n' >"$F/shared/0001_plans.sql"
printf 'CREATE TABLE books (id int PRIMARY KEY, title text);\n' >"$F/tenant/0001_books.sql"
printf '[migrations]\nshared = shared\ntenant = tenant\n[tenants]\nsearch_path = $tenant, public\n' >"$F/strata.conf"
expect_exit 0 "a shared foreign key without an index in a tenant project" bash -c "cd '$F' && '$STRATA' check"
check "... is reported once" test "$(grep -c 'shared/0001_plans.sql:2:.*\[fk-without-index\]' <<<"$OUT")" = 1
finish
