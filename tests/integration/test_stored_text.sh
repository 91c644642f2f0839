#!/usr/bin/env bash
# test_stored_text.sh — what PostgreSQL 15 stores and prints for what a migration makes, against a real
# server: `strata verify` finds 0 differences between the model and the server for CREATE TABLE AS
# columns' derived collations (parse_collate.c), partition keys (pg_get_partkeydef's parentheses and
# casts) and bounds of float and numeric keys (get_const_expr), typed literal defaults folded through the
# type's input and output functions; and a collatable CREATE TABLE AS column with no collation derived is
# refused by the model (`strata check`) as by the server (42P22); format_type's array and bpchar text, constraint
# names over all columns, views over XML expressions and XMLTABLE.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
V() { "$STRATA" verify --database-url "$URL" --no-color "$@"; }

mkdir -p "$T/coll"
cat >"$T/coll/0001_ctas.sql" <<'SQL'
CREATE TABLE tn (a name, b text, c text COLLATE "C", d varchar(10) COLLATE "POSIX", e int,
                 f text[] COLLATE "C");
CREATE TABLE c1 AS SELECT a, a::text AS at, b, c, c || b AS cb, d, b || d AS bd, upper(c) AS uc,
  e::text AS et, 'x' AS lit, coalesce(c, 'z') AS cz, (SELECT c FROM tn LIMIT 1) AS sc,
  CASE WHEN e > 0 THEN c ELSE b END AS cs, b COLLATE "POSIX" AS bp, f[1] AS f1, f,
  c COLLATE "default" AS cd, length(c || d) AS n FROM tn;
CREATE TABLE c2 AS SELECT * FROM (SELECT a::text AS x, c FROM tn) s;
CREATE TABLE c3 AS SELECT c AS v FROM tn UNION SELECT b FROM tn;
CREATE TABLE c4 AS WITH w AS (SELECT c AS v, d FROM tn) SELECT v, d FROM w;
SELECT d AS v INTO c5 FROM tn;
CREATE TABLE c6 AS SELECT c FROM tn UNION ALL SELECT d COLLATE "C" FROM tn;
SQL
expect_output '^0 differences$' "CREATE TABLE AS columns take the collation parse analysis derives" V --dir "$T/coll"

mkdir -p "$T/nocoll"
cat >"$T/nocoll/0001_ctas.sql" <<'SQL'
CREATE TABLE tn (c text COLLATE "C", d text COLLATE "POSIX");
CREATE TABLE u AS SELECT c FROM tn UNION ALL SELECT d FROM tn;
SQL
expect_output 'no collation was derived for column "c" with collatable type text' \
	"the server refuses a column with no collation derived" \
	bash -c "! '$STRATA' verify --database-url '$URL' --no-color --dir '$T/nocoll'"
expect_output '2:.*no collation was derived for column "c" with collatable type text' \
	"the model refuses it too" bash -c "! '$STRATA' check --no-color --dir '$T/nocoll'"

cat >"$T/nocoll/0001_ctas.sql" <<'SQL'
CREATE TABLE tn (c text COLLATE "C", d text COLLATE "POSIX");
CREATE TABLE u AS SELECT c FROM tn UNION SELECT d FROM tn;
SQL
expect_output 'collation mismatch between implicit collations "C" and "POSIX"' \
	"the server refuses UNION of columns with different implicit collations" \
	bash -c "! '$STRATA' verify --database-url '$URL' --no-color --dir '$T/nocoll'"
expect_output 'collation mismatch between implicit collations "C" and "POSIX"' \
	"the model refuses it too" bash -c "! '$STRATA' check --no-color --dir '$T/nocoll'"

