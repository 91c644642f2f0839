-- Errors PostgreSQL raises in expressions and queries, and the model must raise too. Each case (from one
-- `-- case:` line to the next) runs on its own: tests/unit/test_expr.c replays it offline and wants the
-- first error to be `--! SQLSTATE LINE:COL MESSAGE` (line and column within the case, as PostgreSQL's
-- caret shows them); tests/integration/test_expr_oracle.sh runs it on a real PostgreSQL 15 and wants the
-- same SQLSTATE and message.

-- case: policy-undefined-relation
CREATE TABLE docs (id int, tenant_id uuid);
CREATE POLICY p ON docs USING (tenant_id IN (SELECT tenant_id FROM members_later));
--! 42P01 2:68 relation "members_later" does not exist

-- case: policy-undefined-column
CREATE TABLE docs (id int, tenant_id uuid);
CREATE TABLE members (tenant_id uuid);
CREATE POLICY p ON docs USING (tenant_id IN (SELECT tenant FROM members));
--! 42703 3:53 column "tenant" does not exist

-- case: policy-undefined-column-top
CREATE TABLE docs (id int, tenant_id uuid);
CREATE POLICY p ON docs USING (owner = 1);
--! 42703 2:32 column "owner" does not exist

-- case: check-undefined-column
CREATE TABLE e (a int CHECK (b > 0));
--! 42703 1:30 column "b" does not exist

-- case: check-subquery
CREATE TABLE e (a int CHECK (a IN (SELECT 1)));
--! 0A000 1:32 cannot use subquery in check constraint

-- case: check-aggregate
CREATE TABLE e (a int CHECK (max(a) > 0));
--! 42803 1:30 aggregate functions are not allowed in check constraints

-- case: check-case-types
CREATE TABLE e (a int CHECK (CASE WHEN a > 0 THEN 1 ELSE 'x'::text END IS NOT NULL));
--! 42804 1:51 CASE types text and integer cannot be matched

-- case: default-column-reference
CREATE TABLE e (a int, b int DEFAULT a + 1);
--! 0A000 1:38 cannot use column reference in DEFAULT expression

-- case: generated-undefined-column
CREATE TABLE e (a int, g int GENERATED ALWAYS AS (b + 1) STORED);
--! 42703 1:51 column "b" does not exist

-- case: generated-uses-generated
CREATE TABLE e (a int, g int GENERATED ALWAYS AS (a + 1) STORED, h int GENERATED ALWAYS AS (g * 2) STORED);
--! 42P17 1:93 cannot use generated column "g" in column generation expression

-- case: index-undefined-column
CREATE TABLE e (a int);
CREATE INDEX ei ON e (lower(b));
--! 42703 2:29 column "b" does not exist

-- case: function-not-unique
CREATE FUNCTION f(a int, b int DEFAULT 0) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a';
CREATE TABLE e (a int CHECK (f(a) > 0));
--! 42725 3:30 function f(integer) is not unique

