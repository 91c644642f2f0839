#!/usr/bin/env bash
# test_lint_examples.sh — the acceptance of issue 18 as a new user tries it, offline: examples/lint-rules has
# one migration per lint rule, and `strata check` on it reports every rule of docs/rules.md's table exactly
# once, each with its hint (the safe form); without the example's strata.conf, exactly the rules on by
# default fire (the style rules and the shared-tenancy rules are off). The rule list is read from
# docs/rules.md, so a rule added without an example (or documented without firing) fails here.
. "$(dirname "$0")/lib.sh"
EX=examples/lint-rules
T=$(mktemp -d)
at_exit "rm -rf '$T'"

# the ids and defaults of the "## Rules" table
awk '/^## Rules/{on=1;next} on&&/^## /{on=0} on&&/^\| [a-z]/{split($0,f,"|"); gsub(/ /,"",f[2]); if (f[2] != "id") print f[2] "\t" f[3]}' \
	docs/rules.md >"$T/rules.tsv"
N=$(wc -l <"$T/rules.tsv")
expect_output '^[3-9][0-9]$' "docs/rules.md lists the rules ($N)" echo "$N"

count() { # count FILE.json: "rule<TAB>count<TAB>with-hint" per rule
	python3 -c '
import json, sys, collections
d = json.load(open(sys.argv[1]))
n, h = collections.Counter(), collections.Counter()
for x in d["diagnostics"]:
    n[x["rule"]] += 1
    h[x["rule"]] += bool(x.get("hint"))
for r in n: print(r, n[r], h[r], sep="\t")
print("errors", d["errors"], 0, sep="\t")' "$1"
}

check "check with the example's strata.conf" \
	"$STRATA" check --config "$EX/strata.conf" --dir "$EX/migrations" --format json --no-color
printf '%s\n' "$OUT" | sed -n '/^{/,$p' >"$T/all.json"
count "$T/all.json" >"$T/all.tsv"
while IFS=$'\t' read -r id _; do
	expect_output $'^'"$id"$'\t1\t1$' "$id fires once, with a hint" grep -P "^$id\t" "$T/all.tsv"
done <"$T/rules.tsv"
expect_output $'^errors\t0' "... and no errors" cat "$T/all.tsv"
expect_output "^$N\$" "... and nothing but the documented rules" \
	bash -c "grep -v '^errors' '$T/all.tsv' | wc -l"

check "check --dir alone reads the example's strata.conf beside the folder" \
	"$STRATA" check --dir "$EX/migrations" --format json --no-color
printf '%s\n' "$OUT" | sed -n '/^{/,$p' >"$T/beside.json"
count "$T/beside.json" >"$T/beside.tsv"
check "... the same findings as with --config" cmp "$T/all.tsv" "$T/beside.tsv"

cp -r "$EX/migrations" "$T/bare" # the same files without a strata.conf anywhere near them
check "check --dir alone (defaults)" "$STRATA" check --dir "$T/bare" --format json --no-color
printf '%s\n' "$OUT" | sed -n '/^{/,$p' >"$T/def.json"
count "$T/def.json" >"$T/def.tsv"
while IFS=$'\t' read -r id def; do
	if [[ $def == *off* || $def == *shared* ]]; then
		expect_exit 1 "$id is off by default" grep -P "^$id\t" "$T/def.tsv"
	else
		expect_output $'^'"$id"$'\t1\t1$' "$id is on by default" grep -P "^$id\t" "$T/def.tsv"
	fi
done <"$T/rules.tsv"

# the text form: FILE:LINE:COL, the rule in brackets, the hint under it
expect_output 'examples/lint-rules/migrations/0011_fk_lock.sql:3:24: warning: .*\[fk-lock\]' \
	"text: file:line:col and the rule" "$STRATA" check --dir "$EX/migrations" --no-color
expect_output '= hint: add it NOT VALID' "text: the hint" printf '%s\n' "$OUT"
finish
