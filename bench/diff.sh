#!/usr/bin/env bash
# diff.sh — `strata diff` between two 10,000-table schemas that differ in 5% of their objects (250 tables
# get a column, 125 an index changed, 125 tables replaced by new ones). Reports the median wall time of RUNS
# runs of the whole command (loading both schemas, the diff, and the proof: two more replays), with --dry-run.
set -eu
cd "$(dirname "$0")/.."
STRATA=${STRATA:-./build/strata}
RUNS=${RUNS:-5}
N=${N:-10000}
w=$(mktemp -d /tmp/strata-bench-diff-XXXXXX)
trap 'rm -rf "$w"' EXIT
mkdir -p "$w/m"
python3 - "$w" "$N" <<'PY'
import sys
w, n = sys.argv[1], int(sys.argv[2])
a, b = [], []
for i in range(n):
    t = f"CREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL, ref bigint{f' REFERENCES t{i-1}(id)' if i % 10 else ''}, created_at timestamptz DEFAULT now());"
    ix = f"CREATE INDEX t{i}_name ON t{i} (name);"
    a += [t, ix]
    if i % 80 == 1:      # 125 tables replaced by new ones
        b += [t.replace(f"t{i} ", f"n{i} ").replace(f"REFERENCES t{i-1}", f"REFERENCES t{i-1}"), ix.replace(f"t{i}", f"n{i}")]
    elif i % 40 == 2:    # 250 tables get a column
        b += [t.replace("created_at", "extra int, created_at"), ix]
    elif i % 80 == 3:    # 125 indexes change
        b += [t, ix.replace("(name)", "(name, id)")]
    else:
        b += [t, ix]
open(f"{w}/m/0001_init.sql", "w").write("\n".join(a) + "\n")
open(f"{w}/want.sql", "w").write("\n".join(b) + "\n")
PY
times=()
for r in $(seq "$RUNS"); do
	s=$(date +%s.%N)
	"$STRATA" diff --dir "$w/m" --to "$w/want.sql" --allow-destructive --dry-run >"$w/out" 2>&1 || { cat "$w/out" | tail; exit 1; }
	e=$(date +%s.%N)
	times+=("$(echo "$e - $s" | bc)")
done
grep -q '^verified' "$w/out"
med=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "diff of two ${N}-table schemas (5% changed, $(grep -c ';$' "$w/out") statements up+down): median ${med}s over $RUNS runs"
