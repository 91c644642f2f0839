/* test_objects.c — object semantics of the replay, each case measured on PostgreSQL 15.18: what DROP
 * ... RESTRICT refuses and its exact message and detail (pg_depend's normal / auto / internal
 * dependencies, column-level ones), what CASCADE removes, ALTER TABLE's pass order and propagation to
 * partitions and children, CREATE TABLE AS / SELECT INTO / view column names and types, temporary objects,
 * and the types PostgreSQL makes implicitly. */
#include "unit.h"
#include "replay_util.h"

/* ---- errors: the statement PostgreSQL refuses, with its message and full detail ---- */

typedef ReplayedErrCase ErrCase;

static const ErrCase err_cases[] = {
    /* ALTER TABLE passes: every DROP runs before every ADD COLUMN */
    {"CREATE TABLE t (a int);\nALTER TABLE t ADD COLUMN d int, DROP COLUMN d;", "undefined-column",
     "column \"d\" of relation \"t\" does not exist", NULL},
    {"CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN zz TYPE int, ADD COLUMN zz int;",
     "undefined-column", "column \"zz\" of relation \"t\" does not exist", NULL},
    /* duplicate output columns */
    {"CREATE TABLE t (a int);\nCREATE VIEW v AS SELECT a, a FROM t;", "duplicate-column",
     "column \"a\" specified more than once", NULL},
    {"CREATE VIEW v AS SELECT 1, 2;", "duplicate-column", "column \"?column?\" specified more than once",
     NULL},
    {"CREATE TABLE t (a int);\nCREATE TABLE u AS SELECT a, a FROM t;", "duplicate-column",
     "column \"a\" specified more than once", NULL},
    {"CREATE TABLE t (a int);\nCREATE TABLE u (x, y) AS SELECT a FROM t;", "syntax-error",
     "too many column names were specified", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE VIEW v (x, y, z) AS SELECT a, b FROM t;",
     "invalid-table-definition", "CREATE VIEW specifies more column names than columns", NULL},
    {"CREATE TABLE a (x int);\nCREATE TABLE b (y int);\nCREATE VIEW v AS SELECT * FROM a JOIN b USING (x);",
     "undefined-column", "column \"x\" specified in USING clause does not exist in right table", NULL},
    /* column-level dependencies */
    {"CREATE TABLE t (id int, a int, b int GENERATED ALWAYS AS (a * 2) STORED);\nALTER TABLE t DROP COLUMN "
     "a;",
     "dependent-objects", "cannot drop column a of table t because other objects depend on it",
     "column b of table t depends on column a of table t"},
    {"CREATE TABLE t (a int, b int);\nCREATE VIEW v AS SELECT a FROM t;\nCREATE VIEW w AS SELECT * FROM v;\n"
     "ALTER TABLE t DROP COLUMN a;",
     "dependent-objects", "cannot drop column a of table t because other objects depend on it",
     "view v depends on column a of table t\nview w depends on view v"},
    {"CREATE TYPE mood AS ENUM ('a');\nCREATE TABLE m (x mood DEFAULT 'a', y mood[]);\nCREATE TYPE comp AS "
     "(z "
     "mood);\nCREATE FUNCTION fm(mood) RETURNS int LANGUAGE sql AS 'select 1';\nCREATE DOMAIN dm AS "
     "mood;\nDROP "
     "TYPE mood;",
     "dependent-objects", "cannot drop type mood because other objects depend on it",
     "column y of table m depends on type mood[]\ncolumn x of table m depends on type mood\ncolumn z of "
     "composite type comp depends on type mood\nfunction fm(mood) depends on type mood\ntype dm depends on "
     "type "
     "mood"},
    {"CREATE TABLE q (a int);\nCREATE TABLE r (x q, y q[]);\nDROP TABLE q;", "dependent-objects",
     "cannot drop table q because other objects depend on it",
     "column y of table r depends on type q[]\ncolumn x of table r depends on type q"},
    {"CREATE TABLE ih (a int);\nCREATE TABLE ic () INHERITS (ih);\nDROP TABLE ih;", "dependent-objects",
     "cannot drop table ih because other objects depend on it", "table ic depends on table ih"},
    {"CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE c (pid int REFERENCES t);\nALTER TABLE t DROP "
     "CONSTRAINT t_pkey;",
     "dependent-objects", "cannot drop constraint t_pkey on table t because other objects depend on it",
     "constraint c_pid_fkey on table c depends on index t_pkey"},
    {"CREATE TABLE t (id serial);\nDROP SEQUENCE t_id_seq;", "dependent-objects",
     "cannot drop sequence t_id_seq because other objects depend on it",
     "default value for column id of table t depends on sequence t_id_seq"},
    {"CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY);\nDROP SEQUENCE t_id_seq;", "dependent-objects",
     "cannot drop sequence t_id_seq because column id of table t requires it", NULL},
    {"CREATE SCHEMA s;\nCREATE TABLE s.t (a int);\nCREATE VIEW s.v AS SELECT * FROM s.t;\nDROP SCHEMA s;",
     "dependent-objects", "cannot drop schema s because other objects depend on it",
     "table s.t depends on schema s\nview s.v depends on schema s"},
    {"CREATE TABLE t (a int, b int);\nCREATE POLICY p ON t USING (a > 0);\nALTER TABLE t DROP COLUMN a;",
     "dependent-objects", "cannot drop column a of table t because other objects depend on it",
     "policy p on table t depends on column a of table t"},
    {"CREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';\nCREATE TABLE t (a "
     "int, b "
     "int);\nCREATE TRIGGER g BEFORE UPDATE OF a ON t FOR EACH ROW EXECUTE FUNCTION tf();\nALTER TABLE t "
     "DROP "
     "COLUMN a;",
     "dependent-objects", "cannot drop column a of table t because other objects depend on it",
     "trigger g on table t depends on column a of table t"},
    {"CREATE TABLE t (a int);\nCREATE TABLE t2 (a int);\nCREATE VIEW v AS SELECT t.a, t2.a AS b FROM t, "
     "t2;\nDROP "
     "TABLE t, t2;",
     "dependent-objects", "cannot drop desired object(s) because other objects depend on them",
     "view v depends on table t"},
    {"CREATE TYPE ProjectRole AS ENUM ('o');\nCREATE TABLE mi (id int, role ProjectRole);\nALTER TABLE mi "
     "RENAME "
     "COLUMN role TO r2;\nDROP TYPE ProjectRole;",
     "dependent-objects", "cannot drop type projectrole because other objects depend on it",
     "column r2 of table mi depends on type projectrole"},
    /* names as getObjectDescription quotes them: relations, types and functions, not columns */
    {"CREATE TYPE \"Mood\" AS ENUM ('x');\nCREATE TABLE u (\"Col\" \"Mood\");\nCREATE FUNCTION \"Fn\"(x "
     "\"Mood\") "
     "RETURNS int LANGUAGE sql AS 'select 1';\nDROP TYPE \"Mood\";",
     "dependent-objects", "cannot drop type \"Mood\" because other objects depend on it",
     "column Col of table u depends on type \"Mood\"\nfunction \"Fn\"(\"Mood\") depends on type \"Mood\""},
    {"CREATE TABLE \"Ref\" (id int PRIMARY KEY);\nCREATE TABLE \"Kid\" (rid int, CONSTRAINT \"Kid_FK\" "
     "FOREIGN KEY "
     "(rid) REFERENCES \"Ref\");\nDROP TABLE \"Ref\";",
     "dependent-objects", "cannot drop table \"Ref\" because other objects depend on it",
     "constraint Kid_FK on table \"Kid\" depends on table \"Ref\""},
    /* ALTER POLICY records the dependencies of its new USING and keeps those of its WITH CHECK */
    {"CREATE TABLE t (a int, b int, c int);\nCREATE POLICY p ON t USING (a > 0) WITH CHECK (b > 0);\nALTER "
     "POLICY p "
     "ON t USING (c > 0);\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t DROP COLUMN b;",
     "dependent-objects", "cannot drop column b of table t because other objects depend on it",
     "policy p on table t depends on column b of table t"},
    /* inheritance and partitions */
    {"CREATE TABLE ih (a int);\nCREATE TABLE ic () INHERITS (ih);\nALTER TABLE ic DROP COLUMN a;",
     "invalid-table-definition", "cannot drop inherited column \"a\"", NULL},
    {"CREATE TABLE p (a int, ts date) PARTITION BY RANGE (ts);\nALTER TABLE p DROP COLUMN ts;",
     "invalid-table-definition",
     "cannot drop column \"ts\" because it is part of the partition key of relation \"p\"", NULL},
    {"CREATE TABLE p (a int, ts date) PARTITION BY RANGE (ts);\nCREATE TABLE p1 PARTITION OF p FOR VALUES "
     "FROM "
     "('2020-01-01') TO ('2021-01-01');\nALTER TABLE ONLY p DROP COLUMN a;",
     "invalid-table-definition", "cannot drop column from only the partitioned table when partitions exist",
     NULL},
    {"CREATE TABLE p (a int, ts date) PARTITION BY RANGE (ts);\nCREATE TABLE p1 PARTITION OF p FOR VALUES "
     "FROM "
     "('2020-01-01') TO ('2021-01-01');\nALTER TABLE ONLY p ADD COLUMN b int;",
     "invalid-table-definition", "column must be added to child tables too", NULL},
    {"CREATE TABLE ih (a int);\nCREATE TABLE ic () INHERITS (ih);\nALTER TABLE ONLY ih ALTER COLUMN a TYPE "
     "bigint;",
     "invalid-table-definition", "type of inherited column \"a\" must be changed in child tables too", NULL},
    {"CREATE TABLE ih (a int);\nCREATE TABLE ic () INHERITS (ih);\nALTER TABLE ic ALTER COLUMN a TYPE "
     "bigint;",
     "invalid-table-definition", "cannot alter inherited column \"a\"", NULL},
    {"CREATE TABLE ih (a int);\nCREATE TABLE ic () INHERITS (ih);\nALTER TABLE ONLY ih ADD CONSTRAINT k "
     "CHECK (a > "
     "0);",
     "invalid-table-definition", "constraint must be added to child tables too", NULL},
    {"CREATE TABLE ih (a int);\nCREATE TABLE ic () INHERITS (ih);\nALTER TABLE ic RENAME COLUMN a TO b;",
     "invalid-table-definition", "cannot rename inherited column \"a\"", NULL},
    {"CREATE TABLE ih (a int);\nCREATE TABLE ic () INHERITS (ih);\nALTER TABLE ONLY ih RENAME COLUMN a TO b;",
     "invalid-table-definition", "inherited column \"a\" must be renamed in child tables too", NULL},
    {"CREATE TABLE m (id int, ts date) PARTITION BY RANGE (ts);\nCREATE TABLE m1 PARTITION OF m FOR VALUES "
     "FROM "
     "('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (id);\nALTER TABLE m ALTER COLUMN id TYPE bigint;",
     "invalid-table-definition",
     "cannot alter column \"id\" because it is part of the partition key of relation \"m1\"", NULL},
    {"CREATE TABLE m (id int, ts date NOT NULL, w int) PARTITION BY RANGE (ts);\nCREATE TABLE m1 PARTITION "
     "OF m FOR "
     "VALUES FROM ('2024-01-01') TO ('2025-01-01');\nCREATE INDEX m_w ON m (w);\nDROP INDEX m1_w_idx;",
     "dependent-objects", "cannot drop index m1_w_idx because index m_w requires it", NULL},
    {"CREATE TABLE m (id int, ts date NOT NULL) PARTITION BY RANGE (ts);\nCREATE TABLE m1 PARTITION OF m FOR "
     "VALUES "
     "FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE m ADD PRIMARY KEY (id, ts);\nALTER TABLE m1 DROP "
     "CONSTRAINT m1_pkey;",
     "invalid-table-definition", "cannot drop inherited constraint \"m1_pkey\" of relation \"m1\"", NULL},
    {"CREATE TABLE p (a int, CONSTRAINT k CHECK (a > 0));\nCREATE TABLE c () INHERITS (p);\nALTER TABLE c "
     "DROP "
     "CONSTRAINT k;",
     "invalid-table-definition", "cannot drop inherited constraint \"k\" of relation \"c\"", NULL},
    {"CREATE TABLE p (a int);\nCREATE TABLE c () INHERITS (p);\nALTER TABLE p ADD CONSTRAINT k CHECK (a > "
     "0);\nALTER "
     "TABLE p DROP CONSTRAINT k;\nALTER TABLE c DROP CONSTRAINT k;",
     "undefined-object", "constraint \"k\" of relation \"c\" does not exist", NULL},
    /* a foreign key from numeric or a float to an integer key cannot be implemented */
    {"CREATE TABLE a (id bigint PRIMARY KEY);\nCREATE TABLE b (n numeric REFERENCES a);", "fk-type-mismatch",
     "foreign key constraint cannot be implemented",
     "key columns \"n\" and \"id\" are of incompatible types: numeric and bigint"},
    /* a policy's subquery: its relations are dependencies */
    {"CREATE TABLE dependee (x int, y int);\nCREATE TABLE dependent (x int, y int);\nCREATE POLICY d1 ON "
     "dependent "
     "USING (x = (SELECT d.x FROM dependee d WHERE d.y = y));\nDROP TABLE dependee;",
     "dependent-objects", "cannot drop table dependee because other objects depend on it",
     "policy d1 on table dependent depends on table dependee"},
    /* typed tables, LIKE, inheritance merging */
    {"CREATE TYPE person_type AS (id int, name text);\nCREATE TABLE persons OF person_type;\nDROP TYPE "
     "person_type;",
     "dependent-objects", "cannot drop type person_type because other objects depend on it",
     "table persons depends on type person_type"},
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE p4 OF pt (name WITH OPTIONS NOT NULL, name WITH "
     "OPTIONS "
     "DEFAULT '');",
     "duplicate-column", "column \"name\" specified more than once", NULL},
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE x OF pt;\nALTER TYPE pt ADD ATTRIBUTE z int;",
     "dependent-objects", "cannot alter type \"pt\" because it is the type of a typed table", NULL},
    {"CREATE TABLE inhx (xx text DEFAULT 'text');\nCREATE TABLE inhf (LIKE inhx, LIKE inhx);",
     "duplicate-column", "column \"xx\" specified more than once", NULL},
    {"CREATE TABLE p1 (t date DEFAULT now()::date + 1);\nCREATE TABLE p2 (t date DEFAULT now()::date - "
     "1);\nCREATE "
     "TABLE c () INHERITS (p1, p2);",
     "invalid-column-definition", "column \"t\" inherits conflicting default values", NULL},
    {"CREATE TABLE p1 (a int);\nCREATE TABLE p2 (a text);\nCREATE TABLE c () INHERITS (p1, p2);",
     "datatype-mismatch", "inherited column \"a\" has a type conflict", "integer versus text"},
    {"CREATE TABLE p (a float8, b numeric(10,4));\nCREATE TABLE c (b decimal(10,7)) INHERITS (p);",
     "datatype-mismatch", "column \"b\" has a type conflict", "numeric(10,4) versus numeric(10,7)"},
    {"CREATE TABLE ac (aa text);\nCREATE TABLE bc (bb text) INHERITS (ac);\nALTER TABLE ac ADD CONSTRAINT "
     "ac_check "
     "CHECK (aa IS NOT NULL);\nALTER TABLE bc NO INHERIT ac;\nALTER TABLE bc DROP CONSTRAINT "
     "ac_check;\nALTER "
     "TABLE bc INHERIT ac;",
     "datatype-mismatch", "child table is missing constraint \"ac_check\"", NULL},
    {"CREATE TABLE p (id int, ts date) PARTITION BY RANGE (ts);\nCREATE TABLE c () INHERITS (p);",
     "wrong-object-type", "cannot inherit from partitioned table \"p\"", NULL},
    {"CREATE TABLE p (a int, b char) PARTITION BY LIST (a);\nCREATE TABLE f (LIKE p, c int);\nALTER TABLE p "
     "ATTACH PARTITION f FOR VALUES IN (1);",
     "datatype-mismatch", "table \"f\" contains column \"c\" not found in parent \"p\"",
     "The new partition may contain only the columns present in parent."},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE sql AS 'select 1';\nCREATE FUNCTION f(text) RETURNS int "
     "LANGUAGE "
     "sql AS 'select 1';\nDROP FUNCTION f;",
     "ambiguous-function", "function name \"f\" is not unique", NULL},
    /* ALTER TYPE of a column others use */
    {"CREATE TABLE t (a int, b int);\nCREATE VIEW v AS SELECT a FROM t;\nALTER TABLE t ALTER COLUMN a TYPE "
     "bigint;",
     "dependent-column-type", "cannot alter type of a column used by a view or rule",
     "rule _RETURN on view v depends on column \"a\""},
    {"CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) STORED);\nALTER TABLE t ALTER COLUMN a TYPE "
     "bigint;",
     "dependent-column-type", "cannot alter type of a column used by a generated column",
     "Column \"a\" is used by generated column \"b\"."},
    /* CREATE OR REPLACE VIEW keeps the old columns; composite types in use */
    {"CREATE TABLE t (a int, b text, c int);\nCREATE VIEW v AS SELECT a, b FROM t;\nCREATE OR REPLACE VIEW v "
     "AS "
     "SELECT a FROM t;",
     "invalid-table-definition", "cannot drop columns from view", NULL},
    {"CREATE TABLE t (a int, b text, c int);\nCREATE VIEW v AS SELECT a, b FROM t;\nCREATE OR REPLACE VIEW v "
     "AS "
     "SELECT a, c FROM t;",
     "invalid-table-definition", "cannot change name of view column \"b\" to \"c\"", NULL},
    {"CREATE TABLE t (a int, b text, c int);\nCREATE VIEW v AS SELECT a, b FROM t;\nCREATE OR REPLACE VIEW v "
     "AS "
     "SELECT a, b::varchar AS b FROM t;",
     "invalid-table-definition",
     "cannot change data type of view column \"b\" from text to character varying", NULL},
    {"CREATE TYPE comp AS (x int, y text);\nCREATE TABLE u (k comp);\nALTER TYPE comp ALTER ATTRIBUTE x TYPE "
     "bigint;",
     "feature-not-supported", "cannot alter type \"comp\" because column \"u.k\" uses it", NULL},
    {"CREATE TYPE comp AS (x int, y text);\nCREATE TYPE mood AS ENUM ('a');\nALTER TYPE comp ADD ATTRIBUTE m "
     "mood;\nDROP TYPE mood;",
     "dependent-objects", "cannot drop type mood because other objects depend on it",
     "column m of composite type comp depends on type mood"},
    {"CREATE TEMP TABLE tt (a int);\nDISCARD TEMP;\nCREATE INDEX ON tt (a);", "undefined-relation",
     "relation \"tt\" does not exist", NULL},
    /* temporary objects, implicit types */
    {"CREATE TABLE y (a int) ON COMMIT DROP;", "invalid-table-definition",
     "ON COMMIT can only be used on temporary tables", NULL},
    {"CREATE TEMP TABLE public.y (a int);", "invalid-table-definition",
     "cannot create temporary relation in non-temporary schema", NULL},
    {"CREATE TABLE t (a _int4[]);", "undefined-type", "type \"_int4[]\" does not exist", NULL},
    {"CREATE TEMP TABLE x (a int);\nCREATE TEMP TABLE x (b int);", "duplicate-object",
     "relation \"x\" already exists", NULL},
    /* temporary objects and transactions: ON COMMIT DROP at COMMIT, ROLLBACK takes a temporary table back,
     * a failed statement after the commit does not bring it back */
    {"BEGIN;\nCREATE TEMP TABLE x (a int) ON COMMIT DROP;\nCOMMIT;\nCREATE VIEW v AS SELECT a FROM x;",
     "undefined-relation", "relation \"x\" does not exist", NULL},
    {"BEGIN;\nCREATE TEMP TABLE x (a int);\nROLLBACK;\nCREATE INDEX ON x (a);", "undefined-relation",
     "relation \"x\" does not exist", NULL},
    {"BEGIN;\nCREATE TEMP TABLE x (a int) ON COMMIT DROP;\nCOMMIT;\nCREATE TABLE bad (a "
     "nosuchtype);\nCREATE TEMP TABLE x (c int);",
     "undefined-type", "type \"nosuchtype\" does not exist", NULL},
    {"BEGIN;\nDISCARD ALL;", "active-sql-transaction", "DISCARD ALL cannot run inside a transaction block",
     NULL},
    /* a foreign key to a partitioned table depends on each partition (addFkRecurseReferenced) */
    {"CREATE TABLE pk (a int PRIMARY KEY) PARTITION BY RANGE (a);\nCREATE TABLE pk1 PARTITION OF pk FOR "
     "VALUES "
     "FROM (0) TO (9) PARTITION BY RANGE (a);\nCREATE TABLE pk11 PARTITION OF pk1 FOR VALUES FROM (0) TO "
     "(5);\nCREATE TABLE fk (a int REFERENCES pk);\nDROP TABLE pk11;",
     "dependent-objects", "cannot drop table pk11 because other objects depend on it",
     "constraint fk_a_fkey on table fk depends on table pk11"},
    {"CREATE TABLE pk (a int PRIMARY KEY) PARTITION BY RANGE (a);\nCREATE TABLE fk (a int REFERENCES "
     "pk);\nCREATE TABLE pk2 (a int NOT NULL);\nALTER TABLE pk ATTACH PARTITION pk2 FOR VALUES FROM (0) TO "
     "(9);\nDROP TABLE pk2;",
     "dependent-objects", "cannot drop table pk2 because other objects depend on it",
     "constraint fk_a_fkey on table fk depends on table pk2"},
    /* ATExecAttachPartition: circularity, persistence */
    {"CREATE TABLE lp (a int) PARTITION BY LIST (a);\nCREATE TABLE lp1 PARTITION OF lp FOR VALUES IN (2) "
     "PARTITION BY LIST (a);\nALTER TABLE lp1 ATTACH PARTITION lp FOR VALUES IN (1);",
     "duplicate-table", "circular inheritance not allowed", "\"lp1\" is already a child of \"lp\"."},
    {"CREATE TABLE lp (a int) PARTITION BY LIST (a);\nALTER TABLE lp ATTACH PARTITION lp FOR VALUES IN (1);",
     "duplicate-table", "circular inheritance not allowed", "\"lp\" is already a child of \"lp\"."},
    {"CREATE TABLE lp (a int) PARTITION BY LIST (a);\nCREATE TEMP TABLE tt (a int);\nALTER TABLE lp ATTACH "
     "PARTITION tt FOR VALUES IN (5);",
     "wrong-object-type", "cannot attach a temporary relation as partition of permanent relation \"lp\"",
     NULL},
    /* typed tables refuse changes to their columns and inheritance (ATPrepCmd, renameatt_check); a missing
     * column of ALTER TYPE is found first (transformAlterTableStmt) */
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE persons OF pt;\nALTER TABLE persons ADD COLUMN c "
     "text;",
     "wrong-object-type", "cannot add column to typed table", NULL},
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE persons OF pt;\nALTER TABLE persons DROP COLUMN "
     "name;",
     "wrong-object-type", "cannot drop column from typed table", NULL},
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE persons OF pt;\nALTER TABLE persons RENAME COLUMN "
     "nosuch TO num;",
     "wrong-object-type", "cannot rename column of typed table", NULL},
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE persons OF pt;\nALTER TABLE persons ALTER COLUMN "
     "name TYPE varchar;",
     "wrong-object-type", "cannot alter column type of typed table", NULL},
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE persons OF pt;\nCREATE TABLE s (id int);\nALTER "
     "TABLE persons INHERIT s;",
     "wrong-object-type", "cannot change inheritance of typed table", NULL},
    {"CREATE TYPE pt AS (id int, name text);\nCREATE TABLE persons OF pt;\nALTER TABLE persons ALTER COLUMN "
     "nosuch TYPE varchar, ADD COLUMN z int;",
     "undefined-column", "column \"nosuch\" of relation \"persons\" does not exist", NULL},
    /* base and shell types: a type depends on its I/O functions, the functions on the type */
    {"CREATE FUNCTION i42in(cstring) RETURNS i42 AS 'int4in' LANGUAGE internal STRICT IMMUTABLE;\nCREATE "
     "FUNCTION i42out(i42) RETURNS cstring AS 'int4out' LANGUAGE internal STRICT IMMUTABLE;\nCREATE TYPE i42 "
     "(internallength = 4, input = i42in, output = i42out);\nDROP FUNCTION i42in(cstring);",
     "dependent-objects", "cannot drop function i42in(cstring) because other objects depend on it",
     "type i42 depends on function i42in(cstring)\nfunction i42out(i42) depends on type i42"},
    {"CREATE FUNCTION i42in(cstring) RETURNS i42 AS 'int4in' LANGUAGE internal STRICT IMMUTABLE;\nCREATE "
     "FUNCTION i42out(i42) RETURNS cstring AS 'int4out' LANGUAGE internal STRICT IMMUTABLE;\nCREATE TYPE i42 "
     "(internallength = 4, input = i42in, output = i42out);\nDROP TYPE i42;",
     "dependent-objects", "cannot drop type i42 because other objects depend on it",
     "function i42in(cstring) depends on type i42\nfunction i42out(i42) depends on type i42"},
    /* a partition key column is internal to its table (StorePartitionKey) */
    {"CREATE DOMAIN intdom1 AS int;\nCREATE TABLE partitioned (a intdom1, b text) PARTITION BY RANGE "
     "(a);\nDROP DOMAIN intdom1;",
     "dependent-objects", "cannot drop type intdom1 because other objects depend on it",
     "table partitioned depends on type intdom1"},
    {"CREATE DOMAIN intdom1 AS int;\nCREATE TABLE partitioned (a intdom1, b text) PARTITION BY RANGE "
     "((a + 1));\nDROP DOMAIN intdom1;",
     "dependent-objects", "cannot drop type intdom1 because other objects depend on it",
     "table partitioned depends on type intdom1"},
    {"CREATE FUNCTION plusone(a int) RETURNS int AS 'select a + 1' LANGUAGE sql IMMUTABLE;\nCREATE TABLE "
     "partitioned (a int, b text) PARTITION BY RANGE (plusone(a));\nDROP FUNCTION plusone(int);",
     "dependent-objects", "cannot drop function plusone(integer) because other objects depend on it",
     "table partitioned depends on function plusone(integer)"},
    {"CREATE TABLE partitioned (a int) PARTITION BY RANGE (b);", "undefined-column",
     "column \"b\" named in partition key does not exist", NULL},
    {"CREATE TEMP TABLE tp (a int) PARTITION BY LIST (a);\nCREATE TABLE pp PARTITION OF tp DEFAULT;",
     "wrong-object-type", "cannot create a permanent relation as partition of temporary relation \"tp\"",
     NULL},
    {"CREATE TABLE pp (a int) PARTITION BY LIST (a);\nCREATE TEMP TABLE tp PARTITION OF pp DEFAULT;",
     "wrong-object-type", "cannot create a temporary relation as partition of permanent relation \"pp\"",
     NULL},
    {"CREATE TEMP TABLE tp (a int);\nCREATE TABLE c () INHERITS (tp);", "wrong-object-type",
     "cannot inherit from temporary relation \"tp\"", NULL},
    {"CREATE TABLE parted (a text, CONSTRAINT check_a CHECK (length(a) > 0)) PARTITION BY LIST (a);\nCREATE "
     "TABLE part_b PARTITION OF parted (CONSTRAINT check_a CHECK (length(a) > 1)) FOR VALUES IN ('b');",
     "duplicate-object", "constraint \"check_a\" for relation \"part_b\" already exists", NULL},
    {"CREATE DOMAIN d AS int CONSTRAINT c1 CHECK (VALUE > 0);\nALTER DOMAIN d RENAME CONSTRAINT c1 TO "
     "c2;\nALTER DOMAIN d DROP CONSTRAINT c1;",
     "undefined-object", "constraint \"c1\" of domain \"d\" does not exist", NULL},
    {"CREATE DOMAIN d AS int CONSTRAINT c1 CHECK (VALUE > 0) CONSTRAINT c2 CHECK (VALUE < 9);\nALTER DOMAIN "
     "d RENAME CONSTRAINT c1 TO c2;",
     "duplicate-object", "constraint \"c2\" for domain d already exists", NULL},
    {"CREATE TABLE lp (a int) PARTITION BY LIST (a);\nCREATE TABLE lp1 PARTITION OF lp FOR VALUES IN "
     "(1);\nALTER TABLE lp1 ADD COLUMN c text;",
     "wrong-object-type", "cannot add column to a partition", NULL},
    {"CREATE TABLE lp (a int) PARTITION BY LIST (a);\nCREATE TABLE other (a int);\nALTER TABLE lp DETACH "
     "PARTITION other;",
     "undefined-table", "relation \"other\" is not a partition of relation \"lp\"", NULL},
    {"CREATE TABLE plain (a int);\nCREATE TABLE other (a int);\nALTER TABLE plain ATTACH PARTITION other "
     "DEFAULT;",
     "wrong-object-type", "table \"plain\" is not partitioned", NULL},
    {"CREATE TABLE itest3 (a smallint GENERATED BY DEFAULT AS IDENTITY);\nALTER TABLE itest3 ALTER COLUMN a "
     "TYPE text;",
     "invalid-parameter-value", "identity column type must be smallint, integer, or bigint", NULL},
    {"CREATE TABLE t (a int, d int);\nCREATE VIEW myview AS SELECT * FROM t;\nALTER TABLE myview DROP d;",
     "wrong-object-type", "ALTER action DROP COLUMN cannot be performed on relation \"myview\"",
     "This operation is not supported for views."},
    {"CREATE TABLE t (a int);\nCREATE VIEW myview AS SELECT * FROM t;\nALTER TABLE myview ALTER COLUMN a "
     "SET NOT NULL;",
     "wrong-object-type",
     "ALTER action ALTER COLUMN ... SET NOT NULL cannot be performed on relation \"myview\"",
     "This operation is not supported for views."},
    {"CREATE SEQUENCE ctlseq1;\nCREATE TABLE ctlt10 (LIKE ctlseq1);", "wrong-object-type",
     "relation \"ctlseq1\" is invalid in LIKE clause", "This operation is not supported for sequences."},
    {"CREATE TYPE test_typex AS (a int, b text);\nCREATE TABLE test_tblx (x int, y test_typex CHECK ((y).a > "
     "0));\nALTER TYPE test_typex DROP ATTRIBUTE a;",
     "dependent-objects",
     "cannot drop column a of composite type test_typex because other objects depend on it",
     "constraint test_tblx_y_check on table test_tblx depends on column a of composite type test_typex"},
    {"CREATE TABLE r (a int, b int);\nCREATE TABLE u (x r CHECK ((x).b > 0));\nALTER TABLE r DROP COLUMN b;",
     "dependent-objects", "cannot drop column b of table r because other objects depend on it",
     "constraint u_x_check on table u depends on column b of table r"},
    {"CREATE TYPE sh;\nCREATE TYPE sh;", "duplicate-object", "type \"sh\" already exists", NULL},
    {"CREATE TYPE sh;\nALTER TYPE sh SET (storage = extended);", "undefined-object",
     "type \"sh\" is only a shell", NULL},
    {"CREATE TYPE ct AS (f1 int);\nCOMMENT ON COLUMN ct.f1 IS 'x';\nCOMMENT ON COLUMN ct.nope IS 'x';",
     "undefined-column", "column \"nope\" of relation \"ct\" does not exist", NULL},
    {"CREATE TYPE nosh (input = f, output = g);", "undefined-object", "type \"nosh\" does not exist", NULL},
    {"CREATE FUNCTION sq() RETURNS nosuch LANGUAGE sql AS 'select 1';", "undefined-type",
     "type \"nosuch\" does not exist", NULL},
};

