-- A partition's CHECK of the same name and expression as its parent's merges with the inherited one and is
-- never local (MergeWithExistingConstraint); ADD CONSTRAINT on the parent merges a partition's own one.
CREATE TABLE parted (a text, b int NOT NULL DEFAULT 0, CONSTRAINT check_a CHECK (length(a) > 0)) PARTITION BY LIST (a);
CREATE TABLE part_b PARTITION OF parted (
	b NOT NULL DEFAULT 1,
	CONSTRAINT check_a CHECK (length(a) > 0),
	CONSTRAINT check_b CHECK (b >= 0)
) FOR VALUES IN ('b');
ALTER TABLE parted ADD CONSTRAINT check_b CHECK (b >= 0);
CREATE TEMP TABLE tmp_parted (a int) PARTITION BY LIST (a);
CREATE TEMP TABLE tmp_part PARTITION OF tmp_parted DEFAULT;
