-- (col).field in a CHECK depends on that attribute of the composite type, or that column of the table whose
-- row type it is (find_expr_references_walker, FieldSelect): DROP ATTRIBUTE / DROP COLUMN ... CASCADE drops
-- the constraint, not the table.
CREATE TYPE test_typex AS (a int, b text);
CREATE TABLE test_tblx (x int, y test_typex CHECK ((y).a > 0));
CREATE TABLE r (a int, b int);
CREATE TABLE u (x r CHECK ((x).b > 0), z int);
