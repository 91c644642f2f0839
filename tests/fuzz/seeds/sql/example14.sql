ALTER TABLE tenants DROP COLUMN plan;
DROP TYPE plan_tier;
