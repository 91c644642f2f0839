-- Expressions as PostgreSQL stores them: every object below is created on a real PostgreSQL 15 by
-- tests/integration/test_expr_oracle.sh (strata verify: the model must equal the database), and replayed
-- offline by tests/unit/test_expr.c, which checks each `-->` line against `strata schema`'s text.
-- Add a case: write the statement, run the integration test, then add the `-->` line it prints.
CREATE TYPE mood AS ENUM ('happy', 'sad', 'ok');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
--> constraint posint_check check (value > 0)
CREATE DOMAIN email AS text CHECK (VALUE ~ '@' AND length(VALUE) < 100);
--> constraint email_check check (value ~ '@' AND length(value) < 100)
CREATE DOMAIN short AS varchar(20) CHECK (length(VALUE) < 20) CHECK (VALUE <> '');
--> constraint short_check check (length(value) < 20)
--> constraint short_check1 check (value <> '')
CREATE DOMAIN score AS numeric CHECK (VALUE BETWEEN 0 AND 10);
--> constraint score_check check (value >= 0 AND value <= 10)
CREATE TABLE t (id int PRIMARY KEY, a int, b bigint, c numeric(10,2), f float8, r real, sm smallint,
  v varchar(10), s text, ch char(3), j jsonb, js json, d date, ts timestamp, tz timestamptz, m mood, u uuid,
  arr int[], tarr text[], varr varchar[], bo boolean, by bytea, iv interval, pi posint, em email, sh short,
  ip inet, n name);
