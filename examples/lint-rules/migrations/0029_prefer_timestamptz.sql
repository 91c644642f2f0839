-- migrate:up
SET lock_timeout = '2s';
ALTER TABLE stats ADD COLUMN taken_at timestamp;
