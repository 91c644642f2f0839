/* test_replay_partition.c — partition keys and bounds as PostgreSQL checks them (replay_partition.c):
 * each rule with the server's message on the last statement of a history, and histories the server
 * accepts (bounds the model cannot order, adjacent ranges, compatible hash moduli) that must stay clean;
 * the catalog after ATTACH / DETACH (inherited columns and checks, arrays of its own after DETACH). */
#include "unit.h"
#include "replay_util.h"

typedef struct PartCase {
	const char *sql;
	const char *message; /* the one error, on the last line; NULL: no error at all */
	const char *detail;  /* substring of its detail, or NULL */
} PartCase;

#define LIST_T  "CREATE TABLE l (a int, b text) PARTITION BY LIST (b);\n"
#define RANGE_T "CREATE TABLE r (a int, b int) PARTITION BY RANGE (a, (b + 1));\n"
#define HASH_T  "CREATE TABLE h (a int) PARTITION BY HASH (a);\n"
#define IDX_T                                                                                         \
	"CREATE TABLE ix (a text, b int) PARTITION BY RANGE (a);\n"                                   \
	"CREATE TABLE q1 PARTITION OF ix FOR VALUES FROM ('a') TO ('m');\nCREATE INDEX q ON ONLY ix " \
	"(a, b);\nCREATE INDEX ON q1 (a, b);\n"