static void test_errors(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(err_cases); i++)
		failed += !replayed_err_case_ok(i, &err_cases[i]);
	assert_int_equal(failed, 0);
}

/* ---- the model after statements PostgreSQL accepts: lines of the canonical text present / absent ---- */

typedef ReplayedModelCase ModelCase;

static const ModelCase model_cases[] = {
    /* CASCADE: columns of a dropped type, defaults that use it, generated columns, views on a column */
    {"CREATE TYPE mood AS ENUM ('a');\nCREATE DOMAIN pint AS int CHECK (VALUE > 0);\nCREATE TABLE t (id int, "
     "m mood, "
     "n pint);\nDROP TYPE mood CASCADE;\nDROP DOMAIN pint CASCADE;\nALTER TABLE t ADD COLUMN m text, ADD "
     "COLUMN n "
     "text;",
     {"  column m text\n", "  column n text\n"},
     {"mood", "pint"}},
    {"CREATE TYPE c AS ENUM ('USD');\nCREATE TABLE a (id int, cur c NOT NULL DEFAULT 'USD');\nALTER TABLE a "
     "ALTER "
     "COLUMN cur TYPE text;\nDROP TYPE c CASCADE;",
     {"  column cur text NOT NULL\n"},
     {"DEFAULT", "type public.c"}},
    {"CREATE TABLE t (id int, a int, b int GENERATED ALWAYS AS (a * 2) STORED);\nALTER TABLE t DROP COLUMN a "
     "CASCADE;\nALTER TABLE t ADD COLUMN b text;",
     {"  column b text\n"},
     {"GENERATED", "column a "}},
    {"CREATE TABLE t (a int, b int, c int);\nCREATE VIEW v AS SELECT a FROM t;\nALTER TABLE t DROP COLUMN b;",
     {"view public.v", "  column a integer\n  column c integer\n"},
     {"column b "}},
    {"CREATE TABLE t (a int, b int, CHECK (a > b));\nCREATE INDEX ON t ((a + b));\nCREATE INDEX t_b ON t "
     "(b);\nALTER "
     "TABLE t DROP COLUMN a;",
     {"index public.t_b"},
     {"CHECK", "t_expr_idx"}},
    {"CREATE TYPE r AS ENUM ('x');\nCREATE TABLE mi (id int, role text);\nALTER TABLE mi ALTER COLUMN role "
     "TYPE r "
     "USING role::r;\nALTER TABLE mi RENAME COLUMN role TO pr;\nALTER TABLE mi DROP COLUMN pr, ADD COLUMN pr "
     "text;\nDROP TYPE r;",
     {"  column pr text\n"},
     {"type public.r"}},
    /* partitions go with their parent; children get what their parent is given */
    {"CREATE TABLE m (id int, ts date NOT NULL) PARTITION BY RANGE (ts);\nCREATE TABLE m1 PARTITION OF m FOR "
     "VALUES "
     "FROM ('2024-01-01') TO ('2025-01-01');\nDROP TABLE m;\nCREATE TABLE m (id bigint PRIMARY KEY);",
     {"  column id bigint NOT NULL\n"},
     {"m1", "RANGE"}},
    {"CREATE TABLE m (id int, ts date NOT NULL) PARTITION BY RANGE (ts);\nCREATE TABLE m1 PARTITION OF m FOR "
     "VALUES "
     "FROM ('2024-01-01') TO ('2025-01-01');\nCREATE TABLE p (id int);\nCREATE TABLE c () INHERITS "
     "(p);\nALTER "
     "TABLE m ADD COLUMN w int, ALTER COLUMN id SET NOT NULL;\nALTER TABLE p ADD COLUMN w int;\nCREATE INDEX "
     "m_w ON m "
     "(w);\nALTER TABLE p RENAME COLUMN id TO ident;",
     {"table public.c inherits (public.p)\n  column ident integer\n  column w integer\n",
      "('2024-01-01') TO ('2025-01-01')\n  column id integer NOT NULL\n  column ts date NOT NULL\n  column w "
      "integer\n",
      "index public.m1_w_idx"},
     {NULL}},
    /* ONLY: the children's inherited CHECK becomes their own */
    {"CREATE TABLE p (a int, CONSTRAINT k CHECK (a > 0));\nCREATE TABLE c () INHERITS (p);\nALTER TABLE ONLY "
     "p DROP "
     "CONSTRAINT k;\nALTER TABLE c DROP CONSTRAINT k;\nALTER TABLE c ADD CONSTRAINT k CHECK (a < 9);",
     {"constraint k CHECK"},
     {NULL}},
    /* CREATE TABLE AS / SELECT INTO: names from the INTO list, types as the query gives them */
    {"CREATE TABLE a (id int PRIMARY KEY, name text);\nCREATE TABLE h (p, q) AS SELECT id, name FROM "
     "a;\nSELECT "
     "id, name INTO c FROM a;\nCREATE TABLE e (x, y) AS VALUES (1, 'a');\nCREATE TABLE i AS SELECT * FROM "
     "(SELECT id "
     "AS z FROM a) s;\nCREATE UNLOGGED TABLE u AS SELECT id::bigint, name::varchar(5) FROM a;",
     {"table public.h\n  column p integer\n  column q text\n",
      "table public.c\n  column id integer\n  column name "
      "text\n",
      "table public.e\n  column x integer\n  column y text\n", "table public.i\n  column z integer\n",
      "  column id bigint\n  column name character varying(5)\n"},
     {"unknown"}},
    /* temporary objects never reach the schema */
    {"CREATE TABLE t (id int);\nCREATE TEMP TABLE backfill ON COMMIT DROP AS SELECT id FROM t;\nCREATE TABLE "
     "k AS "
     "SELECT id FROM backfill;\nCREATE FUNCTION pg_temp.helper() RETURNS int LANGUAGE sql AS 'SELECT "
     "1';\nCREATE "
     "TEMP TABLE scratch (a int);\nCREATE TABLE scratch (y int);\nCREATE VIEW sv AS SELECT a FROM scratch;",
     {"table public.k\n  column id integer\n", "table public.scratch\n  column y integer\n"},
     {"pg_temp", "backfill", "helper", "view"}},
    /* ROLLBACK TO SAVEPOINT brings back a temporary table dropped after it; it goes at COMMIT */
    {"BEGIN;\nCREATE TEMP TABLE x (a int) ON COMMIT DROP;\nSAVEPOINT s;\nDROP TABLE x;\nROLLBACK TO "
     "s;\nCREATE TABLE k AS SELECT a FROM x;\nCOMMIT;\nCREATE TEMP TABLE x (b int);",
     {"table public.k\n  column a integer\n"},
     {"pg_temp"}},
    /* DROP EXPRESSION takes the generation expression's dependencies with it; DROP IDENTITY drops the
     * sequence, which is part of the column */
    {"CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\nALTER TABLE g ALTER COLUMN b DROP "
     "EXPRESSION;\nALTER TABLE g DROP COLUMN a;\nCREATE TABLE i (a int GENERATED ALWAYS AS IDENTITY);\nALTER "
     "TABLE i ALTER COLUMN a DROP IDENTITY;\nCREATE SEQUENCE i_a_seq;",
     {"table public.g\n  column b integer\n", "sequence public.i_a_seq"},
     {"column a integer\n  column b"}},
    /* attach and CREATE INDEX adopt the partition's equivalent index / key / foreign key */
    {"CREATE TABLE rp (a int) PARTITION BY LIST (a);\nCREATE TABLE rp1 PARTITION OF rp FOR VALUES IN "
     "(1);\nALTER TABLE rp1 ADD PRIMARY KEY (a);\nCREATE UNIQUE INDEX ON rp (a);\nCREATE TABLE r (a int "
     "PRIMARY "
     "KEY);\nCREATE TABLE f (a int, b int, FOREIGN KEY (a) REFERENCES r) PARTITION BY LIST (b);\nCREATE "
     "TABLE "
     "f1 (a int, b int, FOREIGN KEY (a) REFERENCES r);\nALTER TABLE f ATTACH PARTITION f1 FOR VALUES IN "
     "(1);\nCREATE TABLE q (a int, b int) PARTITION BY LIST (a);\nCREATE INDEX ON q (lower(a::text), "
     "lower(b::text));\nCREATE TABLE q1 PARTITION OF q FOR VALUES IN (1);",
     {"index public.rp_a_idx", "constraint f1_a_fkey FOREIGN KEY", "index public.q1_lower_lower1_idx"},
     {"rp1_a_idx", "REFERENCES public.r (a)\n  constraint f_a_fkey"}},
    /* the types PostgreSQL makes implicitly */
    {"CREATE TABLE a (x int);\nCREATE TYPE fr AS RANGE (subtype = float8);\nCREATE TYPE floatrange AS RANGE "
     "(subtype "
     "= float8);\nCREATE TYPE comp AS (a int);\nCREATE DOMAIN d1 AS int;\nCREATE TABLE t (i _int4, r "
     "nummultirange, "
     "x xid8, m fr_multirange, f floatmultirange, c _comp, d _d1, ra _a);",
     {"  column i integer[]\n  column r nummultirange\n  column x xid8\n  column m public.fr_multirange\n  "
      "column f "
      "public.floatmultirange\n  column c public.comp[]\n  column d public.d1[]\n  column ra public.a[]\n"},
     {NULL}},
};

