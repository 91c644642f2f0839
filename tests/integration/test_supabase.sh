#!/usr/bin/env bash
# test_supabase.sh — a Supabase CLI project (tests/import/supabase: supabase/migrations with RLS policies on
# auth.uid(), a trigger on auth.users, storage policies): detected, checked and verified with the built-in
# prereq (no hand-written file), --prereq adding to it; `strata import supabase`; applied with `strata up`
# on a plain PostgreSQL after the printed prereq, and the policies then do what they say for the
# `authenticated` role; `status --from supabase` and `baseline --from supabase` on a database the Supabase
# CLI's history table describes.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null
sq() { psql -AtX -v ON_ERROR_STOP=1 "$1" -c "$2"; }
newdb() { sq "$PGH_URL" "CREATE DATABASE $1" >/dev/null && echo "${PGH_URL/\/postgres\?//$1?}"; }
P=$T/proj
cp -r tests/import/supabase "$P"
S() { (cd "$P" && "$STRATA" "$@"); }

expect_exit 0 "strata check in the project: supabase/migrations found, no hand-written prereq" S check
check "... it checked the Supabase folder" grep -q '^supabase/migrations: 2 migrations' <<<"$OUT"
expect_exit 0 "strata check --dir supabase/migrations" S check --dir supabase/migrations
mkdir -p "$P/db" && cp "$P"/supabase/migrations/*.sql "$P/db/"
expect_exit 1 "the same files elsewhere are not a Supabase project: auth is unknown" S check --dir db
check "... an error at the reference to auth.users" grep -q 'db/20240101000000_profiles.sql:2:31: error: schema "auth" does not exist' <<<"$OUT"
expect_exit 0 "... unless [migrations] platform = supabase says so" bash -c "cd '$P' && printf '[migrations]\nplatform = supabase\n' >db.conf && '$STRATA' check --dir db --config db.conf"
expect_exit 1 "platform = none turns the built-in prereq off" bash -c "cd '$P' && printf '[migrations]\nplatform = none\n' >none.conf && '$STRATA' check --config none.conf"
expect_output '0 differences' "strata verify: the throwaway server gets the same prereq" S verify

# --prereq adds to the built-in one
printf 'CREATE TABLE private.secrets (user_id uuid REFERENCES auth.users, value text);\n' \
	>"$P/supabase/migrations/20240103000000_secrets.sql"
expect_exit 1 "a migration using a schema of the project's own setup fails alone" S check
printf 'CREATE SCHEMA private;\n' >"$P/extra.sql"
expect_exit 0 "--prereq adds it to the built-in prereq" S check --prereq extra.sql
rm "$P/supabase/migrations/20240103000000_secrets.sql"

# what every Supabase project has and `supabase db pull` dumps refer to: the schemas of pg_graphql and
# supabase_vault, the supabase_realtime publication, storage.objects' owner_id; the dump ends in RESET ALL
cat >"$P/supabase/migrations/20240104000000_remote_schema.sql" <<'SQL'
SET statement_timeout = 0;
SELECT pg_catalog.set_config('search_path', '', false);
CREATE TABLE IF NOT EXISTS "public"."notes" ("id" bigint NOT NULL PRIMARY KEY, "owner_id" "text");
ALTER PUBLICATION "supabase_realtime" ADD TABLE ONLY "public"."notes";
CREATE POLICY "own files" ON "storage"."objects" FOR SELECT TO "authenticated"
    USING (("owner_id" = ("auth"."uid"())::"text"));
GRANT USAGE ON SCHEMA "graphql_public" TO "anon";
RESET ALL;
SQL
expect_exit 0 "a pulled schema: the publication, storage.objects.owner_id, graphql_public are the platform's" S check
expect_output '0 differences' "... and verify applies it (RESET ALL keeps strata's transaction)" S verify
printf 'CREATE EXTENSION IF NOT EXISTS "pg_graphql" WITH SCHEMA "graphql";\nCREATE EXTENSION IF NOT EXISTS "supabase_vault" WITH SCHEMA "vault";\n' \
	>"$P/supabase/migrations/20240105000000_extensions.sql"
expect_exit 0 "the schemas of the platform's extensions exist (graphql, vault)" S check
rm "$P"/supabase/migrations/2024010[45]000000_*.sql

check "strata import supabase writes strata.conf" S import supabase
check "... naming the folder and the platform" grep -qx 'platform = supabase' "$P/strata.conf"
check "... and import supabase --print-prereq prints the platform's SQL" S import supabase --print-prereq
check "... (auth.uid() among it)" grep -q 'CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid' <<<"$OUT"

# a plain PostgreSQL: the printed prereq, then strata up
U=$(newdb app)
check "the printed prereq runs on a plain PostgreSQL" bash -c "cd '$P' && '$STRATA' import supabase --print-prereq | psql -qX -v ON_ERROR_STOP=1 '$U' >/dev/null 2>&1"
check "... twice (it only creates what is missing)" bash -c "cd '$P' && '$STRATA' import supabase --print-prereq | psql -qX -v ON_ERROR_STOP=1 '$U' >/dev/null 2>&1"
check "strata up applies the Supabase migrations" S up --database-url "$U"
check "... and records them in the Supabase CLI's history table too (version, name, statements)" test \
	"$(sq "$U" "SELECT string_agg(version || ':' || name || ':' || array_length(statements, 1), ',' ORDER BY version) FROM supabase_migrations.schema_migrations")" \
	= "20240101000000:profiles:7,20240102000000:todos:9"
check "... with each statement's text" test "$(sq "$U" "SELECT statements[1] FROM supabase_migrations.schema_migrations WHERE version = '20240101000000'" | head -c 28)" = "create table public.profiles"
expect_exit 0 "status --from supabase: the CLI would see everything applied" S status --from supabase --database-url "$U"
A=11111111-1111-1111-1111-111111111111
B=22222222-2222-2222-2222-222222222222
sq "$U" "INSERT INTO auth.users (id, email, raw_user_meta_data) VALUES ('$A', 'a@x', '{\"username\":\"ann\"}'), ('$B', 'b@x', '{\"username\":\"bob\"}')" >/dev/null
check "the trigger on auth.users made the profiles" test "$(sq "$U" "SELECT string_agg(username, ',' ORDER BY username) FROM public.profiles")" = ann,bob
as() { psql -AtX -v ON_ERROR_STOP=1 "$U" -c "SET role authenticated; SELECT set_config('request.jwt.claims', '{\"sub\":\"$1\",\"role\":\"authenticated\"}', false);" -c "$2"; }
check "as ann, RLS lets her insert her own todo" as "$A" "INSERT INTO public.todos (user_id, task) VALUES ('$A', 'write tests')"
check "... and bob his" as "$B" "INSERT INTO public.todos (user_id, task) VALUES ('$B', 'read tests')"
expect_exit 1 "... but not one for bob (WITH CHECK auth.uid() = user_id)" as "$A" "INSERT INTO public.todos (user_id, task) VALUES ('$B', 'sneaky')"
check "... and she sees only hers" test "$(as "$A" "SELECT string_agg(task, ',') FROM public.todos" | tail -1)" = "write tests"
check "auth.uid() reads the JWT claim" test "$(as "$B" "SELECT auth.uid()" | tail -1)" = "$B"

# the Supabase CLI's own history table
U2=$(newdb cli)
check "a database the Supabase CLI migrated (prereq, the files, its history table)" bash -c "
	cd '$P' && '$STRATA' import supabase --print-prereq | psql -qX -v ON_ERROR_STOP=1 '$U2' >/dev/null 2>&1 &&
	cat supabase/migrations/20240101000000_profiles.sql | psql -qX -v ON_ERROR_STOP=1 '$U2' >/dev/null &&
	psql -qX -v ON_ERROR_STOP=1 '$U2' -c \"CREATE SCHEMA supabase_migrations; CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text); INSERT INTO supabase_migrations.schema_migrations VALUES ('20240101000000', NULL, 'profiles')\" >/dev/null"
expect_exit 1 "status --from supabase: one applied, one pending" S status --from supabase --database-url "$U2"
check "... as the CLI recorded" grep -q '1 applied, 1 pending' <<<"$OUT"
check "baseline --from supabase adopts it, verified" S baseline --from supabase --database-url "$U2"
check "strata up applies the rest" S up --database-url "$U2"
check "... the CLI's row kept, strata's added" test "$(sq "$U2" "SELECT string_agg(version || ':' || name, ',' ORDER BY version) FROM supabase_migrations.schema_migrations")" = "20240101000000:profiles,20240102000000:todos"
expect_output '0 differences' "drift: none (supabase_migrations left alone)" S drift --database-url "$U2"
check "... said once" grep -q "schema supabase_migrations (Supabase's history)" <<<"$OUT"

finish
