-- migrate:up
-- the values are in alphabetical order; 'delivered' goes after 'shipped'
ALTER TYPE order_status ADD VALUE 'delivered';
