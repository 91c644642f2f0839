/* replay_routine.c — what CREATE FUNCTION / PROCEDURE refuses about a routine's signature, before any
 * body is looked at: the attributes a procedure cannot have (functioncmds.c compute_function_attributes,
 * compute_common_attribute), the parameter list (interpret_function_parameter_list), the result type the
 * OUT parameters require (CreateFunction), a polymorphic or internal result nothing determines (pg_proc.c
 * ProcedureCreate, parse_coerce.c check_valid_polymorphic_signature), the pseudo-types the SQL and
 * PL/pgSQL validators refuse (fmgr_sql_validator, plpgsql_validator, plpgsql's do_compile for trigger and
 * event trigger functions), and what CREATE OR REPLACE may not change (ProcedureCreate). */
#include "strata.h"
#include "analysis/replay_int.h"
#include "analysis/replay_routine.h"
#include "catalog/builtins.h"

#include <strings.h>

/* An error of SQLSTATE 42P13 (invalid_function_definition), or 0A000 (feature_not_supported) when
 * SQLSTATE says so, reported with PostgreSQL's message. */
static Diag *fn_error(ReplayState *st, int off, const char *sqlstate, const char *fmt, ...) PRINTF_LIKE(4, 5);
static Diag *fn_error(ReplayState *st, int off, const char *sqlstate, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	bool unsupported = sqlstate && !strcmp(sqlstate, "0A000");
	return rp_error_state(st, unsupported ? "feature-not-supported" : "invalid-function-definition",
	                      sqlstate ? sqlstate : "42P13", off, "%s", msg);
}

static bool is_input(char m)
{
	return m == 'i' || m == 'b' || m == 'v';
}

static bool is_output(char m)
{
	return m == 'o' || m == 'b' || m == 't';
}

static char param_mode(const PgQuery__FunctionParameter *p)
{
	switch (p->mode) {
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
		return 'o';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
		return 'b';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
		return 'v';
	case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
		return 't';
	default:
		return 'i';
	}
}

