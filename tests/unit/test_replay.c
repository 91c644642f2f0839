/* test_replay.c — replay of DDL into the catalog: statement(s) in, canonical catalog text out (every line
 * listed must appear in the dump, lines prefixed with '!' must not), for each statement family; PostgreSQL's
 * default names; CASCADE and RENAME chains; search_path resolution. */
#include "unit.h"
#include "replay_util.h"

#include <jansson.h>

typedef struct Case {
	const char *name;
	const char *sql;
	const char *search_path;
	const char *user;
	const char *lines[24]; /* expected lines of the canonical text; "!..." = must be absent */
} Case;

static const Case cases[] = {
    {"serial, primary key, unique, default names",
     "CREATE TABLE users (id serial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);",
     NULL,
     NULL,
     {"sequence public.users_id_seq as integer start 1 increment 1 min 1 max 2147483647 cache 1 owned by "
      "public.users.id",
      "table public.users", "  column id integer DEFAULT nextval('users_id_seq'::regclass) NOT NULL",
      "  column email character varying(255) NOT NULL", "  constraint users_email_key UNIQUE (email)",
      "  constraint users_pkey PRIMARY KEY (id)",
      "index public.users_email_key on public.users unique USING btree (email) (constraint users_email_key)",
      "index public.users_pkey on public.users unique USING btree (id) (constraint users_pkey)"}},
    {"DEFAULT NULL stores no default; SET DEFAULT NULL removes one",
     "CREATE TABLE t (a text DEFAULT NULL, b int DEFAULT NULL::integer, c int DEFAULT 1);\n"
     "ALTER TABLE t ALTER COLUMN c SET DEFAULT NULL;",
     NULL,
     NULL,
     {"  column a text", "  column b integer", "  column c integer"}},
    {"DEFAULT NULL on a column with a type modifier is stored (the length coercion wraps it)",
     "CREATE TABLE t (a varchar(15) DEFAULT NULL);",
     NULL,
     NULL,
     {"  column a character varying(15) DEFAULT NULL"}},
    {"own-table qualified columns in a table's expressions print unqualified",
     "CREATE TABLE t (a int, b int, c int GENERATED ALWAYS AS (LEAST(t.a, public.t.b)) STORED, "
     "CONSTRAINT ck CHECK (t.a > 0));\nCREATE INDEX ti ON t ((t.a + 1)) WHERE t.b > 0;",
     NULL,
     NULL,
     {"  column c integer GENERATED ALWAYS AS (LEAST(a, b)) STORED", "  constraint ck CHECK (a > 0)",
      "index public.ti on public.t USING btree ((a + 1)) WHERE (b > 0)"}},
    {"extension types and operator classes are qualified with the extension's schema; default opclasses "
     "dropped",
     "CREATE EXTENSION ltree;\nCREATE EXTENSION pg_trgm;\n"
     "CREATE TABLE c (path ltree, name text, tags text[]);\n"
     "CREATE INDEX c_name ON c USING gin (name gin_trgm_ops);\nCREATE INDEX c_tags ON c USING gin (tags "
     "array_ops);\n"
     "CREATE INDEX c_name2 ON c (name text_ops);",
     NULL,
     NULL,
     {"  column path public.ltree", "index public.c_name on public.c USING gin (name public.gin_trgm_ops)",
      "index public.c_tags on public.c USING gin (tags)",
      "index public.c_name2 on public.c USING btree (name)"}},
    {"(column COLLATE x) in an index is a column key; the column's own collation is not recorded",
     "CREATE TABLE o (b text, name text, k text COLLATE \"C\");\n"
     "CREATE INDEX o1 ON o (b, (name COLLATE \"C\"));\nCREATE INDEX o2 ON o ((lower(name) COLLATE \"C\"));\n"
     "CREATE INDEX o3 ON o ((k COLLATE \"C\"));",
     NULL,
     NULL,
     {"index public.o1 on public.o USING btree (b, name COLLATE \"C\")",
      "index public.o2 on public.o USING btree ((lower(name)) COLLATE \"C\")",
      "index public.o3 on public.o USING btree (k)"}},
    {"a UNIQUE that repeats the primary key in the same CREATE TABLE is not made",
     "CREATE TABLE u (id uuid NOT NULL UNIQUE, e text UNIQUE, f text, CONSTRAINT u_pkey PRIMARY KEY (id), "
     "UNIQUE (f), UNIQUE (f));",
     NULL,
     NULL,
     {"  constraint u_pkey PRIMARY KEY (id)", "!  constraint u_id_key UNIQUE (id)",
      "  constraint u_e_key UNIQUE (e)", "  constraint u_f_key UNIQUE (f)",
      "!  constraint u_f_key1 UNIQUE (f)"}},
    {"the output columns of nested set operations are the leftmost SELECT's",
     "CREATE TABLE t (x int, y int);\nCREATE VIEW v AS SELECT x AS a, y AS b FROM t UNION ALL SELECT 3, 4 "
     "UNION ALL SELECT 5, 6;",
     NULL,
     NULL,
     {"view public.v (a, b)"}},
    {"bigserial and smallserial",
     "CREATE TABLE t (a bigserial, b smallserial);",
     NULL,
     NULL,
     {"sequence public.t_a_seq as bigint start 1 increment 1 min 1 max 9223372036854775807 cache 1 owned by "
      "public.t.a",
      "sequence public.t_b_seq as smallint start 1 increment 1 min 1 max 32767 cache 1 owned by public.t.b",
      "  column a bigint DEFAULT nextval('t_a_seq'::regclass) NOT NULL"}},
    {"type canonicalisation",
     "CREATE TABLE t (a int4, b int8, c float8, d bool, e varchar, f char(3), g timestamptz, h timestamp(6), "
     "i time, "
     "j numeric(10,2), k text[], l decimal, m double precision, n character varying(5)[][], o bit "
     "varying(4));",
     NULL,
     NULL,
     {"  column a integer", "  column b bigint", "  column c double precision", "  column d boolean",
      "  column e character varying", "  column f character(3)", "  column g timestamp with time zone",
      "  column h timestamp(6) without time zone", "  column i time without time zone",
      "  column j numeric(10,2)", "  column k text[]", "  column l numeric", "  column m double precision",
      "  column n character varying(5)[]", "  column o bit varying(4)"}},
    {"foreign keys: names, actions, deferrable, not valid",
     "CREATE TABLE orgs (id bigint PRIMARY KEY);\n"
     "CREATE TABLE members (org_id bigint REFERENCES orgs ON DELETE CASCADE, boss bigint, "
     "FOREIGN KEY (boss) REFERENCES orgs (id) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED);\n"
     "ALTER TABLE members ADD CONSTRAINT m_fk FOREIGN KEY (org_id) REFERENCES orgs (id) MATCH FULL NOT "
     "VALID;",
     NULL,
     NULL,
     {"  constraint members_org_id_fkey FOREIGN KEY (org_id) REFERENCES public.orgs (id) ON DELETE CASCADE",
      "  constraint members_boss_fkey FOREIGN KEY (boss) REFERENCES public.orgs (id) ON UPDATE SET NULL "
      "DEFERRABLE INITIALLY DEFERRED",
      "  constraint m_fk FOREIGN KEY (org_id) REFERENCES public.orgs (id) MATCH FULL NOT VALID"}},
    {"column constraint attributes: DEFERRABLE INITIALLY DEFERRED after REFERENCES; comment on constraint",
     "CREATE TABLE v (id int PRIMARY KEY);\nCREATE TABLE d (v_id int NOT NULL CONSTRAINT d_fk REFERENCES v "
     "ON DELETE NO ACTION "
     "DEFERRABLE INITIALLY DEFERRED, w int REFERENCES v);\nCOMMENT ON CONSTRAINT d_fk ON d IS 'deferred';",
     NULL,
     NULL,
     {"  constraint d_fk FOREIGN KEY (v_id) REFERENCES public.v (id) DEFERRABLE INITIALLY DEFERRED",
      "  constraint d_w_fkey FOREIGN KEY (w) REFERENCES public.v (id)"}},
    {"alter sequence AS moves default bounds; type rename updates columns",
     "CREATE SEQUENCE s AS integer;\nALTER SEQUENCE s AS bigint;\nCREATE TYPE e_new AS ENUM ('a');\n"
     "CREATE TABLE t (x e_new, y e_new[]);\nALTER TYPE e_new RENAME TO e;",
     NULL,
     NULL,
     {"sequence public.s as bigint start 1 increment 1 min 1 max 9223372036854775807 cache 1",
      "  column x public.e", "  column y public.e[]", "type public.e enum ('a')"}},
    {"check constraint names: one distinct column vs several, collisions",
     "CREATE TABLE t (a int CHECK (a > 0), b int, CHECK (a < b), CHECK (b > 0 AND b < 10), CHECK (a > 1));",
     NULL,
     NULL,
     {"  constraint t_a_check CHECK (a > 0)", "  constraint t_check CHECK (a < b)",
      "  constraint t_b_check CHECK (b > 0 AND b < 10)", "  constraint t_a_check1 CHECK (a > 1)"}},
    {"index names: truncation to 63 bytes and collision numbering",
     "CREATE TABLE a_very_long_table_name_that_goes_on_and_on_and_on_forever_x "
     "(some_really_long_column_name_too int UNIQUE);\n"
     "CREATE TABLE t (a int, b int, c text);\nCREATE INDEX ON t (a);\nCREATE INDEX ON t (a);\n"
     "CREATE UNIQUE INDEX ON t (a, b) WHERE c IS NOT NULL;\nCREATE INDEX ON t USING gin "
     "(to_tsvector('english', c));\n"
     "CREATE INDEX ON t ((a + b) DESC NULLS LAST);\nCREATE INDEX ON t (lower(c) text_pattern_ops) INCLUDE "
     "(b);",
     NULL,
     NULL,
     {"  constraint a_very_long_table_name_that_g_some_really_long_column_name__key UNIQUE "
      "(some_really_long_column_name_too)",
      "index public.t_a_idx on public.t USING btree (a)", "index public.t_a_idx1 on public.t USING btree (a)",
      "index public.t_a_b_idx on public.t unique USING btree (a, b) WHERE (c IS NOT NULL)",
      "index public.t_to_tsvector_idx on public.t USING gin ((to_tsvector('english', c)))",
      "index public.t_expr_idx on public.t USING btree ((a + b) DESC NULLS LAST)",
      "index public.t_lower_b_idx on public.t USING btree ((lower(c)) text_pattern_ops) INCLUDE (b)"}},
    {"identity and generated columns, defaults normalised",
     "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, a int GENERATED ALWAYS AS (id "
     "* 2) STORED, "
     "s text DEFAULT 'x'::text, n numeric DEFAULT '-1'::integer, c timestamptz DEFAULT CURRENT_TIMESTAMP, "
     "j jsonb DEFAULT '{}'::jsonb);",
     NULL,
     NULL,
     {"  column id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL",
      "  column a integer GENERATED ALWAYS AS (id * 2) STORED", "  column s text DEFAULT 'x'",
      "  column n numeric DEFAULT -1", "  column c timestamp with time zone DEFAULT current_timestamp",
      "  column j jsonb DEFAULT '{}'",
      "sequence public.t_id_seq as bigint start 1 increment 1 min 1 max 9223372036854775807 cache 1 owned by "
      "public.t.id (identity)"}},
    {"alter table: add/drop/alter columns, defaults, not null, type",
     "CREATE TABLE t (a int, b text NOT NULL, c int DEFAULT 1);\n"
     "ALTER TABLE t ADD COLUMN d boolean DEFAULT false NOT NULL, ALTER COLUMN b DROP NOT NULL, ALTER COLUMN "
     "a SET NOT NULL, "
     "ALTER COLUMN c DROP DEFAULT, ALTER COLUMN a SET DEFAULT 7, ALTER COLUMN a TYPE bigint USING "
     "a::bigint;\n"
     "ALTER TABLE t ADD COLUMN IF NOT EXISTS d int;\nALTER TABLE t DROP COLUMN IF EXISTS zz;\nALTER TABLE t "
     "DROP COLUMN c;",
     NULL,
     NULL,
     {"  column a bigint DEFAULT 7 NOT NULL", "  column b text", "  column d boolean DEFAULT false NOT NULL",
      "!  column c integer"}},
    {"drop column takes its indexes and constraints",
     "CREATE TABLE t (a int, b int UNIQUE, CHECK (b > a));\nCREATE INDEX t_b ON t (b);\nALTER TABLE t DROP "
     "COLUMN b;",
     NULL,
     NULL,
     {"table public.t", "!index public.t_b on public.t USING btree (b)", "!  constraint t_b_key UNIQUE (b)",
      "!  constraint t_check CHECK (b > a)"}},
    {"constraints: drop, rename (index follows), validate, using index",
     "CREATE TABLE t (a int, b int, CONSTRAINT ck CHECK (a > 0) NOT VALID);\n"
     "ALTER TABLE t VALIDATE CONSTRAINT ck;\nALTER TABLE t ADD CONSTRAINT t_u UNIQUE (a);\n"
     "ALTER TABLE t RENAME CONSTRAINT t_u TO t_u2;\nCREATE UNIQUE INDEX t_b_idx ON t (b);\n"
     "ALTER TABLE t ADD CONSTRAINT t_pk PRIMARY KEY USING INDEX t_b_idx;\nALTER TABLE t DROP CONSTRAINT IF "
     "EXISTS nope;",
     NULL,
     NULL,
     {"  constraint ck CHECK (a > 0)", "  constraint t_u2 UNIQUE (a)",
      "index public.t_u2 on public.t unique USING btree (a) (constraint t_u2)",
      "  constraint t_pk PRIMARY KEY (b)",
      "index public.t_pk on public.t unique USING btree (b) (constraint t_pk)",
      "!  constraint ck CHECK (a > 0) NOT VALID"}},
    {"rename chain: table, column (FK follows), index",
     "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a (id));\n"
     "ALTER TABLE a RENAME COLUMN id TO key;\nALTER TABLE a RENAME TO aa;\nALTER TABLE b RENAME a_id TO "
     "aa_key;\n"
     "ALTER INDEX a_pkey RENAME TO aa_pkey;\nALTER TABLE aa RENAME TO aaa;",
     NULL,
     NULL,
     {"table public.aaa", "  column key integer NOT NULL", "  constraint aa_pkey PRIMARY KEY (key)",
      "  constraint b_a_id_fkey FOREIGN KEY (aa_key) REFERENCES public.aaa (key)",
      "index public.aa_pkey on public.aaa unique USING btree (key) (constraint aa_pkey)", "!table public.a"}},
    {"rename follows into expressions and views",
     "CREATE TABLE t (a int, b int DEFAULT 0 CHECK (b >= 0));\nCREATE INDEX t_i ON t (lower(a::text)) WHERE "
     "b > 1;\n"
     "CREATE VIEW v AS SELECT t.a FROM t;\nALTER TABLE t RENAME COLUMN b TO bb;\nALTER TABLE t RENAME COLUMN "
     "a TO aa;\n"
     "ALTER TABLE t RENAME TO tt;",
     NULL,
     NULL,
     {"  constraint t_b_check CHECK (bb >= 0)",
      "index public.t_i on public.tt USING btree ((lower(aa))) WHERE (bb > 1)",
      "  as SELECT tt.aa AS a FROM tt"}},
    {"column rename in a single-table view",
     "CREATE TABLE t (a int, b int);\nCREATE VIEW v AS SELECT a, b FROM t WHERE a > 0;\nALTER TABLE t RENAME "
     "a TO z;",
     NULL,
     NULL,
     {"view public.v (a, b)", "  as SELECT t.z AS a, t.b FROM t WHERE t.z > 0"}},
    {"exclusion constraint: predicate on its index, deferrability, column rename reaches both (fuzz-diff)",
     "CREATE TABLE t (a int, b int);\n"
     "ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING btree (a WITH =) WHERE (a > 0) DEFERRABLE;\n"
     "ALTER TABLE t RENAME COLUMN a TO z;",
     NULL,
     NULL,
     {"  constraint ex EXCLUDE USING btree (z WITH =) WHERE (z > 0) DEFERRABLE",
      "index public.ex on public.t USING btree (z) WHERE (z > 0) (constraint ex)"}},
    {"ALTER MATERIALIZED VIEW / VIEW RENAME COLUMN: definition alias, index keys, readers (fuzz-diff)",
     "CREATE TABLE t (a int, b int);\nCREATE MATERIALIZED VIEW mv AS SELECT a, b FROM t WHERE a > 0;\n"
     "CREATE INDEX mi ON mv (a);\nCREATE VIEW w AS SELECT a FROM mv;\n"
     "ALTER MATERIALIZED VIEW mv RENAME COLUMN a TO y;\nCREATE VIEW v2 AS SELECT y FROM mv;\n"
     "CREATE VIEW v AS SELECT a, b FROM t;\nALTER VIEW v RENAME COLUMN b TO c;",
     NULL,
     NULL,
     {"materialized view public.mv (y, b)", "  as SELECT t.a AS y, t.b FROM t WHERE t.a > 0",
      "index public.mi on public.mv USING btree (y)", "  as SELECT mv.y AS a FROM mv", "view public.v (a, c)",
      "  as SELECT t.a, t.b AS c FROM t"}},
    {"ALTER FUNCTION RENAME reaches the expressions that call it (the server stores its OID; fuzz-diff)",
     "CREATE FUNCTION one(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';\n"
     "CREATE FUNCTION one(x int, y int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';\n"
     "CREATE TABLE t (a int CHECK (one(a) > 0), c int DEFAULT one(3), d int DEFAULT one(1, 2));\n"
     "CREATE INDEX ti ON t (one(a));\nCREATE VIEW v AS SELECT one(a) AS x FROM t;\n"
     "ALTER FUNCTION one(int) RENAME TO two;",
     NULL,
     NULL,
     {"  constraint t_a_check CHECK (two(a) > 0)", "  column c integer DEFAULT two(3)",
      "  column d integer DEFAULT one(1, 2)", "index public.ti on public.t USING btree ((two(a)))",
      "  as SELECT two(t.a) AS x FROM t"}},
    {"ALTER FUNCTION RENAME of one overload: only the calls resolved to it follow (fuzz-diff)",
     "CREATE FUNCTION ov(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';\n"
     "CREATE FUNCTION ov(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT x';\n"
     "CREATE TABLE t (a int, b text DEFAULT ov('q'), c int DEFAULT ov(3));\n"
     "CREATE VIEW v AS SELECT ov(a) AS x, ov(b) AS y FROM t;\nALTER FUNCTION ov(int) RENAME TO rf;",
     NULL,
     NULL,
     {"  column b text DEFAULT ov('q')", "  column c integer DEFAULT rf(3)",
      "  as SELECT rf(t.a) AS x, ov(t.b) AS y FROM t"}},
    {"ALTER MATERIALIZED VIEW SET SCHEMA moves its indexes (fuzz-diff)",
     "CREATE SCHEMA o;\nCREATE TABLE t (a int);\nCREATE MATERIALIZED VIEW mv AS SELECT a FROM t;\n"
     "CREATE INDEX mi ON mv (a);\nALTER MATERIALIZED VIEW mv SET SCHEMA o;",
     NULL,
     NULL,
     {"index o.mi on o.mv USING btree (a)", "!index public.mi on o.mv USING btree (a)"}},
    {"cascade chain: table <- view <- view, FK constraint dropped, table kept",
     "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (a_id int REFERENCES a);\n"
     "CREATE VIEW v1 AS SELECT id FROM a;\nCREATE VIEW v2 AS SELECT id FROM v1;\nDROP TABLE a CASCADE;",
     NULL,
     NULL,
     {"table public.b", "  column a_id integer", "!view public.v1 (id)", "!view public.v2 (id)",
      "!  constraint b_a_id_fkey FOREIGN KEY (a_id) REFERENCES public.a (id)", "!table public.a"}},
    {"drop sequence cascade drops the default only",
     "CREATE SEQUENCE s;\nCREATE TABLE t (a int DEFAULT nextval('s'));\nDROP SEQUENCE s CASCADE;",
     NULL,
     NULL,
     {"table public.t", "  column a integer", "!sequence public.s"}},
    {"drop table takes owned sequence, indexes, triggers, policies",
     "CREATE TABLE t (id serial PRIMARY KEY);\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS "
     "'begin return new; end';\n"
     "CREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE PROCEDURE f();\nCREATE POLICY p ON t USING "
     "(true);\nDROP TABLE t;",
     NULL,
     NULL,
     {"function public.f() returns trigger language plpgsql", "!table public.t", "!sequence public.t_id_seq",
      "!index public.t_pkey"}},
    {"enums: add value before/after, if not exists, rename value",
     "CREATE TYPE mood AS ENUM ('sad', 'ok');\nALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';\n"
     "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh' BEFORE 'ok';\nALTER TYPE mood ADD VALUE IF NOT EXISTS "
     "'ok';\n"
     "ALTER TYPE mood ADD VALUE 'last';\nALTER TYPE mood RENAME VALUE 'sad' TO 'blue';",
     NULL,
     NULL,
     {"type public.mood enum ('blue', 'meh', 'ok', 'happy', 'last')"}},
    {"domains and composite types, user types qualified",
     "CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0);\nCREATE TYPE mood AS ENUM "
     "('a');\n"
     "CREATE TYPE pair AS (x int, y mood);\nCREATE TABLE t (p posint, m mood[] DEFAULT '{}', q "
     "public.pair);\n"
     "ALTER DOMAIN posint ADD CONSTRAINT small CHECK (VALUE < 100);",
     NULL,
     NULL,
     {"type public.posint domain integer not null default 1", "  constraint posint_check check (value > 0)",
      "  constraint small check (value < 100)", "type public.pair composite", "  attribute y public.mood",
      "  column p public.posint", "  column m public.mood[] DEFAULT '{}'", "  column q public.pair"}},
    {"views and materialized views: columns, CTEs ignored, or replace",
     "CREATE TABLE t (a int, b text);\nCREATE VIEW v AS WITH x AS (SELECT 1 AS one) SELECT t.a FROM t, x;\n"
     "CREATE OR REPLACE VIEW v AS SELECT a FROM t;\nCREATE MATERIALIZED VIEW mv (c1, c2) AS SELECT * FROM t "
     "WITH NO DATA;\n"
     "CREATE INDEX ON mv (c1);",
     NULL,
     NULL,
     {"view public.v (a)", "  as SELECT t.a FROM t", "materialized view public.mv (c1, c2) with no data",
      "index public.mv_c1_idx on public.mv USING btree (c1)"}},
    {"functions by signature, procedures, overloads, triggers",
     "CREATE FUNCTION f(a integer, b text DEFAULT 'x') RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS "
     "'select 1';\n"
     "CREATE FUNCTION f(a bigint) RETURNS SETOF text LANGUAGE sql AS 'select 1';\n"
     "CREATE OR REPLACE FUNCTION f(a integer, b text DEFAULT 'y') RETURNS integer LANGUAGE sql AS 'select "
     "2';\n"
     "CREATE PROCEDURE p(INOUT x int) LANGUAGE plpgsql AS 'begin end';\n"
     "CREATE FUNCTION tf() RETURNS TABLE(id int, name text) LANGUAGE sql AS 'select 1, 2';\n"
     "CREATE TABLE t (a int);\nCREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; "
     "end';\n"
     "CREATE TRIGGER t_trg AFTER INSERT OR UPDATE OF a ON t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE "
     "FUNCTION trg('x');\n"
     "CREATE CONSTRAINT TRIGGER t_c AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE "
     "FUNCTION trg();\n"
     "ALTER TABLE t DISABLE TRIGGER t_c;",
     NULL,
     NULL,
     {"function public.f(a integer, b text DEFAULT 'y') returns integer language sql",
      "function public.f(a bigint) returns SETOF text language sql",
      "procedure public.p(INOUT x integer) language plpgsql",
      "function public.tf() returns TABLE(id integer, name text) language sql",
      "trigger public.t.t_trg after INSERT OR UPDATE of (a) for each row execute public.trg() args "
      "('x') when (new.a > 0)",
      "trigger public.t.t_c after INSERT for each row execute public.trg() disabled"}},
    {"policies and row level security",
     "CREATE TABLE t (org int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nALTER TABLE t FORCE ROW LEVEL "
     "SECURITY;\n"
     "CREATE POLICY iso ON t AS RESTRICTIVE FOR SELECT TO app_user, admin USING (org = "
     "current_setting('app.org')::int);\n"
     "CREATE POLICY ins ON t FOR INSERT WITH CHECK (org > 0);\nALTER POLICY iso ON t USING (org = 1);\n"
     "CREATE POLICY gone ON t USING (true);\nDROP POLICY gone ON t;\nDROP POLICY IF EXISTS gone ON t;",
     NULL,
     NULL,
     {"table public.t row level security forced",
      "policy public.t.iso restrictive for select to app_user, admin using (org = 1)",
      "policy public.t.ins permissive for insert to public with check (org > 0)",
      "!policy public.t.gone permissive for all to public using (true)"}},
    {"sequences: options, alter, owned by",
     "CREATE SEQUENCE s1 START 10 INCREMENT 5 MAXVALUE 1000 CACHE 20 CYCLE;\nCREATE SEQUENCE s2 AS integer "
     "INCREMENT -1;\n"
     "CREATE TABLE t (a int);\nALTER SEQUENCE s1 OWNED BY t.a;\nALTER SEQUENCE s1 INCREMENT BY 2 NO "
     "CYCLE;\nCREATE SEQUENCE IF NOT EXISTS s1;",
     NULL,
     NULL,
     {"sequence public.s1 as bigint start 10 increment 2 min 1 max 1000 cache 20 owned by public.t.a",
      "sequence public.s2 as integer start -1 increment -1 min -2147483648 max -1 cache 1"}},
    {"schemas, extensions, comments, set schema",
     "CREATE SCHEMA app;\nCREATE SCHEMA IF NOT EXISTS app;\nCREATE SCHEMA AUTHORIZATION joe;\nCREATE "
     "EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA app;\n"
     "CREATE TABLE t (a int);\nCOMMENT ON TABLE t IS 'tee';\nCOMMENT ON COLUMN t.a IS 'it''s a';\nCOMMENT ON "
     "SCHEMA app IS 'app';\n"
     "ALTER TABLE t SET SCHEMA app;\nCREATE SCHEMA s2 CREATE TABLE inner_t (x int);",
     NULL,
     NULL,
     {"schema app", "  comment 'app'", "schema joe", "extension pgcrypto schema app", "table app.t",
      "  comment 'tee'", "    comment 'it''s a'", "table s2.inner_t", "!table public.t"}},
    {"inherits, partition of, like",
     "CREATE TABLE base (id int PRIMARY KEY, created timestamptz DEFAULT now(), CHECK (id > 0));\n"
     "CREATE TABLE child (extra text) INHERITS (base);\n"
     "CREATE TABLE ev (id int, at date NOT NULL, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);\n"
     "CREATE TABLE ev_2024 PARTITION OF ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
     "CREATE TABLE copy (LIKE base INCLUDING ALL, more int);",
     NULL,
     NULL,
     {"table public.child inherits (public.base)", "  column extra text",
      "  constraint base_id_check CHECK (id > 0)", "table public.ev partition by RANGE (at)",
      "table public.ev_2024 partition of public.ev FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
      "index public.ev_2024_pkey on public.ev_2024 unique USING btree (id, at) (constraint ev_2024_pkey)",
      "table public.copy", "  column created timestamp with time zone DEFAULT now()",
      "  constraint copy_pkey PRIMARY KEY (id)", "  column more integer"}},
    {"search_path: $user schema first when it exists",
     "CREATE SCHEMA alice;\nCREATE TABLE t (a int);",
     NULL,
     "alice",
     {"table alice.t", "!table public.t"}},
    {"search_path: $user skipped when absent", "CREATE TABLE t (a int);", NULL, "bob", {"table public.t"}},
    {"search_path: initial path from the caller, first existing schema",
     "CREATE SCHEMA auth;\nCREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE s (u int REFERENCES "
     "users);",
     "nope, auth, public",
     NULL,
     {"table auth.users", "table auth.s",
      "  constraint s_u_fkey FOREIGN KEY (u) REFERENCES auth.users (id)"}},
    {"search_path: SET, set_config, RESET",
     "CREATE SCHEMA a;\nCREATE SCHEMA b;\nSET search_path TO a, public;\nCREATE TABLE t1 (x int);\n"
     "SELECT pg_catalog.set_config('search_path', 'b', false);\nCREATE TABLE t2 (x int);\nRESET "
     "search_path;\n"
     "CREATE TABLE t3 (x int);\nSET search_path = \"$user\", b;\nCREATE TABLE t4 (x int);\nSET search_path "
     "TO DEFAULT;\nCREATE TABLE t5 (x int);",
     NULL,
     NULL,
     {"table a.t1", "table b.t2", "table public.t3", "table b.t4", "table public.t5"}},
    {"search_path: unqualified lookup walks the path",
     "CREATE SCHEMA a;\nCREATE TABLE public.t (x int PRIMARY KEY);\nSET search_path = a, public;\nCREATE "
     "TABLE r (x int REFERENCES t);\n"
     "CREATE TABLE t (y int);\nCREATE INDEX ON t (y);",
     NULL,
     NULL,
     {"table a.r", "  constraint r_x_fkey FOREIGN KEY (x) REFERENCES public.t (x)", "table a.t",
      "index a.t_y_idx on a.t USING btree (y)"}},
    {"transactions and unmodelled statements are harmless",
     "BEGIN;\nCREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nGRANT SELECT ON t TO PUBLIC;\nALTER TABLE "
     "t OWNER TO bob;\n"
     "DO $$ BEGIN CREATE TYPE e AS ENUM ('x'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;\nCOMMIT;",
     NULL,
     NULL,
     {"table public.t", "type public.e enum ('x')"}},
    {"if [not] exists everywhere",
     "CREATE TABLE IF NOT EXISTS t (a int);\nCREATE TABLE IF NOT EXISTS t (b int);\nCREATE INDEX IF NOT "
     "EXISTS i ON t (a);\n"
     "CREATE INDEX IF NOT EXISTS i ON t (a);\nDROP TABLE IF EXISTS nope;\nDROP INDEX IF EXISTS nope;\nDROP "
     "VIEW IF EXISTS nope;\n"
     "DROP TYPE IF EXISTS nope;\nDROP FUNCTION IF EXISTS nope(int);\nDROP SCHEMA IF EXISTS nope;\nALTER "
     "TABLE IF EXISTS nope ADD COLUMN x int;\n"
     "DROP TRIGGER IF EXISTS nope ON t;\nDROP EXTENSION IF EXISTS nope;\nDROP SEQUENCE IF EXISTS nope;",
     NULL,
     NULL,
     {"table public.t", "  column a integer", "!  column b integer",
      "index public.i on public.t USING btree (a)"}},
};

