-- migrate:up
SET lock_timeout = '2s';
-- sessions references users: it is emptied too
TRUNCATE counters, users CASCADE;
