#!/usr/bin/env bash
# test_report.sh — `strata report --html` and `strata schema --format dot|svg`. Offline: the ER diagram of
# the examples (shared and tenant tables apart, the tenant foreign key into the shared schema, RLS,
# --tables). Then the example fleet (examples/multitenant) on a private PG15 cluster, rolled out in canary
# waves with one tenant failing on a real error and three drifting, two more tenants on a second server,
# and a 10,000-tenant fleet written
# into a ledger in bulk: each page is loaded in Debian's headless Chromium (report_browser.py), which
# compares the numbers shown with `status --tenants --json` and `drift --tenants --json`, checks the
# console, and saves screenshots (REPORT_SHOTS=DIR keeps them; docs/report.md shows them).
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
ROOT=$PWD
SHOTS=${REPORT_SHOTS:-$T/shots}
MT=$T/multitenant
cp -r examples/multitenant "$MT"
cp -r examples/saas "$T/saas"
rm -rf "$MT/.strata" "$T/saas/.strata"
S() { (cd "$MT" && "$STRATA" "$@"); }

# ---- offline: schema --format dot|svg, report --schema-only
check "schema --format dot" S schema --format dot
DOT=$OUT
check "dot: tenant and shared clusters" grep -q 'class="schema tenant"' <<<"$DOT"
check "dot: the tenant foreign key settings.plan_id into shared plans is highlighted" \
	grep -q 'class="fk cross", tooltip="settings(plan_id) references public.plans(id)' <<<"$DOT"
check "dot: exactly one such edge" test "$(grep -c 'fk cross' <<<"$DOT")" = 1
check "dot: the other foreign keys are plain" test "$(grep -c 'class="fk"' <<<"$DOT")" = 6
SVG=$(cd "$MT" && "$STRATA" schema --format svg 2>/dev/null)
check "schema --format svg: an <svg> document laid out by Graphviz" grep -q '^<svg width=' <<<"$SVG"
check "svg: 8 tables, one highlighted edge" \
	test "$(grep -c 'class="node table' <<<"$SVG"),$(grep -c 'class="edge fk cross"' <<<"$SVG")" = "8,1"
SVG=$(cd "$MT" && "$STRATA" schema --format svg --tables 'book%' 2>/dev/null)
check "--tables book%: books and book_authors, their references as dashed boxes" \
	test "$(grep -c 'class="node table tenant' <<<"$SVG"),$(grep -c 'class="node table ghost' <<<"$SVG")" = "2,2"
expect_exit 2 "--tables without --format dot|svg is a usage error" S schema --tables x
OUT=$(cd "$T/saas" && "$STRATA" schema --format dot 2>&1)
check "saas: row-level security marked" grep -q '<B>RLS</B>' <<<"$OUT"
check "report --schema-only needs no database" \
	bash -c "cd '$T/saas' && DATABASE_URL=postgresql:///nowhere?host=/nonexistent '$STRATA' report --html '$T/saas.html' --schema-only"
check "... one self-contained page" grep -q 'Content-Security-Policy' "$T/saas.html"
check "... with no external reference" bash -c "! grep -Eq '(src|href)=\"(https?:)?//' '$T/saas.html'"
expect_exit 2 "report without --html is a usage error" S report
expect_exit 2 "a fleet report without a database says so" \
	bash -c "cd '$MT' && DATABASE_URL='postgresql://postgres@/postgres?host=/nonexistent' '$STRATA' report --html '$T/x.html'"
check "... and writes no file" test ! -e "$T/x.html"

