/* test_kinds.c — object kinds beyond tables and routines (aggregates, extended statistics): what PostgreSQL
 * 15.18 refuses, with its message (each error case measured on a real server), and the model after the
 * statements it accepts (what a DROP ... CASCADE reaches). */
#include "unit.h"
#include "replay_util.h"

typedef ReplayedErrCase ErrCase;

#define AGG_BASE                                                                                       \
	"CREATE TABLE t (a int, b text);\nCREATE FUNCTION add_int(int, int) RETURNS int LANGUAGE sql " \
	"IMMUTABLE AS 'select $1 + $2';\nCREATE AGGREGATE mysum(int) (sfunc = add_int, stype = int, "  \
	"initcond "                                                                                    \
	"= '0');\n"

static const ErrCase err_cases[] = {
    /* dependencies of an aggregate on its transition function, of a view on the aggregate it calls */
    {AGG_BASE "CREATE VIEW v AS SELECT mysum(a) AS s FROM t;\nDROP FUNCTION add_int(int, int);",
     "dependent-objects", "cannot drop function add_int(integer,integer) because other objects depend on it",
     "function mysum(integer) depends on function add_int(integer,integer)\nview v depends on function "
     "mysum(integer)"},
    {AGG_BASE "CREATE VIEW v AS SELECT mysum(a) AS s FROM t;\nDROP AGGREGATE mysum(int);",
     "dependent-objects", "cannot drop function mysum(integer) because other objects depend on it",
     "view v depends on function mysum(integer)"},
    /* kind checks: RemoveObjects, LookupFuncWithArgs, AlterFunction, ProcedureCreate */
    {AGG_BASE "DROP FUNCTION mysum(int);", "wrong-object-type", "\"mysum\" is an aggregate function", NULL},
    {AGG_BASE "DROP AGGREGATE add_int(int, int);", "wrong-object-type",
     "function add_int(integer, integer) is not an aggregate", NULL},
    {AGG_BASE "ALTER FUNCTION mysum(int) IMMUTABLE;", "wrong-object-type",
     "\"mysum\" is an aggregate function", NULL},
    {AGG_BASE "CREATE OR REPLACE FUNCTION mysum(int) RETURNS int LANGUAGE sql AS 'select 1';",
     "wrong-object-type", "cannot change routine kind", "\"mysum\" is an aggregate function."},
    {AGG_BASE "CREATE OR REPLACE AGGREGATE mysum(ORDER BY int) (sfunc = add_int, stype = int);",
     "wrong-object-type", "cannot change routine kind", "\"mysum\" is an ordinary aggregate function."},
    {AGG_BASE "CREATE AGGREGATE mysum(int) (sfunc = add_int, stype = int);", "duplicate-object",
     "function \"mysum\" already exists with same argument types", NULL},
    /* what does not exist */
    {AGG_BASE "DROP AGGREGATE nosuch(int);", "undefined-function", "aggregate nosuch(integer) does not exist",
     NULL},
    {AGG_BASE "DROP AGGREGATE nosuch(*);", "undefined-function", "aggregate nosuch(*) does not exist", NULL},
    {AGG_BASE "ALTER AGGREGATE nosuch(int) RENAME TO x;", "undefined-function",
     "aggregate nosuch(integer) does not exist", NULL},
    {AGG_BASE "CREATE AGGREGATE bad(int) (sfunc = nosuchfn, stype = int);", "undefined-function",
     "function nosuchfn(integer, integer) does not exist", NULL},
    {AGG_BASE "CREATE AGGREGATE bad(int, int) (sfunc = add_int, stype = int);", "undefined-function",
     "function add_int(integer, integer, integer) does not exist", NULL},
    {AGG_BASE "CREATE AGGREGATE cnt2(*) (sfunc = int8inc, stype = int8, finalfunc = int8inc_any);",
     "undefined-function", "function int8inc_any(bigint) does not exist", NULL},
    {AGG_BASE "DROP AGGREGATE mysum(int) CASCADE;\nCREATE VIEW v2 AS SELECT mysum(a) FROM t;",
     "undefined-function", "function mysum(integer) does not exist", NULL},
    /* DefineAggregate's option rules */
    {AGG_BASE "CREATE AGGREGATE s2(int) (sfunc = add_int, stype = int, serialfunc = add_int);",
     "invalid-function-definition",
     "must specify both or neither of serialization and deserialization functions", NULL},
    {AGG_BASE "CREATE AGGREGATE s3(int) (sfunc = add_int, stype = int, parallel = pear);", "syntax-error",
     "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE", NULL},
    {AGG_BASE "CREATE AGGREGATE s4(int) (sfunc = add_int, stype = int, msfunc = add_int);",
     "invalid-function-definition", "aggregate msfunc must not be specified without mstype", NULL},
    {AGG_BASE "CREATE AGGREGATE oldagg2 (sfunc = add_int, stype = int);", "invalid-function-definition",
     "aggregate input type must be specified", NULL},
    {AGG_BASE "CREATE AGGREGATE s5(int) (sfunc = add_int);", "invalid-function-definition",
     "aggregate stype must be specified", NULL},
    /* CreateStatistics */
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 ON a, b FROM t;\nCREATE STATISTICS s1 ON a, b "
     "FROM t;",
     "duplicate-object", "statistics object \"s1\" already exists", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 (mcv) ON (a + b) FROM t;", "syntax-error",
     "when building statistics on a single expression, statistics kinds may not be specified", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 ON a FROM t;", "invalid-object-definition",
     "extended statistics require at least 2 columns", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 ON a, nosuch FROM t;", "undefined-column",
     "column \"nosuch\" does not exist", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 ON a, (b + nosuch) FROM t;", "undefined-column",
     "column \"nosuch\" does not exist", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 ON a, a FROM t;", "duplicate-column",
     "duplicate column name in statistics definition", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 (foo) ON a, b FROM t;", "syntax-error",
     "unrecognized statistics kind \"foo\"", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 ON a, xmin FROM t;", "feature-not-supported",
     "statistics creation on system columns is not supported", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE VIEW vv AS SELECT * FROM t;\nCREATE STATISTICS s1 ON a, b FROM "
     "vv;",
     "wrong-object-type", "cannot define statistics for relation \"vv\"",
     "This operation is not supported for views."},
    {"CREATE TYPE ty AS (a int, b int);\nCREATE STATISTICS s1 ON a, b FROM ty;", "wrong-object-type",
     "cannot define statistics for relation \"ty\"", "This operation is not supported for composite types."},
    {"DROP STATISTICS nosuch;", "undefined-object", "statistics object \"nosuch\" does not exist", NULL},
    {"ALTER STATISTICS nosuch SET STATISTICS 100;", "undefined-object",
     "statistics object \"nosuch\" does not exist", NULL},
    {"CREATE TABLE t (a int, b int);\nCREATE STATISTICS s1 ON a, b FROM t;\nCREATE STATISTICS s3 ON a, b "
     "FROM t;\nALTER STATISTICS s1 RENAME TO s3;",
     "duplicate-object", "statistics object \"s3\" already exists in schema \"public\"", NULL},
    /* after DROP COLUMN the statistics object is gone */
    {"CREATE TABLE t (a int, b int, c int);\nCREATE STATISTICS s1 ON a, b FROM t;\nALTER TABLE t DROP COLUMN "
     "b;\nALTER STATISTICS s1 SET STATISTICS 10;",
     "undefined-object", "statistics object \"s1\" does not exist", NULL},
};

