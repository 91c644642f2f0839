#!/usr/bin/env bash
# test_diff_from_db.sh — `strata diff --from-db` against a private PG15 cluster: the live database (migrated
# with `strata up`, so it holds strata's own history table) is compared with a desired schema; the migration
# it writes is verified, leaves strata's history alone, applies with `up`, and after it there are no changes.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
P=$T/proj
cp -r examples/saas "$P"
S() { (cd "$P" && "$STRATA" "$@" --database-url "$URL"); }

check "the example migrated" S up
(cd "$P" && "$STRATA" schema --format sql) >"$T/own.sql"
expect_output '^no changes' "the live schema against the migrations' own dump: no changes (strata.history is left out)" \
	S diff --from-db --to "$T/own.sql"
cp "$T/own.sql" "$T/desired.sql"
echo 'CREATE TABLE chats (id bigint PRIMARY KEY, body text NOT NULL);' >>"$T/desired.sql"
expect_output '^verified' "diff --from-db --to desired: verified" S diff --from-db --to "$T/desired.sql" --name add_chats
check "... and written in the folder's convention" bash -c "ls '$P'/migrations/*_add_chats.up.sql '$P'/migrations/*_add_chats.down.sql"
check "... creating the table, not dropping strata's history" bash -c "grep -q 'CREATE TABLE public.chats' '$P'/migrations/*_add_chats.up.sql && ! grep -Eq 'history|DROP' '$P'/migrations/*_add_chats.up.sql"
expect_output 'applied .*_add_chats' "up applies it" S up
expect_output 'no changes' "afterwards the database is the desired schema" S diff --from-db --to "$T/desired.sql"
finish
