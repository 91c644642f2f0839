-- migrate:up transaction:false
-- outside a transaction: if the index build fails, the column stays and a re-run fails on it
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN IF NOT EXISTS channel text;
ALTER TABLE users ADD COLUMN referrer text;
DROP INDEX CONCURRENTLY IF EXISTS orders_channel;
CREATE INDEX CONCURRENTLY orders_channel ON orders (channel);
