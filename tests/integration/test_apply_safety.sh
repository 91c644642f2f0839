#!/usr/bin/env bash
# test_apply_safety.sh — concurrency and crash safety of `strata up` against a real PostgreSQL 15:
#  1. 8 concurrent `strata up` on one database: every migration applied exactly once, nothing but waiting.
#  2. kill -9 of strata at random points of a 50-migration run, ROUNDS rounds (default 20), each followed
#     by a re-run: history always equals the set of tables (each migration creates one table); every
#     10th migration runs outside a transaction (CREATE INDEX CONCURRENTLY) to exercise resume.
#  3. the server stopped with `pg_ctl stop -m immediate` while migration 25 runs (deterministic: it waits
#     while a marker table exists): exit 1 naming it, 24 migrations whole and nothing of the 25th; after
#     restart a re-run completes and history equals the tables.
# STRATA_SOAK=1 runs the long variant (200 rounds).
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
q() { pgh_psql -c "$1"; }
ROUNDS=${ROUNDS:-20}
[ -n "${STRATA_SOAK:-}" ] && ROUNDS=200

# make_set DIR N [SLEEP]: N migrations, each creating table t_NNNN; every 10th also builds an index concurrently
make_set() {
	mkdir -p "$1"
	for i in $(seq 1 "$2"); do
		v=$(printf '%04d' "$i")
		if [ $((i % 10)) -eq 0 ]; then
			printf 'CREATE TABLE t_%s (id int);\nCREATE INDEX CONCURRENTLY t_%s_id ON t_%s (id);\nSELECT pg_sleep(%s);\n' "$v" "$v" "$v" "${3:-0.01}" >"$1/${v}_t$v.sql"
		else
			printf 'CREATE TABLE t_%s (id int);\nSELECT pg_sleep(%s);\n' "$v" "${3:-0.01}" >"$1/${v}_t$v.sql"
		fi
	done
}
tables() { q "SELECT string_agg(substr(relname, 3), ',' ORDER BY relname) FROM pg_class WHERE relkind = 'r' AND relname ~ '^t_[0-9]{4}\$' AND relnamespace = 'public'::regnamespace"; }
# versions whose migration is complete (success), plus per-statement ones whose CREATE TABLE has run
history_tx() { q "SELECT string_agg(version, ',' ORDER BY version) FROM strata.history WHERE success OR (mode = 'per-statement' AND statements_done >= 1)"; }
history_ok() { q "SELECT string_agg(version, ',' ORDER BY version) FROM strata.history WHERE success"; }
dup_versions() { q "SELECT count(*) FROM (SELECT version FROM strata.history GROUP BY version HAVING count(*) > 1) d"; }

# ---- 1. eight concurrent runs
pgh_newdb conc
make_set $T/conc 30
pids=()
for k in 1 2 3 4 5 6 7 8; do
	"$STRATA" up --dir $T/conc >$T/conc.$k.out 2>&1 &
	pids+=($!)
done
rcs=0
for p in "${pids[@]}"; do wait $p || rcs=$((rcs + 1)); done
[ $rcs -eq 0 ] && ok "8 concurrent runs all exit 0" || bad "8 concurrent runs all exit 0 ($rcs failed)" "$(cat $T/conc.*.out)"
applied=$(cat $T/conc.*.out | grep -c '^applied ')
[ "$applied" -eq 30 ] && ok "30 migrations applied once in total across 8 runs ($applied 'applied' lines)" || bad "each migration applied once ($applied applied lines)"
others=$(cat $T/conc.*.out | grep -v '^applied \|^up to date\|^waiting for another strata run' | wc -l)
[ "$others" -eq 0 ] && ok "no output other than applying and waiting" || bad "no output other than applying and waiting" "$(cat $T/conc.*.out | grep -v '^applied \|^up to date\|^waiting')"
[ "$(q "SELECT count(*) FROM strata.history WHERE success")" = 30 ] && [ "$(dup_versions)" = 0 ] && ok "history has each of 30 versions exactly once" || bad "history has each version once"
[ "$(tables)" = "$(history_ok)" ] && ok "tables equal history versions after concurrent runs" || bad "tables equal history"

