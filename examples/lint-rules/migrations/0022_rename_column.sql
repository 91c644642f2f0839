-- migrate:up
SET lock_timeout = '2s';
ALTER TABLE orders RENAME COLUMN note TO comment;
