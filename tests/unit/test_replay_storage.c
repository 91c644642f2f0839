/* test_replay_storage.c — refusals about types made with a range (its multirange), storage (tablespaces,
 * compression), index access methods and operator class options, and misc. ALTER TABLE rules: each PostgreSQL
 * rule with the statement that breaks it (the exact message, on the last statement's line) and a neighbour
 * the server accepts (no error at all). */
#include "unit.h"
#include "replay_util.h"

typedef struct StorageCase {
	const char *sql;
	const char *message; /* the first error's message; NULL: no error at all */
} StorageCase;

static const StorageCase cases[] = {
    /* DefineRange / makeMultirangeTypeName: the multirange type's name is taken */
    {"CREATE TYPE intmultirange AS (x int, y int);\nCREATE TYPE intrange AS RANGE (subtype = int);",
     "type \"intmultirange\" already exists"},
    {"CREATE TYPE intr_multirange AS (x int, y int);\nCREATE TYPE intr AS RANGE (subtype = int);",
     "type \"intr_multirange\" already exists"},
    {"CREATE TABLE intr_multirange (x int);\nCREATE TYPE intr AS RANGE (subtype = int);",
     "type \"intr_multirange\" already exists"},
    {"CREATE TYPE ar AS RANGE (subtype = int);\nCREATE TYPE br AS RANGE (subtype = int, "
     "multirange_type_name = amultir);\nCREATE TYPE amultir AS RANGE (subtype = int8);",
     "type \"amultir\" already exists"},
    {"CREATE TYPE textrange1 AS RANGE (subtype = text, multirange_type_name = int, collation = \"C\");",
     "type \"int4\" already exists"},
    {"CREATE TYPE s AS (x int);\nCREATE TYPE r AS RANGE (subtype = int, multirange_type_name = s);",
     "type \"s\" already exists"},
    /* ... a shell is filled in only by an explicit name; an automatic array type is renamed away */
    {"CREATE TYPE intr_multirange;\nCREATE TYPE intr AS RANGE (subtype = int);",
     "type \"intr_multirange\" already exists"},
    {"CREATE TYPE m;\nCREATE TYPE intr AS RANGE (subtype = int, multirange_type_name = m);", NULL},
    {"CREATE TYPE textrange1 AS RANGE (subtype = text, multirange_type_name = multirange_of_text);\n"
     "CREATE TYPE textrange2 AS RANGE (subtype = text, multirange_type_name = _textrange1);",
     NULL},
    {"CREATE SCHEMA o;\nCREATE TYPE o.intmultirange AS (x int);\nCREATE TYPE intrange AS RANGE (subtype = "
     "int);",
     NULL},
    /* TypeCreate: a type's name against pg_type (a multirange), not against an index's name */
    {"CREATE TYPE intr AS RANGE (subtype = int);\nCREATE TYPE intr_multirange AS ENUM ('a');",
     "type \"intr_multirange\" already exists"},
    {"CREATE TABLE t (a int);\nCREATE INDEX mood ON t (a);\nCREATE SEQUENCE s;\nCREATE TYPE mood AS ENUM "
     "('a');\nCREATE TYPE s AS RANGE (subtype = int);",
     NULL},
    /* CheckAttributeType looks through a multirange to its range's subtype */
    {"CREATE TYPE two_ints AS (a int, b int);\nCREATE TYPE two_ints_range AS RANGE (subtype = two_ints);\n"
     "ALTER TYPE two_ints ADD ATTRIBUTE c two_ints_multirange;",
     "composite type two_ints cannot be made a member of itself"},
    {"CREATE TYPE two_ints AS (a int, b int);\nCREATE TYPE two_ints_range AS RANGE (subtype = two_ints);\n"
     "CREATE TABLE t (c two_ints_multirange);",
     NULL},
    /* DefineIndex: what a built-in access method can do */
    {"CREATE TABLE t (a int, b int, c int);\nCREATE INDEX ON t USING brin (a, b) INCLUDE (c);",
     "access method \"brin\" does not support included columns"},
    {"CREATE TABLE t (a int, b int, c int);\nCREATE INDEX ON t USING hash (a) INCLUDE (c);",
     "access method \"hash\" does not support included columns"},
    {"CREATE TABLE t (a int, b int);\nCREATE INDEX ON t USING hash (a, b);",
     "access method \"hash\" does not support multicolumn indexes"},
    {"CREATE TABLE t (a int);\nCREATE UNIQUE INDEX ON t USING hash (a);",
     "access method \"hash\" does not support unique indexes"},
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t USING brin (a DESC);",
     "access method \"brin\" does not support ASC/DESC options"},
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t USING hash (a NULLS FIRST);",
     "access method \"hash\" does not support NULLS FIRST/LAST options"},
    {"CREATE TABLE t (a int, b int, c int, p point);\nCREATE INDEX ON t USING gist (p) INCLUDE (c);\n"
     "CREATE INDEX ON t USING spgist (p) INCLUDE (c);\nCREATE INDEX ON t (a DESC NULLS LAST) INCLUDE (b);\n"
     "CREATE INDEX ON t USING brin (a, b);\nCREATE INDEX ON t USING rtree (p);",
     NULL},
    /* index_opclass_options: the parameters of a built-in operator class */
    {"CREATE TABLE t (id int);\nCREATE INDEX ON t (id int4_ops(foo=1));",
     "operator class int4_ops has no options"},
    {"CREATE TABLE t (a tsvector);\nCREATE INDEX ON t USING gin (a tsvector_ops(siglen=1));",
     "operator class tsvector_ops has no options"},
    {"CREATE TABLE t (a tsvector);\nCREATE INDEX ON t USING gist (a tsvector_ops(foo=1));",
     "unrecognized parameter \"foo\""},
    {"CREATE TABLE t (a tsvector);\nCREATE INDEX ON t USING gist (a tsvector_ops(siglen=0));",
     "value 0 out of bounds for option \"siglen\""},
    {"CREATE TABLE t (a tsvector);\nCREATE INDEX ON t USING gist (a tsvector_ops(siglen=2048));",
     "value 2048 out of bounds for option \"siglen\""},
    {"CREATE TABLE t (a tsvector);\nCREATE INDEX ON t USING gist (a tsvector_ops(siglen=100, siglen = 200));",
     "parameter \"siglen\" specified more than once"},
    {"CREATE TABLE t (b bytea);\nCREATE INDEX ON t USING brin (b bytea_bloom_ops(n_distinct_per_range = "
     "-1.1));",
     "value -1.1 out of bounds for option \"n_distinct_per_range\""},
    {"CREATE TABLE t (b bytea);\nCREATE INDEX ON t USING brin (b bytea_bloom_ops(false_positive_rate = "
     "0.26));",
     "value 0.26 out of bounds for option \"false_positive_rate\""},
    {"CREATE TABLE t (b int8);\nCREATE INDEX ON t USING brin (b int8_minmax_multi_ops(values_per_range = "
     "7));",
     "value 7 out of bounds for option \"values_per_range\""},
    {"CREATE TABLE t (a tsvector, b bytea, c int8);\nCREATE INDEX ON t USING gist (a "
     "tsvector_ops(siglen=2024));"
     "\nCREATE INDEX ON t USING brin (b bytea_bloom_ops(n_distinct_per_range = -1, false_positive_rate = "
     "0.0001));\nCREATE INDEX ON t USING brin (c int8_minmax_multi_ops(values_per_range = 256));",
     NULL},
    /* ATPrepCmd: one SET ACCESS METHOD; mark_index_clustered: not on a partitioned table */
    {"CREATE TABLE t (a int);\nALTER TABLE t SET ACCESS METHOD heap, SET ACCESS METHOD heap;",
     "cannot have multiple SET ACCESS METHOD subcommands"},
    {"CREATE MATERIALIZED VIEW m AS SELECT 1 AS a;\nALTER MATERIALIZED VIEW m SET ACCESS METHOD heap, SET "
     "ACCESS METHOD heap;",
     "cannot have multiple SET ACCESS METHOD subcommands"},
    {"CREATE TABLE p (a int) PARTITION BY LIST (a);\nCREATE INDEX p_idx ON p (a);\nALTER TABLE p CLUSTER ON "
     "p_idx;",
     "cannot mark index clustered in partitioned table"},
    {"CREATE TABLE p (a int) PARTITION BY LIST (a);\nALTER TABLE p SET WITHOUT CLUSTER;",
     "cannot mark index clustered in partitioned table"},
    {"CREATE TABLE t (a int);\nCREATE INDEX t_idx ON t (a);\nALTER TABLE t CLUSTER ON t_idx;\nALTER TABLE t "
     "SET "
     "WITHOUT CLUSTER, SET ACCESS METHOD heap;\nCREATE MATERIALIZED VIEW m AS SELECT 1 AS a;\nALTER "
     "MATERIALIZED VIEW m SET ACCESS METHOD heap;",
     NULL},
    /* GetAttributeCompression: a toastable type, a known method */
    {"CREATE TABLE t (f1 int COMPRESSION pglz);", "column data type integer does not support compression"},
    {"CREATE DOMAIN d AS bigint;\nCREATE TABLE t (f1 d COMPRESSION lz4);",
     "column data type d does not support compression"},
    {"CREATE TABLE t (a text COMPRESSION I_Do_Not_Exist_Compression);",
     "invalid compression method \"i_do_not_exist_compression\""},
    {"CREATE TABLE t (a text);\nALTER TABLE t ADD COLUMN b int COMPRESSION lz4;",
     "column data type integer does not support compression"},
    {"CREATE TABLE t (a text);\nALTER TABLE t ALTER a SET COMPRESSION zstd;",
     "invalid compression method \"zstd\""},
    {"CREATE TABLE t (a int);\nALTER TABLE t ALTER a SET COMPRESSION pglz;",
     "column data type integer does not support compression"},
    {"CREATE TABLE t (a text COMPRESSION pglz, b int COMPRESSION default, c int[] COMPRESSION lz4, d "
     "varchar(3) COMPRESSION lz4);\nALTER TABLE t ALTER a SET COMPRESSION lz4, ALTER b SET COMPRESSION "
     "default;\nALTER TABLE t ADD COLUMN e jsonb COMPRESSION pglz;",
     NULL},
    /* foreign tables (not held as relations): the refusals that involve them */
    {"CREATE FOREIGN TABLE ft1 (c1 int, c2 text) SERVER s0;\nCREATE INDEX id_ft1_c2 ON ft1 (c2);",
     "cannot create index on relation \"ft1\""},
    {"CREATE TABLE lt1 (a int) PARTITION BY RANGE (a);\nCREATE FOREIGN TABLE ft_part1 PARTITION OF lt1 FOR "
     "VALUES FROM (0) TO (1000) SERVER s0;\nCREATE INDEX ON lt1 (a);\nCREATE UNIQUE INDEX ON lt1 (a);",
     "cannot create unique index on partitioned table \"lt1\""},
    {"CREATE TABLE lt1 (a int) PARTITION BY RANGE (a);\nCREATE TABLE lt1_part1 PARTITION OF lt1 FOR VALUES "
     "FROM (0) TO (1000) PARTITION BY RANGE (a);\nCREATE FOREIGN TABLE ft (a int) SERVER s0;\nALTER TABLE "
     "lt1_part1 ATTACH PARTITION ft FOR VALUES FROM (100) TO (200);\nALTER TABLE lt1 ADD PRIMARY KEY (a);",
     "cannot create unique index on partitioned table \"lt1_part1\""},
    {"CREATE TABLE lt1 (a int) PARTITION BY RANGE (a);\nCREATE FOREIGN TABLE ft_part1 PARTITION OF lt1 FOR "
     "VALUES FROM (0) TO (1000) SERVER s0;\nCREATE FOREIGN TABLE ft_part2 (a int) SERVER s0;\nALTER TABLE "
     "lt1 "
     "ATTACH PARTITION ft_part2 FOR VALUES FROM (1000) TO (2000);\nDROP FOREIGN TABLE ft_part1, ft_part2;\n"
     "CREATE UNIQUE INDEX ON lt1 (a);\nALTER TABLE lt1 ADD PRIMARY KEY (a);",
     NULL},
    {"CREATE TABLE lt1 (a int) PARTITION BY RANGE (a);\nCREATE FOREIGN TABLE f PARTITION OF lt1 FOR VALUES "
     "FROM (0) TO (1) SERVER s0;\nALTER TABLE lt1 DETACH PARTITION f;\nCREATE UNIQUE INDEX ON lt1 (a);",
     NULL},
    {"CREATE TABLE lt1 (a int) PARTITION BY RANGE (a);\nCREATE FOREIGN TABLE f PARTITION OF lt1 FOR VALUES "
     "FROM (0) TO (1) SERVER s0;\nDROP TABLE lt1;\nCREATE TABLE lt1 (a int PRIMARY KEY) PARTITION BY RANGE "
     "(a);",
     NULL},
    {"CREATE TABLE lt1 (a int) PARTITION BY RANGE (a);\nCREATE UNIQUE INDEX ON lt1 (a);\nCREATE FOREIGN "
     "TABLE "
     "ft_part1 PARTITION OF lt1 FOR VALUES FROM (0) TO (1000) SERVER s0;",
     "cannot create foreign partition of partitioned table \"lt1\""},
    {"CREATE TABLE lt1 (a int) PARTITION BY RANGE (a);\nALTER TABLE lt1 ADD PRIMARY KEY (a);\nCREATE FOREIGN "
     "TABLE ft_part2 (a int NOT NULL) SERVER s0;\nALTER TABLE lt1 ATTACH PARTITION ft_part2 FOR VALUES FROM "
     "(1000) TO (2000);",
     "cannot attach foreign table \"ft_part2\" as partition of partitioned table \"lt1\""},
    {"CREATE TEMP TABLE temp_parted (a int) PARTITION BY LIST (a);\nCREATE FOREIGN TABLE foreign_part (a "
     "int) "
     "SERVER s0;\nALTER TABLE temp_parted ATTACH PARTITION foreign_part DEFAULT;",
     "cannot attach a permanent relation as partition of temporary relation \"temp_parted\""},
    {"CREATE FOREIGN TABLE f (a int) SERVER s0;\nCREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ "
     "BEGIN RETURN NULL; END $$;\nCREATE TRIGGER t AFTER INSERT ON f FOR EACH STATEMENT EXECUTE FUNCTION "
     "tf();\nCREATE TRIGGER tt AFTER INSERT ON f REFERENCING NEW TABLE AS n FOR EACH STATEMENT EXECUTE "
     "FUNCTION tf();",
     "\"f\" is a foreign table"},
    {"CREATE FOREIGN TABLE f (a int) SERVER s0;\nCREATE FUNCTION tf() RETURNS trigger LANGUAGE plpgsql AS $$ "
     "BEGIN RETURN NULL; END $$;\nCREATE CONSTRAINT TRIGGER tc AFTER INSERT ON f FOR EACH ROW EXECUTE "
     "FUNCTION tf();",
     "\"f\" is a foreign table"},
    {"CREATE TABLE p (c1 int NOT NULL, c2 text) PARTITION BY LIST (c1);\nCREATE FOREIGN TABLE p1 PARTITION "
     "OF "
     "p FOR VALUES IN (1) SERVER s0;\nALTER TABLE p1 ADD c4 char;",
     "cannot add column to a partition"},
    {"CREATE TABLE p (c1 int NOT NULL, c2 text) PARTITION BY LIST (c1);\nCREATE FOREIGN TABLE p1 PARTITION "
     "OF "
     "p FOR VALUES IN (1) SERVER s0;\nALTER TABLE p1 ALTER c2 DROP NOT NULL;\nALTER TABLE p1 ALTER c1 DROP "
     "NOT "
     "NULL;",
     "column \"c1\" is marked NOT NULL in parent table"},
    {"CREATE SCHEMA a;\nCREATE TABLE p (c1 int) PARTITION BY LIST (c1);\nCREATE FOREIGN TABLE a.f PARTITION "
     "OF "
     "p FOR VALUES IN (1) SERVER s0;\nCREATE FOREIGN TABLE f (c1 int) SERVER s0;\nALTER TABLE f ADD c4 char;",
     NULL},
    {"CREATE TABLE p (c1 int) PARTITION BY LIST (c1);\nCREATE FOREIGN TABLE f PARTITION OF p FOR VALUES IN "
     "(1) "
     "SERVER s0;\nALTER FOREIGN TABLE f RENAME TO g;\nALTER TABLE public.g ADD c4 char;",
     "cannot add column to a partition"},
    {"CREATE TABLE fd_pt1 (c1 int NOT NULL, c8 text);\nCREATE FOREIGN TABLE ft2 (c1 int NOT NULL, c8 text) "
     "SERVER s0;\nALTER FOREIGN TABLE ft2 INHERIT fd_pt1;\nALTER TABLE fd_pt1 ALTER COLUMN c8 TYPE "
     "char(10);\n"
     "ALTER TABLE fd_pt1 ALTER COLUMN c8 TYPE char(10) USING '0';",
     "\"ft2\" is not a table"},
    {"CREATE TABLE fd_pt1 (c1 int NOT NULL, c8 text);\nCREATE FOREIGN TABLE ft2 () INHERITS (fd_pt1) SERVER "
     "s0;\nALTER FOREIGN TABLE ft2 NO INHERIT fd_pt1;\nALTER TABLE fd_pt1 ALTER COLUMN c8 TYPE char(10) "
     "USING "
     "'0';\nALTER TABLE ONLY fd_pt1 ALTER COLUMN c8 TYPE text USING '0';",
     NULL},
    /* MergeAttributes: a column's compression method, inherited or local, must agree */
    {"CREATE TABLE a (f1 text COMPRESSION pglz);\nCREATE TABLE b (f1 text COMPRESSION lz4);\nCREATE TABLE c "
     "() "
     "INHERITS (a, b);",
     "column \"f1\" has a compression method conflict"},
    {"CREATE TABLE a (f1 text COMPRESSION pglz);\nCREATE TABLE c (f1 text COMPRESSION lz4) INHERITS (a);",
     "column \"f1\" has a compression method conflict"},
    {"CREATE TABLE a (f1 text COMPRESSION pglz);\nCREATE TABLE b (f1 text);\nALTER TABLE b ALTER f1 SET "
     "COMPRESSION lz4;\nCREATE TABLE c () INHERITS (a, b);",
     "column \"f1\" has a compression method conflict"},
    {"CREATE TABLE a (f1 text COMPRESSION pglz);\nCREATE TABLE b (f1 text);\nCREATE TABLE c () INHERITS (a, "
     "b);\nCREATE TABLE d (f1 text COMPRESSION pglz) INHERITS (a);\nCREATE TABLE e (LIKE a) INHERITS (b);\n"
     "CREATE TABLE p (f1 text COMPRESSION lz4);\nALTER TABLE p ALTER f1 TYPE text;\nCREATE TABLE q () "
     "INHERITS (a, p);\nCREATE TABLE r (f1 text COMPRESSION lz4);\nCREATE TABLE r1 () INHERITS (r);\nALTER "
     "TABLE r ALTER f1 SET COMPRESSION pglz;\nCREATE TABLE s () INHERITS (a, r1);",
     NULL},
    /* GRANT on columns: a system column is a column (privileges.sql:708) */
    {"CREATE TABLE t (a int);\nGRANT SELECT (a, tableoid, ctid) ON t TO PUBLIC;", NULL},
    {"CREATE TABLE t (a int);\nGRANT SELECT (a, b) ON t TO PUBLIC;",
     "column \"b\" of relation \"t\" does not exist"},
    /* tablespaces: pg_global holds shared relations only; a partitioned relation names no default one */
    {"CREATE TABLE t (a int) TABLESPACE pg_global;",
     "only shared relations can be placed in pg_global tablespace"},
    {"CREATE TABLE t (a int);\nCREATE INDEX ON t (a) TABLESPACE pg_global;",
     "only shared relations can be placed in pg_global tablespace"},
    {"CREATE TABLE t (a int);\nCREATE INDEX i ON t (a);\nALTER INDEX i SET TABLESPACE pg_global;",
     "only shared relations can be placed in pg_global tablespace"},
    {"CREATE TABLE t (a int);\nALTER TABLE t SET TABLESPACE pg_global;",
     "only shared relations can be placed in pg_global tablespace"},
    {"CREATE MATERIALIZED VIEW m TABLESPACE pg_global AS SELECT 1;",
     "only shared relations can be placed in pg_global tablespace"},
    {"CREATE TABLE dflt (a int PRIMARY KEY) PARTITION BY LIST (a) TABLESPACE pg_default;",
     "cannot specify default tablespace for partitioned relations"},
    {"CREATE TABLE dflt (a int PRIMARY KEY USING INDEX TABLESPACE pg_default) PARTITION BY LIST (a);",
     "cannot specify default tablespace for partitioned relations"},
    {"CREATE TABLE p (a int) PARTITION BY LIST (a);\nCREATE INDEX ON p (a) TABLESPACE pg_default;",
     "cannot specify default tablespace for partitioned relations"},
    {"CREATE TABLE t (a int PRIMARY KEY USING INDEX TABLESPACE pg_default) TABLESPACE pg_default;\nCREATE "
     "TABLE p (a int PRIMARY KEY USING INDEX TABLESPACE ts1) PARTITION BY LIST (a) TABLESPACE ts1;\nALTER "
     "TABLE "
     "p SET TABLESPACE pg_default;\nCREATE INDEX pi ON p (a);\nALTER INDEX pi SET TABLESPACE pg_default;\n"
     "CREATE TABLE IF NOT EXISTS t TABLESPACE pg_global AS SELECT 1;",
     NULL},
};

static void test_storage_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const StorageCase *c = &cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		if (c->message ? !d || strcmp(d->message, c->message) : d != NULL) {
			fprintf(stderr, "case %zu: %s\n  expected: %s\n", i, c->sql,
			        c->message ? c->message : "(no error)");
			replayed_print_errors(&r);
			fail();
		}
		if (c->message) { /* on the last statement */
			int lines = 1;
			for (const char *p = c->sql; *p; p++)
				lines += *p == '\n';
			assert_int_equal(d->line, lines);
		}
		replayed_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_storage_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