mkdir -p "$T/part"
cat >"$T/part/0001_part.sql" <<'SQL'
CREATE TABLE prt1_e (a int, b int, c text) PARTITION BY RANGE (((a + b) / 2));
CREATE TABLE prt1_m (a int, b int, c text) PARTITION BY RANGE (a, ((a + b) / 2));
CREATE TABLE pht1_e (a int, b int, c text) PARTITION BY HASH (ltrim(c, 'A'));
CREATE TABLE plt1_e (a int, b int, c text) PARTITION BY LIST (ltrim(c, 'A'));
CREATE TABLE mlparted1 (a int, b int) PARTITION BY RANGE ((b + 0));
CREATE TABLE q (a int, "B" text) PARTITION BY LIST ("B");
CREATE TABLE alpha (a double precision, b int, c text) PARTITION BY RANGE (a);
CREATE TABLE alpha_neg PARTITION OF alpha FOR VALUES FROM ('-Infinity') TO (0);
CREATE TABLE alpha_pos PARTITION OF alpha FOR VALUES FROM (0) TO (10.0);
CREATE TABLE beta (a numeric, b real) PARTITION BY RANGE (a, b);
CREATE TABLE beta_1 PARTITION OF beta FOR VALUES FROM (-10.0, 0) TO (10.5, 1e3);
CREATE TABLE beta_2 PARTITION OF beta FOR VALUES FROM (10.5, 1e3) TO (100, 'Infinity');
CREATE TABLE gam (a real) PARTITION BY RANGE (a);
CREATE TABLE gam1 PARTITION OF gam FOR VALUES FROM (0.1) TO ('1e3');
CREATE TABLE gam2 PARTITION OF gam FOR VALUES FROM ('1e3') TO (1234567);
CREATE TABLE gam3 PARTITION OF gam FOR VALUES FROM (1234567) TO (1e20);
CREATE TABLE nu (a numeric) PARTITION BY LIST (a);
CREATE TABLE nu1 PARTITION OF nu FOR VALUES IN (1e3, '1.50', 0.001, -2.5, '007', 'NaN');
SQL
expect_output '^0 differences$' "partition keys and float/numeric bounds as the server prints them" V --dir "$T/part"

mkdir -p "$T/def"
cat >"$T/def/0001_defaults.sql" <<'SQL'
CREATE TABLE t (g real DEFAULT '1e3', h boolean DEFAULT ' yes ', i double precision DEFAULT 1e3,
  j float8 DEFAULT '0.1', k numeric DEFAULT '1e3', l numeric DEFAULT 1.50, m int DEFAULT ' 12 ',
  n date DEFAULT '2020-1-2', o interval DEFAULT '1 day', p json DEFAULT '{"a":1}', q text DEFAULT 'x',
  r bigint DEFAULT '12', s boolean DEFAULT 'f', u real DEFAULT 1.5, v double precision DEFAULT '-Infinity',
  w smallint DEFAULT '7', x numeric(10,2) DEFAULT 1.5, y boolean DEFAULT true,
  a1 double precision DEFAULT -1.5, a2 double precision DEFAULT 1e20, a3 real DEFAULT '1e-7',
  a4 real DEFAULT 0.1, a5 double precision DEFAULT '  NaN', a6 numeric DEFAULT '-0.0',
  a7 numeric DEFAULT 1.5e-3, a8 boolean DEFAULT 'OF', a9 boolean DEFAULT '1', b1 int DEFAULT '+5',
  b2 double precision DEFAULT 123456789012345678, b3 real DEFAULT 1234567, b4 numeric DEFAULT ' 007.50 ',
  b5 double precision DEFAULT 0.0001, b6 double precision DEFAULT '0.00001',
  b7 timestamp DEFAULT '2020-1-2 3:04:05', b8 date DEFAULT '2020-01-2');
SQL
expect_output '^0 differences$' "typed literal defaults are stored as their type reads and prints them" V --dir "$T/def"

mkdir -p "$T/types"
cat >"$T/types/0001_types.sql" <<'SQL'
CREATE TABLE arrtest (a int2[], b int4[][][], c name[], d text[][], e float8[], f char(5)[], g varchar(5)[][],
  h bpchar, i character, j bpchar(3), k char, l "char", m bpchar[]);
CREATE FUNCTION fa(x int[][], y bpchar, z char(4)) RETURNS int[][] LANGUAGE sql AS 'SELECT x';
CREATE VIEW va AS SELECT '{1}'::int[][] AS z, 'a'::bpchar AS w;
SQL
expect_output '^0 differences$' "array types of any dimensions and bpchar as format_type prints them" V --dir "$T/types"

