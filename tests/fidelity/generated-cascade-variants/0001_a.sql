-- generated columns go with the columns and functions their expressions use
CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x * 2';
CREATE TABLE t (id int, a int, b int, s int GENERATED ALWAYS AS (a + b) STORED, w int GENERATED ALWAYS AS (twice(id)) STORED);
CREATE INDEX t_s ON t (s);
ALTER TABLE t DROP COLUMN b CASCADE;
DROP FUNCTION twice(int) CASCADE;
ALTER TABLE t ADD COLUMN s text, ADD COLUMN w text, ADD COLUMN b int;
CREATE INDEX t_s2 ON t (s);