static const PartCase cases[] = {
    /* transformPartitionSpec */
    {"CREATE TABLE z (a int) PARTITION BY magic (a);", "unrecognized partitioning strategy \"magic\"", NULL},
    {"CREATE TABLE z (a int, b int) PARTITION BY LIST (a, b);",
     "cannot use \"list\" partition strategy with more than one column", NULL},
    /* ComputePartitionAttrs */
    {"CREATE FUNCTION k() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';\n"
     "CREATE TABLE z (a int) PARTITION BY RANGE (k());",
     "cannot use constant expression as partition key", NULL},
    {"CREATE TABLE z (a int, b int) PARTITION BY RANGE (((a, b)));",
     "partition key column 1 has pseudo-type record", NULL},
    {"CREATE TABLE z (a int, g int GENERATED ALWAYS AS (a * 2) STORED) PARTITION BY RANGE ((g * 3));",
     "cannot use generated column in partition key", "Column \"g\" is a generated column."},
    {"CREATE TABLE z (a int, g int GENERATED ALWAYS AS (a * 2) STORED) PARTITION BY RANGE ((z));",
     "cannot use generated column in partition key", NULL},
    /* transformPartitionBound */
    {"CREATE TABLE t (a int);\nCREATE TABLE p PARTITION OF t FOR VALUES IN (1);", "\"t\" is not partitioned",
     NULL},
    {LIST_T "CREATE TABLE p PARTITION OF l FOR VALUES FROM (1) TO (2);",
     "invalid bound specification for a list partition", NULL},
    {RANGE_T "CREATE TABLE p PARTITION OF r FOR VALUES IN (1);",
     "invalid bound specification for a range partition", NULL},
    {HASH_T "CREATE TABLE p PARTITION OF h FOR VALUES IN (1);",
     "invalid bound specification for a hash partition", NULL},
    {HASH_T "CREATE TABLE p PARTITION OF h DEFAULT;",
     "a hash-partitioned table may not have a default partition", NULL},
    {HASH_T "CREATE TABLE p PARTITION OF h FOR VALUES WITH (MODULUS 0, REMAINDER 1);",
     "modulus for hash partition must be an integer value greater than zero", NULL},
    {HASH_T "CREATE TABLE p PARTITION OF h FOR VALUES WITH (MODULUS 8, REMAINDER 8);",
     "remainder for hash partition must be less than modulus", NULL},
    {LIST_T "CREATE TABLE p PARTITION OF l FOR VALUES IN (somename);",
     "cannot use column reference in partition bound expression", NULL},
    {LIST_T "CREATE TABLE p PARTITION OF l FOR VALUES IN (sum(a));",
     "cannot use column reference in partition bound expression", NULL},
    {LIST_T "CREATE TABLE p PARTITION OF l FOR VALUES IN (sum(1));",
     "aggregate functions are not allowed in partition bound", NULL},
    {LIST_T "CREATE TABLE p PARTITION OF l FOR VALUES IN ((SELECT 1));",
     "cannot use subquery in partition bound", NULL},
    {LIST_T "CREATE TABLE p PARTITION OF l FOR VALUES IN (generate_series(1, 3));",
     "set-returning functions are not allowed in partition bound", NULL},
    {"CREATE TABLE d (a date) PARTITION BY LIST (a);\nCREATE TABLE p PARTITION OF d FOR VALUES IN (1);",
     "specified value cannot be cast to type date for column \"a\"", NULL},
    {RANGE_T "CREATE TABLE p PARTITION OF r FOR VALUES FROM (1) TO (2, 3);",
     "FROM must specify exactly one value per partitioning column", NULL},
    {RANGE_T "CREATE TABLE p PARTITION OF r FOR VALUES FROM (1, 2) TO (2);",
     "TO must specify exactly one value per partitioning column", NULL},
    {RANGE_T "CREATE TABLE p PARTITION OF r FOR VALUES FROM (NULL, 1) TO (2, 2);",
     "cannot specify NULL in range bound", NULL},
    {RANGE_T "CREATE TABLE p PARTITION OF r FOR VALUES FROM (MINVALUE, 1) TO (2, 2);",
     "every bound following MINVALUE must also be MINVALUE", NULL},
    /* check_new_partition_bound */
    {RANGE_T "CREATE TABLE p PARTITION OF r FOR VALUES FROM (1, 1) TO (1, 1);",
     "empty range bound specified for partition \"p\"", "lower bound (1, 1) is greater than or equal"},
    {RANGE_T "CREATE TABLE p PARTITION OF r FOR VALUES FROM (2, MINVALUE) TO (1, MAXVALUE);",
     "empty range bound specified for partition \"p\"", NULL},
    {"CREATE TABLE r (a int, b int) PARTITION BY RANGE (a, b);\n"
     "CREATE TABLE p1 PARTITION OF r FOR VALUES FROM (1, 10) TO (1, MAXVALUE);\n"
     "CREATE TABLE p2 PARTITION OF r FOR VALUES FROM (1, 10) TO (1, 20);",
     "partition \"p2\" would overlap partition \"p1\"", NULL},

    {RANGE_T "CREATE TABLE p1 PARTITION OF r FOR VALUES FROM (0, 0) TO (5, 0);\n"
             "CREATE TABLE p2 PARTITION OF r FOR VALUES FROM (6, 0) TO (9, 0);\n"
             "CREATE TABLE p3 PARTITION OF r FOR VALUES FROM (MINVALUE, MINVALUE) TO (MAXVALUE, MAXVALUE);",
     "partition \"p3\" would overlap partition \"p1\"", NULL},
    {LIST_T "CREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x', NULL);\n"
            "CREATE TABLE p2 PARTITION OF l FOR VALUES IN (NULL);",
     "partition \"p2\" would overlap partition \"p1\"", NULL},
    {LIST_T "CREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x', 'it''s');\n"
            "CREATE TABLE p2 PARTITION OF l FOR VALUES IN ('y', 'it''s');",
     "partition \"p2\" would overlap partition \"p1\"", NULL},
    {"CREATE TABLE n (a bigint) PARTITION BY LIST (a);\nCREATE TABLE p1 PARTITION OF n FOR VALUES IN (10);\n"
     "CREATE TABLE p2 PARTITION OF n FOR VALUES IN ('10');",
     "partition \"p2\" would overlap partition \"p1\"", NULL},
    {"CREATE TABLE d (a date) PARTITION BY RANGE (a);\n"
     "CREATE TABLE p1 PARTITION OF d FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');\n"
     "CREATE TABLE p2 PARTITION OF d FOR VALUES FROM ('2024-01-31') TO ('2024-03-01');",
     "partition \"p2\" would overlap partition \"p1\"", NULL},
    {"CREATE TABLE s (v text COLLATE \"C\") PARTITION BY RANGE (v);\n"
     "CREATE TABLE p1 PARTITION OF s FOR VALUES FROM ('B') TO ('a');\n"
     "CREATE TABLE p2 PARTITION OF s FOR VALUES FROM ('Z') TO ('b');",
     "partition \"p2\" would overlap partition \"p1\"", NULL},
    {HASH_T "CREATE TABLE p1 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 1);\n"
            "CREATE TABLE p2 PARTITION OF h FOR VALUES WITH (MODULUS 8, REMAINDER 5);",
     "partition \"p2\" would overlap partition \"p1\"", NULL},
    {HASH_T "CREATE TABLE p1 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 1);\n"
            "CREATE TABLE p2 PARTITION OF h FOR VALUES WITH (MODULUS 6, REMAINDER 2);",
     "every hash partition modulus must be a factor of the next larger modulus",
     "The new modulus 6 is not divisible by 4, the modulus of existing partition \"p1\"."},
    {HASH_T "CREATE TABLE p1 PARTITION OF h FOR VALUES WITH (MODULUS 10, REMAINDER 1);\n"
            "CREATE TABLE p2 PARTITION OF h FOR VALUES WITH (MODULUS 3, REMAINDER 2);",
     "every hash partition modulus must be a factor of the next larger modulus",
     "The new modulus 3 is not a factor of 10"},
    {LIST_T "CREATE TABLE p1 PARTITION OF l DEFAULT;\nCREATE TABLE p2 PARTITION OF l DEFAULT;",
     "partition \"p2\" conflicts with existing default partition \"p1\"", NULL},
    {LIST_T "CREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x');\nCREATE TABLE p2 (a int, b text);\n"
            "ALTER TABLE l ATTACH PARTITION p2 FOR VALUES IN ('x');",
     "partition \"p2\" would overlap partition \"p1\"", NULL},
    {"CREATE TABLE t (a int);\nCREATE TABLE p2 (a int);\nALTER TABLE t ATTACH PARTITION p2 FOR VALUES IN "
     "(1);",
     "table \"t\" is not partitioned", NULL},
    /* ATTACH: the parent's CHECK constraints (MergeConstraintsIntoExisting) */
    {LIST_T "ALTER TABLE l ADD CONSTRAINT ck CHECK (a > 0);\nCREATE TABLE p (a int, b text);\n"
            "ALTER TABLE l ATTACH PARTITION p FOR VALUES IN ('x');",
     "child table is missing constraint \"ck\"", NULL},
    {LIST_T "ALTER TABLE l ADD CONSTRAINT ck CHECK (a > 0);\n"
            "CREATE TABLE p (a int, b text, CONSTRAINT ck CHECK (a > 1));\n"
            "ALTER TABLE l ATTACH PARTITION p FOR VALUES IN ('x');",
     "child table \"p\" has different definition for check constraint \"ck\"", NULL},
    /* ALTER INDEX ... ATTACH PARTITION (ATExecAttachPartitionIdx) and index relkinds */
    {IDX_T "ALTER INDEX ix ATTACH PARTITION q1;", "\"ix\" is not an index", NULL},
    {IDX_T "ALTER INDEX q ATTACH PARTITION q1;", "\"q1\" is not an index", NULL},
    {IDX_T "ALTER INDEX q ATTACH PARTITION q;", "cannot attach index \"q\" as a partition of index \"q\"",
     "not an index on any partition of table"},
    {IDX_T "CREATE INDEX t1 ON q1 (b, a);\nALTER INDEX q ATTACH PARTITION t1;",
     "cannot attach index \"t1\" as a partition of index \"q\"", "The index definitions do not match."},
    {IDX_T "CREATE INDEX t1 ON q1 USING hash (a);\nALTER INDEX q ATTACH PARTITION t1;",
     "cannot attach index \"t1\" as a partition of index \"q\"", "The index definitions do not match."},
    {IDX_T "CREATE INDEX t1 ON q1 (a, b) WHERE b > 10;\nALTER INDEX q ATTACH PARTITION t1;",
     "cannot attach index \"t1\" as a partition of index \"q\"", "The index definitions do not match."},
    {IDX_T "CREATE INDEX t1 ON q1 (a text_pattern_ops, b);\nALTER INDEX q ATTACH PARTITION t1;",
     "cannot attach index \"t1\" as a partition of index \"q\"", "The index definitions do not match."},
    {IDX_T "ALTER INDEX q ATTACH PARTITION q1_a_b_idx;\nCREATE INDEX t2 ON q1 (a, b);\n"
           "ALTER INDEX q ATTACH PARTITION t2;",
     "cannot attach index \"t2\" as a partition of index \"q\"", "Another index is already attached"},
    {IDX_T "CREATE INDEX q2 ON ONLY ix (a, b);\nALTER INDEX q ATTACH PARTITION q1_a_b_idx;\n"
           "CREATE INDEX t3 ON ONLY ix (a, b);\nALTER INDEX t3 ATTACH PARTITION q1_a_b_idx;",
     "cannot attach index \"q1_a_b_idx\" as a partition of index \"t3\"",
     "already attached to another index"},
    {IDX_T "ALTER TABLE q ATTACH PARTITION q1_a_b_idx FOR VALUES FROM (1) TO (2);",
     "\"q\" is not a partitioned table", NULL},
    {IDX_T "ALTER TABLE q DETACH PARTITION q1_a_b_idx;",
     "ALTER action DETACH PARTITION cannot be performed on relation \"q\"",
     "not supported for partitioned indexes"},
    {IDX_T "ALTER INDEX q1_a_b_idx ATTACH PARTITION q;",
     "ALTER action ATTACH PARTITION cannot be performed on relation \"q1_a_b_idx\"",
     "not supported for indexes"},
    {"CREATE TABLE ix (a int) PARTITION BY RANGE (a);\nCREATE TABLE q1 (a int NOT NULL);\n"
     "CREATE UNIQUE INDEX ON q1 (a);\nALTER TABLE ix ATTACH PARTITION q1 FOR VALUES FROM (1) TO (9);\n"
     "ALTER TABLE ONLY ix ADD PRIMARY KEY (a);\nALTER INDEX ix_pkey ATTACH PARTITION q1_a_idx;",
     "cannot attach index \"q1_a_idx\" as a partition of index \"ix_pkey\"",
     "belongs to a constraint in table \"ix\" but no constraint exists"},
    /* ADD PRIMARY KEY with ONLY: the key's NOT NULL becomes CHECK NOT NULL on the partitions */
    {"CREATE TABLE ix (a int) PARTITION BY RANGE (a);\nCREATE TABLE q1 PARTITION OF ix DEFAULT;\n"
     "ALTER TABLE ONLY ix ADD PRIMARY KEY (a);",
     "constraint must be added to child tables too",
     "Column \"a\" of relation \"q1\" is not already NOT NULL."},
    /* DETACH CONCURRENTLY, keys on partitioned tables */
    {LIST_T "CREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x');\nCREATE TABLE p2 PARTITION OF l DEFAULT;\n"
            "ALTER TABLE l DETACH PARTITION p1 CONCURRENTLY;",
     "cannot detach partitions concurrently when a default partition exists", NULL},
    {"CREATE TABLE z (a int, EXCLUDE USING gist (a WITH =)) PARTITION BY RANGE (a);",
     "exclusion constraints are not supported on partitioned tables", NULL},
    {LIST_T "CREATE UNIQUE INDEX u ON ONLY l (b);\nALTER TABLE l ADD UNIQUE USING INDEX u;",
     "ALTER TABLE / ADD CONSTRAINT USING INDEX is not supported on partitioned tables", NULL},
    {"CREATE TABLE c (a int, CHECK (a > 0) NO INHERIT);\n"
     "CREATE TABLE z (LIKE c INCLUDING CONSTRAINTS) PARTITION BY LIST (a);",
     "cannot add NO INHERIT constraint to partitioned table \"z\"", NULL},
    {"CREATE TABLE k (a int PRIMARY KEY);\nCREATE TABLE f (a int) PARTITION BY LIST (a);\n"
     "ALTER TABLE ONLY f ADD FOREIGN KEY (a) REFERENCES k;",
     "cannot use ONLY for foreign key on partitioned table \"f\" referencing relation \"k\"", NULL},
    {"CREATE TABLE k (a int PRIMARY KEY);\nCREATE TABLE f (a int) PARTITION BY LIST (a);\n"
     "ALTER TABLE f ADD FOREIGN KEY (a) REFERENCES k NOT VALID;",
     "cannot add NOT VALID foreign key on partitioned table \"f\" referencing relation \"k\"", NULL},
    {LIST_T
     "ALTER TABLE l ADD CONSTRAINT ck CHECK (a > 0);\nCREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x');\n"
     "ALTER TABLE ONLY l DROP CONSTRAINT ck;",
     "cannot remove constraint from only the partitioned table when partitions exist", NULL},
    {LIST_T "ALTER TABLE l ALTER a SET NOT NULL;\nCREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x');\n"
            "ALTER TABLE ONLY l ALTER a DROP NOT NULL;",
     "cannot remove constraint from only the partitioned table when partitions exist", NULL},
    /* a partition's sub-partition key column: the parent's DROP COLUMN reaches it (ATTACH made it inherited)
     */
    {LIST_T "CREATE TABLE p5 (a int, b text) PARTITION BY LIST (a);\n"
            "ALTER TABLE l ATTACH PARTITION p5 FOR VALUES IN ('5');\nALTER TABLE l DROP COLUMN a;",
     "cannot drop column \"a\" because it is part of the partition key of relation \"p5\"", NULL},
    {"CREATE TABLE k (a int PRIMARY KEY);\nCREATE TABLE f (a int REFERENCES k) PARTITION BY LIST (a);\n"
     "ALTER TABLE f ATTACH PARTITION k FOR VALUES IN (1);",
     "cannot attach table \"k\" as a partition because it is referenced by foreign key \"f_a_fkey\"", NULL},
    {"CREATE TABLE z (a int, b int, PRIMARY KEY (a)) PARTITION BY RANGE (b);",
     "unique constraint on partitioned table must include all partitioning columns",
     "PRIMARY KEY constraint on table \"z\" lacks column \"b\" which is part of the partition key."},
    {"CREATE TABLE z (a int, b int) PARTITION BY RANGE (a, b);\nCREATE UNIQUE INDEX ON z (b);",
     "unique constraint on partitioned table must include all partitioning columns",
     "UNIQUE constraint on table \"z\" lacks column \"a\""},
    {"CREATE TABLE z (a int, b int) PARTITION BY RANGE ((a + b));\nALTER TABLE z ADD UNIQUE (a, b);",
     "unsupported UNIQUE constraint with partition key definition", NULL},
    {"CREATE TABLE z (a int) PARTITION BY RANGE (a);\nCREATE INDEX CONCURRENTLY ON z (a);",
     "cannot create index on partitioned table \"z\" concurrently", NULL},
    {"CREATE TABLE k (a int PRIMARY KEY);\nCREATE TABLE f (a int REFERENCES k) PARTITION BY LIST (a);\n"
     "CREATE TABLE f1 PARTITION OF f FOR VALUES IN (1);\nALTER TABLE f1 ALTER CONSTRAINT f_a_fkey "
     "DEFERRABLE;",
     "cannot alter constraint \"f_a_fkey\" on relation \"f1\"",
     "Constraint \"f_a_fkey\" is derived from constraint \"f_a_fkey\" of relation \"f\"."},
    {"CREATE TABLE z (a int, b int, PRIMARY KEY (a)) PARTITION BY RANGE (a);\n"
     "CREATE TABLE z2 PARTITION OF z FOR VALUES FROM (0) TO (1000) PARTITION BY RANGE (b);",
     "unique constraint on partitioned table must include all partitioning columns", NULL},
    {"CREATE TABLE z (c1 int PRIMARY KEY, c2 int) PARTITION BY RANGE (c1);\nCREATE TABLE z1 (LIKE z);\n"
     "ALTER TABLE z1 ADD PRIMARY KEY (c1, c2);\nALTER TABLE z ATTACH PARTITION z1 FOR VALUES FROM (1) TO "
     "(2);",
     "multiple primary keys for table \"z1\" are not allowed", NULL},
    {"CREATE TABLE z (a int, b int, PRIMARY KEY (a)) PARTITION BY RANGE (a);\n"
     "CREATE TABLE z1 (a int NOT NULL, b int) PARTITION BY RANGE (a);\n"
     "CREATE TABLE z11 (a int NOT NULL, b int PRIMARY KEY);\n"
     "ALTER TABLE z1 ATTACH PARTITION z11 FOR VALUES FROM (0) TO (1000);\n"
     "ALTER TABLE z ATTACH PARTITION z1 FOR VALUES FROM (0) TO (10000);",
     "multiple primary keys for table \"z11\" are not allowed", NULL},
    {"CREATE TABLE z (a int) PARTITION BY RANGE (a);\nCREATE INDEX zi ON z (a);\nDROP INDEX CONCURRENTLY zi;",
     "cannot drop partitioned index \"zi\" concurrently", NULL},

    /* accepted by PostgreSQL: no error */
    {IDX_T "ALTER INDEX q ATTACH PARTITION q1_a_b_idx;\nALTER INDEX q ATTACH PARTITION q1_a_b_idx;", NULL,
     NULL},
    {IDX_T "CREATE INDEX t1 ON q1 (a DESC, b);\nALTER INDEX q ATTACH PARTITION t1;", NULL, NULL},
    {IDX_T "ALTER INDEX q ATTACH PARTITION no_such_index;", NULL, NULL},
    {"CREATE TABLE ix (a int) PARTITION BY RANGE (a);\nCREATE TABLE q1 PARTITION OF ix DEFAULT;\n"
     "ALTER TABLE q1 ALTER a SET NOT NULL;\nALTER TABLE ONLY ix ADD PRIMARY KEY (a);",
     NULL, NULL},
    {RANGE_T "CREATE TABLE p1 PARTITION OF r FOR VALUES FROM (0, 0) TO (5, 0);\n"
             "CREATE TABLE p2 PARTITION OF r FOR VALUES FROM (5, 0) TO (9, 0);\n"
             "CREATE TABLE p3 PARTITION OF r FOR VALUES FROM (MINVALUE, MINVALUE) TO (0, 0);\n"
             "CREATE TABLE p4 PARTITION OF r FOR VALUES FROM (9, 0) TO (MAXVALUE, MAXVALUE);\n"
             "CREATE TABLE p5 PARTITION OF r DEFAULT;",
     NULL, NULL},
    {RANGE_T "CREATE TABLE p0 PARTITION OF r FOR VALUES FROM (0, MINVALUE) TO (0, MAXVALUE);\n"
             "CREATE TABLE p1 PARTITION OF r FOR VALUES FROM (1, MINVALUE) TO (1, 1);\n"
             "CREATE TABLE p2 PARTITION OF r FOR VALUES FROM (1, 1) TO (1, 10);",
     NULL, NULL},
    /* text under the database's collation: no order known */
    {"CREATE TABLE s (v text) PARTITION BY RANGE (v);\n"
     "CREATE TABLE p1 PARTITION OF s FOR VALUES FROM ('a') TO ('m');\n"
     "CREATE TABLE p2 PARTITION OF s FOR VALUES FROM ('B') TO ('Z');",
     NULL, NULL},
    {"CREATE TABLE s (v text COLLATE \"C\") PARTITION BY RANGE (v COLLATE \"en_US\");\n"
     "CREATE TABLE p1 PARTITION OF s FOR VALUES FROM ('a') TO ('m');\n"
     "CREATE TABLE p2 PARTITION OF s FOR VALUES FROM ('B') TO ('Z');",
     NULL, NULL},
    /* timestamps with time zone read in the session's zone: only whole days are ordered */
    {"CREATE TABLE e (t timestamptz) PARTITION BY RANGE (t);\n"
     "CREATE TABLE p1 PARTITION OF e FOR VALUES FROM ('2024-03-10 01:00') TO ('2024-03-10 02:30');\n"
     "CREATE TABLE p2 PARTITION OF e FOR VALUES FROM ('2024-03-10 02:30') TO ('2024-03-10 03:15');",
     NULL, NULL},
    {"CREATE TABLE e (t timestamptz) PARTITION BY RANGE (t);\n"
     "CREATE TABLE p1 PARTITION OF e FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');\n"
     "CREATE TABLE p2 PARTITION OF e FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');",
     NULL, NULL},
    {HASH_T "CREATE TABLE p1 PARTITION OF h FOR VALUES WITH (MODULUS 4, REMAINDER 1);\n"
            "CREATE TABLE p2 PARTITION OF h FOR VALUES WITH (MODULUS 8, REMAINDER 3);\n"
            "CREATE TABLE p3 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);",
     NULL, NULL},
    {LIST_T
     "CREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x', 'x ');\n"
     "CREATE TABLE p2 PARTITION OF l FOR VALUES IN ('X', NULL);\nCREATE TABLE p3 PARTITION OF l DEFAULT;",
     NULL, NULL},
    {"CREATE TABLE c (a int, b char(3)) PARTITION BY LIST (b);\n"
     "CREATE TABLE p1 PARTITION OF c FOR VALUES IN ('x');\nCREATE TABLE p2 PARTITION OF c FOR VALUES IN "
     "('y');",
     NULL, NULL},
    /* a value of a type the model does not evaluate: only the same text is the same value */
    {"CREATE TABLE u (a uuid) PARTITION BY LIST (a);\n"
     "CREATE TABLE p1 PARTITION OF u FOR VALUES IN ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');\n"
     "CREATE TABLE p2 PARTITION OF u FOR VALUES IN ('b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11');",
     NULL, NULL},
    {"CREATE TABLE z (a int, b text) PARTITION BY RANGE ((a + 1), lower(b));", NULL, NULL},
    /* an expression key's stored text drops its casts: its type is not trusted */
    {"CREATE TABLE x (a int) PARTITION BY LIST ((a::text));\n"
     "CREATE TABLE x1 PARTITION OF x FOR VALUES IN ('1', true);\nCREATE TABLE x2 PARTITION OF x FOR VALUES "
     "IN ('01');",
     NULL, NULL},
    {LIST_T "CREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x');\nCREATE TABLE p2 PARTITION OF l DEFAULT;\n"
            "ALTER TABLE l DETACH PARTITION p1;",
     NULL, NULL},
    {LIST_T "CREATE TABLE p1 PARTITION OF l FOR VALUES IN ('x');\n"
            "ALTER TABLE l ADD CONSTRAINT ck CHECK (a > 0) NO INHERIT;",
     "cannot add NO INHERIT constraint to partitioned table \"l\"", NULL},
    {"CREATE TABLE z (a int, b int, PRIMARY KEY (b, a)) PARTITION BY RANGE (a);\n"
     "CREATE UNIQUE INDEX ON z (a, b);\nCREATE INDEX ON z (b);",
     NULL, NULL},
    {"CREATE TABLE z (a int, b int, PRIMARY KEY (a, b)) PARTITION BY RANGE (a);\n"
     "CREATE TABLE z1 (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b));\n"
     "ALTER TABLE z ATTACH PARTITION z1 FOR VALUES FROM (0) TO (10);\n"
     "CREATE TABLE z2 PARTITION OF z FOR VALUES FROM (10) TO (20) PARTITION BY LIST (b);",
     NULL, NULL},
    {"CREATE TEMP TABLE z (a int) PARTITION BY RANGE (a);\nCREATE INDEX zi ON z (a);\nDROP INDEX "
     "CONCURRENTLY zi;",
     NULL, NULL},
    {"CREATE TABLE m (a int, b int) PARTITION BY RANGE (a);\nCREATE TABLE m4 (LIKE m);\n"
     "ALTER TABLE m4 DROP a;",
     NULL, NULL},
};