bool rp_routine_attrs_ok(ReplayState *st, PgQuery__Node **options, size_t n, bool is_procedure)
{
	static const char *const not_for_procedures[] = {"window", "volatility", "strict",  "leakproof",
	                                                 "cost",   "rows",       "support", "parallel"};
	if (!is_procedure)
		return true;
	for (size_t i = 0; i < n; i++) {
		if (options[i]->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		const PgQuery__DefElem *d = options[i]->def_elem;
		for (size_t k = 0; k < ARRAY_LEN(not_for_procedures); k++)
			if (!strcmp(d->defname, not_for_procedures[k])) {
				fn_error(st, d->location, NULL, "invalid attribute in procedure definition");
				return false;
			}
	}
	return true;
}

/* Whether parameters A (earlier) and B of modes MA, MB may share a name: a pure input and a pure output
 * parameter may (interpret_function_parameter_list). */
static bool names_may_repeat(char ma, char mb)
{
	bool in_a = ma == 'i' || ma == 'v', out_a = ma == 'o' || ma == 't';
	bool in_b = mb == 'i' || mb == 'v', out_b = mb == 'o' || mb == 't';
	return (in_a && out_b) || (out_a && in_b);
}

/* interpret_function_parameter_list: a VARIADIC parameter's type T must be an array (or any, anyarray,
 * anycompatiblearray). Only a pg_catalog type that has no element type is known not to be one. */
static bool variadic_type_ok(const char *t)
{
	if (!t || !strcmp(t, "any") || !strcmp(t, "\"any\"") || !strcmp(t, "anyarray") ||
	    !strcmp(t, "anycompatiblearray"))
		return true;
	uint16_t b = pgb_type_by_name(t);
	return b == PGB_NONE || pg_btypes[b].elem != PGB_NONE;
}

bool rp_routine_params_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const RpRoutineSig *s)
{
	bool have_defaults = false;
	int variadics = 0;
	for (size_t i = 0; i < fs->n_parameters; i++) {
		if (fs->parameters[i]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			continue;
		const PgQuery__FunctionParameter *p = fs->parameters[i]->function_parameter;
		char m = param_mode(p);
		if (p->arg_type && p->arg_type->setof) {
			fn_error(st, p->arg_type->location, NULL, "%s cannot accept set arguments",
			         fs->is_procedure ? "procedures" : "functions");
			return false;
		}
		if (is_input(m) && variadics) {
			fn_error(st, -1, NULL, "VARIADIC parameter must be the last input parameter");
			return false;
		}
		if (is_output(m) && fs->is_procedure && variadics) {
			fn_error(st, -1, NULL, "VARIADIC parameter must be the last parameter");
			return false;
		}
		if (m == 'v') {
			variadics++;
			if (i < s->n && !variadic_type_ok(s->types[i])) {
				fn_error(st, -1, NULL, "VARIADIC parameter must be an array");
				return false;
			}
		}
		if (p->name && p->name[0])
			for (size_t j = 0; j < i; j++) {
				if (fs->parameters[j]->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
					continue;
				const PgQuery__FunctionParameter *q = fs->parameters[j]->function_parameter;
				if (names_may_repeat(param_mode(q), m) || !q->name ||
				    strcmp(q->name, p->name))
					continue;
				fn_error(st, -1, NULL, "parameter name \"%s\" used more than once", p->name);
				return false;
			}
		if (p->defexpr) {
			if (!is_input(m)) {
				fn_error(st, -1, NULL, "only input parameters can have default values");
				return false;
			}
			have_defaults = true;
		} else if (have_defaults && is_input(m)) {
			fn_error(st, -1, NULL,
			         "input parameters after one with a default value must also have defaults");
			return false;
		} else if (have_defaults && fs->is_procedure) {
			fn_error(st, -1, NULL,
			         "procedure OUT parameters cannot appear after one with a default value");
			return false;
		}
	}
	return true;
}

/* The result type a routine's OUT parameters require (interpret_function_parameter_list): a procedure's
 * is record when it has any; a function's is the type of its only one, record for several; NULL: none. */
static const char *required_result(const RpRoutineSig *s)
{
	size_t outs = 0;
	const char *first = NULL;
	for (size_t i = 0; i < s->n; i++)
		if (is_output(s->modes[i]) && !outs++)
			first = s->types[i];
	if (!outs)
		return NULL;
	return s->is_procedure || outs > 1 ? "record" : first;
}

/* prorettype and proretset of a routine as text: "SETOF integer", "record", "void" (a procedure: record
 * when it has OUT parameters). RETURNS (NULL for a procedure) is the stored result, TABLE(...) for a table
 * function. Arena text. */
static const char *result_key(Arena *a, bool is_procedure, const char *modes, const char *const *types,
                              size_t n, const char *returns)
{
	RpRoutineSig s = {.is_procedure = is_procedure,
	                  .n = n,
	                  .types = (const char **)types,
	                  .modes = modes,
	                  .returns = returns};
	if (is_procedure)
		return required_result(&s) ? "record" : "void";
	if (returns && !strncmp(returns, "TABLE(", 6)) {
		const char *r = required_result(&s);
		return arena_sprintf(a, "SETOF %s", r ? r : "record");
	}
	return returns;
}

static const char *base_type(const char *key)
{
	return key && !strncmp(key, "SETOF ", 6) ? key + 6 : key;
}

/* IsPolymorphicTypeFamily1 / 2 by name. */
static int poly_family(const char *t)
{
	static const char *const f1[] = {"anyelement", "anyarray", "anynonarray",
	                                 "anyenum",    "anyrange", "anymultirange"};
	static const char *const f2[] = {"anycompatible", "anycompatiblearray", "anycompatiblenonarray",
	                                 "anycompatiblerange", "anycompatiblemultirange"};
	for (size_t i = 0; t && i < ARRAY_LEN(f1); i++)
		if (!strcmp(t, f1[i]))
			return 1;
	for (size_t i = 0; t && i < ARRAY_LEN(f2); i++)
		if (!strcmp(t, f2[i]))
			return 2;
	return 0;
}

/* check_valid_polymorphic_signature: the detail when result type RET cannot be deduced from the input
 * types of S, else NULL. */
static const char *polymorphic_gap(const char *ret, const RpRoutineSig *s)
{
	int fam = poly_family(ret);
	if (!fam)
		return NULL;
	bool range = !strcmp(ret, "anyrange") || !strcmp(ret, "anymultirange");
	bool crange = !strcmp(ret, "anycompatiblerange") || !strcmp(ret, "anycompatiblemultirange");
	for (size_t i = 0; i < s->n; i++) {
		if (!is_input(s->modes[i]))
			continue;
		const char *t = s->types[i];
		if (range    ? !strcmp(t, "anyrange") || !strcmp(t, "anymultirange")
		    : crange ? !strcmp(t, "anycompatiblerange") || !strcmp(t, "anycompatiblemultirange")
		             : poly_family(t) == fam)
			return NULL;
	}
	if (range)
		return "requires at least one input of type anyrange or anymultirange.";
	if (crange)
		return "requires at least one input of type anycompatiblerange or anycompatiblemultirange.";
	return fam == 1 ? "requires at least one input of type anyelement, anyarray, anynonarray, anyenum, "
	                  "anyrange, or anymultirange."
	                : "requires at least one input of type anycompatible, anycompatiblearray, "
	                  "anycompatiblenonarray, anycompatiblerange, or anycompatiblemultirange.";
}

/* ProcedureCreate: result type RET (the declared result or an OUT parameter's type) must be deducible
 * from the inputs, and internal needs an internal input. False with the error reported. */
static bool result_deducible(ReplayState *st, const char *ret, const RpRoutineSig *s)
{
	const char *gap = polymorphic_gap(ret, s);
	if (gap) {
		Diag *d = fn_error(st, -1, NULL, "cannot determine result data type");
		if (d)
			diag_set_detail(d, "A result of type %s %s", ret, gap);
		return false;
	}
	if (ret && !strcmp(ret, "internal")) {
		for (size_t i = 0; i < s->n; i++)
			if (is_input(s->modes[i]) && !strcmp(s->types[i], "internal"))
				return true;
		Diag *d = fn_error(st, -1, NULL, "unsafe use of pseudo-type \"internal\"");
		if (d)
			diag_set_detail(
			    d, "A function returning \"internal\" must have at least one \"internal\" "
			       "argument.");
		return false;
	}
	return true;
}

/* The validators of LANGUAGE sql (fmgr_sql_validator) and plpgsql (plpgsql_validator, do_compile): the
 * pseudo-types they refuse as result or argument, and trigger / event trigger functions with declared
 * arguments (compiled only while check_function_bodies is on). False with the error reported. */
static bool validator_ok(ReplayState *st, const RpRoutineSig *s, const char *ret)
{
	if (!s->language)
		return true;
	bool sql = !strcasecmp(s->language, "sql"), plpgsql = !strcasecmp(s->language, "plpgsql");
	if (!sql && !plpgsql)
		return true;
	if (ret && pgb_is_pseudo_type(ret) && strcmp(ret, "record") && strcmp(ret, "void") &&
	    !pgb_is_polymorphic_type(ret) &&
	    (sql || (strcmp(ret, "trigger") && strcmp(ret, "event_trigger")))) {
		fn_error(st, -1, sql ? NULL : "0A000", "%s functions cannot return type %s",
		         sql ? "SQL" : "PL/pgSQL", ret);
		return false;
	}
	size_t nin = 0;
	for (size_t i = 0; i < s->n; i++) {
		const char *t = s->types[i];
		if (is_input(s->modes[i]))
			nin++;
		if (sql && !is_input(s->modes[i]))
			continue; /* the SQL validator looks at proargtypes only */
		if (!pgb_is_pseudo_type(t) || pgb_is_polymorphic_type(t) || (plpgsql && !strcmp(t, "record")))
			continue;
		if (sql)
			fn_error(st, -1, NULL, "SQL functions cannot have arguments of type %s", t);
		else
			fn_error(st, -1, "0A000", "PL/pgSQL functions cannot accept type %s", t);
		return false;
	}
	if (plpgsql && nin && ret && !st->no_body_checks &&
	    (!strcmp(ret, "trigger") || !strcmp(ret, "event_trigger"))) {
		bool evt = !strcmp(ret, "event_trigger");
		Diag *d = fn_error(st, -1, NULL, "%s functions cannot have declared arguments",
		                   evt ? "event trigger" : "trigger");
		if (d && !evt)
			diag_set_hint(
			    d, "The arguments of the trigger can be accessed through TG_NARGS and TG_ARGV "
			       "instead.");
		return false;
	}
	return true;
}

bool rp_routine_result_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const RpRoutineSig *s)
{
	if (s->language && !strcasecmp(s->language, "sql") && (s->shell_arg || s->shell_result)) {
		if (s->shell_arg)
			fn_error(st, -1, NULL, "SQL function cannot accept shell type %s", s->shell_arg);
		else
			fn_error(st, -1, NULL, "SQL function cannot return shell type %s", s->shell_result);
		return false;
	}
	if (s->language && !strcasecmp(s->language, "plpgsql") && (s->shell_arg || s->shell_result)) {
		/* a shell type is a pseudo-type (typtype 'p') to plpgsql_validator */
		if (s->shell_result)
			fn_error(st, -1, "0A000", "PL/pgSQL functions cannot return type %s",
			         s->shell_result);
		else
			fn_error(st, -1, "0A000", "PL/pgSQL functions cannot accept type %s", s->shell_arg);
		return false;
	}
	const char *req = required_result(s);
	bool table = s->returns && !strncmp(s->returns, "TABLE(", 6);
	if (!s->is_procedure && !fs->return_type && !req) {
		fn_error(st, -1, NULL, "function result type must be specified");
		return false;
	}
	bool pct = fs->return_type && fs->return_type->pct_type;
	for (size_t i = 0; i < fs->n_parameters; i++)
		if (fs->parameters[i]->node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER &&
		    fs->parameters[i]->function_parameter->arg_type &&
		    fs->parameters[i]->function_parameter->arg_type->pct_type)
			pct = true;
	const char *ret = s->is_procedure ? (req ? "record" : "void") : base_type(s->returns);
	if (table || !ret)
		ret = req; /* a table function's, or without RETURNS: what the OUT parameters make it */
	if (!s->is_procedure && fs->return_type && req && !table && ret && !pct && strcmp(ret, req)) {
		fn_error(st, -1, NULL, "function result type must be %s because of OUT parameters", req);
		return false;
	}
	if (ret && !result_deducible(st, ret, s))
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (is_output(s->modes[i]) && !result_deducible(st, s->types[i], s))
			return false;
	return validator_ok(st, s, ret);
}

/* "name(type, ...)" of the input arguments of F, as format_procedure prints it. Arena text. */
static const char *signature(Arena *a, const CatFunction *f)
{
	StrBuf sb = STRBUF_INIT;
	sb_appendf(&sb, "%s(", f->h.name);
	bool first = true;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		if (is_input(m)) {
			sb_appendf(&sb, "%s%s", first ? "" : ",", f->arg_types[i]);
			first = false;
		}
	}
	sb_putc(&sb, ')');
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}

