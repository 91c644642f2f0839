/* platform.c — what a hosting platform provides before the first migration runs, as a built-in prereq
 * (see platform.h). Supabase: the roles PostgREST and GoTrue use, the auth, storage, realtime and extensions
 * schemas, auth.users and storage.buckets/objects with the columns migrations reference, auth.uid(),
 * auth.role(), auth.jwt(), auth.email(), the storage path helpers, and the extensions every project has. */
#include "strata.h"
#include "analysis/platform.h"
#include "util/fs.h"

#include <limits.h>

/* Runs on a plain PostgreSQL 15 as superuser (roles are created only when missing: they are per cluster),
 * and replays cleanly in the model. The definitions follow supabase/postgres' initial schema and GoTrue's
 * and storage-api's first migrations, reduced to what user migrations reference. */
static const char supabase_sql[] =
    "-- the Supabase platform, as strata models it (strata import supabase --print-prereq)\n"
    "DO $roles$\n"
    "DECLARE r text;\n"
    "BEGIN\n"
    "  FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role', 'authenticator',\n"
    "                           'supabase_admin', 'supabase_auth_admin', 'supabase_storage_admin',\n"
    "                           'dashboard_user'] LOOP\n"
    "    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN\n"
    "      EXECUTE format('CREATE ROLE %I NOLOGIN NOINHERIT', r);\n"
    "    END IF;\n"
    "  END LOOP;\n"
    "END\n"
    "$roles$;\n"
    "ALTER ROLE service_role BYPASSRLS;\n"
    "GRANT anon, authenticated, service_role TO authenticator;\n"
    "CREATE SCHEMA IF NOT EXISTS extensions;\n"
    "CREATE SCHEMA IF NOT EXISTS auth AUTHORIZATION supabase_auth_admin;\n"
    "CREATE SCHEMA IF NOT EXISTS storage AUTHORIZATION supabase_storage_admin;\n"
    "CREATE SCHEMA IF NOT EXISTS realtime;\n"
    "-- the schemas of the extensions every project has (pg_graphql, supabase_vault): `supabase db pull`\n"
    "-- dumps say CREATE EXTENSION IF NOT EXISTS ... WITH SCHEMA graphql / vault\n"
    "CREATE SCHEMA IF NOT EXISTS graphql;\n"
    "CREATE SCHEMA IF NOT EXISTS graphql_public;\n"
    "CREATE SCHEMA IF NOT EXISTS vault;\n"
    "GRANT USAGE ON SCHEMA graphql, graphql_public TO anon, authenticated, service_role;\n"
    "-- Realtime's publication, empty until migrations add their tables to it\n"
    "DO $pub$\n"
    "BEGIN\n"
    "  IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'supabase_realtime') THEN\n"
    "    CREATE PUBLICATION supabase_realtime;\n"
    "  END IF;\n"
    "END\n"
    "$pub$;\n"
    "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA extensions;\n"
    "CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA extensions;\n"
    "CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA extensions;\n"
    "GRANT USAGE ON SCHEMA public, extensions, auth, storage TO anon, authenticated, service_role;\n"
    "CREATE TABLE IF NOT EXISTS auth.users (\n"
    "    instance_id uuid,\n"
    "    id uuid NOT NULL PRIMARY KEY,\n"
    "    aud character varying(255),\n"
    "    role character varying(255),\n"
    "    email character varying(255),\n"
    "    encrypted_password character varying(255),\n"
    "    email_confirmed_at timestamp with time zone,\n"
    "    invited_at timestamp with time zone,\n"
    "    confirmation_token character varying(255),\n"
    "    confirmation_sent_at timestamp with time zone,\n"
    "    recovery_token character varying(255),\n"
    "    recovery_sent_at timestamp with time zone,\n"
    "    email_change character varying(255),\n"
    "    email_change_sent_at timestamp with time zone,\n"
    "    last_sign_in_at timestamp with time zone,\n"
    "    raw_app_meta_data jsonb,\n"
    "    raw_user_meta_data jsonb,\n"
    "    is_super_admin boolean,\n"
    "    created_at timestamp with time zone,\n"
    "    updated_at timestamp with time zone,\n"
    "    phone text UNIQUE,\n"
    "    phone_confirmed_at timestamp with time zone,\n"
    "    banned_until timestamp with time zone,\n"
    "    deleted_at timestamp with time zone,\n"
    "    is_anonymous boolean NOT NULL DEFAULT false\n"
    ");\n"
    "CREATE INDEX IF NOT EXISTS users_instance_id_email_idx ON auth.users (instance_id, lower(email));\n"
    "ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;\n"
    "CREATE OR REPLACE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $f$\n"
    "  SELECT coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),\n"
    "                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid\n"
    "$f$;\n"
    "CREATE OR REPLACE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $f$\n"
    "  SELECT coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),\n"
    "                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text\n"
    "$f$;\n"
    "CREATE OR REPLACE FUNCTION auth.email() RETURNS text LANGUAGE sql STABLE AS $f$\n"
    "  SELECT coalesce(nullif(current_setting('request.jwt.claim.email', true), ''),\n"
    "                  (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email'))::text\n"
    "$f$;\n"
    "CREATE OR REPLACE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $f$\n"
    "  SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''),\n"
    "                  nullif(current_setting('request.jwt.claims', true), ''))::jsonb\n"
    "$f$;\n"
    "GRANT EXECUTE ON FUNCTION auth.uid(), auth.role(), auth.email(), auth.jwt()\n"
    "    TO anon, authenticated, service_role;\n"
    "CREATE TABLE IF NOT EXISTS storage.buckets (\n"
    "    id text NOT NULL PRIMARY KEY,\n"
    "    name text NOT NULL,\n"
    "    owner uuid,\n"
    "    owner_id text,\n"
    "    created_at timestamp with time zone DEFAULT now(),\n"
    "    updated_at timestamp with time zone DEFAULT now(),\n"
    "    public boolean DEFAULT false,\n"
    "    avif_autodetection boolean DEFAULT false,\n"
    "    file_size_limit bigint,\n"
    "    allowed_mime_types text[]\n"
    ");\n"
    "CREATE UNIQUE INDEX IF NOT EXISTS bname ON storage.buckets (name);\n"
    "CREATE TABLE IF NOT EXISTS storage.objects (\n"
    "    id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,\n"
    "    bucket_id text REFERENCES storage.buckets (id),\n"
    "    name text,\n"
    "    owner uuid,\n"
    "    owner_id text,\n"
    "    created_at timestamp with time zone DEFAULT now(),\n"
    "    updated_at timestamp with time zone DEFAULT now(),\n"
    "    last_accessed_at timestamp with time zone DEFAULT now(),\n"
    "    metadata jsonb,\n"
    "    version text,\n"
    "    user_metadata jsonb,\n"
    "    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/')) STORED\n"
    ");\n"
    "CREATE UNIQUE INDEX IF NOT EXISTS bucketid_objname ON storage.objects (bucket_id, name);\n"
    "ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;\n"
    "ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;\n"
    "CREATE OR REPLACE FUNCTION storage.foldername(name text) RETURNS text[] LANGUAGE plpgsql AS $f$\n"
    "DECLARE _parts text[];\n"
    "BEGIN\n"
    "  SELECT string_to_array(name, '/') INTO _parts;\n"
    "  RETURN _parts[1:array_length(_parts, 1) - 1];\n"
    "END\n"
    "$f$;\n"
    "CREATE OR REPLACE FUNCTION storage.filename(name text) RETURNS text LANGUAGE plpgsql AS $f$\n"
    "DECLARE _parts text[];\n"
    "BEGIN\n"
    "  SELECT string_to_array(name, '/') INTO _parts;\n"
    "  RETURN _parts[array_length(_parts, 1)];\n"
    "END\n"
    "$f$;\n"
    "CREATE OR REPLACE FUNCTION storage.extension(name text) RETURNS text LANGUAGE plpgsql AS $f$\n"
    "DECLARE _parts text[]; _filename text;\n"
    "BEGIN\n"
    "  SELECT string_to_array(name, '/') INTO _parts;\n"
    "  SELECT _parts[array_length(_parts, 1)] INTO _filename;\n"
    "  RETURN reverse(split_part(reverse(_filename), '.', 1));\n"
    "END\n"
    "$f$;\n"
    "GRANT ALL ON ALL TABLES IN SCHEMA storage TO anon, authenticated, service_role;\n"
    "-- what migrations create in public is granted to the API roles (RLS decides the rows)\n"
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;\n"
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;\n"
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, "
    "service_role;\n";

