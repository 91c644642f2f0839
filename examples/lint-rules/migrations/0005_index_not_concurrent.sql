-- migrate:up
SET lock_timeout = '2s';
CREATE INDEX orders_note ON orders (note);
