#!/usr/bin/env bash
# test_tenants_reliability.sh — rollouts under failure, against real PostgreSQL 15 servers:
#   1. kill -9 of strata at random moments of a 200-tenant rollout (500 and more kills with
#      TENANTS_SOAK=1), then a re-run: every tenant at head exactly once, ledger == history == live schema
#   2. pg_terminate_backend on a worker's connection: that tenant is rolled back and retried, the rest
#      unaffected
#   3. three cooperative strata processes on one rollout: every tenant migrated exactly once
#   4. tenants spread over three servers (tenant add places them; up and status cover the fleet)
#   5. (run before 4) pg_ctl restart -m immediate in the middle of a 200-tenant rollout (500 with
#      TENANTS_SOAK=1): the run rides it out or stops; ledger, history and live schemas agree; a re-run
#      brings every tenant to head exactly once
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
SOAK=${TENANTS_SOAK:-}
N=200
KILLS=3
[[ -n $SOAK ]] && N=500 && KILLS=10
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
P=$T/proj
make_project "$P" 10
S() { (cd "$P" && "$STRATA" "$@" --database-url "$URL"); }
S5() { (cd "$T/proj5" && "$STRATA" "$@" --database-url "$URL"); }

# ---- 1. kill -9 at random moments
{
	echo "BEGIN;"
	for i in $(seq -f %04g 1 $N); do echo "CREATE SCHEMA t_$i;"; done
	echo "COMMIT;"
} | psql -q "$URL"
killed=0
for ((k = 1; k <= KILLS; k++)); do
	(cd "$P" && exec "$STRATA" up --tenants all --jobs 2 --database-url "$URL" >"$T/kill$k.log" 2>&1) &
	pid=$!
	sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
	if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
	wait "$pid" 2>/dev/null
	# The server may still be running what the killed client had already pipelined (up to its COMMIT):
	# check only once its backends are gone, or the queries below see both sides of a commit.
	for _ in $(seq 1 200); do
		[[ $(sq "$URL" "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'strata'") == 0 ]] && break
		sleep 0.05
	done
	OUT=$(consistency "$URL" 't\_%' '')
	[[ -z $OUT ]] && _result 1 "after kill -9 #$k: every tenant's ledger, history and schema agree" ||
		_result 0 "after kill -9 #$k: every tenant's ledger, history and schema agree"
done
check "strata was killed mid-rollout at least once ($killed of $KILLS)" test "$killed" -gt 0
partial=$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0010'")
echo "# $partial of $N tenants at head after the kills"
expect_output "migrated $((N - partial)) tenants to 0010" "re-run finishes exactly the rest" S up --tenants all --jobs 2
OUT=$(consistency "$URL" 't\_%' 0010)
[[ -z $OUT ]] && _result 1 "every tenant at head exactly once: ledger == history == live schema" ||
	_result 0 "every tenant at head exactly once: ledger == history == live schema"
check "ledger has all $N tenants at head" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE version = '0010' AND status = 'ok'")" = "$N"

# ---- 2. pg_terminate_backend on a worker's connection
P2=$T/proj2
make_project "$P2" 3
sed -i 's/^source = .*/source = pattern:v\\_%/' "$P2/strata.conf"
printf "SELECT pg_sleep(CASE WHEN current_schema() = 'v_05' THEN 1.5 ELSE 0 END);\n" >>"$P2/migrations/tenant/0002_t2.sql"
for i in $(seq -w 1 20); do echo "CREATE SCHEMA v_$i;"; done | psql -q "$URL"
(cd "$P2" && exec "$STRATA" up --tenants all --jobs 2 --database-url "$URL" >"$T/term.log" 2>&1) &
pid=$!
victim=""
for _ in $(seq 1 100); do
	victim=$(sq "$URL" "SELECT pid FROM pg_stat_activity WHERE application_name = 'strata' AND state = 'active' AND query LIKE '%pg_sleep%v_05%'" 2>/dev/null)
	[[ -n $victim ]] && break
	sleep 0.05
done
check "found the worker connection migrating v_05" test -n "$victim"
sq "$URL" "SELECT pg_terminate_backend($victim)" >/dev/null
wait "$pid"
rc=$?
OUT=$(cat "$T/term.log")
[[ $rc == 0 ]] && _result 1 "the rollout still succeeds (exit 0)" || _result 0 "the rollout still succeeds (exit 0, got $rc)"
check "the lost connection was reported and the tenant retried" grep -q 'tenant "v_05": lost the connection.*retrying' "$T/term.log"
OUT=$(consistency "$URL" 'v\_%' 0003)
[[ -z $OUT ]] && _result 1 "v_05 and the others at head, ledger == history == schema" ||
	_result 0 "v_05 and the others at head, ledger == history == schema"
check "all 20 migrated in the run" grep -q 'migrated 20 tenants to 0003 .*: 0 failed' "$T/term.log"

# ---- 3. three cooperative workers
P3=$T/proj3
make_project "$P3" 10
sed -i 's/^source = .*/source = pattern:w\\_%/' "$P3/strata.conf"
{
	echo "BEGIN;"
	for i in $(seq -f %04g 1 $N); do echo "CREATE SCHEMA w_$i;"; done
	echo "COMMIT;"
} | psql -q "$URL"
for w in 1 2 3; do
	(cd "$P3" && exec "$STRATA" up --tenants all --jobs 2 --database-url "$URL" >"$T/worker$w.log" 2>&1) &
	pids[$w]=$!
