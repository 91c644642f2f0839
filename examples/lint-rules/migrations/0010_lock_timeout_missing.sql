-- migrate:up
-- no SET lock_timeout: a long query on users makes this wait, and everyone behind it
ALTER TABLE users ADD COLUMN bio text;
