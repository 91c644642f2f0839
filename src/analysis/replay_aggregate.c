/* replay_aggregate.c — CREATE [OR REPLACE] AGGREGATE as PostgreSQL's DefineAggregate (aggregatecmds.c) and
 * AggregateCreate (catalog/pg_aggregate.c) make it: a routine of kind aggregate (prokind 'a') whose identity
 * is its name and argument types, depending on its transition / final functions and on its types. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "catalog/builtins.h"

/* The option list of the statement, by name (the last one given wins, as DefineAggregate's loop). */
static PgQuery__DefElem *agg_opt(const PgQuery__DefineStmt *ds, const char *a, const char *b)
{
	PgQuery__DefElem *r = NULL;
	for (size_t i = 0; i < ds->n_definition; i++) {
		PgQuery__Node *n = ds->definition[i];
		if (n->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !n->def_elem->defname)
			continue;
		if (!strcmp(n->def_elem->defname, a) || (b && !strcmp(n->def_elem->defname, b)))
			r = n->def_elem;
	}
	return r;
}

/* A function name option (sfunc = [schema.]name): its names as a list (TypeName or String). */
static bool opt_names(const PgQuery__DefElem *d, PgQuery__Node ***names, size_t *n, PgQuery__Node **one)
{
	if (!d || !d->arg)
		return false;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
		*names = d->arg->type_name->names;
		*n = d->arg->type_name->n_names;
		return *n > 0;
	}
	if (d->arg->node_case == PG_QUERY__NODE__NODE_LIST) {
		*names = d->arg->list->items;
		*n = d->arg->list->n_items;
		return *n > 0;
	}
	if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING) {
		*one = d->arg;
		*names = one;
		*n = 1;
		return true;
	}
	return false;
}

/* A string-ish option value (initcond = '0', initcond = 0, parallel = safe). */
static const char *opt_text(ReplayState *st, const PgQuery__DefElem *d)
{
	if (!d || !d->arg)
		return NULL;
	const PgQuery__Node *a = d->arg;
	switch (a->node_case) {
	case PG_QUERY__NODE__NODE_STRING:
		return a->string->sval;
	case PG_QUERY__NODE__NODE_INTEGER:
		return arena_sprintf(&st->cat->arena, "%d", (int)a->integer->ival);
	case PG_QUERY__NODE__NODE_FLOAT:
		return a->float_->fval;
	case PG_QUERY__NODE__NODE_TYPE_NAME:
		return a->type_name->n_names ? rp_str(a->type_name->names[a->type_name->n_names - 1]) : NULL;
	default:
		return NULL;
	}
}

/* The support function option D names, for NIN arguments of types IN (lookup_agg_function): the user function
 * of that name with those argument types, else the only one of that name and number of arguments. *SCHEMA
 * and *NAME receive the name as resolved (the schema NULL when neither a user function nor a built-in one
 * says). Returns false after PostgreSQL's "function ... does not exist" when no function of that name can
 * exist: not a user one, not a built-in, not an extension's or an unmodelled statement's. */
