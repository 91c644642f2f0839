/* test_replay_format.c — the text and attributes PostgreSQL stores for what a migration makes, as the
 * model derives them: the collations of CREATE TABLE AS columns (parse_collate.c) and the refusal of a
 * collatable column with none derived. Table-driven: each case replays SQL and checks one column. */
#include "unit.h"
#include "replay_util.h"
#include "catalog/literal.h"
#include "catalog/normalize.h"

#define T_COLL                                                                                            \
	"CREATE TABLE tn (a name, b text, c text COLLATE \"C\", d varchar(10) COLLATE \"POSIX\", e int, " \
	"f text[] COLLATE \"C\");\n"

typedef struct CollCase {
	const char *sql;    /* makes table x */
	const char *column; /* a column of x */
	const char *want;   /* its collation as the catalog keeps it (NULL: the type's own) */
} CollCase;

/* Each collation as PostgreSQL 15 derives it (checked against a server with pg_attribute.attcollation). */
static const CollCase ctas_collations[] = {
    {T_COLL "CREATE TABLE x AS SELECT a FROM tn;", "a", NULL},           /* name: "C" is its own */
    {T_COLL "CREATE TABLE x AS SELECT a::text AS v FROM tn;", "v", "C"}, /* name -> text keeps "C" */
    {T_COLL "CREATE TABLE x AS SELECT b FROM tn;", "b", NULL},
    {T_COLL "CREATE TABLE x AS SELECT c FROM tn;", "c", "C"},
    {T_COLL "CREATE TABLE x AS SELECT c || b AS v FROM tn;", "v", "C"}, /* non-default beats default */
    {T_COLL "CREATE TABLE x AS SELECT b || d AS v FROM tn;", "v", "POSIX"},
    {T_COLL "CREATE TABLE x AS SELECT upper(c) AS v FROM tn;", "v", "C"},
    {T_COLL "CREATE TABLE x AS SELECT e::text AS v FROM tn;", "v", NULL}, /* no collatable input */
    {T_COLL "CREATE TABLE x AS SELECT 'lit' AS v FROM tn;", "v", NULL},
    {T_COLL "CREATE TABLE x AS SELECT coalesce(c, 'z') AS v FROM tn;", "v", "C"},
    {T_COLL "CREATE TABLE x AS SELECT (SELECT c FROM tn LIMIT 1) AS v;", "v", "C"},
    {T_COLL "CREATE TABLE x AS SELECT CASE WHEN e > 0 THEN c ELSE b END AS v FROM tn;", "v", "C"},
    {T_COLL "CREATE TABLE x AS SELECT b COLLATE \"POSIX\" AS v FROM tn;", "v", "POSIX"},
    {T_COLL "CREATE TABLE x AS SELECT c COLLATE \"default\" AS v FROM tn;", "v", NULL},
    {T_COLL "CREATE TABLE x AS SELECT * FROM (SELECT a::text AS v, c FROM tn) s;", "v", "C"},
    {T_COLL "CREATE TABLE x AS SELECT f[1] AS v FROM tn;", "v", "C"},
    {T_COLL "CREATE TABLE x AS SELECT c AS v FROM tn UNION SELECT b FROM tn;", "v", "C"},
    {T_COLL "CREATE TABLE x AS WITH w AS (SELECT c AS v FROM tn) SELECT v FROM w;", "v", "C"},
    {T_COLL "SELECT c AS v INTO x FROM tn;", "v", "C"},
    {T_COLL "CREATE TABLE x AS SELECT length(c) AS v FROM tn;", "v", NULL}, /* integer */
};

