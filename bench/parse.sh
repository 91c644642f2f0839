#!/usr/bin/env bash
# parse.sh — discover + parse all of ../shared/corpora with `strata check`: median wall time over RUNS runs
# and peak RSS. Target (issue 2): under 1.5 s and 200 MB on the 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
S=./build/strata
C=${CORPORA:-../shared/corpora}
RUNS=${RUNS:-5}
dirs=()
for d in "$C"/*/; do
	n=$(basename "$d")
	[ "$n" = _tools ] && continue
	dirs+=("$n")
done
run_all() {
	for n in "${dirs[@]}"; do
		local extra=()
		[ "$n" = supabase-auth ] && extra=(--var Namespace=auth)
		[ "$n" = danbooru-structure ] && { "$S" check --dir "$C/$n/structure.sql" >/dev/null 2>&1 || true; continue; }
		"$S" check --dir "$C/$n" "${extra[@]}" >/dev/null 2>&1 || true
	done
}
export -f run_all 2>/dev/null || true
tmpf=$(mktemp)
trap 'rm -f "$tmpf"' EXIT
times=()
peak=0
for ((i = 0; i < RUNS; i++)); do
	start=$(date +%s.%N)
	run_all
	end=$(date +%s.%N)
	times+=("$(echo "$end - $start" | bc -l)")
done
# Peak RSS: the largest single strata process (each corpus is one process).
for n in "${dirs[@]}"; do
	target="$C/$n"
	[ "$n" = danbooru-structure ] && target="$C/$n/structure.sql"
	extra=()
	[ "$n" = supabase-auth ] && extra=(--var Namespace=auth)
	/usr/bin/time -o "$tmpf" -f '%M' "$S" check --dir "$target" "${extra[@]}" >/dev/null 2>&1 || true
	kb=$(tail -1 "$tmpf")
	if ((kb > peak)); then peak=$kb; fi
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
files=$(find "$C" -name '*.sql' -not -path '*/_meta/*' -not -name PREREQ.sql | wc -l)
printf 'parse: %d corpora, %d .sql files: median %.3f s over %d runs (min %.3f, max %.3f), peak RSS %.1f MB (target < 1.5 s, < 200 MB)\n' \
	"${#dirs[@]}" "$files" "$median" "$RUNS" "$(printf '%s\n' "${times[@]}" | sort -g | head -1)" \
	"$(printf '%s\n' "${times[@]}" | sort -g | tail -1)" "$(echo "$peak / 1024" | bc -l)"
