/* test_routines.c — a routine's signature and identity (replay_routine.c, replay_drop.c owa_function), each
 * case measured on PostgreSQL 15.18: what CREATE FUNCTION / PROCEDURE refuses before the body
 * (interpret_function_parameter_list, compute_function_attributes, CreateFunction's result type,
 * ProcedureCreate's polymorphic and OR REPLACE checks, the SQL and PL/pgSQL validators), DROP PROCEDURE by
 * all arguments (LookupFuncWithArgs), and the stored result, body and trigger function text that must equal
 * the server's. The statements PostgreSQL takes must stay accepted. */
#include "unit.h"
#include "replay_util.h"

typedef struct RoutineCase {
	const char *sql;
	const char *message; /* the one error expected (its message), NULL: none */
	const char *text;    /* a line the catalog's canonical text must hold, NULL: not checked */
} RoutineCase;

#define P3  "CREATE PROCEDURE p10(OUT a int, IN b int, IN c int) LANGUAGE sql AS 'SELECT b + c';\n"
#define P3B P3 "CREATE PROCEDURE p10(IN a int, IN b int, IN c int) LANGUAGE sql AS 'SELECT a + b - c';\n"
#define RNG "CREATE FUNCTION rf(f1 int, OUT f2 int) LANGUAGE sql AS 'SELECT $1 + 1';\n"
#define DF  "CREATE FUNCTION df(a int = 1, c numeric = NULL) RETURNS int LANGUAGE sql AS 'SELECT 1';\n"