mkdir -p "$T/names"
cat >"$T/names/0001_names.sql" <<'SQL'
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE tbl_include_unique1 (c1 int, c2 int, c3 int, c4 box);
ALTER TABLE tbl_include_unique1 ADD UNIQUE (c1, c2) INCLUDE (c3, c4);
CREATE TABLE t2 (a int, b int, c int, UNIQUE (a) INCLUDE (b, c), PRIMARY KEY (b) INCLUDE (c), UNIQUE (c) INCLUDE (c));
CREATE TABLE test_range_excl (room int, speaker int, during tsrange,
  EXCLUDE USING gist (room WITH =, during WITH &&), EXCLUDE USING gist (speaker WITH =, during WITH &&));
CREATE TABLE t3 (a int, b int, EXCLUDE USING gist (abs(a) WITH =), EXCLUDE USING gist (a WITH =) INCLUDE (b),
  EXCLUDE USING gist (a WITH =, a WITH <>), EXCLUDE USING gist (a WITH =, (a + b) WITH =));
CREATE TABLE "Booking" ("emailAccountId" text, "startTime" timestamp, "endTime" timestamp, status text,
  EXCLUDE USING gist ("emailAccountId" WITH =, tsrange("startTime", "endTime", '[)') WITH &&)
  WHERE (status IN ('A', 'B')));
ALTER TABLE "Booking" RENAME COLUMN "emailAccountId" TO "EmailAcc";
ALTER TABLE t3 RENAME COLUMN a TO "Aa";
SQL
expect_output '^0 differences$' "UNIQUE/EXCLUDE constraint names over all their columns, INCLUDE too; EXCLUDE's text and expression keys" V --dir "$T/names"

mkdir -p "$T/xml"
cat >"$T/xml/0001_xml.sql" <<'SQL'
create table emp (name text, age int, salary numeric);
create view xmlview2 as select xmlconcat('hello', 'you');
create view xmlview4 as select xmlelement(name employee, xmlforest(name, age, salary as pay)) from emp;
create view xmlview5 as select xmlelement(name employee, xmlattributes(name, age as a), 'x', name) from emp;
create view xmlview8 as select xmlserialize(content 'good' as char(10));
create view xmlview9 as select xmlserialize(content 'good' as text);
create view xmlview10 as select xmlserialize(document '<a/>' as varchar(5)), '<a/>' is document as d, xmlroot('<a/>', version '1.0'), xmlparse(content '<b/>'), xmlpi(name foo, 'bar');
CREATE TABLE xmldata(data xml);
CREATE VIEW xmltableview1 AS SELECT  xmltable.*
   FROM (SELECT data FROM xmldata) x,
        LATERAL XMLTABLE('/ROWS/ROW'
                         PASSING data
                         COLUMNS id int PATH '@id',
                                  _id FOR ORDINALITY,
                                  country_name text PATH 'COUNTRY_NAME/text()' NOT NULL,
                                  country_id text PATH 'COUNTRY_ID',
                                  region_id int PATH 'REGION_ID',
                                  size float PATH 'SIZE',
                                  unit text PATH 'SIZE/@unit',
                                  premier_name text PATH 'PREMIER_NAME' DEFAULT 'not specified');
CREATE VIEW xmltableview2 AS SELECT * FROM XMLTABLE(XMLNAMESPACES('http://x.y' AS "Zz"),
                      '/Zz:rows/Zz:row'
                      PASSING '<rows xmlns="http://x.y"><row><a>10</a></row></rows>'
                      COLUMNS a int PATH 'Zz:a');
CREATE VIEW xmltableview3 AS SELECT t.a, t.n FROM XMLTABLE('/r' PASSING '<r/>' COLUMNS a int PATH 'a' DEFAULT 5, n FOR ORDINALITY) t;
SQL
expect_output '^0 differences$' "views over XML expressions and XMLTABLE as the server stores them" V --dir "$T/xml"

mkdir -p "$T/trig"
cat >"$T/trig/0001_trig.sql" <<'SQL'
CREATE TABLE test_tsvector (t text, a tsvector);
CREATE TRIGGER tsvectorupdate BEFORE UPDATE OR INSERT ON test_tsvector FOR EACH ROW
  EXECUTE PROCEDURE tsvector_update_trigger(a, 'pg_catalog.english', t);
CREATE TRIGGER z BEFORE UPDATE ON test_tsvector FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger();
SQL
expect_output '^0 differences$' "a built-in trigger function is pg_catalog's" V --dir "$T/trig"

finish
