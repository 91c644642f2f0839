#!/usr/bin/env bash
# test_harness.sh — tests/pg-harness itself: start/url/stop as a command, idempotent start, the settings
# it promises, removal on stop, refusal to remove a folder it did not make, and cleanup at exit when
# sourced.
. "$(dirname "$0")/lib.sh"

T=$(mktemp -d)
T=$(cd "$T" && pwd -P)
at_exit "tests/pg-harness stop '$T/a' >/dev/null 2>&1; rm -rf '$T'"

URL=$(tests/pg-harness start "$T/a")
expect_output "^postgresql://postgres@/postgres\?host=$T/a&port=[0-9]+$" "start prints the URL" echo "$URL"
check "start again prints the same URL" test "$(tests/pg-harness start "$T/a")" = "$URL"
check "url prints the same URL" test "$(tests/pg-harness url "$T/a")" = "$URL"
expect_output "^1$" "psql select 1" psql "$URL" -Atc "select 1"
expect_output "^off\|off\|off\|$" "fsync, synchronous_commit, full_page_writes off, no TCP" \
	psql "$URL" -Atc "select current_setting('fsync'), current_setting('synchronous_commit'),
		current_setting('full_page_writes'), current_setting('listen_addresses')"
expect_output "^t$" "the URL's role is a superuser" psql "$URL" -Atc "select rolsuper from pg_roles where rolname = current_user"
check "stop" tests/pg-harness stop "$T/a"
check "stop removes the folder" test ! -e "$T/a"
expect_exit 1 "url after stop exits 1" tests/pg-harness url "$T/a"

mkdir -p "$T/mine/data"
expect_exit 2 "start refuses a data folder it did not make" tests/pg-harness start "$T/mine"
expect_exit 2 "stop refuses to remove a folder it did not make" tests/pg-harness stop "$T/mine"
check "that folder is still there" test -d "$T/mine/data"

# sourced: the cluster is stopped and removed when the shell exits
OUT=$(bash -c ". tests/pg-harness && pgh_start '$T/b' >/dev/null && echo \"\$PGH_URL\" && head -n1 '$T/b/data/postmaster.pid'")
PID=$(tail -n1 <<<"$OUT")
check "sourced pgh_start sets PGH_URL" grep -Eq "^postgresql://.*host=$T/b&" <<<"$OUT"
check "sourced: cluster removed at exit" test ! -e "$T/b"
check "sourced: postmaster gone at exit" bash -c "! kill -0 $PID 2>/dev/null || grep -q ') Z' /proc/$PID/stat"

finish
