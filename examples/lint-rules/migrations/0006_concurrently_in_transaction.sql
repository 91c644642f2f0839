-- migrate:up
-- dbmate runs this file in a transaction, where CONCURRENTLY is refused
CREATE INDEX CONCURRENTLY orders_code ON orders (code);
