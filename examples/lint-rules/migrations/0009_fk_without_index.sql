-- migrate:up
CREATE TABLE refunds (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id));
