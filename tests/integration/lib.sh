# lib.sh — the small helpers every integration test sources (see README.md): checks that print
# "ok - NAME" / "not ok - NAME", a pass/fail counter, and cleanup at exit.
#   check NAME CMD...             passes when CMD exits 0
#   expect_exit CODE NAME CMD...  passes when CMD exits with CODE
#   expect_output REGEX NAME CMD...  passes when CMD exits 0 and its stdout+stderr match REGEX (grep -E)
#   at_exit CMD...                run CMD at exit (last registered runs first)
#   finish                        print the summary and exit 1 if any check failed (call it last)
# The output of the last command is in $OUT (stdout and stderr together); on failure it is printed,
# indented, under the "not ok" line. $STRATA is ./build/strata unless set (tests/run-all runs some
# scripts again with STRATA=build-asan/strata); any sanitizer report in a checked output is a failure.

set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
STRATA=${STRATA:-build/strata} # tests/run-all sets STRATA=build-asan/strata for the sanitizer pass
[[ $STRATA == /* ]] || STRATA=$PWD/$STRATA
# an ASan build detects leaks; tests/lsan.supp lists the library leaks strata cannot free
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
[[ -x $STRATA ]] || { echo "not ok - $STRATA missing (run make)"; exit 2; }

PASS=0
FAIL=0
OUT=""
_AT_EXIT=()

at_exit() { _AT_EXIT=("$*" "${_AT_EXIT[@]}"); }
_run_at_exit() {
	local c
	for c in "${_AT_EXIT[@]}"; do eval "$c"; done
	_AT_EXIT=()
}
trap _run_at_exit EXIT
trap 'exit 130' INT TERM HUP

_result() { # _result OK NAME; a sanitizer report in the output always fails
	if [[ $1 == 1 ]] && ! grep -q 'runtime error:\|AddressSanitizer\|LeakSanitizer' <<<"$OUT"; then
		PASS=$((PASS + 1))
		echo "ok - $2"
	else
		FAIL=$((FAIL + 1))
		echo "not ok - $2"
		[[ -n $OUT ]] && sed 's/^/    # /' <<<"$OUT"
	fi
	return 0
}

check() {
	local name=$1
	shift
	OUT=$("$@" 2>&1) && _result 1 "$name" || _result 0 "$name"
}

expect_exit() {
	local code=$1 name=$2 rc
	shift 2
	OUT=$("$@" 2>&1)
	rc=$?
	[[ $rc != "$code" ]] && OUT="exit $rc, want $code${OUT:+$'\n'$OUT}"
	[[ $rc == "$code" ]] && _result 1 "$name" || _result 0 "$name"
}

expect_output() {
	local re=$1 name=$2
	shift 2
	if OUT=$("$@" 2>&1) && grep -Eq -- "$re" <<<"$OUT"; then _result 1 "$name"; else _result 0 "$name"; fi
}

finish() {
	echo "# $(basename "$0"): $PASS passed, $FAIL failed"
	((FAIL == 0))
	exit $?
}
