#!/usr/bin/env bash
# test_foreign_history.sh — other tools' history tables: `status --from TOOL` reads which migrations the
# tool applied and `baseline --from TOOL` adopts exactly those, verified (dbmate, golang-migrate clean and
# dirty, goose, Flyway with a baseline row, Prisma, diesel, sqitch); refusals (a row no file stands for, a
# dirty version, nothing recorded, the wrong tool); `--history-table schema_migrations` says whose table it
# is; diff, drift, squash and check leave the tools' tables alone, say so once, and --ignore adds to them.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
newdb() { sq "$PGH_URL" "CREATE DATABASE $1" >/dev/null && echo "${PGH_URL/\/postgres\?//$1?}"; }
hist() { sq "$1" "SELECT string_agg(version, ',' ORDER BY version) FROM strata.history WHERE mode = 'baseline'"; }

# three migrations creating a, b, c; the database has what the tool applied
three() { # DIR FORMAT: writes the migrations of that convention
	local d=$1 f=$2 i v
	mkdir -p "$d"
	for i in 1 2 3; do
		v=2024010${i}000000
		local sql="CREATE TABLE t$i (id int PRIMARY KEY);"
		case $f in
		dbmate) printf -- '-- migrate:up\n%s\n-- migrate:down\nDROP TABLE t%s;\n' "$sql" $i >"$d/${v}_t$i.sql" ;;
		golang) printf '%s\n' "$sql" >"$d/${i}_t$i.up.sql" && printf 'DROP TABLE t%s;\n' $i >"$d/${i}_t$i.down.sql" ;;
		goose) printf -- '-- +goose Up\n%s\n-- +goose Down\nDROP TABLE t%s;\n' "$sql" $i >"$d/0000$i"_t$i.sql ;;
		flyway) printf '%s\n' "$sql" >"$d/V1_$i""__t$i.sql" ;;
		prisma) mkdir -p "$d/${v}_t$i" && printf '%s\n' "$sql" >"$d/${v}_t$i/migration.sql" ;;
		diesel) mkdir -p "$d/2024-01-0$i-000000_t$i" && printf '%s\n' "$sql" >"$d/2024-01-0$i-000000_t$i/up.sql" &&
			printf 'DROP TABLE t%s;\n' $i >"$d/2024-01-0$i-000000_t$i/down.sql" ;;
		plain) printf '%s\n' "$sql" >"$d/000${i}_t$i.sql" ;;
		esac
	done
}
tables() { sq "$1" "CREATE TABLE t1 (id int PRIMARY KEY); CREATE TABLE t2 (id int PRIMARY KEY);" >/dev/null; }

adopt() { # NAME FORMAT TOOL SETUP-SQL: the tool applied t1 and t2; status and baseline agree
	local name=$1 fmt=$2 tool=$3 setup=$4 u
	u=$(newdb "$name")
	three "$T/$name" "$fmt"
	tables "$u"
	sq "$u" "$setup" >/dev/null
	expect_exit 1 "$name: status --from $tool shows t1, t2 applied and t3 pending (exit 1)" \
		"$STRATA" status --from "$tool" --dir "$T/$name" --database-url "$u"
	check "$name: ... 2 applied, 1 pending" grep -q '2 applied, 1 pending' <<<"$OUT"
	check "$name: baseline --from $tool adopts them, verified" \
		"$STRATA" baseline --from "$tool" --dir "$T/$name" --database-url "$u"
	check "$name: ... exactly those two in strata's history" test "$(sq "$u" "SELECT count(*) FROM strata.history WHERE mode = 'baseline'")" = 2
	check "$name: strata up applies the third" "$STRATA" up --dir "$T/$name" --database-url "$u"
}

adopt dbmate dbmate dbmate "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY);
	INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240102000000')"
adopt gomigrate golang golang-migrate "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL);
	INSERT INTO schema_migrations VALUES (2, false)"
adopt goose goose goose "CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now());
	INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, true), (1, true), (2, true), (3, true), (3, false)"