static bool run_case(const Case *c)
{
	Replayed r;
	replayed_run(&r, c->sql, c->search_path, c->user);
	bool ok = true;
	if (replayed_errors(&r)) {
		fprintf(stderr, "case \"%s\": unexpected errors:\n", c->name);
		replayed_print_errors(&r);
		ok = false;
	}
	for (size_t i = 0; i < ARRAY_LEN(c->lines) && c->lines[i]; i++) {
		const char *l = c->lines[i];
		bool neg = l[0] == '!';
		if (neg)
			l++;
		/* match a whole line */
		bool found = false;
		size_t ll = strlen(l);
		for (const char *p = r.text; (p = strstr(p, l)); p++)
			if ((p == r.text || p[-1] == '\n') && (p[ll] == '\n' || p[ll] == 0)) {
				found = true;
				break;
			}
		if (found == neg) {
			fprintf(stderr, "case \"%s\": line %s: %s\n", c->name, neg ? "present" : "missing",
			        l);
			ok = false;
		}
	}
	if (!ok)
		fprintf(stderr, "--- catalog text:\n%s---\n", r.text);
	replayed_free(&r);
	return ok;
}

static void test_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) /* every case runs, so one failure shows all */
		failed += !run_case(&cases[i]);
	assert_int_equal(failed, 0);
}

