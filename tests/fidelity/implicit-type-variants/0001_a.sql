-- the array and multirange types PostgreSQL makes implicitly, and the rest of its built-in types
CREATE TYPE mood AS ENUM ('a', 'b');
CREATE TABLE a (x int);
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE TYPE fr AS RANGE (subtype = float8);
CREATE TABLE t1 (m _mood, r _a, f floatmultirange, g _fr_multirange, h pg_catalog._int4, z pg_catalog.xid8, q _text, tm tsmultirange, i8 int8multirange);
CREATE DOMAIN dd AS _int4;
CREATE FUNCTION f3(x anycompatiblerange) RETURNS anycompatible LANGUAGE sql AS 'SELECT lower(x)';
CREATE FUNCTION f4(x anycompatiblemultirange) RETURNS anycompatiblerange LANGUAGE sql AS 'SELECT range_merge(x)';
CREATE TABLE t2 (m public.floatmultirange, d dd, arr _dd);
DROP TYPE fr CASCADE;
