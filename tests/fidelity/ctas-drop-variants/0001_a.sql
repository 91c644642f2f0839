-- CREATE TABLE AS over joins of several relations, then drops in every form (crash-ctas-drop's class)
CREATE TABLE a(x int, y text);
CREATE TABLE b(x int, z date);
CREATE TABLE c(x int);
CREATE TABLE u AS SELECT a.x, b.z FROM a JOIN b USING (x), c WHERE c.x = a.x;
CREATE TABLE w AS SELECT * FROM a NATURAL JOIN b;
DROP TABLE u, b;
DROP TABLE c CASCADE;
