#!/usr/bin/env bash
# report.sh — `strata report --html` on a 10,000-tenant fleet (a ledger written in bulk on a private
# server: 150 never migrated, 800 at 0008 with a checksum chain the migrations do not have (edited), 500
# of them failed, the rest at head; two processes, three waves), then the page loaded RUNS times in
# Debian's headless Chromium (tests/integration/report_browser.py --measure). Targets (issue 17): the
# page renders in under 1 s (navigation start to the load event, the script included) and stays under
# 5 MB. Table: bench/out/report.md.
# env: N (10000) tenants; RUNS (5) page loads.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
N=${N:-10000}
RUNS=${RUNS:-5}
bench_server_start report
P=$OUT/report-project
rm -rf "$P" && cp -r "$BENCH_ROOT/examples/multitenant" "$P" && rm -rf "$P/.strata"
S() { (cd "$P" && "$STRATA" "$@" --database-url "$URL"); }
S up >/dev/null || bench_die "shared migrations"
S up --tenants all --tenant-source ledger >/dev/null 2>&1
psql -qX "$URL" -c "CREATE SCHEMA t_chain" >/dev/null
S tenant add t_chain >/dev/null || bench_die "tenant add"
C10=$(psql -AtX "$URL" -c "SELECT checksum_chain FROM strata.ledger WHERE target = 't_chain'")
psql -qX -v ON_ERROR_STOP=1 "$URL" >/dev/null <<-SQL || bench_die "ledger rows"
	DELETE FROM strata.ledger;
	INSERT INTO strata.ledger (target, version, checksum_chain, status, error, attempts, updated_at, updated_by)
	SELECT format('tenant_%s', lpad(i::text, 5, '0')),
	       CASE WHEN i <= 150 THEN NULL WHEN i <= 950 THEN '0008' ELSE '0010' END,
	       CASE WHEN i <= 150 THEN NULL WHEN i <= 950 THEN 'x' ELSE '$C10' END,
	       CASE WHEN i <= 150 THEN 'pending' WHEN i <= 650 THEN 'failed' ELSE 'ok' END,
	       CASE WHEN i > 150 AND i <= 650 THEN 'migrations/tenant/0009_book_authors.sql:' || (i % 3 + 1) || ':1: relation "books" does not exist' END,
	       1, now() - interval '10 minutes' + i * interval '50 ms',
	       CASE WHEN i <= 150 THEN NULL ELSE format('deploy-%s pid 4242 wave %s/3', 1 + i % 2, CASE WHEN i <= 460 THEN 1 WHEN i <= 1450 THEN 2 ELSE 3 END) END
	FROM generate_series(1, $N) i;
SQL
t0=$(date +%s.%N)
S report --html "$OUT/report-$N.html" --no-drift --tenant-source ledger >/dev/null || bench_die "report"
t1=$(date +%s.%N)
m=$("$PY" "$BENCH_ROOT/tests/integration/report_browser.py" --name "fleet$N" --html "$OUT/report-$N.html" \
	--measure "$RUNS" 2>&1 | grep '^# measure') || bench_die "the browser did not measure"
read -r bytes load loadmax script <<<"$(sed -E 's/.*bytes ([0-9]+) load_ms_median ([0-9]+) load_ms_max ([0-9]+) script_ms_median ([0-9]+).*/\1 \2 \3 \4/' <<<"$m")"
gen=$(echo "$t1 - $t0" | bc)
ok_load=$([ "$load" -lt 1000 ] && echo met || echo MISSED)
ok_size=$([ "$bytes" -lt 5242880 ] && echo met || echo MISSED)
{
	echo "### HTML report: $N tenants, headless Chromium ($RUNS loads)"
	echo
	echo "| measure | value | target |"
	echo "| --- | --- | --- |"
	echo "| \`strata report --html\` (one ledger query, replay, Graphviz) | $(printf '%.2f' "$gen") s | — |"
	echo "| page size | $((bytes / 1024)) KB | < 5 MB: $ok_size |"
	echo "| load (navigation start → load event), median / max | $load / $loadmax ms | < 1 s: $ok_load |"
	echo "| the page's script (charts, tables), median | $script ms | — |"
} | tee "$OUT/report.md"
[[ $ok_load == met && $ok_size == met ]]
