/* replay_fnbody.c — what CREATE FUNCTION refuses about a function's body: the AS clause's shape
 * (functioncmds.c interpret_AS_clause: two bodies, two AS items, an unquoted body outside LANGUAGE sql or
 * with polymorphic arguments) and, while check_function_bodies is on, what the SQL-language validator
 * finds (pg_proc.c fmgr_sql_validator): a body that does not parse, a $n beyond the parameters, and a final
 * statement that cannot produce the declared result (functions.c check_sql_fn_retval). Only what is certain
 * is reported: a result the model cannot type is accepted. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "catalog/builtins.h"
#include "sql/walk.h"

#include <ctype.h>
#include <strings.h>

/* The LANGUAGE of FS as the parser folded it, or NULL when none is given. */
static const char *fs_language(const PgQuery__CreateFunctionStmt *fs)
{
	for (size_t i = 0; i < fs->n_options; i++) {
		const PgQuery__Node *o = fs->options[i];
		if (o->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(o->def_elem->defname, "language") && o->def_elem->arg &&
		    o->def_elem->arg->node_case == PG_QUERY__NODE__NODE_STRING)
			return o->def_elem->arg->string->sval;
	}
	return NULL;
}

/* The AS option of FS, or NULL. */
static const PgQuery__DefElem *fs_as(const PgQuery__CreateFunctionStmt *fs)
{
	for (size_t i = 0; i < fs->n_options; i++) {
		const PgQuery__Node *o = fs->options[i];
		if (o->node_case == PG_QUERY__NODE__NODE_DEF_ELEM && !strcmp(o->def_elem->defname, "as"))
			return o->def_elem;
	}
	return NULL;
}

bool rp_function_as_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const char *const *in_types,
                       size_t nin)
{
	const PgQuery__DefElem *as = fs_as(fs);
	const char *lang = fs_language(fs);
	if (!lang && fs->sql_body)
		lang = "sql";
	const char *msg = NULL;
	if (fs->sql_body && as)
		msg = "duplicate function body specified";
	else if (fs->sql_body && lang && strcmp(lang, "sql"))
		msg = "inline SQL function body only valid for language SQL";
	else if (fs->sql_body) {
		for (size_t i = 0; i < nin && !msg; i++)
			if (pgb_is_polymorphic_type(in_types[i]))
				msg = "SQL function with unquoted function body cannot have polymorphic "
				      "arguments";
	} else if (as && lang && strcmp(lang, "c") && as->arg &&
	           as->arg->node_case == PG_QUERY__NODE__NODE_LIST && as->arg->list->n_items > 1) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-function-definition", -1,
		                  "only one AS item needed for language \"%s\"", lang);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P13");
		return false;
	}
	if (!msg)
		return true;
	Diag *d = rp_diag(st, SEV_ERROR, "invalid-function-definition", -1, "%s", msg);
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "42P13");
	return false;
}

/* ---- the string body's place in the statement ---- */

/* Byte offset in ST->text of byte BOFF of the body that the AS option at AS_OFF quotes, or AS_OFF when
 * the quoting cannot be followed (an E'' string). */
static int body_offset(ReplayState *st, int as_off, size_t boff)
{
	const char *t = st->text;
	if (!t || as_off < 0)
		return as_off;
	size_t p = sql_skip_space_and_comments(t, (size_t)as_off + 2); /* past AS */
	if (t[p] == '$') {
		const char *end = strchr(t + p + 1, '$');
		if (!end)
			return as_off;
		return (int)((size_t)(end + 1 - t) + boff);
	}
	if (t[p] != '\'')
		return as_off;
	size_t q = p + 1;
	for (size_t k = 0; k < boff && t[q]; k++) {
		if (t[q] == '\'' && t[q + 1] == '\'')
			q++; /* '' is one quote of the body */
		q++;
	}
	return (int)q;
}

/* Byte offset of 1-based LINE and character column COL in TEXT. */
static size_t linecol_offset(const char *text, int line, int col)
{
	size_t o = 0;
	for (int l = 1; l < line && text[o]; o++)
		if (text[o] == '\n')
			l++;
	for (int c = 1; c < col && text[o]; c++) {
		o++;
		while ((text[o] & 0xC0) == 0x80)
			o++;
	}
	return o;
}

/* ---- the validator ---- */

typedef struct ParamScan {
	int nparams;
	int bad, bad_loc; /* first $n beyond NPARAMS and its location, 0 when none */
} ParamScan;

static void param_node(void *ud, const PgQuery__Node *n)
{
	ParamScan *ps = ud;
	if (ps->bad || n->node_case != PG_QUERY__NODE__NODE_PARAM_REF)
		return;
	if (n->param_ref->number > ps->nparams) {
		ps->bad = n->param_ref->number;
		ps->bad_loc = n->param_ref->location;
	}
}

static bool is_query(const PgQuery__Node *n)
{
	return n->node_case == PG_QUERY__NODE__NODE_SELECT_STMT ||
	       n->node_case == PG_QUERY__NODE__NODE_INSERT_STMT ||
	       n->node_case == PG_QUERY__NODE__NODE_UPDATE_STMT ||
	       n->node_case == PG_QUERY__NODE__NODE_DELETE_STMT;
}