# ---- 2. kill -9 at random points, then re-run
make_set $T/kill 50
inconsistent=0 rerun_fail=0 killed_mid=0
for r in $(seq 1 "$ROUNDS"); do
	pgh_newdb kill
	"$STRATA" up --dir $T/kill >$T/kill.out 2>&1 &
	pid=$!
	sleep "0.$(printf '%03d' $((RANDOM % 600)))"
	if kill -9 $pid 2>/dev/null; then killed_mid=$((killed_mid + 1)); fi
	wait $pid 2>/dev/null
	# right after the kill: a completed transactional migration <=> its table (per-statement: table once stmt 1 ran)
	sleep 0.1
	if [ "$(tables)" != "$(history_tx 2>/dev/null)" ] && [ -n "$(tables)$(history_tx 2>/dev/null)" ]; then
		# the killed backend may still be finishing its last statement; it can never commit. Re-check.
		sleep 1
		if [ "$(tables)" != "$(history_tx 2>/dev/null)" ]; then
			inconsistent=$((inconsistent + 1))
			echo "    round $r after kill: tables=$(tables) history=$(history_tx)"
		fi
	fi
	if ! "$STRATA" up --dir $T/kill --lock-wait 30 >$T/rerun.out 2>&1; then
		rerun_fail=$((rerun_fail + 1))
		sed 's/^/    /' $T/rerun.out | head -10
	fi
	if [ "$(q "SELECT count(*) FROM strata.history WHERE success")" != 50 ] || [ "$(tables)" != "$(history_ok)" ] ||
		[ "$(dup_versions)" != 0 ] || [ "$(q "SELECT count(*) FROM strata.history WHERE NOT success")" != 0 ] ||
		[ "$(q "SELECT count(*) FROM pg_index WHERE NOT indisvalid")" != 0 ]; then
		inconsistent=$((inconsistent + 1))
		echo "    round $r after re-run: $(q "SELECT count(*) FROM strata.history WHERE success") rows"
	fi
done
[ $inconsistent -eq 0 ] && ok "kill -9 x$ROUNDS ($killed_mid killed mid-run): history always equals the tables" || bad "kill -9: $inconsistent inconsistent states"
[ $rerun_fail -eq 0 ] && ok "kill -9 x$ROUNDS: every re-run completes all 50 migrations" || bad "kill -9: $rerun_fail re-runs failed"

# ---- 3. the server stopped mid-run
# Deterministic: migration 0025 sleeps while a marker table exists, and the server is stopped only once that
# statement is seen running, so strata is inside the migration (not between two, not recording) when it goes.
pgh_newdb crash
make_set $T/crash 50 0.01
printf 'CREATE TABLE t_0025 (id int);\nSELECT pg_sleep(CASE WHEN to_regclass(%s) IS NULL THEN 0 ELSE 120 END);\n' \
	"'public.crash_hold_here'" >$T/crash/0025_t0025.sql
q "CREATE TABLE crash_hold_here ()"
# commits reach the WAL before strata is told (the harness runs synchronous_commit = off): what strata reports
# applied is what survives the stop
PGH_DB=postgres q "ALTER DATABASE crash SET synchronous_commit = on"
"$STRATA" up --dir $T/crash >$T/crash.out 2>&1 &
pid=$!
seen=0
for _ in $(seq 1 600); do
	[ "$(q "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%crash_hold_here%' AND pid <> pg_backend_pid()")" = 1 ] && { seen=1; break; }
	sleep 0.1
done
[ $seen = 1 ] && ok "the run reached migration 0025 (its statement is running)" || bad "the run reached migration 0025" "$(cat $T/crash.out)"
pgh_stop_immediate
wait $pid
rc=$?
OUT=$(cat $T/crash.out)
if [ $rc -eq 1 ] && grep -q 'lost the connection to the server while applying "0025_t0025"' <<<"$OUT"; then
	ok "server killed mid-run: exit 1 with a clear error"
else
	bad "server killed mid-run: exit 1 with a clear error (exit $rc)" "$OUT"
fi
grep -q 'AddressSanitizer\|Segmentation' <<<"$OUT" && bad "no crash on lost server" || ok "no crash on lost server"
pgh_start
PGH_DB=crash
[ "$(tables)" = "$(seq -f '%04g' -s, 1 24)" ] && [ "$(history_ok)" = "$(tables)" ] &&
	[ "$(grep -c '^applied ' $T/crash.out)" = 24 ] &&
	[ "$(q "SELECT count(*) FROM strata.history WHERE version = '0025'")" = 0 ] &&
	ok "after the crash: 24 migrations whole, nothing of 0025 (table or history row)" ||
	bad "after the crash: nothing half-applied" "tables: $(tables)" "history: $(history_ok)"
q "DROP TABLE crash_hold_here"
if "$STRATA" up --dir $T/crash >$T/crash2.out 2>&1; then ok "after restart the re-run completes"; else bad "after restart the re-run completes" "$(cat $T/crash2.out)"; fi
[ "$(q "SELECT count(*) FROM strata.history WHERE success")" = 50 ] && [ "$(tables)" = "$(history_ok)" ] && [ "$(dup_versions)" = 0 ] &&
	ok "no corrupt history after server crash: 50 rows equal 50 tables" || bad "history after server crash"

if [ $fails -ne 0 ]; then echo "$fails failed"; exit 1; fi
