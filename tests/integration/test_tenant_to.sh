#!/usr/bin/env bash
# test_tenant_to.sh — `up --tenants --to V` and the server's notices during tenant runs, on a real server:
#   1. up --tenants all --to V takes every tenant to V, not to head (ledger, history, tables); a later
#      run without --to goes on to head; --to behind a tenant leaves it alone; --to a version that no
#      tenant migration has is a usage error and applies nothing;
#   2. tenant add and up --tenants print none of the server's NOTICEs (IF EXISTS "skipping", RAISE
#      NOTICE in a migration, CREATE SCHEMA IF NOT EXISTS on a schema that exists) on stderr.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
. tests/integration/tenants-lib.sh
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
U=$PGH_URL
P=$T/proj
cp -r examples/multitenant "$P"
# migrations that make the server talk: a DROP ... IF EXISTS of nothing, a RAISE NOTICE
printf 'DROP TABLE IF EXISTS no_such_table;\nDO $$BEGIN RAISE NOTICE $m$shared says hello$m$; END$$;\n' \
	>"$P/migrations/shared/0003_noise.sql"
printf 'DROP TABLE IF EXISTS no_such_table;\nDO $$BEGIN RAISE NOTICE $m$tenant says hello$m$; END$$;\n' \
	>"$P/migrations/tenant/0011_noise.sql"
sed -i 's/^source = ledger.*/source = pattern:t\\_%/' "$P/strata.conf"
export DATABASE_URL=$U
S() { (cd "$P" && "$STRATA" "$@"); }
for i in 1 2 3; do echo "CREATE SCHEMA t_$i;"; done | psql -q "$U"
ver() { sq "$U" "SELECT string_agg(target || '=' || version, ',' ORDER BY target) FROM strata.ledger"; }

# ---- 1. --to
check "up --tenants all --to 0008" S up --tenants all --to 0008
TO=$OUT
check "... says the target" grep -q 'target 0008: 0 at or past it, 3 to migrate' <<<"$TO"
check "... every tenant at 0008 in the ledger" test "$(ver)" = "t_1=0008,t_2=0008,t_3=0008"
check "... 8 history rows per tenant" test "$(sq "$U" "SELECT count(*) FROM t_2.strata_history")" = 8
check "... 0009's table is not there" test "$(sq "$U" "SELECT count(*) FROM pg_class WHERE relname = 'book_authors'")" = 0
check "... the migrated count names 0008" grep -q 'migrated 3 tenants to 0008' <<<"$TO"
check "status --tenants: 3 tenants at 0008, pending" bash -c '(cd "$1" && "$2" status --tenants; true) | grep -Eq "^ +0008 +3"' _ "$P" "$STRATA"
check "up --tenants t_1 --to 0009: one tenant one step" S up --tenants t_1 --to 0009
check "... t_1 at 0009, the others at 0008" test "$(ver)" = "t_1=0009,t_2=0008,t_3=0008"
check "up --tenants all --to 0009: t_1 is already there" S up --tenants all --to 0009
check "... counted as at or past it" grep -q 'target 0009: 1 at or past it, 2 to migrate' <<<"$OUT"
expect_exit 2 "--to 9999: no tenant migration has it" S up --tenants all --to 9999
check "... said so" grep -q -- '--to 9999: no tenant migration has that version' <<<"$OUT"
check "... nothing applied" test "$(ver)" = "t_1=0009,t_2=0009,t_3=0009"
check "up --tenants all --to 0005: every tenant is past it, nothing to do" S up --tenants all --to 0005
check "... 3 at or past it" grep -q 'target 0005: 3 at or past it, 0 to migrate' <<<"$OUT"
check "... nothing moved back or forward" test "$(ver)" = "t_1=0009,t_2=0009,t_3=0009"
check "up --tenants all --dry-run --to 0010" S up --tenants all --to 0010 --dry-run
check "... 3 to migrate, nothing applied" bash -c 'grep -q "target 0010: 0 at or past it, 3 to migrate" <<<"$1" && test "$2" = "t_1=0009,t_2=0009,t_3=0009"' _ "$OUT" "$(ver)"

# ---- 2. the server's notices stay out of stderr
ERR=$T/err
printf 'DROP TABLE IF EXISTS no_such_table;\nDO $$BEGIN RAISE NOTICE $m$shared says hello again$m$; END$$;\n' \
	>"$P/migrations/shared/0004_noise.sql"
(cd "$P" && "$STRATA" up --tenants all >/dev/null 2>"$ERR")
check "up --tenants all to head (noisy shared and tenant migrations)" test "$(ver)" = "t_1=0011,t_2=0011,t_3=0011"
OUT=$(cat "$ERR")
check "... no NOTICE on stderr" bash -c '! grep -qi "notice\|skipping\|says hello" "$1"' _ "$ERR"
echo "CREATE SCHEMA t_4;" | psql -q "$U"
(cd "$P" && "$STRATA" tenant add t_4 >/dev/null 2>"$ERR")
check "tenant add onto an existing empty schema" test "$(sq "$U" "SELECT version FROM strata.ledger WHERE target = 't_4'")" = 0011
OUT=$(cat "$ERR")
check "... no NOTICE on stderr" bash -c '! grep -qi "notice\|skipping\|says hello" "$1"' _ "$ERR"
(cd "$P" && "$STRATA" up >/dev/null 2>"$ERR")
OUT=$(cat "$ERR")
check "plain up (shared, nothing pending): no NOTICE either" bash -c '! grep -qi "notice\|skipping" "$1"' _ "$ERR"
finish