/* The number of result columns of statement N when certain (a plain SELECT's target list without `*`,
 * or DML's RETURNING list without `*`), else -1; 0 for DML without RETURNING and for anything else that
 * returns no rows to the function (a utility statement). */
static int result_columns(const PgQuery__Node *n, PgQuery__Node *const **targets)
{
	PgQuery__Node **list = NULL;
	size_t len = 0;
	*targets = NULL;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_SELECT_STMT: {
		const PgQuery__SelectStmt *s = n->select_stmt;
		if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE || s->n_values_lists || s->into_clause)
			return -1;
		list = s->target_list;
		len = s->n_target_list;
		break;
	}
	case PG_QUERY__NODE__NODE_INSERT_STMT:
		list = n->insert_stmt->returning_list;
		len = n->insert_stmt->n_returning_list;
		break;
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
		list = n->update_stmt->returning_list;
		len = n->update_stmt->n_returning_list;
		break;
	case PG_QUERY__NODE__NODE_DELETE_STMT:
		list = n->delete_stmt->returning_list;
		len = n->delete_stmt->n_returning_list;
		break;
	default:
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		const PgQuery__Node *t = list[i];
		const PgQuery__Node *v =
		    t->node_case == PG_QUERY__NODE__NODE_RES_TARGET ? t->res_target->val : NULL;
		if (!v)
			return -1;
		if (v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v->column_ref->n_fields &&
		    v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
		        PG_QUERY__NODE__NODE_A_STAR)
			return -1; /* `*`: as many columns as the relation has */
	}
	*targets = list;
	return (int)len;
}

/* A built-in scalar type (check_sql_fn_retval's TYPTYPE_BASE path), by canonical name. */
static bool builtin_scalar(const char *t)
{
	static const char *const b[] = {"smallint",
	                                "integer",
	                                "bigint",
	                                "numeric",
	                                "real",
	                                "double precision",
	                                "text",
	                                "character varying",
	                                "character",
	                                "boolean",
	                                "date",
	                                "timestamp without time zone",
	                                "timestamp with time zone",
	                                "interval",
	                                "uuid",
	                                "json",
	                                "jsonb",
	                                "bytea",
	                                "name",
	                                "oid",
	                                "money",
	                                "inet",
	                                "cidr",
	                                "time without time zone",
	                                "time with time zone",
	                                "xml",
	                                "tsvector",
	                                "regclass",
	                                "bit",
	                                "bit varying"};
	size_t n = strlen(t);
	while (n > 2 && !strncmp(t + n - 2, "[]", 2))
		n -= 2; /* an array is a base type */
	const char *paren = strchr(t, '(');
	if (paren && (size_t)(paren - t) < n)
		n = (size_t)(paren - t);
	for (size_t i = 0; i < ARRAY_LEN(b); i++)
		if (strlen(b[i]) == n && !strncmp(t, b[i], n))
			return true;
	return false;
}

/* The declared result is one value (base, domain, enum or range type), so the final statement must
 * return exactly one column: true when certain. */
static bool scalar_result(ReplayState *st, const char *r)
{
	if (builtin_scalar(r))
		return true;
	CatType *ut = rp_type_of_text(st, r);
	return ut && (ut->type_kind == TYPE_ENUM || ut->type_kind == TYPE_RANGE ||
	              (ut->type_kind == TYPE_DOMAIN && ut->base_type && builtin_scalar(ut->base_type)));
}

static bool numeric_or_bool(const char *r)
{
	static const char *const b[] = {"smallint", "integer",          "bigint", "numeric",
	                                "real",     "double precision", "boolean"};
	for (size_t i = 0; i < ARRAY_LEN(b); i++)
		if (!strcmp(r, b[i]))
			return true;
	return false;
}

static void retval_error(ReplayState *st, const char *rettype, const char *detail)
{
	Diag *d = rp_diag(st, SEV_ERROR, "invalid-function-definition", -1,
	                  "return type mismatch in function declared to return %s", rettype);
	if (d) {
		snprintf(d->sqlstate, sizeof d->sqlstate, "42P13");
		diag_set_detail(d, "%s", detail);
	}
}

/* check_sql_fn_statements: N is a CALL of a procedure with output arguments (an OUT or INOUT parameter, which
 * the call passes, defaults included). Every procedure of the name it finds first on the path must have one,
 * so that no overload the model cannot tell apart is taken for another. */
