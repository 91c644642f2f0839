-- the casts kept name the objects as they are now: the server keeps OIDs (types, sequences, functions)
CREATE TYPE st AS ENUM ('Active', 'Hot');
CREATE TABLE ls (id serial PRIMARY KEY, s st DEFAULT 'Active', c text DEFAULT 'x'::text,
    CHECK (s <> 'Hot'::st), CHECK (c <> ('Hot'::st)::text));
ALTER TYPE st RENAME TO pst;
CREATE SCHEMA other;
ALTER TYPE pst SET SCHEMA other;
CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
ALTER TABLE ls ADD COLUMN g int GENERATED ALWAYS AS (f(id)) STORED;
ALTER FUNCTION f(int) RENAME TO g;
ALTER TABLE ls RENAME COLUMN id TO ident;
ALTER TABLE ls RENAME TO ls2;
ALTER SEQUENCE ls_id_seq RENAME TO ls2_seq;
CREATE INDEX ON ls2 ((c || 'x'), (ident + 1)) WHERE s <> 'Hot';
ALTER TYPE other.pst RENAME TO qst;
