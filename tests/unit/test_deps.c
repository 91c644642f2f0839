/* test_deps.c — dependencies the replay records as PostgreSQL's pg_depend does, each case measured on
 * PostgreSQL 15.18: a grouped view's dependency on the primary key that makes its ungrouped columns legal
 * (check_functional_grouping), a view's column dependencies through a function returning a table's row
 * type (process_function_rte_ref); and statements PostgreSQL accepts that the model once refused (a table
 * moved into pg_catalog, CREATE SCHEMA AUTHORIZATION CURRENT_ROLE after SET ROLE). */
#include "unit.h"
#include "replay_util.h"

typedef struct DepCase {
	const char *name;
	const char *sql;
	const char *rule;    /* the one error expected, NULL: none */
	const char *message; /* its message */
} DepCase;

#define PK_TABLE "CREATE TABLE t (key int PRIMARY KEY, data text);\n"
#define DROP_PK  "\nALTER TABLE t DROP CONSTRAINT t_pkey;"
#define ROW_FN                                                                                           \
	"CREATE TABLE r (f1 int, f3 int);\nCREATE FUNCTION rf() RETURNS SETOF r LANGUAGE plpgsql AS $$ " \
	"BEGIN "                                                                                         \
	"RETURN QUERY SELECT * FROM r; END $$;\n"

static const DepCase cases[] = {
    /* functional dependency on the primary key */
    {"SELECT * grouped by the key", PK_TABLE "CREATE VIEW v AS SELECT * FROM t GROUP BY key;" DROP_PK,
     "dependent-objects", "cannot drop constraint t_pkey on table t because other objects depend on it"},
    {"an ungrouped column named, qualified",
     PK_TABLE "CREATE VIEW v AS SELECT t.key, t.data FROM t GROUP BY t.key;" DROP_PK, "dependent-objects",
     "cannot drop constraint t_pkey on table t because other objects depend on it"},
    {"only grouped columns: no dependency",
     PK_TABLE "CREATE VIEW v AS SELECT key FROM t GROUP BY key;" DROP_PK, NULL, NULL},
    {"every column grouped: no dependency",
     PK_TABLE "CREATE VIEW v AS SELECT key, data FROM t GROUP BY key, data;" DROP_PK, NULL, NULL},
    {"the ungrouped column only inside an aggregate: no dependency",
     PK_TABLE "CREATE VIEW v AS SELECT key, count(data) FROM t GROUP BY key;" DROP_PK, NULL, NULL},
    {"grouped by position (not concluded): no dependency",
     PK_TABLE "CREATE VIEW v AS SELECT key, data FROM t GROUP BY 1, 2;" DROP_PK, NULL, NULL},
    {"no GROUP BY: no dependency", PK_TABLE "CREATE VIEW v AS SELECT key, data FROM t;" DROP_PK, NULL, NULL},
    /* a function returning a table's row type: the view uses the table's columns */
    {"x.* of a function returning SETOF r",
     ROW_FN "CREATE VIEW v AS SELECT x.* FROM rf() x;\nALTER TABLE r DROP COLUMN f3;", "dependent-objects",
     "cannot drop column f3 of table r because other objects depend on it"},
    {"one column of it, named",
     ROW_FN "CREATE VIEW v AS SELECT x.f3 FROM rf() x;\nALTER TABLE r DROP COLUMN f3;", "dependent-objects",
     "cannot drop column f3 of table r because other objects depend on it"},
    {"a column it does not read can go",
     ROW_FN "CREATE VIEW v AS SELECT x.f1 FROM rf() x;\nALTER TABLE r DROP "
            "COLUMN f3;",
     NULL, NULL},
    {"ROWS FROM ... WITH ORDINALITY: the row type's columns under *",
     ROW_FN "CREATE VIEW v AS SELECT * FROM ROWS FROM (rf(), generate_series(1, 2)) WITH ORDINALITY;\n"
            "ALTER TABLE r DROP COLUMN f3;",
     "dependent-objects", "cannot drop column f3 of table r because other objects depend on it"},
    {"ROWS FROM: a column it does not read can go",
     ROW_FN "CREATE VIEW v AS SELECT x.g, x.f1, x.ordinality FROM ROWS FROM (generate_series(1, 2), rf()) "
            "WITH ORDINALITY AS x(g);\nALTER TABLE r DROP COLUMN f3;",
     NULL, NULL},
    {"one function WITH ORDINALITY",
     ROW_FN "CREATE VIEW v AS SELECT x.f3 FROM rf() WITH ORDINALITY x;\nALTER TABLE r DROP COLUMN f3;",
     "dependent-objects", "cannot drop column f3 of table r because other objects depend on it"},
    {"and its type cannot change",
     ROW_FN "CREATE VIEW v AS SELECT x.f1 FROM rf() x;\nALTER TABLE r ALTER COLUMN f1 TYPE bigint;",
     "dependent-column-type", "cannot alter type of a column used by a view or rule"},
    /* JOIN ... USING: the join condition reads both sides' columns */
    {"a USING column the view does not select",
     "CREATE TABLE a (id int, u int);\nCREATE TABLE b (id int, w int);\nCREATE VIEW v AS SELECT u FROM a "
     "JOIN b "
     "USING (id);\nALTER TABLE b DROP COLUMN id;",
     "dependent-objects", "cannot drop column id of table b because other objects depend on it"},
    {"another column of the joined table can go",
     "CREATE TABLE a (id int, u int);\nCREATE TABLE b (id int, w int);\nCREATE VIEW v AS SELECT u FROM a "
     "JOIN b "
     "USING (id);\nALTER TABLE b DROP COLUMN w;",
     NULL, NULL},
    /* BEGIN ATOMIC bodies are stored parsed: their column references are dependencies */
    {"a column a BEGIN ATOMIC body reads",
     "CREATE TABLE t (a int, b int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a "
     "FROM t; "
     "END;\nALTER TABLE t DROP COLUMN a;",
     "dependent-objects", "cannot drop column a of table t because other objects depend on it"},
    {"a column it does not read",
     "CREATE TABLE t (a int, b int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a "
     "FROM t; "
     "END;\nALTER TABLE t DROP COLUMN b;",
     NULL, NULL},
    /* a foreign key is checked again after a key column changes type (ATPostAlterTypeParse) */
    {"the referenced key becomes text",
     "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int REFERENCES p);\nALTER TABLE p ALTER "
     "COLUMN id "
     "TYPE text;",
     "fk-type-mismatch", "foreign key constraint \"c_id_fkey\" cannot be implemented"},
    {"the referencing column becomes text",
     "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int REFERENCES p);\nALTER TABLE c ALTER "
     "COLUMN id "
     "TYPE text;",
     "fk-type-mismatch", "foreign key constraint \"c_id_fkey\" cannot be implemented"},
    {"int referencing bigint still compares",
     "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int REFERENCES p);\nALTER TABLE p ALTER "
     "COLUMN id "
     "TYPE bigint;",
     NULL, NULL},
    /* statements PostgreSQL accepts */
    {"a table moved into pg_catalog and back",
     "CREATE TABLE nst (id int);\nALTER TABLE nst SET SCHEMA pg_catalog;\nALTER TABLE nst SET SCHEMA "
     "public;\nALTER TABLE nst SET SCHEMA pg_catalog;\nALTER TABLE nst RENAME TO ost;\nDROP TABLE ost;",
     NULL, NULL},
    {"CREATE SCHEMA AUTHORIZATION CURRENT_ROLE is named after the role SET ROLE chose",
     "CREATE ROLE rr;\nSET ROLE rr;\nCREATE SCHEMA AUTHORIZATION CURRENT_ROLE CREATE TABLE rr.tab (id "
     "int);\nDROP SCHEMA rr CASCADE;\nRESET ROLE;",
     NULL, NULL},
    {"CREATE RULE _RETURN turns a table into a view (rules.sql)",
     "CREATE TABLE rv (x int, y text);\nCREATE RULE \"_RETURN\" AS ON SELECT TO rv DO INSTEAD SELECT 1 AS x, "
     "'a'::text AS y;\nDROP VIEW rv;\nCREATE TABLE rv (x int);",
     NULL, NULL},
    {"... whose SELECT must give every column",
     "CREATE TABLE rv (x int, y text);\nCREATE RULE \"_RETURN\" AS ON SELECT TO rv DO INSTEAD SELECT 1 AS x;",
     "invalid-object-definition", "SELECT rule's target list has too few entries"},
    {"a foreign table (not modelled) is never called missing, renamed or not",
     "CREATE FOREIGN TABLE ft (a int) SERVER s;\nCOMMENT ON COLUMN ft.a IS 'x';\nALTER FOREIGN TABLE ft "
     "RENAME TO "
     "ft2;\nCOMMENT ON COLUMN ft2.a IS 'y';\nCREATE TABLE u (x ft2);\nCOMMENT ON COLUMN nosuch.a IS 'z';",
     "undefined-relation", "relation \"nosuch\" does not exist"},
    {"after RESET ROLE it is the session user's",
     "CREATE ROLE rr;\nSET ROLE rr;\nRESET ROLE;\nCREATE SCHEMA AUTHORIZATION CURRENT_USER;\nDROP SCHEMA rr;",
     "undefined-schema", "schema \"rr\" does not exist"},
};