/* A complete canonical text, to pin the format itself. */
static void test_full_text(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r,
	             "CREATE TYPE st AS ENUM ('on', 'off');\n"
	             "CREATE TABLE b (id serial PRIMARY KEY, s st NOT NULL DEFAULT 'on');\n"
	             "CREATE TABLE a (id int, b_id int REFERENCES b);\n"
	             "CREATE INDEX a_b ON a (b_id);\nCOMMENT ON TABLE a IS 'A';",
	             NULL, NULL);
	const char *want = "schema public\n"
	                   "\n"
	                   "type public.st enum ('on', 'off')\n"
	                   "\n"
	                   "sequence public.b_id_seq as integer start 1 increment 1 min 1 max 2147483647 "
	                   "cache 1 owned by public.b.id\n"
	                   "\n"
	                   "table public.a\n"
	                   "  column id integer\n"
	                   "  column b_id integer\n"
	                   "  constraint a_b_id_fkey FOREIGN KEY (b_id) REFERENCES public.b (id)\n"
	                   "  comment 'A'\n"
	                   "\n"
	                   "table public.b\n"
	                   "  column id integer DEFAULT nextval('b_id_seq'::regclass) NOT NULL\n"
	                   "  column s public.st DEFAULT 'on' NOT NULL\n"
	                   "  constraint b_pkey PRIMARY KEY (id)\n"
	                   "\n"
	                   "index public.a_b on public.a USING btree (b_id)\n"
	                   "\n"
	                   "index public.b_pkey on public.b unique USING btree (id) (constraint b_pkey)\n";
	if (strcmp(r.text, want))
		fprintf(stderr, "got:\n%s", r.text);
	assert_string_equal(r.text, want);
	assert_int_equal(replayed_errors(&r), 0);

	/* SQL output in dependency order: type before table b, b before a's FK, sequence owned by last */
	StrBuf sql = STRBUF_INIT;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_dump_sql(r.cat, &sql, &dl), 0);
	const char *s = sb_str(&sql);
	const char *p_type = strstr(s, "CREATE TYPE public.st"),
	           *p_seq = strstr(s, "CREATE SEQUENCE public.b_id_seq"),
	           *p_b = strstr(s, "CREATE TABLE public.b"), *p_pk = strstr(s, "ADD CONSTRAINT b_pkey"),
	           *p_fk = strstr(s, "ADD CONSTRAINT a_b_id_fkey"),
	           *p_own = strstr(s, "OWNED BY public.b.id");
	assert_non_null(p_type);
	assert_non_null(p_seq);
	assert_non_null(p_fk);
	assert_non_null(p_own);
	assert_true(p_type < p_b && p_seq < p_b && p_pk < p_fk && p_b < p_own);
	assert_non_null(strstr(s, "COMMENT ON TABLE public.a IS 'A';"));
	sb_release(&sql);
	diag_list_release(&dl);
	replayed_free(&r);
}