done
ok=1
for w in 1 2 3; do wait "${pids[$w]}" || ok=0; done
OUT=$(cat "$T"/worker*.log)
[[ $ok == 1 ]] && _result 1 "three workers all exit 0" || _result 0 "three workers all exit 0"
total=0
for w in 1 2 3; do
	n=$(grep -oE 'migrated [0-9]+ tenant' "$T/worker$w.log" | grep -oE '[0-9]+' || echo 0)
	echo "# worker $w migrated ${n:-0} tenants"
	total=$((total + ${n:-0}))
done
check "the workers' counts add up to $N (each tenant migrated by one worker)" test "$total" = "$N"
OUT=$(consistency "$URL" 'w\_%' 0010)
[[ -z $OUT ]] && _result 1 "every tenant at head exactly once (history, runs, tables)" ||
	_result 0 "every tenant at head exactly once (history, runs, tables)"
check "each ledger row written by one successful attempt" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE target LIKE 'w\_%' AND attempts = 1 AND status = 'ok'")" = "$N"

# ---- 5. the server restarts (pg_ctl restart -m immediate: a crash and recovery) in the middle of a rollout
P5=$T/proj5
make_project "$P5" 10
sed -i 's/^source = .*/source = pattern:r\\_%/' "$P5/strata.conf"
{
	echo "BEGIN;"
	for i in $(seq -f %04g 1 $N); do echo "CREATE SCHEMA r_$i;"; done
	echo "COMMIT;"
} | psql -q "$URL"
(cd "$P5" && exec "$STRATA" up --tenants all --jobs 2 --database-url "$URL" >"$T/restart.log" 2>&1) &
pid=$!
for _ in $(seq 1 400); do
	n=$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE target LIKE 'r\_%' AND status = 'ok'" 2>/dev/null)
	[[ ${n:-0} -ge $((N / 10)) ]] && break
	sleep 0.05
done
before=$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE target LIKE 'r\_%' AND status = 'ok'")
OUT=""
pgh_restart "$T/pg" immediate && _result 1 "server restarted (immediate) with $before of $N tenants at head" ||
	_result 0 "server restarted (immediate)"
wait "$pid"
rc=$?
echo "# the interrupted run exited $rc: $(grep -m1 '^migrated' "$T/restart.log")"
OUT=$(cat "$T/restart.log")
check "the run saw the restart (lost connections, retried)" grep -q 'lost the connection' <<<"$OUT"
check "it exited 0 (rode the restart out) or 1 (a tenant ran out of retries), never 2 or a crash" test "$rc" -le 1
OUT=$(consistency "$URL" 'r\_%' '')
[[ -z $OUT ]] && _result 1 "after the restart: every tenant's ledger, history and schema agree" ||
	_result 0 "after the restart: every tenant's ledger, history and schema agree"
expect_exit 0 "a re-run exits 0" S5 up --tenants all --jobs 2
OUT=$(consistency "$URL" 'r\_%' 0010)
[[ -z $OUT ]] && _result 1 "after the re-run: all $N at head, each migration once, ledger == history == schema" ||
	_result 0 "after the re-run: all $N at head, each migration once, ledger == history == schema"
check "the ledger has all $N at head" test "$(sq "$URL" "SELECT count(*) FROM strata.ledger WHERE target LIKE 'r\_%' AND version = '0010' AND status = 'ok'")" = "$N"

# ---- 4. three servers (fresh ones: the ledger of the first server holds the tenants above)
pgh_stop "$T/pg" >/dev/null
pgh_start "$T/pg1" >/dev/null || exit 2
URL=$PGH_URL
pgh_start "$T/pg2" >/dev/null || exit 2
U2=$PGH_URL
pgh_start "$T/pg3" >/dev/null || exit 2
U3=$PGH_URL
P4=$T/proj4
make_project "$P4" 4
sed -i 's/^source = .*/source = ledger/' "$P4/strata.conf"
printf '[fleet]\nservers = %s\nservers = %s\nservers = %s\n' "$URL" "$U2" "$U3" >>"$P4/strata.conf" # one a line
F() { (cd "$P4" && "$STRATA" "$@"); }

expect_output 'tenants: 0 on 3 servers' "up --tenants applies the shared migrations on every server" F up --tenants all
check "plans exist on the 3 servers" test "$(for u in "$URL" "$U2" "$U3"; do sq "$u" "SELECT count(*) FROM public.plans"; done | tr '\n' ,)" = "2,2,2,"
names=$(for i in $(seq -w 1 30); do printf 'x_%s ' "$i"; done)
# shellcheck disable=SC2086
expect_output 'migrated 30 tenants to 0004' "tenant add spreads 30 tenants over 3 servers" F tenant add $names
check "10 tenants on each server" test "$(for u in "$URL" "$U2" "$U3"; do sq "$u" "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'x\_%'"; done | tr '\n' ,)" = "10,10,10,"
printf 'CREATE TABLE t5 (id int);\nINSERT INTO runs VALUES (5);\n' >"$P4/migrations/tenant/0005_t5.sql"
expect_output 'tenants: 30 on 3 servers, head 0005: 0 at head, 30 to migrate' "up --tenants over the fleet" F up --tenants all --jobs 2
expect_output 'fleet: 30 tenants on 3 servers, head 0005' "status --tenants over the fleet" F status --tenants
for u in "$URL" "$U2" "$U3"; do
	OUT=$(consistency "$u" 'x\_%' 0005)
	[[ -z $OUT ]] && _result 1 "server $u: ledger == history == schema at 0005" || _result 0 "server $u: ledger == history == schema at 0005"
done
finish
