-- migrate:up
-- a tenant table (it has tenant_id) without row-level security
CREATE TABLE notes (tenant_id bigint NOT NULL, id bigint, body text, PRIMARY KEY (tenant_id, id));
