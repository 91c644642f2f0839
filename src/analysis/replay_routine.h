/* replay_routine.h — CREATE FUNCTION / PROCEDURE's checks of a routine's signature (replay_routine.c). */
#ifndef STRATA_ANALYSIS_REPLAY_ROUTINE_H
#define STRATA_ANALYSIS_REPLAY_ROUTINE_H

#include "analysis/replay_int.h"

/* A routine being defined: its parameters (modes 'i' in, 'o' out, 'b' inout, 'v' variadic, 't' table
 * column), the stored result text (as CatFunction.returns: "integer", "SETOF t", "TABLE(a integer)"; NULL
 * for a procedure or when not known yet) and its language (NULL: not given). */
typedef struct RpRoutineSig {
	bool is_procedure;
	size_t n;
	const char **types;
	const char **names;
	const char **defs; /* default expressions, NULL where none */
	const char *modes;
	const char *language;
	const char *returns;
	const char *shell_arg;    /* the name of the first parameter type that is a shell type, NULL: none */
	const char *shell_result; /* the name of the declared result when a shell type exists by it */
} RpRoutineSig;

/* compute_function_attributes / compute_common_attribute: a procedure takes none of WINDOW, volatility,
 * STRICT, LEAKPROOF, COST, ROWS, SUPPORT, PARALLEL (42P13 "invalid attribute in procedure definition").
 * OPTIONS are CREATE's options or ALTER's actions. False with the error reported. */
bool rp_routine_attrs_ok(ReplayState *st, PgQuery__Node **options, size_t n, bool is_procedure);
/* interpret_function_parameter_list: set arguments, a VARIADIC parameter not last, a parameter name used
 * twice (a pure input and a pure output parameter may share one), defaults on output parameters or
 * missing after a defaulted input (for a procedure also on an OUT parameter after one), a VARIADIC
 * parameter of a pg_catalog type that is no array. S holds the parameters' types. False with the error
 * reported (42P13). */
bool rp_routine_params_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const RpRoutineSig *s);
/* CreateFunction and ProcedureCreate on the result: a LANGUAGE sql routine taking or returning a shell type
 * (interpret_function_parameter_list, compute_return_type; PL/pgSQL's validator refuses them as
 * pseudo-types), a function without RETURNS or OUT parameters, a RETURNS other than the type the OUT
 * parameters require, a polymorphic result (or OUT parameter) no input determines
 * (check_valid_polymorphic_signature), internal without an internal input; then the SQL and PL/pgSQL
 * validators' refusals of pseudo-types and of arguments to (event) trigger functions. A result given by
 * tbl.col%TYPE is not compared. False with the error reported. */
bool rp_routine_result_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const RpRoutineSig *s);
/* ProcedureCreate, CREATE OR REPLACE of OLD by S: the result type (and a procedure's having OUT
 * parameters), the row type OUT parameters define, the names of named input parameters and the number of
 * defaults may not change. False with the error reported (42P13). */
bool rp_routine_replace_ok(ReplayState *st, const CatFunction *old, const RpRoutineSig *s);

/* interpret_AS_clause: a BEGIN ATOMIC body holds queries only (SELECT, INSERT, UPDATE, DELETE, MERGE):
 * any other statement is "<command> is not yet supported in unquoted SQL function body" (0A000). False with
 * the error reported. */
bool rp_routine_sql_body_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs);

#endif
