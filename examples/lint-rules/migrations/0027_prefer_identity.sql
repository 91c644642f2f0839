-- migrate:up
CREATE TABLE coupons (id bigserial PRIMARY KEY, code text);
