-- migrate:up
SET lock_timeout = '2s';
-- gen_random_uuid() is volatile: every row is rewritten
ALTER TABLE orders ADD COLUMN ref uuid DEFAULT gen_random_uuid();
