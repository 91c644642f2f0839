-- a partitioned table's indexes and keys reach its partitions (at any depth, and on ATTACH, where an
-- equivalent index is adopted), go with the parent's, and a partition's copy cannot be dropped alone
CREATE TABLE m (id int, ts date NOT NULL, w int) PARTITION BY RANGE (ts);
CREATE TABLE m1 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (id);
CREATE TABLE m1a PARTITION OF m1 FOR VALUES WITH (modulus 2, remainder 0);
CREATE TABLE m1b PARTITION OF m1 FOR VALUES WITH (modulus 2, remainder 1);
CREATE INDEX m_w ON m (w);
ALTER TABLE m ADD PRIMARY KEY (id, ts);
CREATE TABLE m2 (id int NOT NULL, ts date NOT NULL, w int);
CREATE INDEX m2_own_w ON m2 (w);
ALTER TABLE m ATTACH PARTITION m2 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE m3 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
ALTER TABLE m DETACH PARTITION m3;
CREATE TABLE n (id int, ts date NOT NULL) PARTITION BY RANGE (ts);
CREATE TABLE n1 PARTITION OF n FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX n_id ON n (id);
DROP INDEX n_id;
CREATE INDEX n_id2 ON n (id);
