-- migrate:up
-- strata:warning python-operation billing.0007 has RunPython(backfill_invoices)
SET lock_timeout = '2s';
CREATE TABLE invoices_backfill_done (tenant_id bigint NOT NULL, id bigint, PRIMARY KEY (tenant_id, id));
ALTER TABLE invoices_backfill_done ENABLE ROW LEVEL SECURITY;
ALTER TABLE invoices_backfill_done FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON invoices_backfill_done USING (tenant_id = current_setting('app.tenant_id')::bigint);
