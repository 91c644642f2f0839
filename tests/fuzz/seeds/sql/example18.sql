DROP POLICY projects_isolation ON projects;
DROP FUNCTION current_tenant_id();
ALTER TABLE projects DISABLE ROW LEVEL SECURITY;
