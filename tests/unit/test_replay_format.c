/* test_replay_format.c — the text and attributes PostgreSQL stores for what a migration makes, as the
 * model derives them: the collations of CREATE TABLE AS columns (parse_collate.c) and the refusal of a
 * collatable column with none derived. Table-driven: each case replays SQL and checks one column. */
#include "unit.h"
#include "replay_util.h"

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
    {T_COLL "CREATE TABLE x AS SELECT c || d AS v FROM tn;",
     "no collation was derived for column \"v\" with collatable type text", "42P22"},
};

/* Accepted by PostgreSQL: a conflict that a COLLATE clause resolves, or in a non-collatable result. */
static const char *const accepted[] = {
    T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION ALL SELECT d COLLATE \"C\" FROM tn;",
    T_COLL "CREATE TABLE x AS SELECT length(c || d) AS v FROM tn;",
    T_COLL "CREATE TABLE x AS SELECT c FROM tn UNION ALL SELECT b FROM tn;",
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ctas_collations),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_accepted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
