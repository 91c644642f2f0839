/* test_fnbody.c — CREATE FUNCTION's checks of the body (replay_fnbody.c), each case measured on PostgreSQL
 * 15.18: the AS clause (interpret_AS_clause), and with check_function_bodies on the SQL-language validator
 * (fmgr_sql_validator, check_sql_fn_retval): a body that does not parse, with the caret inside the body, a
 * $n beyond the parameters, a final statement that cannot give the declared result. And the bodies
 * PostgreSQL takes, which must stay accepted. */
#include "unit.h"
#include "replay_util.h"
#include "sql/parse.h"

typedef struct FnCase {
	const char *sql;
	const char *rule;    /* the one error expected, NULL: none */
	const char *message; /* its message */
	const char *caret;   /* the error's place: the text it starts at (first match), NULL: not checked */
} FnCase;

#define T "CREATE TABLE t (a int, b text);\n"

static const FnCase cases[] = {
    /* the AS clause */
    {"CREATE FUNCTION f(x int) RETURNS int LANGUAGE SQL AS $$ SELECT x * 2 $$ RETURN x * 3;",
     "invalid-function-definition", "duplicate function body specified", NULL},
    {"CREATE FUNCTION f(x anyarray) RETURNS anyelement LANGUAGE SQL RETURN x[1];",
     "invalid-function-definition",
     "SQL function with unquoted function body cannot have polymorphic arguments", NULL},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE SQL AS 'a', 'b';", "invalid-function-definition",
     "only one AS item needed for language \"sql\"", NULL},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE plpgsql RETURN 1;", "invalid-function-definition",
     "inline SQL function body only valid for language SQL", NULL},
    /* the validator */
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE SQL AS 'SELECT ''not an integer'';';",
     "invalid-function-definition", "return type mismatch in function declared to return integer", NULL},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE SQL AS 'SELECT 1, 2, 3;';", "invalid-function-definition",
     "return type mismatch in function declared to return integer", NULL},
    {T "CREATE FUNCTION f() RETURNS int LANGUAGE SQL AS 'UPDATE t SET a = 1';", "invalid-function-definition",
     "return type mismatch in function declared to return integer", NULL},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE SQL AS 'SELECT $2;';", "undefined-parameter",
     "there is no parameter $2", "$2;"},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE SQL AS 'not even SQL';", "syntax-error",
     "syntax error at or near \"not\"", "not even"},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE SQL AS $b$\nSELECT 1;\nSELEC 2;\n$b$;", "syntax-error",
     "syntax error at or near \"SELEC\"", "SELEC 2"},
    {"CREATE FUNCTION f(int) RETURNS text LANGUAGE SQL AS 'SELECT ''it''''s'' x y';", "syntax-error",
     "syntax error at or near \"y\"", "y';"},
    /* accepted */
    {"SET check_function_bodies = off;\nCREATE FUNCTION f(int) RETURNS int LANGUAGE SQL AS 'SELECT 1, $2';",
     NULL, NULL, NULL},
    {"SET check_function_bodies TO false;\nRESET check_function_bodies;\nCREATE FUNCTION f(int) RETURNS int "
     "LANGUAGE SQL AS 'SELECT 1, 2';",
     "invalid-function-definition", "return type mismatch in function declared to return integer", NULL},
    {T "CREATE FUNCTION f() RETURNS void LANGUAGE SQL AS 'UPDATE t SET a = 1';", NULL, NULL, NULL},
    {T "CREATE FUNCTION f() RETURNS int LANGUAGE SQL AS 'UPDATE t SET a = 1; SELECT 1';", NULL, NULL, NULL},
    {T "CREATE FUNCTION f() RETURNS int LANGUAGE SQL AS 'UPDATE t SET a = 1 RETURNING a';", NULL, NULL, NULL},
    {T "CREATE FUNCTION f() RETURNS SETOF t LANGUAGE SQL AS 'SELECT * FROM t';", NULL, NULL, NULL},
    {T "CREATE FUNCTION f() RETURNS t LANGUAGE SQL AS 'SELECT 1, ''x''';", NULL, NULL, NULL},
    {T "CREATE FUNCTION f() RETURNS int LANGUAGE SQL AS 'SELECT * FROM t';", NULL, NULL, NULL},
    {"CREATE FUNCTION f() RETURNS record LANGUAGE SQL AS 'SELECT 1, 2';", NULL, NULL, NULL},
    {"CREATE FUNCTION f() RETURNS TABLE(a int, b int) LANGUAGE SQL AS 'SELECT 1, 2';", NULL, NULL, NULL},
    {"CREATE FUNCTION f() RETURNS text LANGUAGE SQL AS 'SELECT ''x''';", NULL, NULL, NULL},
    {"CREATE FUNCTION f() RETURNS int LANGUAGE SQL AS 'SELECT NULL';", NULL, NULL, NULL},
    {"CREATE FUNCTION f(anyelement) RETURNS anyelement LANGUAGE SQL AS 'SELECT $1, $2';", NULL, NULL, NULL},
    {"CREATE FUNCTION f(a int, OUT b int) LANGUAGE SQL AS 'SELECT $1';", NULL, NULL, NULL},
    {"CREATE PROCEDURE p(int) LANGUAGE SQL AS 'SELECT $1';", NULL, NULL, NULL},
    {"CREATE FUNCTION f(x int) RETURNS int LANGUAGE SQL RETURN x * 3;", NULL, NULL, NULL},
    {"CREATE FUNCTION f(int) RETURNS int LANGUAGE plpgsql AS 'BEGIN RETURN $1; END';", NULL, NULL, NULL},
};

static void test_fnbody_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const FnCase *c = &cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		bool ok = c->rule ? d && replayed_errors(&r) == 1 && !strcmp(d->rule, c->rule) &&
		                        !strcmp(d->message, c->message)
		                  : !d;
		if (ok && c->caret) {
			const char *at = strstr(c->sql, c->caret);
			int line, col;
			sql_offset_to_linecol(c->sql, (size_t)(at - c->sql), &line, &col);
			ok = d->line == line && d->col == col;
			if (!ok)
				fprintf(stderr, "case %zu: caret %d:%d, want %d:%d\n", i, d->line, d->col,
				        line, col);
		}
		if (!ok) {
			fprintf(stderr, "case %zu (%s): want %s %s\n", i, c->sql,
			        c->rule ? c->rule : "no error", c->message ? c->message : "");
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
	    cmocka_unit_test(test_fnbody_cases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
