CREATE TABLE wal (tenant_id uuid, at timestamptz) PARTITION BY HASH (tenant_id);
CREATE FUNCTION make_partitions(parent text, n int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  FOR i IN 0..n-1 LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS %s, REMAINDER %s)', parent || '_' || i, parent, n, i);
  END LOOP;
END $$;
SELECT make_partitions('wal', 2);
CREATE INDEX wal_1_at_idx ON wal_1 (at);