/* A SQL-standard body is stored parsed: renames of the table and of its columns reach it (fuzz-diff). */
static void test_sqlbody_renames(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(
	    &r,
	    "CREATE TABLE t (a int, b int);\n"
	    "CREATE FUNCTION f() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM t "
	    "WHERE b > 0; END;\n"
	    "CREATE FUNCTION g() RETURNS int LANGUAGE sql RETURN (SELECT max(a) FROM t);\n"
	    "ALTER TABLE t RENAME COLUMN b TO bb;\nALTER TABLE t RENAME COLUMN a TO aa;\n"
	    "ALTER TABLE t RENAME TO tt;",
	    NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	StrBuf sql = STRBUF_INIT;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_dump_sql(r.cat, &sql, &dl), 0);
	const char *s = sb_str(&sql);
	if (!strstr(s, "FROM public.tt WHERE tt.bb > 0; END") || !strstr(s, "max(tt.aa)"))
		fprintf(stderr, "got:\n%s", s);
	assert_non_null(strstr(s, "FROM public.tt WHERE tt.bb > 0; END"));
	assert_non_null(strstr(s, "max(tt.aa)"));
	sb_release(&sql);
	diag_list_release(&dl);
	replayed_free(&r);
}

/* The SQL of a partition: PARTITION OF copies the parent's defaults and NOT NULLs, so a partition attached
 * from a LIKE table (no defaults) gets DROP DEFAULT, one with a default of its own SET DEFAULT (the exact
 * mode builds the model from this SQL: hatchet's partitions made by functions). */
