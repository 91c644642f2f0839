-- A foreign key to a partitioned table depends on every partition of it: dropping one needs CASCADE, which
-- drops the key (its copies for the referenced partitions are internal to it); partitions that join later
-- are covered, detached ones are not.
CREATE TABLE droppk (a int PRIMARY KEY) PARTITION BY RANGE (a);
CREATE TABLE droppk1 PARTITION OF droppk FOR VALUES FROM (0) TO (1000);
CREATE TABLE droppk2 PARTITION OF droppk FOR VALUES FROM (1000) TO (2000) PARTITION BY RANGE (a);
CREATE TABLE droppk21 PARTITION OF droppk2 FOR VALUES FROM (1000) TO (1400);
CREATE TABLE dropfk (a int REFERENCES droppk);
CREATE TABLE keepfk (a int, CONSTRAINT keep_a FOREIGN KEY (a) REFERENCES droppk);
ALTER TABLE droppk2 DETACH PARTITION droppk21;
DROP TABLE droppk21;
CREATE TABLE droppk3 (a int NOT NULL);
ALTER TABLE droppk ATTACH PARTITION droppk3 FOR VALUES FROM (2000) TO (3000);
DROP TABLE droppk3 CASCADE;
-- a partitioned referencing table with its own equivalent key merged on ATTACH
CREATE TABLE fkp (a int, b int, FOREIGN KEY (a) REFERENCES droppk ON DELETE CASCADE) PARTITION BY RANGE (b);
CREATE TABLE fkp1 (a int, b int, FOREIGN KEY (a) REFERENCES droppk ON DELETE CASCADE);
CREATE TABLE fkp2 (a int, b int, FOREIGN KEY (a) REFERENCES droppk ON UPDATE SET NULL);
ALTER TABLE fkp ATTACH PARTITION fkp1 FOR VALUES FROM (0) TO (10);
ALTER TABLE fkp ATTACH PARTITION fkp2 FOR VALUES FROM (10) TO (20);
