#!/usr/bin/env bash
# replay.sh — replay benchmarks: (1) the largest real corpus (triggerdev, 820 Prisma migrations, read in
# ORDER.txt order, parsed and replayed), (2) a synthetic 10,000-table schema with foreign keys and indexes.
# Reports wall time (hyperfine when installed) and peak RSS (/usr/bin/time -v). Run from the repo root.
set -eu
make -s build/strata build/tests/test_corpora >/dev/null
CORPORA=${STRATA_CORPORA:-../shared/corpora}
N=${N:-10000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/synth"
python3 bench/gen_schema.py "$N" "$tmp/synth/0001_schema.sql"
echo "synthetic: $N tables, $(wc -c < "$tmp/synth/0001_schema.sql") bytes, $(grep -c ';$' "$tmp/synth/0001_schema.sql") statements"

peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident/ {printf "%.1f MB\n", $2/1024} /Elapsed/ {print "elapsed " $2}'; }

if [ -d "$CORPORA/triggerdev" ]; then
	echo "== triggerdev (820 migrations): read + parse + replay"
	if command -v hyperfine >/dev/null; then
		STRATA_CORPORA=$CORPORA hyperfine -N --warmup 2 --runs 10 \
			"env STRATA_CORPUS=triggerdev STRATA_CORPORA=$CORPORA ./build/tests/test_corpora"
	fi
	echo -n "peak RSS: "; STRATA_CORPUS=triggerdev STRATA_CORPORA=$CORPORA peak ./build/tests/test_corpora | tr '\n' ' '; echo
fi
echo "== synthetic $N tables: strata check (discover + parse + replay)"
if command -v hyperfine >/dev/null; then
	hyperfine -N --warmup 1 --runs 5 "./build/strata check --dir $tmp/synth"
fi
echo -n "peak RSS: "; peak ./build/strata check --dir "$tmp/synth" | tr '\n' ' '; echo
echo "== synthetic $N tables: strata schema --format sql (replay + topological dump)"
echo -n "peak RSS: "; peak ./build/strata schema --dir "$tmp/synth" --format sql | tr '\n' ' '; echo