static bool support_function(ReplayState *st, const PgQuery__DefElem *d, const char *const *in, size_t nin,
                             CatFunction **fn, const char **schema, const char **name)
{
	*fn = NULL;
	PgQuery__Node **names, *one = NULL;
	size_t n;
	if (!opt_names(d, &names, &n, &one))
		return true;
	const char *sch, *nm;
	rp_qualname(names, n, &sch, &nm);
	*schema = sch;
	*name = nm;
	if (!nm)
		return true;
	const char *ps[32];
	size_t np = 0;
	if (sch)
		ps[np++] = sch;
	else
		np = rp_path_schemas_fn(st, ps, 32);
	CatFunction *only = NULL;
	bool several = false;
	for (size_t i = 0; i < np && !*fn; i++) {
		const char *id = cat_ident_function(st->cat, ps[i], nm, in, nin);
		CatObject *o = catalog_find(st->cat, OBJ_FUNCTION, id);
		if (o && !o->dropped) {
			*fn = (CatFunction *)o;
			break;
		}
		PtrList *l = catalog_find_functions(st->cat, ps[i], nm);
		for (size_t j = 0; l && j < l->n; j++) {
			CatFunction *f = l->items[j];
			if (f->h.dropped || f->is_procedure)
				continue;
			size_t k = 0;
			for (size_t a = 0; a < f->nargs; a++) {
				char m = f->arg_modes ? f->arg_modes[a] : 'i';
				k += m == 'i' || m == 'b' || m == 'v';
			}
			if (k != nin)
				continue;
			several |= only != NULL;
			if (!only)
				only = f;
		}
	}
	if (!*fn && only && !several)
		*fn = only;
	if (*fn) {
		*schema = (*fn)->h.schema;
		return true;
	}
	if (only || several || rp_any_extension(st) ||
	    (sch && strcmp(sch, "pg_catalog") && rp_is_system_name(sch, NULL)))
		return true;
	size_t first, nb = !sch || !strcmp(sch, "pg_catalog") ? pgb_funcs_named(nm, &first) : 0;
	bool arity = false; /* func_get_detail without expanding defaults or VARIADIC: exact arity */
	for (size_t i = 0; i < nb && !arity; i++)
		arity = pg_bfuncs[first + i].nargs == nin && pg_bfuncs[first + i].kind == 'f';
	if (arity) {
		if (!sch)
			*schema = "pg_catalog";
		return true;
	}
	if (!nb && sch && !strcmp(sch, "pg_catalog"))
		return true; /* (a built-in the model's table may not hold) */
	char *k = xasprintf("f:%s", nm);
	bool unmodelled = hmap_has(&st->unmodelled, k);
	free(k);
	if (unmodelled)
		return true;
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < nin; i++)
		sb_appendf(&sb, "%s%s", i ? ", " : "", in[i]);
	rp_missing(st, "undefined-function", -1, "fn", nm, "function %s%s%s(%s) does not exist",
	           sch ? sch : "", sch ? "." : "", nm, sb_str(&sb));
	sb_release(&sb);
	return false;
}

/* The argument list of DS: new syntax (args = [parameters, ndirect]) or old (basetype = type | "any"). The
 * types go to TYPES/MODES (arena arrays), user types to DEPS. Returns false after an error. */
