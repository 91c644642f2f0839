CREATE TYPE plan_tier AS ENUM ('free', 'team', 'enterprise');

ALTER TABLE tenants ADD COLUMN plan plan_tier NOT NULL DEFAULT 'free';
COMMENT ON COLUMN tenants.plan IS 'billing tier of the tenant';
