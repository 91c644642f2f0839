CREATE OR REPLACE FUNCTION jsonb_merge(a jsonb, b jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS 'SELECT a || b';
