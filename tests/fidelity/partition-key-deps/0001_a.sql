-- A partition key's columns are internal to the table and the table depends on what a key expression uses
-- (StorePartitionKey): DROP ... CASCADE of a key column's type or a key function drops the table.
CREATE DOMAIN intdom1 AS int;
CREATE TABLE partitioned (a intdom1, b text) PARTITION BY RANGE (a);
CREATE TABLE partitioned_1 PARTITION OF partitioned FOR VALUES FROM (0) TO (10);
CREATE TABLE keyexpr (a intdom1, b text) PARTITION BY RANGE ((a + 1));
CREATE TABLE keep (a intdom1, b text);
CREATE FUNCTION plusone(a int) RETURNS int AS 'select a + 1' LANGUAGE sql IMMUTABLE;
CREATE TABLE byfunc (a int, b text) PARTITION BY RANGE (plusone(a));
CREATE VIEW byfunc_v AS SELECT b FROM byfunc;
