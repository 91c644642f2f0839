-- The elements of CREATE SCHEMA run in PostgreSQL's order (transformCreateSchemaStmt: sequences, tables,
-- views, indexes, triggers, grants), with the new schema put before the search path (CreateSchemaCommand).
CREATE SCHEMA test_ns_schema_1
       CREATE UNIQUE INDEX abc_a_idx ON abc (a)
       CREATE VIEW abc_view AS
              SELECT a+1 AS a, b+1 AS b FROM abc
       CREATE TABLE abc (
              a serial,
              b int UNIQUE
       );
SET search_path TO public, test_ns_schema_1;
CREATE SCHEMA test_ns_schema_2
       CREATE VIEW abc_view AS SELECT a FROM abc;