static void test_model(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(model_cases); i++)
		failed += !replayed_model_case_ok(i, &model_cases[i]);
	assert_int_equal(failed, 0);
}

/* ---- CREATE TABLE AS column types: the expression's type as PostgreSQL 15 stores it (format_type of the
 * column of `CREATE TABLE c AS SELECT <expr> AS c0 FROM a`) ---- */

static const struct {
	const char *expr, *type;
} ctas_types[] = {
    {"1", "integer"},
    {"'x'", "text"},
    {"1.5", "numeric"},
    {"NULL", "text"},
    {"true", "boolean"},
    {"3000000000", "bigint"},
    {"id+1", "integer"},
    {"id::bigint+1", "bigint"},
    {"n*2", "numeric"},
    {"name||'x'", "text"},
    {"max(name) over ()", "text"},
    {"coalesce(name, 'zz')", "character varying"},
    {"now()", "timestamp with time zone"},
    {"current_date", "date"},
    {"array[1,2]", "integer[]"},
    {"(select 1)", "integer"},
    {"exists(select 1)", "boolean"},
    {"id::text", "text"},
    {"name::varchar(3)", "character varying(3)"},
    {"a", "public.a"},
    {"s+s", "smallint"},
    {"s*b", "bigint"},
    {"r*2", "double precision"},
    {"r*2.0", "double precision"},
    {"n+1", "numeric"},
    {"d+1", "date"},
    {"d-d", "integer"},
    {"ts-ts", "interval"},
    {"tz - interval '1 day'", "timestamp with time zone"},
    {"j->'x'", "jsonb"},
    {"j->>'x'", "text"},
    {"-id", "integer"},
    {"count(*) over ()", "bigint"},
    {"sum(id) over ()", "bigint"},
    {"sum(b) over ()", "numeric"},
    {"avg(id) over ()", "numeric"},
    {"upper(name)", "text"},
    {"length(name)", "integer"},
    {"1/2", "integer"},
    {"2^3", "double precision"},
    {"id % 2", "integer"},
    {"greatest(id, b)", "bigint"},
    {"nullif(id, 0)", "integer"},
    {"id = 1", "boolean"},
    {"id in (1,2)", "boolean"},
    {"name like 'a%'", "boolean"},
    {"not true", "boolean"},
    {"id is null", "boolean"},
    {"coalesce(n, 1)", "numeric"},
    {"coalesce(name, name)", "character varying(5)"},
    {"case when true then 1 else 2.5 end", "numeric"},
    {"n::numeric(5,1)", "numeric(5,1)"},
    {"'1'::int", "integer"},
    {"ARRAY[name]", "character varying(5)[]"},
    {"current_timestamp", "timestamp with time zone"},
    {"localtimestamp", "timestamp without time zone"},
    {"current_user", "name"},
    {"date_trunc('day', tz)", "timestamp with time zone"},
    {"date_trunc('day', ts)", "timestamp without time zone"},
    {"extract(year from d)", "numeric"},
    {"date_part('year', d)", "double precision"},
    {"to_char(d, 'YYYY')", "text"},
    {"gen_random_uuid()", "uuid"},
    {"md5(name)", "text"},
    {"random()", "double precision"},
    {"string_agg(name, ',') over ()", "text"},
    {"array_agg(id) over ()", "integer[]"},
    {"jsonb_build_object('a', 1)", "jsonb"},
    {"json_agg(id) over ()", "json"},
    {"row_number() over ()", "bigint"},
    {"lower(name)", "text"},
    {"trim(name)", "text"},
    {"substring(name from 1 for 2)", "text"},
    {"position('a' in name)", "integer"},
    {"id::numeric", "numeric"},
    {"b + 1", "bigint"},
    {"s + 1", "integer"},
    {"1 + 1.5", "numeric"},
    {"'a' || 'b'", "text"},
    {"d + interval '1 day'", "timestamp without time zone"},
    {"ts::date", "date"},
    {"tz::date", "date"},
    {"abs(id)", "integer"},
    {"round(n, 1)", "numeric"},
    {"round(r)", "double precision"},
    {"floor(n)", "numeric"},
    {"concat(name, 1)", "text"},
    {"format('%s', name)", "text"},
    {"left(name, 2)", "text"},
    {"replace(name, 'a', 'b')", "text"},
    {"split_part(name, ',', 1)", "text"},
    {"regexp_replace(name, 'a', 'b')", "text"},
    {"now()::date", "date"},
};

