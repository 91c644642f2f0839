#!/usr/bin/env bash
# test_apply.sh — the apply engine against a real PostgreSQL 15: up/--sql/--dry-run, status/history,
# failures with file:line:col and SQLSTATE, pre-flight drift, checksum repair, baseline --verify,
# non-transactional migrations with resume and INVALID index detection, lock wait (exit 3), lock_timeout
# retries, SIGINT, and bad connections. Prints "ok - name" / "not ok - name".
set -u
cd "$(dirname "$0")/../.."
STRATA=${STRATA:-./build/strata}
STRATA=$(realpath "$STRATA")
. tests/integration/apply-harness.sh
T=$(mktemp -d)
trap '_pgh_cleanup; rm -rf "$T"' EXIT
fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; shift; [ $# -gt 0 ] && printf '%s\n' "$@" | head -20 | sed 's/^/    /'; fails=$((fails + 1)); }
# run: OUT, RC from strata
run() { OUT=$("$STRATA" "$@" 2>&1); RC=$?; }
check() { # NAME WANT_RC REGEX
	if [ "$RC" -eq "$2" ] && grep -Eq -- "$3" <<<"$OUT"; then ok "$1"; else bad "$1 (exit $RC, want $2)" "$OUT"; fi
}
q() { pgh_psql -c "$1"; }

# ---- basic up, idempotent re-run, --sql, --dry-run, status, history
pgh_newdb basic
M=$T/basic; mkdir -p $M
printf 'CREATE TABLE users (id int PRIMARY KEY);\n' >$M/0001_users.sql
printf 'CREATE TABLE posts (id int, user_id int REFERENCES users);\nALTER TABLE posts ADD COLUMN title text;\n' >$M/0002_posts.sql
run up --sql --dir $M
check "--sql prints BEGIN, statements, history insert, COMMIT" 0 'BEGIN;'
grep -q 'INSERT INTO "strata"."history"' <<<"$OUT" && grep -q '^COMMIT;' <<<"$OUT" && ok "--sql has the history row" || bad "--sql has the history row" "$OUT"
[ "$(q "SELECT to_regnamespace('strata') IS NULL")" = t ] && ok "--sql touches no database" || bad "--sql touches no database"
run up --dry-run --dir $M
check "--dry-run lists what would apply" 0 'would apply 0001_users.*would apply 0002_posts|would apply 0001_users'
[ "$(q "SELECT to_regclass('users') IS NULL AND to_regnamespace('strata') IS NULL")" = t ] && ok "--dry-run changes nothing" || bad "--dry-run changes nothing"
run status --dir $M
check "status before: pending, exit 1" 1 'pending +0001_users'
run up --dir $M
check "up applies with one line per migration and its time" 0 'applied 0001_users \([0-9]+ ms\)'
check "second migration applied" 0 'applied 0002_posts \([0-9]+ ms\)'
run up --dir $M
check "re-run is a no-op" 0 'up to date at version 0002'
run status --dir $M
check "status after: current version, exit 0" 0 'current version 0002'
run status --json --dir $M
check "status --json" 0 '"current": "0002"'
run history --json --dir $M
check "history --json has applied_by user@host and mode" 0 '"applied_by": "postgres@'
run history --dir $M
check "history text" 0 'transactional'
[ "$(q "SELECT count(*) FROM strata.history WHERE success")" = 2 ] && ok "two history rows" || bad "two history rows"

# ---- a failing statement: server message, SQLSTATE, file:line:col, nothing half-applied
printf -- '-- adds things\nCREATE TABLE half (id int);\nSELECT nosuch FROM users;\n' >$M/0003_fail.sql
run up --dir $M
check "server error has file:line:col of the token" 1 '0003_fail.sql:3:8: error: column "nosuch" does not exist \(SQLSTATE 42703\)'
[ "$(q "SELECT to_regclass('half') IS NULL")" = t ] && ok "failed migration left nothing (rolled back)" || bad "failed migration left nothing"
run status --dir $M
check "status shows the failed migration" 1 'failed +0003_fail'
printf 'ALTER TABLE users ADD COLUMN id int;\n' >$M/0003_fail.sql
run up --dir $M
check "adding a column twice: refused by the pre-flight, with location" 1 '0003_fail.sql:1:30: error: column "id" of relation "users" already exists in the database'
printf 'CREATE TABLE half (id int);\n' >$M/0003_fail.sql
run up --dir $M
check "fixed migration applies after a failure" 0 'applied 0003_fail'

# ---- checksum mismatch and repair
printf 'CREATE TABLE users (id int PRIMARY KEY); -- edited\n' >$M/0001_users.sql
run status --dir $M
check "status: edited after apply" 1 'checksum-mismatch +0001_users'
printf 'CREATE TABLE later (id int);\n' >$M/0004_later.sql
run up --dir $M
check "up refuses while an applied migration is edited" 1 'migration "0001_users" was edited after it was applied'
[ "$(q "SELECT to_regclass('later') IS NULL")" = t ] && ok "nothing applied on checksum refusal" || bad "nothing applied on checksum refusal"
run repair --dir $M
check "repair without --checksums does not accept edits" 0 'nothing to repair|removed failed row'
run repair --checksums 0001 --dir $M
check "repair --checksums lists the change" 0 'updated checksum of 0001_users: [0-9a-f]{12}… → [0-9a-f]{12}…'
run up --dir $M
check "up proceeds after repair" 0 'applied 0004_later'

# ---- pre-flight: drift against history
q "DROP TABLE posts"
printf 'ALTER TABLE posts ADD COLUMN body text;\n' >$M/0005_body.sql
run up --dir $M
check "pre-flight: missing relation explained by history" 1 '0005_body.sql:1:13: error: relation "posts" does not exist in the database'
grep -q 'history says 0002_posts created "posts" but it is not in the database' <<<"$OUT" && ok "pre-flight names the applied migration" || bad "pre-flight names the applied migration" "$OUT"
rm $M/0005_body.sql
q "CREATE TABLE surprise (id int)"
printf 'CREATE TABLE ok_one (id int);\nCREATE TABLE surprise (id int);\n' >$M/0005_surprise.sql
run up --dir $M
check "pre-flight: relation already exists (drift)" 1 '0005_surprise.sql:2:14: error: relation "surprise" already exists in the database'
[ "$(q "SELECT to_regclass('ok_one') IS NULL")" = t ] && ok "pre-flight refusal applies nothing" || bad "pre-flight refusal applies nothing"
rm $M/0005_surprise.sql

# ---- missing file
mv $M/0004_later.sql $T/
run status --dir $M
check "status: applied but file missing" 1 'missing-file +0004'

# ---- baseline --verify
pgh_newdb base
B=$T/base; mkdir -p $B
printf 'CREATE TABLE a (id int);\n' >$B/0001_a.sql
printf 'CREATE TABLE b (id int);\nCREATE INDEX b_id ON b (id);\n' >$B/0002_b.sql
printf 'CREATE TABLE c (id int);\nCREATE TABLE gone (id int);\nDROP TABLE gone;\n' >$B/0003_c.sql
printf 'CREATE TABLE d (id int);\n' >$B/0004_d.sql
q "CREATE TABLE a (id int); CREATE TABLE b (id int)"
run baseline --version 0003 --dir $B
check "baseline --verify lists each missing object" 1 '0002_b.sql:2:1: error: index "public.b_id" is not in the database'
grep -q 'table "public.c" is not in the database' <<<"$OUT" && ! grep -q '"public.gone"' <<<"$OUT" && ok "baseline verify: c missing, dropped table not required" || bad "baseline verify list" "$OUT"
[ "$(q "SELECT count(*) FROM strata.history")" = 0 ] && ok "failed baseline records nothing" || bad "failed baseline records nothing"
q "CREATE INDEX b_id ON b (id); CREATE TABLE c (id int)"
run baseline --version 0003 --dir $B
check "baseline records migrations without running them" 0 'recorded 3|3 migrations recorded'
run up --dir $B
check "up after baseline applies only the rest" 0 'applied 0004_d'
grep -q '0001_a' <<<"$OUT" && bad "up after baseline re-applied 0001" "$OUT" || ok "baselined migrations not re-run"

# ---- non-transactional migration: resume and INVALID index
pgh_newdb nontx
N=$T/nontx; mkdir -p $N
printf "CREATE TABLE dupes (x int);\nINSERT INTO dupes VALUES (1), (1);\n" >$N/0001_dupes.sql
printf "CREATE TABLE before_idx (id int);\nCREATE UNIQUE INDEX CONCURRENTLY dupes_x ON dupes (x);\nCREATE TABLE after_idx (id int);\n" >$N/0002_idx.sql
run up --dir $N
check "CREATE INDEX CONCURRENTLY failure: INVALID index reported with the fix" 1 'index "dupes_x" is INVALID'
grep -q 'DROP INDEX CONCURRENTLY "public"."dupes_x"' <<<"$OUT" && ok "fix names DROP INDEX CONCURRENTLY" || bad "fix names DROP INDEX CONCURRENTLY" "$OUT"
grep -Eq '0002_idx.sql:2:1: error: could not create unique index "dupes_x" \(SQLSTATE 23505\)' <<<"$OUT" && ok "server error of the non-tx statement with location" || bad "server error of the non-tx statement" "$OUT"
[ "$(q "SELECT statements_done FROM strata.history WHERE version='0002' AND NOT success")" = 1 ] && ok "progress recorded: 1 of 3 statements done" || bad "progress recorded"
run up --dir $N
check "re-run refuses while the INVALID index is there" 1 'index "dupes_x" is INVALID'
q "DROP INDEX CONCURRENTLY dupes_x" && q "DELETE FROM dupes WHERE ctid <> (SELECT min(ctid) FROM dupes)"
run up --dir $N
check "re-run resumes at the failed statement" 0 'resuming 0002_idx at statement 2 of 3'
[ "$(q "SELECT count(*) FROM pg_class WHERE relname IN ('before_idx','after_idx','dupes_x')")" = 3 ] && ok "resumed migration completed, first statement not re-run" || bad "resumed migration completed"
run status --dir $N
check "status clean after resume" 0 '2 applied, 0 pending, 0 failed'

# ---- lock held by another run: exit 3 with pid and since
pgh_newdb locks
L=$T/locks; mkdir -p $L
printf 'SELECT pg_sleep(4);\n' >$L/0001_slow.sql
"$STRATA" up --dir $L >$T/slow.out 2>&1 &
slow=$!
sleep 1
run up --dir $L --lock-wait 1
check "second run exits 3 naming the holder" 3 'another strata run holds the lock on database "locks", history "strata"."history" \(pid [0-9]+, since [0-9-]+ [0-9:]+'
wait $slow
[ $? -eq 0 ] && ok "first run completed" || bad "first run completed" "$(cat $T/slow.out)"
run up --dir $L --history-schema other_hist
check "another history schema is another target: not blocked" 0 'applied 0001_slow'

# ---- lock_timeout: retried whole, then gives up with 55P03
pgh_newdb lt
LT=$T/lt; mkdir -p $LT
printf 'CREATE TABLE a (id int);\n' >$LT/0001_a.sql
"$STRATA" up --dir $LT >/dev/null 2>&1
printf 'ALTER TABLE a ADD COLUMN b int;\n' >$LT/0002_b.sql
(pgh_psql -c "BEGIN; LOCK TABLE a IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT;" >/dev/null) &
holder=$!
sleep 0.3
run up --dir $LT --lock-timeout 200ms
wait $holder
check "lock not granted: rolled back and retried, then applied" 0 'applied 0002_b'
grep -q 'retry 1 of 3' <<<"$OUT" && ok "retry note printed" || bad "retry note printed" "$OUT"
printf 'ALTER TABLE a ADD COLUMN c int;\n' >$LT/0003_c.sql
(pgh_psql -c "BEGIN; LOCK TABLE a IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(1.5); COMMIT;" >/dev/null) &
holder=$!
sleep 0.3
run up --dir $LT --lock-timeout 100ms --retries 1
wait $holder
check "gives up after the retries with 55P03 and location" 1 '0003_c.sql:1:1: error: canceling statement due to lock timeout \(SQLSTATE 55P03\)'

# ---- SIGINT: cancel the running statement, roll back, exit 1
pgh_newdb sig
S=$T/sig; mkdir -p $S
printf 'CREATE TABLE s1 (id int);\n' >$S/0001_s1.sql
printf 'CREATE TABLE s2 (id int);\nSELECT pg_sleep(30);\n' >$S/0002_slow.sql
start=$(date +%s)
"$STRATA" up --dir $S >$T/sig.out 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
RC=$?
OUT=$(cat $T/sig.out)
check "SIGINT cancels and exits 1" 1 'interrupted by signal 2 while applying "0002_slow"'
[ $(($(date +%s) - start)) -lt 10 ] && ok "cancelled promptly (not after pg_sleep)" || bad "cancelled promptly"
[ "$(q "SELECT to_regclass('s2') IS NULL AND to_regclass('s1') IS NOT NULL")" = t ] && ok "interrupted migration rolled back, earlier one kept" || bad "interrupted migration rolled back"
[ "$(q "SELECT string_agg(version, ',' ORDER BY version) FROM strata.history WHERE success")" = 0001 ] && ok "history consistent after SIGINT" || bad "history consistent after SIGINT"

# ---- bad connections and permissions (exit 2 for environment, 1 for a migration error)
run up --dir $M --database-url "postgresql://postgres@127.0.0.1:1/app?connect_timeout=3"
check "unreachable server" 2 'could not connect to server: .*Connection refused'
run status --dir $M --database-url "postgresql://pwuser:wrong-pw-123@127.0.0.1:$PGH_PORT/app"
check "wrong password" 2 'password authentication failed for user "pwuser"'
grep -q 'wrong-pw-123' <<<"$OUT" && bad "password never printed" "$OUT" || ok "password never printed"
run status --dir $M --database-url "postgresql://pwuser:s3cret-pw@127.0.0.1:$PGH_PORT/app"
[ "$RC" -ne 2 ] && ok "right password over TCP with scram connects" || bad "right password connects" "$OUT"
run status --dir $M --database-url "postgresql://postgres@/no_such_db?host=$PGH_DIR&port=$PGH_PORT"
check "missing database" 2 'database "no_such_db" does not exist'
env -u DATABASE_URL "$STRATA" status --dir $M >$T/nourl.out 2>&1; RC=$?; OUT=$(cat $T/nourl.out)
check "no database given" 2 'no database configured'
pgh_newdb perm
q "CREATE ROLE noddl LOGIN; GRANT CREATE ON DATABASE perm TO noddl"
P=$T/perm; mkdir -p $P
printf 'CREATE TABLE public.t (id int);\n' >$P/0001_t.sql
run up --dir $P --database-url "postgresql://noddl@/perm?host=$PGH_DIR&port=$PGH_PORT"
check "permission denied on CREATE: SQLSTATE and location" 1 '0001_t.sql:1:14: error: permission denied for schema public \(SQLSTATE 42501\)'

# ---- down (needs the golang-migrate .up.sql/.down.sql discovery: skipped with the placeholder)
pgh_newdb downdb
D=$T/down; mkdir -p $D
printf 'CREATE TABLE d1 (id int);\n' >$D/0001_d1.up.sql
printf 'DROP TABLE d1;\n' >$D/0001_d1.down.sql
printf 'CREATE TABLE d2 (id int);\n' >$D/0002_d2.up.sql
if "$STRATA" ls --json --dir $D 2>/dev/null | grep -q '"has_down": true'; then
	run up --dir $D
	check "down: setup" 0 'applied'
	printf 'CREATE TABLE d2 (id int);\n' >/dev/null
	run down --dir $D
	check "down refuses when a migration in range has no down" 1 'has no down migration'
	[ "$(q "SELECT count(*) FROM strata.history")" = 2 ] && ok "refused down changed nothing" || bad "refused down changed nothing"
	printf 'DROP TABLE d2;\n' >$D/0002_d2.down.sql
	run down --steps 2 --dir $D
	check "down --steps 2 reverts both" 0 'reverted 0002_d2.*'
	[ "$(q "SELECT count(*) FROM strata.history")" = 0 ] && [ "$(q "SELECT to_regclass('d1') IS NULL")" = t ] && ok "down removed history rows and tables" || bad "down removed rows"
else
	echo "ok - down tests # SKIP discovery of .up.sql/.down.sql lands with the real discovery module"
fi

if [ $fails -ne 0 ]; then echo "$fails failed"; exit 1; fi
