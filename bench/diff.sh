#!/usr/bin/env bash
# diff.sh — `strata diff` between two 10,000-table schemas that differ in 5% of their objects (250 tables
# get a column, 125 an index changed, 125 tables replaced by new ones). Reports two medians over the same RUNS
# runs of `strata diff --dry-run --timings`: the whole command (the clock around the process: loading both
# schemas, the diff, the proof, the output), and the catalog diff alone (the `diff` + `proof` phases of
# --timings: both catalogs already loaded). Each run must print "verified".
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
    if (i - 1) % 80 == 1 and i % 10:  # the FK of a replaced table's successor follows it to the new table
        k = next(j for j in range(len(b) - 2, -1, -1) if b[j].startswith(f"CREATE TABLE t{i} ") or b[j].startswith(f"CREATE TABLE n{i} "))
        b[k] = b[k].replace(f"REFERENCES t{i-1}(", f"REFERENCES n{i-1}(")
open(f"{w}/m/0001_init.sql", "w").write("\n".join(a) + "\n")
open(f"{w}/want.sql", "w").write("\n".join(b) + "\n")
PY
times=()
cdiff=()
for r in $(seq "$RUNS"); do
	s=$(date +%s.%N)
	"$STRATA" diff --dir "$w/m" --to "$w/want.sql" --allow-destructive --dry-run --timings >"$w/out" 2>"$w/err" ||
		{ tail "$w/out" "$w/err"; exit 1; }
	e=$(date +%s.%N)
	grep -q '^verified' "$w/out" || { echo "run $r: not verified" >&2; tail "$w/out" "$w/err"; exit 1; }
	times+=("$(echo "$e - $s" | bc)")
	cdiff+=("$(awk '/^timing: (diff|proof) / {t += $(NF - 1)} END {printf "%.3f", t}' "$w/err")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "diff of two ${N}-table schemas (5% changed, $(grep -c ';$' "$w/out") statements up+down), $RUNS runs:" \
	"whole command median $(median "${times[@]}")s, catalog diff (diff + proof) median $(median "${cdiff[@]}")s"
