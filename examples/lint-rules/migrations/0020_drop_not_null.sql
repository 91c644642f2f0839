-- migrate:up
SET lock_timeout = '2s';
ALTER TABLE users ALTER COLUMN plan DROP NOT NULL;