static int last_line(const char *sql)
{
	int n = 1;
	for (const char *p = sql; *p; p++)
		n += *p == '\n';
	return n;
}

static void test_partition_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const PartCase *c = &cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		bool ok = c->message ? d && replayed_errors(&r) == 1 && !strcmp(d->message, c->message) &&
		                           d->line == last_line(c->sql) &&
		                           (!c->detail || (d->detail && strstr(d->detail, c->detail)))
		                     : !d;
		if (!ok) {
			fprintf(stderr, "case %zu (%s): want %s\n", i, c->sql,
			        c->message ? c->message : "no error");
			replayed_print_errors(&r);
			if (d && d->detail)
				fprintf(stderr, "  detail: %s\n", d->detail);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* ATTACH makes the columns and CHECKs inherited (a parent's DROP reaches them); after DETACH a RENAME
 * COLUMN of the former partition leaves the former parent's key and index alone. */
static void test_attach_detach_catalog(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r,
	             "CREATE TABLE p (k int NOT NULL, a text, PRIMARY KEY (k), CONSTRAINT ck CHECK (k > 0)) "
	             "PARTITION BY RANGE (k);\n"
	             "CREATE INDEX pa ON p (a);\n"
	             "CREATE TABLE q (LIKE p INCLUDING CONSTRAINTS);\n"
	             "ALTER TABLE p ATTACH PARTITION q FOR VALUES FROM (1) TO (10);\n"
	             "ALTER TABLE p DROP COLUMN a;\n"
	             "ALTER TABLE p DROP CONSTRAINT ck;\n"
	             "CREATE TABLE q2 PARTITION OF p FOR VALUES FROM (10) TO (20);\n"
	             "ALTER TABLE p DETACH PARTITION q2;\n"
	             "ALTER TABLE q2 RENAME COLUMN k TO kk;\n",
	             NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	CatTable *q = (CatTable *)catalog_find_relation(r.cat, "public", "q");
	CatTable *p = (CatTable *)catalog_find_relation(r.cat, "public", "p");
	assert_non_null(q);
	assert_non_null(p);
	assert_null(table_find_column(q, "a"));
	assert_null(catalog_find_constraint(r.cat, q, "ck"));
	const CatColumn *k = table_find_column(q, "k");
	assert_non_null(k);
	assert_false(k->is_local);
	assert_int_equal(k->inhcount, 1);
	CatConstraint *pk = catalog_find_constraint(r.cat, p, "p_pkey");
	assert_non_null(pk);
	assert_string_equal(pk->columns[0], "k");
	assert_string_equal(pk->index->keys[0].column, "k");
	replayed_free(&r);
}

/* The index ATTACH clones is named after the parent index's column names as CREATE INDEX stored them. */
static void test_clone_index_name(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r,
	             "CREATE TABLE p (k int, a text) PARTITION BY LIST (k);\n"
	             "CREATE INDEX ON p (a);\n"
	             "ALTER TABLE p RENAME COLUMN a TO b;\n"
	             "CREATE TABLE q (LIKE p);\n"
	             "ALTER TABLE p ATTACH PARTITION q FOR VALUES IN (1);\n",
	             NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	assert_non_null(catalog_find_relation(r.cat, "public", "q_a_idx"));
	assert_null(catalog_find_relation(r.cat, "public", "q_b_idx"));
	replayed_free(&r);
}

/* DETACH ... CONCURRENTLY leaves a CHECK equal to the partition constraint (DetachAddConstraintIfNeeded),
 * named like an unnamed CHECK, unless the partition's constraints imply it (weakly: IS NOT NULL needs an IS
 * NOT NULL or a NOT NULL column); a plain DETACH leaves none. */
static void test_detach_concurrently_check(void **state)
{
	(void)state;
	static const struct {
		const char *table, *conname, *expr; /* EXPR NULL: no constraint at all */
	} want[] = {
	    {"p1", "p1_a_check", "a IS NOT NULL AND a >= 0 AND a < 100"},
	    {"p2", NULL, NULL},
	    {"p3", "p3_a_check", "a IS NOT NULL AND a >= -10 AND a < 0"},
	    {"p4", NULL, NULL},
	    {"l1", "l1_t_check", "t IS NULL OR t = ANY('{x,\"a b\"}')"},
	    {"l2", "l2_t_check1", "t IS NOT NULL AND t = 'y'"},
	    {"l3", "l3_t_check", "t IS NOT NULL AND t = 'z'"},
	    {"s11", "s11_check", "a IS NOT NULL AND a >= 0 AND a < 100 AND b IS NOT NULL AND b = 1"},
	    {"m2", "m2_check",
	     "a IS NOT NULL AND b IS NOT NULL AND (a > 2 OR (a = 2 AND b >= 5)) AND (a < 3 OR (a = 3 AND b < "
	     "7))"},
	    {"m3", "m3_check", "a IS NOT NULL AND b IS NOT NULL AND a >= 4 AND a <= 5"},
	    {"m4", NULL, NULL}, /* its CHECK proves one arm of each OR */
	    {"n1", "n1_check",
	     "a IS NOT NULL AND b IS NOT NULL AND c IS NOT NULL AND a = 1 AND (b > 2 OR (b = 2 AND c >= 3)) "
	     "AND "
	     "(b < 5 OR (b = 5 AND c < 0))"},
	};
	Replayed r;
	replayed_run(
	    &r,
	    "CREATE TABLE r (a int, b int) PARTITION BY RANGE (a);\n"
	    "CREATE TABLE p1 PARTITION OF r FOR VALUES FROM (0) TO (100);\n"
	    "ALTER TABLE r DETACH PARTITION p1 CONCURRENTLY;\n"
	    "CREATE TABLE p2 PARTITION OF r (CHECK (a >= 123 AND a < 133 AND a IS NOT NULL)) "
	    "FOR VALUES FROM (100) TO (200);\n"
	    "ALTER TABLE r DETACH PARTITION p2 CONCURRENTLY;\n"
	    "CREATE TABLE p3 PARTITION OF r FOR VALUES FROM (-10) TO (0);\n"
	    "ALTER TABLE r DETACH PARTITION p3 CONCURRENTLY;\n"
	    "CREATE TABLE p4 PARTITION OF r FOR VALUES FROM (300) TO (400);\n"
	    "ALTER TABLE r DETACH PARTITION p4;\n"
	    "CREATE TABLE l (t text) PARTITION BY LIST (t);\n"
	    "CREATE TABLE l1 PARTITION OF l FOR VALUES IN ('x', NULL, 'a b');\n"
	    "ALTER TABLE l DETACH PARTITION l1 CONCURRENTLY;\n"
	    "CREATE TABLE l2 PARTITION OF l (CONSTRAINT l2_t_check CHECK (t = 'y')) FOR VALUES IN ('y');\n"
	    "ALTER TABLE l DETACH PARTITION l2 CONCURRENTLY;\n"
	    "CREATE TABLE l3 PARTITION OF l FOR VALUES IN ('z');\n"
	    "ALTER TABLE l DETACH PARTITION l3 CONCURRENTLY;\n"
	    "ALTER TABLE l ATTACH PARTITION l3 FOR VALUES IN ('z');\n"
	    "ALTER TABLE l DETACH PARTITION l3 CONCURRENTLY;\n"
	    "CREATE TABLE s1 PARTITION OF r FOR VALUES FROM (0) TO (100) PARTITION BY LIST (b);\n"
	    "CREATE TABLE s11 PARTITION OF s1 FOR VALUES IN (1);\n"
	    "ALTER TABLE s1 DETACH PARTITION s11 CONCURRENTLY;\n"
	    "CREATE TABLE m (a int, b int) PARTITION BY RANGE (a, b);\n"
	    "CREATE TABLE m2 PARTITION OF m FOR VALUES FROM (2, 5) TO (3, 7);\n"
	    "CREATE TABLE m3 PARTITION OF m FOR VALUES FROM (4, MINVALUE) TO (5, MAXVALUE);\n"
	    "ALTER TABLE m DETACH PARTITION m2 CONCURRENTLY;\n"
	    "ALTER TABLE m DETACH PARTITION m3 CONCURRENTLY;\n"
	    "CREATE TABLE m4 PARTITION OF m (CHECK (a IS NOT NULL AND b IS NOT NULL AND a > 6 AND a < 7)) "
	    "FOR VALUES FROM (6, 0) TO (7, 0);\n"
	    "ALTER TABLE m DETACH PARTITION m4 CONCURRENTLY;\n"
	    "CREATE TABLE n (a int, b int, c int) PARTITION BY RANGE (a, b, c);\n"
	    "CREATE TABLE n1 PARTITION OF n FOR VALUES FROM (1, 2, 3) TO (1, 5, 0);\n"
	    "ALTER TABLE n DETACH PARTITION n1 CONCURRENTLY;\n",
	    NULL, NULL);
	replayed_print_errors(&r);
	assert_int_equal(replayed_errors(&r), 0);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		CatTable *t = (CatTable *)catalog_find_relation(r.cat, "public", want[i].table);
		assert_non_null(t);
		size_t nchecks = 0;
		const CatConstraint *got = NULL;
		for (size_t j = 0; j < t->constraints.n; j++) {
			const CatConstraint *k = t->constraints.items[j];
			if (k->contype == CON_CHECK &&
			    (!want[i].conname || !strcmp(k->h.name, want[i].conname)))
				got = k;
			nchecks += k->contype == CON_CHECK;
		}
		if (!want[i].expr) {
			if (nchecks != (strcmp(want[i].table, "p2") && strcmp(want[i].table, "m4") ? 0u : 1u))
				fail_msg("%s: %zu checks", want[i].table, nchecks);
			continue;
		}
		if (!got)
			fail_msg("%s: no constraint %s", want[i].table, want[i].conname);
		assert_false(got->not_valid);
		assert_string_equal(got->check_expr, want[i].expr);
	}
	replayed_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_partition_cases),
	    cmocka_unit_test(test_attach_detach_catalog),
	    cmocka_unit_test(test_clone_index_name),
	    cmocka_unit_test(test_detach_concurrently_check),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
