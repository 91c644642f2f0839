#!/usr/bin/env bash
# test_resume.sh — resuming a migration that runs outside a transaction after its client died in the middle
# of a CONCURRENTLY statement, which the server finishes on its own (issue 15), against a real PostgreSQL 15:
#   1. repro/resume-unnamed-cic: kill -9 during an unnamed CREATE INDEX CONCURRENTLY; the re-run finds the
#      index PostgreSQL built under the name it chose, counts the statement as done: one index, not two
#   2. repro/resume-drop-index-concurrently: kill -9 while DROP INDEX CONCURRENTLY waits for a reader; the
#      drop completes on the server; the re-run counts it as done (every later `up` succeeds)
#   3. an unnamed CREATE UNIQUE INDEX CONCURRENTLY that fails leaves an INVALID index: the failure and the
#      re-run both name it (the name PostgreSQL chose) with the DROP INDEX to run; once dropped and the data
#      fixed, the re-run builds it
#   4. a named CREATE INDEX CONCURRENTLY cut off by pg_terminate_backend of its backend: resume refuses the
#      INVALID index by name; an index of the same definition under another name is not mistaken for it
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
R=tests/integration/repro
dburl() { sed "s|/postgres?|/$1?|" <<<"$URL"; }
sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
newdb() { sq "$URL" "CREATE DATABASE $1" >/dev/null && dburl "$1"; }

# ---- 1. unnamed CREATE INDEX CONCURRENTLY, client killed
D1=$(newdb cic)
cp -r "$R/resume-unnamed-cic" "$T/cic" && chmod -R u+w "$T/cic"
RUN=$(STRATA=$STRATA DATABASE_URL=$D1 bash "$T/cic/run.sh" 2>&1)
OUT=$RUN
_result 1 "repro resume-unnamed-cic runs"
check "the client was killed mid-statement" grep -q 'Killed' <<<"$RUN"
check "one index on big, the one PostgreSQL named" test "$(sq "$D1" "SELECT string_agg(indexname, ',') FROM pg_indexes WHERE tablename = 'big'")" = big_x_idx
# the kill lands at 0.4 s: usually in the CREATE INDEX CONCURRENTLY (then the re-run says it counted it as
# done), on a slow machine possibly before it started (then the re-run simply runs it): one index either way
echo "# $(grep -m1 'resuming: index' <<<"$RUN" || echo 'killed before the statement started: no resume')"
check "the rest of the migration ran once" test "$(sq "$D1" "SELECT string_agg(v, ',') FROM applied_log")" = 0002
check "history: both applied" test "$(sq "$D1" "SELECT string_agg(version || ':' || success, ',' ORDER BY version) FROM strata.history")" = 0001:true,0002:true
check "the index is valid" test "$(sq "$D1" "SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = 'big'::regclass")" = t
# the same crash, made exact: the statement completed on the server, its progress was never recorded
sq "$D1" "UPDATE strata.history SET success = false, statements_done = 0 WHERE version = '0002'; DELETE FROM applied_log" >/dev/null
expect_output 'resuming: index "big_x_idx" of .*0002_cic.sql:1:1 was built by the interrupted run: counted as done' \
	"a completed unnamed CREATE INDEX CONCURRENTLY is found by its definition" "$STRATA" up --dir "$T/cic" --database-url "$D1"
check "still one index, the rest of the migration ran" test "$(sq "$D1" "SELECT count(*) FROM pg_indexes WHERE tablename = 'big'"):$(sq "$D1" "SELECT string_agg(v, ',') FROM applied_log")" = 1:0002

# ---- 2. DROP INDEX CONCURRENTLY that completes after its client died
D2=$(newdb dic)
cp -r "$R/resume-drop-index-concurrently" "$T/dic" && chmod -R u+w "$T/dic"
RUN=$(STRATA=$STRATA DATABASE_URL=$D2 bash "$T/dic/run.sh" 2>&1)
OUT=$RUN
_result 1 "repro resume-drop-index-concurrently runs"
check "the re-run succeeds (rc=0 twice)" test "$(grep -c '^rc=0' <<<"$RUN")" = 2
check "it says the drop completed" grep -q 'resuming: index "big_x" of ./0002_dic.sql:1:1 is gone: the interrupted DROP INDEX CONCURRENTLY completed, counted as done' <<<"$RUN"
check "index gone, the rest of the migration ran once" test "$(sq "$D2" "SELECT count(*) FROM pg_indexes WHERE indexname = 'big_x'"):$(sq "$D2" "SELECT string_agg(v, ',') FROM applied_log")" = 0:0002
expect_output 'up to date at version 0002' "a later up is a no-op" "$STRATA" up --dir "$T/dic" --database-url "$D2"
sq "$D2" "UPDATE strata.history SET success = false, statements_done = 0 WHERE version = '0002'; DELETE FROM applied_log" >/dev/null
expect_output 'resuming: index "big_x" of .*0002_dic.sql:1:1 is gone: the interrupted DROP INDEX CONCURRENTLY completed, counted as done' \
	"the same, made exact: a completed DROP INDEX CONCURRENTLY counts as done" "$STRATA" up --dir "$T/dic" --database-url "$D2"

