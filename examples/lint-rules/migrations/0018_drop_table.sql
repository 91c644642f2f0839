-- migrate:up
SET lock_timeout = '2s';
DROP TABLE old_imports;
