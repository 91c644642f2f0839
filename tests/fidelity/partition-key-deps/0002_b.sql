DROP DOMAIN intdom1 CASCADE;
DROP FUNCTION plusone(int) CASCADE;
CREATE TABLE partitioned (a int, b text) PARTITION BY LIST (b);
