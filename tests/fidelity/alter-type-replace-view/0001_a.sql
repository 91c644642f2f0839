-- composite types change by ALTER TYPE ... ATTRIBUTE (with their type dependencies); CREATE OR REPLACE
-- VIEW may add columns at the end; DISCARD TEMP ends the session's temporary objects
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TYPE comp AS (x int, y text);
ALTER TYPE comp ADD ATTRIBUTE m mood, ADD ATTRIBUTE z int;
ALTER TYPE comp DROP ATTRIBUTE y;
ALTER TYPE comp RENAME ATTRIBUTE x TO xx;
ALTER TYPE comp ALTER ATTRIBUTE z TYPE bigint;
DROP TYPE mood CASCADE;
CREATE TABLE t (a int, b text, c int);
CREATE VIEW v AS SELECT a, b FROM t;
CREATE OR REPLACE VIEW v AS SELECT a, b, c, a + c AS s FROM t;
CREATE TEMP TABLE tt (a int);
DISCARD TEMP;
CREATE TABLE tt (z int);
