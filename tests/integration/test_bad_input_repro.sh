#!/usr/bin/env bash
# test_bad_input_repro.sh — the reproducers of tests/repro/ (copied from ../shared/repro as written): deep
# expressions and non-regular files give a message, never a crash, a hang or memory exhaustion. tests/run-all
# runs it with STRATA=build-asan/strata too, so a crash or a leak fails it.
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"

# expect_code_output CODE REGEX NAME CMD...: CMD exits with CODE and its output matches REGEX (grep -E)
expect_code_output() {
	local code=$1 re=$2 name=$3 rc
	shift 3
	OUT=$("$@" 2>&1)
	rc=$?
	if [[ $rc == "$code" ]] && grep -Eq -- "$re" <<<"$OUT"; then
		OUT=$(cut -c1-300 <<<"$OUT")
		_result 1 "$name"
	else
		OUT="exit $rc, want $code"$'\n'$(cut -c1-300 <<<"$OUT")
		_result 0 "$name"
	fi
}

# crash-deep-expression: a 5,000-term CHECK nests 10,000 levels: an error at the statement, no crash
cp -r tests/repro/crash-deep-expression "$T/deep"
for cmd in check schema ls; do
	code=1 re='0001_a\.sql:1:1: error: statement nests expressions too deeply'
	[[ $cmd == ls ]] && code=0 re='0001_a\.sql' # ls does not parse
	expect_code_output $code "$re" "crash-deep-expression: $cmd" "$STRATA" $cmd --dir "$T/deep"
done
mkdir -p "$T/deep1k" "$T/deep30k"
python3 -c "print('CREATE TABLE t(id int CHECK (id > ' + '+'.join(['1'] * 1000) + '));')" >"$T/deep1k/0001_a.sql"
expect_code_output 0 '0 errors' "a 1,000-term expression is accepted" "$STRATA" check --dir "$T/deep1k"
# 30,000 terms (60 kB): more than an 8 MB stack can parse; parsed on a large stack, then refused by depth
python3 -c "print('SELECT 1;\nSELECT ' + '+'.join(['1'] * 30000) + ';')" >"$T/deep30k/0001_a.sql"
expect_code_output 1 '0001_a\.sql:2:1: error: statement nests' "a 30,000-term expression names its statement" \
	"$STRATA" check --dir "$T/deep30k"

# fifo-devzero/run.sh as written, from a copy (it makes its folders next to itself): no hang (timeout 10 →
# 124), no memory exhaustion. An ASan binary cannot start under run.sh's ulimit -v (its shadow memory): then
# the same steps without the ulimit.
cp -r tests/repro/fifo-devzero "$T/fifo"
if bash -c 'ulimit -v 4000000 && "$0" --version; exit $?' "$STRATA" >/dev/null 2>&1; then
	run_fifo() { STRATA="$STRATA" timeout 60 bash "$T/fifo/run.sh"; }
else
	run_fifo() {
		cd "$T/fifo" && rm -rf f z && mkdir f z && echo 'SELECT 1;' >f/0001_a.sql && mkfifo f/0002_b.sql &&
			echo 'SELECT 1;' >z/0001_a.sql && ln -s /dev/zero z/0002_b.sql || return 2
		timeout 10 "$STRATA" ls --dir f
		echo "fifo rc=$? (124 = hung)"
		"$STRATA" check --dir z
		echo "devzero rc=$?"
	}
fi
expect_code_output 0 'fifo rc=0 ' "fifo-devzero: ls skips the FIFO" run_fifo
grep -q 'f/0002_b\.sql: warning: skipped: named like a migration, but a FIFO' <<<"$OUT" && _result 1 "the FIFO is named in a warning" || _result 0 "the FIFO is named in a warning"
grep -q 'devzero rc=0' <<<"$OUT" && _result 1 "fifo-devzero: check skips /dev/zero" || _result 0 "fifo-devzero: check skips /dev/zero"
grep -q 'z/0002_b\.sql: warning: skipped: .*a character device' <<<"$OUT" && _result 1 "the device is named in a warning" || _result 0 "the device is named in a warning"

finish
