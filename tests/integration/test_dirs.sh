#!/usr/bin/env bash
# test_dirs.sh — several migration folders applied in turn (issue 16 item 2) and the lexical convention
# (item 3), against a private PG15 cluster: `--dir A --dir B` and `[migrations] dirs = A, B`, each folder
# with its own convention, versions unique across folders, and every command on the result (ls, check,
# schema, up, status, history, down, verify, drift, diff into the last folder, squash refused across
# folders); a folder whose numbered prefixes repeat is lexical, and `ls` says so and why.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
P=$T/proj
mkdir -p "$P/init-scripts" "$P/migrations"
printf 'CREATE SCHEMA app;\n' >"$P/init-scripts/00000000000000_schema.sql"
printf 'CREATE TABLE app.plans (id int PRIMARY KEY);\n' >"$P/init-scripts/00000000000001_plans.sql"
printf -- '-- migrate:up\nCREATE TABLE app.users (id int PRIMARY KEY, plan int REFERENCES app.plans);\n-- migrate:down\nDROP TABLE app.users;\n' \
	>"$P/migrations/20240101000000_users.sql"
printf -- '-- migrate:up\nCREATE INDEX users_plan ON app.users (plan);\n-- migrate:down\nDROP INDEX app.users_plan;\n' \
	>"$P/migrations/20240102000000_users_plan.sql"
S() { (cd "$P" && "$STRATA" "$@"); }
D=(--dir init-scripts --dir migrations)

