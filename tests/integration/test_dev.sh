#!/usr/bin/env bash
# test_dev.sh — `strata dev start|stop|status|url`: idempotent start, same URL across restarts, psql works
# on the printed URL, stop/status/url exit codes, a server killed with -9, STRATA_HOME, clear errors,
# and (as root) a project folder the server user cannot reach.
. "$(dirname "$0")/lib.sh"

T=$(mktemp -d)
T=$(cd "$T" && pwd -P)
chmod 755 "$T"
mkdir -p "$T/proj" "$T/home"

# stop every server this script may have started, whatever happened
stop_all() {
	local d
	for d in "$T/proj" "$T/private/proj"; do
		[[ -d $d ]] && (cd "$d" && "$STRATA" dev stop >/dev/null 2>&1)
		[[ -L $d/.strata/pg ]] && rm -rf "$(dirname "$(readlink "$d/.strata/pg")")"
	done
	STRATA_HOME=$T/home "$STRATA" dev stop >/dev/null 2>&1
	rm -rf "$T"
}
at_exit stop_all

dev() { (cd "$T/proj" && "$STRATA" dev "$@"); }
pidof_dev() { head -n1 "$T/proj/.strata/pg/postmaster.pid"; }

expect_exit 0 "dev --help" "$STRATA" dev --help
expect_exit 2 "dev without action is a usage error" "$STRATA" dev
expect_exit 2 "dev with an unknown action is a usage error" "$STRATA" dev frobnicate
expect_output "^not created" "status before start" bash -c "cd '$T/proj' && '$STRATA' dev status; test \$? = 1"
expect_exit 1 "url before start exits 1" dev url

check "start" dev start
URL=$(dev start 2>/dev/null)
expect_output "^postgresql://postgres@/postgres\?host=$T/proj/\.strata/pg&port=[0-9]+$" "start prints the URL" echo "$URL"
expect_output "already running" "start again says already running" dev start
check "start again prints the same URL" test "$(dev start 2>/dev/null)" = "$URL"
expect_output "^running \(pid [0-9]+\)" "status says running" dev status
check "url prints the same URL" test "$(dev url)" = "$URL"
expect_output "^1$" "psql select 1 on the URL" psql "$URL" -Atc "select 1"
expect_output "^t$" "the URL's role is a superuser" psql "$URL" -Atc "select rolsuper from pg_roles where rolname = current_user"
expect_output "^off$" "fsync is off" psql "$URL" -Atc "show fsync"
expect_output "^$" "no TCP listener" psql "$URL" -Atc "show listen_addresses"

expect_output "stopped" "stop" dev stop
expect_exit 1 "status after stop exits 1" dev status
expect_output "^stopped" "status after stop says stopped" bash -c "cd '$T/proj' && '$STRATA' dev status; true"
expect_exit 1 "url after stop exits 1" dev url
expect_output "not running" "stop when stopped is fine" dev stop
check "restart keeps the URL (port kept)" test "$(dev start 2>/dev/null)" = "$URL"

kill -9 "$(pidof_dev)"
sleep 0.2
expect_output "stale" "status after kill -9 says stale" bash -c "cd '$T/proj' && '$STRATA' dev status; test \$? = 1"
check "start after kill -9" dev start
expect_output "^1$" "psql after restart from a stale pid" psql "$URL" -Atc "select 1"
kill -9 "$(pidof_dev)"
sleep 0.2
expect_output "not running" "stop after kill -9 cleans up" dev stop
check "start after kill -9 and stop" dev start
check "stop" dev stop

HURL=$(STRATA_HOME=$T/home "$STRATA" dev start 2>/dev/null)
expect_output "^postgresql://postgres@/postgres\?host=$T/home/pg&port=[0-9]+$" "STRATA_HOME is honoured" echo "$HURL"
expect_output "^1$" "psql on the STRATA_HOME server" psql "$HURL" -Atc "select 1"
check "no .strata in the folder with STRATA_HOME" test ! -e "$PWD/.strata"
expect_exit 0 "status with STRATA_HOME" env STRATA_HOME="$T/home" "$STRATA" dev status
expect_exit 0 "stop with STRATA_HOME" env STRATA_HOME="$T/home" "$STRATA" dev stop
expect_exit 1 "project server still stopped" dev status

expect_exit 2 "missing binaries exit 2" env STRATA_PG_BINDIR=/nonexistent "$STRATA" dev start
expect_output "^strata dev: error: .*not found.*" "missing binaries: one clear line" echo "$OUT"
expect_output "hint: " "missing binaries: with a hint" echo "$OUT"

if [[ $(id -u) == 0 ]]; then
	# a project the server user cannot traverse: the cluster moves to /tmp behind a symlink
	mkdir -p "$T/private/proj"
	chmod 700 "$T/private"
	PURL=$(cd "$T/private/proj" && "$STRATA" dev start 2>"$T/private.err")
	expect_output "cannot reach" "unreachable project: says where the data went" cat "$T/private.err"
	check "unreachable project: .strata/pg is a symlink" test -L "$T/private/proj/.strata/pg"
	expect_output "^1$" "unreachable project: psql works" psql "$PURL" -Atc "select 1"
	expect_output "^running" "unreachable project: status" bash -c "cd '$T/private/proj' && '$STRATA' dev status"
	expect_output "stopped" "unreachable project: stop" bash -c "cd '$T/private/proj' && '$STRATA' dev stop"
	check "the private folder was left at 0700" test "$(stat -c %a "$T/private")" = 700
fi

finish
