-- migrate:up
SET lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN hits TYPE bigint;
