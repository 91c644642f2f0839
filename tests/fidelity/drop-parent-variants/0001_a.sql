-- partitions go with their parent (also sub-partitioned and default ones); inheritance children need CASCADE
CREATE TABLE m (id int, region text, ts date NOT NULL) PARTITION BY LIST (region);
CREATE TABLE m_eu PARTITION OF m FOR VALUES IN ('eu') PARTITION BY RANGE (ts);
CREATE TABLE m_eu_2024 PARTITION OF m_eu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE m_other PARTITION OF m DEFAULT;
CREATE INDEX m_ts ON m (ts);
CREATE TABLE p (id int);
CREATE TABLE c1 () INHERITS (p);
CREATE TABLE c2 (extra int) INHERITS (p);
