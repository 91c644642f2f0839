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

-- case: default-set-returning
CREATE TABLE e (a int DEFAULT generate_series(1, 2));
--! 0A000 1:31 set-returning functions are not allowed in DEFAULT expressions
