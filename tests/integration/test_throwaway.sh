#!/usr/bin/env bash
# test_throwaway.sh — a server strata starts for itself never outlives it (issue 19): kill -9 `strata
# verify` while its throwaway server runs, and within 5 s no postmaster of it remains and its folder is
# gone (THROWAWAY_KILL_RUNS times: 3 here, 10 in `make test-kill`); a run whose supervisor was killed too is
# swept by the next start, which says what it removed; folders without strata's mark, kept clusters and
# folders of live runs are never touched; the same for tests/pg-harness (its watchdog and its sweep), and
# for the conformance harness built on it (kill -9 tests/conformance/run: when the suite is cached).
. "$(dirname "$0")/lib.sh"

RUNS=${THROWAWAY_KILL_RUNS:-3}
T=$(mktemp -d)
T=$(cd "$T" && pwd -P)
at_exit "rm -rf '$T'"

# a history long enough that verify is still applying it when we kill it
mkdir -p "$T/big"
for i in $(seq 1 300); do
	printf 'CREATE TABLE t%d (id int PRIMARY KEY, a text, b int);\nCREATE INDEX ON t%d (a);\n' "$i" "$i" \
		>"$T/big/$(printf %04d "$i")_t.sql"
done
# dynamic SQL all along: check --exact keeps its server busy
mkdir -p "$T/dyn"
for i in $(seq 1 200); do
	printf 'DO $$ BEGIN EXECUTE $q$CREATE TABLE d%d (id int)$q$; END $$;\n' "$i" >"$T/dyn/$(printf %04d "$i")_d.sql"
done
mkdir -p "$T/small"
echo "CREATE TABLE a (id int);" >"$T/small/0001_a.sql"

