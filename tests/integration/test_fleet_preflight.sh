#!/usr/bin/env bash
# test_fleet_preflight.sh — the tenant pre-flight of `up --tenants`, `--dry-run` and `tenant add`, on two
# PostgreSQL 15 servers:
#   1. the seed case: a tenant migration's foreign key names a shared table that is missing on one of the
#      two servers; `up --tenants all --dry-run` refuses those tenants (exit 1, statement, file:line:col,
#      the drift behind it) and nothing is applied anywhere; the real run refuses exactly the same tenants
#      and, with --on-error stop (or a threshold it exceeds), applies nothing either (shared migrations
#      included); without --on-error the others migrate and the refusals are recorded in the ledger;
#   2. tenants grouped by shape: 40 identical tenants are one check; a drifted one is its own;
#   3. a schema that already holds its tables and no ledger row: refused with the baseline hint;
#      --preflight=warn lets the refusal through, loudly, and PostgreSQL's own failure rolls it back;
#   4. tenant add onto a schema holding a conflicting table: refused before anything is created;
#   5. a fleet at head: nothing pending, nothing checked;
#   6. --exact: dynamic SQL in a pending tenant migration runs on a throwaway server, so what depends on it
#      is refused before anything is applied (without --exact the model can only warn).
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg1" >/dev/null || exit 2
U1=$PGH_URL
pgh_start "$T/pg2" >/dev/null || exit 2
U2=$PGH_URL
P=$T/proj
mkdir -p "$P/shared" "$P/tenant"
printf 'CREATE TABLE plans (id text PRIMARY KEY);\n' >"$P/shared/0001_plans.sql"
printf 'CREATE TABLE atoms_atom (id int PRIMARY KEY);\n' >"$P/shared/0002_atoms.sql"
printf 'CREATE TABLE books (id int PRIMARY KEY, plan text REFERENCES plans);\n' >"$P/tenant/0001_books.sql"
cat >"$P/strata.conf" <<-CONF
	[migrations]
	shared = shared
	tenant = tenant
	[tenants]
	mode = schema
	search_path = \$tenant, public
	source = pattern:t\\_%
	[fleet]
	servers = $U1
	servers = $U2
CONF
S() { (cd "$P" && "$STRATA" "$@"); }
for u in "$U1" "$U2"; do
	for i in 1 2 3; do echo "CREATE SCHEMA t_$i$([ "$u" = "$U2" ] && echo b);"; done | psql -q "$u"
done
check "shared migrations and the first tenant migration on both servers" S up --tenants all
check "... 6 tenants at 0001" test "$(sq "$U1" "SELECT count(*) FROM strata.ledger WHERE version = '0001'")$(sq "$U2" "SELECT count(*) FROM strata.ledger WHERE version = '0001'")" = 33

