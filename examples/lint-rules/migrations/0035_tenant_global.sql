-- migrate:up
-- no tenant_id, and not listed in [tenants] global
CREATE TABLE plans (id bigint PRIMARY KEY, name text);