-- case: function-not-unique-unknown
CREATE FUNCTION g(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE FUNCTION g(x bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE TABLE e (a int CHECK (g('1') > 0));
--! 42725 3:30 function g(unknown) is not unique

-- case: function-does-not-exist
CREATE TABLE e (a int CHECK (nofunc(a) > 0));
--! 42883 1:30 function nofunc(integer) does not exist

-- case: function-wrong-argument-type
CREATE FUNCTION h(x uuid) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE TABLE e (a int CHECK (h(a) > 0));
--! 42883 2:30 function h(integer) does not exist

-- case: operator-does-not-exist
CREATE TABLE e (a int, s text, CHECK (a = s));
--! 42883 1:41 operator does not exist: integer = text

-- case: view-undefined-column
CREATE TABLE t (x int);
CREATE VIEW v AS SELECT nope FROM t;
--! 42703 2:25 column "nope" does not exist

-- case: view-ambiguous-column
CREATE TABLE ja (x int);
CREATE TABLE jb (x int);
CREATE VIEW v AS SELECT x FROM ja, jb;
--! 42702 3:25 column reference "x" is ambiguous

-- case: view-missing-from
CREATE TABLE ja (x int);
CREATE VIEW v AS SELECT q.x FROM ja;
--! 42P01 2:25 missing FROM-clause entry for table "q"

-- case: view-duplicate-column
CREATE TABLE ja (x int, y text);
CREATE TABLE jb (x int, y text);
CREATE VIEW v AS SELECT * FROM ja JOIN jb USING (x);
--! 42701 3:1 column "y" specified more than once

-- case: trigger-when-undefined-column
CREATE TABLE e (a int);
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
CREATE TRIGGER t BEFORE UPDATE ON e FOR EACH ROW WHEN (NEW.b > 0) EXECUTE FUNCTION trg();
--! 42703 3:56 column new.b does not exist

-- case: do-invalid-plpgsql
DO $$
BEGIN
  IF true THEN
    PERFORM 1;
  END;
END
$$;
--! 42601 5:6 syntax error at or near ";"

-- case: sql-body-undefined-relation
CREATE FUNCTION f() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM later_table; END;
--! 42P01 1:83 relation "later_table" does not exist

-- case: sql-body-undefined-column
CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql RETURN y + 1;
--! 42703 1:58 column "y" does not exist

-- case: polymorphic-arguments-not-alike
CREATE FUNCTION same(x anyelement, y anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE AS 'SELECT x';
CREATE TABLE e (c char(4), v varchar, CHECK (same(c, v) IS NOT NULL));
--! 42883 2:46 function same(character, character varying) does not exist

-- case: check-not-boolean
CREATE TABLE e (a int CHECK (a + 1));
--! 42804 1:30 argument of CHECK must be type boolean, not type integer

-- case: generated-not-immutable
CREATE TABLE e (tz timestamptz, g timestamptz GENERATED ALWAYS AS (tz + interval '1 day') STORED);
--! 42P17 1:68 generation expression is not immutable

-- case: index-expression-not-immutable
CREATE TABLE e (a int, tz timestamptz);
CREATE INDEX e1 ON e (date(tz));
--! 42P17 2:23 functions in index expression must be marked IMMUTABLE

-- case: index-predicate-not-immutable
CREATE TABLE e (a int, tz timestamptz);
CREATE INDEX e1 ON e (a) WHERE tz > now();
--! 42P17 2:32 functions in index predicate must be marked IMMUTABLE

-- case: index-expression-cast-not-immutable
CREATE TABLE e (d date, tz timestamptz);
CREATE INDEX e1 ON e ((d::text));
--! 42P17 2:24 functions in index expression must be marked IMMUTABLE

-- case: index-expression-cast-function-not-immutable
CREATE TABLE e (d date, tz timestamptz);
CREATE INDEX e1 ON e ((tz::date));
--! 42P17 2:24 functions in index expression must be marked IMMUTABLE

-- case: generated-array-cast-not-immutable
CREATE TABLE e (a int[], t text GENERATED ALWAYS AS (a::text) STORED);
--! 42P17 1:54 generation expression is not immutable

-- case: generated-inlined-cast-not-immutable
CREATE TABLE e (tz timestamptz, t text GENERATED ALWAYS AS (tz || ' at') STORED);
--! 42P17 1:61 generation expression is not immutable

-- case: generated-current-date
CREATE TABLE e (d date, t boolean GENERATED ALWAYS AS (d < current_date) STORED);
--! 42P17 1:56 generation expression is not immutable

-- case: default-set-returning
CREATE TABLE e (a int DEFAULT generate_series(1, 2));
--! 0A000 1:31 set-returning functions are not allowed in DEFAULT expressions

-- case: multirange-function-types
CREATE TABLE e (m int4multirange, CHECK (upper(m) > 'x'::text));
--! 42883 1:51 operator does not exist: integer > text

-- case: tablesample-argument-column
CREATE TABLE e (id int);
CREATE VIEW v AS SELECT id FROM e TABLESAMPLE bernoulli (id);
--! 42703 2:58 column "id" does not exist

-- case: recursive-cte-column
CREATE VIEW v AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT m + 1 FROM r WHERE n < 5) SELECT * FROM r;
--! 42703 1:68 column "m" does not exist

-- case: regclass-undefined-relation
CREATE TABLE e (a int DEFAULT nextval('nosuch'));
--! 42P01 1:39 relation "nosuch" does not exist

-- case: index-no-default-opclass
CREATE TABLE e (p point);
CREATE INDEX e1 ON e (p);
--! 42704 2:23 data type point has no default operator class for access method "btree"

-- case: index-opclass-wrong-type
CREATE TABLE e (p int);
CREATE INDEX e1 ON e (p text_ops);
--! 42804 2:23 operator class "text_ops" does not accept data type integer

-- case: index-opclass-undefined
CREATE TABLE e (p int);
CREATE INDEX e1 ON e USING hash (p nosuch_ops);
--! 42704 2:34 operator class "nosuch_ops" does not exist for access method "hash"

-- case: alter-type-check-reparsed
CREATE TABLE e (a int CHECK (a <= 3));
ALTER TABLE e ALTER COLUMN a TYPE boolean USING a % 2 = 0;
--! 42883 2:13 operator does not exist: boolean <= integer

-- case: alter-type-no-conversion
CREATE TABLE e (a int);
ALTER TABLE e ALTER COLUMN a TYPE boolean;
--! 42804 2:13 column "a" cannot be cast automatically to type boolean

-- case: alter-type-using-result
CREATE TABLE e (a int);
ALTER TABLE e ALTER COLUMN a TYPE int USING now();
--! 42804 2:13 result of USING clause for column "a" cannot be cast automatically to type integer

-- case: alter-type-using-subquery
CREATE TABLE e (a int);
ALTER TABLE e ALTER COLUMN a TYPE int USING (SELECT 1);
--! 0A000 2:45 cannot use subquery in transform expression

-- case: alter-type-default
CREATE TABLE e (a int DEFAULT 0);
ALTER TABLE e ALTER COLUMN a TYPE boolean USING a <> 0;
--! 42804 2:13 default for column "a" cannot be cast automatically to type boolean

-- case: alter-type-index-opclass
CREATE TABLE e (p int);
CREATE INDEX e1 ON e (p);
ALTER TABLE e ALTER COLUMN p TYPE point USING point(p, p);
--! 42704 3:13 data type point has no default operator class for access method "btree"

-- case: alter-type-generated-using
CREATE TABLE e (p int, g int GENERATED ALWAYS AS (p + 1) STORED);
ALTER TABLE e ALTER COLUMN g TYPE date USING NULL;
--! 42611 2:13 cannot specify USING when altering type of generated column

-- case: drop-column-generated
CREATE TABLE e (a int, b int, c int GENERATED ALWAYS AS (b * 2) STORED);
ALTER TABLE e DROP COLUMN b;
--! 2BP01 2:13 cannot drop column b of table e because other objects depend on it

-- case: drop-column-trigger-update-of
CREATE TABLE e (a int, b int);
CREATE FUNCTION e_tf() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
CREATE TRIGGER e_t BEFORE UPDATE OF b ON e FOR EACH ROW EXECUTE FUNCTION e_tf();
ALTER TABLE e DROP COLUMN b;
--! 2BP01 4:13 cannot drop column b of table e because other objects depend on it

-- case: drop-column-trigger-when
CREATE TABLE e (a int, b int);
CREATE FUNCTION e_tf() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
CREATE TRIGGER e_t BEFORE UPDATE ON e FOR EACH ROW WHEN (OLD.b IS DISTINCT FROM NEW.b) EXECUTE FUNCTION e_tf();
ALTER TABLE e DROP COLUMN b;
--! 2BP01 4:13 cannot drop column b of table e because other objects depend on it

-- case: drop-column-policy
CREATE TABLE e (a int, b int);
CREATE TABLE o (b int, x int);
CREATE POLICY p ON e USING (EXISTS (SELECT 1 FROM o WHERE o.x = e.b));
ALTER TABLE e DROP COLUMN b;
--! 2BP01 4:13 cannot drop column b of table e because other objects depend on it

-- case: drop-column-view
CREATE TABLE e (a int, b int);
CREATE VIEW v AS SELECT a FROM e WHERE b > 0;
ALTER TABLE e DROP COLUMN b;
--! 2BP01 3:13 cannot drop column b of table e because other objects depend on it

-- case: drop-column-view-star
CREATE TABLE e (a int, b int);
CREATE VIEW v AS SELECT * FROM e;
ALTER TABLE e DROP COLUMN a;
--! 2BP01 3:13 cannot drop column a of table e because other objects depend on it

-- case: alter-type-view
CREATE TABLE e (a int, b int);
CREATE VIEW v AS SELECT a FROM e;
ALTER TABLE e ALTER COLUMN a TYPE bigint;
--! 0A000 3:13 cannot alter type of a column used by a view or rule

-- case: alter-type-trigger
CREATE TABLE e (a int, b int);
CREATE FUNCTION e_tf() RETURNS trigger LANGUAGE plpgsql AS 'begin return new; end';
CREATE TRIGGER e_t BEFORE UPDATE ON e FOR EACH ROW WHEN (OLD.b IS DISTINCT FROM NEW.b) EXECUTE FUNCTION e_tf();
ALTER TABLE e ALTER COLUMN b TYPE bigint;
--! 0A000 4:13 cannot alter type of a column used in a trigger definition

-- case: alter-type-policy
CREATE TABLE e (a int, b int);
CREATE POLICY p ON e USING (b > 0);
ALTER TABLE e ALTER COLUMN b TYPE bigint;
--! 0A000 3:13 cannot alter type of a column used in a policy definition

-- case: alter-type-generated-user
CREATE TABLE e (a int, b int GENERATED ALWAYS AS (a + 1) STORED);
ALTER TABLE e ALTER COLUMN a TYPE bigint;
--! 0A000 2:13 cannot alter type of a column used by a generated column

-- case: alter-type-partition-key
CREATE TABLE e (a int, b int) PARTITION BY RANGE (a, (b + 1));
ALTER TABLE e ALTER COLUMN b TYPE bigint;
--! 42P16 2:13 cannot alter column "b" because it is part of the partition key of relation "e"

-- case: alter-type-partition-key-child
CREATE TABLE e (a int, b text) PARTITION BY LIST (b);
CREATE TABLE e1 PARTITION OF e FOR VALUES IN ('x') PARTITION BY RANGE (a);
ALTER TABLE e ALTER COLUMN a TYPE bigint;
--! 42P16 3:13 cannot alter column "a" because it is part of the partition key of relation "e1"

-- case: drop-column-partition-key
CREATE TABLE e (a int, b int) PARTITION BY LIST (a);
ALTER TABLE e DROP COLUMN a;
--! 42P16 2:13 cannot drop column "a" because it is part of the partition key of relation "e"

-- case: partition-key-undefined-column
CREATE TABLE e (a int) PARTITION BY RANGE (b);
--! 42703 1:44 column "b" named in partition key does not exist

-- case: partition-key-no-default-opclass
CREATE TABLE e (a point) PARTITION BY LIST (a);
--! 42704 1:45 data type point has no default operator class for access method "btree"

-- case: partition-key-opclass-undefined
CREATE TABLE e (a point) PARTITION BY RANGE (a point_ops);
--! 42704 1:46 operator class "point_ops" does not exist for access method "btree"

-- case: partition-key-generated
CREATE TABLE e (a int, b int GENERATED ALWAYS AS (a) STORED) PARTITION BY RANGE (b);
--! 42P17 1:82 cannot use generated column in partition key

-- case: partition-key-not-immutable
CREATE TABLE e (a int) PARTITION BY RANGE ((a + random()::int));
--! 42P17 1:1 functions in partition key expression must be marked IMMUTABLE

-- case: partition-key-function-dependency
CREATE FUNCTION plusone(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1';
CREATE TABLE e (a int, b int) PARTITION BY RANGE (a, plusone(b));
DROP FUNCTION plusone(int);
--! 2BP01 3:1 cannot drop function plusone(integer) because other objects depend on it

-- case: row-comparison-length
CREATE TABLE e (a int, b int, CHECK ((a, b) = (1, 2, 3)));
--! 42601 1:45 unequal number of entries in row expressions
