-- migrate:up
CREATE TABLE tags (tenant_id bigint NOT NULL, id bigint PRIMARY KEY, name text);
ALTER TABLE tags ENABLE ROW LEVEL SECURITY;
ALTER TABLE tags FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tags USING (tenant_id = current_setting('app.tenant_id')::bigint);
