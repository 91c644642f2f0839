DROP MATERIALIZED VIEW IF EXISTS members_active;
CREATE MATERIALIZED VIEW members_active AS SELECT id, name FROM members WHERE active;
CREATE UNIQUE INDEX IF NOT EXISTS ix_members_active ON members_active (id);