# ---- 3. an unnamed CONCURRENTLY build that fails
D3=$(newdb inv)
mkdir -p "$T/inv"
printf 'CREATE TABLE u (x int, y int);\nINSERT INTO u VALUES (1, 1), (1, 2);\nCREATE INDEX u_y_first ON u (y);\n' >"$T/inv/0001_u.sql"
printf 'CREATE UNIQUE INDEX CONCURRENTLY ON u (x);\nCREATE INDEX CONCURRENTLY ON u (y);\n' >"$T/inv/0002_ux.sql"
U() { "$STRATA" up --dir "$T/inv" --database-url "$D3"; }
expect_exit 1 "a failing unnamed CREATE UNIQUE INDEX CONCURRENTLY" U
ERR=$OUT
check "names the INVALID index PostgreSQL left, with the fix" grep -q 'error: index "u_x_idx" is INVALID: the failed CREATE INDEX CONCURRENTLY left it behind' <<<"$ERR"
check "hint: the DROP INDEX to run" grep -q 'DROP INDEX CONCURRENTLY "public"."u_x_idx"' <<<"$ERR"
expect_exit 1 "the re-run refuses while it is there" U
check "naming it at the statement" grep -q '0002_ux.sql:1:1: error: index "u_x_idx" is INVALID: an earlier CREATE INDEX CONCURRENTLY of this statement failed' <<<"$OUT"
check "no second index was made" test "$(sq "$D3" "SELECT count(*) FROM pg_indexes WHERE tablename = 'u'")" = 2
sq "$D3" "DROP INDEX CONCURRENTLY u_x_idx" >/dev/null
sq "$D3" "DELETE FROM u WHERE y = 2" >/dev/null
check "dropped and the data fixed, the re-run builds both" U
check "u_x_idx valid; the second unnamed index is u_y_idx (u_y_first, same definition, is not taken for it)" test "$(sq "$D3" "SELECT string_agg(c.relname || ':' || i.indisvalid, ',' ORDER BY c.relname) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'u'::regclass")" = "u_x_idx:true,u_y_first:true,u_y_idx:true"

# ---- 4. a named CONCURRENTLY build whose backend is terminated
D4=$(newdb named)
mkdir -p "$T/named"
printf 'CREATE TABLE n (x int);\nINSERT INTO n SELECT g FROM generate_series(1, 1000000) g;\n' >"$T/named/0001_n.sql"
printf 'CREATE INDEX CONCURRENTLY n_x ON n (x);\n' >"$T/named/0002_nx.sql"
N() { "$STRATA" up --dir "$T/named" --database-url "$D4" "$@"; }
check "the table" N --to 0001
N >"$T/named.out" 2>&1 &
pid=$!
victim=""
for _ in $(seq 1 100); do
	victim=$(sq "$D4" "SELECT pid FROM pg_stat_progress_create_index WHERE relid = 'n'::regclass" 2>/dev/null)
	[[ -n $victim ]] && break
	sleep 0.05
done
check "found the backend building n_x" test -n "$victim"
sq "$URL" "SELECT pg_terminate_backend($victim)" >/dev/null
wait "$pid"
OUT=$(cat "$T/named.out")
check "the run reports the lost connection" grep -q 'lost the connection to the server while applying "0002_nx"' <<<"$OUT"
expect_exit 1 "the re-run refuses the INVALID index by name" N
check "at the statement, with the fix" grep -q '0002_nx.sql:1:1: error: index "n_x" is INVALID' <<<"$OUT"
sq "$D4" "DROP INDEX n_x" >/dev/null
check "after the drop, the re-run builds it" N
check "n_x valid" test "$(sq "$D4" "SELECT indisvalid FROM pg_index WHERE indexrelid = 'n_x'::regclass")" = t
finish
