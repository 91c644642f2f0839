CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql AS $$ SELECT a + 1 $$;
CREATE TABLE t (id int DEFAULT f(1) CHECK (id > 0));
