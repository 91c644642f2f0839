/* replay_basetype.c — the checks PostgreSQL's DefineType and AlterType (commands/typecmds.c) make of a base
 * type's parameters: required I/O functions, the input function's result type, storage changes. */
#include "strata.h"
#include "analysis/replay_basetype.h"
#include "catalog/builtins.h"

#include <pg_query.h>
#include <strings.h>

/* The DefElem named NAME (matched exactly, as DefineType does), or NULL. */
static PgQuery__DefElem *param(PgQuery__Node **defs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (defs[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(defs[i]->def_elem->defname, name))
			return defs[i]->def_elem;
	return NULL;
}

/* A parameter's value as text (a name, a string, a type name's last part), or NULL. */
static const char *param_text(const PgQuery__DefElem *d)
{
	if (!d || !d->arg)
		return NULL;
	switch (d->arg->node_case) {
	case PG_QUERY__NODE__NODE_STRING:
		return d->arg->string->sval;
	case PG_QUERY__NODE__NODE_TYPE_NAME: {
		const PgQuery__TypeName *tn = d->arg->type_name;
		return tn->n_names ? rp_str(tn->names[tn->n_names - 1]) : NULL;
	}
	case PG_QUERY__NODE__NODE_LIST:
		return d->arg->list->n_items ? rp_str(d->arg->list->items[d->arg->list->n_items - 1]) : NULL;
	default:
		return NULL;
	}
}

/* typstorage of a storage parameter's text; 0 when not recognized. */
static char storage_code(const char *a)
{
	if (!a)
		return 0;
	return !strcasecmp(a, "plain")      ? 'p'
	       : !strcasecmp(a, "external") ? 'e'
	       : !strcasecmp(a, "extended") ? 'x'
	       : !strcasecmp(a, "main")     ? 'm'
	                                    : 0;
}

static void definition_error(ReplayState *st, int off, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void definition_error(ReplayState *st, int off, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	Diag *d = rp_diag(st, SEV_ERROR, "invalid-object-definition", off, "%s", msg);
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "42P17");
}

/* findTypeInputFunction's result check for the function D names: a pg_catalog function (not shadowed by a
 * user function of that name) taking cstring returns a built-in type, never the type being defined. */
static bool input_returns_type(ReplayState *st, CatType *t, const PgQuery__DefElem *d, int off)
{
	if (!d->arg || d->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
		return true;
	const PgQuery__TypeName *fn = d->arg->type_name;
	const char *schema, *name;
	rp_qualname(fn->names, fn->n_names, &schema, &name);
	if (!name || (schema && strcmp(schema, "pg_catalog")) ||
	    rp_find_function(st, fn->names, fn->n_names, -1))
		return true;
	size_t first = 0, nf = pgb_funcs_named(name, &first);
	bool takes_cstring = false;
	for (size_t i = 0; i < nf; i++) {
		const PgBFunc *f = &pg_bfuncs[first + i];
		takes_cstring |= f->nargs == 1 || f->nargs == 3;
	}
	if (!takes_cstring)
		return true; /* (its absence is not judged here) */
	definition_error(st, off, "type input function %s must return type %s", name, t->h.name);
	return false;
}

bool rp_basetype_define_ok(ReplayState *st, CatType *t, PgQuery__Node **defs, size_t n, int off)
{
	PgQuery__DefElem *in = param(defs, n, "input"), *out = param(defs, n, "output");
	if (!in) {
		definition_error(st, off, "type input function must be specified");
		return false;
	}
	if (!out) {
		definition_error(st, off, "type output function must be specified");
		return false;
	}
	if (!input_returns_type(st, t, in, off))
		return false;
	char storage = storage_code(param_text(param(defs, n, "storage")));
	t->storage = storage ? storage : param(defs, n, "like") ? 0 : 'p';
	return true;
}

bool rp_basetype_alter_ok(ReplayState *st, CatType *t, PgQuery__Node **defs, size_t n, int off)
{
	char storage = storage_code(param_text(param(defs, n, "storage")));
	if (!storage)
		return true;
	if (storage == 'p' && t->storage && t->storage != 'p') {
		definition_error(st, off, "cannot change type's storage to PLAIN");
		return false;
	}
	t->storage = storage;
	return true;
}