static void test_dep_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const DepCase *c = &cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		bool ok = c->rule ? d && replayed_errors(&r) == 1 && !strcmp(d->rule, c->rule) &&
		                        !strcmp(d->message, c->message)
		                  : !d;
		if (!ok) {
			fprintf(stderr, "case %zu (%s): want %s %s\n", i, c->name,
			        c->rule ? c->rule : "no error", c->message ? c->message : "");
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* What the catalog holds after the statements: WANT in its text, GONE not. */
typedef struct TextCase {
	const char *sql;
	const char *want, *gone;
} TextCase;

static const TextCase text_cases[] = {
    /* RENAME COLUMN reaches a view's references through the table's alias (fuzz-diff diff-cf8fb377ff) */
    {"CREATE TABLE t11 (id12 int PRIMARY KEY, a13 bigint, a14 smallint);\nCREATE VIEW v33 AS SELECT DISTINCT "
     "(x.a13 + 1) * 2 AS e34, x.a14 AS e35 FROM t11 x;\nALTER TABLE t11 RENAME COLUMN a13 TO rc49;",
     "x.rc49", "a13"},
    {"CREATE TABLE t (a int, b int);\nCREATE TABLE u (a int);\nCREATE VIEW v AS SELECT x.a AS xa, y.a AS ya "
     "FROM t x, u y;\nALTER TABLE t RENAME COLUMN a TO z;",
     "y.a AS ya", "x.a AS"},
};

static void test_text_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(text_cases); i++) {
		const TextCase *c = &text_cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		bool ok =
		    !replayed_errors(&r) && strstr(r.text, c->want) && (!c->gone || !strstr(r.text, c->gone));
		if (!ok) {
			fprintf(stderr, "text case %zu: want \"%s\", not \"%s\", in:\n%s\n", i, c->want,
			        c->gone ? c->gone : "", r.text);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dep_cases),
	    cmocka_unit_test(test_text_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