static void replace_hint(ReplayState *st, Diag *d, const CatFunction *old)
{
	if (d)
		diag_set_hint(d, "Use %s %s first.", old->is_procedure ? "DROP PROCEDURE" : "DROP FUNCTION",
		              signature(&st->cat->arena, old));
}

/* The row type OUT parameters define (build_function_result_tupdesc_d): the "name type" of each output
 * parameter, unnamed ones "columnN"; NULL without any. Arena text. */
static const char *out_row(Arena *a, const char *modes, const char *const *types, const char *const *names,
                           size_t n)
{
	StrBuf sb = STRBUF_INIT;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_output(modes ? modes[i] : 'i'))
			continue;
		k++;
		const char *nm = names && names[i] && names[i][0] ? names[i] : NULL;
		if (nm)
			sb_appendf(&sb, "%s%s %s", k > 1 ? ", " : "", nm, types[i]);
		else
			sb_appendf(&sb, "%scolumn%zu %s", k > 1 ? ", " : "", k, types[i]);
	}
	const char *r = k ? arena_strdup(a, sb_str(&sb)) : NULL;
	sb_release(&sb);
	return r;
}

bool rp_routine_replace_ok(ReplayState *st, const CatFunction *old, const RpRoutineSig *s)
{
	Arena *a = &st->cat->arena;
	char *old_modes = arena_alloc(a, old->nargs + 1);
	for (size_t i = 0; i < old->nargs; i++)
		old_modes[i] = old->arg_modes ? old->arg_modes[i] : 'i';
	const char *ok =
	    result_key(a, old->is_procedure, old_modes, old->arg_types, old->nargs, old->returns);
	const char *nk = result_key(a, s->is_procedure, s->modes, s->types, s->n, s->returns);
	if (ok && nk && strcmp(ok, nk)) {
		Diag *d = fn_error(st, -1, NULL, "%s",
		                   s->is_procedure ? "cannot change whether a procedure has output parameters"
		                                   : "cannot change return type of existing function");
		replace_hint(st, d, old);
		return false;
	}
	if (nk && !strcmp(base_type(nk), "record")) {
		const char *orow = out_row(a, old_modes, old->arg_types, old->arg_names, old->nargs);
		const char *nrow = out_row(a, s->modes, s->types, s->names, s->n);
		if ((orow || nrow) && (!orow || !nrow || strcmp(orow, nrow))) {
			Diag *d = fn_error(st, -1, NULL, "cannot change return type of existing function");
			if (d)
				diag_set_detail(d, "Row type defined by OUT parameters is different.");
			replace_hint(st, d, old);
			return false;
		}
	}
	/* named input parameters keep their names (names may be added to unnamed ones) */
	size_t nj = 0;
	const char **new_in = arena_array(a, const char *, s->n + 1);
	for (size_t i = 0; i < s->n; i++)
		if (is_input(s->modes[i]))
			new_in[nj++] = s->names[i] && s->names[i][0] ? s->names[i] : NULL;
	size_t j = 0, old_defaults = 0, new_defaults = 0;
	for (size_t i = 0; i < old->nargs; i++) {
		if (!is_input(old_modes[i]))
			continue;
		if (old->arg_defaults && old->arg_defaults[i])
			old_defaults++;
		const char *on =
		    old->arg_names && old->arg_names[i] && old->arg_names[i][0] ? old->arg_names[i] : NULL;
		if (on && (j >= nj || !new_in[j] || strcmp(on, new_in[j]))) {
			Diag *d = fn_error(st, -1, NULL, "cannot change name of input parameter \"%s\"", on);
			replace_hint(st, d, old);
			return false;
		}
		j++;
	}
	for (size_t i = 0; i < s->n; i++)
		if (s->defs && s->defs[i])
			new_defaults++;
	if (new_defaults < old_defaults) {
		Diag *d = fn_error(st, -1, NULL, "cannot remove parameter defaults from existing function");
		replace_hint(st, d, old);
		return false;
	}
	return true;
}