static bool calls_out_procedure(ReplayState *st, const PgQuery__Node *n)
{
	if (n->node_case != PG_QUERY__NODE__NODE_CALL_STMT || !n->call_stmt->funccall)
		return false;
	const PgQuery__FuncCall *fc = n->call_stmt->funccall;
	const char *schema, *name;
	rp_qualname(fc->funcname, fc->n_funcname, &schema, &name);
	if (!name)
		return false;
	const char *ps[32];
	size_t np = schema ? 1 : rp_path_schemas_fn(st, ps, 32);
	if (schema)
		ps[0] = schema;
	for (size_t i = 0; i < np; i++) {
		PtrList *l = catalog_find_functions(st->cat, ps[i], name);
		size_t procs = 0, with_out = 0;
		for (size_t j = 0; l && j < l->n; j++) {
			const CatFunction *f = l->items[j];
			if (!f->is_procedure || f->h.dropped)
				continue;
			procs++;
			for (size_t k = 0; k < f->nargs; k++)
				if (f->arg_modes && (f->arg_modes[k] == 'o' || f->arg_modes[k] == 'b')) {
					with_out++;
					break;
				}
		}
		if (procs)
			return with_out == procs;
	}
	return false;
}

void rp_function_body_check(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const CatFunction *f)
{
	if (st->no_body_checks || fs->sql_body || !f->language || strcmp(f->language, "sql") || !f->body)
		return;
	const PgQuery__DefElem *as = fs_as(fs);
	if (!as)
		return;
	int nin = 0;
	bool poly = false;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		if (m == 'i' || m == 'b' || m == 'v') {
			nin++;
			poly |= pgb_is_polymorphic_type(f->arg_types[i]);
		}
	}
	DiagList tmp = DIAGLIST_INIT;
	SqlParse p;
	if (sql_parse(f->body, "body", &p, &tmp) != 0) {
		const Diag *e = tmp.n ? &tmp.items[0] : NULL;
		if (e && !strcmp(e->rule, "syntax-error")) {
			int off = body_offset(st, as->location, linecol_offset(f->body, e->line, e->col));
			Diag *d = rp_diag(st, SEV_ERROR, "syntax-error", off, "%s", e->message);
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "42601");
		}
		diag_list_release(&tmp);
		return;
	}
	diag_list_release(&tmp);
	if (poly) { /* analysed when called: only the raw parse is checked (fmgr_sql_validator) */
		sql_parse_free(&p);
		return;
	}
	ParamScan ps = {nin, 0, 0};
	for (size_t i = 0; i < p.n && !ps.bad; i++)
		if (is_query(p.stmts[i].node))
			sql_walk_nodes(p.stmts[i].node, param_node, &ps);
	if (ps.bad) {
		Diag *d = rp_diag(st, SEV_ERROR, "undefined-parameter",
		                  body_offset(st, as->location, (size_t)ps.bad_loc),
		                  "there is no parameter $%d", ps.bad);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P02");
		sql_parse_free(&p);
		return;
	}
	for (size_t i = 0; i < p.n; i++)
		if (calls_out_procedure(st, p.stmts[i].node)) {
			(void)rp_error_state(
			    st, "feature-not-supported", "0A000", -1,
			    "calling procedures with output arguments is not supported in SQL functions");
			sql_parse_free(&p);
			return;
		}
	const char *r = f->returns;
	if (f->is_procedure || !r || !strcmp(r, "void") || !p.n) {
		sql_parse_free(&p);
		return;
	}
	if (!strncmp(r, "SETOF ", 6))
		r += 6;
	PgQuery__Node *const *targets = NULL;
	const PgQuery__Node *last = p.stmts[p.n - 1].node;
	int ncols = result_columns(last, &targets);
	if (ncols == 0 && !(is_query(last) && last->node_case == PG_QUERY__NODE__NODE_SELECT_STMT))
		retval_error(st, r,
		             "Function's final statement must be SELECT or INSERT/UPDATE/DELETE RETURNING.");
	else if (ncols > 0 && scalar_result(st, r)) {
		const PgQuery__Node *v = targets[0]->res_target->val;
		if (ncols != 1)
			retval_error(st, r, "Final statement must return exactly one column.");
		else if (numeric_or_bool(r) && v->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		         v->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			/* an untyped literal is text by then, and text has no assignment cast to R */
			retval_error(st, r, "Actual return type is text.");
	}
	sql_parse_free(&p);
}

void rp_set_check_function_bodies(ReplayState *st, const PgQuery__VariableSetStmt *vs)
{
	if (vs->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE) {
		st->no_body_checks = false; /* RESET, DEFAULT: on */
		return;
	}
	const PgQuery__Node *a = vs->n_args ? vs->args[0] : NULL;
	if (!a || a->node_case != PG_QUERY__NODE__NODE_A_CONST)
		return;
	if (a->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		st->no_body_checks = a->a_const->ival->ival == 0;
		return;
	}
	if (a->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
		return;
	const char *v = a->a_const->sval->sval;
	/* parse_bool: any unique prefix of true/false/yes/no/on/off, and 1/0 */
	size_t n = strlen(v);
	bool off = n && (!strncasecmp(v, "false", n) || !strncasecmp(v, "no", n) ||
	                 (n >= 2 && !strncasecmp(v, "off", n)) || !strcmp(v, "0"));
	bool on = n && (!strncasecmp(v, "true", n) || !strncasecmp(v, "yes", n) ||
	                (n >= 2 && !strncasecmp(v, "on", n)) || !strcmp(v, "1"));
	if (off != on)
		st->no_body_checks = off;
}