# ---- 1. the seed case: atoms_atom is missing on server 2 (dropped after its migration ran)
sq "$U2" "DROP TABLE public.atoms_atom" >/dev/null
printf 'CREATE TABLE molecules (id int PRIMARY KEY,\n    atom int REFERENCES atoms_atom);\n' >"$P/tenant/0002_molecules.sql"
printf 'CREATE TABLE colours (id int);\n' >"$P/shared/0003_colours.sql"
snapshot() { for u in "$U1" "$U2"; do sq "$u" "SELECT string_agg(target || '=' || coalesce(version, '') || '/' || status, ',' ORDER BY target) FROM strata.ledger"; sq "$u" "SELECT count(*) FROM pg_class WHERE relname IN ('molecules', 'colours')"; sq "$u" "SELECT count(*) FROM strata.history"; done; }
BEFORE=$(snapshot)
expect_exit 1 "up --tenants all --dry-run refuses (exit 1)" S up --tenants all --dry-run
DRY=$OUT
check "the three tenants of server 2 are refused, grouped" grep -q 'tenant/0002_molecules.sql:2:25: error: 3 tenants: relation "atoms_atom" does not exist in the database \[undefined-relation\]' <<<"$DRY"
check "... named" grep -q 'tenants: t_1b, t_2b, t_3b' <<<"$DRY"
check "... with the drift behind it" grep -q 'history says 0002_atoms created "atoms_atom" but it is not in the database' <<<"$DRY"
check "... and the statement" grep -q 'atom int REFERENCES atoms_atom' <<<"$DRY"
check "server 1's tenants are not refused" bash -c '! grep -q "t_1[^b]\|t_1,\|t_1$" <<<"$1"' _ "$(grep 'tenants:' <<<"$DRY" | grep -v '^tenants:')"
check "the summary counts them" grep -q '6 to migrate, 3 refused by the pre-flight (dry run)' <<<"$DRY"
check "nothing applied anywhere" test "$(snapshot)" = "$BEFORE"
expect_exit 1 "the real run with --on-error stop refuses the same" S up --tenants all --on-error stop
REAL=$OUT
check "... the same refusal" grep -q 'tenant/0002_molecules.sql:2:25: error: 3 tenants: relation "atoms_atom" does not exist in the database' <<<"$REAL"
check "... and stops before anything runs" grep -q 'stopped: the pre-flight refused 3 tenants (--on-error stop); nothing was applied' <<<"$REAL"
check "nothing applied anywhere, shared migrations included" test "$(snapshot | sed 's#/failed#/ok#g')" = "$BEFORE"
check "the refusals are in the ledger" test "$(sq "$U2" "SELECT count(*) FROM strata.ledger WHERE status = 'failed' AND error LIKE 'refused by the pre-flight: %0002_molecules.sql:2:25: relation \"atoms_atom\" does not exist in the database'")" = 3
expect_exit 1 "--on-error threshold=40% (3 of 6 refused): nothing runs either" S up --tenants all --on-error threshold=40%
check "... stopped" grep -q 'stopped: the pre-flight refused 3 tenants (--on-error threshold)' <<<"$OUT"
expect_exit 1 "by default a refusal concerns its tenant only: the others migrate" S up --tenants all
check "... server 1's three tenants" grep -q 'migrated 3 tenants to 0002 in [0-9.]* s: 0 failed, 3 refused by the pre-flight' <<<"$OUT"
check "... at 0002" test "$(sq "$U1" "SELECT count(*) FROM strata.ledger WHERE version = '0002' AND status = 'ok'")" = 3
check "... server 2's untouched" test "$(sq "$U2" "SELECT count(*) FROM pg_class WHERE relname = 'molecules'")" = 0
expect_exit 1 "status --tenants shows the refusals" S status --tenants
check "... with their reason" grep -q 'refused by the pre-flight' <<<"$OUT"
sq "$U2" "CREATE TABLE public.atoms_atom (id int PRIMARY KEY)" >/dev/null
expect_output 'migrated 3 tenants to 0002' "once the table is back, server 2 migrates" S up --tenants all

# ---- 2. grouped by shape: 40 identical tenants, one drifted
for i in $(seq 10 49); do echo "CREATE SCHEMA t_$i;"; done | psql -q "$U1"
check "40 more tenants" S up --tenants all
sq "$U1" "ALTER TABLE t_33.books ADD COLUMN extra int" >/dev/null
printf 'ALTER TABLE books ADD COLUMN extra int;\n' >"$P/tenant/0003_extra.sql"
expect_exit 1 "a pending migration the drifted tenant cannot take" S up --tenants all --dry-run
G=$OUT
check "... 45 tenants in 3 shapes (server 1: identical + drifted; server 2: identical)" grep -q 'pre-flight: 46 tenants with pending migrations, 3 shapes checked' <<<"$G"
check "... only the drifted one refused" grep -q 'tenant "t_33": column "extra" of relation "books" already exists in the database' <<<"$G"
check "... made outside the migrations" grep -q 'no applied migration created column "extra" of "books": it was made outside the migrations (drift)' <<<"$G"
sq "$U1" "ALTER TABLE t_33.books DROP COLUMN extra" >/dev/null
rm "$P/tenant/0003_extra.sql"

