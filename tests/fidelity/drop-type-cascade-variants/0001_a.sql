-- DROP TYPE/DOMAIN ... CASCADE removes the columns, attributes, defaults and functions that use it
CREATE TYPE mood AS ENUM ('happy', 'sad');
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE TYPE pair AS (m mood, n int);
CREATE TABLE t (id int, m mood DEFAULT 'happy', ms mood[], p pair, d posint, e text DEFAULT 'sad'::mood::text);
CREATE FUNCTION f(x mood) RETURNS int LANGUAGE sql AS 'SELECT 1';
CREATE VIEW v AS SELECT id, m FROM t;
DROP TYPE mood CASCADE;
DROP DOMAIN posint CASCADE;
ALTER TABLE t ADD COLUMN m text, ADD COLUMN ms text[], ADD COLUMN d int;
CREATE FUNCTION f(x text) RETURNS int LANGUAGE sql AS 'SELECT 2';
