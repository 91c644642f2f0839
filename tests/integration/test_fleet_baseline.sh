#!/usr/bin/env bash
# test_fleet_baseline.sh — `strata baseline --tenants`, against real PostgreSQL 15 servers:
#   1. a fleet of 200 tenant schemas built by plain psql (not strata), 3 of them drifted on purpose:
#      --dry-run records nothing; the run adopts 197 (history rows in mode baseline and the ledger row at
#      V, in one transaction each) and refuses the 3 with their differences grouped as drift --tenants
#      groups them; `up --tenants all --dry-run` names the 3 the real run refuses; `up --tenants all`
#      migrates the 197 further; status --tenants shows it; a second baseline leaves them alone;
#   2. --no-verify says loudly what it skips;
#   3. database mode: tenant databases built by psql, one drifted, adopted and migrated further;
#   4. usage errors.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
P=$T/proj
make_project "$P" 7 # tenant migrations 0001..0007; the fleet was built up to 0005 by hand
S() { (cd "$P" && "$STRATA" "$@" --database-url "$URL"); }
check "the shared migrations (strata runs them)" S up

# ---- 1. 200 schemas built by plain psql: the tenant migrations up to 0005 run by hand, no bookkeeping
{
	for i in $(seq -f %03g 1 200); do
		printf 'CREATE SCHEMA t_%s;\nSET search_path = t_%s, public;\n' "$i" "$i"
		cat "$P"/migrations/tenant/000[1-5]_*.sql
	done
} >"$T/fleet.sql"
check "200 tenant schemas built by psql" psql -qX -v ON_ERROR_STOP=1 -f "$T/fleet.sql" "$URL"
sq "$URL" "DROP INDEX t_017.t3_t1; DROP INDEX t_123.t3_t1; ALTER TABLE t_150.t4 ADD COLUMN note text" >/dev/null
expect_exit 1 "baseline --tenants --dry-run: 3 would be refused" S baseline --tenants all --version 0005 --dry-run
check "... the summary" grep -q '^baseline of 200 tenants at 0005: 0 at or past it, 197 match the migrations, 3 refused (3 differences) (dry run)$' <<<"$OUT"
check "... nothing recorded" test "$(sq "$URL" "SELECT count(*) FROM pg_tables WHERE tablename = 'strata_history'")$(sq "$URL" "SELECT to_regclass('strata.ledger') IS NULL")" = 0t
expect_exit 1 "baseline --tenants all --version 0005" S baseline --tenants all --version 0005
BL=$OUT
check "197 adopted, 3 refused" grep -q '^baseline of 200 tenants at 0005: 0 at or past it, 197 match the migrations, 3 refused (3 differences)$' <<<"$BL"
check "... recorded through the rollout's connections" grep -q '^recorded 197 tenants at 0005 in [0-9.]* s: 0 failed' <<<"$BL"
check "the two missing indexes are one group" grep -q 'error: 2 tenants: index "t3_t1" is only in the migrations \[drift-missing\]' <<<"$BL"
check "... naming the tenants" grep -q 'tenants: t_017, t_123' <<<"$BL"
check "the extra column, named relative to the tenant" grep -q 'error: t_150: column "t4.note" is only in the database \[drift-extra\]' <<<"$BL"
check "ledger: 197 at 0005 with the checksum chain" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0005' AND status = 'ok' AND length(checksum_chain) = 64")" = 197
check "history: 5 baseline rows per adopted tenant, none ran" test "$(sq "$URL" "SELECT count(*) || '/' || count(*) FILTER (WHERE mode = 'baseline' AND success AND statements_done = 0) FROM t_001.strata_history")" = 5/5
check "the refused ones have no history and no ledger row" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE target IN ('t_017', 't_123', 't_150')")$(sq "$URL" "SELECT to_regclass('t_017.strata_history') IS NULL")" = 0t
check "nothing of the migrations ran twice (runs holds 1..5 once)" test "$(sq "$URL" "SELECT string_agg(k::text, ',' ORDER BY k) FROM t_002.runs")" = 1,2,3,4,5
check "drift --tenants agrees on the adopted ones" S drift --tenants --where 't\_0%' --tenant-source ledger
expect_output 'at or past it' "a second baseline leaves the adopted ones alone" S baseline --tenants t_001 t_002 --version 0005
check "... 2 at or past" grep -q 'baseline of 2 tenants at 0005: 2 at or past it, 0 to record' <<<"$OUT"