# ---- 3. a schema that already holds its tables, without a ledger row
sq "$U1" "CREATE SCHEMA t_acme; CREATE TABLE t_acme.books (id int PRIMARY KEY, plan text REFERENCES public.plans)" >/dev/null
expect_exit 1 "up --tenants on a schema built by hand" S up --tenants t_acme
A=$OUT
check "... refused: the table already exists" grep -q 'tenant/0001_books.sql:1:14: error: tenant "t_acme": relation "books" already exists in the database' <<<"$A"
check "... the hint says how to adopt it" grep -q 'strata baseline --tenants t_acme --version' <<<"$A"
check "... nothing ran there" test "$(sq "$U1" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 't_acme'")" = 2
expect_exit 1 "--preflight=warn lets the refusal through: the migration runs, PostgreSQL fails it" S up --tenants t_acme --preflight=warn
W=$OUT
check "... said loudly, with the statement's place" grep -q 'LET THROUGH tenant/0001_books.sql:1:14: tenant "t_acme": relation "books" already exists in the database' <<<"$W"
check "... the server's own error" grep -q 'relation "books" already exists' <<<"$(grep -v 'LET THROUGH' <<<"$W")"
check "... rolled back: still the two relations built by hand" test "$(sq "$U1" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 't_acme'")" = 2
sq "$U1" "SET client_min_messages = warning; DROP SCHEMA t_acme CASCADE; DELETE FROM strata.ledger WHERE target = 't_acme'" >/dev/null

# ---- 4. tenant add onto a conflicting schema
sq "$U2" "CREATE SCHEMA t_new; CREATE TABLE t_new.molecules (x int)" >/dev/null
expect_exit 1 "tenant add where a table of the same name exists" S tenant add t_new --servers "$U2"
check "... refused at the statement" grep -q 'tenant/0002_molecules.sql:1:14: error: tenant "t_new": relation "molecules" already exists in the database' <<<"$OUT"
check "... nothing created" test "$(sq "$U2" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 't_new'")" = 1
sq "$U2" "SET client_min_messages = warning; DROP SCHEMA t_new CASCADE" >/dev/null
expect_output 'migrated 1 tenant' "tenant add of a fresh name goes through" S tenant add t_fresh --servers "$U2"
check "... no server notice on stderr" bash -c '! grep -qi "notice\|skipping" <<<"$1"' _ "$OUT"

# ---- 5. at head: nothing pending, nothing checked
expect_output ' 0 to migrate' "a fleet at head" S up --tenants all
check "... no pre-flight" bash -c '! grep -q "pre-flight" <<<"$1"' _ "$OUT"

# ---- 6. --exact follows the tenant migrations' dynamic SQL
printf 'CREATE TABLE fresh (id int);\nDO $$ BEGIN EXECUTE $q$DROP TABLE books$q$; END $$;\nALTER TABLE books ADD COLUMN x int;\n' >"$P/tenant/0003_dyn.sql"
expect_exit 0 "without --exact the pre-flight cannot see it (what follows dynamic SQL is never refused)" S up --tenants all --dry-run
D0=$OUT
check "... no refusal" bash -c '! grep -q "error:" <<<"$1"' _ "$D0"
check "... but one grouped warning: how many statements it could not check, where the code is, and --exact" \
	grep -q 'warning: [0-9]* tenants: 1 statement after dynamic SQL the model cannot follow at tenant/0003_dyn.sql:2 .* could not be checked; `up --exact` runs that SQL' <<<"$D0"
expect_exit 1 "up --tenants --exact --dry-run: refused" S up --tenants all --exact --dry-run
X=$OUT
check "... at the ALTER, every tenant" grep -q 'tenant/0003_dyn.sql:3:13: error: [0-9]* tenants: relation "books" does not exist' <<<"$X"
check "... says what the exact mode ran" grep -q '^pre-flight exact: [0-9]* statements\? of dynamic SQL' <<<"$X"
expect_exit 1 "the real run with --exact refuses every tenant" S up --tenants all --exact
check "... nothing applied" test "$(sq "$U1" "SELECT count(*) FROM pg_class WHERE relname = 'fresh'")$(sq "$U2" "SELECT count(*) FROM pg_class WHERE relname = 'fresh'")" = 00
check "... no throwaway database left" bash -c "! psql -X -Atc \"select datname from pg_database where datname like 'strata_%'\" '$U1' | grep -q ."
rm "$P/tenant/0003_dyn.sql"
finish