CREATE FUNCTION vf(x varchar) RETURNS varchar LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION tf(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION bf(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION nf(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION df(x int, y int DEFAULT 0) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x + y';
CREATE FUNCTION vaf(VARIADIC xs int[]) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT xs[1]';
CREATE FUNCTION tsf(s varchar) RETURNS timestamp LANGUAGE sql IMMUTABLE AS 'SELECT s::timestamp';
CREATE FUNCTION of(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION of(x text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION pf(x anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION mf(m mood) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT m::text';

-- CHECK constraints: BETWEEN, IN lists, implicit casts of operator and function arguments
CREATE TABLE ck (LIKE t);
ALTER TABLE ck
  ADD CONSTRAINT b1 CHECK (a BETWEEN 1 AND 5),
  ADD CONSTRAINT b2 CHECK (a NOT BETWEEN 1 AND 5),
  ADD CONSTRAINT b3 CHECK (a BETWEEN SYMMETRIC 5 AND 1),
  ADD CONSTRAINT b4 CHECK (a NOT BETWEEN SYMMETRIC 5 AND 1),
  ADD CONSTRAINT b5 CHECK (c BETWEEN 0 AND 1.5),
  ADD CONSTRAINT b6 CHECK (d BETWEEN '2020-01-01' AND '2030-01-01'),
  ADD CONSTRAINT b7 CHECK (a BETWEEN 1 AND 5 AND b > 0),
  ADD CONSTRAINT b8 CHECK (b > 0 AND a BETWEEN 1 AND 5),
  ADD CONSTRAINT b9 CHECK (v BETWEEN 'a' AND 'z'),
  ADD CONSTRAINT i1 CHECK (a IN (1)),
  ADD CONSTRAINT i2 CHECK (a IN (1, 2)),
  ADD CONSTRAINT i3 CHECK (a NOT IN (1)),
  ADD CONSTRAINT i4 CHECK (a NOT IN (1, 2)),
  ADD CONSTRAINT i5 CHECK (a IN (1, b)),
  ADD CONSTRAINT i6 CHECK (a IN (1, 2, b)),
  ADD CONSTRAINT i7 CHECK (v IN ('x')),
  ADD CONSTRAINT i8 CHECK (v IN ('x', 'y')),
  ADD CONSTRAINT i9 CHECK (s IN ('x', 'y')),
  ADD CONSTRAINT i10 CHECK (ch IN ('abc', 'def')),
  ADD CONSTRAINT i11 CHECK (m IN ('happy')),
  ADD CONSTRAINT i12 CHECK (m IN ('happy', 'sad')),
  ADD CONSTRAINT i13 CHECK (m NOT IN ('ok')),
  ADD CONSTRAINT i14 CHECK (a IN (1, 2.5)),
  ADD CONSTRAINT i15 CHECK (b IN (1, 2)),
  ADD CONSTRAINT i16 CHECK (d IN ('2020-01-01', '2021-01-01')),
  ADD CONSTRAINT i17 CHECK (s NOT IN ('a', 'b', v)),
  ADD CONSTRAINT i18 CHECK (sm IN (1, 2)),
  ADD CONSTRAINT i19 CHECK (em IN ('a@b', 'c@d')),
  ADD CONSTRAINT i20 CHECK (a IN (b, c)),
  ADD CONSTRAINT o1 CHECK (a = c),
  ADD CONSTRAINT o2 CHECK (a + b > c),
  ADD CONSTRAINT o3 CHECK (f > a),
  ADD CONSTRAINT o4 CHECK (c > 0 AND c > 0.5 AND f > 1 AND r > 1.5),
  ADD CONSTRAINT o5 CHECK (lower(v) <> '' AND v || 'x' <> 'y' AND length(v) > a),
  ADD CONSTRAINT o6 CHECK (s LIKE 'a%' AND v LIKE 'a%' AND v ILIKE 'a%' AND s NOT LIKE 'b%' AND v NOT ILIKE 'c%'),
  ADD CONSTRAINT o7 CHECK (v ~ '^a' AND v ~* 'a' AND s !~ 'z'),
  ADD CONSTRAINT o8 CHECK (coalesce(a, b) > 0 AND coalesce(v, s) <> '' AND greatest(a, b, c) > 0 AND least(sm, a) > 0),
  ADD CONSTRAINT o9 CHECK (nullif(v, '') IS NOT NULL AND nullif(a, 0) > 0),
  ADD CONSTRAINT o10 CHECK (CASE WHEN a > 0 THEN 'p' ELSE 'n' END <> 'z'),
  ADD CONSTRAINT o11 CHECK (CASE a WHEN 1 THEN 'one' END IS NOT NULL),
  ADD CONSTRAINT o12 CHECK (CASE WHEN a > 0 THEN v ELSE s END <> ''),
  ADD CONSTRAINT o13 CHECK (j ->> 'k' <> '' AND j -> 'k' IS NOT NULL AND j ? 'k' AND j @> '{"a": 1}' AND js ->> 'k' <> ''),
  ADD CONSTRAINT o14 CHECK ((j ->> 'n')::int > 0 AND j #>> '{a,b}' <> '' AND j -> 'a' ->> 'b' <> ''),
  ADD CONSTRAINT o15 CHECK (arr @> ARRAY[1] AND 1 = ANY (arr) AND a = ANY (arr) AND v = ANY (tarr) AND 'x' = ANY (tarr)),
  ADD CONSTRAINT o16 CHECK (array_length(arr, 1) > 0 AND cardinality(tarr) < 5 AND arr && '{1,2}'),
  ADD CONSTRAINT o17 CHECK (d > '2020-01-01' AND ts > '2020-01-01' AND d < current_date AND tz >= ts AND d > ts),
  ADD CONSTRAINT o18 CHECK (ts::date > d AND date_trunc('day', tz) = tz AND extract(year from d) > 2000),
  ADD CONSTRAINT o19 CHECK (bo IS TRUE AND NOT bo AND bo = true AND a IS DISTINCT FROM b AND a IS NOT DISTINCT FROM 1),
  ADD CONSTRAINT o20 CHECK (char_length(ch) = 3 AND ch = 'abc' AND ch || v <> ''),
  ADD CONSTRAINT o21 CHECK (octet_length(by) < 10 AND iv > '1 hour'),
  ADD CONSTRAINT o22 CHECK (df(a) > 0 AND df(a, 1) > 0 AND vaf(a, 1, 2) > 0 AND bf(a) > 0 AND nf(a) > 0),
  ADD CONSTRAINT o23 CHECK (tf(v) <> '' AND vf(s) <> '' AND vf('x') <> '' AND of(a) > 0 AND of(s) <> ''),
  ADD CONSTRAINT o24 CHECK (jsonb_typeof(j) = 'object' AND jsonb_extract_path_text(j, 'a', 'b') <> ''),
  ADD CONSTRAINT o25 CHECK (position('a' in v) > 0 AND substring(v from 1 for 2) <> '' AND trim(v) <> '' AND upper(s) = s),
  ADD CONSTRAINT o26 CHECK (md5(s) <> '' AND format('%s', a) <> '' AND concat(v, a) <> '' AND concat_ws(',', v, s) <> ''),
  ADD CONSTRAINT o27 CHECK (a::text <> v AND v::int > 0 AND s::varchar(5) <> '' AND (a * 2)::bigint > b AND a::numeric(5,2) > c),
  ADD CONSTRAINT o28 CHECK (round(c, 1) > 0 AND round(f) > 0 AND abs(a) > 0 AND mod(a, 2) = 0 AND a % 2 = 0),
  ADD CONSTRAINT o29 CHECK (to_char(d, 'YYYY') <> '' AND make_date(2020, 1, 1) < d),
  ADD CONSTRAINT o30 CHECK ((a > 0 OR b > 0) AND c > 0),
  ADD CONSTRAINT o31 CHECK (u <> '00000000-0000-0000-0000-000000000000' AND u IS NOT NULL),
  ADD CONSTRAINT o32 CHECK (regexp_replace(s, 'a', 'b') <> '' AND split_part(s, ',', 1) <> '' AND starts_with(s, 'a') AND left(s, 1) = 'a'),
  ADD CONSTRAINT o33 CHECK (length(m::text) > 0 AND m > 'happy' AND m::text <> 'x' AND mf(m) <> '' AND mf('ok') <> ''),
  ADD CONSTRAINT o34 CHECK (pi > 0 AND em <> '' AND sh <> '' AND length(sh) > 1 AND pi + 1 > 2),
  ADD CONSTRAINT o35 CHECK (pf(a) > 0 AND pf(v) <> '' AND pf(1) > 0),
  ADD CONSTRAINT o36 CHECK (ip << '10.0.0.0/8' AND family(ip) = 4 AND n <> '' AND n = v),
  ADD CONSTRAINT o37 CHECK (v = s AND ch = v AND n || 'x' <> ''),
  ADD CONSTRAINT o38 CHECK (tarr = ARRAY['a', 'b'] AND arr = ARRAY[1, 2] AND varr = ARRAY['a']::varchar[] AND varr @> ARRAY[v]),
  ADD CONSTRAINT o39 CHECK (sm + 1 > 0 AND sm * a > 0 AND sm = b AND r = f AND r > c),
  ADD CONSTRAINT o40 CHECK (NOT (a = 1 OR b = 2) AND (a IS NULL OR a > 0));
--> constraint b1 CHECK (a >= 1 AND a <= 5)
--> constraint b2 CHECK (a < 1 OR a > 5)
--> constraint b3 CHECK ((a >= 5 AND a <= 1) OR (a >= 1 AND a <= 5))
--> constraint b4 CHECK ((a < 5 OR a > 1) AND (a < 1 OR a > 5))
--> constraint b5 CHECK (c >= 0 AND c <= 1.5)
--> constraint b6 CHECK (d >= '2020-01-01' AND d <= '2030-01-01')
--> constraint b7 CHECK (a >= 1 AND a <= 5 AND b > 0)
--> constraint b8 CHECK (b > 0 AND (a >= 1 AND a <= 5))
--> constraint b9 CHECK (v >= 'a' AND v <= 'z')
--> constraint i1 CHECK (a = 1)
--> constraint i2 CHECK (a IN (1, 2))
--> constraint i3 CHECK (a <> 1)
--> constraint i4 CHECK (a NOT IN (1, 2))
--> constraint i5 CHECK (a = 1 OR a = b)
--> constraint i6 CHECK (a IN (1, 2) OR a = b)
--> constraint i7 CHECK (v = 'x')
--> constraint i8 CHECK (v IN ('x', 'y'))
--> constraint i9 CHECK (s IN ('x', 'y'))
--> constraint i10 CHECK (ch IN ('abc', 'def'))
--> constraint i11 CHECK (m = 'happy')
--> constraint i12 CHECK (m IN ('happy', 'sad'))
--> constraint i13 CHECK (m <> 'ok')
--> constraint i14 CHECK (a::numeric IN (1, 2.5))
--> constraint i15 CHECK (b IN (1, 2))
--> constraint i16 CHECK (d IN ('2020-01-01', '2021-01-01'))
--> constraint i17 CHECK (s NOT IN ('a', 'b') AND s <> v)
--> constraint i18 CHECK (sm IN (1, 2))
--> constraint i19 CHECK (em IN ('a@b', 'c@d'))
--> constraint i20 CHECK (a = b OR a::numeric = c)
--> constraint o1 CHECK (a::numeric = c)
--> constraint o2 CHECK (CAST(a + b AS numeric) > c)
--> constraint o3 CHECK (f > a::double precision)
--> constraint o4 CHECK (c > 0 AND c > 0.5 AND f > 1 AND r > 1.5)
--> constraint o5 CHECK (lower(v) <> '' AND (v || 'x') <> 'y' AND length(v) > a)
--> constraint o6 CHECK (s LIKE 'a%' AND v LIKE 'a%' AND v ILIKE 'a%' AND s NOT LIKE 'b%' AND v NOT ILIKE 'c%')
--> constraint o7 CHECK (v ~ '^a' AND v ~* 'a' AND s !~ 'z')
--> constraint o8 CHECK (COALESCE(a, b) > 0 AND COALESCE(v, s)::text <> '' AND GREATEST(a::numeric, b::numeric, c) > 0 AND LEAST(sm, a) > 0)
--> constraint o9 CHECK (NULLIF(v, '') IS NOT NULL AND (NULLIF(a, 0)) > 0)
--> constraint o10 CHECK (CASE WHEN a > 0 THEN 'p' ELSE 'n' END <> 'z')
--> constraint o11 CHECK (CASE a WHEN 1 THEN 'one' ELSE NULL END IS NOT NULL)
--> constraint o12 CHECK (CASE WHEN a > 0 THEN v ELSE s END <> '')
--> constraint o13 CHECK ((j ->> 'k') <> '' AND j -> 'k' IS NOT NULL AND j ? 'k' AND j @> '{"a": 1}' AND (js ->> 'k') <> '')
--> constraint o14 CHECK (CAST(j ->> 'n' AS int) > 0 AND (j #>> '{a,b}') <> '' AND ((j -> 'a') ->> 'b') <> '')
--> constraint o15 CHECK (arr @> ARRAY[1] AND 1 = ANY(arr) AND a = ANY(arr) AND v = ANY(tarr) AND 'x' = ANY(tarr))
--> constraint o16 CHECK (array_length(arr, 1) > 0 AND cardinality(tarr) < 5 AND arr && '{1,2}')
--> constraint o17 CHECK (d > '2020-01-01' AND ts > '2020-01-01 00:00:00' AND d < current_date AND tz >= ts AND d > ts)
--> constraint o18 CHECK (ts::date > d AND date_trunc('day', tz) = tz AND "extract"('year', d) > 2000)
--> constraint o19 CHECK (bo IS TRUE AND NOT bo AND bo = true AND a IS DISTINCT FROM b AND NOT a IS DISTINCT FROM 1)
--> constraint o20 CHECK (char_length(ch) = 3 AND ch = 'abc' AND (ch || v) <> '')
--> constraint o21 CHECK (octet_length(by) < 10 AND iv > '01:00:00')
--> constraint o22 CHECK (df(a) > 0 AND df(a, 1) > 0 AND vaf(VARIADIC ARRAY[a, 1, 2]) > 0 AND bf(a::bigint) > 0 AND nf(a::numeric) > 0)
--> constraint o23 CHECK (tf(v) <> '' AND vf(s)::text <> '' AND vf('x')::text <> '' AND of(a) > 0 AND of(s) <> '')
--> constraint o24 CHECK (jsonb_typeof(j) = 'object' AND jsonb_extract_path_text(j, VARIADIC ARRAY['a', 'b']) <> '')
--> constraint o25 CHECK ("position"(v, 'a') > 0 AND "substring"(v, 1, 2) <> '' AND btrim(v) <> '' AND upper(s) = s)
--> constraint o26 CHECK (md5(s) <> '' AND format('%s', a) <> '' AND concat(v, a) <> '' AND concat_ws(',', v, s) <> '')
--> constraint o27 CHECK (a <> v AND v::int > 0 AND s <> '' AND CAST(a * 2 AS bigint) > b AND a::numeric(5, 2) > c)
--> constraint o28 CHECK (round(c, 1) > 0 AND round(f) > 0 AND abs(a) > 0 AND mod(a, 2) = 0 AND (a % 2) = 0)
--> constraint o29 CHECK (to_char(d::timestamp with time zone, 'YYYY') <> '' AND make_date(2020, 1, 1) < d)
--> constraint o30 CHECK ((a > 0 OR b > 0) AND c > 0)
--> constraint o31 CHECK (u <> '00000000-0000-0000-0000-000000000000' AND u IS NOT NULL)
--> constraint o32 CHECK (regexp_replace(s, 'a', 'b') <> '' AND split_part(s, ',', 1) <> '' AND starts_with(s, 'a') AND "left"(s, 1) = 'a')
--> constraint o33 CHECK (length(m) > 0 AND m > 'happy' AND m <> 'x' AND mf(m) <> '' AND mf('ok') <> '')
--> constraint o34 CHECK (pi::int > 0 AND em <> '' AND sh <> '' AND length(sh) > 1 AND (pi::int + 1) > 2)
--> constraint o35 CHECK (pf(a) > 0 AND pf(v)::text <> '' AND pf(1) > 0)
--> constraint o36 CHECK (ip << '10.0.0.0/8' AND family(ip) = 4 AND n <> '' AND n = v)
--> constraint o37 CHECK (v = s AND ch = v::char AND (n || 'x') <> '')
--> constraint o38 CHECK (tarr = ARRAY['a', 'b'] AND arr = ARRAY[1, 2] AND varr = ARRAY['a'] AND varr @> ARRAY[v])
--> constraint o39 CHECK ((sm + 1) > 0 AND (sm * a) > 0 AND sm = b AND r = f AND r > c::double precision)
--> constraint o40 CHECK (NOT (a = 1 OR b = 2) AND (a IS NULL OR a > 0))

-- defaults
CREATE SEQUENCE sq;
CREATE TABLE df (
  a int DEFAULT 1 + 2, b bigint DEFAULT -1, c numeric(10,2) DEFAULT 0, c2 numeric DEFAULT '5', f float8 DEFAULT 1.5,
  v varchar(10) DEFAULT 'x', v2 varchar(10) DEFAULT lower('X'), s text DEFAULT 'a' || 'b', s2 text DEFAULT concat('a', 1),
  d date DEFAULT now(), d2 date DEFAULT current_date, d3 date DEFAULT now()::date, ts timestamp DEFAULT now(),
  tz timestamptz DEFAULT now() + interval '1 day', tz2 timestamptz DEFAULT now() - '1 hour'::interval,
  m mood DEFAULT 'happy', m2 mood DEFAULT 'sad'::mood, u uuid DEFAULT gen_random_uuid(),
  arr int[] DEFAULT ARRAY[1, 2], tarr text[] DEFAULT ARRAY['a', 'b'], tarr2 text[] DEFAULT '{}', tarr3 text[] DEFAULT ARRAY[]::text[],
  varr varchar[] DEFAULT ARRAY['a']::varchar[], marr mood[] DEFAULT ARRAY['happy']::mood[], marr2 mood[] DEFAULT '{sad}',
  j jsonb DEFAULT '{}', j2 jsonb DEFAULT '{}'::jsonb, j3 jsonb DEFAULT jsonb_build_object('a', 1), j4 json DEFAULT to_json(1),
  iv interval DEFAULT '1 day', bo boolean DEFAULT 't', bo2 boolean DEFAULT (NOT false), n bigint DEFAULT nextval('sq'),
  sm smallint DEFAULT 0, r real DEFAULT 0.5, pi posint DEFAULT 1, em email DEFAULT 'a@b', ch char(3) DEFAULT 'abc',
  by bytea DEFAULT '\x00', co int DEFAULT coalesce(NULL, 1), ca text DEFAULT CASE WHEN true THEN 'y' END,
  tzf timestamptz DEFAULT to_timestamp(0), ep bigint DEFAULT extract(epoch from now())::bigint);
--> column a integer DEFAULT 1 + 2
--> column b bigint DEFAULT -1
--> column c numeric(10,2) DEFAULT 0
--> column c2 numeric DEFAULT 5
--> column f double precision DEFAULT 1.5
--> column v character varying(10) DEFAULT 'x'
--> column v2 character varying(10) DEFAULT lower('X')
--> column s text DEFAULT 'a' || 'b'
--> column s2 text DEFAULT concat('a', 1)
--> column d date DEFAULT now()
--> column d2 date DEFAULT current_date
--> column d3 date DEFAULT now()::date
--> column ts timestamp without time zone DEFAULT now()
--> column tz timestamp with time zone DEFAULT now() + '1 day'
--> column tz2 timestamp with time zone DEFAULT now() - '01:00:00'
--> column m public.mood DEFAULT 'happy'
--> column m2 public.mood DEFAULT 'sad'
--> column u uuid DEFAULT gen_random_uuid()
--> column arr integer[] DEFAULT ARRAY[1, 2]
--> column tarr text[] DEFAULT ARRAY['a', 'b']
--> column tarr2 text[] DEFAULT '{}'
--> column tarr3 text[] DEFAULT ARRAY[]::text[]
--> column varr character varying[] DEFAULT ARRAY['a']
--> column marr public.mood[] DEFAULT ARRAY['happy']::mood[]
--> column marr2 public.mood[] DEFAULT '{sad}'
--> column j jsonb DEFAULT '{}'
--> column j2 jsonb DEFAULT '{}'
--> column j3 jsonb DEFAULT jsonb_build_object('a', 1)
--> column j4 json DEFAULT to_json(1)
--> column iv interval DEFAULT '1 day'
--> column bo boolean DEFAULT true
--> column bo2 boolean DEFAULT NOT false
--> column n bigint DEFAULT nextval('sq'::regclass)
--> column sm smallint DEFAULT 0
--> column r real DEFAULT 0.5
--> column pi public.posint DEFAULT 1
--> column em public.email DEFAULT 'a@b'
--> column ch character(3) DEFAULT 'abc'
--> column by bytea DEFAULT E'\\x00'
--> column co integer DEFAULT COALESCE(NULL, 1)
--> column ca text DEFAULT CASE WHEN true THEN 'y' ELSE NULL END
--> column tzf timestamp with time zone DEFAULT to_timestamp(0)
--> column ep bigint DEFAULT "extract"('epoch', now())::bigint

-- generated columns
CREATE TABLE ge (a int, b bigint, v varchar(10), s text, j jsonb, c numeric,
  g1 int GENERATED ALWAYS AS (a + 1) STORED,
  g2 bigint GENERATED ALWAYS AS (b * 2) STORED,
  g3 text GENERATED ALWAYS AS (v || s) STORED,
  g4 text GENERATED ALWAYS AS (lower(s)) STORED,
  g5 varchar GENERATED ALWAYS AS (upper(v)) STORED,
  g6 timestamp GENERATED ALWAYS AS (tsf(j ->> 'ts')) STORED,
  g7 text GENERATED ALWAYS AS (j ->> 'x') STORED,
  g8 int GENERATED ALWAYS AS ((j ->> 'n')::int) STORED,
  g9 numeric GENERATED ALWAYS AS (c * 2) STORED,
  g10 text GENERATED ALWAYS AS (a::text) STORED,
  g11 int GENERATED ALWAYS AS (later + 1) STORED,
  g12 tsvector GENERATED ALWAYS AS (to_tsvector('english', coalesce(s, ''))) STORED,
  g13 text GENERATED ALWAYS AS (coalesce(v, '') || ' ' || coalesce(s, '')) STORED,
  later int);
--> column g1 integer GENERATED ALWAYS AS (a + 1) STORED
--> column g2 bigint GENERATED ALWAYS AS (b * 2) STORED
--> column g3 text GENERATED ALWAYS AS (v || s) STORED
--> column g4 text GENERATED ALWAYS AS (lower(s)) STORED
--> column g5 character varying GENERATED ALWAYS AS (upper(v)) STORED
--> column g6 timestamp without time zone GENERATED ALWAYS AS (tsf(CAST(j ->> 'ts' AS varchar))) STORED
--> column g7 text GENERATED ALWAYS AS (j ->> 'x') STORED
--> column g8 integer GENERATED ALWAYS AS (CAST(j ->> 'n' AS int)) STORED
--> column g9 numeric GENERATED ALWAYS AS (c * 2) STORED
--> column g10 text GENERATED ALWAYS AS (a) STORED
--> column g11 integer GENERATED ALWAYS AS (later + 1) STORED
--> column g12 tsvector GENERATED ALWAYS AS (to_tsvector('english', COALESCE(s, ''))) STORED
--> column g13 text GENERATED ALWAYS AS ((COALESCE(v, '')::text || ' ') || COALESCE(s, '')) STORED

-- index expressions and predicates
CREATE TABLE ix (LIKE t);
CREATE INDEX ix1 ON ix (lower(v));
--> index public.ix1 on public.ix USING btree ((lower(v)))
CREATE INDEX ix2 ON ix ((j ->> 'k'));
--> index public.ix2 on public.ix USING btree ((j ->> 'k'))
CREATE INDEX ix3 ON ix (coalesce(a, 0), (a + b));
--> index public.ix3 on public.ix USING btree ((COALESCE(a, 0)), (a + b))
CREATE INDEX ix4 ON ix (date_trunc('day', ts));
--> index public.ix4 on public.ix USING btree ((date_trunc('day', ts)))
CREATE INDEX ix5 ON ix (a) WHERE a > 0;
--> index public.ix5 on public.ix USING btree (a) WHERE (a > 0)
CREATE INDEX ix6 ON ix (v) WHERE v IS NOT NULL AND m = 'happy';
--> index public.ix6 on public.ix USING btree (v) WHERE (v IS NOT NULL AND m = 'happy')
CREATE INDEX ix7 ON ix (a) WHERE m IN ('happy', 'sad');
--> index public.ix7 on public.ix USING btree (a) WHERE (m IN ('happy', 'sad'))
CREATE INDEX ix8 ON ix (a) WHERE a BETWEEN 1 AND 10;
--> index public.ix8 on public.ix USING btree (a) WHERE (a >= 1 AND a <= 10)
CREATE INDEX ix9 ON ix (a) WHERE v IN ('x');
--> index public.ix9 on public.ix USING btree (a) WHERE (v = 'x')
CREATE INDEX ix10 ON ix (upper(v), lower(s));
--> index public.ix10 on public.ix USING btree ((upper(v)), (lower(s)))
CREATE INDEX ix11 ON ix USING gin (to_tsvector('simple', s));
--> index public.ix11 on public.ix USING gin ((to_tsvector('simple', s)))
CREATE UNIQUE INDEX ix12 ON ix (lower(v)) WHERE NOT bo;
--> index public.ix12 on public.ix unique USING btree ((lower(v))) WHERE (NOT bo)

-- policies (sub-queries: columns qualified as the deparser prints them)
CREATE TABLE tenants (id uuid PRIMARY KEY, name text);
CREATE TABLE members (tenant_id uuid, user_id uuid, role text);
CREATE TABLE docs (id int, tenant_id uuid, owner uuid, level int, tags text[]);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY p1 ON docs USING (tenant_id IN (SELECT tenant_id FROM members WHERE user_id = current_setting('app.user')::uuid));
--> policy public.docs.p1 permissive for all to public using (tenant_id IN (SELECT members.tenant_id FROM members WHERE members.user_id = current_setting('app.user')::uuid))
CREATE POLICY p2 ON docs USING (EXISTS (SELECT 1 FROM members m WHERE m.tenant_id = docs.tenant_id AND m.role = 'admin'));
--> policy public.docs.p2 permissive for all to public using (EXISTS (SELECT 1 FROM members m WHERE m.tenant_id = docs.tenant_id AND m.role = 'admin'))
CREATE POLICY p3 ON docs USING (EXISTS (SELECT 1 FROM members WHERE members.tenant_id = tenant_id));
--> policy public.docs.p3 permissive for all to public using (EXISTS (SELECT 1 FROM members WHERE members.tenant_id = members.tenant_id))
CREATE POLICY p4 ON docs USING (owner = current_setting('app.user', true)::uuid OR level BETWEEN 1 AND 3);
--> policy public.docs.p4 permissive for all to public using (owner = current_setting('app.user', true)::uuid OR (level >= 1 AND level <= 3))
CREATE POLICY p5 ON docs FOR INSERT WITH CHECK (tenant_id = (SELECT tenant_id FROM members WHERE user_id = owner LIMIT 1));
--> policy public.docs.p5 permissive for insert to public with check (tenant_id = (SELECT members.tenant_id FROM members WHERE members.user_id = docs.owner LIMIT 1))
CREATE POLICY p6 ON docs USING (id IN (SELECT id FROM docs WHERE level > 0));
--> policy public.docs.p6 permissive for all to public using (id IN (SELECT docs_1.id FROM docs docs_1 WHERE docs_1.level > 0))
CREATE POLICY p7 ON docs USING (level IN (1, 2) AND 'x' = ANY (tags));
--> policy public.docs.p7 permissive for all to public using (level IN (1, 2) AND 'x' = ANY(tags))
CREATE POLICY p8 ON docs USING (tenant_id = ANY (ARRAY(SELECT tenant_id FROM members WHERE role IN ('a', 'b'))));
--> policy public.docs.p8 permissive for all to public using (tenant_id = ANY(ARRAY(SELECT members.tenant_id FROM members WHERE members.role IN ('a', 'b'))))
CREATE POLICY p9 ON docs USING ((SELECT count(*) FROM members) > 0);
--> policy public.docs.p9 permissive for all to public using ((SELECT count(*) AS count FROM members) > 0)
CREATE POLICY p10 ON docs USING (EXISTS (SELECT FROM tenants t JOIN members mm ON mm.tenant_id = t.id WHERE t.id = docs.tenant_id));
--> policy public.docs.p10 permissive for all to public using (EXISTS (SELECT FROM tenants t JOIN members mm ON mm.tenant_id = t.id WHERE t.id = docs.tenant_id))

-- triggers
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TABLE tr (a int, v varchar(10), s text);
CREATE TRIGGER tr1 BEFORE UPDATE ON tr FOR EACH ROW WHEN (OLD.a IS DISTINCT FROM NEW.a) EXECUTE FUNCTION trg();
--> trigger public.tr.tr1 before UPDATE for each row execute public.trg() when (old.a IS DISTINCT FROM new.a)
CREATE TRIGGER tr2 BEFORE UPDATE ON tr FOR EACH ROW WHEN (NEW.v <> OLD.s AND NEW.a BETWEEN 1 AND 2) EXECUTE FUNCTION trg();
--> trigger public.tr.tr2 before UPDATE for each row execute public.trg() when (new.v <> old.s AND (new.a >= 1 AND new.a <= 2))
CREATE TRIGGER tr3 BEFORE INSERT ON tr FOR EACH ROW WHEN (NEW.v IN ('a', 'b')) EXECUTE FUNCTION trg();
--> trigger public.tr.tr3 before INSERT for each row execute public.trg() when (new.v IN ('a', 'b'))

-- views: stars expanded, references qualified, names as the deparser prints them
CREATE TABLE ja (x int, y text, z int);
CREATE TABLE jb (x int, y text, w int);
CREATE TABLE jc (x bigint, q varchar(5));
CREATE VIEW v1 AS SELECT * FROM ja;
--> as SELECT ja.x, ja.y, ja.z FROM ja
CREATE VIEW v2 AS SELECT * FROM v1;
--> as SELECT v1.x, v1.y, v1.z FROM v1
CREATE VIEW v3 AS SELECT v1.*, jb.w FROM v1 JOIN jb USING (x);
--> as SELECT v1.x, v1.y, v1.z, jb.w FROM v1 JOIN jb USING (x)
CREATE VIEW v4 AS SELECT x, ja.y, w FROM ja JOIN jb USING (x);
--> as SELECT ja.x, ja.y, jb.w FROM ja JOIN jb USING (x)
CREATE VIEW v5 AS SELECT x, z FROM ja NATURAL JOIN jb;
--> as SELECT ja.x, ja.z FROM ja JOIN jb USING (x, y)
CREATE VIEW v6 AS SELECT x FROM ja FULL JOIN jb USING (x);
--> as SELECT x FROM ja FULL JOIN jb USING (x)
CREATE VIEW v7 AS SELECT x FROM ja LEFT JOIN jb USING (x) WHERE w IS NULL;
--> as SELECT ja.x FROM ja LEFT JOIN jb USING (x) WHERE jb.w IS NULL
CREATE VIEW v8 AS SELECT a.x, b.w FROM ja a JOIN jb b ON a.x = b.x AND b.w > 0;
--> as SELECT a.x, b.w FROM ja a JOIN jb b ON a.x = b.x AND b.w > 0
CREATE VIEW v9 AS SELECT x, count(*) AS n, sum(z), avg(z), max(y) FROM ja GROUP BY x HAVING count(*) > 1;
--> as SELECT ja.x, count(*) AS n, sum(ja.z) AS sum, avg(ja.z) AS avg, max(ja.y) AS max FROM ja GROUP BY ja.x HAVING count(*) > 1
CREATE VIEW v10 AS SELECT y, z FROM ja ORDER BY z, 1 LIMIT 10 OFFSET 5;
--> as SELECT ja.y, ja.z FROM ja ORDER BY ja.z, ja.y LIMIT 10 OFFSET 5
CREATE VIEW v11 AS SELECT CASE WHEN z > 0 THEN 'a' ELSE 'b' END AS c, coalesce(y, 'n') AS d FROM ja ORDER BY z, 1, d;
--> as SELECT CASE WHEN ja.z > 0 THEN 'a' ELSE 'b' END AS c, COALESCE(ja.y, 'n') AS d FROM ja ORDER BY ja.z, CASE WHEN ja.z > 0 THEN 'a' ELSE 'b' END, COALESCE(ja.y, 'n')
CREATE VIEW v12 AS SELECT x FROM ja WHERE x IN (SELECT x FROM ja WHERE z > 0);
--> as SELECT ja.x FROM ja WHERE ja.x IN (SELECT ja_1.x FROM ja ja_1 WHERE ja_1.z > 0)
CREATE VIEW v13 AS SELECT x, 1 AS k FROM ja UNION ALL SELECT z, 2 FROM ja ORDER BY k;
--> as SELECT ja.x, 1 AS k FROM ja UNION ALL SELECT ja.z AS x, 2 AS k FROM ja ORDER BY 2
CREATE VIEW v14 AS SELECT x, 'a' AS k FROM ja UNION ALL SELECT x, 'b' FROM jb UNION ALL SELECT x, 'c' FROM ja;
--> as (SELECT ja.x, 'a'::text AS k FROM ja UNION ALL SELECT jb.x, 'b'::text AS k FROM jb) UNION ALL SELECT ja.x, 'c'::text AS k FROM ja
CREATE VIEW v15 AS SELECT x, y FROM ja UNION ALL SELECT 1, NULL UNION ALL SELECT x, y FROM jb;
--> as (SELECT ja.x, ja.y FROM ja UNION ALL SELECT 1 AS x, NULL::text AS y) UNION ALL SELECT jb.x, jb.y FROM jb
CREATE VIEW v16 AS WITH w AS (SELECT x FROM ja UNION ALL SELECT x FROM jb) SELECT x FROM w UNION ALL SELECT x FROM ja;
--> as WITH w AS (SELECT ja.x FROM ja UNION ALL SELECT jb.x FROM jb) SELECT w.x FROM w UNION ALL SELECT ja.x FROM ja
CREATE VIEW v17 AS SELECT x FROM ja UNION ALL (SELECT x FROM jb UNION SELECT x FROM ja);
--> as SELECT ja.x FROM ja UNION ALL (SELECT jb.x FROM jb UNION SELECT ja.x FROM ja)
CREATE VIEW v18 AS SELECT x FROM ja UNION SELECT x FROM jc;
--> as SELECT ja.x FROM ja UNION SELECT jc.x FROM jc
CREATE VIEW v19 AS SELECT x, y FROM ja INTERSECT SELECT x, y FROM jb EXCEPT SELECT x, y FROM ja;
--> as (SELECT ja.x, ja.y FROM ja INTERSECT SELECT jb.x, jb.y FROM jb) EXCEPT SELECT ja.x, ja.y FROM ja
CREATE VIEW v20 AS SELECT s.x, s.n FROM (SELECT x, count(*) AS n FROM ja GROUP BY x) s WHERE s.n > 1;
--> as SELECT s.x, s.n FROM (SELECT ja.x, count(*) AS n FROM ja GROUP BY ja.x) s WHERE s.n > 1
CREATE VIEW v21 AS SELECT x, (SELECT max(w) FROM jb WHERE jb.x = ja.x) AS mw, EXISTS (SELECT 1 FROM jb WHERE jb.x = ja.x) AS e FROM ja;
--> as SELECT ja.x, (SELECT max(jb.w) AS max FROM jb WHERE jb.x = ja.x) AS mw, EXISTS (SELECT 1 AS "?column?" FROM jb WHERE jb.x = ja.x) AS e FROM ja
CREATE VIEW v22 AS SELECT DISTINCT y FROM ja;
--> as SELECT DISTINCT ja.y FROM ja
CREATE VIEW v23 AS SELECT DISTINCT ON (x) x, y FROM ja ORDER BY x, z DESC;
--> as SELECT DISTINCT ON (ja.x) ja.x, ja.y FROM ja ORDER BY ja.x, ja.z DESC
CREATE VIEW v24 AS SELECT x, row_number() OVER (PARTITION BY y ORDER BY z) AS rn, sum(z) OVER w AS s FROM ja WINDOW w AS (ORDER BY x);
--> as SELECT ja.x, row_number() OVER (PARTITION BY ja.y ORDER BY ja.z) AS rn, sum(ja.z) OVER w AS s FROM ja WINDOW w AS (ORDER BY ja.x)
CREATE VIEW v25 AS SELECT x, string_agg(y, ',' ORDER BY z) AS ys, array_agg(z) AS zs, count(DISTINCT y) AS dy FROM ja GROUP BY x;
--> as SELECT ja.x, string_agg(ja.y, ',' ORDER BY ja.z) AS ys, array_agg(ja.z) AS zs, count(DISTINCT ja.y) AS dy FROM ja GROUP BY ja.x
CREATE VIEW v26 AS SELECT g, ja.x FROM generate_series(1, 3) g JOIN ja ON ja.x = g;
--> as SELECT g.g, ja.x FROM generate_series(1, 3) g(g) JOIN ja ON ja.x = g.g
CREATE VIEW v27 AS SELECT u.v FROM unnest(ARRAY[1, 2]) AS u(v);
--> as SELECT u.v FROM unnest(ARRAY[1, 2]) u(v)
CREATE VIEW v28 AS SELECT x, json_build_object('y', y, 'z', z) AS j, to_jsonb(ja.*) AS r FROM ja;
--> as SELECT ja.x, json_build_object('y', ja.y, 'z', ja.z) AS j, to_jsonb(ja.*) AS r FROM ja
CREATE VIEW v29 AS SELECT jc.q || 'x' AS q2, jc.x + 1 AS x1, lower(jc.q) AS lq, jc.q::text AS tq FROM jc;
--> as SELECT jc.q || 'x' AS q2, jc.x + 1 AS x1, lower(jc.q) AS lq, jc.q::text AS tq FROM jc
CREATE VIEW v30 AS SELECT 'Post'::varchar AS model_type, 'x' AS t, 1 AS one, NULL AS nothing, now() - '90 days'::interval AS since;
--> as SELECT 'Post'::varchar AS model_type, 'x'::text AS t, 1 AS one, NULL::text AS nothing, now() - '90 days'::interval AS since
CREATE VIEW v31 (a, b) AS SELECT x, y FROM ja;
--> as SELECT ja.x AS a, ja.y AS b FROM ja
CREATE VIEW v32 (a) AS SELECT x, y FROM ja;
--> as SELECT ja.x AS a, ja.y FROM ja
CREATE VIEW v33 AS SELECT x FROM ja WHERE y BETWEEN 'a' AND 'm' AND z IN (1, 2) AND z NOT IN (3);
--> as SELECT ja.x FROM ja WHERE ja.y >= 'a' AND ja.y <= 'm' AND ja.z IN (1, 2) AND ja.z <> 3
CREATE VIEW v34 AS SELECT ja.x FROM ja, jb WHERE ja.x = jb.x;
--> as SELECT ja.x FROM ja, jb WHERE ja.x = jb.x
CREATE VIEW v35 AS SELECT t.x FROM (SELECT x FROM ja UNION ALL SELECT x FROM jb) t;
--> as SELECT t.x FROM (SELECT ja.x FROM ja UNION ALL SELECT jb.x FROM jb) t
CREATE VIEW v36 AS SELECT x FROM ja WHERE EXISTS (SELECT 1 FROM ja ja2 WHERE ja2.z = ja.x);
--> as SELECT ja.x FROM ja WHERE EXISTS (SELECT 1 AS "?column?" FROM ja ja2 WHERE ja2.z = ja.x)
CREATE VIEW v37 AS SELECT c.x, c.q FROM jc c WHERE c.q IN ('a', 'b') AND c.x > 2;
--> as SELECT c.x, c.q FROM jc c WHERE c.q IN ('a', 'b') AND c.x > 2
CREATE VIEW v38 AS SELECT m.tenant_id, count(*) FILTER (WHERE m.role = 'admin') AS admins FROM members m GROUP BY m.tenant_id;
--> as SELECT m.tenant_id, count(*) FILTER (WHERE m.role = 'admin') AS admins FROM members m GROUP BY m.tenant_id
CREATE VIEW v39 AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS vals(n, l);
--> as SELECT vals.n, vals.l FROM (VALUES (1, 'a'), (2, 'b')) vals(n, l)
CREATE VIEW v40 AS SELECT x, z FROM ja WHERE z = (SELECT max(z) FROM ja);
--> as SELECT ja.x, ja.z FROM ja WHERE ja.z = (SELECT max(ja_1.z) AS max FROM ja ja_1)
CREATE MATERIALIZED VIEW mv1 AS SELECT x, count(*) AS n FROM ja GROUP BY x;
--> as SELECT ja.x, count(*) AS n FROM ja GROUP BY ja.x
CREATE VIEW v41 AS SELECT t.a, t.v, t.m FROM t WHERE t.m = 'happy' AND t.v LIKE 'a%';
--> as SELECT t.a, t.v, t.m FROM t WHERE t.m = 'happy'::mood AND t.v LIKE 'a%'
CREATE VIEW v42 AS SELECT t.tz AT TIME ZONE 'UTC' AS utc, date_trunc('day', t.ts) AS day, extract(epoch FROM t.tz) AS ep FROM t;
--> as SELECT timezone('UTC', t.tz) AS utc, date_trunc('day', t.ts) AS day, "extract"('epoch', t.tz) AS ep FROM t
CREATE VIEW v43 AS SELECT x FROM ja GROUP BY 1 HAVING sum(z) > 0;
--> as SELECT ja.x FROM ja GROUP BY ja.x HAVING sum(ja.z) > 0
CREATE VIEW v44 AS SELECT l.x, r.w FROM ja l LEFT JOIN LATERAL (SELECT w FROM jb WHERE jb.x = l.x LIMIT 1) r ON true;
--> as SELECT l.x, r.w FROM ja l LEFT JOIN LATERAL (SELECT jb.w FROM jb WHERE jb.x = l.x LIMIT 1) r ON true
CREATE TABLE new (x int);
CREATE VIEW v45 AS SELECT x FROM new;
--> as SELECT new_1.x FROM new new_1

-- ALTER TYPE ... RENAME VALUE: constants of the enum follow the label (not text that spells it)
CREATE TYPE color AS ENUM ('red', 'green', 'blue');
CREATE DOMAIN warm AS color DEFAULT 'red' CHECK (VALUE <> 'green');
CREATE TABLE paint (id int, c color DEFAULT 'red', c2 color DEFAULT 'red'::color, cs color[] DEFAULT '{red,blue}',
  cs2 color[] DEFAULT ARRAY['red'::color], w warm, note text DEFAULT 'red', CHECK (c <> 'green'),
  CHECK (c IN ('red', 'blue')), CHECK (note <> 'red'),
  g text GENERATED ALWAYS AS (CASE WHEN c = 'red' THEN 'r' ELSE 'x' END) STORED);
CREATE INDEX paint_red ON paint (id) WHERE c = 'red';
ALTER TABLE paint ENABLE ROW LEVEL SECURITY;
CREATE POLICY pp ON paint USING (c = 'red' OR 'red' = ANY (cs));
CREATE VIEW reds AS SELECT id, c = 'red' AS is_red, 'red'::color AS k, 'red' AS t FROM paint WHERE c IN ('red', 'green');
ALTER TYPE color RENAME VALUE 'red' TO 'crimson';
--> type public.warm domain public.color default 'crimson'
--> column c public.color DEFAULT 'crimson'
--> column c2 public.color DEFAULT 'crimson'
--> column cs public.color[] DEFAULT '{crimson,blue}'
--> column cs2 public.color[] DEFAULT ARRAY['crimson']::color[]
--> column note text DEFAULT 'red'
--> column g text GENERATED ALWAYS AS (CASE WHEN c = 'crimson' THEN 'r' ELSE 'x' END) STORED
--> constraint paint_c_check1 CHECK (c IN ('crimson', 'blue'))
--> constraint paint_note_check CHECK (note <> 'red')
--> index public.paint_red on public.paint USING btree (id) WHERE (c = 'crimson')
--> policy public.paint.pp permissive for all to public using (c = 'crimson' OR 'crimson' = ANY(cs))
--> as SELECT paint.id, paint.c = 'crimson'::color AS is_red, 'crimson'::color AS k, 'red'::text AS t FROM paint WHERE paint.c = ANY(ARRAY['crimson'::color, 'green'::color])

-- SQL-standard function bodies: analysed at creation, stored parsed (parameters printed by name,
-- qualified with the function's name when a range table is around)
CREATE TABLE fa (x int, y text);
CREATE FUNCTION sb1(i int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT i + 1; END;
--> CREATE FUNCTION public.sb1(i integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT i + 1 AS "?column?"; END;
CREATE FUNCTION sb2(i int) RETURNS int LANGUAGE sql RETURN i * 2;
--> CREATE FUNCTION public.sb2(i integer) RETURNS integer LANGUAGE sql RETURN i * 2;
CREATE FUNCTION sb3() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM fa; END;
--> CREATE FUNCTION public.sb3() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) AS count FROM public.fa; END;
CREATE FUNCTION sb4(x int, y text) RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM fa WHERE fa.x = $1 AND y = sb4.y; END;
--> CREATE FUNCTION public.sb4(x integer, y text) RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) AS count FROM public.fa WHERE fa.x = sb4.x AND fa.y = sb4.y; END;
CREATE FUNCTION sb5(int, text) RETURNS text LANGUAGE sql RETURN $2 || $1;
--> CREATE FUNCTION public.sb5(integer, text) RETURNS text LANGUAGE sql RETURN $2 || $1;
CREATE FUNCTION sb6(v varchar) RETURNS text LANGUAGE sql RETURN lower(v) || 'x';
--> CREATE FUNCTION public.sb6(v character varying) RETURNS text LANGUAGE sql RETURN lower(v) || 'x';
CREATE FUNCTION sb7(n int) RETURNS SETOF text LANGUAGE sql STABLE BEGIN ATOMIC SELECT y FROM fa WHERE x > n ORDER BY y LIMIT n; END;
--> CREATE FUNCTION public.sb7(n integer) RETURNS SETOF text LANGUAGE sql STABLE BEGIN ATOMIC SELECT fa.y FROM public.fa WHERE fa.x > sb7.n ORDER BY fa.y LIMIT sb7.n; END;
CREATE FUNCTION sb8(n int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT max(q.x) FROM (SELECT x FROM fa WHERE x < n) q; SELECT n; END;
--> CREATE FUNCTION public.sb8(n integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT max(q.x) AS max FROM (SELECT fa.x FROM public.fa WHERE fa.x < sb8.n) q; SELECT n; END;
CREATE FUNCTION sb9(x int) RETURNS boolean LANGUAGE sql RETURN EXISTS (SELECT 1 FROM fa WHERE fa.x = sb9.x);
--> CREATE FUNCTION public.sb9(x integer) RETURNS boolean LANGUAGE sql RETURN EXISTS (SELECT 1 FROM public.fa WHERE fa.x = sb9.x);
CREATE FUNCTION sb10(v text) RETURNS text LANGUAGE sql RETURN CASE WHEN v IN ('a', 'b') THEN 'ab' ELSE v END;
--> CREATE FUNCTION public.sb10(v text) RETURNS text LANGUAGE sql RETURN CASE WHEN v IN ('a', 'b') THEN 'ab' ELSE v END;
CREATE FUNCTION sb11(i int) RETURNS int LANGUAGE sql BEGIN ATOMIC INSERT INTO fa VALUES (i, 'x'); SELECT i; END;

-- another schema on the search_path: user functions and types resolved there, overloads, polymorphic
-- arguments, domains; policies and views over its tables
CREATE SCHEMA app;
CREATE TYPE app.status AS ENUM ('new', 'done');
CREATE DOMAIN app.money2 AS numeric(12,2) CHECK (VALUE >= 0);
CREATE TABLE app.acct (id bigint PRIMARY KEY, owner uuid, st app.status DEFAULT 'new', bal app.money2 DEFAULT 0,
  tags varchar(20)[], code char(4), note varchar(200), created timestamptz DEFAULT now());
--> column st app.status DEFAULT 'new'
--> column bal app.money2 DEFAULT 0
CREATE FUNCTION app.fmt(t text[]) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT array_to_string(t, '','')';
CREATE FUNCTION app.big(b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT b';
CREATE FUNCTION app.dbl(d double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS 'SELECT d';
CREATE FUNCTION app.m(x app.money2) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION app.any1(x anyelement, y anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION app.arr(x anyarray) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE FUNCTION app.comp(x anycompatible, y anycompatible) RETURNS anycompatible LANGUAGE sql IMMUTABLE AS 'SELECT x';
ALTER TABLE app.acct
  ADD CONSTRAINT c1 CHECK (app.fmt(tags) <> ''),
  ADD CONSTRAINT c2 CHECK (app.big(length(note)) > 0),
  ADD CONSTRAINT c3 CHECK (app.dbl(bal) >= 0),
  ADD CONSTRAINT c4 CHECK (app.m(bal) >= 0 AND app.m(1.5) > 0),
  ADD CONSTRAINT c5 CHECK (app.any1(note, 'x') IS NOT NULL AND app.any1(code::text, note::text) <> ''),
  ADD CONSTRAINT c6 CHECK (app.arr(tags) > 0 AND app.comp(id, 1.5) > 0 AND app.comp(1, 2) > 0),
  ADD CONSTRAINT c7 CHECK (st IN ('new', 'done') AND st <> 'done' AND code IN ('ab', 'cd')),
  ADD CONSTRAINT c8 CHECK (created > '2020-01-01' AND created < now() + '1 year'),
  ADD CONSTRAINT c9 CHECK (upper(code) = code AND substr(note, 1, 3) <> 'xyz' AND note ~~ '%x%'),
  ADD CONSTRAINT c10 CHECK (coalesce(array_length(tags, 1), 0) < 10 AND 'x' = ANY (tags));
--> constraint c1 CHECK (fmt(tags::text[]) <> '')
--> constraint c2 CHECK (big(length(note)::bigint) > 0)
--> constraint c3 CHECK (dbl(bal::double precision) >= 0)
--> constraint c4 CHECK (m(bal) >= 0 AND m(1.5) > 0)
--> constraint c5 CHECK (any1(note, 'x') IS NOT NULL AND any1(code, note) <> '')
--> constraint c6 CHECK (arr(tags) > 0 AND comp(id::numeric, 1.5) > 0 AND comp(1, 2) > 0)
--> constraint c7 CHECK (st IN ('new', 'done') AND st <> 'done' AND code IN ('ab', 'cd'))
--> constraint c8 CHECK (created > '2020-01-01 00:00:00+00' AND created < (now() + '1 year'))
--> constraint c9 CHECK (upper(code) = code AND substr(note, 1, 3) <> 'xyz' AND note LIKE '%x%')
--> constraint c10 CHECK (COALESCE(array_length(tags, 1), 0) < 10 AND 'x' = ANY(tags::text[]))
SET search_path = app, public;
CREATE TABLE ledger (id bigint, acct bigint REFERENCES acct, amount money2, kind status);
ALTER TABLE ledger ENABLE ROW LEVEL SECURITY;
CREATE POLICY l1 ON ledger USING (acct IN (SELECT a.id FROM acct a JOIN ledger l2 ON l2.acct = a.id WHERE a.owner = current_setting('app.user')::uuid));
--> policy app.ledger.l1 permissive for all to public using (acct IN (SELECT a.id FROM acct a JOIN ledger l2 ON l2.acct = a.id WHERE a.owner = current_setting('app.user')::uuid))
CREATE POLICY l2 ON ledger FOR UPDATE USING (kind = 'new') WITH CHECK (EXISTS (SELECT 1 FROM acct WHERE acct.id = ledger.acct AND acct.st = 'new'));
--> policy app.ledger.l2 permissive for update to public using (kind = 'new') with check (EXISTS (SELECT 1 FROM acct WHERE acct.id = ledger.acct AND acct.st = 'new'))
CREATE POLICY l3 ON ledger USING (amount BETWEEN 0 AND 1000 AND id NOT IN (SELECT id FROM ledger WHERE kind = 'done'));
--> policy app.ledger.l3 permissive for all to public using (amount::numeric >= 0 AND amount::numeric <= 1000 AND NOT id IN (SELECT ledger_1.id FROM ledger ledger_1 WHERE ledger_1.kind = 'done'))
CREATE VIEW v_bal AS SELECT a.id, a.st, sum(l.amount) AS total, count(*) FILTER (WHERE l.kind = 'done') AS done FROM acct a LEFT JOIN ledger l ON l.acct = a.id GROUP BY a.id, a.st;
--> as SELECT a.id, a.st, sum(l.amount::numeric) AS total, count(*) FILTER (WHERE l.kind = 'done'::status) AS done FROM acct a LEFT JOIN ledger l ON l.acct = a.id GROUP BY a.id, a.st
CREATE VIEW v_big AS SELECT * FROM v_bal WHERE total > 100 AND st IN ('new');
--> as SELECT v_bal.id, v_bal.st, v_bal.total, v_bal.done FROM v_bal WHERE v_bal.total > 100 AND v_bal.st = 'new'::status
CREATE INDEX ledger_kind ON ledger (acct) WHERE kind = 'new' AND amount > 0;
--> index app.ledger_kind on app.ledger USING btree (acct) WHERE (kind = 'new' AND amount::numeric > 0)
CREATE INDEX acct_note ON acct (lower(note), (tags[1]));
--> index app.acct_note on app.acct USING btree ((lower(note)), (tags[1]))

-- index keys PostgreSQL's analysis reduces to a bare column are column keys (also after ALTER COLUMN TYPE,
-- when the server re-parses the index)
CREATE TABLE dl (d timestamp, n int);
CREATE INDEX dl_d ON dl (date(d));
CREATE INDEX dl_n ON dl ((n::int));
--> index app.dl_n on app.dl USING btree (n)
ALTER TABLE dl ALTER COLUMN d TYPE date;
--> index app.dl_d on app.dl USING btree (d)

-- index expressions must be immutable, but a SQL function the planner inlines is judged by its body
-- (crates.io's canon_crate_name, declared volatile)
CREATE FUNCTION canon(text) RETURNS text AS $$ SELECT replace(lower($1), '-', '_') $$ LANGUAGE sql;
CREATE TABLE crates (name text);
CREATE UNIQUE INDEX crates_canon ON crates (canon(name));
--> index app.crates_canon on app.crates unique USING btree ((canon(name)))

-- a built-in SQL function the planner inlines counts by its body: anytextcat (`||` with a non-text side)
-- and quote_literal(anyelement) are declared stable, but over an integer they are immutable
CREATE TABLE gen_inl (a int, b text GENERATED ALWAYS AS (a || ' sec') STORED, c text GENERATED ALWAYS AS (quote_literal(a)) STORED);
CREATE INDEX gen_inl_a ON gen_inl (('x' || a));
--> index app.gen_inl_a on app.gen_inl USING btree (('x' || a))

-- bit-string literals are constants of type bit ('0101'::"bit"; X'A' is '1010')
CREATE TABLE bits (b1 bit(4) DEFAULT B'0101', b2 varbit(5) DEFAULT B'01', b3 bit(4) DEFAULT X'A', CHECK (b1 <> B'1111'));
--> column b1 bit(4) DEFAULT '0101'
--> column b2 bit varying(5) DEFAULT '01'
--> column b3 bit(4) DEFAULT '1010'
--> constraint bits_b1_check CHECK (b1 <> '1111')
CREATE VIEW bits_v AS SELECT B'0101' AS a, X'F' AS b, b1 || B'1' AS c FROM bits;
--> as SELECT '0101'::pg_catalog.bit AS a, '1111'::pg_catalog.bit AS b, bits.b1::pg_catalog.varbit || '1'::pg_catalog.bit::pg_catalog.varbit AS c FROM bits

-- ordered-set aggregates take their WITHIN GROUP expressions as arguments; multiranges are polymorphic
-- arguments (anymultirange) like ranges
CREATE DOMAIN small_mr AS int4multirange CHECK (upper(VALUE) < 10);
--> constraint small_mr_check check (upper(value) < 10)
CREATE TABLE osa (ten int, thousand int, hundred int, s text, r int4range, m int4multirange);
CREATE VIEW osa_v AS SELECT ten, percentile_disc(0.5) WITHIN GROUP (ORDER BY thousand) AS p50, percentile_cont(0.5) WITHIN GROUP (ORDER BY thousand) AS pc, rank(5, 'AZZZZ', 50) WITHIN GROUP (ORDER BY hundred, s DESC, hundred) AS rank, mode() WITHIN GROUP (ORDER BY s) AS md FROM osa GROUP BY ten;
--> as SELECT osa.ten, percentile_disc(0.5) WITHIN GROUP (ORDER BY osa.thousand) AS p50, percentile_cont(0.5) WITHIN GROUP (ORDER BY osa.thousand::double precision) AS pc, rank(5, 'AZZZZ', 50) WITHIN GROUP (ORDER BY osa.hundred, osa.s DESC, osa.hundred) AS rank, mode() WITHIN GROUP (ORDER BY osa.s) AS md FROM osa GROUP BY osa.ten
CREATE VIEW mr_v AS SELECT m + m AS a, range_merge(m) AS b, multirange(r) AS c, upper(m) AS d, m @> 3 AS e, r <@ m AS f FROM osa;
--> as SELECT osa.m + osa.m AS a, range_merge(osa.m) AS b, multirange(osa.r) AS c, upper(osa.m) AS d, osa.m @> 3 AS e, osa.r <@ osa.m AS f FROM osa

-- TABLESAMPLE reads its relation; a recursive WITH query has the columns of its non-recursive term
CREATE TABLE samp (id int, name text);
CREATE VIEW samp_v AS SELECT * FROM samp TABLESAMPLE SYSTEM (10*2) REPEATABLE (2);
--> as SELECT samp.id, samp.name FROM samp TABLESAMPLE system(10 * 2) REPEATABLE (2)
CREATE VIEW nums AS WITH RECURSIVE nums(n) AS (VALUES (1) UNION ALL SELECT n+1 FROM nums WHERE n < 6) SELECT * FROM nums;
--> as WITH RECURSIVE nums(n) AS (VALUES (1) UNION ALL SELECT nums_1.n + 1 AS "?column?" FROM nums nums_1 WHERE nums_1.n < 6) SELECT nums.n FROM nums
CREATE VIEW samp_tree AS WITH RECURSIVE r AS (SELECT id, name, 1 AS depth FROM samp WHERE id = 1 UNION SELECT s.id, s.name, r.depth + 1 FROM samp s JOIN r ON s.id = r.id + 1) SELECT * FROM r;
--> as WITH RECURSIVE r AS (SELECT samp.id, samp.name, 1 AS depth FROM samp WHERE samp.id = 1 UNION SELECT s.id, s.name, r_1.depth + 1 AS "?column?" FROM samp s JOIN r r_1 ON s.id = (r_1.id + 1)) SELECT r.id, r.name, r.depth FROM r

-- regclass constants print as regclassout does (case-folded, quoted, qualified when not visible); only
-- they are dependencies: nextval('s'::text) looks the sequence up at run time
CREATE SEQUENCE "MySeq";
CREATE SEQUENCE lowseq;
CREATE SEQUENCE public.pubseq;
CREATE SEQUENCE textseq;
CREATE TABLE rc (a int DEFAULT nextval('"MySeq"'), b int DEFAULT nextval('LOWSEQ'), c int DEFAULT nextval('pubseq'), d int DEFAULT nextval('textseq'::text));
--> column a integer DEFAULT nextval('"MySeq"'::regclass)
--> column b integer DEFAULT nextval('lowseq'::regclass)
DROP SEQUENCE textseq;

-- operator classes: a default one is not printed (name_ops for name, text_ops for an expression of type
-- text, bpchar_ops for char(n) with hash), another one is
CREATE TABLE opc (n name, f1 text, f2 text, c char(3), q tsquery, v varchar(10));
CREATE INDEX opc_n ON opc (n name_ops);
--> index app.opc_n on app.opc USING btree (n)
CREATE INDEX opc_f ON opc ((f1 || f2) text_ops);
--> index app.opc_f on app.opc USING btree ((f1 || f2))
CREATE INDEX opc_c ON opc USING hash (c bpchar_ops);
--> index app.opc_c on app.opc USING hash (c)
CREATE INDEX opc_v ON opc (v text_ops, v varchar_pattern_ops, f1 text_pattern_ops);
--> index app.opc_v on app.opc USING btree (v, v varchar_pattern_ops, f1 text_pattern_ops)

-- ALTER COLUMN TYPE re-creates the CHECKs and indexes that use the column from their printed form, and
-- coerces the column's default again
CREATE TABLE rt (n int, d timestamp, s text, v varchar(20), e int DEFAULT 0, f float8,
  CHECK (n::bigint > 0), CHECK (d > '2020-01-01'), CHECK (length(s) < 10), CHECK (v <> 'x'), CHECK (f > 10.2));
CREATE INDEX rt_d ON rt (date(d));
CREATE INDEX rt_s ON rt (lower(s)) WHERE s <> '';
CREATE INDEX rt_v ON rt (v varchar_pattern_ops);
ALTER TABLE rt ALTER COLUMN n TYPE bigint, ALTER COLUMN d TYPE date, ALTER COLUMN s TYPE varchar(30);
ALTER TABLE rt ALTER COLUMN v TYPE text, ALTER COLUMN e TYPE numeric, ALTER COLUMN f TYPE numeric;
--> column e numeric DEFAULT 0
--> constraint rt_n_check CHECK (n > 0)
--> constraint rt_d_check CHECK (d > '2020-01-01 00:00:00')
--> constraint rt_f_check CHECK (f::double precision > 10.2)
--> index app.rt_d on app.rt USING btree (d)
--> index app.rt_s on app.rt USING btree ((lower(s))) WHERE (s <> '')
--> index app.rt_v on app.rt USING btree (v varchar_pattern_ops)
-- (every USING expression of one ALTER TABLE reads the table as it was)
CREATE TABLE rt2 (f1 int, f2 text, f3 text);
ALTER TABLE rt2 ALTER f1 TYPE text USING f2 || ' and ' || f3, ALTER f2 TYPE bigint USING f1 * 10, DROP COLUMN f3;
--> column f1 text
--> column f2 bigint

-- stored expressions name objects by identity (printed relative to the search_path): what an object moved
-- to another schema is named in follows it
CREATE TABLE mv_t (type text, totamt int);
CREATE MATERIALIZED VIEW mv_tvmm AS SELECT sum(totamt) AS grandtot FROM mv_t;
CREATE SEQUENCE mv_sq;
CREATE TYPE mv_mood AS ENUM ('a', 'b');
CREATE FUNCTION mv_f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE TABLE mv_d (a int DEFAULT nextval('mv_sq'), m mv_mood, CHECK (m <> 'a'::mv_mood AND mv_f(a) > 0 AND m::text <> 'x'));
CREATE SCHEMA mvother;
ALTER TABLE mv_t SET SCHEMA mvother;
ALTER SEQUENCE mv_sq SET SCHEMA mvother;
ALTER TYPE mv_mood SET SCHEMA mvother;
ALTER FUNCTION mv_f(int) SET SCHEMA mvother;
--> as SELECT sum(mv_t.totamt) AS grandtot FROM mvother.mv_t
--> column a integer DEFAULT nextval('mvother.mv_sq'::regclass)
--> constraint mv_d_check CHECK (m <> 'a' AND mvother.mv_f(a) > 0 AND m <> 'x')
CREATE SCHEMA mvs1;
CREATE TABLE mvs1.t (a int);
CREATE VIEW mv_v1 AS SELECT a FROM mvs1.t;
ALTER SCHEMA mvs1 RENAME TO mvs2;
--> as SELECT t.a FROM mvs2.t

-- DROP COLUMN takes what uses the column with it: CHECKs, index keys, expressions and predicates
-- (automatic dependencies); with CASCADE the generated columns, views, triggers and policies too
CREATE TABLE dc (a int PRIMARY KEY, b int, c int GENERATED ALWAYS AS (b * 2) STORED, d int CHECK (d > 0 AND b > 0), e int);
CREATE INDEX dc_c ON dc (c) WHERE a > 0;
CREATE INDEX dc_ce ON dc ((c + 1));
CREATE INDEX dc_a ON dc (a) WHERE b > 1;
CREATE INDEX dc_e ON dc (e) WHERE e > 1;
CREATE FUNCTION dc_tf() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
CREATE TRIGGER dc_t1 BEFORE UPDATE OF b ON dc FOR EACH ROW EXECUTE FUNCTION dc_tf();
CREATE TRIGGER dc_t2 AFTER UPDATE ON dc FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION dc_tf();
CREATE POLICY dc_p1 ON dc USING (b > 0);
CREATE POLICY dc_p2 ON dc USING (e > 0);
CREATE VIEW dc_v1 AS SELECT a FROM dc WHERE b > 0;
CREATE VIEW dc_v2 AS SELECT a, e FROM dc;
ALTER TABLE dc DROP COLUMN b CASCADE;
--> index app.dc_e on app.dc USING btree (e) WHERE (e > 1)
--> view app.dc_v2 (a, e)
--> trigger app.dc.dc_t2 after UPDATE for each row execute app.dc_tf() when (old.* IS DISTINCT FROM new.*)
--> policy app.dc.dc_p2 permissive for all to public using (e > 0)

-- ALTER COLUMN TYPE recurses into inheritance children and partitions (their columns are inherited), and
-- their CHECKs that use the column are re-created from their printed form too
CREATE TABLE ih (a float CHECK (a > 10.2), b float);
CREATE TABLE ih_c () INHERITS (ih);
ALTER TABLE ih_c ADD CONSTRAINT ih_blocal CHECK (b < 1000);
ALTER TABLE ih ALTER COLUMN a TYPE numeric, ALTER COLUMN b TYPE numeric;
--> constraint ih_blocal CHECK (b::double precision < 1000)
CREATE TABLE ihp (a int, b text) PARTITION BY LIST (b);
CREATE TABLE ihp1 PARTITION OF ihp FOR VALUES IN ('x');
CREATE TABLE ihp2 PARTITION OF ihp FOR VALUES IN ('y') PARTITION BY LIST (b);
CREATE TABLE ihp21 PARTITION OF ihp2 FOR VALUES IN ('y');
ALTER TABLE ihp ALTER COLUMN a TYPE bigint;

-- a quoted "char" is the one-byte internal type, not character (bpchar)
CREATE TABLE qchar (c "char", d char(2), e "char"[]);
CREATE INDEX qchar_c ON qchar USING brin (c char_bloom_ops);
--> column c "char"
--> column e "char"[]

-- ALTER COLUMN TYPE keeps a literal default a constant of the old type (the server prints its cast)
CREATE TABLE rtl (t timestamp NOT NULL DEFAULT '1970-01-01');
ALTER TABLE rtl ALTER t TYPE timestamptz;
--> column t timestamp with time zone DEFAULT '1970-01-01 00:00:00' NOT NULL

-- two row constructors compared are rewritten by the parser (make_row_comparison_op, make_row_distinct_op):
-- = is the AND of the pairs, <> their OR, < <= > >= a row comparison printed ROW(...), IS DISTINCT FROM the
-- OR of the pairs (NOT of it for IS NOT DISTINCT FROM); one pair is that pair's comparison; rows inside are
-- compared as records
CREATE TABLE rwc (a int, b text, c int);
ALTER TABLE rwc ADD CONSTRAINT rwc_eq CHECK ((a, b) = (1, 'x'));
--> constraint rwc_eq CHECK (a = 1 AND b = 'x')
ALTER TABLE rwc ADD CONSTRAINT rwc_ne CHECK ((a, b, c) <> (1, 'x', 2));
--> constraint rwc_ne CHECK (a <> 1 OR b <> 'x' OR c <> 2)
ALTER TABLE rwc ADD CONSTRAINT rwc_lt CHECK ((a, c) < (1, 2));
--> constraint rwc_lt CHECK (ROW(a, c) < ROW(1, 2))
ALTER TABLE rwc ADD CONSTRAINT rwc_one CHECK (ROW(a) = ROW(c));
--> constraint rwc_one CHECK (a = c)
ALTER TABLE rwc ADD CONSTRAINT rwc_nest CHECK (((a, c), b) = ((1, 2), 'x'));
--> constraint rwc_nest CHECK (ROW(a, c) = ROW(1, 2) AND b = 'x')
CREATE INDEX rwc_i ON rwc (a) WHERE (a, c) IS DISTINCT FROM (c, 1);
--> index app.rwc_i on app.rwc USING btree (a) WHERE (a IS DISTINCT FROM c OR c IS DISTINCT FROM 1)
CREATE FUNCTION rwc_tf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER rwc_t AFTER UPDATE ON rwc FOR EACH ROW
    WHEN ((old.a, old.b) IS NOT DISTINCT FROM (new.a, new.b)) EXECUTE FUNCTION rwc_tf();
--> trigger app.rwc.rwc_t after UPDATE for each row execute app.rwc_tf() when (NOT (old.a IS DISTINCT FROM new.a OR old.b IS DISTINCT FROM new.b))

-- a whole-row reference (a FROM item's name used as a value) prints `name.*`, and at the top level of a
-- target list, a ROW() or a VALUES row `name.*::rowtype` (record for a sub-query): get_variable
CREATE TABLE wr (id int, n text);
CREATE FUNCTION wr_ok(wr) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT true';
ALTER TABLE wr ENABLE ROW LEVEL SECURITY;
CREATE POLICY wr_p ON wr USING (wr_ok(wr));
--> policy app.wr.wr_p permissive for all to public using (wr_ok(wr.*))
CREATE VIEW wr_v AS SELECT wr, to_jsonb(wr) AS j, ROW(wr, 1)::text AS r,
    (SELECT json_agg(s) FROM (SELECT id FROM wr) s) AS a FROM wr WHERE wr IS NOT NULL;
--> view app.wr_v (wr, j, r, a)

-- a boolean column used bare as an index predicate or a CHECK follows a rename (no output name to keep)
CREATE TABLE bren (id int, active boolean);
CREATE INDEX bren_i ON bren (id) WHERE active;
ALTER TABLE bren ADD CONSTRAINT bren_c CHECK (active);
ALTER TABLE bren RENAME COLUMN active TO enabled;
--> index app.bren_i on app.bren USING btree (id) WHERE (enabled)
--> constraint bren_c CHECK (enabled)
