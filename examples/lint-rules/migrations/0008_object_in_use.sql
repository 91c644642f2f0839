-- migrate:up
SET lock_timeout = '2s';
-- the view big_orders goes with the column (this file shows object-in-use; drop-column has its own)
-- strata:ignore drop-column
ALTER TABLE orders DROP COLUMN total CASCADE;
