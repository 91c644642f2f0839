/* replay_drop.c — DROP (RESTRICT/CASCADE), RENAME, SET SCHEMA and COMMENT ON for every modelled kind. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "analysis/replay_routine.h"
#include "analysis/replay_inherit.h"
#include "analysis/replay_trigger.h"

#include <ctype.h>
#include "analysis/replay_atrules.h"
#include "catalog/relative.h"
#include "catalog/builtins.h"

static void describe_addr(ReplayState *st, StrBuf *sb, const CatAddr *a, bool as_type, bool array)
{
	const char *ps[32];
	size_t np = rp_path_schemas(st, ps, 32);
	catalog_describe(sb, a, as_type, array, ps, np);
}

/* PostgreSQL's refusal of PLAN (reportDependentObjects with RESTRICT): every object only CASCADE would
 * drop, as "X depends on Y", in its order. NTARGETS > 1: the statement named several objects. */
static void report_dependents(ReplayState *st, const CatDropPlan *plan, size_t ntargets, int off)
{
	StrBuf what = STRBUF_INIT, detail = STRBUF_INIT;
	if (ntargets == 1)
		describe_addr(st, &what, &plan->items[0].addr, false, false);
	Diag *d = ntargets == 1
	              ? rp_diag(st, SEV_ERROR, "dependent-objects", off,
	                        "cannot drop %s because other objects depend on it", sb_str(&what))
	              : rp_diag(st, SEV_ERROR, "dependent-objects", off,
	                        "cannot drop desired object(s) because other objects depend on them");
	size_t shown = 0;
	for (size_t i = 0; i < plan->n; i++) {
		const CatDropItem *it = &plan->items[i];
		if (it->flags &
		    (DROPF_ORIGINAL | DROPF_SUBOBJECT | DROPF_AUTO | DROPF_INTERNAL | DROPF_PARTITION))
			continue;
		if (shown++ == 100)
			break; /* MAX_REPORTED_DEPS */
		if (detail.len)
			sb_putc(&detail, '\n');
		describe_addr(st, &detail, &it->addr, false, false);
		sb_append(&detail, " depends on ");
		describe_addr(st, &detail, &it->dependee, it->dependee_as_type, it->dependee_array);
	}
	diag_set_detail(d, "%s", sb_str(&detail));
	diag_set_hint(d, "Use DROP ... CASCADE to drop the dependent objects too.");
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "2BP01");
	sb_release(&what);
	sb_release(&detail);
}

static const char *hist_class(ObjKind k)
{
	switch (k) {
	case OBJ_TYPE:
		return "type";
	case OBJ_FUNCTION:
		return "fn";
	case OBJ_SCHEMA:
		return "schema";
	default:
		return "rel";
	}
}

bool rp_drop_addrs(ReplayState *st, const CatAddr *targets, size_t n, bool cascade, int off)
{
	if (!n)
		return true;
	CatDropPlan plan;
	if (catalog_drop_plan(st->cat, targets, n, &plan) != 0) {
		StrBuf a = STRBUF_INIT, b = STRBUF_INIT;
		describe_addr(st, &a, &plan.required, false, false);
		describe_addr(st, &b, &plan.required_by, false, false);
		Diag *d = rp_diag(st, SEV_ERROR, "dependent-objects", off,
		                  "cannot drop %s because %s requires it", sb_str(&a), sb_str(&b));
		diag_set_hint(d, "You can drop %s instead.", sb_str(&b));
		sb_release(&a);
		sb_release(&b);
		return false;
	}
	if (!cascade && catalog_drop_plan_needs_cascade(&plan)) {
		report_dependents(st, &plan, n, off);
		return false;
	}
	PtrList dropped = {0};
	catalog_drop_execute(st->cat, &plan, &dropped);
	for (size_t i = 0; i < n; i++)
		if (!targets[i].column)
			rp_note_drop(st, hist_class(targets[i].obj->kind), targets[i].obj->name, off);
	for (size_t i = 0; i < dropped.n; i++) {
		CatObject *d = dropped.items[i];
		if (d->kind == OBJ_TABLE || d->kind == OBJ_VIEW || d->kind == OBJ_MATVIEW ||
		    d->kind == OBJ_TYPE || d->kind == OBJ_FUNCTION)
			rp_note_drop(st, hist_class(d->kind), d->name, off);
	}
	return true;
}

void rp_describe(ReplayState *st, StrBuf *sb, const CatAddr *a)
{
	describe_addr(st, sb, a, false, false);
}

bool rp_drop_preview(ReplayState *st, const CatAddr *targets, size_t n, PtrList *out)
{
	CatDropPlan plan;
	if (catalog_drop_plan(st->cat, targets, n, &plan) != 0)
		return false;
	for (size_t i = 0; i < plan.n; i++) {
		const CatDropItem *it = &plan.items[i];
		if (it->flags &
		    (DROPF_ORIGINAL | DROPF_SUBOBJECT | DROPF_AUTO | DROPF_INTERNAL | DROPF_PARTITION))
			continue;
		CatAddr *a = arena_new(&st->cat->arena, CatAddr);
		*a = it->addr;
		ptrlist_push(&st->cat->arena, out, a);
	}
	return true;
}

static ObjKind rel_kind_of(PgQuery__ObjectType t)
{
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		return OBJ_TABLE;
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
		return OBJ_VIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
		return OBJ_MATVIEW;
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
		return OBJ_INDEX;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		return OBJ_SEQUENCE;
	default:
		return OBJ__COUNT;
	}
}

static const char *wrong_kind_msg(ObjKind k)
{
	switch (k) {
	case OBJ_TABLE:
		return "\"%s\" is not a table";
	case OBJ_VIEW:
		return "\"%s\" is not a view";
	case OBJ_MATVIEW:
		return "\"%s\" is not a materialized view";
	case OBJ_INDEX:
		return "\"%s\" is not an index";
	case OBJ_SEQUENCE:
		return "\"%s\" is not a sequence";
	default:
		return "\"%s\" is not the right kind of object";
	}
}

/* Names of a List node (DROP TABLE a.b → List of String). */
static void list_names(PgQuery__Node *n, PgQuery__Node ***items, size_t *count)
{
	if (n->node_case == PG_QUERY__NODE__NODE_LIST) {
		*items = n->list->items;
		*count = n->list->n_items;
	} else {
		*items = NULL;
		*count = 0;
	}
}

/* "function", "procedure" or "routine": the word PostgreSQL's lookup errors use for OBJTYPE. */
static const char *routine_word(PgQuery__ObjectType objtype)
{
	return objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? "procedure"
	       : objtype == PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE ? "routine"
	                                                          : "function";
}

/* LookupFuncWithArgs, ambiguous: "<kind> name "x" is not unique" (42725); sets ST->ambiguous. */
static void routine_ambiguous(ReplayState *st, PgQuery__ObjectType objtype, const char *name, bool hint)
{
	const char *w = routine_word(objtype);
	Diag *d =
	    rp_error_state(st, "ambiguous-function", "42725", -1, "%s name \"%s\" is not unique", w, name);
	if (d && hint)
		diag_set_hint(d, "Specify the argument list to select the %s unambiguously.", w);
	st->ambiguous = true;
}

/* Whether OWA's argument list marks no parameter mode (SQL-standard syntax: then a PROCEDURE or ROUTINE
 * lookup also tries the list as every argument, OUT ones included). */
static bool owa_no_modes(const PgQuery__ObjectWithArgs *owa)
{
	if (!owa->n_objfuncargs)
		return false;
	for (size_t i = 0; i < owa->n_objfuncargs; i++) {
		const PgQuery__Node *a = owa->objfuncargs[i];
		if (a->node_case == PG_QUERY__NODE__NODE_FUNCTION_PARAMETER &&
		    a->function_parameter->mode != PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_DEFAULT)
			return false;
	}
	return true;
}

/* The routine of list L whose every argument (OUT ones too) has the types TYPES[0..N), a procedure when
 * OBJTYPE is PROCEDURE; *AMBIGUOUS when more than one matches. */
static CatFunction *all_args_match(const PtrList *l, const char *const *types, size_t n,
                                   PgQuery__ObjectType objtype, bool *ambiguous)
{
	CatFunction *found = NULL;
	for (size_t j = 0; j < l->n; j++) {
		CatFunction *f = l->items[j];
		if (f->h.dropped || f->nargs != n ||
		    (objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE && !f->is_procedure))
			continue;
		size_t k = 0;
		while (k < n && f->arg_types[k] && !strcmp(f->arg_types[k], types[k]))
			k++;
		if (k < n)
			continue;
		if (found)
			*ambiguous = true;
		found = f;
	}
	return found;
}

