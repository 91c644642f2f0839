#!/usr/bin/env bash
# check.sh — `strata check` with every default rule (lint + replay + order):
#  1. triggerdev (820 migrations): median wall time over RUNS runs (target < 1 s);
#  2. every corpus: files per second of strata check, of Squawk (npm squawk-cli, its bundled binary, on the
#     same up files) and of libpg_query's bare parse (bench/parse_floor.c, built here) as the floor.
# Prints medians; appends nothing by itself (copy the row into bench/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
S=./build/strata
C=${CORPORA:-../shared/corpora}
RUNS=${RUNS:-5}
T=build/bench-tools
mkdir -p "$T"
[ -x "$S" ] || make -j2 >/dev/null
if [ ! -x "$T/node_modules/@squawk-cli/linux-x64/bin/squawk" ]; then
	npm install --silent --prefix "$T" squawk-cli >/dev/null 2>&1 || echo "check.sh: squawk-cli not installed" >&2
fi
SQUAWK=$T/node_modules/@squawk-cli/linux-x64/bin/squawk
cc -O2 -o "$T/parse_floor" bench/parse_floor.c -lpg_query

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }
args_for() { # corpus → strata check arguments
	case $1 in
	danbooru-structure) echo "--dir $C/$1/structure.sql" ;;
	supabase-auth) echo "--dir $C/$1 --var Namespace=auth --prereq $C/$1/PREREQ.sql --search-path auth --user supabase_auth_admin" ;;
	*) echo "--dir $C/$1" ;;
	esac
}
files_for() { # the up files strata replays (from strata ls --json)
	# shellcheck disable=SC2046
	"$S" ls --json $(args_for "$1" | sed 's/--prereq [^ ]*//; s/--search-path [^ ]*//; s/--user [^ ]*//') 2>/dev/null |
		python3 -c 'import json,sys; [print(m["file"]) for m in json.load(sys.stdin)["migrations"] if not m.get("skip")]'
}
time_cmd() { # RUNS runs of "$@", median seconds
	for ((i = 0; i < RUNS; i++)); do
		local s e
		s=$(now)
		"$@" >/dev/null 2>&1 || true
		e=$(now)
		echo "$e - $s" | bc -l
	done | median
}

# shellcheck disable=SC2046
td=$(time_cmd "$S" check $(args_for triggerdev))
printf 'triggerdev: strata check (all default rules): median %.3f s over %d runs\n' "$td" "$RUNS"

tot_files=0 tot_s=0 tot_q=0 tot_f=0
printf '%-20s %6s %12s %12s %12s\n' corpus files strata_f/s squawk_f/s floor_f/s
for d in "$C"/*/; do
	n=$(basename "$d")
	[ "$n" = _tools ] && continue
	mapfile -t files < <(files_for "$n")
	nf=${#files[@]}
	[ "$nf" -gt 0 ] || continue
	# shellcheck disable=SC2046
	ts=$(time_cmd "$S" check $(args_for "$n"))
	tq=$(time_cmd "$SQUAWK" "${files[@]}")
	tf=$(time_cmd "$T/parse_floor" "${files[@]}")
	printf '%-20s %6d %12.0f %12.0f %12.0f\n' "$n" "$nf" "$(echo "$nf / $ts" | bc -l)" \
		"$(echo "$nf / $tq" | bc -l)" "$(echo "$nf / $tf" | bc -l)"
	tot_files=$((tot_files + nf))
	tot_s=$(echo "$tot_s + $ts" | bc -l)
	tot_q=$(echo "$tot_q + $tq" | bc -l)
	tot_f=$(echo "$tot_f + $tf" | bc -l)
done
printf '%-20s %6d %12.0f %12.0f %12.0f\n' all "$tot_files" "$(echo "$tot_files / $tot_s" | bc -l)" \
	"$(echo "$tot_files / $tot_q" | bc -l)" "$(echo "$tot_files / $tot_f" | bc -l)"
