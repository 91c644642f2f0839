#!/usr/bin/env bash
# test_no_shared.sh — a clone without ../shared beside it (issue 16 item 4): every suite that needs the
# corpora says it is skipped, and why, instead of failing: the corpus scripts print
# "ok - <suite> # SKIP skipped: <dir> not present" and exit 0 (tests/run-all lists them under "skipped"),
# the corpus unit test reports SKIPPED after "skipped: <dir> not present". (The whole `make test` on a
# fresh clone is the acceptance run; this checks each piece cheaply.)
. "$(dirname "$0")/lib.sh"
T=$(mktemp -d)
at_exit "rm -rf '$T'"
for s in verify-test order-test diff-test; do
	expect_output "^ok - $s # SKIP skipped: $T/none not present\$" "$s without the corpora: skipped, exit 0" \
		env CORPORA="$T/none" "tests/corpora/$s"
done
expect_output '^skipped: .*/none not present' "test_corpora without the corpora: says so" \
	env STRATA_CORPORA="$T/none" build/tests/test_corpora
check "... and cmocka reports it SKIPPED, not passed" grep -q '^\[  SKIPPED \] test_corpora_clean' <<<"$OUT"
mkdir -p "$T/x"
cp -r tests "$T/x/tests"
ln -s "$PWD/build" "$T/x/build"
expect_output '^ok - verify-test # SKIP skipped: \.\./shared/corpora not present$' \
	"the default location is named as ../shared/corpora" bash -c "cd '$T/x' && tests/corpora/verify-test"
# run-all turns the SKIP lines into its summary (its count_script, on a suite that skips)
cat >"$T/skipper" <<'SH'
#!/bin/sh
echo "ok - first"
echo "ok - skipper # SKIP skipped: ../shared/corpora not present"
SH
chmod +x "$T/skipper"
sed -n '/^count_script()/,/^}/p' tests/run-all >"$T/count.sh"
expect_output 'tests/corpora/skipper: skipped: \.\./shared/corpora not present' "run-all's summary names the skipped suite and why" \
	bash -c "passed=0 failed=0 failures=() skipped=(); . '$T/count.sh';
		cd '$T' && mkdir -p tests/corpora && cp skipper tests/corpora/ && count_script tests/corpora/skipper >/dev/null;
		echo \"passed=\$passed\"; printf '%s\n' \"\${skipped[@]}\""
check "... and counts the skip as neither passed nor failed" grep -q '^passed=1$' <<<"$OUT"
finish