/* The stored types of OWA's argument list. Arena array. */
static const char **owa_types(ReplayState *st, const PgQuery__ObjectWithArgs *owa)
{
	const char **types = arena_array(&st->cat->arena, const char *, owa->n_objargs + 1);
	for (size_t j = 0; j < owa->n_objargs; j++) {
		PgQuery__Node *a = owa->objargs[j];
		types[j] = a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
		               ? rp_type_stored(st, a->type_name, NULL)
		               : "?";
	}
	return types;
}

/* Find the routine an ObjectWithArgs names, as LookupFuncWithArgs does for OBJTYPE (FUNCTION, PROCEDURE or
 * ROUTINE): args_unspecified names the only routine of that name; a list names the routine with those input
 * argument types, and for PROCEDURE / ROUTINE a list without mode markers may also name one by all its
 * arguments, OUT ones included (PostgreSQL 14+): when the two lookups find different routines the name is
 * ambiguous (reported, ST->ambiguous set, NULL). */
static CatFunction *owa_function(ReplayState *st, PgQuery__ObjectWithArgs *owa, PgQuery__ObjectType objtype)
{
	const char *schema, *name;
	rp_qualname(owa->objname, owa->n_objname, &schema, &name);
	if (!name)
		return NULL;
	const char *ps[32];
	size_t np = rp_lookup_schemas(st, schema, true, ps, 32);
	const char **types = NULL; /* resolved once a routine of that name is found (DROP ... IF EXISTS) */
	CatFunction *by_in = NULL;
	for (size_t i = 0; i < np && !by_in; i++) {
		PtrList *l = catalog_find_functions(st->cat, ps[i], name);
		if (!l)
			continue;
		if (owa->args_unspecified) { /* the only one of the kind OBJTYPE names */
			CatFunction *only = NULL;
			for (size_t j = 0; j < l->n; j++) {
				CatFunction *f = l->items[j];
				if ((objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION && f->is_procedure) ||
				    (objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE && !f->is_procedure))
					continue;
				if (only) {
					routine_ambiguous(st, objtype, name, true);
					return NULL;
				}
				only = f;
			}
			if (only)
				return only;
			continue;
		}
		if (!types)
			types = owa_types(st, owa);
		const char *id = cat_ident_function(st->cat, ps[i], name, types, owa->n_objargs);
		by_in = (CatFunction *)catalog_find(st->cat, OBJ_FUNCTION, id);
	}
	if (!types)
		return by_in;
	if (owa->args_unspecified || objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION || !owa_no_modes(owa))
		return by_in;
	CatFunction *by_all = NULL;
	bool ambiguous = false;
	for (size_t i = 0; i < np && !by_all; i++) {
		PtrList *l = catalog_find_functions(st->cat, ps[i], name);
		if (l)
			by_all = all_args_match(l, types, owa->n_objargs, objtype, &ambiguous);
	}
	if (ambiguous || (by_in && by_all && by_in != by_all)) {
		routine_ambiguous(st, objtype, name, false);
		return NULL;
	}
	return by_in ? by_in : by_all;
}

/* "name(type, ...)" of F's input arguments, as funcname_signature_string prints them. */
static const char *routine_signature(ReplayState *st, const CatFunction *f)
{
	StrBuf sb = STRBUF_INIT;
	sb_appendf(&sb, "%s(", f->h.name);
	bool first = true;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		if (m == 'i' || m == 'b' || m == 'v') {
			sb_appendf(&sb, "%s%s", first ? "" : ", ", f->arg_types[i]);
			first = false;
		}
	}
	sb_append(&sb, ")");
	const char *r = arena_strdup(&st->cat->arena, sb_str(&sb));
	sb_release(&sb);
	return r;
}

/* LookupFuncWithArgs: ALTER/DROP FUNCTION names a function, ALTER/DROP PROCEDURE a procedure (ROUTINE
 * either), when the argument types are given. Reports the mismatch and returns false. */
static bool routine_kind_ok(ReplayState *st, const CatFunction *f, PgQuery__ObjectType objtype,
                            const PgQuery__ObjectWithArgs *owa, int off)
{
	if (owa->args_unspecified)
		return true;
	if (objtype == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION && f->is_procedure)
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, "%s is not a function",
		        routine_signature(st, f));
	else if (objtype == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE && !f->is_aggregate)
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, "function %s is not an aggregate",
		        routine_signature(st, f));
	else if (objtype == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE && !f->is_procedure)
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, "%s is not a procedure",
		        routine_signature(st, f));
	else
		return true;
	return false;
}

/* NAME(type, ...) of OWA's argument list as PostgreSQL prints it (func_signature_string; the name alone
 * without a list). Arena text. */
static const char *owa_signature(ReplayState *st, const PgQuery__ObjectWithArgs *owa, const char *name,
                                 PgQuery__ObjectType objtype)
{
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, name);
	for (size_t i = 0; !owa->args_unspecified && i < owa->n_objargs; i++) {
		const PgQuery__Node *a = owa->objargs[i];
		sb_appendf(&sb, "%s%s", i ? ", " : "(",
		           a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME
		               ? rp_type_stored(st, a->type_name, NULL)
		               : "?");
	}
	if (!owa->args_unspecified)
		sb_append(&sb, owa->n_objargs                                       ? ")"
		               : objtype == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE ? "(*)"
		                                                                    : "()");
	const char *r = arena_strdup(&st->cat->arena, sb_str(&sb));
	sb_release(&sb);
	return r;
}

/* OWA names no routine the model holds (owa_function found none, ST->ambiguous unset): an error unless it
 * may exist outside the model (a built-in function, an extension's, a system schema's, an aggregate made
 * by a statement the model does not follow). */
static void routine_missing(ReplayState *st, const PgQuery__ObjectWithArgs *owa, PgQuery__ObjectType objtype,
                            int off)
{
	const char *schema, *name;
	rp_qualname(owa->objname, owa->n_objname, &schema, &name);
	size_t first;
	if (st->ambiguous || !name || rp_any_extension(st) || rp_is_system_name(schema, name) ||
	    pgb_funcs_named(name, &first))
		return;
	char *k = xasprintf("f:%s", name);
	bool agg = hmap_has(&st->unmodelled, k);
	free(k);
	if (agg)
		return;
	rp_missing(st, "undefined-function", off, "fn", name, "%s %s does not exist",
	           objtype == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE ? "aggregate" : routine_word(objtype),
	           owa_signature(st, owa, name, objtype));
}

void rp_alter_function(ReplayState *st, PgQuery__AlterFunctionStmt *as)
{
	st->ambiguous = false;
	CatFunction *f = as->func ? owa_function(st, as->func, as->objtype) : NULL;
	if (!f && as->func)
		routine_missing(st, as->func, as->objtype, -1);
	if (!f || !routine_kind_ok(st, f, as->objtype, as->func, -1) ||
	    !rp_routine_attrs_ok(st, as->actions, as->n_actions, f->is_procedure))
		return;
	if (f->is_aggregate) { /* AlterFunction */
		rp_diag(st, SEV_ERROR, "wrong-object-type", -1, "\"%s\" is an aggregate function", f->h.name);
		return;
	}
	for (size_t i = 0; i < as->n_actions; i++)
		if (as->actions[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM)
			rp_function_option(f, as->actions[i]->def_elem);
}

static CatType *typename_type(ReplayState *st, PgQuery__Node *n, const char **name_out)
{
	const char *schema = NULL, *name = NULL;
	if (n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
		rp_qualname(n->type_name->names, n->type_name->n_names, &schema, &name);
	else if (n->node_case == PG_QUERY__NODE__NODE_LIST)
		rp_qualname(n->list->items, n->list->n_items, &schema, &name);
	*name_out = name;
	return name ? rp_find_type(st, schema, name) : NULL;
}

/* AlterObjectRename_internal / AlterObjectNamespace_internal (IsThereFunctionInNamespace): another routine
 * SCHEMA.NAME with F's input argument types exists. Reports it and returns true. */
static bool function_name_taken(ReplayState *st, CatFunction *f, const char *schema, const char *name,
                                int off)
{
	const char **in = arena_array(&st->cat->arena, const char *, f->nargs + 1);
	size_t nin = 0;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		if (m == 'i' || m == 'b' || m == 'v')
			in[nin++] = f->arg_types[i];
	}
	CatObject *o =
	    catalog_find(st->cat, OBJ_FUNCTION, cat_ident_function(st->cat, schema, name, in, nin));
	if (!o || o == &f->h || o->dropped)
		return false;
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < nin; i++)
		sb_appendf(&sb, "%s%s", i ? ", " : "", in[i]);
	rp_diag(st, SEV_ERROR, "duplicate-object", off, "function %s(%s) already exists in schema \"%s\"",
	        name, sb_str(&sb), schema);
	sb_release(&sb);
	return true;
}

