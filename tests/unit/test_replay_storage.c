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
