#!/usr/bin/env bash
# exact.sh — what `--exact` costs (docs/catalog.md, "Dynamic SQL"): `check`, `check --exact`, `verify` and
# `verify --exact` on the repro dynamic-sql-partitions and the supabase-auth / supabase-storage corpora
# (prepared as tests/corpora/corpus-lib.sh prepares them), RUNS times each, interleaved; wall ms per run,
# then the split `--exact` prints. Needs ../shared (the corpora and the repro); not part of `make bench`.
set -u
cd "$(dirname "$0")/.."
STRATA=${STRATA:-build/strata}
RUNS=${RUNS:-3}
CORPORA=${CORPORA:-../shared/corpora}
REPRO=${REPRO:-tests/integration/repro/dynamic-sql-partitions}
. tests/corpora/corpus-lib.sh
corpus_skip_unless_present "bench/exact.sh"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
ms() {
	local s
	s=$(date +%s%N)
	"$@" >/dev/null 2>&1
	echo $((($(date +%s%N) - s) / 1000000))
}
printf '| history | run | check | check --exact | verify | verify --exact |\n| --- | --- | --- | --- | --- | --- |\n'
for c in repro supabase-auth supabase-storage; do
	if [ "$c" = repro ]; then
		cargs=(--dir "$REPRO") vargs=(--dir "$REPRO")
	else
		corpus_prepare "$c" "$W/$c"
		base=(--dir "$CORPUS_DIR" "${CORPUS_VARS[@]}" "${CORPUS_PREREQ[@]}")
		cargs=("${base[@]}" "${CORPUS_REPLAY[@]}") vargs=("${base[@]}" "${CORPUS_CONN[@]}")
	fi
	for r in $(seq 1 "$RUNS"); do
		printf '| %s | %d | %s | %s | %s | %s |\n' "$c" "$r" "$(ms "$STRATA" check "${cargs[@]}")" \
			"$(ms "$STRATA" check --exact "${cargs[@]}")" "$(ms "$STRATA" verify "${vargs[@]}")" \
			"$(ms "$STRATA" verify --exact "${vargs[@]}")"
	done
	"$STRATA" check --exact "${cargs[@]}" 2>&1 | sed -n "s/^exact:/$c: check --exact:/p"
	"$STRATA" verify --exact "${vargs[@]}" 2>&1 | sed -n "s/^exact:/$c: verify --exact:/p"
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