/* The ancestor's row trigger whose clone on a partition the name list N ([schema.]table.trigger) names, when
 * the partition has no trigger of its own by that name; NULL otherwise. *OWNER is the partition. */
static CatTrigger *cloned_trigger(ReplayState *st, PgQuery__Node *n, CatTable **owner)
{
	PgQuery__Node **it;
	size_t c;
	list_names(n, &it, &c);
	if (c < 2)
		return NULL;
	const char *name = rp_str(it[c - 1]), *tbl = rp_str(it[c - 2]),
	           *schema = c >= 3 ? rp_str(it[c - 3]) : NULL;
	CatObject *t = tbl ? rp_find_relation(st, schema, tbl) : NULL;
	if (!t || t->kind != OBJ_TABLE || !name || catalog_find_trigger(st->cat, t, name))
		return NULL;
	*owner = (CatTable *)t;
	return rp_trigger_clone_source((CatTable *)t, name);
}

/* Member objects: [schema.]table.name */
static CatObject *member(ReplayState *st, PgQuery__Node *n, ObjKind kind, bool missing_ok, int off)
{
	PgQuery__Node **it;
	size_t c;
	list_names(n, &it, &c);
	if (c < 2)
		return NULL;
	const char *name = rp_str(it[c - 1]), *tbl = rp_str(it[c - 2]),
	           *schema = c >= 3 ? rp_str(it[c - 3]) : NULL;
	CatObject *t = rp_find_relation(st, schema, tbl);
	if (!t) {
		if (!missing_ok)
			rp_missing(st, "undefined-relation", off, "rel", tbl,
			           "relation \"%s\" does not exist", tbl);
		return NULL;
	}
	CatObject *o = kind == OBJ_TRIGGER ? (CatObject *)catalog_find_trigger(st->cat, t, name)
	               : kind == OBJ_POLICY && t->kind == OBJ_TABLE
	                   ? (CatObject *)catalog_find_policy(st->cat, (CatTable *)t, name)
	               : kind == OBJ_CONSTRAINT && t->kind == OBJ_TABLE
	                   ? (CatObject *)catalog_find_constraint(st->cat, (CatTable *)t, name)
	                   : NULL;
	if (!o && !missing_ok)
		rp_diag(st, SEV_ERROR, "undefined-object", off, "%s \"%s\" for %s \"%s\" does not exist",
		        obj_kind_name(kind), name, kind == OBJ_POLICY ? "table" : "relation", tbl);
	return o;
}

/* The object one name of a DROP statement names, or NULL (after a diagnostic unless IF EXISTS / a system
 * object; *FAILED set when the statement must fail). */
static CatObject *drop_target(ReplayState *st, PgQuery__DropStmt *ds, PgQuery__Node *obj, int off,
                              bool *failed)
{
	ObjKind rk = rel_kind_of(ds->remove_type);
	if (rk != OBJ__COUNT) {
		PgQuery__Node **it;
		size_t c;
		list_names(obj, &it, &c);
		const char *schema, *name;
		rp_qualname(it, c, &schema, &name);
		if (!name)
			return NULL;
		CatObject *o = rp_find_relation(st, schema, name);
		if (!o) {
			if (!ds->missing_ok && !rp_is_system_name(schema, name)) {
				rp_missing(st, rk == OBJ_TABLE ? "undefined-relation" : "undefined-object",
				           off, "rel", name, "%s \"%s%s%s\" does not exist",
				           obj_kind_name(rk), schema ? schema : "", schema ? "." : "", name);
				*failed = true;
			}
			return NULL;
		}
		if (o->kind != rk) {
			Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", off, wrong_kind_msg(rk), name);
			diag_set_hint(d, "Use DROP %s to remove a %s.",
			              o->kind == OBJ_MATVIEW    ? "MATERIALIZED VIEW"
			              : o->kind == OBJ_VIEW     ? "VIEW"
			              : o->kind == OBJ_INDEX    ? "INDEX"
			              : o->kind == OBJ_SEQUENCE ? "SEQUENCE"
			                                        : "TABLE",
			              obj_kind_name(o->kind));
			*failed = true;
			return NULL;
		}
		return o;
	}
	switch (ds->remove_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		const char *name = rp_str(obj);
		CatSchema *sc = name ? catalog_find_schema(st->cat, name) : NULL;
		if (!sc && !ds->missing_ok) {
			rp_missing(st, "undefined-schema", off, "schema", name ? name : "?",
			           "schema \"%s\" does not exist", name ? name : "?");
			*failed = true;
		}
		return sc ? &sc->h : NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		const char *name = rp_str(obj);
		CatExtension *e = name ? catalog_find_extension(st->cat, name) : NULL;
		if (!e && !ds->missing_ok) {
			rp_diag(st, SEV_ERROR, "undefined-object", off, "extension \"%s\" does not exist",
			        name ? name : "?");
			*failed = true;
		}
		return e ? &e->h : NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		const char *name = NULL;
		CatType *t = typename_type(st, obj, &name);
		if (!t && !ds->missing_ok) {
			rp_missing(st, "undefined-type", off, "type", name ? name : "?",
			           "type \"%s\" does not exist", name ? name : "?");
			*failed = true;
		}
		return t ? &t->h : NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
		if (obj->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			return NULL;
		st->ambiguous = false;
		CatFunction *f = owa_function(st, obj->object_with_args, ds->remove_type);
		if (!f && st->ambiguous) {
			*failed = true;
			return NULL;
		}
		if (f && !routine_kind_ok(st, f, ds->remove_type, obj->object_with_args, off)) {
			*failed = true;
			return NULL;
		}
		if (f && f->is_aggregate && ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION) {
			/* RemoveObjects */
			Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", off,
			                  "\"%s\" is an aggregate function", f->h.name);
			diag_set_hint(d, "Use DROP AGGREGATE to drop aggregate functions.");
			*failed = true;
			return NULL;
		}
		if (!f && ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
			if (!ds->missing_ok && !st->ambiguous) {
				int errors = st->errors;
				routine_missing(st, obj->object_with_args, ds->remove_type, off);
				*failed = st->errors > errors;
			}
			return NULL;
		}
		if (!f) {
			const char *schema, *name;
			rp_qualname(obj->object_with_args->objname, obj->object_with_args->n_objname, &schema,
			            &name);
			if (!ds->missing_ok && !rp_any_extension(st)) {
				rp_missing(
				    st, "undefined-function", off, "fn", name ? name : "?",
				    "%s %s does not exist",
				    ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE ? "procedure"
				                                                               : "function",
				    name ? owa_signature(st, obj->object_with_args, name, ds->remove_type)
				         : "?");
				*failed = true;
			}
		}
		return f ? &f->h : NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT: {
		PgQuery__Node **it;
		size_t c;
		list_names(obj, &it, &c);
		CatStatistics *x = rp_find_statistics(st, it, c);
		if (!x && !ds->missing_ok) {
			int errors = st->errors;
			rp_statistics_missing(st, it, c, off);
			*failed = st->errors > errors;
		}
		return x ? &x->h : NULL;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
		ObjKind k =
		    ds->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ? OBJ_TRIGGER : OBJ_POLICY;
		CatTable *owner = NULL;
		CatTrigger *src = k == OBJ_TRIGGER ? cloned_trigger(st, obj, &owner) : NULL;
		if (src) { /* a partition's clone goes only with its parent's trigger (IF EXISTS or not) */
			rp_diag(
			    st, SEV_ERROR, "dependent-objects", off,
			    "cannot drop trigger %s on table %s because trigger %s on table %s requires it",
			    src->h.name, owner->h.name, src->h.name, src->h.owner->name);
			*failed = true;
			return NULL;
		}
		int before = st->errors;
		CatObject *o = member(st, obj, k, ds->missing_ok, off);
		if (!o && st->errors > before)
			*failed = true;
		return o;
	}
	default:
		return NULL; /* roles, rules, operators, ...: not modelled */
	}
}

/* DROP: every name is resolved first (an error drops nothing), then all the objects go in one deletion, as
 * PostgreSQL's RemoveObjects / RemoveRelations do: a dependent that is itself named does not block. */
