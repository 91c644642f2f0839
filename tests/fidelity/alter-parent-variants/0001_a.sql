-- ALTER TABLE on a partitioned or inheritance parent reaches its partitions and children
CREATE TABLE m (id int, ts date NOT NULL, v text) PARTITION BY RANGE (ts);
CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY HASH (id);
CREATE TABLE m_2024_0 PARTITION OF m_2024 FOR VALUES WITH (modulus 2, remainder 0);
CREATE TABLE m_2024_1 PARTITION OF m_2024 FOR VALUES WITH (modulus 2, remainder 1);
CREATE TABLE p (id int, v text);
CREATE TABLE c1 () INHERITS (p);
CREATE TABLE c2 (w int DEFAULT 0, v text) INHERITS (p);
