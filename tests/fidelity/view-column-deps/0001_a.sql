-- a view depends on the columns it reads: others drop without CASCADE, those need it (with what reads them)
CREATE TABLE t (a int, b int, c int, d int);
CREATE VIEW v1 AS SELECT a, b + 1 AS b1 FROM t WHERE c > 0;
CREATE VIEW v2 AS SELECT a FROM v1;
CREATE VIEW v3 AS SELECT count(*) AS n FROM t;
ALTER TABLE t DROP COLUMN d;
ALTER TABLE t DROP COLUMN c CASCADE;
ALTER TABLE t ADD COLUMN d text;
CREATE TABLE p (id int PRIMARY KEY);
CREATE TABLE r (pid int REFERENCES p, note text);
ALTER TABLE p DROP COLUMN id CASCADE;