const char *platform_name(Platform p)
{
	return p == PLATFORM_SUPABASE ? "supabase" : "none";
}

Platform platform_from_name(const char *name)
{
	if (!strcmp(name, "supabase"))
		return PLATFORM_SUPABASE;
	if (!strcmp(name, "none"))
		return PLATFORM_NONE;
	return PLATFORM__BAD;
}

/* The last path component of PATH (resolved when it exists, so that "." and "../x" work), heap. */
static char *parent_name(const char *dir)
{
	char buf[PATH_MAX];
	const char *p = realpath(dir, buf) ? buf : dir;
	char *copy = xstrdup(p);
	size_t l = strlen(copy);
	while (l > 1 && copy[l - 1] == '/')
		copy[--l] = '\0';
	char *slash = strrchr(copy, '/');
	if (!slash) {
		free(copy);
		return xstrdup("");
	}
	*slash = '\0';
	const char *base = strrchr(copy, '/');
	char *r = xstrdup(base ? base + 1 : copy);
	free(copy);
	return r;
}

Platform platform_detect(const char *dir, const char *configured)
{
	if (configured) {
		Platform p = platform_from_name(configured);
		return p == PLATFORM__BAD ? PLATFORM_NONE : p;
	}
	if (!dir)
		return PLATFORM_NONE;
	/* supabase/migrations: the folder the Supabase CLI writes */
	char *parent = parent_name(dir);
	bool supa = !strcmp(parent, "supabase");
	free(parent);
	return supa ? PLATFORM_SUPABASE : PLATFORM_NONE;
}

const char *platform_prereq_sql(Platform p)
{
	return p == PLATFORM_SUPABASE ? supabase_sql : NULL;
}

const char *platform_prereq_label(Platform p)
{
	return p == PLATFORM_SUPABASE ? "<built-in supabase prereq>" : NULL;
}