static const RoutineCase cases[] = {
    /* LookupFuncWithArgs: a procedure is also named by all its arguments */
    {P3 "DROP PROCEDURE p10(int, int, int);", NULL, NULL},
    {P3B "DROP PROCEDURE p10(int, int, int);", "procedure name \"p10\" is not unique", NULL},
    {P3B "DROP ROUTINE p10(int, int, int);", "routine name \"p10\" is not unique", NULL},
    {P3B "DROP PROCEDURE p10(out int, int, int);\nDROP PROCEDURE p10(int, int, int);", NULL, NULL},
    {P3B "DROP PROCEDURE p10(in int, int, int);\nDROP PROCEDURE p10(int, int, int);", NULL, NULL},
    {P3 "DROP FUNCTION p10(int, int, int);", "function p10(integer, integer, integer) does not exist", NULL},
    {P3B "DROP PROCEDURE p10;", "procedure name \"p10\" is not unique", NULL},
    {P3 "CREATE FUNCTION p10(text) RETURNS int LANGUAGE sql AS 'SELECT 1';\nDROP PROCEDURE p10;", NULL, NULL},
    /* attributes a procedure cannot have */
    {"CREATE PROCEDURE p() LANGUAGE sql STRICT AS 'SELECT 1';", "invalid attribute in procedure definition",
     NULL},
    {"CREATE PROCEDURE p() LANGUAGE sql WINDOW AS 'SELECT 1';", "invalid attribute in procedure definition",
     NULL},
    {"CREATE PROCEDURE p() LANGUAGE sql IMMUTABLE AS 'SELECT 1';",
     "invalid attribute in procedure definition", NULL},
    {"CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1';\nALTER PROCEDURE p() STRICT;",
     "invalid attribute in procedure definition", NULL},
    {"CREATE PROCEDURE p() LANGUAGE sql SECURITY DEFINER SET work_mem = '1MB' AS 'SELECT 1';\n"
     "ALTER PROCEDURE p() SECURITY INVOKER;",
     NULL, NULL},
    /* the parameter list */
    {"CREATE PROCEDURE p(a VARIADIC int[], b OUT int) LANGUAGE sql AS 'SELECT a[1]';",
     "VARIADIC parameter must be the last parameter", NULL},
    {"CREATE FUNCTION f(a VARIADIC int[], b OUT int) LANGUAGE sql AS 'SELECT $1[1]';", NULL, NULL},
    {"CREATE FUNCTION f(a VARIADIC int[], b int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "VARIADIC parameter must be the last input parameter", NULL},
    {"CREATE PROCEDURE p(a int DEFAULT 42, b OUT int) LANGUAGE sql AS 'SELECT a';",
     "procedure OUT parameters cannot appear after one with a default value", NULL},
    {"CREATE FUNCTION f(a int DEFAULT 42, b OUT int) LANGUAGE sql AS 'SELECT $1';", NULL, NULL},
    {"CREATE FUNCTION f(VARIADIC a int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "VARIADIC parameter must be an array", NULL},
    {"CREATE FUNCTION f(VARIADIC a text[]) RETURNS int LANGUAGE sql AS 'SELECT 1';", NULL, NULL},
    {"CREATE FUNCTION f(VARIADIC a anyarray) RETURNS int LANGUAGE sql AS 'SELECT 1';", NULL, NULL},
    {"CREATE FUNCTION f(VARIADIC a \"any\") RETURNS text LANGUAGE internal AS 'text_concat';", NULL, NULL},
    {"CREATE FUNCTION f(VARIADIC a int2vector) RETURNS int LANGUAGE sql AS 'SELECT 1';", NULL, NULL},
    {"CREATE FUNCTION f(a int = 1, b int) RETURNS int LANGUAGE sql AS 'SELECT $1 + $2';",
     "input parameters after one with a default value must also have defaults", NULL},
    {"CREATE FUNCTION f(OUT int = 20) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "only input parameters can have default values", NULL},
    {"CREATE FUNCTION f(a int, a int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "parameter name \"a\" used more than once", NULL},
    {"CREATE FUNCTION f(int, OUT a int, OUT a int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "parameter name \"a\" used more than once", NULL},
    {"CREATE FUNCTION f(OUT a int, INOUT a int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "parameter name \"a\" used more than once", NULL},
    {"CREATE FUNCTION f(a int, OUT a int) LANGUAGE sql AS 'SELECT $1';", NULL, NULL},
    {"CREATE FUNCTION f(SETOF int) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "functions cannot accept set arguments", NULL},
    /* the result type */
    {"CREATE FUNCTION f(int) LANGUAGE sql AS 'SELECT 1';", "function result type must be specified", NULL},
    {"CREATE FUNCTION f(IN f1 int, OUT f2 int) RETURNS float AS 'SELECT $1 + 1' LANGUAGE sql;",
     "function result type must be integer because of OUT parameters", NULL},
    {"CREATE FUNCTION f(IN f1 int, OUT f2 int, OUT f3 text) RETURNS int AS 'SELECT $1 + 1' LANGUAGE sql;",
     "function result type must be record because of OUT parameters", NULL},
    {"CREATE FUNCTION f(IN f1 int, OUT f2 int, OUT f3 text) RETURNS SETOF record AS 'SELECT 1, ''x''' "
     "LANGUAGE sql;",
     NULL, NULL},
    {"CREATE FUNCTION f(a int, OUT b int, OUT c text) LANGUAGE sql AS 'SELECT 1, ''x''';", NULL, "record"},
    {"CREATE FUNCTION f(a int, OUT b text) LANGUAGE sql AS 'SELECT ''x''';", NULL, "returns text language"},
    {"CREATE TABLE pt (a int);\nCREATE FUNCTION f() RETURNS SETOF pt.a%TYPE LANGUAGE plpgsql AS "
     "'BEGIN RETURN; END';",
     NULL, "SETOF integer"},
    /* polymorphic and internal results */
    {"CREATE FUNCTION f(anyelement) RETURNS anyrange AS 'SELECT NULL' LANGUAGE sql;",
     "cannot determine result data type", NULL},
    {"CREATE FUNCTION f(int) RETURNS anyelement AS 'SELECT 1' LANGUAGE sql;",
     "cannot determine result data type", NULL},
    {"CREATE FUNCTION f(anycompatible) RETURNS anycompatiblerange AS 'SELECT NULL' LANGUAGE sql;",
     "cannot determine result data type", NULL},
    {"CREATE FUNCTION f(i anyelement, OUT r anyrange, OUT t text) AS 'SELECT NULL, ''x''' LANGUAGE sql;",
     "cannot determine result data type", NULL},
    {"CREATE FUNCTION f(i anyelement) RETURNS TABLE(i anyelement, r anyrange) AS 'SELECT $1, NULL' "
     "LANGUAGE sql;",
     "cannot determine result data type", NULL},
    {"CREATE FUNCTION f(f1 anyarray, OUT f2 anycompatible, OUT f3 anycompatiblearray) AS 'SELECT 1, NULL' "
     "LANGUAGE sql;",
     "cannot determine result data type", NULL},
    {"CREATE FUNCTION f(i anyrange, OUT r anyrange, OUT t text) AS 'SELECT $1, ''x''' LANGUAGE sql;", NULL,
     NULL},
    {"CREATE FUNCTION f(anymultirange) RETURNS anyrange AS 'SELECT NULL' LANGUAGE sql;", NULL, NULL},
    {"CREATE FUNCTION f(anyarray) RETURNS anyelement AS 'SELECT $1[1]' LANGUAGE sql;", NULL, NULL},
    {"CREATE FUNCTION f(int) RETURNS internal AS 'f' LANGUAGE internal;",
     "unsafe use of pseudo-type \"internal\"", NULL},
    /* shell types */
    {"CREATE TYPE sh;\nCREATE FUNCTION f(sh) RETURNS int AS 'SELECT 1' LANGUAGE sql;",
     "SQL function cannot accept shell type sh", NULL},
    {"CREATE TYPE sh;\nCREATE FUNCTION f() RETURNS sh AS 'SELECT NULL' LANGUAGE sql;",
     "SQL function cannot return shell type sh", NULL},
    {"CREATE TYPE sh;\nCREATE FUNCTION f(sh) RETURNS int AS 'BEGIN RETURN 1; END' LANGUAGE plpgsql;",
     "PL/pgSQL functions cannot accept type sh", NULL},
    {"CREATE TYPE sh;\nCREATE FUNCTION sh_in(cstring) RETURNS sh AS 'int4in' LANGUAGE internal;", NULL, NULL},
    /* the validators */
    {"CREATE FUNCTION f() RETURNS event_trigger AS 'SELECT 1' LANGUAGE sql;",
     "SQL functions cannot return type event_trigger", NULL},
    {"CREATE FUNCTION f() RETURNS trigger AS 'SELECT 1' LANGUAGE sql;",
     "SQL functions cannot return type trigger", NULL},
    {"CREATE FUNCTION f(OUT x cstring) AS 'SELECT NULL' LANGUAGE sql;",
     "SQL functions cannot return type cstring", NULL},
    {"CREATE FUNCTION f(cstring) RETURNS int AS 'SELECT 1' LANGUAGE sql;",
     "SQL functions cannot have arguments of type cstring", NULL},
    {"CREATE FUNCTION f(name text) RETURNS event_trigger AS 'BEGIN END' LANGUAGE plpgsql;",
     "event trigger functions cannot have declared arguments", NULL},
    {"CREATE FUNCTION f(int) RETURNS trigger AS 'BEGIN RETURN NULL; END' LANGUAGE plpgsql;",
     "trigger functions cannot have declared arguments", NULL},
    {"SET check_function_bodies = off;\nCREATE FUNCTION f(int) RETURNS trigger AS 'BEGIN RETURN NULL; END' "
     "LANGUAGE plpgsql;",
     NULL, NULL},
    {"CREATE FUNCTION f() RETURNS event_trigger AS 'BEGIN END' LANGUAGE plpgsql;", NULL, NULL},
    {"CREATE FUNCTION f(record) RETURNS void AS 'BEGIN END' LANGUAGE plpgsql;", NULL, NULL},
    {"CREATE FUNCTION f(cstring) RETURNS void AS 'BEGIN END' LANGUAGE plpgsql;",
     "PL/pgSQL functions cannot accept type cstring", NULL},
    /* the body */
    {"CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC CREATE TABLE x (a int); END;",
     "CREATE TABLE is not yet supported in unquoted SQL function body", NULL},
    {"CREATE PROCEDURE q() LANGUAGE sql AS 'SELECT 1';\nCREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC CALL "
     "q(); "
     "END;",
     "CALL is not yet supported in unquoted SQL function body", NULL},
    {"CREATE TABLE t (a int);\nCREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); "
     "UPDATE t SET a = 2; DELETE FROM t; SELECT 1; END;",
     NULL, NULL},
    {"CREATE PROCEDURE p4a(INOUT a int, INOUT b int) LANGUAGE sql AS 'SELECT $2, $1';\n"
     "CREATE PROCEDURE p4b(INOUT b int, INOUT a int) LANGUAGE sql AS 'CALL p4a(a, b)';",
     "calling procedures with output arguments is not supported in SQL functions", NULL},
    {"CREATE PROCEDURE p4a(a int) LANGUAGE sql AS 'SELECT $1';\n"
     "CREATE PROCEDURE p4b(b int) LANGUAGE sql AS 'CALL p4a(b)';",
     NULL, NULL},
    /* PL/pgSQL's compiler */
    {"CREATE FUNCTION f() RETURNS void AS $$ BEGIN RETURN 5; END $$ LANGUAGE plpgsql;",
     "RETURN cannot have a parameter in function returning void", NULL},
    {"CREATE FUNCTION f(IN i int, OUT j int) RETURNS int AS $$ BEGIN RETURN i + 1; END $$ LANGUAGE plpgsql;",
     "RETURN cannot have a parameter in function with OUT parameters", NULL},
    {"CREATE FUNCTION f() RETURNS SETOF int AS $$ BEGIN IF true THEN RETURN 1; END IF; END $$ LANGUAGE "
     "plpgsql;",
     "RETURN cannot have a parameter in function returning set", NULL},
    {"CREATE PROCEDURE p() AS $$ BEGIN RETURN 1; END $$ LANGUAGE plpgsql;",
     "RETURN cannot have a parameter in a procedure", NULL},
    {"CREATE FUNCTION f(int) RETURNS int AS $$ BEGIN RAISE NOTICE 'too many', $1; RETURN $1; END $$ "
     "LANGUAGE plpgsql;",
     "too many parameters specified for RAISE", NULL},
    {"CREATE FUNCTION f(int) RETURNS int AS $$ BEGIN RAISE NOTICE 'few: %, %', $1; RETURN $1; END $$ "
     "LANGUAGE plpgsql;",
     "too few parameters specified for RAISE", NULL},
    {"SET check_function_bodies = off;\nCREATE FUNCTION f() RETURNS void AS $$ BEGIN RETURN 5; END $$ "
     "LANGUAGE plpgsql;",
     NULL, NULL},
    {"CREATE FUNCTION f(IN i int, OUT j int) AS $$ BEGIN j := i; RETURN; END $$ LANGUAGE plpgsql;", NULL,
     NULL},
    {"CREATE FUNCTION f() RETURNS SETOF int AS $$ BEGIN RETURN NEXT 1; RETURN QUERY SELECT 2; RETURN; END $$ "
     "LANGUAGE plpgsql;",
     NULL, NULL},
    {"CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN NEW.a := 1; RETURN NEW; END $$ LANGUAGE plpgsql;", NULL,
     NULL},
    {"CREATE FUNCTION f() RETURNS event_trigger AS $$ BEGIN RAISE NOTICE '% %', tg_event, tg_tag; RETURN; "
     "END $$ "
     "LANGUAGE plpgsql;",
     NULL, NULL},
    {"CREATE FUNCTION f(a int) RETURNS int AS $$ DECLARE r record; BEGIN FOR r IN SELECT 1 AS x LOOP r.x := "
     "2; "
     "END LOOP; RETURN a; END $$ LANGUAGE plpgsql;",
     NULL, NULL},
    /* CREATE OR REPLACE */
    {RNG
     "CREATE OR REPLACE FUNCTION rf(IN f1 int, OUT f2 int, OUT f3 text) RETURNS record AS 'SELECT 1, ''x''' "
     "LANGUAGE sql;",
     "cannot change return type of existing function", NULL},
    {RNG "CREATE OR REPLACE FUNCTION rf(IN f1 int, OUT f2 int) AS 'SELECT $1 + 2' LANGUAGE sql;", NULL, NULL},
    {RNG "CREATE OR REPLACE FUNCTION rf(IN x int, OUT f2 int) AS 'SELECT $1 + 2' LANGUAGE sql;",
     "cannot change name of input parameter \"f1\"", NULL},
    {"CREATE FUNCTION rf(int, OUT a int, OUT b text) AS 'SELECT 1, ''x''' LANGUAGE sql;\n"
     "CREATE OR REPLACE FUNCTION rf(int, OUT a int, OUT c text) AS 'SELECT 1, ''x''' LANGUAGE sql;",
     "cannot change return type of existing function", NULL},
    {"CREATE FUNCTION rf(int) RETURNS int AS 'SELECT 1' LANGUAGE sql;\n"
     "CREATE OR REPLACE FUNCTION rf(x int) RETURNS int AS 'SELECT 1' LANGUAGE sql;",
     NULL, NULL},
    {DF "CREATE OR REPLACE FUNCTION df(a int, c numeric) RETURNS int LANGUAGE sql AS 'SELECT 1';",
     "cannot remove parameter defaults from existing function", NULL},
    {DF "CREATE OR REPLACE FUNCTION df(a int = 2, c numeric = 1) RETURNS int LANGUAGE sql AS 'SELECT 2';",
     NULL, NULL},
    {"CREATE PROCEDURE pp(a int) LANGUAGE sql AS 'SELECT 1';\n"
     "CREATE OR REPLACE PROCEDURE pp(a int, OUT b int) LANGUAGE sql AS 'SELECT 1';",
     "cannot change whether a procedure has output parameters", NULL},
    /* stored text */
    {"CREATE TABLE t (a tsvector, b text);\nCREATE TRIGGER tg BEFORE INSERT ON t FOR EACH ROW EXECUTE "
     "FUNCTION "
     "tsvector_update_trigger(a, 'pg_catalog.english', b);",
     NULL, "pg_catalog.tsvector_update_trigger()"},
};

static void test_routine_cases(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		const RoutineCase *c = &cases[i];
		Replayed r;
		replayed_run(&r, c->sql, NULL, NULL);
		const Diag *d = replayed_first_error(&r);
		bool ok = c->message ? d && replayed_errors(&r) == 1 && strstr(d->message, c->message) : !d;
		if (ok && c->text)
			ok = strstr(r.text, c->text) != NULL;

		if (!ok) {
			fprintf(stderr, "case %zu (%s): want %s / text %s\n", i, c->sql,
			        c->message ? c->message : "no error", c->text ? c->text : "-");
			replayed_print_errors(&r);
			if (c->text)
				fprintf(stderr, "%s\n", r.text);
			failed++;
		}
		replayed_free(&r);
	}
	assert_int_equal(failed, 0);
}

/* The body a SQL-standard routine is stored with, as pg_get_functiondef prints it (compared with the
 * server's): an empty BEGIN ATOMIC END too. */
static void test_routine_bodies(void **state)
{
	(void)state;
	static const char *const bodies[][3] = {
	    {"CREATE PROCEDURE p8(x text) BEGIN ATOMIC END;", "public.p8(text)", "BEGIN ATOMIC END"},
	    {"CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT x; END;",
	     "public.f(integer)", "BEGIN ATOMIC SELECT x; END"},
	};
	for (size_t i = 0; i < ARRAY_LEN(bodies); i++) {
		Replayed r;
		replayed_run(&r, bodies[i][0], NULL, NULL);
		const CatFunction *f = (const CatFunction *)catalog_find(r.cat, OBJ_FUNCTION, bodies[i][1]);
		assert_non_null(f);
		assert_non_null(f->body);
		assert_string_equal(f->body, bodies[i][2]);
		assert_int_equal(replayed_errors(&r), 0);
		replayed_free(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_routine_cases),
	    cmocka_unit_test(test_routine_bodies),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