static bool agg_args(ReplayState *st, const PgQuery__DefineStmt *ds, const char ***types, char **modes,
                     size_t *n, int *ndirect, PtrList *deps)
{
	Arena *a = &st->cat->arena;
	*n = 0;
	*ndirect = -1;
	PgQuery__DefElem *base = agg_opt(ds, "basetype", NULL);
	if (ds->oldstyle) {
		if (!base || !base->arg) {
			rp_error_state(st, "invalid-function-definition", "42P13", -1,
			               "aggregate input type must be specified");
			return false;
		}
		*types = arena_array(a, const char *, 2);
		*modes = arena_alloc(a, 2);
		const char *t = NULL;
		CatObject *ut = NULL;
		if (base->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
			t = rp_type_stored(st, base->arg->type_name, &ut);
		else
			t = opt_text(st, base);
		if (!t)
			return false;
		if (!strcasecmp(t, "any") || !strcmp(t, "\"any\""))
			return true; /* (*): no arguments */
		if (ut)
			ptrlist_push(a, deps, ut);
		(*types)[0] = t;
		(*modes)[0] = 'i';
		(*modes)[1] = 0;
		*n = 1;
		return true;
	}
	if (base) {
		rp_error_state(st, "invalid-function-definition", "42P13", -1,
		               "basetype is redundant with aggregate input type specification");
		return false;
	}
	PgQuery__Node *params = ds->n_args >= 1 ? ds->args[0] : NULL;
	if (ds->n_args >= 2 && ds->args[1]->node_case == PG_QUERY__NODE__NODE_INTEGER)
		*ndirect = (int)ds->args[1]->integer->ival;
	size_t np = params && params->node_case == PG_QUERY__NODE__NODE_LIST ? params->list->n_items : 0;
	*types = arena_array(a, const char *, np + 1);
	*modes = arena_alloc(a, np + 1);
	for (size_t i = 0; i < np; i++) {
		PgQuery__Node *pn = params->list->items[i];
		if (pn->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER ||
		    !pn->function_parameter->arg_type)
			return false;
		PgQuery__FunctionParameter *p = pn->function_parameter;
		CatObject *ut = NULL;
		(*types)[*n] = rp_type_stored(st, p->arg_type, &ut);
		if (!(*types)[*n])
			return false;
		if (ut)
			ptrlist_push(a, deps, ut);
		(*modes)[*n] = p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC ? 'v' : 'i';
		(*n)++;
	}
	(*modes)[*n] = 0;
	return true;
}

/* "name(type, ...)" of aggregate F (name(*) without arguments). */
static const char *routine_sig(ReplayState *st, const CatFunction *f)
{
	StrBuf sb = STRBUF_INIT;
	sb_appendf(&sb, "%s(", f->h.name);
	for (size_t i = 0; i < f->nargs; i++)
		sb_appendf(&sb, "%s%s", i ? "," : "", f->arg_types[i]);
	sb_append(&sb, f->nargs ? ")" : "*)");
	const char *r = arena_strdup(&st->cat->arena, sb_str(&sb));
	sb_release(&sb);
	return r;
}

bool rp_define_aggregate(ReplayState *st, PgQuery__DefineStmt *ds)
{
	Arena *a = &st->cat->arena;
	const char *schema, *name;
	rp_qualname(ds->defnames, ds->n_defnames, &schema, &name);
	if (!name)
		return false;
	PtrList deps = {0};
	const char **types = NULL;
	char *modes = NULL;
	size_t n = 0;
	int ndirect = -1;
	if (!agg_args(st, ds, &types, &modes, &n, &ndirect, &deps))
		return true;
	schema = rp_creation_schema(st, schema, -1);
	if (!schema)
		return true;
	/* DefineAggregate: the transition type and function are required */
	PgQuery__DefElem *stype_d = agg_opt(ds, "stype", "stype1"), *sfunc_d = agg_opt(ds, "sfunc", "sfunc1");
	if (!stype_d || !stype_d->arg) {
		rp_error_state(st, "invalid-function-definition", "42P13", -1,
		               "aggregate stype must be specified");
		return true;
	}
	if (!sfunc_d || !sfunc_d->arg) {
		rp_error_state(st, "invalid-function-definition", "42P13", -1,
		               "aggregate sfunc must be specified");
		return true;
	}
	const char *stype = NULL;
	CatObject *ut = NULL;
	if (stype_d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		stype = rp_type_stored(st, stype_d->arg->type_name, &ut);
	if (!stype)
		return true;
	if (ut)
		ptrlist_push(a, &deps, ut);
	/* the aggregated arguments: all of a plain aggregate's; an ordered-set one's after the direct ones,
	 * or its trailing VARIADIC item when that covers both */
	/* DefineAggregate: serialization (for an internal state only) takes both functions; the moving-state
	 * functions come with MSTYPE; PARALLEL is one of three words */
	bool ser = agg_opt(ds, "serialfunc", NULL), unser = agg_opt(ds, "deserialfunc", NULL);
	if (ser != unser) {
		rp_error_state(st, "invalid-function-definition", "42P13", -1,
		               "must specify both or neither of serialization and deserialization functions");
		return true;
	}
	if (ser && strcmp(stype, "internal")) {
		rp_error_state(
		    st, "invalid-function-definition", "42P13", -1,
		    "serialization functions may be specified only when the aggregate transition data "
		    "type is internal");
		return true;
	}
	bool mstype = agg_opt(ds, "mstype", NULL) != NULL;
	static const char *const mopts[] = {"msfunc", "minvfunc"};
	for (size_t i = 0; i < ARRAY_LEN(mopts); i++) {
		bool has = agg_opt(ds, mopts[i], NULL) != NULL;
		if (has != mstype) {
			rp_error_state(st, "invalid-function-definition", "42P13", -1,
			               mstype ? "aggregate %s must be specified when mstype is specified"
			                      : "aggregate %s must not be specified without mstype",
			               mopts[i]);
			return true;
		}
	}
	static const char *const mwithout[] = {"mfinalfunc", "msspace", "minitcond"};
	for (size_t i = 0; !mstype && i < ARRAY_LEN(mwithout); i++)
		if (agg_opt(ds, mwithout[i], NULL)) {
			rp_error_state(st, "invalid-function-definition", "42P13", -1,
			               "aggregate %s must not be specified without mstype", mwithout[i]);
			return true;
		}
	const char *par = opt_text(st, agg_opt(ds, "parallel", NULL));
	if (par && strcasecmp(par, "safe") && strcasecmp(par, "restricted") && strcasecmp(par, "unsafe")) {
		rp_error_state(st, "syntax-error", "42601", -1,
		               "parameter \"parallel\" must be SAFE, RESTRICTED, or UNSAFE");
		return true;
	}
	size_t nagg = ndirect < 0 ? n : (size_t)ndirect < n ? n - (size_t)ndirect : n ? 1 : 0;
	/* the transition function takes the state and the aggregated arguments */
	const char **tin = arena_array(a, const char *, nagg + 2);
	tin[0] = stype;
	for (size_t i = 0; i < nagg; i++)
		tin[i + 1] = types[n - nagg + i];
	CatFunction *sfn = NULL, *ffn = NULL;
	const char *sfs = NULL, *sfname = NULL, *ffs = NULL, *ffname = NULL;
	if (!support_function(st, sfunc_d, tin, nagg + 1, &sfn, &sfs, &sfname))
		return true;
	PgQuery__DefElem *final_d = agg_opt(ds, "finalfunc", NULL);
	if (final_d) {
		/* FINALFUNC_EXTRA passes the aggregated arguments too (as nulls) */
		/* with FINALFUNC_EXTRA it takes the state and every argument, else the state and the direct
		 * ones */
		PgQuery__DefElem *xd = agg_opt(ds, "finalfunc_extra", NULL);
		bool extra = xd && (!xd->arg || xd->arg->node_case != PG_QUERY__NODE__NODE_BOOLEAN ||
		                    xd->arg->boolean->boolval);
		size_t nf = extra ? n : ndirect > 0 ? (size_t)ndirect : 0;
		const char **fin = arena_array(a, const char *, nf + 2);
		fin[0] = stype;
		size_t k = 1;
		for (size_t i = 0; i < nf && i < n; i++)
			fin[k++] = types[i];
		if (!support_function(st, final_d, fin, k, &ffn, &ffs, &ffname))
			return true;
	}
	/* the other support functions, with the arguments AggregateCreate looks them up with */
	PtrList fdeps = {0};
	const char *pair[2] = {stype, stype}, *deser[2] = {"bytea", "internal"};
	struct {
		const char *opt;
		const char *const *in;
		size_t nin;
	} others[] = {{"combinefunc", pair, 2}, {"serialfunc", pair, 1}, {"deserialfunc", deser, 2}};
	for (size_t i = 0; i < ARRAY_LEN(others); i++) {
		PgQuery__DefElem *d = agg_opt(ds, others[i].opt, NULL);
		CatFunction *of = NULL;
		const char *os, *on;
		if (d && !support_function(st, d, others[i].in, others[i].nin, &of, &os, &on))
			return true;
		if (of)
			ptrlist_push(a, &fdeps, of);
	}
	static const char *const moving[] = {"msfunc", "minvfunc", "mfinalfunc"};
	for (size_t i = 0; i < ARRAY_LEN(moving); i++) {
		PgQuery__DefElem *d = agg_opt(ds, moving[i], NULL);
		PgQuery__Node **names, *one = NULL;
		size_t nn;
		if (d && opt_names(d, &names, &nn, &one)) {
			CatFunction *mf = rp_find_function(st, names, nn, -1);
			if (mf)
				ptrlist_push(a, &fdeps, mf);
		}
	}
	const char *id = cat_ident_function(st->cat, schema, name, types, n);
	CatFunction *f = (CatFunction *)catalog_find(st->cat, OBJ_FUNCTION, id);
	char kind = ndirect < 0 ? 'n' : agg_opt(ds, "hypothetical", NULL) ? 'h' : 'o';
	int nd = ndirect < 0 ? 0 : ndirect;
	if (f) {
		/* ProcedureCreate / AggregateCreate */
		if (!ds->replace) {
			rp_error_state(st, "duplicate-object", "42723", -1,
			               "function \"%s\" already exists with same argument types", name);
			return true;
		}
		if (!f->is_aggregate) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "wrong-object-type", -1, "cannot change routine kind");
			if (d)
				diag_set_detail(d, "\"%s\" is %s.", f->h.name,
				                f->is_procedure ? "a procedure"
				                : f->is_window  ? "a window function"
				                                : "a function");
			return true;
		}
		if (f->agg_kind != kind) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "wrong-object-type", -1, "cannot change routine kind");
			if (d)
				diag_set_detail(d, "\"%s\" is %s.", f->h.name,
				                f->agg_kind == 'n'   ? "an ordinary aggregate function"
				                : f->agg_kind == 'o' ? "an ordered-set aggregate"
				                                     : "a hypothetical-set aggregate");
			return true;
		}
		if (f->agg_ndirect != nd) {
			rp_diag(st, SEV_ERROR, "invalid-function-definition", -1,
			        "cannot change number of direct arguments of an aggregate function");
			return true;
		}
		/* ProcedureCreate: OR REPLACE keeps the result type */
		const char *ret = !final_d ? stype : ffn && ffn->returns ? ffn->returns : "?";
		if (strcmp(ret, "?") && f->returns && strcmp(f->returns, "?") && strcmp(ret, f->returns)) {
			Diag *d = rp_error_state(st, "invalid-function-definition", "42P13", -1,
			                         "cannot change return type of existing function");
			if (d)
				diag_set_hint(d, "Use DROP AGGREGATE %s first.", routine_sig(st, f));
			return true;
		}
		while (f->h.ndeps)
			catalog_remove_dep(&f->h, f->h.deps[0].on, NULL);
	} else {
		CatLoc l = rp_loc(st, -1);
		f = (CatFunction *)catalog_add(st->cat, OBJ_FUNCTION, schema, name, NULL, &l);
	}
	f->is_aggregate = true;
	f->agg_kind = kind;
	f->agg_ndirect = nd;
	f->arg_types = types;
	f->arg_modes = modes;
	f->arg_names = arena_array(a, const char *, n + 1);
	f->arg_defaults = arena_array(a, const char *, n + 1);
	f->nargs = n;
	f->agg_sfunc_schema = sfs;
	f->agg_sfunc = sfname ? arena_strdup(a, sfname) : NULL;
	f->agg_stype = stype;
	f->agg_final_schema = ffs;
	f->agg_final = ffname ? arena_strdup(a, ffname) : NULL;
	const char *ic = opt_text(st, agg_opt(ds, "initcond", "initcond1"));
	f->agg_initcond = ic ? arena_strdup(a, ic) : NULL;
	/* the result: the final function's, else the transition type (unknown: calls stay opaque) */
	f->returns = !final_d ? stype : ffn && ffn->returns ? ffn->returns : "?";
	f->language = "internal";
	f->body = "aggregate_dummy";
	f->volatility = 'i';
	f->strict = f->security_definer = false;
	f->parallel = 'u';
	if (par)
		f->parallel = !strcasecmp(par, "safe") ? 's' : !strcasecmp(par, "restricted") ? 'r' : 'u';
	if (!f->h.identity)
		catalog_function_register(st->cat, f);
	if (sfn)
		catalog_add_dep(st->cat, &f->h, &sfn->h, NULL, DEP_NORMAL);
	if (ffn && ffn != sfn)
		catalog_add_dep(st->cat, &f->h, &ffn->h, NULL, DEP_NORMAL);
	for (size_t i = 0; i < fdeps.n; i++)
		if (fdeps.items[i] != f)
			catalog_add_dep(st->cat, &f->h, fdeps.items[i], NULL, DEP_NORMAL);
	for (size_t i = 0; i < deps.n; i++) {
		CatObject *on = deps.items[i];
		CatDep *d = catalog_add_subdep(st->cat, &f->h, NULL, false, on, NULL, DEP_NORMAL);
		if (d)
			d->as_type = on->kind != OBJ_TYPE;
	}
	return true;
}