void rp_drop_stmt(ReplayState *st, PgQuery__DropStmt *ds)
{
	bool cascade = ds->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
	int off = -1;
	bool failed = false;
	CatAddr *targets = arena_array(&st->cat->arena, CatAddr, ds->n_objects ? ds->n_objects : 1);
	size_t n = 0;
	for (size_t i = 0; i < ds->n_objects && !failed; i++) {
		CatObject *o = drop_target(st, ds, ds->objects[i], off, &failed);
		if (!o)
			continue;
		/* RemoveRelations: a temporary index is dropped without CONCURRENTLY */
		if (ds->concurrent && o->kind == OBJ_INDEX && o->owner && o->owner->kind == OBJ_TABLE &&
		    ((CatTable *)o->owner)->relkind == REL_PARTITIONED && !rp_is_temp_schema(o->schema)) {
			Diag *d = rp_diag(st, SEV_ERROR, "feature-not-supported", off,
			                  "cannot drop partitioned index \"%s\" concurrently", o->name);
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
			return;
		}
		bool dup = false;
		for (size_t j = 0; j < n && !dup; j++)
			dup = targets[j].obj == o;
		if (!dup)
			targets[n++] = (CatAddr){o, NULL, false};
	}
	if (failed)
		return;
	(void)rp_drop_addrs(st, targets, n, cascade, off);
}

/* A type's canonical text is its qualified name (plus [] for arrays): when the type is renamed or moved, the
 * columns, attributes, domains and function signatures that spell it follow. */
static const char *retext(ReplayState *st, const char *t, const char *oldt, const char *newt)
{
	size_t ol = strlen(oldt);
	if (t && !strncmp(t, oldt, ol) && (t[ol] == 0 || t[ol] == '[' || t[ol] == '('))
		return arena_sprintf(&st->cat->arena, "%s%s", newt, t + ol);
	return t;
}

static void retype_users(ReplayState *st, CatObject *type, const char *oldt, const char *newt)
{
	for (size_t i = 0; i < type->rdeps.n; i++) {
		CatObject *o = type->rdeps.items[i];
		if (o->kind == OBJ_TABLE) {
			CatTable *t = (CatTable *)o;
			for (size_t c = 0; c < t->columns.n; c++) {
				CatColumn *col = t->columns.items[c];
				col->type = retext(st, col->type, oldt, newt);
			}
		} else if (o->kind == OBJ_TYPE) {
			CatType *ty = (CatType *)o;
			ty->base_type = retext(st, ty->base_type, oldt, newt);
			for (size_t a = 0; a < ty->nattrs; a++)
				ty->attrs[a].type = retext(st, ty->attrs[a].type, oldt, newt);
		} else if (o->kind == OBJ_FUNCTION) {
			CatFunction *f = (CatFunction *)o;
			bool changed = false;
			for (size_t a = 0; a < f->nargs; a++) {
				const char *nt = retext(st, f->arg_types[a], oldt, newt);
				changed |= nt != f->arg_types[a];
				f->arg_types[a] = nt;
			}
			f->returns = retext(st, f->returns, oldt, newt);
			if (changed) /* the signature is the identity */
				catalog_rename(st->cat, o, o->name);
		}
	}
}

/* COLUMN in a partition key text (`RANGE (ts)`) becomes NEWNAME. */
static const char *rename_in_key(ReplayState *st, const char *key, const char *column, const char *newname)
{
	StrBuf sb = STRBUF_INIT;
	size_t n = strlen(column);
	for (const char *p = key; *p;) {
		bool start = p == key || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
		                           (p[-1] >= '0' && p[-1] <= '9'));
		char e = p[n];
		bool end = !(e == '_' || (e >= 'a' && e <= 'z') || (e >= '0' && e <= '9'));
		if (start && !strncmp(p, column, n) && end) {
			cat_quote_ident(&sb, newname);
			p += n;
		} else
			sb_putc(&sb, *p++);
	}
	const char *r = arena_strdup(&st->cat->arena, sb_str(&sb));
	sb_release(&sb);
	return r;
}

/* ALTER TABLE ... RENAME CONSTRAINT (rename_constraint_internal): a CHECK renames in the children that
 * inherit it too; an inherited one is renamed only from its parent, and ONLY is refused when children have
 * it. */
static void rename_constraint(ReplayState *st, CatTable *t, const char *old, const char *newname,
                              bool recurse, bool recursing, int off)
{
	CatConstraint *k = catalog_find_constraint(st->cat, t, old);
	if (!k) {
		if (!recursing)
			rp_diag(st, SEV_ERROR, "undefined-object", off,
			        "constraint \"%s\" for table \"%s\" does not exist", old, t->h.name);
		return;
	}
	if (k->contype == CON_CHECK && k->inhcount > 0 && !recursing) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		        "cannot rename inherited constraint \"%s\"", old);
		return;
	}
	PtrList kids = {0};
	if (k->contype == CON_CHECK)
		rp_children_of(st, t, &kids);
	if (!recurse && !recursing)
		for (size_t i = 0; i < kids.n; i++) {
			CatConstraint *kk = catalog_find_constraint(st->cat, kids.items[i], old);
			if (kk && kk->inhcount > 0) {
				rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
				        "inherited constraint \"%s\" must be renamed in child tables too",
				        old);
				return;
			}
		}
	if (catalog_find_constraint(st->cat, t, newname)) {
		rp_diag(st, SEV_ERROR, "duplicate-object", off,
		        "constraint \"%s\" for relation \"%s\" already exists", newname, t->h.name);
		return;
	}
	catalog_rename(st->cat, &k->h, newname);
	rp_register_conname(st, k);
	if (k->index)
		catalog_rename(st->cat, &k->index->h, newname);
	if (recurse)
		for (size_t i = 0; i < kids.n; i++)
			rename_constraint(st, kids.items[i], old, newname, true, true, off);
}

/* ALTER TABLE ... RENAME COLUMN (renameatt): on T and, unless ONLY, on the tables that inherit the column;
 * an inherited column is renamed only from its parent, and ONLY is refused when children have it. */
static void rename_column(ReplayState *st, CatTable *t, const char *old, const char *newname, bool recurse,
                          bool recursing, int off)
{
	if (!recursing && rp_is_typed_table(t)) { /* renameatt_check */
		rp_diag(st, SEV_ERROR, "wrong-object-type", off, "cannot rename column of typed table");
		return;
	}
	if (recurse && !recursing && rp_inh_foreign_lineage(st, t, old)) {
		/* a child also inherits the column from a parent outside the tree */
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		        "cannot rename inherited column \"%s\"", old);
		return;
	}
	CatColumn *c = table_find_column(t, old);
	if (!c) {
		if (!recursing)
			rp_diag(st, SEV_ERROR, "undefined-column", off, "column \"%s\" does not exist", old);
		return;
	}
	if (c->inhcount > 0 && !recursing) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
		        "cannot rename inherited column \"%s\"", old);
		return;
	}
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	if (!recurse && !recursing)
		for (size_t i = 0; i < kids.n; i++) {
			CatColumn *kc = table_find_column(kids.items[i], old);
			if (kc && kc->inhcount > 0) {
				rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
				        "inherited column \"%s\" must be renamed in child tables too", old);
				return;
			}
		}
	if (table_find_column(t, newname)) {
		rp_diag(st, SEV_ERROR, "duplicate-column", off,
		        "column \"%s\" of relation \"%s\" already exists", newname, t->h.name);
		return;
	}
	if (rp_partkey_uses_column(t, old))
		t->partition_key = rename_in_key(st, t->partition_key, old, newname);
	table_rename_column(st->cat, t, c, newname);
	if (recurse)
		for (size_t i = 0; i < kids.n; i++)
			rename_column(st, kids.items[i], old, newname, true, true, off);
}

/* ALTER [MATERIALIZED] VIEW ... RENAME COLUMN (renameatt on a view): the view's column keeps its place;
 * readers and the definition print the new name. A view whose columns are not known is left alone. */
static void rename_view_column(ReplayState *st, CatView *v, const char *old, const char *newname, int off)
{
	size_t at = v->ncolumns;
	for (size_t i = 0; i < v->ncolumns; i++) {
		if (v->columns[i] && !strcmp(v->columns[i], newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-column", off,
			        "column \"%s\" of relation \"%s\" already exists", newname, v->h.name);
			return;
		}
		if (v->columns[i] && !strcmp(v->columns[i], old))
			at = i;
	}
	if (at == v->ncolumns) {
		if (v->ncolumns)
			rp_diag(st, SEV_ERROR, "undefined-column", off, "column \"%s\" does not exist", old);
		return;
	}
	view_rename_column(st->cat, v, at, newname);
}

