-- renamed columns keep their dependencies under the new name (rename-then-drop-column's class)
CREATE TYPE st AS ENUM ('a', 'b');
CREATE TABLE t (id int, s st DEFAULT 'a', n int, g int GENERATED ALWAYS AS (n * 2) STORED);
CREATE INDEX t_n ON t (n);
ALTER TABLE t RENAME COLUMN s TO state;
ALTER TABLE t RENAME COLUMN n TO num;
ALTER TABLE t DROP COLUMN state;
DROP TYPE st;
ALTER TABLE t DROP COLUMN num CASCADE;
ALTER TABLE t ADD COLUMN g text, ADD COLUMN num bigint;
CREATE TYPE st2 AS ENUM ('x');
ALTER TABLE t ADD COLUMN k st2;
ALTER TABLE t RENAME COLUMN k TO kind;
ALTER TABLE t ALTER COLUMN kind TYPE text;
DROP TYPE st2;