# migrated further: the 3 unadopted ones are refused by the pre-flight, the 197 migrate
expect_exit 1 "up --tenants all --dry-run names every tenant the real run refuses" S up --tenants all --dry-run
DRY=$OUT
check "... 3 refused" grep -q '200 to migrate, 3 refused by the pre-flight (dry run)' <<<"$DRY"
check "... they already hold the tables, never recorded" grep -q '3 tenants: relation "runs" already exists in the database' <<<"$DRY"
check "... named" grep -q 'tenants: t_017, t_123, t_150' <<<"$DRY"
check "... the hint: adopt them" grep -q 'strata baseline --tenants NAME... --version V' <<<"$DRY"
expect_exit 1 "up --tenants all: the rest migrate" S up --tenants all
check "... 197 to 0007" grep -q '^migrated 197 tenants to 0007 in [0-9.]* s: 0 failed, 3 refused by the pre-flight' <<<"$OUT"
check "ledger == history == schema for the 197" test -z "$(consistency "$URL" 't\_%' 0007 | grep -v 't_017\|t_123\|t_150')"
expect_exit 1 "status --tenants shows it" S status --tenants
check "... 197 at head, 3 failed" grep -q 'at head   197' <<<"$OUT"

# the drifted tenants, repaired by hand, are adopted and then migrate
sq "$URL" "CREATE INDEX t3_t1 ON t_017.t3 (t1_id); CREATE INDEX t3_t1 ON t_123.t3 (t1_id); ALTER TABLE t_150.t4 DROP COLUMN note" >/dev/null
expect_output 'recorded 3 tenants at 0005' "repaired, the 3 are adopted" S baseline --tenants t_017 t_123 t_150 --version 0005
expect_output 'migrated 3 tenants to 0007' "... and migrate" S up --tenants all
check "every tenant consistent at 0007" test -z "$(consistency "$URL" 't\_%' 0007)"

# ---- 2. --no-verify is loud
sq "$URL" "CREATE SCHEMA t_900" >/dev/null
expect_output 'warning: --no-verify: 1 tenant would be recorded at 0003 without comparing its schema' "--no-verify says what it skips" \
	S baseline --tenants t_900 --version 0003 --no-verify --dry-run
check "... (not verified) in the summary" grep -q '1 to record (not verified) (dry run)' <<<"$OUT"
sq "$URL" "DROP SCHEMA t_900" >/dev/null

# ---- 4. usage
expect_exit 2 "--tenants needs --version" S baseline --tenants all
expect_exit 2 "an unknown version" S baseline --tenants all --version 0099
check "... says so" grep -q 'no tenant migration has version "0099"' <<<"$OUT"
expect_exit 1 "an unknown tenant" S baseline --tenants nosuch --version 0003
expect_exit 2 "--where without --tenants" S baseline --version 0001 --where 'x%'

# ---- 3. database mode: tenant databases built by psql, one drifted
D=$T/dbproj
mkdir -p "$D/tenant"
printf 'CREATE TABLE runs (k int NOT NULL);\nCREATE TABLE t1 (id int PRIMARY KEY);\n' >"$D/tenant/0001_t1.sql"
printf 'CREATE TABLE t2 (id int PRIMARY KEY, t1_id int REFERENCES t1);\n' >"$D/tenant/0002_t2.sql"
printf '[migrations]\ntenant = %s/tenant\n[tenants]\nmode = database\nsource = pattern:tdb\\_%%\n' "$D" >"$D/strata.conf"
DS() { (cd "$D" && "$STRATA" "$@" --database-url "$URL"); }
dburl() { sed "s|/postgres?|/$1?|" <<<"$URL"; }
for i in 1 2 3; do
	sq "$URL" "CREATE DATABASE tdb_$i" >/dev/null
	cat "$D"/tenant/*.sql | psql -qX -v ON_ERROR_STOP=1 "$(dburl "tdb_$i")"
done
sq "$(dburl tdb_3)" "ALTER TABLE t2 DROP CONSTRAINT t2_t1_id_fkey" >/dev/null
expect_exit 1 "database mode: 2 adopted, 1 refused" DS baseline --tenants all --version 0002
DB=$OUT
check "... the summary" grep -q 'baseline of 3 tenants at 0002: 0 at or past it, 2 match the migrations, 1 refused' <<<"$DB"
check "... the missing foreign key" grep -q 'tdb_3: constraint "public.t2.t2_t1_id_fkey" is only in the migrations' <<<"$DB"
check "... each adopted database has its own history" test "$(sq "$(dburl tdb_1)" "SELECT count(*) FROM strata.history WHERE mode = 'baseline'")" = 2
printf 'ALTER TABLE t2 ADD COLUMN note text;\n' >"$D/tenant/0003_note.sql"
expect_exit 1 "database mode: migrated further" DS up --tenants all
UPD=$OUT
check "... the two adopted at 0003" grep -q 'migrated 2 tenants to 0003' <<<"$UPD"
check "... the drifted one refused by the pre-flight (it was never adopted)" grep -q '1 refused by the pre-flight' <<<"$UPD"
finish
