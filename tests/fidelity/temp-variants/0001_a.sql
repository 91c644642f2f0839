-- temporary objects: searched first, gone at commit (ON COMMIT DROP) or at the end of the session
CREATE TABLE t (id int PRIMARY KEY, v text);
CREATE TEMP TABLE t (x int);
CREATE INDEX ON t (x);
CREATE INDEX ON public.t (v);
CREATE TEMP VIEW tv AS SELECT x FROM t;
CREATE VIEW auto_temp AS SELECT x FROM t;
CREATE TEMP TABLE staging ON COMMIT DROP AS SELECT id, v FROM public.t;
CREATE TABLE kept AS SELECT id FROM staging;
CREATE TEMPORARY SEQUENCE tmp_seq;
CREATE FUNCTION pg_temp.helper(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 1';
CREATE FUNCTION helper(i int) RETURNS int LANGUAGE sql AS 'SELECT i';
SELECT id INTO TEMP ids FROM public.t;
CREATE TABLE pg_temp.z (q int);