static void test_ctas_types(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(ctas_types); i++) {
		char *sql = xasprintf(
		    "CREATE TABLE a (id int, name varchar(5), n numeric(10,2), r real, s smallint, b "
		    "bigint, d date, ts timestamp, tz timestamptz, j jsonb);\n"
		    "CREATE TABLE c AS SELECT %s AS c0 FROM a;",
		    ctas_types[i].expr);
		char *want = xasprintf("table public.c\n  column c0 %s\n", ctas_types[i].type);
		Replayed r;
		replayed_run(&r, sql, NULL, NULL);
		if (replayed_errors(&r) || !strstr(r.text, want)) {
			const char *got = strstr(r.text, "table public.c\n");
			fprintf(stderr, "%s: want %s, got %s\n", ctas_types[i].expr, ctas_types[i].type,
			        got ? got : r.text);
			failed++;
		}
		replayed_free(&r);
		free(sql);
		free(want);
	}
	assert_int_equal(failed, 0);
}

/* ---- the DROP planner on its own: flags and order of what one drop removes ---- */

static void test_drop_plan(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r,
	             "CREATE TABLE t (id int PRIMARY KEY, a int, g int GENERATED ALWAYS AS (a + 1) STORED);\n"
	             "CREATE INDEX t_a ON t (a);\nCREATE VIEW v AS SELECT a FROM t;\nCREATE VIEW w AS SELECT "
	             "a FROM v;",
	             NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	CatTable *t = catalog_find_table(r.cat, "public", "t");
	assert_non_null(t);
	CatAddr a = {&t->h, "a", false};
	CatDropPlan plan;
	assert_int_equal(catalog_drop_plan(r.cat, &a, 1, &plan), 0);
	assert_true(catalog_drop_plan_needs_cascade(&plan));
	/* the column itself, then (in PostgreSQL's order) column g (normal: its generation expression uses a,
	 * so the whole column goes), the index on a (auto), view v and view w on it */
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < plan.n; i++) {
		if (plan.items[i].flags & DROPF_SUBOBJECT)
			continue;
		catalog_describe(&sb, &plan.items[i].addr, false, false, NULL, 0);
		sb_append(&sb, (plan.items[i].flags & (DROPF_AUTO | DROPF_INTERNAL)) ? " (auto)\n" : "\n");
	}
	assert_string_equal(sb_str(&sb), "column a of table public.t\n"
	                                 "column g of table public.t\n"
	                                 "index public.t_a (auto)\n"
	                                 "view public.v\n"
	                                 "view public.w\n");
	sb_release(&sb);
	PtrList dropped = {0};
	catalog_drop_execute(r.cat, &plan, &dropped);
	assert_null(table_find_column(t, "a"));
	assert_null(table_find_column(t, "g"));
	assert_non_null(table_find_column(t, "id"));
	assert_null(catalog_find_relation(r.cat, "public", "v"));
	assert_null(catalog_find_relation(r.cat, "public", "t_a"));
	assert_int_equal(dropped.n, 3); /* t_a, v, w */
	replayed_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_model),
	    cmocka_unit_test(test_ctas_types),
	    cmocka_unit_test(test_drop_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