# ---- the example fleet: 12 tenants, waves, a real failure, drift
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
sq() { psql -AtX -v ON_ERROR_STOP=1 "$URL" -c "$1"; }
S up --database-url "$URL" >/dev/null
for i in $(seq -w 1 12); do echo "CREATE SCHEMA acme_0$i;"; done | psql -qX "$URL"
# acme_012 already has a settings table: 0010 fails there with its file:line:col
sq "CREATE TABLE acme_012.settings (x int)" >/dev/null
SRC=(--tenant-source 'pattern:acme\_%' --database-url "$URL")
mkdir "$T/later" && mv "$MT"/migrations/tenant/{0009,0010}_* "$T/later/" # every tenant to 0008 first
S up --tenants all "${SRC[@]}" >/dev/null
mv "$T"/later/* "$MT/migrations/tenant/"
S up --tenants acme_001 acme_002 acme_003 acme_004 acme_005 acme_006 acme_007 acme_008 acme_012 \
	--waves 1,50%,100% --on-error continue "${SRC[@]}" >/dev/null 2>&1
sq "DROP INDEX acme_003.books_author_idx; DROP INDEX acme_004.books_author_idx;
    ALTER TABLE acme_005.authors ADD COLUMN nickname text" >/dev/null
# a second server: two tenants added there (a new tenant goes to the server with the fewest)
pgh_start "$T/pg2" >/dev/null || exit 2
URL2=$PGH_URL
SRC=(--tenant-source 'pattern:acme\_%' --database-url "$URL" --servers "$URL,$URL2")
S tenant add acme_101 acme_102 "${SRC[@]}" >/dev/null 2>&1
sq "CREATE SCHEMA acme_013" >/dev/null # the source has it, the ledger does not: never migrated
check "two servers: 12 tenants on the first, 2 on the second" test \
	"$(psql -AtX "$URL" -c 'SELECT count(*) FROM strata.ledger'),$(psql -AtX "$URL2" -c 'SELECT count(*) FROM strata.ledger')" = "12,2"
(cd "$MT" && "$STRATA" status --tenants --json "${SRC[@]}" >"$T/status.json")
(cd "$MT" && "$STRATA" drift --tenants all --json "${SRC[@]}" >"$T/drift.json")
check "fleet: 15 tenants, one failed, four at 0008 (the failed one too), one never migrated" \
	test "$(jq -c '[.tenants, .failed, .versions["0008"], .servers, .never_migrated]' "$T/status.json")" = "[15,1,4,2,1]"
check "fleet: the failure carries file:line:col" \
	grep -q '0010_settings.sql:[0-9]*:[0-9]*: ' <<<"$(jq -r '.failures[0].error' "$T/status.json")"
check "fleet: drift in three tenants" test "$(jq '[.per_target[] | select(.diagnostics | length > 0)] | length' "$T/drift.json")" -ge 3
expect_output '^report: .*fleet.html \([0-9]+ KB; fleet: 15 tenants, 1 failed, [0-9]+ drift groups; schema: 8 of 8 tables; history: 12 migrations' \
	"report --html on the example fleet" S report --html "$T/fleet.html" "${SRC[@]}"
check "the ledger records the canary wave of each write" \
	test "$(sq "SELECT count(DISTINCT updated_by) FROM strata.ledger WHERE updated_by LIKE '% wave %/3'")" = 3
check "the page holds the three waves" grep -q '"wave":3,"waves":3' "$T/fleet.html"
expect_output 'report: ' "report --from-db draws the live shared schema and one tenant" \
	S report --html "$T/live.html" --from-db --schema-only "${SRC[@]}"
check "... shared and tenant tables from the database" \
	grep -q '"source":"database","tables":8,"shown":8,"edges":7,"cross":1' "$T/live.html"

# ---- 10,000 tenants in a ledger written in bulk (one server; no tenant schemas: --no-drift)
sq "CREATE DATABASE big" >/dev/null
BIG=${URL/\/postgres\?/\/big?}
S up --database-url "$BIG" >/dev/null
S up --tenants all --tenant-source ledger --database-url "$BIG" >/dev/null 2>&1 # creates the ledger
# the checksum chains of real rows: a tenant at 0008 and one at head on the example fleet
C8=$(sq "SELECT checksum_chain FROM strata.ledger WHERE target = 'acme_010'")
C10=$(sq "SELECT checksum_chain FROM strata.ledger WHERE target = 'acme_001'")
psql -qX -v ON_ERROR_STOP=1 "$BIG" >/dev/null <<-SQL
	INSERT INTO strata.ledger (target, version, checksum_chain, status, error, attempts, updated_at, updated_by)
	SELECT format('tenant_%s', lpad(i::text, 5, '0')),
	       CASE WHEN i <= 150 THEN NULL WHEN i <= 950 THEN '0008' ELSE '0010' END,
	       CASE WHEN i <= 150 THEN NULL WHEN i <= 950 THEN '$C8' ELSE '$C10' END,
	       CASE WHEN i <= 150 THEN 'pending' WHEN i <= 650 THEN 'failed' ELSE 'ok' END,
	       CASE WHEN i > 150 AND i <= 650 THEN 'migrations/tenant/0009_book_authors.sql:' || (i % 3 + 1) || ':1: relation "books" does not exist' END,
	       1, now() - interval '10 minutes' + i * interval '50 ms',
	       CASE WHEN i <= 150 THEN NULL ELSE format('deploy-%s pid 4242 wave %s/3', 1 + i % 2, CASE WHEN i <= 460 THEN 1 WHEN i <= 1450 THEN 2 ELSE 3 END) END
	FROM generate_series(1, 10000) i;
SQL
(cd "$MT" && "$STRATA" status --tenants --json --tenant-source ledger --database-url "$BIG" >"$T/big.json")
check "10,000 tenants: 150 never migrated, 500 failed, 800 at 0008" \
	test "$(jq -c '[.tenants, .failed, .versions.none, .versions["0008"]]' "$T/big.json")" = "[10000,500,150,800]"
expect_output '^report: .*fleet: 10000 tenants, 500 failed' "report --html on 10,000 tenants" \
	S report --html "$T/big.html" --no-drift --tenant-source ledger --database-url "$BIG"
check "10,000 tenants: aggregated, not listed (no tenant_09999 on the page)" bash -c "! grep -q tenant_09999 '$T/big.html'"
expect_output 'report: ' "--all-tenants lists every tenant and every failed one" \
	S report --html "$T/big-all.html" --no-drift --all-tenants --tenant-source ledger --database-url "$BIG"
check "... all 10,000 of them" test "$(grep -o 'tenant_[0-9][0-9]*' "$T/big-all.html" | sort -u | wc -l)" = 10000

# ---- in a real browser
browser() { # NAME ARGS...: run report_browser.py, count its ok/not ok lines
	local out rc
	out=$(/usr/bin/python3 tests/integration/report_browser.py "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	PASS=$((PASS + $(grep -c '^ok - ' <<<"$out")))
	FAIL=$((FAIL + $(grep -c '^not ok - ' <<<"$out")))
	if ((rc != 0)) && ! grep -q '^not ok - ' <<<"$out"; then
		FAIL=$((FAIL + 1))
		echo "not ok - $2: the browser did not run"
	fi
}
have_browser() {
	[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && /usr/bin/python3 -c 'import selenium' 2>/dev/null
}
if ! have_browser && [[ $(id -u) == 0 ]]; then # make test installs them (scripts/install-deps); try once more
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver \
		python3-selenium fonts-liberation >/dev/null 2>&1
fi
if have_browser; then
	browser --name example --html "$T/fleet.html" --status "$T/status.json" --drift "$T/drift.json" \
		--server-tenants 13,2 --shots "$SHOTS"
	browser --name fleet10k --html "$T/big.html" --status "$T/big.json" --expect-truncated --shots "$SHOTS"
	browser --name fleet10k-all --html "$T/big-all.html" --status "$T/big.json"
	browser --name schema-only --html "$T/saas.html" --shots "$SHOTS"
	check "screenshots saved" test -s "$SHOTS/example-page.png" -a -s "$SHOTS/fleet10k-fleet.png"
else
	echo "ok - headless-browser checks # SKIP skipped: chromium, chromium-driver or python3-selenium cannot be installed"
fi
finish