adopt flyway flyway flyway "CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, version varchar(50), description varchar(200), type varchar(20), script varchar(1000), checksum int, installed_by varchar(100), installed_on timestamp DEFAULT now(), execution_time int, success boolean);
	INSERT INTO flyway_schema_history VALUES (1, '1.1', '<< Flyway Baseline >>', 'BASELINE', '<< Flyway Baseline >>', NULL, 'me', now(), 0, true),
	                                         (2, '1.2', 't2', 'SQL', 'V1_2__t2.sql', 1, 'me', now(), 1, true)"
adopt prisma prisma prisma "CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64), finished_at timestamptz, migration_name varchar(255), logs text, rolled_back_at timestamptz, started_at timestamptz DEFAULT now(), applied_steps_count int DEFAULT 0);
	INSERT INTO _prisma_migrations (id, migration_name, finished_at) VALUES ('a', '20240101000000_t1', now()), ('b', '20240102000000_t2', now());
	INSERT INTO _prisma_migrations (id, migration_name, finished_at, rolled_back_at) VALUES ('c', '20240103000000_t3', NULL, now())"
adopt diesel diesel diesel "CREATE TABLE __diesel_schema_migrations (version varchar(50) PRIMARY KEY, run_on timestamp DEFAULT now());
	INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101000000'), ('20240102000000')"
adopt sqitch plain sqitch "CREATE SCHEMA sqitch; CREATE TABLE sqitch.changes (change_id text PRIMARY KEY, change text NOT NULL, project text, committed_at timestamptz DEFAULT now());
	INSERT INTO sqitch.changes (change_id, change, project) VALUES ('x1', 't1', 'app'), ('x2', 't2', 'app')"

# refusals
U=$(newdb dirty)
three "$T/dirty" golang
tables "$U"
sq "$U" "CREATE TABLE schema_migrations (version bigint PRIMARY KEY, dirty boolean NOT NULL); INSERT INTO schema_migrations VALUES (2, true)" >/dev/null
expect_exit 1 "golang-migrate dirty: status shows the failed migration" "$STRATA" status --from golang-migrate --dir "$T/dirty" --database-url "$U"
check "... as failed" grep -q 'failed *2_t2' <<<"$OUT"
expect_exit 1 "... and baseline refuses it" "$STRATA" baseline --from golang-migrate --dir "$T/dirty" --database-url "$U"
check "... saying why" grep -q 'golang-migrate recorded migration "2" as not finished' <<<"$OUT"
check "... recording nothing" test -z "$(sq "$U" "SELECT to_regclass('strata.history')")"
expect_exit 1 "--from dbmate on golang-migrate's table is refused" "$STRATA" status --from dbmate --dir "$T/dirty" --database-url "$U"
check "... with the right tool named" grep -q 'use --from golang-migrate' <<<"$OUT"

U=$(newdb ghost)
three "$T/ghost" dbmate
tables "$U"
sq "$U" "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000'), ('20230101000000')" >/dev/null
expect_exit 1 "a version the tool ran that no file stands for: status shows a missing file" "$STRATA" status --from dbmate --dir "$T/ghost" --database-url "$U"
check "... missing-file 20230101000000" grep -q 'missing-file *20230101000000' <<<"$OUT"
expect_exit 1 "... and baseline refuses" "$STRATA" baseline --from dbmate --dir "$T/ghost" --database-url "$U"
check "... naming the version" grep -q 'dbmate recorded "20230101000000"' <<<"$OUT"

U=$(newdb none)
three "$T/none" dbmate
expect_exit 1 "baseline --from a tool whose table does not exist is refused" "$STRATA" baseline --from dbmate --dir "$T/none" --database-url "$U"
check "... says so" grep -q 'dbmate has no history table' <<<"$OUT"
expect_exit 2 "an unknown tool" "$STRATA" status --from rails --dir "$T/none" --database-url "$U"
check "... lists the tools" grep -q 'django, alembic, dbmate, golang-migrate, supabase, goose, flyway, prisma, diesel, sqitch' <<<"$OUT"

