-- migrate:up
SET lock_timeout = '2s';
-- fails as soon as users has a row
ALTER TABLE users ADD COLUMN country text NOT NULL;
