CREATE TABLE m (tenant_id int, user_id int);
ALTER TABLE m ENABLE ROW LEVEL SECURITY;
CREATE POLICY p ON m USING (tenant_id = current_setting('app.t')::int);