U=$(newdb unverified)
three "$T/unverified" dbmate
sq "$U" "CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101000000'), ('20240102000000'); CREATE TABLE t1 (id int PRIMARY KEY)" >/dev/null
expect_exit 1 "baseline --from verifies: the tool says t2 ran, the database has no t2" "$STRATA" baseline --from dbmate --dir "$T/unverified" --database-url "$U"
check "... refused with the object" grep -q 'table "public.t2" is not in the database' <<<"$OUT"

# --history-table naming another tool's table
expect_exit 1 "--history-table schema_migrations (dbmate's) is refused, not 'column checksum does not exist'" \
	"$STRATA" status --dir "$T/ghost" --database-url "$(echo "$PGH_URL" | sed 's|/postgres?|/ghost?|')" --history-schema public --history-table schema_migrations
R=$OUT
check "... saying whose table it is" grep -q 'table "public"."schema_migrations" is dbmate.s history table, not strata.s' <<<"$R"
check "... and how to read it" grep -q 'strata status --from dbmate' <<<"$R"
check "... and up too" bash -c "! '$STRATA' up --dir '$T/ghost' --database-url '$(echo "$PGH_URL" | sed 's|/postgres?|/ghost?|')' --history-schema public --history-table schema_migrations 2>&1 | grep -q 'column \"checksum\"'"

# diff, drift, squash, check leave them alone
D=$T/ignore
mkdir -p "$D/m"
printf 'CREATE TABLE goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL);\nCREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE audit (id int);\n' >"$D/m/0001_init.sql"
printf 'CREATE TABLE users (id int PRIMARY KEY, name text);\n' >"$D/want.sql"
expect_exit 1 "diff: audit is dropped (destructive) unless ignored" "$STRATA" diff --dir "$D/m" --to "$D/want.sql" --dry-run
check "... and goose_db_version is not" bash -c "! grep -q 'goose_db_version' <<<\"\$(grep -i drop <<<'$OUT')\""
expect_exit 0 "diff --ignore audit: only the new column" "$STRATA" diff --dir "$D/m" --to "$D/want.sql" --dry-run --ignore audit
R=$OUT
check "... said once, with both" test "$(grep -c "left out tables that are not the application's: goose_db_version (goose's history), audit (--ignore)" <<<"$R")" = 1
check "... the up migration adds the column" grep -q 'ADD COLUMN name text' <<<"$R"
check "... and drops no table" test "$(grep -ci 'drop table' <<<"$R")" = 0
U=$(newdb drifted)
check "up" "$STRATA" up --dir "$D/m" --database-url "$U"
sq "$U" "CREATE TABLE schema_migrations (version text); CREATE TABLE flyway_schema_history (installed_rank int)" >/dev/null
expect_output '0 differences' "drift: the tools' tables in the database are not drift" "$STRATA" drift --dir "$D/m" --database-url "$U"
sq "$U" "CREATE TABLE leftovers (id int)" >/dev/null
expect_exit 1 "drift: another table is" "$STRATA" drift --dir "$D/m" --database-url "$U"
expect_output '0 differences' "drift --ignore leftovers" "$STRATA" drift --dir "$D/m" --database-url "$U" --ignore leftovers
check "[migrations] ignore = leftovers does the same" bash -c "cd '$D' && printf '[migrations]\ndir = m\nignore = leftovers\n' >strata.conf && '$STRATA' drift --database-url '$U' | grep -q '0 differences'"
rm "$D/strata.conf"
check "squash: the baseline has no goose_db_version" bash -c "'$STRATA' squash --dir '$D/m' --to 0001 --dry-run 2>&1 | grep -v '^strata squash: note' | grep -qv goose_db_version && ! '$STRATA' squash --dir '$D/m' --to 0001 --dry-run 2>/dev/null | grep -q goose_db_version"
printf '[tenants]\nmode = shared\n' >"$D/strata.conf"
expect_exit 0 "check in shared-tenant mode: no tenant-global warning for goose_db_version" bash -c "cd '$D' && '$STRATA' check --dir m"
R=$OUT
check "... but for the application's tables" grep -q 'table "public.users" has no "tenant_id"' <<<"$R"
check "... (not goose_db_version)" test "$(grep -c 'public.goose_db_version" has no' <<<"$R")" = 0
finish