/* The command tag of utility statement N for the kinds a function body may plausibly hold
 * (CreateCommandTag), NULL for the others. */
static const char *utility_tag(const PgQuery__Node *n)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return "CREATE TABLE";
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		return "CREATE INDEX";
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return "ALTER TABLE";
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return "CREATE VIEW";
	case PG_QUERY__NODE__NODE_CALL_STMT:
		return "CALL";
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
		return "TRUNCATE TABLE";
	case PG_QUERY__NODE__NODE_NOTIFY_STMT:
		return "NOTIFY";
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		return n->variable_set_stmt->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET ? "RESET" : "SET";
	case PG_QUERY__NODE__NODE_COPY_STMT:
		return "COPY";
	case PG_QUERY__NODE__NODE_EXPLAIN_STMT:
		return "EXPLAIN";
	case PG_QUERY__NODE__NODE_DO_STMT:
		return "DO";
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return "CREATE SEQUENCE";
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		return "CREATE SCHEMA";
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		return n->create_function_stmt->is_procedure ? "CREATE PROCEDURE" : "CREATE FUNCTION";
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		return n->grant_stmt->is_grant ? "GRANT" : "REVOKE";
	case PG_QUERY__NODE__NODE_LOCK_STMT:
		return "LOCK TABLE";
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
		return n->vacuum_stmt->is_vacuumcmd ? "VACUUM" : "ANALYZE";
	default:
		return NULL;
	}
}

