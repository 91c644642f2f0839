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
