/* test_replay_inherit.c — inheritance, typed tables and row types (replay_inherit.c) and base type
 * definitions (replay_basetype.c): each PostgreSQL rule with the statement that breaks it (the exact message,
 * on the last statement's line) and a neighbour the server accepts (no error at all). */
#include "unit.h"
#include "replay_util.h"

/* A shell type and its I/O functions, for the base type cases. */
#define BT_FUNCS                                                                                             \
	"CREATE TYPE bt;\nCREATE FUNCTION bt_in(cstring) RETURNS bt AS 'textin' LANGUAGE internal STRICT;\n" \
	"CREATE FUNCTION bt_out(bt) RETURNS cstring AS 'textout' LANGUAGE internal STRICT;\n"

typedef struct InhCase {
	const char *sql;
	const char *message; /* the first error's message, or NULL: no error */
} InhCase;

static const InhCase inh_cases[] = {
    /* a domain's CHECK that selects an attribute of its composite type depends on that attribute */
    {"CREATE TYPE ct AS (r float8, i float8);\nCREATE DOMAIN dct AS ct;\n"
     "ALTER DOMAIN dct ADD CONSTRAINT c1 CHECK ((VALUE).r > 0);\nALTER TYPE ct DROP ATTRIBUTE r;",
     "cannot drop column r of composite type ct because other objects depend on it"},
    {"CREATE TYPE ct AS (r float8, i float8);\nCREATE DOMAIN dct AS ct;\n"
     "ALTER DOMAIN dct ADD CONSTRAINT c1 CHECK ((VALUE).r > 0);\nALTER TYPE ct DROP ATTRIBUTE i;",
     NULL},
    {"CREATE TYPE ct AS (r float8, i float8);\nCREATE DOMAIN dct AS ct CHECK ((VALUE).r > 0);\n"
     "ALTER TYPE ct DROP ATTRIBUTE r CASCADE;\nALTER TYPE ct DROP ATTRIBUTE i;",
     NULL},
    /* MergeAttributes: a column inherited from a generated column stays unadorned */
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c (x int, b int DEFAULT 10) INHERITS (p);",
     "column \"b\" inherits from generated column but specifies default"},
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c (x int, b int GENERATED ALWAYS AS IDENTITY) INHERITS (p);",
     "column \"b\" inherits from generated column but specifies identity"},
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c (x int, b int GENERATED ALWAYS AS (a * 3) STORED) INHERITS (p);",
     "child column \"b\" specifies generation expression"},
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c (x int, b int NOT NULL) INHERITS (p);",
     NULL},
    {"CREATE TABLE p (a int, b int);\nCREATE TABLE c (b int DEFAULT 10) INHERITS (p);", NULL},
    /* MergeAttributesIntoExisting (INHERIT) */
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c (a int, b int);\nALTER TABLE c INHERIT p;",
     "column \"b\" in child table must be a generated column"},
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c (a int, b int GENERATED ALWAYS AS (a * 22) STORED);\nALTER TABLE c INHERIT p;",
     "column \"b\" in child table has a conflicting generation expression"},
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\nALTER TABLE c INHERIT p;",
     NULL},
    {"CREATE TABLE p (a text COLLATE \"C\");\nCREATE TABLE c (a text);\nALTER TABLE c INHERIT p;",
     "child table \"c\" has different collation for column \"a\""},
    {"CREATE TABLE p (a int);\nCREATE TABLE c (b int);\nALTER TABLE c INHERIT p;",
     "child table is missing column \"a\""},
    /* MergeConstraintsIntoExisting (ATTACH PARTITION) */
    {"CREATE TABLE p (a int, CONSTRAINT k CHECK (a > 0)) PARTITION BY LIST (a);\n"
     "CREATE TABLE c (a int);\nALTER TABLE p ATTACH PARTITION c FOR VALUES IN (1);",
     "child table is missing constraint \"k\""},
    {"CREATE TABLE p (a int, CONSTRAINT k CHECK (a > 0)) PARTITION BY LIST (a);\n"
     "CREATE TABLE c (a int, CONSTRAINT k CHECK (a >= 0));\nALTER TABLE p ATTACH PARTITION c FOR VALUES IN "
     "(1);",
     "child table \"c\" has different definition for check constraint \"k\""},
    {"CREATE TABLE p (a int, CONSTRAINT k CHECK (a > 0)) PARTITION BY LIST (a);\n"
     "CREATE TABLE c (a int, CONSTRAINT k CHECK (a > 0));\nALTER TABLE p ATTACH PARTITION c FOR VALUES IN "
     "(1);",
     NULL},
    /* ... the attached partition's copy is inherited: the parent's DROP CONSTRAINT takes it */
    {"CREATE TABLE p (a int, CONSTRAINT k CHECK (a > 0)) PARTITION BY LIST (a);\n"
     "CREATE TABLE c (a int, CONSTRAINT k CHECK (a > 0));\nALTER TABLE p ATTACH PARTITION c FOR VALUES IN "
     "(1);\nALTER TABLE c DROP CONSTRAINT k;",
     "cannot drop inherited constraint \"k\" of relation \"c\""},
    {"CREATE TABLE p (a int, CONSTRAINT k CHECK (a > 0)) PARTITION BY LIST (a);\n"
     "CREATE TABLE c (a int, CONSTRAINT k CHECK (a > 0));\nALTER TABLE p ATTACH PARTITION c FOR VALUES IN "
     "(1);\nALTER TABLE p DETACH PARTITION c;\nALTER TABLE c DROP CONSTRAINT k;",
     NULL},
    /* tryAttachPartitionForeignKey: the partition's own equal key becomes the parent's copy */
    {"CREATE TABLE pk (a int PRIMARY KEY);\nCREATE TABLE f (a int) PARTITION BY LIST (a);\n"
     "CREATE TABLE f1 PARTITION OF f (FOREIGN KEY (a) REFERENCES pk) FOR VALUES IN (1);\n"
     "ALTER TABLE f ADD FOREIGN KEY (a) REFERENCES pk;\nALTER TABLE f1 DROP CONSTRAINT f1_a_fkey;",
     "cannot drop inherited constraint \"f1_a_fkey\" of relation \"f1\""},
    {"CREATE TABLE pk (a int PRIMARY KEY);\nCREATE TABLE f (a int) PARTITION BY LIST (a);\n"
     "CREATE TABLE f1 PARTITION OF f (FOREIGN KEY (a) REFERENCES pk) FOR VALUES IN (1);\n"
     "ALTER TABLE f ADD FOREIGN KEY (a) REFERENCES pk;\nALTER TABLE f DETACH PARTITION f1;\n"
     "ALTER TABLE f1 DROP CONSTRAINT f1_a_fkey;",
     NULL},
    /* find_all_inheritors' parent count: a column also inherited from an unrelated parent */
    {"CREATE TABLE p1 (a int, b int);\nCREATE TABLE p2 (b int, c int);\n"
     "CREATE TABLE ch (d int) INHERITS (p1, p2);\nALTER TABLE p1 RENAME b TO bb;",
     "cannot rename inherited column \"b\""},
    {"CREATE TABLE p1 (a int, b int);\nCREATE TABLE p2 (b int, c int);\n"
     "CREATE TABLE ch (d int) INHERITS (p1, p2);\nALTER TABLE p1 RENAME a TO aa;",
     NULL},
    {"CREATE TABLE p1 (f1 int, f2 int);\nCREATE TABLE p2 (f1 int, f3 bigint);\n"
     "CREATE TABLE ch (f4 int) INHERITS (p1, p2);\nALTER TABLE p1 ALTER COLUMN f1 TYPE bigint;",
     "cannot alter inherited column \"f1\" of relation \"ch\""},
    {"CREATE TABLE p1 (f1 int, f2 int);\nCREATE TABLE p2 (f1 int, f3 bigint);\n"
     "CREATE TABLE ch (f4 int) INHERITS (p1, p2);\nALTER TABLE p1 ALTER COLUMN f2 TYPE bigint;",
     NULL},
    /* diamond: both paths are inside the tree */
    {"CREATE TABLE a (x int);\nCREATE TABLE b () INHERITS (a);\nCREATE TABLE c () INHERITS (a);\n"
     "CREATE TABLE d () INHERITS (b, c);\nALTER TABLE a RENAME x TO y;",
     NULL},
    /* ATPrepDropExpression */
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c () INHERITS (p);\nALTER TABLE ONLY p ALTER COLUMN b DROP EXPRESSION;",
     "ALTER TABLE / DROP EXPRESSION must be applied to child tables too"},
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c () INHERITS (p);\nALTER TABLE c ALTER COLUMN b DROP EXPRESSION;",
     "cannot drop generation expression from inherited column"},
    {"CREATE TABLE p (a int, b int GENERATED ALWAYS AS (a * 2) STORED);\n"
     "CREATE TABLE c () INHERITS (p);\nALTER TABLE p ALTER COLUMN b DROP EXPRESSION;",
     NULL},
    /* ATExecAddOf / ATExecDropOf */
    {"CREATE TYPE t0 AS (x int, y numeric(8,2));\nCREATE TABLE t (x int, y bigint);\nALTER TABLE t OF t0;",
     "table \"t\" has different type for column \"y\""},
    {"CREATE TYPE t0 AS (x int, y numeric(8,2));\nCREATE TABLE t (x int, y numeric(9,2));\n"
     "ALTER TABLE t OF t0;",
     "table \"t\" has different type for column \"y\""},
    {"CREATE TYPE t0 AS (x int, y numeric(8,2));\nCREATE TABLE t (y numeric(8,2), x int);\n"
     "ALTER TABLE t OF t0;",
     "table has column \"y\" where type requires \"x\""},
    {"CREATE TYPE t0 AS (x int, y numeric(8,2));\nCREATE TABLE t (x int);\nALTER TABLE t OF t0;",
     "table is missing column \"y\""},
    {"CREATE TYPE t0 AS (x int, y numeric(8,2));\nCREATE TABLE t (x int, y numeric(8,2), z int);\n"
     "ALTER TABLE t OF t0;",
     "table has extra column \"z\""},
    {"CREATE TYPE t0 AS (x int, y numeric(8,2));\nCREATE TABLE p (x int, y numeric(8,2));\n"
     "CREATE TABLE t () INHERITS (p);\nALTER TABLE t OF t0;",
     "typed tables cannot inherit"},
    {"CREATE TABLE r (x int);\nCREATE TABLE t (x int);\nALTER TABLE t OF r;",
     "type r is not a composite type"},
    {"CREATE TYPE t0 AS (z inet, x int, y numeric(8,2));\nALTER TYPE t0 DROP ATTRIBUTE z;\n"
     "CREATE TABLE t (x int, q text, y numeric(8,2));\nALTER TABLE t DROP q;\nALTER TABLE t OF t0;",
     NULL},
    /* ... typed now: a typed table's refusals apply, NOT OF undoes it */
    {"CREATE TYPE t0 AS (x int);\nCREATE TABLE t (x int);\nALTER TABLE t OF t0;\nALTER TABLE t ADD COLUMN z "
     "int;",
     "cannot add column to typed table"},
    {"CREATE TYPE t0 AS (x int);\nCREATE TABLE t (x int);\nALTER TABLE t OF t0;\nALTER TABLE t NOT OF;\n"
     "ALTER TABLE t ADD COLUMN z int;",
     NULL},
    {"CREATE TABLE t (x int);\nALTER TABLE t NOT OF;", "\"t\" is not a typed table"},
    /* CheckAttributeType */
    {"CREATE TABLE r (f1 int);\nALTER TABLE r ADD COLUMN f2 r;",
     "composite type r cannot be made a member of itself"},
    {"CREATE TABLE r (f1 int);\nALTER TABLE r ADD COLUMN f2 r[];",
     "composite type r cannot be made a member of itself"},
    {"CREATE TABLE r (f1 int);\nCREATE DOMAIN ar AS r[];\nALTER TABLE r ADD COLUMN f2 ar;",
     "composite type r cannot be made a member of itself"},
    {"CREATE TABLE r (f1 int);\nCREATE TABLE r2 (f1 int, f2 r);\nALTER TABLE r ADD COLUMN f2 r2;",
     "composite type r cannot be made a member of itself"},
    {"CREATE TABLE r (f1 int);\nCREATE TABLE r2 (f1 int, f2 r);\nALTER TABLE r ADD COLUMN f2 int;\n"
     "ALTER TABLE r ALTER COLUMN f2 TYPE r2;",
     "composite type r cannot be made a member of itself"},
    {"CREATE TYPE c1 AS (a int);\nCREATE TYPE c2 AS (b c1);\nALTER TYPE c1 ADD ATTRIBUTE z c2;",
     "composite type c1 cannot be made a member of itself"},
    {"CREATE TABLE r (f1 int);\nCREATE TABLE r2 (f1 int, f2 r);\nALTER TABLE r2 ADD COLUMN f3 r;", NULL},
    /* find_composite_type_dependencies */
    {"CREATE TABLE t1 (a int, b text);\nCREATE TABLE t2 (x int, y t1);\nALTER TABLE t1 ALTER COLUMN b TYPE "
     "varchar;",
     "cannot alter table \"t1\" because column \"t2.y\" uses its row type"},
    {"CREATE TABLE t1 (a int, b text) PARTITION BY LIST (a);\nCREATE TABLE t2 (x int, y t1[]);\n"
     "ALTER TABLE t1 ALTER COLUMN b TYPE varchar;",
     "cannot alter table \"t1\" because column \"t2.y\" uses its row type"},
    {"CREATE TABLE t1 (a int, b text);\nCREATE TABLE t2 (x int, y text);\nALTER TABLE t1 ALTER COLUMN b TYPE "
     "varchar;",
     NULL},
    {"CREATE TYPE ct AS (a int, b text);\nCREATE TABLE t (x int, y ct);\nALTER TYPE ct ALTER ATTRIBUTE b "
     "TYPE varchar;",
     "cannot alter type \"ct\" because column \"t.y\" uses it"},
    {"CREATE TYPE ct AS (a int, b text);\nCREATE TYPE outer_t AS (c ct);\nCREATE TABLE t (x int, y "
     "outer_t);\nALTER TYPE ct ALTER ATTRIBUTE b TYPE varchar;",
     "cannot alter type \"ct\" because column \"t.y\" uses it"},
    {"CREATE TYPE ct AS (a int, b text);\nCREATE TABLE t (x int);\nALTER TYPE ct ALTER ATTRIBUTE b TYPE "
     "varchar;",
     NULL},
    {"CREATE TYPE ct AS (a int, b text);\nCREATE TABLE t (x int, y text);\n"
     "CREATE INDEX t_idx ON t ((row(x, y)::ct));\nALTER TYPE ct ALTER ATTRIBUTE b TYPE varchar;",
     "cannot alter type \"ct\" because column \"t_idx.row\" uses it"},
    {"CREATE TYPE ct AS (a int, b text);\nCREATE TABLE t (x int, y text);\n"
     "CREATE INDEX t_idx ON t (((row(x, y)::ct).a));\nALTER TYPE ct ALTER ATTRIBUTE b TYPE varchar;",
     NULL},
    /* ATPostAlterTypeCleanup: a domain's CHECK over the composite type is parsed again */
    {"CREATE TYPE comptype AS (r float8, i float8);\nCREATE DOMAIN dcomptype AS comptype;\n"
     "ALTER DOMAIN dcomptype ADD CONSTRAINT c1 CHECK ((value).r > 0);\n"
     "ALTER TYPE comptype ALTER ATTRIBUTE r TYPE varchar;",
     /* (PostgreSQL names the stored cast: character varying > double precision) */
     "operator does not exist: character varying > integer"},
    {"CREATE TYPE comptype AS (r float8, i float8);\nCREATE DOMAIN dcomptype AS comptype;\n"
     "ALTER DOMAIN dcomptype ADD CONSTRAINT c1 CHECK ((value).r > 0);\n"
     "ALTER TYPE comptype ALTER ATTRIBUTE r TYPE bigint;",
     NULL},
    /* get_rels_with_domain */
    {"CREATE DOMAIN posint AS int4;\nCREATE TYPE dt AS (f1 posint);\nCREATE TABLE t (f1 dt);\n"
     "ALTER DOMAIN posint ADD CONSTRAINT c1 CHECK (value >= 0);",
     "cannot alter type \"posint\" because column \"t.f1\" uses it"},
    {"CREATE DOMAIN posint AS int4;\nCREATE TYPE dt AS (f1 posint);\nCREATE TABLE t (f1 dt[]);\n"
     "ALTER DOMAIN posint SET NOT NULL;",
     "cannot alter type \"posint\" because column \"t.f1\" uses it"},
    {"CREATE DOMAIN posint AS int4;\nCREATE TYPE rp AS RANGE (subtype = posint);\nCREATE TABLE t (f1 rp);\n"
     "ALTER DOMAIN posint ADD CONSTRAINT c1 CHECK (value >= 0);",
     "cannot alter type \"posint\" because column \"t.f1\" uses it"},
    {"CREATE DOMAIN posint AS int4;\nCREATE TABLE t (f1 posint);\n"
     "ALTER DOMAIN posint ADD CONSTRAINT c1 CHECK (value >= 0);",
     NULL},
    {"CREATE DOMAIN posint AS int4;\nCREATE TYPE dt AS (f1 posint);\nCREATE TABLE t (f1 dt);\n"
     "ALTER DOMAIN posint ADD CONSTRAINT c1 CHECK (value >= 0) NOT VALID;",
     NULL},
    /* MergeAttributes: storage of merged columns */
    {"CREATE TABLE p1 (a text);\nALTER TABLE p1 ALTER COLUMN a SET STORAGE MAIN;\nCREATE TABLE p2 (a text);\n"
     "CREATE TABLE c () INHERITS (p1, p2);",
     "inherited column \"a\" has a storage parameter conflict"},
    {"CREATE TABLE p1 (a text);\nALTER TABLE p1 ALTER COLUMN a SET STORAGE MAIN;\nCREATE TABLE p2 (a text);\n"
     "CREATE TABLE c (LIKE p2 INCLUDING STORAGE) INHERITS (p1);",
     "column \"a\" has a storage parameter conflict"},
    {"CREATE TABLE p1 (a text);\nALTER TABLE p1 ALTER COLUMN a SET STORAGE MAIN;\nCREATE TABLE p2 (a text);\n"
     "CREATE TABLE c (LIKE p2) INHERITS (p1);",
     NULL},
    {"CREATE TABLE p1 (a text);\nALTER TABLE p1 ALTER COLUMN a SET STORAGE EXTENDED;\nCREATE TABLE p2 (a "
     "text);\nCREATE TABLE c () INHERITS (p1, p2);",
     NULL},
    {"CREATE TABLE p1 (a text);\nALTER TABLE p1 ALTER COLUMN a SET STORAGE MAIN;\nCREATE TABLE p2 (a text);\n"
     "ALTER TABLE p2 ALTER COLUMN a SET STORAGE MAIN;\nCREATE TABLE c () INHERITS (p1, p2);",
     NULL},
    {"CREATE TABLE t (a text);\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t ALTER a SET STORAGE PLAIN;",
     "column \"a\" of relation \"t\" does not exist"},
    {"CREATE TABLE t (a text, b int);\nALTER TABLE t DROP COLUMN a;\nALTER TABLE t ALTER a SET STATISTICS 0;",
     "column \"a\" of relation \"t\" does not exist"},
    /* checkViewTupleDesc: a replaced view's column keeps its collation */
    {"CREATE TABLE vt (a int, d text COLLATE \"C\");\nCREATE VIEW v AS SELECT a, d FROM vt;\n"
     "CREATE OR REPLACE VIEW v AS SELECT a, d COLLATE \"POSIX\" FROM vt;",
     "cannot change collation of view column \"d\" from \"C\" to \"POSIX\""},
    {"CREATE TABLE vt (a int, d text COLLATE \"C\");\nCREATE VIEW v AS SELECT a, d FROM vt;\n"
     "CREATE OR REPLACE VIEW v AS SELECT a, d COLLATE \"C\", 0 AS e FROM vt;",
     NULL},
    /* DefineType / AlterType */
    {"CREATE TYPE bt;\nCREATE TYPE bt (\"Input\" = int42_in, \"Output\" = int42_out, \"Alignment\" = int4);",
     "type input function must be specified"},
    {"CREATE TYPE bt;\nCREATE TYPE bt (INPUT = array_in, OUTPUT = array_out, ELEMENT = int, INTERNALLENGTH = "
     "32);",
     "type input function array_in must return type bt"},
    {BT_FUNCS
     "CREATE TYPE bt (input = bt_in, output = bt_out, storage = main);\nALTER TYPE bt SET (storage = "
     "plain);",
     "cannot change type's storage to PLAIN"},
    {BT_FUNCS
     "CREATE TYPE bt (input = bt_in, output = bt_out, storage = main);\nALTER TYPE bt SET (storage = "
     "extended);",
     NULL},
    {BT_FUNCS "CREATE TYPE bt (input = bt_in, output = bt_out);\nALTER TYPE bt SET (storage = plain);", NULL},
};

