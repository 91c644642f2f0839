-- ATTACH / CREATE INDEX on a partitioned table take the partition's equivalent index, key or foreign key
-- (AttachPartitionEnsureIndexes, DefineIndex, tryAttachPartitionForeignKey); copies are named from the
-- parent index's column names (generateClonedIndexStmt), made distinct (ChooseIndexColumnNames).
CREATE TABLE rp (a integer) PARTITION BY LIST (a);
CREATE TABLE rp1 PARTITION OF rp FOR VALUES IN (1);
ALTER TABLE rp1 ADD PRIMARY KEY (a);
CREATE UNIQUE INDEX ON rp (a);
ALTER TABLE rp DETACH PARTITION rp1;
CREATE TABLE q (a int, b int) PARTITION BY LIST (a);
CREATE TABLE q1 (a int, b int);
CREATE INDEX q1_b ON q1 (b);
CREATE UNIQUE INDEX q1_ab ON q1 (a, b) INCLUDE (b);
ALTER TABLE q ATTACH PARTITION q1 FOR VALUES IN (1);
CREATE INDEX ON q (b);
CREATE UNIQUE INDEX ON q (a, b);
CREATE UNIQUE INDEX ON q (a, b) INCLUDE (b);
CREATE TABLE k (a int PRIMARY KEY, b int) PARTITION BY LIST (a);
CREATE TABLE k1 (a int, b int, CONSTRAINT k1own PRIMARY KEY (a));
ALTER TABLE k ATTACH PARTITION k1 FOR VALUES IN (1);
CREATE TABLE m (a int, b int) PARTITION BY LIST (a);
CREATE TABLE m1 PARTITION OF m FOR VALUES IN (1);
ALTER TABLE m1 ADD CONSTRAINT m1u UNIQUE (a);
ALTER TABLE m ADD CONSTRAINT mu UNIQUE (a);
CREATE TABLE ex (a text, b text);
CREATE INDEX ON ex (lower(a), lower(b));
CREATE INDEX ON ex ((a || b), (b || a));
CREATE TABLE exp (a text, b text) PARTITION BY LIST (a);
CREATE INDEX ON exp (lower(a), lower(b));
CREATE TABLE exp1 PARTITION OF exp FOR VALUES IN ('x');
CREATE TABLE exl (LIKE ex INCLUDING INDEXES);
CREATE TABLE ec (a int, b int);
CREATE INDEX ON ec ((CASE WHEN a > 0 THEN 1 ELSE b END), (CASE WHEN a > 0 THEN 1 END));
CREATE TABLE ecl (LIKE ec INCLUDING INDEXES);