static void test_errors(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(err_cases); i++)
		failed += !replayed_err_case_ok(i, &err_cases[i]);
	assert_int_equal(failed, 0);
}

typedef ReplayedModelCase ModelCase;

static const ModelCase model_cases[] = {
    /* DROP AGGREGATE ... CASCADE drops the views that call it; the old and new syntaxes, (*) and the
     * ordered-set form name an aggregate by its argument types */
    {AGG_BASE "CREATE VIEW v AS SELECT mysum(a) AS s FROM t;\nDROP AGGREGATE mysum(int) CASCADE;",
     {"table public.t"},
     {"mysum", "view public.v"}},
    {AGG_BASE "CREATE AGGREGATE oldagg (basetype = int, sfunc = add_int, stype = int);\nCREATE AGGREGATE "
              "cnt(*) (sfunc = int8inc, stype = int8, initcond = '0');\nCREATE AGGREGATE o(int ORDER BY int) "
              "(sfunc = add_int, stype = int);\nCREATE VIEW w AS SELECT cnt(*) AS n FROM t;",
     {"aggregate public.oldagg(integer) sfunc add_int stype integer",
      "aggregate public.cnt(*) sfunc int8inc stype bigint initcond 0",
      "aggregate public.o(integer ORDER BY integer)", "view public.w"},
     {NULL}},
    /* ALTER AGGREGATE RENAME / SET SCHEMA; DROP FUNCTION ... CASCADE of the transition function takes the
     * aggregate and its users */
    {AGG_BASE "CREATE SCHEMA s;\nALTER AGGREGATE mysum(int) RENAME TO total;\nALTER AGGREGATE total(int) SET "
              "SCHEMA s;\nCREATE AGGREGATE mysum(int) (sfunc = add_int, stype = int);",
     {"aggregate s.total(integer)", "aggregate public.mysum(integer)"},
     {NULL}},
    {AGG_BASE "CREATE VIEW v AS SELECT mysum(a) AS s FROM t;\nDROP FUNCTION add_int(int, int) CASCADE;",
     {"table public.t"},
     {"mysum", "view public.v", "add_int"}},
    /* statistics: columns in table order, renames followed, IF EXISTS / IF NOT EXISTS, the kinds; a dropped
     * column or table takes the object along */
    {"CREATE TABLE t (a int, b int, c text);\nCREATE SCHEMA x;\nCREATE STATISTICS s1 (ndistinct, mcv) ON c, "
     "a "
     "FROM t;\nCREATE STATISTICS IF NOT EXISTS s1 ON a, b FROM t;\nALTER TABLE t RENAME COLUMN c TO d;\n"
     "ALTER STATISTICS s1 SET SCHEMA x;\nCREATE STATISTICS s2 ON (a + b) FROM t;\nDROP STATISTICS IF EXISTS "
     "nosuch;",
     {"statistics x.s1 (ndistinct, mcv) on a, d from public.t", "statistics public.s2 on (a + b) from "
                                                                "public.t"},
     {NULL}},
    {"CREATE TABLE t (a int, b int, c int);\nCREATE STATISTICS s1 ON a, b FROM t;\nCREATE STATISTICS s2 ON "
     "a, "
     "c FROM t;\nALTER TABLE t DROP COLUMN b;\nCREATE TABLE u (a int, b int);\nCREATE STATISTICS s3 ON a, b "
     "FROM u;\nDROP TABLE u;",
     {"statistics public.s2"},
     {"statistics public.s1", "statistics public.s3"}},
};

static void test_model(void **state)
{
	(void)state;
	int failed = 0;
	for (size_t i = 0; i < ARRAY_LEN(model_cases); i++)
		failed += !replayed_model_case_ok(i, &model_cases[i]);
	assert_int_equal(failed, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_model),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