static void test_ctas_collations(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(ctas_collations); i++) {
		const CollCase *c = &ctas_collations[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		CatTable *t = (CatTable *)catalog_find_relation(r.cat, "public", "x");
		CatColumn *col = t ? table_find_column(t, c->column) : NULL;
		const char *got = col ? col->collation : "(no column)";
		bool ok =
		    !replayed_errors(&r) && col && (c->want ? got && !strcmp(got, c->want) : got == NULL);
		if (!ok) {
			fprintf(stderr, "case %zu (%s): want %s, got %s\n", i, c->sql,
			        c->want ? c->want : "none", got ? got : "none");
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

typedef struct RefusedCase {
	const char *sql; /* the last statement is the one refused */
	const char *message;
	const char *sqlstate;
} RefusedCase;

static const RefusedCase refused[] = {
    /* heap.c CheckAttributeType: UNION ALL leaves a conflict of implicit collations without one */
    {T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION ALL SELECT d FROM tn;",
     "no collation was derived for column \"c\" with collatable type text", "42P22"},
    {T_COLL "CREATE TABLE x AS SELECT v FROM (SELECT c AS v FROM tn UNION ALL SELECT d FROM tn) s;",
     "no collation was derived for column \"v\" with collatable type text", "42P22"},
    /* select_common_collation: UNION, INTERSECT and EXCEPT need one */
    {T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION SELECT d::text FROM tn;",
     "collation mismatch between implicit collations \"C\" and \"POSIX\"", "42P21"},
    {T_COLL "CREATE TABLE x AS SELECT c FROM tn INTERSECT SELECT d FROM tn;",
     "collation mismatch between implicit collations \"C\" and \"POSIX\"", "42P21"},
    {T_COLL "CREATE TABLE x AS SELECT c || d AS v FROM tn;",
     "no collation was derived for column \"v\" with collatable type text", "42P22"},
};

/* Accepted by PostgreSQL: a conflict that a COLLATE clause resolves, or in a non-collatable result. */
static const char *const accepted[] = {
    T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION ALL SELECT d COLLATE \"C\" FROM tn;",
    T_COLL "CREATE TABLE x AS SELECT length(c || d) AS v FROM tn;",
    T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION ALL SELECT b FROM tn;",
    T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION SELECT d COLLATE \"C\" FROM tn;",
    T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION SELECT b FROM tn;",
    T_COLL "CREATE TABLE x AS SELECT e FROM tn UNION SELECT 1;",
};

static void test_refused(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(refused); i++) {
		const RefusedCase *c = &refused[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		if (!d || strcmp(d->message, c->message) || strcmp(d->sqlstate, c->sqlstate)) {
			fprintf(stderr, "case %zu (%s): want %s\n", i, c->sql, c->message);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

static void test_accepted(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(accepted); i++) {
		Replayed r;
		replayed_run(&r, accepted[i], NULL, NULL);
		if (replayed_errors(&r)) {
			fprintf(stderr, "case %zu (%s): unexpected errors\n", i, accepted[i]);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* The input then output functions of literal.c, as PostgreSQL 15 prints the values. */
static void test_literals(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		char type;        /* f float4, d float8, n numeric, i int4, b boolean */
		const char *want; /* NULL: not a valid input (left unfolded) */
	} cases[] = {
	    {"1e3", 'f', "1000"},
	    {"0.1", 'f', "0.1"},
	    {"1e-7", 'f', "1e-07"},
	    {"1234567", 'f', "1.234567e+06"},
	    {"123456", 'f', "123456"},
	    {"-Infinity", 'f', "-Infinity"},
	    {" NaN ", 'd', "NaN"},
	    {"1e20", 'd', "1e+20"},
	    {"0.0001", 'd', "0.0001"},
	    {"0.00001", 'd', "1e-05"},
	    {"123456789012345", 'd', "123456789012345"},
	    {"1234567890123456", 'd', "1.234567890123456e+15"},
	    {"10.0", 'd', "10"},
	    {"1.1", 'd', "1.1"},
	    {"abc", 'd', NULL},
	    {"1e400", 'd', NULL},
	    {"1e3", 'n', "1000"},
	    {"1.50", 'n', "1.50"},
	    {"-0.0", 'n', "0.0"},
	    {" 007.50 ", 'n', "7.50"},
	    {"1.5e-3", 'n', "0.0015"},
	    {"-2.5", 'n', "-2.5"},
	    {"nan", 'n', "NaN"},
	    {"1x", 'n', NULL},
	    {" +5 ", 'i', "5"},
	    {"2147483648", 'i', NULL},
	    {" yes ", 'b', "true"},
	    {"OF", 'b', "false"},
	    {"o", 'b', NULL},
	    {"1", 'b', "true"},
	    {"tr", 'b', "true"},
	};
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[64];
		char *heap = NULL;
		const char *got = NULL;
		bool b;
		switch (cases[i].type) {
		case 'f':
		case 'd':
			got = lit_float_out(cases[i].in, cases[i].type == 'f', buf, sizeof buf) ? buf : NULL;
			break;
		case 'n':
			got = heap = lit_numeric_out(cases[i].in);
			break;
		case 'i':
			got = lit_int_out(cases[i].in, 32, buf, sizeof buf) ? buf : NULL;
			break;
		case 'b':
			got = lit_bool_in(cases[i].in, &b) ? (b ? "true" : "false") : NULL;
			break;
		}
		if (cases[i].want ? !got || strcmp(got, cases[i].want) : got != NULL) {
			fprintf(stderr, "literal %zu (%s as %c): want %s, got %s\n", i, cases[i].in,
			        cases[i].type, cases[i].want ? cases[i].want : "(invalid)",
			        got ? got : "(invalid)");
			failed++;
		}
		free(heap);
	}
	assert_int_equal(failed, 0);
}

/* A partition key written in PARTITION BY and printed by pg_get_partkeydef normalize alike. */
static void test_partkeys(void **state)
{
	(void)state;
	static const struct {
		const char *written, *server, *want;
	} cases[] = {
	    {"range (((a + b) / 2))", "RANGE ((((a + b) / 2)))", "RANGE (((a + b) / 2))"},
	    {"RANGE (a, ((a + b) / 2))", "RANGE (a, (((a + b) / 2)))", "RANGE (a, ((a + b) / 2))"},
	    {"hash (ltrim(c, 'A'))", "HASH (ltrim(c, 'A'::text))", "HASH ((ltrim(c, 'A')))"},
	    {"range ((b + 0))", "RANGE (((b + 0)))", "RANGE ((b + 0))"},
	    {"list (\"B\")", "LIST (\"B\")", "LIST (\"B\")"},
	};
	Arena a;
	arena_init(&a);
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const char *w = partkey_normalize_sql(&a, cases[i].written);
		const char *s = partkey_normalize_sql(&a, cases[i].server);
		if (strcmp(w, cases[i].want) || strcmp(s, cases[i].want)) {
			fprintf(stderr, "partkey %zu: written -> %s, server -> %s, want %s\n", i, w, s,
			        cases[i].want);
			failed++;
		}
	}
	arena_release(&a);
	assert_int_equal(failed, 0);
}

/* Partition bounds of float and numeric keys as get_const_expr prints the values. */
static void test_bounds(void **state)
{
	(void)state;
	static const struct {
		const char *sql, *part, *want;
	} cases[] = {
	    {"CREATE TABLE p (a double precision) PARTITION BY RANGE (a);\n"
	     "CREATE TABLE x PARTITION OF p FOR VALUES FROM (0) TO (10.0);",
	     "x", "FOR VALUES FROM ('0') TO ('10')"},
	    {"CREATE TABLE p (a real) PARTITION BY RANGE (a);\n"
	     "CREATE TABLE x PARTITION OF p FOR VALUES FROM (0.1) TO ('1e3');",
	     "x", "FOR VALUES FROM ('0.1') TO ('1000')"},
	    {"CREATE TABLE p (a numeric) PARTITION BY LIST (a);\n"
	     "CREATE TABLE x PARTITION OF p FOR VALUES IN (1e3, '1.50', -2.5, 7);",
	     "x", "FOR VALUES IN ('1000', 1.50, '-2.5', '7')"},
	};
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		Replayed r;
		replayed_run(&r, cases[i].sql, NULL, NULL);
		CatTable *t = (CatTable *)catalog_find_relation(r.cat, "public", cases[i].part);
		const char *got = t && t->partition_bound ? t->partition_bound : "(none)";
		if (replayed_errors(&r) || strcmp(got, cases[i].want)) {
			fprintf(stderr, "bound %zu: want %s, got %s\n", i, cases[i].want, got);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* Column types as format_type prints them: one [] whatever the dimensions, bpchar without a length as
 * bpchar (typmod -1); a function's argument types without typmods (format_type_be: character). */
static void test_types(void **state)
{
	(void)state;
	static const struct {
		const char *column, *want;
	} cases[] = {{"b", "integer[]"},
	             {"d", "text[]"},
	             {"h", "bpchar"},
	             {"i", "character(1)"},
	             {"j", "character(3)"},
	             {"m", "bpchar[]"},
	             {"g", "character varying(5)[]"}};
	Replayed r;
	replayed_run(&r,
	             "CREATE TABLE t (b int4[][][], d text[][], g varchar(5)[][], h bpchar, i character, "
	             "j bpchar(3), m bpchar[]);\n"
	             "CREATE FUNCTION f(y bpchar, z char(4)[]) RETURNS int LANGUAGE sql AS 'SELECT 1';",
	             NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	CatTable *t = (CatTable *)catalog_find_relation(r.cat, "public", "t");
	assert_non_null(t);
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		CatColumn *c = table_find_column(t, cases[i].column);
		if (!c || strcmp(c->type, cases[i].want)) {
			fprintf(stderr, "column %s: want %s, got %s\n", cases[i].column, cases[i].want,
			        c ? c->type : "(none)");
			failed++;
		}
	}
	assert_int_equal(failed, 0);
	assert_non_null(strstr(r.text, "f(y character, z character[])"));
	replayed_free(&r);
}

/* Constraint names PostgreSQL chooses (ChooseIndexColumnNames: every key and INCLUDE column, made unique;
 * an expression by FigureIndexColname). */
static void test_constraint_names(void **state)
{
	(void)state;
	static const struct {
		const char *sql, *want;
	} cases[] = {
	    {"CREATE TABLE t (c1 int, c2 int, c3 int);\nALTER TABLE t ADD UNIQUE (c1, c2) INCLUDE (c3);",
	     "t_c1_c2_c3_key"},
	    {"CREATE TABLE t (a int, b int, UNIQUE (a) INCLUDE (a));", "t_a_a1_key"},
	    {"CREATE TABLE t (a int, d tsrange, EXCLUDE USING gist (a WITH =, d WITH &&));", "t_a_d_excl"},
	    {"CREATE TABLE t (a int, EXCLUDE USING gist (abs(a) WITH =));", "t_abs_excl"},
	    {"CREATE TABLE t (a int, b int, EXCLUDE USING gist (a WITH =, a WITH <>) INCLUDE (b));",
	     "t_a_a1_b_excl"},
	};
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		Replayed r;
		replayed_run(&r, cases[i].sql, NULL, NULL);
		if (replayed_errors(&r) || !catalog_find_relation(r.cat, "public", cases[i].want)) {
			fprintf(stderr, "case %zu: no index %s in\n%s\n", i, cases[i].want, r.text);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* Views over XML expressions as the server stores them (transformXmlExpr, transformRangeTableFunc): each
 * fragment must be in the view's normalized definition. */
static void test_xml_views(void **state)
{
	(void)state;
	static const struct {
		const char *view, *fragment;
	} cases[] = {
	    {"CREATE VIEW v AS SELECT xmlconcat('hello', 'you');", "xmlconcat('hello'::xml, 'you'::xml)"},
	    {"CREATE VIEW v AS SELECT xmlforest(name, age AS a) FROM emp;",
	     "xmlforest(emp.name AS name, emp.age AS a)"},
	    {"CREATE VIEW v AS SELECT xmlelement(name e, xmlattributes(name), name) FROM emp;",
	     "xmlelement(name e, xmlattributes(emp.name AS name), emp.name)"},
	    {"CREATE VIEW v AS SELECT xmlserialize(content 'good' AS char(10));",
	     "xmlserialize(content 'good'::xml AS char(10))::char(10)"},
	    {"CREATE VIEW v AS SELECT '<a/>' IS DOCUMENT AS d;", "'<a/>'::xml IS DOCUMENT"},
	    {"CREATE VIEW v AS SELECT * FROM XMLTABLE('/r' PASSING '<r/>' COLUMNS a int PATH 'a', n FOR "
	     "ORDINALITY);",
	     "SELECT \"xmltable\".a, \"xmltable\".n FROM"},
	    {"CREATE VIEW v AS SELECT * FROM XMLTABLE('/r' PASSING '<r/>' COLUMNS a int PATH 'a');",
	     "PASSING '<r/>'::xml"},
	};
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *sql = xasprintf("CREATE TABLE emp (name text, age int);\n%s", cases[i].view);
		Replayed r;
		replayed_run(&r, sql, NULL, NULL);
		if (replayed_errors(&r) || !strstr(r.text, cases[i].fragment)) {
			fprintf(stderr, "case %zu: want %s in\n%s\n", i, cases[i].fragment, r.text);
			replayed_print_errors(&r);
			failed++;
		}
		replayed_free(&r);
		free(sql);
	}
	assert_int_equal(failed, 0);
}

/* A trigger on a built-in function names it with its schema, as the server's catalog does. */
static void test_builtin_trigger_function(void **state)
{
	(void)state;
	Replayed r;
	replayed_run(&r,
	             "CREATE TABLE t (a text);\nCREATE TRIGGER z BEFORE UPDATE ON t FOR EACH ROW EXECUTE "
	             "FUNCTION suppress_redundant_updates_trigger();",
	             NULL, NULL);
	assert_int_equal(replayed_errors(&r), 0);
	CatTable *t = (CatTable *)catalog_find_relation(r.cat, "public", "t");
	assert_non_null(t);
	CatTrigger *tg = catalog_find_trigger(r.cat, &t->h, "z");
	assert_non_null(tg);
	assert_string_equal(tg->function, "pg_catalog.suppress_redundant_updates_trigger()");
	replayed_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ctas_collations), cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_accepted),        cmocka_unit_test(test_literals),
	    cmocka_unit_test(test_partkeys),        cmocka_unit_test(test_bounds),
	    cmocka_unit_test(test_types),           cmocka_unit_test(test_constraint_names),
	    cmocka_unit_test(test_xml_views),       cmocka_unit_test(test_builtin_trigger_function),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