expect_output '^4 migrations in 2 folders \(init-scripts, migrations\)' "ls --dir A --dir B: both folders, in turn" S ls "${D[@]}"
check "... each folder with its own convention, and why" bash -c 'grep -q "^init-scripts: convention plain: detected" <<<"$1" && grep -q "^migrations: convention dbmate: detected" <<<"$1"' _ "$OUT"
OUT=$(S ls "${D[@]}" 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')
check "... the first folder's migrations first" test "$OUT" = "00000000000000 00000000000001 20240101000000 20240102000000 "
expect_output '"convention": "dbmate"' "ls --json lists the folders" S ls "${D[@]}" --json
check "... with both conventions" bash -c 'grep -c "\"convention\": \"plain\"" <<<"$1" | grep -q 1' _ "$OUT"
expect_output 'init-scripts, migrations: 4 migrations, 4 statements: 0 errors' "check --dir A --dir B: the second folder sees the first one's objects" S check "${D[@]}"
expect_output 'table app.users' "schema --at a version of the second folder" S schema "${D[@]}" --at 20240101000000
check "... without what comes after it" bash -c '! grep -q "index app.users_plan " <<<"$1"' _ "$OUT"

printf '[migrations]\ndirs = init-scripts, migrations\n\n[database]\nurl = %s\n' "$URL" >"$P/strata.conf"
expect_output '4 migrations in 2 folders' "strata.conf dirs = A, B" S ls
expect_output 'applied 00000000000000_schema.*applied 00000000000001_plans.*applied 20240101000000_users.*applied 20240102000000_users_plan' \
	"up applies the folders in turn" bash -c "cd '$P' && '$STRATA' up | tr '\n' ' '"
expect_output '^up to date at 20240102000000$' "status headline: up to date at the last version" S status
expect_output '"headline": "up to date at 20240102000000"' "... and in status --json" S status --json
expect_output '20240102000000' "history lists the rows" S history
expect_output 'reverted 20240102000000_users_plan' "down --steps 1 reverts the last one" S down --steps 1
expect_exit 1 "status after down: something pending (exit 1)" S status
check "... the headline says what" grep -q '^1 pending (at 20240101000000)$' <<<"$OUT"
check "up again" S up
expect_output '^0 differences$' "verify of both folders" S verify --database-url "$URL"
expect_output '0 differences' "drift: none" S drift
cat >"$T/desired.sql" <<'SQL'
CREATE SCHEMA app;
CREATE TABLE app.plans (id int PRIMARY KEY);
CREATE TABLE app.users (id int PRIMARY KEY, plan int REFERENCES app.plans);
CREATE INDEX users_plan ON app.users (plan);
CREATE TABLE app.notes (id int PRIMARY KEY);
SQL
expect_output '^verified' "diff writes the next migration" S diff --to "$T/desired.sql" --name notes
check "... into the last folder, in its convention (dbmate)" bash -c "ls '$P'/migrations/*_notes.sql && grep -q 'migrate:up' '$P'/migrations/*_notes.sql && ! ls '$P'/init-scripts/*notes* 2>/dev/null"
expect_exit 2 "squash across folders is refused" S squash --to 20240101000000
check "... saying why" grep -q 'lie in several folders' <<<"$OUT"
check "... and nothing moved" bash -c "[ \$(ls '$P/migrations' | wc -l) = 3 ] && [ ! -d '$P/migrations/.squashed' ]"

# versions are unique across folders
mkdir -p "$T/dup/a" "$T/dup/b"
printf 'SELECT 1;\n' >"$T/dup/a/0001_one.sql"
printf 'SELECT 2;\n' >"$T/dup/b/0001_other.sql"
expect_exit 1 "the same version in two folders is an error" "$STRATA" check --dir "$T/dup/a" --dir "$T/dup/b"
check "... naming both files" grep -q 'duplicate migration version "0001" in two folders: ".*a/0001_one.sql" and ".*b/0001_other.sql"' <<<"$OUT"
printf '[migrations]\ndir = a\ndirs = a, b\n' >"$T/dup/strata.conf"
expect_exit 2 "dir and dirs together in strata.conf: an error" bash -c "cd '$T/dup' && '$STRATA' ls"

# lexical: repeated numbered prefixes, ordered by the whole name (maragudk/migrate)
L=$T/lex
mkdir -p "$L"
printf 'CREATE TABLE b (id int);\n' >"$L/0001_b_second.up.sql"
printf 'CREATE TABLE a (id int);\n' >"$L/0001_a_first.up.sql"
printf 'DROP TABLE a;\n' >"$L/0001_a_first.down.sql"
printf 'CREATE TABLE c (id int REFERENCES b (id));\n' >"$L/0002_c.up.sql"
printf 'ALTER TABLE b ADD PRIMARY KEY (id);\n' >"$L/0001_c_key.up.sql"
printf 'DROP TABLE b;\n' >"$L/0001_b_second_down.sql" # misnamed: maragudk/migrate never runs it
expect_output 'convention lexical: numbered prefixes repeat \("0001_a_first.up.sql" and "0001_b_second.up.sql" share 0001\)' \
	"ls --dir with repeated prefixes: lexical, and says why" "$STRATA" ls --dir "$L"
OUT=$("$STRATA" ls --dir "$L" 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ')
check "... versions are whole names in byte order" test "$OUT" = "0001_a_first 0001_b_second 0001_c_key 0002_c "
expect_output '0001_b_second_down\.sql: warning: file is not a lexical migration: this folder.s migrations are <name>\.up\.sql' \
	"... a plain .sql file among .up.sql ones is not a migration (its tool runs only *.up.sql)" "$STRATA" ls --dir "$L"
expect_output '"convention": "lexical"' "... in ls --json" "$STRATA" ls --dir "$L" --json
check "... with the reason" grep -q '"convention_reason": "numbered prefixes repeat' <<<"$OUT"
psql -q "$URL" -c 'CREATE DATABASE lex' >/dev/null
LURL=${URL/\/postgres\?//lex?}
expect_output 'applied 0001_a_first.*applied 0001_b_second.*applied 0001_c_key.*applied 0002_c' "up applies them in byte order" \
	bash -c "'$STRATA' up --dir '$L' --database-url '$LURL' | tr '\n' ' '"
expect_output '^up to date at 0002_c$' "status: up to date at the last name" "$STRATA" status --dir "$L" --database-url "$LURL"
expect_output 'table public.b' "schema --at a whole-name version" "$STRATA" schema --dir "$L" --at 0001_b_second
check "... stops there (no key, no c)" bash -c '! grep -Eq "PRIMARY KEY|table public.c" <<<"$1"' _ "$OUT"
expect_exit 1 "forced golang-migrate: the repeated version is an error" "$STRATA" ls --dir "$L" --convention golang-migrate
check "... that names both files and suggests lexical" bash -c 'grep -q "duplicate migration version \"0001\": .*0001_a_first.up.sql.*0001_b_second.up.sql" <<<"$1" && grep -q -- "--convention lexical" <<<"$1"' _ "$OUT"

# strata.conf beside --dir: from another folder, the project's config is found in the migrations folder's
# parent (or the folder itself), and its relative folders are the project's, not the current folder's
C=$T/confproj
mkdir -p "$C/migrations" "$C/tenant" "$T/elsewhere"
printf 'CREATE TABLE plans (id int PRIMARY KEY);\n' >"$C/migrations/0001_plans.sql"
printf 'CREATE TABLE notes (id int PRIMARY KEY, name varchar(10));\n' >"$C/tenant/0001_notes.sql"
printf '[migrations]\ndir = migrations\ntenant = tenant\n\n[tenants]\nmode = schema\n\n[lint]\nprefer-text = error\n' >"$C/strata.conf"
expect_exit 1 "check --dir proj/migrations from elsewhere reads proj/strata.conf ([lint] prefer-text = error)" \
	bash -c "cd '$T/elsewhere' && '$STRATA' check --dir '$C/migrations'"
check "... the rule from that config fired on the tenant folder it names (relative to the config)" grep -q 'tenant/0001_notes.sql.*prefer-text' <<<"$OUT"
mv "$C/strata.conf" "$C/migrations/strata.conf"
sed -i 's/^tenant = tenant/tenant = ..\/tenant/' "$C/migrations/strata.conf"
expect_exit 1 "... or the one inside the migrations folder" bash -c "cd '$T/elsewhere' && '$STRATA' check --dir '$C/migrations'"
mv "$C/migrations/strata.conf" "$C/strata.conf"
sed -i 's/^tenant = ..\/tenant/tenant = tenant/' "$C/strata.conf"
mkdir -p "$C/scratch" && cp "$C/tenant/0001_notes.sql" "$C/scratch/0001_notes.sql"
expect_exit 0 "... but not for a folder of that project its config does not name (checked with the defaults)" \
	bash -c "cd '$T/elsewhere' && '$STRATA' check --dir '$C/scratch'"
printf '[lint]\nprefer-text = off\n' >"$T/elsewhere/strata.conf"
expect_exit 0 "... but a strata.conf in the current folder wins" bash -c "cd '$T/elsewhere' && '$STRATA' check --dir '$C/migrations'"
finish
