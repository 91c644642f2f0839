-- migrate:up
SET lock_timeout = '2s';
ALTER DOMAIN quantity ADD CONSTRAINT quantity_positive CHECK (VALUE > 0);