static void test_partition_sql_defaults(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(
	    &r,
	    "CREATE TABLE p (id int, ts timestamptz NOT NULL DEFAULT now(), n int DEFAULT 1, k int) "
	    "PARTITION BY LIST (id);\n"
	    "CREATE TABLE p1 (LIKE p);\nALTER TABLE p1 ALTER COLUMN k SET NOT NULL;\n"
	    "ALTER TABLE p ATTACH PARTITION p1 FOR VALUES IN (1);\n"
	    "CREATE TABLE p2 PARTITION OF p FOR VALUES IN (2);\nALTER TABLE p2 ALTER COLUMN n SET DEFAULT 2;",
	    NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	StrBuf sql = STRBUF_INIT;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_dump_sql(r.cat, &sql, &dl), 0);
	const char *s = sb_str(&sql);
	if (!strstr(s, "ALTER TABLE ONLY public.p1 ALTER COLUMN ts DROP DEFAULT;"))
		fprintf(stderr, "got:\n%s", s);
	assert_non_null(strstr(s, "ALTER TABLE ONLY public.p1 ALTER COLUMN ts DROP DEFAULT;"));
	assert_non_null(strstr(s, "ALTER TABLE ONLY public.p1 ALTER COLUMN n DROP DEFAULT;"));
	assert_non_null(strstr(s, "ALTER TABLE ONLY public.p1 ALTER COLUMN k SET NOT NULL;"));
	assert_non_null(strstr(s, "ALTER TABLE ONLY public.p2 ALTER COLUMN n SET DEFAULT 2;"));
	assert_null(strstr(s, "ALTER TABLE ONLY public.p2 ALTER COLUMN ts"));
	sb_release(&sql);
	diag_list_release(&dl);
	replayed_free(&r);
}

