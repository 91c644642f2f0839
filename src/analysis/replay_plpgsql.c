/* replay_plpgsql.c — what PL/pgSQL's compiler (pl_gram.y, run by plpgsql_validator at CREATE FUNCTION while
 * check_function_bodies is on) refuses that needs no catalog: a RETURN with an expression the result forbids
 * (make_return_stmt), RAISE with more or fewer parameters than its format has % placeholders
 * (check_raise_parameters), cursor arguments given twice or missing (read_cursor_args). The body is parsed
 * by libpg_query's PL/pgSQL parser, which knows no types: its other refusals (a field of a composite
 * variable, a cursor variable) may be wrong and are not reported, and a body it does not parse is not
 * checked further. */
#include "strata.h"
#include "analysis/replay_int.h"

#include <jansson.h>
#include <strings.h>

/* The libpg_query parse errors that depend on nothing but the body's text: reported as they are. */
static bool certain_parse_error(const char *msg)
{
	static const char *const prefixes[] = {
	    "too many parameters specified for RAISE", "too few parameters specified for RAISE",
	    "value for parameter ", "not enough arguments for cursor ", "too many arguments for cursor "};
	for (size_t i = 0; i < ARRAY_LEN(prefixes); i++)
		if (!strncmp(msg, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

typedef enum {
	RET_VALUE, /* RETURN has an expression (whether it lacks one is not told: libpg_query's tree leaves
	            * out a returned variable and adds a final RETURN of its own) */
	RET_SET,   /* SETOF / TABLE: RETURN takes none (RETURN NEXT / QUERY give rows) */
	RET_VOID,  /* void or event_trigger function: none */
	RET_PROCEDURE, /* procedure without OUT parameters: none */
	RET_OUT,       /* OUT parameters carry the result: none */
} ReturnKind;

/* How make_return_stmt treats RETURN in F (do_compile: fn_retset, fn_rettype, out_param_varno). */
static ReturnKind return_kind(const CatFunction *f)
{
	bool outs = false;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		outs |= m == 'o' || m == 'b' || m == 't';
	}
	const char *r = f->returns ? f->returns : "void";
	if (!f->is_procedure && (!strncmp(r, "SETOF ", 6) || !strncmp(r, "TABLE(", 6)))
		return RET_SET;
	if (f->is_procedure)
		return outs ? RET_OUT : RET_PROCEDURE;
	if (!strcmp(r, "void") || !strcmp(r, "event_trigger"))
		return RET_VOID;
	return outs ? RET_OUT : RET_VALUE;
}

/* The first RETURN of tree J (any depth) that KIND refuses: its message and SQLSTATE, else NULL. */
static const char *bad_return(json_t *j, ReturnKind kind, const char **sqlstate)
{
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v)
		{
			const char *m = bad_return(v, kind, sqlstate);
			if (m)
				return m;
		}
		return NULL;
	}
	if (!json_is_object(j))
		return NULL;
	json_t *ret = json_object_get(j, "PLpgSQL_stmt_return");
	if (json_is_object(ret)) {
		bool has_expr = json_object_get(ret, "expr") != NULL;
		*sqlstate = "42804";
		if (has_expr && kind == RET_SET)
			return "RETURN cannot have a parameter in function returning set";
		if (has_expr && kind == RET_VOID)
			return "RETURN cannot have a parameter in function returning void";
		if (has_expr && kind == RET_OUT)
			return "RETURN cannot have a parameter in function with OUT parameters";
		*sqlstate = "42601";
		if (has_expr && kind == RET_PROCEDURE)
			return "RETURN cannot have a parameter in a procedure";
		return NULL;
	}
	const char *key;
	json_t *v;
	json_object_foreach(j, key, v)
	{
		const char *m = bad_return(v, kind, sqlstate);
		if (m)
			return m;
	}
	return NULL;
}

void rp_plpgsql_compile_check(ReplayState *st, const CatFunction *f)
{
	if (st->no_body_checks || !f->language || strcasecmp(f->language, "plpgsql") || !f->body)
		return;
	char *create = rp_plpgsql_create(f);
	char *err = NULL;
	char *tree = sql_plpgsql_tree(create, &err);
	free(create);
	if (!tree) {
		if (err && certain_parse_error(err)) {
			(void)rp_error_state(st, "syntax-error", "42601", -1, "%s", err);
		}
		free(err);
		return;
	}
	json_t *j = json_loads(tree, 0, NULL);
	free(tree);
	const char *sqlstate = NULL;
	const char *msg = j ? bad_return(j, return_kind(f), &sqlstate) : NULL;
	if (msg) {
		(void)rp_error_state(st, strcmp(sqlstate, "42601") ? "datatype-mismatch" : "syntax-error",
		                     sqlstate, -1, "%s", msg);
	}
	json_decref(j);
}
