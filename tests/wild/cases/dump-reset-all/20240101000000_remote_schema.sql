-- what pg_dump (and so `supabase db dump` / `db pull`) writes around a schema: session settings first,
-- RESET ALL last; RESET ALL resets settings, not the transaction the migration runs in; the comment on
-- public is initdb's own
SET statement_timeout = 0;
SET lock_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET client_min_messages = warning;
SET row_security = off;
COMMENT ON SCHEMA "public" IS 'standard public schema';
CREATE TABLE IF NOT EXISTS "public"."notes" (
    "id" bigint NOT NULL,
    "body" "text"
);
ALTER TABLE ONLY "public"."notes" ADD CONSTRAINT "notes_pkey" PRIMARY KEY ("id");
RESET ALL;
