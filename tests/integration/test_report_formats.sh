#!/usr/bin/env bash
# test_report_formats.sh — every output format of `strata check`: text with [rule], JSON, GitHub workflow
# annotations, and SARIF validated against the official SARIF 2.1.0 JSON schema (shipped inside the npm
# package @microsoft/jest-sarif; fetched once into build/cache with `npm pack`, checked with Debian's
# python3-jsonschema).
set -u
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
tmp=$(mktemp -d)
at_exit rm -rf "$tmp"

mkdir -p "$tmp/m"
printf 'CREATE TABLE a (id int);\n' >"$tmp/m/0001_a.sql"
printf 'SELECT 1;\nCREATE TABLE b (id int,);\n' >"$tmp/m/0002_b.sql"
printf '' >"$tmp/m/0003_empty.sql"

out=$("$STRATA" check --dir "$tmp/m" 2>&1)
check "text: compiler style with rule id" grep -q '0002_b.sql:2:24: error: syntax error at or near ")" \[syntax-error\]' <<<"$out"
check "text: warning with rule id" grep -q '0003_empty.sql: warning: .*\[empty-migration\]' <<<"$out"

"$STRATA" check --dir "$tmp/m" --format github >"$tmp/gh.txt" 2>/dev/null
check "github: error annotation with file, line, col" \
	grep -q '^::error file=.*0002_b.sql,line=2,col=24,title=strata syntax-error::syntax error at or near ")"' "$tmp/gh.txt"
check "github: warning annotation" grep -q '^::warning file=.*0003_empty.sql,title=strata empty-migration::' "$tmp/gh.txt"
check "github: one line per diagnostic" test "$(wc -l <"$tmp/gh.txt")" -eq 2

"$STRATA" check --dir "$tmp/m" --format json >"$tmp/out.json" 2>/dev/null
check "json: counts and diagnostics" jq -e '.errors == 1 and .warnings == 1 and (.diagnostics | length) == 2
	and (.diagnostics | map(select(.rule == "syntax-error"))[0] | .line == 2 and .col == 24)' "$tmp/out.json"

expect_exit 1 "sarif: exit 1 on errors" "$STRATA" check --dir "$tmp/m" --format sarif
"$STRATA" check --dir "$tmp/m" --format sarif >"$tmp/out.sarif" 2>/dev/null

schema=build/cache/sarif-2.1.0-rtm.5.json
if [ ! -s "$schema" ]; then
	mkdir -p build/cache/npm
	(cd build/cache/npm && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null 2>&1 &&
		tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json &&
		cp package/lib/schemas/sarif-2.1.0-rtm.5.json ../sarif-2.1.0-rtm.5.json)
fi
check "sarif schema available" test -s "$schema"
cat >"$tmp/validate.py" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
jsonschema.validators.validator_for(schema)(schema).validate(log)
PY
validate() { /usr/bin/python3 "$tmp/validate.py" "$schema" "$1"; }
check "sarif: valid against the SARIF 2.1.0 schema" validate "$tmp/out.sarif"
check "sarif: results point at file and region" jq -e '.runs[0].results | length == 2 and
	(map(select(.ruleId == "syntax-error"))[0].locations[0].physicalLocation |
	 (.region.startLine == 2 and .region.startColumn == 24 and (.artifactLocation.uri | endswith("0002_b.sql"))))' "$tmp/out.sarif"
# A deliberately broken log must fail validation, or the validation above proves nothing.
jq '.version = 7' "$tmp/out.sarif" >"$tmp/bad.sarif"
expect_exit 1 "sarif: the validator rejects a broken log" validate "$tmp/bad.sarif"
if [ -d ../shared/corpora/concourse ]; then
	"$STRATA" check --dir ../shared/corpora/concourse --format sarif >"$tmp/c.sarif" 2>/dev/null
	check "sarif: concourse corpus log is valid" validate "$tmp/c.sarif"
fi

printf 'SELECT 1;\n' >"$tmp/m/0002_b.sql"
expect_exit 0 "warnings alone pass" "$STRATA" check --dir "$tmp/m"
expect_exit 1 "--strict makes warnings fail" "$STRATA" check --dir "$tmp/m" --strict
finish
