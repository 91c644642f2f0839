#!/usr/bin/env bash
# test_lint_live.sh — the lint rules weighed by a real PostgreSQL 15 (docs/rules.md, "Weighing by table
# size"): `check --database-url` and `up`'s pre-flight read each table's size from pg_class statistics; the
# same ALTER is a note on a small table and an error on a large one (thresholds lowered in strata.conf and a
# real ANALYZE of a few thousand rows, instead of millions); `-- strata:allow` accepts it; `up` refuses before
# anything runs; what pending migrations of the same deploy create is new; a table never analyzed and empty
# counts as empty; tenant migrations say how many tenants they run in and name the largest tenant's table,
# in `check --database-url` and in the tenant pre-flight of `up --tenants`.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || { echo "not ok - server start"; exit 1; }
URL=$PGH_URL
sq() { psql -AtX -v ON_ERROR_STOP=1 "$URL" -c "$1"; }

P=$T/p
mkdir -p "$P/migrations"
cat >"$P/strata.conf" <<'CONF'
[migrations]
dir = migrations
[lint]
small_table = 1000
large_table = 20k
CONF
C() { (cd "$P" && "$STRATA" "$@" --database-url "$URL" --no-color); }
printf 'CREATE TABLE small (id bigint PRIMARY KEY, note text);\nCREATE TABLE big (id bigint PRIMARY KEY, note text);\nCREATE TABLE never (id bigint PRIMARY KEY, note text);\n' \
	>"$P/migrations/001_setup.sql"
check "the tables are created" C up
sq "INSERT INTO small SELECT g, 'x' FROM generate_series(1, 100) g;
    INSERT INTO big SELECT g, 'x' FROM generate_series(1, 30000) g;
    ANALYZE small; ANALYZE big;" >/dev/null
check "the statistics say 100 and 30000 rows" test "$(sq "SELECT string_agg(reltuples::bigint::text, ',' ORDER BY relname) FROM pg_class WHERE relname IN ('big', 'small')")" = "30000,100"

# ---- the same rewrite: a note on the small table, an error on the big one
printf 'ALTER TABLE small ALTER COLUMN id TYPE numeric;\nALTER TABLE big ALTER COLUMN id TYPE numeric;\nALTER TABLE never ALTER COLUMN id TYPE numeric;\n' \
	>"$P/migrations/002_alter.sql"
expect_exit 1 "check --database-url: an error on the big table fails the check" C check
R=$OUT
check "small table: a note, with its size" grep -q '002_alter.sql:1:1: note: changing column "id" of "small" (100 rows, [0-9.]* kB) from bigint to numeric rewrites' <<<"$R"
check "... and why" grep -q 'detail: below \[lint\] small_table (1,000 rows)' <<<"$R"
check "big table: an error, with its size" grep -q '002_alter.sql:2:1: error: changing column "id" of "big" (30.0 k rows, [0-9.]* MB) from bigint to numeric rewrites the table and its indexes under an ACCESS EXCLUSIVE lock \[type-change-rewrite\]' <<<"$R"
check "... and how to accept it" grep -q 'at least \[lint\] large_table (20,000 rows): an error unless the statement carries `-- strata:allow type-change-rewrite`' <<<"$R"
check "a table never analyzed with an empty file is empty: a note" grep -q '002_alter.sql:3:1: note: changing column "id" of "never" (0 rows, 0 bytes)' <<<"$R"
check "the summary counts the notes" grep -q '1 errors, 0 warnings, 2 notes' <<<"$R"
expect_exit 0 "offline, the same check is three warnings" bash -c "cd '$P' && '$STRATA' check --no-color"
R=$OUT
check "... without sizes" grep -q '002_alter.sql:2:1: warning: changing column "id" of "big" from bigint' <<<"$R"

# ---- up refuses before anything runs
expect_exit 1 "up: the pre-flight refuses the rewrite of the big table" C up
R=$OUT
check "... naming the size" grep -q 'error: changing column "id" of "big" (30.0 k rows' <<<"$R"
check "... saying nothing was applied" grep -q 'hint: .*; nothing was applied' <<<"$R"
check "... no note in up's output" bash -c "! grep -q 'note:' <<<'$R'"
check "... and nothing was applied" test "$(sq "SELECT count(*) FROM strata.history WHERE version = '002'")" = 0
check "... the column is still bigint" test "$(sq "SELECT data_type FROM information_schema.columns WHERE table_name = 'small' AND column_name = 'id'")" = bigint

# ---- allowed: a warning, and up applies it
sed -i '2i -- strata:allow type-change-rewrite -- in the maintenance window' "$P/migrations/002_alter.sql"
expect_exit 0 "allowed: check passes" C check
R=$OUT
check "... the big table's rewrite is a warning" grep -q '002_alter.sql:3:1: warning: changing column "id" of "big" (30.0 k rows' <<<"$R"
expect_exit 0 "allowed: up applies it" C up
R=$OUT
check "... quietly (warnings are check's business)" bash -c "! grep -q 'warning:' <<<'$R'"

