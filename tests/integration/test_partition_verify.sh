#!/usr/bin/env bash
# test_partition_verify.sh — partitions against a real PostgreSQL 15: the differential fuzzer's minimal
# cases of partition model bugs (tests/fuzz-diff/found/: ATTACH makes the columns inherited and not local,
# the index ATTACH clones is named after the parent index's column names as stored at CREATE INDEX, a
# DETACHed partition's keys and indexes are its own for a later RENAME COLUMN) and a history of attach,
# rename, detach and drop verify with 0 differences; bounds the model rejects are ones the server rejects.
. "$(dirname "$0")/lib.sh"
. tests/pg-harness
T=$(mktemp -d)
at_exit "rm -rf '$T'"
pgh_start "$T/pg" >/dev/null || exit 2
URL=$PGH_URL
V() { "$STRATA" verify --database-url "$URL" --no-color "$@"; }

for c in diff-72414d2b82 diff-17f4a502f0 diff-ed6f5dd766 diff-82aaa664e3; do
	mkdir -p "$T/$c"
	cp "tests/fuzz-diff/found/$c/0001_case.sql" "$T/$c/"
	expect_output '^0 differences$' "fuzz-diff case $c verifies" V --dir "$T/$c"
done

M=$T/m
mkdir -p "$M"
cat >"$M/0001_parts.sql" <<'SQL'
CREATE TABLE p (a int, b int, UNIQUE (a, b)) PARTITION BY LIST (a);
CREATE INDEX ON p (b);
ALTER TABLE p RENAME COLUMN b TO c;
CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1);
CREATE TABLE p2 (a int, c int);
ALTER TABLE p ATTACH PARTITION p2 FOR VALUES IN (2);
CREATE TABLE p3 (LIKE p INCLUDING CONSTRAINTS);
ALTER TABLE p ADD CONSTRAINT ck CHECK (a > 0);
ALTER TABLE p3 ADD CONSTRAINT ck CHECK (a > 0);
ALTER TABLE p ATTACH PARTITION p3 FOR VALUES IN (3);
ALTER TABLE p DETACH PARTITION p3;
ALTER TABLE p3 RENAME COLUMN c TO d;
ALTER TABLE p DROP CONSTRAINT ck;
ALTER TABLE p DROP COLUMN c;
CREATE TABLE r (k int, d date, t text COLLATE "C") PARTITION BY RANGE (k, d);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (MINVALUE, MINVALUE) TO (0, '2024-01-01');
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (0, '2024-01-01') TO (0, '2024-02-01');
CREATE TABLE r3 PARTITION OF r FOR VALUES FROM (0, '2024-02-01') TO (MAXVALUE, MAXVALUE);
CREATE TABLE h (a int) PARTITION BY HASH (a);
CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 8, REMAINDER 1);
CREATE TABLE h5 PARTITION OF h FOR VALUES WITH (MODULUS 8, REMAINDER 5);
CREATE TABLE s (v text) PARTITION BY RANGE (v);
CREATE TABLE s1 PARTITION OF s FOR VALUES FROM ('a') TO ('m');
CREATE TABLE s2 PARTITION OF s FOR VALUES FROM ('B') TO ('Z');
SQL
expect_output '^0 differences$' "attach, rename, detach, drop and bounds the model cannot order verify" V --dir "$M"
expect_exit 0 "... and check has no error" "$STRATA" check --dir "$M"

# what the model rejects, the server rejects
B=$T/b
mkdir -p "$B"
printf '%s\n' "CREATE TABLE r (k int) PARTITION BY RANGE (k);" \
	"CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (0) TO (10);" \
	"CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (5) TO (20);" >"$B/0001_overlap.sql"
expect_exit 1 "an overlapping range: check refuses it" "$STRATA" check --dir "$B"
check "... with PostgreSQL's message" grep -q 'partition "r2" would overlap partition "r1"' <<<"$OUT"
expect_exit 1 "... and the server refuses it too" V --dir "$B"
check "... for the same reason" grep -q 'would overlap partition' <<<"$OUT"

# DETACH ... CONCURRENTLY leaves the partition constraint as a CHECK (DetachAddConstraintIfNeeded), unless
# the partition's constraints imply it; ALTER INDEX ... ATTACH PARTITION makes an index the parent's copy
D=$T/d
mkdir -p "$D"
cat >"$D/0001_parts.sql" <<'SQL'
CREATE TABLE m (a int, b int, t text) PARTITION BY RANGE (a, b);
CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (1, 1) TO (1, 10);
CREATE TABLE m2 PARTITION OF m FOR VALUES FROM (2, 5) TO (3, 7);
CREATE TABLE m3 PARTITION OF m FOR VALUES FROM (4, MINVALUE) TO (5, MAXVALUE);
CREATE TABLE m4 PARTITION OF m (CHECK (a IS NOT NULL AND b IS NOT NULL AND a > 6 AND a < 7))
  FOR VALUES FROM (6, 0) TO (7, 0);
CREATE TABLE l (t text, n bigint) PARTITION BY LIST (t);
CREATE TABLE l1 PARTITION OF l FOR VALUES IN ('x', NULL, 'a b') PARTITION BY RANGE (n);
CREATE TABLE l11 PARTITION OF l1 FOR VALUES FROM (MINVALUE) TO (5000000000);
CREATE TABLE l2 PARTITION OF l FOR VALUES IN ('y');
CREATE TABLE r (a int) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r (CHECK (a >= 123 AND a < 133 AND a IS NOT NULL)) FOR VALUES FROM (100) TO (200);
CREATE INDEX ri ON ONLY r (a);
CREATE INDEX r1_desc ON r1 (a DESC);
ALTER INDEX ri ATTACH PARTITION r1_desc;
SQL
cat >"$D/0002_detach.sql" <<'SQL'
-- strata:no-transaction
ALTER TABLE m DETACH PARTITION m1 CONCURRENTLY;
ALTER TABLE m DETACH PARTITION m2 CONCURRENTLY;
ALTER TABLE m DETACH PARTITION m3 CONCURRENTLY;
ALTER TABLE m DETACH PARTITION m4 CONCURRENTLY;
ALTER TABLE l1 DETACH PARTITION l11 CONCURRENTLY;
ALTER TABLE l DETACH PARTITION l1 CONCURRENTLY;
ALTER TABLE l DETACH PARTITION l2 CONCURRENTLY;
ALTER TABLE r DETACH PARTITION r1 CONCURRENTLY;
SQL
expect_output '^0 differences$' "DETACH CONCURRENTLY's CHECK constraints and ALTER INDEX ATTACH verify" V --dir "$D"