static void test_inherit_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof inh_cases / sizeof inh_cases[0]; i++) {
		const InhCase *c = &inh_cases[i];
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

/* What the rules leave in the catalog: the row type a domain is built on holds it (DROP needs CASCADE), and
 * CREATE TABLE's NOT VALID check is valid. */
static void test_inherit_catalog(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r, "CREATE TABLE r (f1 int);\nCREATE DOMAIN ar AS r[];\nDROP TABLE r;", NULL, NULL);
	const Diag *d = replayed_first_error(&r);
	assert_non_null(d);
	assert_string_equal(d->message, "cannot drop table r because other objects depend on it");
	replayed_free(&r);

	replayed_run(&r, "CREATE TABLE t (d date, CHECK (false) NO INHERIT NOT VALID);", NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	assert_null(strstr(r.text, "NOT VALID"));
	replayed_free(&r);
	replayed_run(&r, "CREATE TABLE t (d date);\nALTER TABLE t ADD CHECK (false) NOT VALID;", NULL, NULL);
	assert_non_null(strstr(r.text, "NOT VALID"));
	replayed_free(&r);
	/* FigureIndexColname: ROW(...) names its index column "row" (a bare ROW is a record: refused) */
	replayed_run(&r,
	             "CREATE TABLE t (x int, y text);\nCREATE TYPE xy AS (x int, y text);\n"
	             "CREATE INDEX ON t ((row(x, y)::xy));",
	             NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	assert_non_null(strstr(r.text, "t_row_idx"));
	replayed_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_inherit_cases),
	    cmocka_unit_test(test_inherit_catalog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