# ---- new in this deploy: a table a pending migration creates is not reported; an index on big is
printf 'CREATE TABLE fresh (id bigint PRIMARY KEY, note text);\n' >"$P/migrations/003_fresh.sql"
printf 'CREATE INDEX fresh_note ON fresh (note);\nCREATE INDEX big_note ON big (note);\n' >"$P/migrations/004_index.sql"
expect_exit 1 "pending migrations: check" C check
R=$OUT
check "an applied migration is not weighed any more (its rewrite is history)" grep -q '002_alter.sql:3:1: warning: changing column "id" of "big" from bigint' <<<"$R"
check "the index on a table of a pending migration is not reported" bash -c "! grep -q 'fresh' <<<'$R'"
check "the index on the big table is an error" grep -q '004_index.sql:2:1: error: CREATE INDEX on existing table "big" (30.0 k rows' <<<"$R"
expect_exit 0 "offline (no pending set) the index on fresh is a warning" bash -c "cd '$P' && '$STRATA' check --no-color"
R=$OUT
check "... at 004:1" grep -q '004_index.sql:1:1: warning: CREATE INDEX on existing table "fresh"' <<<"$R"
expect_exit 1 "up refuses the index on the big table" C up
R=$OUT
check "... and applies nothing of the deploy" test "$(sq "SELECT to_regclass('fresh') IS NULL")" = t
sed -i 's/^CREATE INDEX big_note/-- strata:ignore index-not-concurrent\nCREATE INDEX big_note/' "$P/migrations/004_index.sql"
expect_exit 0 "ignored: up applies the deploy" C up
R=$OUT

# ---- a bad [lint] setting stops up too
printf '[migrations]\ndir = migrations\n[lint]\nno-such-rule = off\n' >"$P/strata.conf"
printf 'ALTER TABLE small ADD COLUMN extra text;\n' >"$P/migrations/005_extra.sql"
expect_exit 1 "an unknown rule in [lint]: up refuses" C up
R=$OUT
check "... at strata.conf:4" grep -q 'strata.conf:4:1: error: unknown lint rule "no-such-rule"' <<<"$R"

# ---- tenant migrations: how many tenants, and the largest (a database of their own)
sq "CREATE DATABASE tenants" >/dev/null
URL=$(sed 's|/postgres?|/tenants?|' <<<"$PGH_URL")
TP=$T/tp
mkdir -p "$TP/shared" "$TP/tenant"
printf 'CREATE TABLE plans (id text PRIMARY KEY);\n' >"$TP/shared/0001_plans.sql"
printf 'CREATE TABLE notes (id bigint PRIMARY KEY, body text);\n' >"$TP/tenant/0001_notes.sql"
cat >"$TP/strata.conf" <<'CONF'
[migrations]
shared = shared
tenant = tenant
[tenants]
mode = schema
search_path = $tenant, public
source = pattern:lt\_%
[lint]
small_table = 100
large_table = 5000
CONF
TC() { (cd "$TP" && "$STRATA" "$@" --no-color); }
check "three tenants" TC tenant add lt_a lt_b lt_c --database-url "$URL"
sq "INSERT INTO lt_b.notes SELECT g, 'x' FROM generate_series(1, 8000) g; ANALYZE lt_b.notes;
    INSERT INTO lt_c.notes SELECT g, 'x' FROM generate_series(1, 50) g; ANALYZE lt_c.notes;" >/dev/null
printf 'CREATE INDEX notes_body ON notes (body);\n' >"$TP/tenant/0002_body.sql"
expect_exit 1 "check --database-url on a tenant migration" TC check --database-url "$URL"
R=$OUT
check "names the largest tenant's table, and the tenant count" grep -q 'tenant/0002_body.sql:1:1: error: CREATE INDEX on existing table "notes" (largest in tenant "lt_b": 8.0 k rows, [0-9.]* kB) without CONCURRENTLY blocks writes while it builds; in each of 3 tenants \[index-not-concurrent\]' <<<"$R"
expect_exit 0 "offline: a warning in every tenant" TC check
R=$OUT
check "... no count without the fleet" grep -q 'without CONCURRENTLY blocks writes while it builds; in every tenant \[index-not-concurrent\]' <<<"$R"
sed -i 's/^source = .*/source = list:lt_a, lt_b/' "$TP/strata.conf"
expect_exit 0 "offline with a list source" TC check
R=$OUT
check "... counts the list" grep -q 'in each of 2 tenants \[index-not-concurrent\]' <<<"$R"

# ---- the tenant pre-flight of `up --tenants` runs the lint rules too, weighed by the largest tenant
sed -i 's/^source = .*/source = pattern:lt\\_%/' "$TP/strata.conf"
expect_exit 1 "up --tenants --dry-run: the pre-flight refuses the index on the largest tenant's big table" TC up --tenants all --dry-run --database-url "$URL"
R=$OUT
check "... naming the rule, the largest tenant's table and the tenants" bash -c 'grep -q "tenant/0002_body.sql:1:1: .*CREATE INDEX on existing table \"notes\" (largest in tenant \"lt_b\": 8.0 k rows" <<<"$1" && grep -q "index-not-concurrent" <<<"$1" && grep -q "3 tenants" <<<"$1"' _ "$R"
check "... and nothing ran" test "$(sq "SELECT count(*) FROM pg_indexes WHERE indexname = 'notes_body'")" = 0
printf -- '-- strata:allow index-not-concurrent\nCREATE INDEX notes_body ON notes (body);\n' >"$TP/tenant/0002_body.sql"
expect_exit 0 "... -- strata:allow lets it through" TC up --tenants all --dry-run --database-url "$URL"
printf 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz);\n' >"$TP/tenant/0003_events.sql"
printf 'CREATE INDEX events_at ON events (at);\n' >"$TP/tenant/0004_events_at.sql"
expect_exit 0 "... a table the same rollout creates is new: its index is not weighed" TC up --tenants all --dry-run --database-url "$URL"
check "up --tenants applies them" TC up --tenants all --database-url "$URL"
check "... in every tenant" test "$(sq "SELECT count(*) FROM pg_indexes WHERE indexname IN ('notes_body', 'events_at')")" = 6
finish