/* A dependency cycle (built by hand: replay cannot create one) is reported with the loop spelled out. */
static void test_cycle(void **state)
{
	(void)state;
	Catalog *cat = catalog_new();
	(void)catalog_add(cat, OBJ_SCHEMA, NULL, "public", NULL, NULL);
	CatView *v1 = (CatView *)catalog_add(cat, OBJ_VIEW, "public", "v1", NULL, NULL);
	CatView *v2 = (CatView *)catalog_add(cat, OBJ_VIEW, "public", "v2", NULL, NULL);
	v1->definition = "SELECT * FROM v2";
	v2->definition = "SELECT * FROM v1";
	catalog_add_dep(cat, &v1->h, &v2->h, NULL, DEP_NORMAL);
	catalog_add_dep(cat, &v2->h, &v1->h, NULL, DEP_NORMAL);
	StrBuf sql = STRBUF_INIT;
	DiagList dl = DIAGLIST_INIT;
	assert_int_equal(catalog_dump_sql(cat, &sql, &dl), -1);
	assert_int_equal(dl.n, 1);
	assert_string_equal(dl.items[0].rule, "dependency-cycle");
	assert_string_equal(dl.items[0].message,
	                    "dependency cycle: view public.v1 -> view public.v2 -> view public.v1");
	sb_release(&sql);
	diag_list_release(&dl);
	catalog_free(cat);
}