# postmaster_of DIR: pids of live (not zombie) postmasters of DIR/pg (not initdb's, which names it too)
postmaster_of() {
	local p s
	for p in $(pgrep -f -- "bin/postgres -D $1/pg" 2>/dev/null); do
		s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
		s=${s##*) }
		[[ ${s:0:1} != Z ]] && echo "$p"
	done
}

# home_of PID: the throwaway folder whose mark names PID as its owner (empty until it exists)
home_of() {
	local m
	m=$(grep -l "^owner $1 " /tmp/strata-*/.strata-throwaway 2>/dev/null | head -n1)
	[[ -n $m ]] && dirname "$m"
}

# start_and_wait CMD...: run CMD in the background; wait until its server runs. Sets PID, HOME_DIR, PM.
start_and_wait() {
	"$@" >"$T/out" 2>&1 &
	PID=$!
	HOME_DIR="" PM=""
	for _ in $(seq 1 600); do
		HOME_DIR=$(home_of "$PID")
		[[ -n $HOME_DIR ]] && PM=$(postmaster_of "$HOME_DIR" | head -n1)
		[[ -n $PM ]] && return 0
		kill -0 "$PID" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# gone_within SECONDS DIR: no postmaster of DIR, no supervisor of DIR, DIR removed; prints the time taken
gone_within() {
	local limit=$1 dir=$2 t0 now
	t0=$(date +%s%N)
	while :; do
		if [[ -z $(postmaster_of "$dir") && ! -e $dir ]] && ! pgrep -f -- "__supervise $dir\$" >/dev/null; then
			echo "$(((($(date +%s%N) - t0) / 1000000))) ms"
			return 0
		fi
		now=$(date +%s%N)
		(((now - t0) / 1000000 > limit * 1000)) && return 1
		sleep 0.05
	done
}

# ---- normal end
OUT=$("$STRATA" verify --dir "$T/small" 2>&1) && _result 1 "verify on its own cluster" || _result 0 "verify on its own cluster"
check "no supervisor is left after a normal end" bash -c "! pgrep -f '[_]_supervise /tmp/strata-verify-' | grep -q ."

# ---- kill -9 while the server runs
for run in $(seq 1 "$RUNS"); do
	if ! start_and_wait "$STRATA" verify --dir "$T/big"; then
		OUT="verify did not start a server: $(cat "$T/out")"
		_result 0 "kill -9 verify ($run/$RUNS)"
		continue
	fi
	kill -9 "$PID"
	wait "$PID" 2>/dev/null
	if took=$(gone_within 5 "$HOME_DIR"); then
		OUT=""
		_result 1 "kill -9 verify ($run/$RUNS): server (pid $PM) and folder gone in $took"
	else
		OUT="left: $(ls -d "$HOME_DIR" 2>&1); postmaster: $(postmaster_of "$HOME_DIR")"
		_result 0 "kill -9 verify ($run/$RUNS): server and folder gone within 5 s"
	fi
done

# ---- kill -9 check --exact while its server runs
for run in $(seq 1 "$RUNS"); do
	if ! start_and_wait "$STRATA" check --exact --dir "$T/dyn"; then
		OUT="check --exact did not start a server: $(cat "$T/out")"
		_result 0 "kill -9 check --exact ($run/$RUNS)"
		continue
	fi
	kill -9 "$PID"
	wait "$PID" 2>/dev/null
	if took=$(gone_within 5 "$HOME_DIR"); then
		OUT=""
		_result 1 "kill -9 check --exact ($run/$RUNS): server (pid $PM) and folder gone in $took"
	else
		OUT="left: $(ls -d "$HOME_DIR" 2>&1); postmaster: $(postmaster_of "$HOME_DIR")"
		_result 0 "kill -9 check --exact ($run/$RUNS): server and folder gone within 5 s"
	fi
done

# ---- the supervisor killed too: the next start sweeps, and says so
if start_and_wait "$STRATA" verify --dir "$T/big"; then
	SUP=$(pgrep -f -- "__supervise $HOME_DIR\$")
	kill -9 $SUP "$PID"
	wait "$PID" 2>/dev/null
	sleep 0.5
	check "with its supervisor killed too, the server and folder stay" test -d "$HOME_DIR" -a -n "$(postmaster_of "$HOME_DIR")"
	expect_output "removed \"$HOME_DIR\" and stopped its server \(pid $PM\), left by an earlier run \(pid $PID\) that is gone" \
		"the next verify sweeps them and says so" "$STRATA" verify --dir "$T/small"
	check "swept: no postmaster, no folder" test -z "$(postmaster_of "$HOME_DIR")" -a ! -e "$HOME_DIR"
else
	OUT=$(cat "$T/out")
	_result 0 "verify started a server"
fi

# ---- what the sweep never touches: a folder without the mark, a live owner's folder, a kept cluster
FAKE=$(mktemp -d /tmp/strata-verify-XXXXXX)
mkdir -p "$FAKE/pg"
sleep 300 &
SLEEPER=$!
echo "$SLEEPER" >"$FAKE/pg/postmaster.pid"
LIVE=$(mktemp -d /tmp/strata-verify-XXXXXX)
printf 'strata throwaway\nowner %s %s\n' "$$" "$(cut -d' ' -f22 /proc/$$/stat)" >"$LIVE/.strata-throwaway"
at_exit "kill $SLEEPER 2>/dev/null; rm -rf '$FAKE' '$LIVE'"
OUT=$("$STRATA" verify --keep --dir "$T/small" 2>&1)
KEPT=$(grep -o '/tmp/strata-verify-[A-Za-z0-9]*' <<<"$OUT" | head -n1)
_result "$([[ -n $KEPT && -d $KEPT ]] && echo 1 || echo 0)" "verify --keep keeps its cluster"
at_exit "[ -n '$KEPT' ] && for p in \$(pgrep -f -- 'bin/postgres -D $KEPT/pg'); do kill -QUIT \$p; done; sleep 1; rm -rf '$KEPT'"
check "a later run leaves the kept cluster alone" bash -c "'$STRATA' verify --dir '$T/small' >/dev/null 2>&1 && test -n \"\$(pgrep -f -- 'bin/[p]ostgres -D $KEPT/pg')\""
check "a folder without strata's mark is not touched" test -f "$FAKE/pg/postmaster.pid"
check "its process is not signalled" kill -0 "$SLEEPER"
check "a marked folder of a live run is not touched" test -f "$LIVE/.strata-throwaway"

# ---- tests/pg-harness: the watchdog and the sweep
for run in $(seq 1 "$RUNS"); do
	bash -c ". tests/pg-harness && pgh_start '$T/h$run' >/dev/null && sleep 60" &
	OWNER=$!
	for _ in $(seq 1 300); do
		[[ -f $T/h$run/data/postmaster.pid ]] && grep -q '^watchdog ' "$T/h$run/.pg-harness" 2>/dev/null && break
		sleep 0.05
	done
	read -r HPM <"$T/h$run/data/postmaster.pid"
	kill -9 "$OWNER"
	wait "$OWNER" 2>/dev/null
	t0=$(date +%s%N)
	while { kill -0 "$HPM" 2>/dev/null && ! grep -q ') Z' "/proc/$HPM/stat" 2>/dev/null; } || [[ -e $T/h$run ]]; do
		(((($(date +%s%N) - t0) / 1000000) > 5000)) && break
		sleep 0.05
	done
	OUT="postmaster $HPM: $(cat "/proc/$HPM/stat" 2>/dev/null | cut -c1-60); folder: $(ls -d "$T/h$run" 2>&1)"
	check "kill -9 of a shell that sourced pg-harness ($run/$RUNS): cluster gone within 5 s" \
		bash -c "{ ! kill -0 $HPM 2>/dev/null || grep -q ') Z' /proc/$HPM/stat; } && test ! -e '$T/h$run'"
done

bash -c ". tests/pg-harness && pgh_start '$T/hs' >/dev/null && sleep 60" &
OWNER=$!
for _ in $(seq 1 300); do
	grep -q '^watchdog ' "$T/hs/.pg-harness" 2>/dev/null && [[ -f $T/hs/data/postmaster.pid ]] && break
	sleep 0.05
done
WD=$(awk '$1 == "watchdog" {print $2}' "$T/hs/.pg-harness")
{
	kill -9 "$WD" "$OWNER"
	wait "$OWNER"
} 2>/dev/null # no "Killed" job notice in the test's output
sleep 0.5
check "pg-harness: with its watchdog killed too, the cluster stays" test -f "$T/hs/data/postmaster.pid"
expect_output "pg-harness: removed \"$T/hs\" and stopped its server \(pid [0-9]+\), left by an earlier run \(pid $OWNER\) that is gone" \
	"pg-harness: the next start sweeps it and says so" bash -c ". tests/pg-harness && pgh_start '$T/h-next' >/dev/null"
check "pg-harness: swept cluster removed" test ! -e "$T/hs"

# ---- the conformance harness (tests/pg-harness underneath)
if tests/conformance/get-suite --if-cached >/dev/null 2>&1; then
	tests/conformance/run --core >"$T/conform.out" 2>&1 &
	CPID=$!
	CDIR=""
	for _ in $(seq 1 1200); do
		m=$(grep -l "^owner $CPID " /tmp/strata-conform-*/pg/.pg-harness 2>/dev/null | head -n1)
		[[ -n $m && -f $(dirname "$m")/data/postmaster.pid ]] && CDIR=$(dirname "$m") && break
		sleep 0.1
	done
	if [[ -n $CDIR ]]; then
		read -r CPM <"$CDIR/data/postmaster.pid"
		kill -9 "$CPID"
		wait "$CPID" 2>/dev/null
		t0=$(date +%s%N)
		while { kill -0 "$CPM" 2>/dev/null && ! grep -q ') Z' "/proc/$CPM/stat" 2>/dev/null; } || [[ -e $CDIR ]]; do
			(((($(date +%s%N) - t0) / 1000000) > 5000)) && break
			sleep 0.05
		done
		OUT="postmaster $CPM: $(cut -c1-60 "/proc/$CPM/stat" 2>/dev/null); folder: $(ls -d "$CDIR" 2>&1)"
		check "kill -9 tests/conformance/run: its cluster gone within 5 s" \
			bash -c "{ ! kill -0 $CPM 2>/dev/null || grep -q ') Z' /proc/$CPM/stat; } && test ! -e '$CDIR'"
		rm -rf "$(dirname "$CDIR")" # the harness's own work folder (not a server)
	else
		kill -9 "$CPID" 2>/dev/null
		OUT=$(tail -5 "$T/conform.out")
		_result 0 "kill -9 tests/conformance/run: its cluster started"
	fi
else
	echo "ok - kill -9 tests/conformance/run # SKIP skipped: regression suite not cached"
fi

finish