bool rp_routine_sql_body_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs)
{
	const PgQuery__Node *b = fs->sql_body;
	if (!b || b->node_case != PG_QUERY__NODE__NODE_LIST || b->list->n_items != 1 ||
	    b->list->items[0]->node_case != PG_QUERY__NODE__NODE_LIST)
		return true;
	const PgQuery__List *stmts = b->list->items[0]->list;
	for (size_t i = 0; i < stmts->n_items; i++) {
		const PgQuery__Node *n = stmts->items[i];
		switch (n->node_case) {
		case PG_QUERY__NODE__NODE_SELECT_STMT:
		case PG_QUERY__NODE__NODE_INSERT_STMT:
		case PG_QUERY__NODE__NODE_UPDATE_STMT:
		case PG_QUERY__NODE__NODE_DELETE_STMT:
		case PG_QUERY__NODE__NODE_MERGE_STMT:
		case PG_QUERY__NODE__NODE_RETURN_STMT:
		case PG_QUERY__NODE__NODE__NOT_SET:
			continue;
		default:
			break;
		}
		const char *tag = utility_tag(n);
		if (tag)
			fn_error(st, -1, "0A000", "%s is not yet supported in unquoted SQL function body",
			         tag);
		else
			fn_error(st, -1, "0A000",
			         "utility statements are not yet supported in unquoted SQL function body");
		return false;
	}
	return true;
}
