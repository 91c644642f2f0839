-- Every tenant sees only its own projects.
ALTER TABLE projects ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION current_tenant_id() RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::bigint $$;

CREATE POLICY projects_isolation ON projects
    USING (tenant_id = current_tenant_id());
