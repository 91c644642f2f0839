-- pg_proc keeps argument and result type OIDs only: typmods are dropped, %TYPE is the column's type, and
-- DROP/ALTER/COMMENT ON FUNCTION find the function whatever typmods they spell. Reduced from reportportal.
CREATE FUNCTION generate_display_id(p_project_id bigint, p_entity_type varchar(50), p_prefix varchar(10))
RETURNS varchar(20) LANGUAGE sql AS $$ SELECT p_prefix || p_project_id $$;
CREATE FUNCTION amounts(n numeric(10, 2)) RETURNS TABLE (label char(3), at timestamp(3) with time zone)
LANGUAGE sql AS $$ SELECT 'abc'::char(3), now() $$;
CREATE FUNCTION gone(x bit(3)) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP FUNCTION gone(bit(5));
CREATE TABLE account (id int, code varchar(12));
CREATE FUNCTION by_code(account.code%TYPE) RETURNS account.id%TYPE LANGUAGE sql AS $$ SELECT 1 $$;
COMMENT ON FUNCTION generate_display_id(bigint, varchar(1), varchar) IS 'display id';
ALTER FUNCTION amounts(numeric(4)) STABLE;