/* JSON output carries kinds, identities, columns and dependencies. */
static void test_json(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r, "CREATE TABLE a (id int PRIMARY KEY);\nCREATE VIEW v AS SELECT id FROM a;", NULL,
	             NULL);
	json_t *j = catalog_dump_json(r.cat);
	char *s = json_dumps(j, JSON_COMPACT);
	assert_non_null(strstr(s, "\"kind\":\"table\",\"identity\":\"public.a\""));
	assert_non_null(strstr(s, "\"name\":\"id\",\"type\":\"integer\",\"not_null\":true"));
	assert_non_null(strstr(s, "\"depends_on\":[\"table public.a\"]"));
	free(s);
	json_decref(j);
	replayed_free(&r);
}

/* CREATE TABLE AS keeps no dependency on the tables it reads (a table, not a view): none of them, however
 * many, keeps a dependent (the analysis of its query once left one behind on every other source table). */
static void test_ctas_sources(void **state)
{
	(void)state;
	const char *from[] = {"a", "a, b", "a, b, c", "a JOIN b ON true, c"};
	for (size_t k = 0; k < ARRAY_LEN(from); k++) {
		char *sql =
		    xasprintf("CREATE TABLE a (x int);\nCREATE TABLE b (y text);\nCREATE TABLE c (z int);\n"
		              "CREATE TABLE t AS SELECT * FROM %s;",
		              from[k]);
		Replayed r;
		replayed_run(&r, sql, NULL, NULL);
		const char *names[] = {"a", "b", "c"};
		for (size_t i = 0; i < ARRAY_LEN(names); i++) {
			CatObject *o = catalog_find_relation(r.cat, "public", names[i]);
			assert_non_null(o);
			if (o->rdeps.n)
				print_message("FROM %s: %s keeps %zu dependents\n", from[k], names[i],
				              o->rdeps.n);
			assert_int_equal(o->rdeps.n, 0);
		}
		replayed_free(&r);
		free(sql);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_full_text),
	    cmocka_unit_test(test_cycle),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_ctas_sources),
	    cmocka_unit_test(test_sqlbody_renames),
	    cmocka_unit_test(test_partition_sql_defaults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
