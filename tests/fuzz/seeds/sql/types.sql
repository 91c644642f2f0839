CREATE TYPE comp AS (a int, b text);
CREATE DOMAIN pos AS int CHECK (VALUE > 0);
CREATE TABLE t (c comp, p pos, r int4multirange, x xid8, arr comp[]);
DROP TYPE comp CASCADE;
DROP DOMAIN pos CASCADE;