/* Does O depend on a function other than F with F's schema, name and number of arguments? */
static bool calls_other_overload(const CatObject *o, const CatFunction *f)
{
	for (size_t i = 0; i < o->ndeps; i++) {
		const CatObject *on = o->deps[i].on;
		if (on != &f->h && on->kind == OBJ_FUNCTION && !strcmp(on->name, f->h.name) &&
		    !strcmp(on->schema, f->h.schema) && ((const CatFunction *)on)->nargs == f->nargs)
			return true;
	}
	return false;
}

typedef struct CallLocs {
	const CatFunction *fn;
	int locs[64];
	size_t n;
} CallLocs;

static void collect_call(void *ud, int location, const CatFunction *fn)
{
	CallLocs *cl = ud;
	if (fn == cl->fn && cl->n < ARRAY_LEN(cl->locs))
		cl->locs[cl->n++] = location;
}

/* V's definition once the calls its analysis resolves to F are named NEWNAME (the others keep their name):
 * the server stores each call's function OID. */
static const char *view_calls_renamed(ReplayState *st, CatView *v, const CatFunction *f, const char *newname)
{
	const char *r = v->definition;
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(v->definition ? v->definition : "");
	PgQuery__ParseResult *tree = NULL;
	if (!pr.error)
		tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
		                                      (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	if (tree && tree->n_stmts == 1 && tree->stmts[0]->stmt &&
	    tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
		ExprEnv env;
		const char *path[32];
		rp_expr_env(st, &env, path);
		CallLocs cl = {.fn = f};
		env.on_function = collect_call;
		env.fn_ud = &cl;
		ExprError err;
		QueryColumns qc;
		PgQuery__Node *t = query_analyze(&env, tree->stmts[0]->stmt, NULL, 0, &qc, &err);
		expr_tree_free(t);
		query_columns_free(&qc);
		expr_error_clear(&err);
		if (cl.n)
			r = query_rename_calls(&st->cat->arena, v->definition, cl.locs, cl.n, newname);
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return r;
}

void rp_rename_stmt(ReplayState *st, PgQuery__RenameStmt *rs)
{
	int off = rs->relation ? rs->relation->location : -1;
	switch (rs->rename_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT: {
		PgQuery__Node **it;
		size_t c;
		if (!rs->object || !rs->newname)
			return;
		list_names(rs->object, &it, &c);
		CatStatistics *x = rp_find_statistics(st, it, c);
		if (!x) {
			if (!rs->missing_ok)
				rp_statistics_missing(st, it, c, off);
			return;
		}
		if (catalog_find(st->cat, OBJ_STATISTICS,
		                 cat_ident_qualified(st->cat, x->h.schema, rs->newname))) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off,
			        "statistics object \"%s\" already exists in schema \"%s\"", rs->newname,
			        x->h.schema);
			return;
		}
		catalog_rename(st->cat, &x->h, rs->newname);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE: {
		CatObject *o = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (!o)
			return;
		if (catalog_find_relation(st->cat, o->schema, rs->newname) ||
		    catalog_find_type(st->cat, o->schema, rs->newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off, "relation \"%s\" already exists",
			        rs->newname);
			return;
		}
		rp_note_drop(st, "rel", o->name, off);
		catalog_rename(st->cat, o, rs->newname);
		/* renaming a constraint's index renames the constraint */
		if (o->kind == OBJ_INDEX && ((CatIndex *)o)->constraint) {
			CatConstraint *k = ((CatIndex *)o)->constraint;
			catalog_rename(st->cat, &k->h, rs->newname);
			rp_register_conname(st, k);
		}
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		CatObject *o = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (o && (o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW)) {
			rename_view_column(st, (CatView *)o, rs->subname, rs->newname, off);
			return;
		}
		if (!o || o->kind != OBJ_TABLE || !rp_column_name_not_system(st, rs->newname, off))
			return;
		rename_column(st, (CatTable *)o, rs->subname, rs->newname, rs->relation->inh, false, off);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_ATTRIBUTE: { /* ALTER TYPE composite RENAME ATTRIBUTE */
		if (!rs->relation)
			return;
		CatType *t = rp_find_type(
		    st,
		    rs->relation->schemaname && rs->relation->schemaname[0] ? rs->relation->schemaname : NULL,
		    rs->relation->relname);
		if (!t || t->type_kind != TYPE_COMPOSITE)
			return;
		/* typed tables are renamed with it, only with CASCADE */
		PtrList typed = {0};
		for (size_t i = 0; i < t->h.rdeps.n; i++) {
			CatObject *r = t->h.rdeps.items[i];
			for (size_t j = 0; !r->dropped && r->kind == OBJ_TABLE && j < r->ndeps; j++)
				if (r->deps[j].on == &t->h && !r->deps[j].from_column &&
				    r->deps[j].type == DEP_NORMAL) {
					ptrlist_push(&st->cat->arena, &typed, r);
					break;
				}
		}
		if (typed.n && rs->behavior != PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE) {
			Diag *d = rp_diag(st, SEV_ERROR, "dependent-objects", off,
			                  "cannot alter type \"%s\" because it is the type of a typed table",
			                  t->h.name);
			diag_set_hint(d, "Use ALTER ... CASCADE to alter the typed tables too.");
			return;
		}
		for (size_t i = 0; i < typed.n; i++)
			rename_column(st, typed.items[i], rs->subname, rs->newname, true, true, off);
		for (size_t a = 0; a < t->nattrs; a++)
			if (!strcmp(t->attrs[a].name, rs->newname)) {
				rp_diag(st, SEV_ERROR, "duplicate-column", off,
				        "column \"%s\" of relation \"%s\" already exists", rs->newname,
				        t->h.name);
				return;
			}
		for (size_t a = 0; a < t->nattrs; a++)
			if (!strcmp(t->attrs[a].name, rs->subname)) {
				const char *nn = arena_strdup(&st->cat->arena, rs->newname);
				for (size_t j = 0; j < t->h.ndeps; j++)
					if (t->h.deps[j].from_column &&
					    !strcmp(t->h.deps[j].from_column, rs->subname))
						t->h.deps[j].from_column = nn;
				t->attrs[a].name = nn;
				return;
			}
		rp_diag(st, SEV_ERROR, "undefined-column", off, "column \"%s\" does not exist", rs->subname);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
		CatObject *o = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (!o || o->kind != OBJ_TABLE)
			return;
		rename_constraint(st, (CatTable *)o, rs->subname, rs->newname, rs->relation->inh, false, off);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT: { /* RenameConstraint on a domain */
		const char *name = NULL;
		CatType *t = rs->object ? typename_type(st, rs->object, &name) : NULL;
		if (!t || t->type_kind != TYPE_DOMAIN) {
			rp_missing(st, "undefined-type", off, "type", name ? name : "?",
			           "type \"%s\" does not exist", name ? name : "?");
			return;
		}
		CatDomainCheck *k = NULL;
		for (size_t i = 0; i < t->nchecks; i++) {
			if (!strcmp(t->checks[i].name, rs->newname)) {
				rp_diag(st, SEV_ERROR, "duplicate-object", off,
				        "constraint \"%s\" for domain %s already exists", rs->newname,
				        t->h.name);
				return;
			}
			if (!strcmp(t->checks[i].name, rs->subname))
				k = &t->checks[i];
		}
		if (!k) {
			rp_diag(st, SEV_ERROR, "undefined-object", off,
			        "constraint \"%s\" for domain %s does not exist", rs->subname, t->h.name);
			return;
		}
		k->name = arena_strdup(&st->cat->arena, rs->newname);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		CatSchema *s = catalog_find_schema(st->cat, rs->subname);
		if (!s) {
			rp_missing(st, "undefined-schema", off, "schema", rs->subname,
			           "schema \"%s\" does not exist", rs->subname);
			return;
		}
		if (catalog_find_schema(st->cat, rs->newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off, "schema \"%s\" already exists",
			        rs->newname);
			return;
		}
		const char *old = s->h.name;
		catalog_rename(st->cat, &s->h, rs->newname);
		catalog_move_names(st->cat, 's', old, NULL, rs->newname);
		for (size_t i = 0; i < st->cat->all.n; i++) {
			CatObject *o = st->cat->all.items[i];
			if (!o->dropped && o->schema && !strcmp(o->schema, old) &&
			    o->kind != OBJ_CONSTRAINT && o->kind != OBJ_TRIGGER && o->kind != OBJ_POLICY)
				catalog_set_schema(st->cat, o, rs->newname);
		}
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		const char *name = NULL;
		CatType *t = rs->object ? typename_type(st, rs->object, &name) : NULL;
		if (!t) {
			if (!rs->missing_ok)
				rp_missing(st, "undefined-type", off, "type", name ? name : "?",
				           "type \"%s\" does not exist", name ? name : "?");
			return;
		}
		rp_note_drop(st, "type", t->h.name, off);
		const char *oldtext = t->h.identity;
		catalog_rename(st->cat, &t->h, rs->newname);
		retype_users(st, &t->h, oldtext, t->h.identity);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE: {
		if (!rs->object || rs->object->node_case != PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS)
			return;
		st->ambiguous = false;
		CatFunction *f = owa_function(st, rs->object->object_with_args, rs->rename_type);
		if (!f && rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE && !rs->missing_ok)
			routine_missing(st, rs->object->object_with_args, rs->rename_type, off);
		if (f && rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE &&
		    !routine_kind_ok(st, f, rs->rename_type, rs->object->object_with_args, off))
			return;
		if (f && !function_name_taken(st, f, f->h.schema, rs->newname, off)) {
			const char *old = f->h.name;
			/* views that call a same-named overload too: their calls of F told apart first */
			PtrList views = {0}, defs = {0};
			for (size_t i = 0; i < f->h.rdeps.n; i++) {
				CatObject *o = f->h.rdeps.items[i];
				if ((o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW) &&
				    calls_other_overload(o, f)) {
					ptrlist_push(&st->cat->arena, &views, o);
					ptrlist_push(
					    &st->cat->arena, &defs,
					    (void *)view_calls_renamed(st, (CatView *)o, f, rs->newname));
				}
			}
			catalog_rename(st->cat, &f->h, rs->newname);
			catalog_rename_function_refs(st->cat, f, old); /* users store its OID */
			for (size_t i = 0; i < views.n; i++)
				((CatView *)views.items[i])->definition = defs.items[i];
		}
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
		CatObject *t = rp_range_relation(st, rs->relation, rs->missing_ok, NULL);
		if (!t)
			return;
		CatObject *o = rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER
		                   ? (CatObject *)catalog_find_trigger(st->cat, t, rs->subname)
		               : t->kind == OBJ_TABLE
		                   ? (CatObject *)catalog_find_policy(st->cat, (CatTable *)t, rs->subname)
		                   : NULL;
		CatTrigger *src =
		    !o && rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER && t->kind == OBJ_TABLE
		        ? rp_trigger_clone_source((CatTable *)t, rs->subname)
		        : NULL;
		if (src) { /* renametrig: a clone (tgparentid set) keeps its parent's name */
			Diag *d = rp_error_state(st, "object-not-in-prerequisite-state", "XX000", off,
			                         "cannot rename trigger \"%s\" on table \"%s\"", rs->subname,
			                         t->name);
			if (d)
				diag_set_hint(d,
				              "Rename the trigger on the partitioned table \"%s\" instead.",
				              ((CatTable *)t)->partition_of->h.name);
			return;
		}
		if (!o) {
			rp_diag(st, SEV_ERROR, "undefined-object", off,
			        "%s \"%s\" for table \"%s\" does not exist",
			        rs->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER ? "trigger"
			                                                                 : "policy",
			        rs->subname, t->name);
			return;
		}
		if (o->kind == OBJ_TRIGGER &&
		    !rp_trigger_rename_check(st, t, (CatTrigger *)o, rs->newname, off))
			return;
		/* rename_policy looks the new name up first: renaming to the same name is a duplicate too */
		if (o->kind == OBJ_POLICY && catalog_find_policy(st->cat, (CatTable *)t, rs->newname)) {
			rp_diag(st, SEV_ERROR, "duplicate-object", off,
			        "policy \"%s\" for table \"%s\" already exists", rs->newname, t->name);
			return;
		}
		catalog_rename(st->cat, o, rs->newname);
		return;
	}
	default:
		return;
	}
}

/* AlterObjectNamespace_internal for a statistics object: it must exist, the schema too, and no other
 * statistics object of its name be there. */
static void statistics_set_schema(ReplayState *st, PgQuery__AlterObjectSchemaStmt *as)
{
	PgQuery__Node **it;
	size_t c;
	list_names(as->object, &it, &c);
	CatStatistics *x = rp_find_statistics(st, it, c);
	if (!x) {
		if (!as->missing_ok)
			rp_statistics_missing(st, it, c, -1);
		return;
	}
	if (strcmp(as->newschema, "pg_catalog") && !catalog_find_schema(st->cat, as->newschema)) {
		rp_missing(st, "undefined-schema", -1, "schema", as->newschema,
		           "schema \"%s\" does not exist", as->newschema);
		return;
	}
	if (!strcmp(x->h.schema, as->newschema))
		return;
	if (catalog_find(st->cat, OBJ_STATISTICS, cat_ident_qualified(st->cat, as->newschema, x->h.name))) {
		rp_diag(st, SEV_ERROR, "duplicate-object", -1,
		        "statistics object \"%s\" already exists in schema \"%s\"", x->h.name, as->newschema);
		return;
	}
	catalog_set_schema(st->cat, &x->h, as->newschema);
}

void rp_alter_schema_stmt(ReplayState *st, PgQuery__AlterObjectSchemaStmt *as)
{
	int off = as->relation ? as->relation->location : -1;
	if (as->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT) {
		if (as->object)
			statistics_set_schema(st, as);
		return;
	}
	/* IF EXISTS of a missing relation is a notice, whatever the new schema */
	if (as->relation && as->missing_ok &&
	    !rp_find_relation(st, as->relation->schemaname, as->relation->relname))
		return;
	/* pg_catalog always exists; the model keeps a user object moved there */
	if (strcmp(as->newschema, "pg_catalog") && !catalog_find_schema(st->cat, as->newschema)) {
		rp_missing(st, "undefined-schema", off, "schema", as->newschema,
		           "schema \"%s\" does not exist", as->newschema);
		return;
	}
	CatObject *o = NULL;
	switch (as->object_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		o = rp_range_relation(st, as->relation, as->missing_ok, NULL);
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		const char *name;
		o = as->object ? (CatObject *)typename_type(st, as->object, &name) : NULL;
		break;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
		if (as->object && as->object->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) {
			PgQuery__ObjectWithArgs *owa = as->object->object_with_args;
			st->ambiguous = false;
			CatFunction *f = owa_function(st, owa, as->object_type);
			if (as->object_type == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) {
				if (!f && !as->missing_ok)
					routine_missing(st, owa, as->object_type, off);
				if (f && !routine_kind_ok(st, f, as->object_type, owa, off))
					return;
			}
			o = (CatObject *)f;
		}
		break;
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		const char *name = rp_str(as->object);
		CatExtension *e = name ? catalog_find_extension(st->cat, name) : NULL;
		if (e)
			e->ext_schema = arena_strdup(&st->cat->arena, as->newschema);
		return;
	}
	default:
		return;
	}
	if (!o)
		return;
	if (o->kind != OBJ_FUNCTION && o->kind != OBJ_TYPE && o->schema && !strcmp(o->schema, as->newschema))
		return; /* already there: nothing to do (AlterRelationNamespaceInternal) */
	if (o->kind != OBJ_FUNCTION && o->kind != OBJ_TYPE &&
	    catalog_find_relation(st->cat, as->newschema, o->name)) {
		rp_diag(st, SEV_ERROR, "duplicate-object", off,
		        "relation \"%s\" already exists in schema \"%s\"", o->name, as->newschema);
		return;
	}
	if (o->kind == OBJ_FUNCTION && function_name_taken(st, (CatFunction *)o, as->newschema, o->name, off))
		return;
	const char *oldtext = o->identity;
	catalog_set_schema(st->cat, o, as->newschema);
	if (o->kind == OBJ_TYPE)
		retype_users(st, o, oldtext, o->identity);
}

/* COMMENT ON a type TN the model does not hold: an error unless the type exists outside the model (built
 * in, a table's row type, an array type, an extension's, a system schema's). */
static void comment_type_missing(ReplayState *st, const PgQuery__TypeName *tn, int off)
{
	const char *schema, *name;
	rp_qualname(tn->names, tn->n_names, &schema, &name);
	if (!name || rp_type_known(st, tn) || rp_is_system_name(schema, name) || rp_any_extension(st))
		return;
	rp_missing(st, "undefined-type", off, "type", name, "type \"%s\" does not exist", name);
}

void rp_comment_stmt(ReplayState *st, PgQuery__CommentStmt *cs)
{
	const char *text = cs->comment && cs->comment[0] ? arena_strdup(&st->cat->arena, cs->comment) : NULL;
	PgQuery__Node *obj = cs->object;
	if (!obj)
		return;
	int off = -1;
	PgQuery__Node **it;
	size_t c;
	list_names(obj, &it, &c);
	switch (cs->objtype) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_STATISTIC_EXT: {
		CatStatistics *x = rp_find_statistics(st, it, c);
		if (x)
			x->h.comment = text;
		else
			rp_statistics_missing(st, it, c, off);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: {
		const char *schema, *name;
		rp_qualname(it, c, &schema, &name);
		if (!name)
			return;
		CatObject *o = rp_find_relation(st, schema, name);
		if (!o) {
			if (!rp_is_system_name(schema, name))
				rp_missing(st, "undefined-relation", off, "rel", name,
				           "relation \"%s%s%s\" does not exist", schema ? schema : "",
				           schema ? "." : "", name);
			return;
		}
		o->comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN: {
		if (c < 2)
			return;
		const char *col = rp_str(it[c - 1]), *tbl = rp_str(it[c - 2]),
		           *schema = c >= 3 ? rp_str(it[c - 3]) : NULL;
		CatObject *o = rp_find_relation(st, schema, tbl);
		CatType *ct = !o && tbl ? rp_find_type(st, schema, tbl) : NULL;
		if (ct && ct->type_kind == TYPE_COMPOSITE) {
			/* a composite type is a relation too: its attributes are columns (comments on them
			 * are not modelled) */
			bool found = false;
			for (size_t i = 0; i < ct->nattrs && !found; i++)
				found = !strcmp(ct->attrs[i].name, col);
			if (!found)
				rp_diag(st, SEV_ERROR, "undefined-column", off,
				        "column \"%s\" of relation \"%s\" does not exist", col, tbl);
			return;
		}
		if (!o) {
			if (!rp_is_system_name(schema, tbl))
				rp_missing(st, "undefined-relation", off, "rel", tbl,
				           "relation \"%s%s%s\" does not exist", schema ? schema : "",
				           schema ? "." : "", tbl);
			return;
		}
		if (o->kind != OBJ_TABLE)
			return;
		CatColumn *cc = table_find_column((CatTable *)o, col);
		if (!cc) {
			rp_diag(st, SEV_ERROR, "undefined-column", off,
			        "column \"%s\" of relation \"%s\" does not exist", col, tbl);
			return;
		}
		cc->comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
		CatSchema *s = rp_str(obj) ? catalog_find_schema(st->cat, rp_str(obj)) : NULL;
		if (s)
			s->h.comment = catalog_schema_comment_is_initdb(rp_str(obj), text) ? NULL : text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: {
		CatExtension *e = rp_str(obj) ? catalog_find_extension(st->cat, rp_str(obj)) : NULL;
		if (e)
			e->h.comment = text;
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
		const char *name;
		CatType *t = typename_type(st, obj, &name);
		if (t)
			t->h.comment = text;
		else if (obj->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
			comment_type_missing(st, obj->type_name, off); /* get_object_address_type */
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMCONSTRAINT: { /* get_object_address: [domain, constraint] */
		if (obj->node_case != PG_QUERY__NODE__NODE_LIST || obj->list->n_items != 2 ||
		    obj->list->items[0]->node_case != PG_QUERY__NODE__NODE_TYPE_NAME ||
		    !rp_str(obj->list->items[1]))
			return;
		const char *name, *con = rp_str(obj->list->items[1]);
		CatType *t = typename_type(st, obj->list->items[0], &name);
		if (!t) {
			comment_type_missing(st, obj->list->items[0]->type_name, off);
			return;
		}
		if (t->type_kind != TYPE_DOMAIN)
			return;
		for (size_t i = 0; i < t->nchecks; i++)
			if (t->checks[i].name && !strcmp(t->checks[i].name, con))
				return; /* comments on domain constraints are not modelled */
		rp_diag(st, SEV_ERROR, "undefined-object", off,
		        "constraint \"%s\" for domain %s does not exist", con, t->h.name);
		return;
	}
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE:
		if (obj->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) {
			st->ambiguous = false;
			CatFunction *f = owa_function(st, obj->object_with_args, cs->objtype);
			if (f && routine_kind_ok(st, f, cs->objtype, obj->object_with_args, off))
				f->h.comment = text;
			else if (!f)
				routine_missing(st, obj->object_with_args, cs->objtype, off);
		}
		return;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT:
	case PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER:
	case PG_QUERY__OBJECT_TYPE__OBJECT_POLICY: {
		ObjKind k = cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER  ? OBJ_TRIGGER
		            : cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_POLICY ? OBJ_POLICY
		                                                                  : OBJ_CONSTRAINT;
		CatTable *owner = NULL;
		if (k == OBJ_TRIGGER && cloned_trigger(st, obj, &owner))
			return; /* a partition's clone of its parent's row trigger: comments on it are not
			           modelled */
		CatObject *o = member(st, obj, k, false, off);
		if (o)
			o->comment = text;
		return;
	}
	default:
		return;
	}
}

/* ---- GRANT / REVOKE --------------------------------------------------------------------------------- */

/* The privilege names valid for an object kind of GRANT (ACL_ALL_RIGHTS_* of aclchk.c), and the words of
 * its "invalid privilege type %s for %s" message. TABLE accepts a sequence's too: the relation's kind
 * decides later (ExecGrant_Relation). */
static bool grant_kind(PgQuery__ObjectType t, const char *const **privs, const char **what)
{
	static const char *const rel[] = {"select",     "insert",  "update", "delete", "truncate",
	                                  "references", "trigger", "usage",  NULL};
	static const char *const seq[] = {"usage", "select", "update", NULL};
	static const char *const fn[] = {"execute", NULL};
	static const char *const sch[] = {"usage", "create", NULL};
	static const char *const typ[] = {"usage", NULL};
	switch (t) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		*privs = rel, *what = "relation";
		return true;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
		*privs = seq, *what = "sequence";
		return true;
	case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		*privs = fn, *what = "function";
		return true;
	case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		*privs = fn, *what = "procedure";
		return true;
	case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
		*privs = fn, *what = "routine";
		return true;
	case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA:
		*privs = sch, *what = "schema";
		return true;
	case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		*privs = typ, *what = "type";
		return true;
	case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN:
		*privs = typ, *what = "domain";
		return true;
	default:
		return false; /* databases, languages, tablespaces, foreign servers, ...: not modelled */
	}
}

/* Every privilege name PostgreSQL knows (string_to_privilege); "rule" is accepted and ignored. */
static bool known_privilege(const char *p)
{
	static const char *const all[] = {
	    "insert", "select", "update",    "delete", "truncate", "references", "trigger",      "execute",
	    "usage",  "create", "temporary", "temp",   "connect",  "set",        "alter system", "rule"};
	for (size_t i = 0; i < ARRAY_LEN(all); i++)
		if (!strcmp(all[i], p))
			return true;
	return false;
}

static bool in_names(const char *const *l, const char *p)
{
	for (; *l; l++)
		if (!strcmp(*l, p))
			return true;
	return false;
}

static void upper_into(char *buf, size_t n, const char *s)
{
	size_t i = 0;
	for (; s[i] && i + 1 < n; i++)
		buf[i] = (char)toupper((unsigned char)s[i]);
	buf[i] = '\0';
}

/* The privileges of GS must be valid for its object kind, and column privileges only on relations
 * (ExecuteGrantStmt, after the objects are found). REL_ONLY: every object named is a relation that is not
 * a sequence (GRANT USAGE ON TABLE of one is refused then: ExecGrant_Relation). Reports the first. */
static bool grant_privileges_ok(ReplayState *st, const PgQuery__GrantStmt *gs, bool rel_only, int off)
{
	const char *const *privs;
	const char *what;
	if (!grant_kind(gs->objtype, &privs, &what))
		return true;
	static const char *const colprivs[] = {"select", "insert", "update", "references", NULL};
	for (size_t i = 0; i < gs->n_privileges; i++) {
		const PgQuery__Node *n = gs->privileges[i];
		if (n->node_case != PG_QUERY__NODE__NODE_ACCESS_PRIV)
			continue;
		const PgQuery__AccessPriv *ap = n->access_priv;
		char up[32];
		if (ap->n_cols) {
			if (gs->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_TABLE) {
				rp_error_state(st, "invalid-grant-operation", "0LP01", off,
				               "column privileges are only valid for relations");
				return false;
			}
			if (ap->priv_name && known_privilege(ap->priv_name) &&
			    !in_names(colprivs, ap->priv_name)) {
				upper_into(up, sizeof up, ap->priv_name);
				rp_error_state(st, "invalid-grant-operation", "0LP01", off,
				               "invalid privilege type %s for column", up);
				return false;
			}
			continue;
		}
		if (!ap->priv_name)
			continue;
		if (!known_privilege(ap->priv_name)) {
			rp_error_state(st, "syntax-error", "42601", off, "unrecognized privilege type \"%s\"",
			               ap->priv_name);
			return false;
		}
		if (!strcmp(ap->priv_name, "rule"))
			continue;
		upper_into(up, sizeof up, ap->priv_name);
		if (!in_names(privs, ap->priv_name)) {
			rp_error_state(st, "invalid-grant-operation", "0LP01", off,
			               "invalid privilege type %s for %s", up, what);
			return false;
		}
		if (rel_only && !strcmp(ap->priv_name, "usage")) {
			rp_error_state(st, "invalid-grant-operation", "0LP01", off,
			               "invalid privilege type USAGE for table");
			return false;
		}
	}
	return true;
}

/* The columns a GRANT names on table T exist (expand_col_privileges; get_attnum finds system columns). */
static bool grant_columns_ok(ReplayState *st, const PgQuery__GrantStmt *gs, const CatObject *o, int off)
{
	if (o->kind != OBJ_TABLE)
		return true; /* a view's columns: not checked */
	for (size_t i = 0; i < gs->n_privileges; i++) {
		const PgQuery__Node *n = gs->privileges[i];
		if (n->node_case != PG_QUERY__NODE__NODE_ACCESS_PRIV)
			continue;
		for (size_t k = 0; k < n->access_priv->n_cols; k++) {
			const char *col = rp_str(n->access_priv->cols[k]);
			if (col && !rp_is_system_column(col) &&
			    !table_find_column((const CatTable *)o, col)) {
				rp_diag(st, SEV_ERROR, "undefined-column", off,
				        "column \"%s\" of relation \"%s\" does not exist", col, o->name);
				return false;
			}
		}
	}
	return true;
}

/* One object of GRANT ... ON TABLE / SEQUENCE: it exists and is a relation of a kind privileges apply to
 * (ExecGrant_Relation). *NOT_SEQ is cleared when it is a sequence. */
static bool grant_relation_ok(ReplayState *st, const PgQuery__GrantStmt *gs, const PgQuery__RangeVar *rv,
                              bool *not_seq, int off)
{
	bool system = false;
	CatObject *o = rp_range_relation(st, rv, true, &system);
	if (!o) {
		if (system)
			return true;
		const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
		CatType *t = rp_find_type(st, schema, rv->relname);
		if (t && t->type_kind == TYPE_COMPOSITE) {
			rp_diag(st, SEV_ERROR, "wrong-object-type", rv->location,
			        "\"%s\" is a composite type", rv->relname);
			return false;
		}
		(void)rp_range_relation(st, rv, false, NULL); /* the error, unless the model cannot know */
		return false;
	}
	if (o->kind == OBJ_INDEX) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", rv->location, "\"%s\" is an index", o->name);
		return false;
	}
	if (gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE && o->kind != OBJ_SEQUENCE) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", rv->location, "\"%s\" is not a sequence",
		        o->name);
		return false;
	}
	if (o->kind == OBJ_SEQUENCE)
		*not_seq = false;
	return grant_columns_ok(st, gs, o, off);
}

void rp_grant_stmt(ReplayState *st, const PgQuery__GrantStmt *gs)
{
	int off = -1;
	int errors = st->errors;
	bool not_seq = true; /* every relation named is not a sequence */
	if (gs->is_grant && gs->grant_option)
		for (size_t i = 0; i < gs->n_grantees; i++) {
			const PgQuery__Node *g = gs->grantees[i];
			if (g->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC &&
			    g->role_spec->roletype == PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC) {
				rp_error_state(st, "invalid-grant-operation", "0LP01", off,
				               "grant options can only be granted to roles");
				return;
			}
		}
	if (gs->targtype == PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_ALL_IN_SCHEMA) {
		for (size_t i = 0; i < gs->n_objects; i++) { /* objectsInSchemaToOids */
			const char *name = rp_str(gs->objects[i]);
			if (name && !catalog_find_schema(st->cat, name) && !rp_is_system_name(name, NULL)) {
				rp_missing(st, "undefined-schema", off, "schema", name,
				           "schema \"%s\" does not exist", name);
				return;
			}
		}
		(void)grant_privileges_ok(st, gs, false, off);
		return;
	}
	if (gs->targtype != PG_QUERY__GRANT_TARGET_TYPE__ACL_TARGET_OBJECT)
		return;
	for (size_t i = 0; i < gs->n_objects && st->errors == errors; i++) { /* objectNamesToOids */
		PgQuery__Node *obj = gs->objects[i];
		switch (gs->objtype) {
		case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
			if (obj->node_case == PG_QUERY__NODE__NODE_RANGE_VAR)
				(void)grant_relation_ok(st, gs, obj->range_var, &not_seq, off);
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION:
		case PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_ROUTINE:
			if (obj->node_case == PG_QUERY__NODE__NODE_OBJECT_WITH_ARGS) {
				st->ambiguous = false;
				CatFunction *f = owa_function(st, obj->object_with_args, gs->objtype);
				if (f)
					(void)routine_kind_ok(st, f, gs->objtype, obj->object_with_args, off);
				else
					routine_missing(st, obj->object_with_args, gs->objtype, off);
			}
			break;
		case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: {
			const char *name = rp_str(obj);
			if (name && !catalog_find_schema(st->cat, name) && !rp_is_system_name(name, NULL))
				rp_missing(st, "undefined-schema", off, "schema", name,
				           "schema \"%s\" does not exist", name);
			break;
		}
		case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE:
		case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: {
			const char *name;
			CatType *t = typename_type(st, obj, &name);
			if (t && gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN &&
			    t->type_kind != TYPE_DOMAIN)
				rp_diag(st, SEV_ERROR, "wrong-object-type", off, "\"%s\" is not a domain",
				        t->h.name);
			else if (!t && obj->node_case == PG_QUERY__NODE__NODE_LIST && name) {
				PgQuery__TypeName tn = PG_QUERY__TYPE_NAME__INIT;
				tn.names = obj->list->items;
				tn.n_names = obj->list->n_items;
				comment_type_missing(st, &tn, off);
			}
			break;
		}
		default:
			return; /* databases, languages, tablespaces, large objects, ...: not modelled */
		}
	}
	if (st->errors == errors)
		(void)grant_privileges_ok(st, gs,
		                          not_seq && gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE, off);
}

void rp_default_privileges(ReplayState *st, const PgQuery__AlterDefaultPrivilegesStmt *ds)
{
	const PgQuery__GrantStmt *gs = ds->action;
	int off = -1;
	const char *const *privs;
	const char *what;
	if (!gs || !grant_kind(gs->objtype, &privs, &what))
		return;
	for (size_t i = 0; i < gs->n_privileges; i++) { /* ExecAlterDefaultPrivilegesStmt */
		const PgQuery__Node *n = gs->privileges[i];
		if (n->node_case != PG_QUERY__NODE__NODE_ACCESS_PRIV)
			continue;
		const char *p = n->access_priv->priv_name;
		char up[32];
		if (n->access_priv->n_cols) {
			rp_error_state(st, "invalid-grant-operation", "0LP01", off,
			               "default privileges cannot be set for columns");
			return;
		}
		if (p && !known_privilege(p)) {
			rp_error_state(st, "syntax-error", "42601", off, "unrecognized privilege type \"%s\"",
			               p);
			return;
		}
		/* defaults for tables are a relation's rights only: USAGE is a sequence's */
		if (p && strcmp(p, "rule") &&
		    (!in_names(privs, p) ||
		     (gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE && !strcmp(p, "usage")))) {
			upper_into(up, sizeof up, p);
			rp_error_state(st, "invalid-grant-operation", "0LP01", off,
			               "invalid privilege type %s for %s", up, what);
			return;
		}
	}
	for (size_t i = 0; i < ds->n_options; i++) { /* SetDefaultACLsInSchemas */
		const PgQuery__Node *o = ds->options[i];
		if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM ||
		    strcmp(o->def_elem->defname, "schemas") || !o->def_elem->arg ||
		    o->def_elem->arg->node_case != PG_QUERY__NODE__NODE_LIST)
			continue;
		const PgQuery__List *l = o->def_elem->arg->list;
		if (gs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA && l->n_items) {
			rp_error_state(st, "invalid-grant-operation", "0LP01", off,
			               "cannot use IN SCHEMA clause when using GRANT/REVOKE ON SCHEMAS");
			return;
		}
		for (size_t k = 0; k < l->n_items; k++) {
			const char *name = rp_str(l->items[k]);
			if (name && !catalog_find_schema(st->cat, name) && !rp_is_system_name(name, NULL)) {
				rp_missing(st, "undefined-schema", off, "schema", name,
				           "schema \"%s\" does not exist", name);
				return;
			}
		}
	}
}
