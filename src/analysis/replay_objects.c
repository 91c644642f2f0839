/* replay_objects.c — views and materialized views, types (enum, domain, composite, range), functions and
 * procedures, triggers, policies, sequences, extensions, schemas. */
#include "strata.h"
#include "catalog/extensions.h"
#include <strings.h>
#include "analysis/replay_int.h"
#include "analysis/replay_foreign.h"
#include "analysis/replay_inherit.h"
#include "analysis/replay_basetype.h"
#include "analysis/replay_col.h"
#include "sql/walk.h"
#include "analysis/replay_trigger.h"
#include "analysis/replay_atrules.h"

/* ---- views ---- */

/* The relations (RangeVars) anywhere in a tree, and its CTE names. */
typedef struct RelWalk {
	PtrList rvs;  /* PgQuery__RangeVar* */
	PtrList ctes; /* const char* CTE names */
	Arena *a;
} RelWalk;

static void rel_walk(RelWalk *w, const ProtobufCMessage *m);

static bool rel_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	rel_walk(ud, c);
	return false;
}

static void rel_walk(RelWalk *w, const ProtobufCMessage *m)
{
	if (m->descriptor == &pg_query__range_var__descriptor)
		ptrlist_push(w->a, &w->rvs, (void *)m);
	else if (m->descriptor == &pg_query__common_table_expr__descriptor)
		ptrlist_push(w->a, &w->ctes, ((const PgQuery__CommonTableExpr *)m)->ctename);
	sql_each_child(m, rel_child, w);
}

/* The columns of a view (or materialized view) when the expression analysis could not give them (it
 * reported why): the written column list, then the names and types of the model's own query analysis. */
static void view_columns(ReplayState *st, CatView *v, const RpQueryCols *qc, PgQuery__Node **names, size_t n)
{
	size_t total = n > qc->n ? n : qc->n;
	const char **cols = arena_array(&st->cat->arena, const char *, total + 1);
	const char **types = arena_array(&st->cat->arena, const char *, total + 1);
	for (size_t i = 0; i < total; i++) {
		cols[i] = i < n ? arena_strdup(&st->cat->arena, rp_str(names[i]) ? rp_str(names[i]) : "?")
		                : qc->names[i];
		types[i] = i < qc->n && qc->types[i] ? qc->types[i] : "?";
	}
	v->ncolumns = total;
	v->columns = cols;
	v->column_types = types;
	v->ncolumn_types = total;
}

/* The model's analysis of a view's QUERY, quietly (the expression analysis reports the query's errors):
 * V's dependencies on the relations and columns it reads, and its output columns in QC. A written column
 * list longer than the query's columns is PostgreSQL's error (MATVIEW words it as CREATE TABLE AS does);
 * false then. */
static bool view_query_deps(ReplayState *st, CatView *v, PgQuery__Node *query, size_t nwritten, bool matview,
                            int off, RpQueryCols *qc)
{
	(void)rp_query_columns(st, &v->h, query, qc, false);
	if (qc->complete && nwritten > qc->n) {
		rp_diag(st, SEV_ERROR, matview ? "syntax-error" : "invalid-table-definition", off,
		        matview ? "too many column names were specified"
		                : "CREATE VIEW specifies more column names than columns");
		return false;
	}
	return true;
}

static CatView *new_view(ReplayState *st, PgQuery__RangeVar *rv, ObjKind kind, bool replace,
                         bool if_not_exists, bool *skip)
{
	*skip = false;
	const char *schema = rp_relation_schema(st, rv);
	if (!schema) {
		*skip = true;
		return NULL;
	}
	CatObject *old = catalog_find_relation(st->cat, schema, rv->relname);
	if (old) {
		if (replace && old->kind == kind) {
			/* CREATE OR REPLACE VIEW: same object, new definition and dependencies */
			while (old->ndeps)
				catalog_remove_dep(old, old->deps[0].on, NULL);
			CatView *v = (CatView *)old;
			v->ncolumns = 0;
			v->explicit_columns = false;
			return v;
		}
		if (!if_not_exists)
			rp_relation_exists(st, old, rv->location, rv->relname);
		*skip = true;
		return NULL;
	}
	CatLoc l = rp_loc(st, rv->location);
	return (CatView *)catalog_add(st->cat, kind, schema, rv->relname, NULL, &l);
}

/* ViewColumnFn over the replayed catalog: does relation SCHEMA.REL (on the path when SCHEMA is NULL) have
 * column COL? */
static int view_has_column(void *ctx, const char *schema, const char *rel, const char *col)
{
	ReplayState *st = ctx;
	CatObject *o = rp_find_relation(st, schema, rel);
	if (!o)
		return -1;
	if (o->kind == OBJ_TABLE)
		return table_find_column((CatTable *)o, col) ? 1 : 0;
	if (o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW) {
		CatView *v = (CatView *)o;
		if (!v->ncolumns)
			return -1;
		for (size_t i = 0; i < v->ncolumns; i++)
			if (v->columns[i] && !strcmp(v->columns[i], col))
				return 1;
		return 0;
	}
	return -1;
}

/* The written column names of a view as an array of strings (for the normalizer), or NULL. */
static const char **written_names(ReplayState *st, PgQuery__Node **names, size_t n)
{
	if (!n)
		return NULL;
	const char **out = arena_array(&st->cat->arena, const char *, n);
	for (size_t i = 0; i < n; i++)
		out[i] = arena_strdup(&st->cat->arena, rp_str(names[i]) ? rp_str(names[i]) : "?");
	return out;
}

/* A view or materialized view that failed: it does not exist (a replaced view keeps what it had lost). */
static void undo_view(ReplayState *st, CatView *v, bool created)
{
	if (created)
		catalog_unlink(st->cat, &v->h);
}

/* CREATE OR REPLACE VIEW over OLD (checkViewTupleDesc): the new query keeps every old column, in place,
 * with its name and type. Returns false after PostgreSQL's error. */
static bool replace_keeps_columns(ReplayState *st, const CatView *old, PgQuery__ViewStmt *vs)
{
	RpQueryCols qc;
	st->lenient++; /* the query's own errors are reported when it is replayed for real */
	(void)rp_query_columns(st, NULL, vs->query, &qc, false);
	st->lenient--;
	diag_list_release(&st->scratch);
	if (!qc.complete || !old->ncolumns)
		return true;
	int off = vs->view->location;
	size_t n = qc.n > vs->n_aliases ? qc.n : vs->n_aliases;
	if (n < old->ncolumns) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", off, "cannot drop columns from view");
		return false;
	}
	for (size_t i = 0; i < old->ncolumns; i++) {
		const char *name =
		    i < vs->n_aliases && rp_str(vs->aliases[i]) ? rp_str(vs->aliases[i]) : qc.names[i];
		if (strcmp(name, old->columns[i])) {
			Diag *d = rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
			                  "cannot change name of view column \"%s\" to \"%s\"",
			                  old->columns[i], name);
			diag_set_hint(
			    d, "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column instead.");
			return false;
		}
		const char *ot =
		    old->column_types && old->ncolumn_types == old->ncolumns ? old->column_types[i] : NULL;
		const char *nt = i < qc.n ? qc.types[i] : NULL;
		if (ot && nt && strcmp(ot, "?") && strcmp(ot, nt)) {
			rp_diag(st, SEV_ERROR, "invalid-table-definition", off,
			        "cannot change data type of view column \"%s\" from %s to %s", name, ot, nt);
			return false;
		}
	}
	return rp_inh_view_collations_ok(st, old, vs->query, off);
}

/* V's definition from QUERY: parse analysis (stars expanded, references qualified, implicit casts as the
 * server prints them; PostgreSQL's errors reported), then normalized. The analysis also gives the view's
 * column names and types. When it fails, the query is normalized as written. */
static bool view_definition(ReplayState *st, CatView *v, PgQuery__Node *query)
{
	/* (its errors are the analysis's: the dependencies are then recorded quietly, view_query_deps) */
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	ExprError err;
	QueryColumns qc;
	PgQuery__Node *t = query_analyze(&env, query, v->columns, v->ncolumns, &qc, &err);
	rp_expr_error(st, &err);
	expr_error_clear(&err);
	if (t && qc.n && qc.n >= v->ncolumns) {
		v->ncolumns = qc.n;
		v->columns = arena_array(&st->cat->arena, const char *, qc.n);
		v->column_types = arena_array(&st->cat->arena, const char *, qc.n);
		v->ncolumn_types = qc.n;
		for (size_t i = 0; i < qc.n; i++) {
			v->columns[i] = arena_strdup(&st->cat->arena, qc.names[i]);
			v->column_types[i] = arena_strdup(&st->cat->arena, qc.types[i]);
		}
	}
	if (t)
		v->definition = view_query_normalize(&st->cat->arena, t, v->columns, v->ncolumns, NULL, NULL);
	else
		v->definition = view_query_normalize(&st->cat->arena, query, v->columns, v->ncolumns,
		                                     view_has_column, st);
	bool ok = t != NULL;
	expr_tree_free(t);
	query_columns_free(&qc);
	rp_fix_function_deps(st, &v->h); /* the dependencies were recorded before this analysis */
	return ok;
}

void rp_create_view(ReplayState *st, PgQuery__ViewStmt *vs)
{
	if (!rp_check_reloptions(st, RELOPT_VIEW, vs->options, vs->n_options, false, false,
	                         vs->view->location))
		return;
	bool skip;
	CatObject *prior = rp_find_relation(st, vs->view->schemaname, vs->view->relname);
	bool existed = prior != NULL;
	if (prior && prior->kind == OBJ_VIEW && vs->replace &&
	    !replace_keeps_columns(st, (CatView *)prior, vs))
		return;
	CatView *v = new_view(st, vs->view, OBJ_VIEW, vs->replace, false, &skip);
	if (skip || !v)
		return;
	v->explicit_columns = vs->n_aliases > 0;
	if (vs->n_aliases) {
		v->ncolumns = vs->n_aliases;
		v->columns = written_names(st, vs->aliases, vs->n_aliases);
	}
	RpQueryCols qc;
	if (!view_query_deps(st, v, vs->query, vs->n_aliases, false, vs->view->location, &qc)) {
		undo_view(st, v, !existed);
		return;
	}
	if (!view_definition(st, v, vs->query))
		view_columns(st, v, &qc, vs->aliases, vs->n_aliases);
	/* a view over a temporary relation is temporary itself ("will be a temporary view") */
	bool temp_deps = false;
	for (size_t i = 0; i < v->h.ndeps; i++) {
		const CatObject *on = v->h.deps[i].on;
		temp_deps |= (on->kind == OBJ_TABLE || on->kind == OBJ_VIEW || on->kind == OBJ_MATVIEW) &&
		             rp_is_temp_schema(on->schema);
	}
	if (temp_deps && !rp_is_temp_schema(v->h.schema) && vs->view->schemaname && vs->view->schemaname[0]) {
		/* DefineView makes it temporary, which a named permanent schema refuses */
		rp_diag(st, SEV_ERROR, "invalid-table-definition", vs->view->location,
		        "cannot create temporary relation in non-temporary schema");
		undo_view(st, v, !existed);
		return;
	}
	if (temp_deps && !rp_is_temp_schema(v->h.schema) &&
	    !(vs->view->schemaname && vs->view->schemaname[0]) &&
	    !catalog_find_relation(st->cat, RP_TEMP_SCHEMA, v->h.name))
		catalog_set_schema(st->cat, &v->h, RP_TEMP_SCHEMA);
	/* WITH (check_option = ...) or WITH ... CHECK OPTION */
	v->check_option = NULL;
	rp_view_options_apply(st, v, vs->options, vs->n_options, false);
	if (vs->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION ||
	    vs->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION)
		v->check_option =
		    vs->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__LOCAL_CHECK_OPTION      ? "local"
		    : vs->with_check_option == PG_QUERY__VIEW_CHECK_OPTION__CASCADED_CHECK_OPTION ? "cascaded"
		                                                                                  : NULL;
}

/* CREATE TABLE AS / SELECT INTO: a table whose columns are the query's (names from INTO's list, then the
 * query's; types as parse analysis gives them, an untyped literal being text), UNLOGGED as written. It does
 * not depend on what the query read. */
static void table_as(ReplayState *st, PgQuery__IntoClause *into, const PgQuery__Node *query,
                     bool if_not_exists)
{
	PgQuery__RangeVar *rv = into->rel;
	const char *schema = rp_relation_schema(st, rv);
	if (!schema)
		return;
	const CatObject *old = catalog_find_relation(st->cat, schema, rv->relname);
	if (old || catalog_find_type(st->cat, schema, rv->relname)) {
		if (!if_not_exists)
			rp_relation_exists(st, old, rv->location, rv->relname);
		return;
	}
	if (!rp_tablespace_ok(st, into->table_space_name, false, rv->location))
		return;
	RpQueryCols qc;
	bool readable = rp_query_columns(st, NULL, query, &qc, true);
	if (qc.complete && into->n_col_names > qc.n) {
		rp_diag(st, SEV_ERROR, "syntax-error", rv->location, "too many column names were specified");
		return;
	}
	size_t total = into->n_col_names > qc.n ? into->n_col_names : qc.n;
	const char **names = arena_array(&st->cat->arena, const char *, total + 1);
	for (size_t i = 0; i < total; i++)
		names[i] = i < into->n_col_names && rp_str(into->col_names[i]) ? rp_str(into->col_names[i])
		                                                               : qc.names[i];
	if (qc.complete)
		for (size_t i = 0; i < total; i++)
			for (size_t j = 0; j < i; j++)
				if (!strcmp(names[i], names[j])) {
					rp_diag(st, SEV_ERROR, "duplicate-column", rv->location,
					        "column \"%s\" specified more than once", names[i]);
					return;
				}
	if (into->on_commit != PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_NOOP &&
	    into->on_commit != PG_QUERY__ON_COMMIT_ACTION__ON_COMMIT_ACTION_UNDEFINED &&
	    !rp_is_temp_schema(schema)) {
		rp_diag(st, SEV_ERROR, "invalid-table-definition", rv->location,
		        "ON COMMIT can only be used on temporary tables");
		return;
	}
	if (!rp_check_reloptions(st, RELOPT_HEAP, into->options, into->n_options, false, true, rv->location))
		return;
	CatLoc l = rp_loc(st, rv->location);
	CatTable *t = (CatTable *)catalog_add(st->cat, OBJ_TABLE, schema, rv->relname, NULL, &l);
	if (into->on_commit == PG_QUERY__ON_COMMIT_ACTION__ONCOMMIT_DROP)
		t->on_commit_drop = true;
	t->relkind = REL_ORDINARY;
	t->unlogged = rv->relpersistence && rv->relpersistence[0] == 'u';
	bool untyped = !readable || !qc.complete;
	for (size_t i = 0; i < total; i++) {
		const char *type = i < qc.n ? qc.types[i] : NULL;
		CatColumn *c = table_add_column(st->cat, t, names[i], type ? type : "unknown");
		c->origin = l;
		if (!type) {
			c->type_unknown = true;
			untyped = true;
			continue;
		}
		CatType *ut = rp_type_of_text(st, type);
		if (ut)
			rp_column_type_dep(st, &t->h, c->name, &ut->h, false);
	}
	if (untyped)
		rp_opaque(st, 4, rv->location,
		          "column types of CREATE TABLE AS over expressions it does not type");
}

void rp_select_into(ReplayState *st, PgQuery__SelectStmt *ss, const PgQuery__Node *node)
{
	table_as(st, ss->into_clause, node, false);
}

void rp_create_table_as(ReplayState *st, PgQuery__CreateTableAsStmt *cs)
{
	if (!cs->into || !cs->into->rel)
		return;
	bool matview = cs->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW;
	if (!matview) {
		table_as(st, cs->into, cs->query, cs->if_not_exists);
		return;
	}
	if (!rp_check_reloptions(st, RELOPT_HEAP, cs->into->options, cs->into->n_options, false, false,
	                         cs->into->rel->location))
		return;
	const char *ms = rp_relation_schema(st, cs->into->rel);
	if (!ms || (!catalog_find_relation(st->cat, ms, cs->into->rel->relname) &&
	            !rp_tablespace_ok(st, cs->into->table_space_name, false, cs->into->rel->location)))
		return; /* (a schema refused is reported) */
	bool skip;
	CatView *v = new_view(st, cs->into->rel, OBJ_MATVIEW, false, cs->if_not_exists, &skip);
	if (skip || !v)
		return;
	v->with_data = !cs->into->skip_data;
	v->explicit_columns = cs->into->n_col_names > 0;
	if (cs->into->n_col_names) {
		v->ncolumns = cs->into->n_col_names;
		v->columns = written_names(st, cs->into->col_names, cs->into->n_col_names);
	}
	RpQueryCols qc;
	if (!view_query_deps(st, v, cs->query, cs->into->n_col_names, true, cs->into->rel->location, &qc)) {
		undo_view(st, v, true);
		return;
	}
	if (!view_definition(st, v, cs->query))
		view_columns(st, v, &qc, cs->into->col_names, cs->into->n_col_names);
}

/* ---- types ---- */

/* Does a type called NAME exist in SCHEMA, as far as the model knows (pg_type's TYPENAMENSP: a type, the row
 * type of a table, view or materialized view, the multirange of a range; built-in types in pg_catalog)?
 * A shell type counts only with SHELLS. Array types (`_x`) are not looked at: PostgreSQL renames an
 * automatic one out of the way. */
static bool type_name_taken(ReplayState *st, const char *schema, const char *name, bool shells)
{
	if (name[0] == '_')
		return false;
	if (!strcmp(schema, "pg_catalog"))
		return type_builtin_canonical(name) != NULL;
	CatType *t = catalog_find_type(st->cat, schema, name);
	if (t && (shells || t->type_kind != TYPE_SHELL))
		return true;
	CatObject *rel = catalog_find_relation(st->cat, schema, name);
	if (rel && (rel->kind == OBJ_TABLE || rel->kind == OBJ_VIEW || rel->kind == OBJ_MATVIEW))
		return true;
	for (size_t i = 0; i < st->cat->all.n; i++) {
		const CatObject *o = st->cat->all.items[i];
		if (!o->dropped && o->kind == OBJ_TYPE && ((const CatType *)o)->type_kind == TYPE_RANGE &&
		    ((const CatType *)o)->multirange && !strcmp(o->schema, schema) &&
		    !strcmp(((const CatType *)o)->multirange, name))
			return true;
	}
	return false;
}

static CatType *new_type(ReplayState *st, PgQuery__Node **names, size_t n, CatTypeKind k, int off)
{
	const char *schema, *name;
	rp_qualname(names, n, &schema, &name);
	schema = rp_creation_schema(st, schema, off);
	if (!schema || !name)
		return NULL;
	CatType *old = catalog_find_type(st->cat, schema, name);
	if (old && old->type_kind == TYPE_SHELL && k == TYPE_RANGE) {
		old->type_kind = k; /* DefineRange fills in a shell type */
		return old;
	}
	/* TypeCreate looks in pg_type (a relation's row type, a range's multirange); a composite type is a
	 * relation too (heap_create_with_catalog: any relation of the name) */
	if (old || (k == TYPE_COMPOSITE && catalog_find_relation(st->cat, schema, name)) ||
	    type_name_taken(st, schema, name, true)) {
		rp_diag(st, SEV_ERROR, "duplicate-object", off, "type \"%s\" already exists", name);
		return NULL;
	}
	CatLoc l = rp_loc(st, off);
	CatType *t = (CatType *)catalog_add(st->cat, OBJ_TYPE, schema, name, NULL, &l);
	t->type_kind = k;
	return t;
}

void rp_create_enum(ReplayState *st, PgQuery__CreateEnumStmt *es)
{
	for (size_t i = 0; i < es->n_vals; i++)
		if (!rp_check_enum_label(st, rp_str(es->vals[i]), -1))
			return;
	CatType *t = new_type(st, es->type_name, es->n_type_name, TYPE_ENUM, -1);
	if (!t)
		return;
	t->nlabels = es->n_vals;
	t->labels = arena_array(&st->cat->arena, const char *, es->n_vals ? es->n_vals : 1);
	for (size_t i = 0; i < es->n_vals; i++)
		t->labels[i] = arena_strdup(&st->cat->arena, rp_str(es->vals[i]) ? rp_str(es->vals[i]) : "?");
}

/* One stored text: *SLOT re-read with the label renamed (unchanged when no constant of T holds it). */
static void relabel(ReplayState *st, const ExprEnv *env, const char **slot, ExprKind kind,
                    const CatObject *rel, const char *context_type, const char *domain_base, const CatType *t,
                    const char *old, const char *newlabel)
{
	char *r = expr_rename_enum_label(env, kind, *slot, rel, context_type, domain_base, t, old, newlabel);
	if (r)
		*slot = arena_strdup(&st->cat->arena, r);
	free(r);
}

/* ALTER TYPE t RENAME VALUE: the stored expressions hold constants of the enum (by its OID), which print
 * with the new label: every default, generated column, CHECK, index, policy, trigger WHEN, domain default
 * and check and view of the catalog follows. */
static void rename_label_everywhere(ReplayState *st, const CatType *t, const char *old, const char *newlabel)
{
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (o->dropped)
			continue;
		switch (o->kind) {
		case OBJ_TABLE: {
			CatTable *tb = (CatTable *)o;
			for (size_t k = 0; k < tb->columns.n; k++) {
				CatColumn *c = tb->columns.items[k];
				if (c->default_expr)
					relabel(st, &env, &c->default_expr, EXPRK_DEFAULT, o, c->type, NULL,
					        t, old, newlabel);
				if (c->generated)
					relabel(st, &env, &c->generated, EXPRK_GENERATED, o, NULL, NULL, t,
					        old, newlabel);
				if (c->default_src)
					relabel(st, &env, &c->default_src, EXPRK_DEFAULT, o, c->type, NULL, t,
					        old, newlabel);
				if (c->generated_src)
					relabel(st, &env, &c->generated_src, EXPRK_GENERATED, o, NULL, NULL,
					        t, old, newlabel);
			}
			break;
		}
		case OBJ_CONSTRAINT: {
			CatConstraint *k = (CatConstraint *)o;
			if (k->check_expr && o->owner && o->owner->kind == OBJ_TABLE)
				relabel(st, &env, &k->check_expr, EXPRK_CHECK, o->owner, NULL, NULL, t, old,
				        newlabel);
			if (k->check_src && o->owner && o->owner->kind == OBJ_TABLE)
				relabel(st, &env, &k->check_src, EXPRK_CHECK, o->owner, NULL, NULL, t, old,
				        newlabel);
			break;
		}
		case OBJ_INDEX: {
			CatIndex *ix = (CatIndex *)o;
			for (size_t k = 0; k < ix->nkeys; k++) {
				if (ix->keys[k].expr)
					relabel(st, &env, &ix->keys[k].expr, EXPRK_INDEX_EXPR, o->owner, NULL,
					        NULL, t, old, newlabel);
				if (ix->keys[k].expr_src)
					relabel(st, &env, &ix->keys[k].expr_src, EXPRK_INDEX_EXPR, o->owner,
					        NULL, NULL, t, old, newlabel);
			}
			if (ix->predicate)
				relabel(st, &env, &ix->predicate, EXPRK_INDEX_PRED, o->owner, NULL, NULL, t,
				        old, newlabel);
			if (ix->predicate_src)
				relabel(st, &env, &ix->predicate_src, EXPRK_INDEX_PRED, o->owner, NULL, NULL,
				        t, old, newlabel);
			break;
		}
		case OBJ_POLICY: {
			CatPolicy *p = (CatPolicy *)o;
			if (p->using_expr)
				relabel(st, &env, &p->using_expr, EXPRK_POLICY, o->owner, NULL, NULL, t, old,
				        newlabel);
			if (p->with_check_expr)
				relabel(st, &env, &p->with_check_expr, EXPRK_POLICY, o->owner, NULL, NULL, t,
				        old, newlabel);
			break;
		}
		case OBJ_TRIGGER: {
			CatTrigger *tr = (CatTrigger *)o;
			if (tr->when_expr)
				relabel(st, &env, &tr->when_expr, EXPRK_TRIGGER_WHEN, o->owner, NULL, NULL, t,
				        old, newlabel);
			break;
		}
		case OBJ_TYPE: {
			CatType *d = (CatType *)o;
			if (d->type_kind != TYPE_DOMAIN)
				break;
			if (d->default_expr)
				relabel(st, &env, &d->default_expr, EXPRK_DEFAULT, NULL, d->base_type, NULL,
				        t, old, newlabel);
			for (size_t k = 0; k < d->nchecks; k++)
				relabel(st, &env, &d->checks[k].expr, EXPRK_DOMAIN_CHECK, NULL, NULL,
				        d->base_type, t, old, newlabel);
			break;
		}
		case OBJ_VIEW:
		case OBJ_MATVIEW: {
			CatView *v = (CatView *)o;
			if (v->definition)
				relabel(st, &env, &v->definition, EXPRK_VIEW, NULL, NULL, NULL, t, old,
				        newlabel);
			break;
		}
		default:
			break;
		}
	}
}

void rp_alter_enum(ReplayState *st, PgQuery__AlterEnumStmt *es)
{
	const char *schema, *name;
	rp_qualname(es->type_name, es->n_type_name, &schema, &name);
	CatType *t = name ? rp_find_type(st, schema, name) : NULL;
	if (!t) {
		rp_missing(st, "undefined-type", -1, "type", name ? name : "?", "type \"%s\" does not exist",
		           name ? name : "?");
		return;
	}
	if (t->type_kind != TYPE_ENUM) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", -1, "%s is not an enum", name);
		return;
	}
	if (!rp_check_enum_label(st, es->new_val, -1))
		return;
	if (es->old_val) { /* RENAME VALUE */
		for (size_t i = 0; i < t->nlabels; i++)
			if (!strcmp(t->labels[i], es->new_val) && strcmp(es->old_val, es->new_val)) {
				rp_diag(st, SEV_ERROR, "duplicate-object", -1,
				        "enum label \"%s\" already exists", es->new_val);
				return;
			}
		for (size_t i = 0; i < t->nlabels; i++)
			if (!strcmp(t->labels[i], es->old_val)) {
				t->labels[i] = arena_strdup(&st->cat->arena, es->new_val);
				rename_label_everywhere(st, t, es->old_val, es->new_val);
				return;
			}
		rp_diag(st, SEV_ERROR, "undefined-object", -1, "\"%s\" is not an existing enum label",
		        es->old_val);
		return;
	}
	for (size_t i = 0; i < t->nlabels; i++)
		if (!strcmp(t->labels[i], es->new_val)) {
			if (!es->skip_if_new_val_exists)
				rp_diag(st, SEV_ERROR, "duplicate-object", -1,
				        "enum label \"%s\" already exists", es->new_val);
			return;
		}
	size_t pos = t->nlabels;
	if (es->new_val_neighbor) {
		size_t j = 0;
		while (j < t->nlabels && strcmp(t->labels[j], es->new_val_neighbor))
			j++;
		if (j == t->nlabels) {
			rp_diag(st, SEV_ERROR, "undefined-object", -1, "\"%s\" is not an existing enum label",
			        es->new_val_neighbor);
			return;
		}
		pos = es->new_val_is_after ? j + 1 : j;
	}
	const char **nl = arena_array(&st->cat->arena, const char *, t->nlabels + 1);
	for (size_t i = 0, k = 0; i <= t->nlabels; i++) {
		if (i == pos)
			nl[i] = arena_strdup(&st->cat->arena, es->new_val);
		else
			nl[i] = t->labels[k++];
	}
	t->labels = nl;
	t->nlabels++;
	char *k = expr_enum_label_key(t, es->new_val); /* uncommitted until the transaction ends */
	if (hmap_has(&st->new_enum_labels, k))
		free(k);
	else
		hmap_put(&st->new_enum_labels, k, (void *)1);
}

static void domain_constraint(ReplayState *st, CatType *t, PgQuery__Constraint *c)
{
	switch (c->contype) {
	case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL:
		t->not_null = true;
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_NULL:
		t->not_null = false;
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT:
		t->default_expr = rp_expr_of(st, EXPRK_DEFAULT, c->raw_expr, NULL, NULL, NULL);
		break;
	case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: {
		CatDomainCheck *nc = arena_array(&st->cat->arena, CatDomainCheck, t->nchecks + 1);
		if (t->nchecks)
			memcpy(nc, t->checks, t->nchecks * sizeof(*nc));
		const char *name = c->conname;
		if (!name) {
			/* ChooseConstraintName(domain, NULL, "check", ...) */
			name = arena_sprintf(&st->cat->arena, "%s_check", t->h.name);
			for (int pass = 1;; pass++) {
				bool used = false;
				for (size_t i = 0; i < t->nchecks && !used; i++)
					used = !strcmp(t->checks[i].name, name);
				if (!used)
					break;
				name = arena_sprintf(&st->cat->arena, "%s_check%d", t->h.name, pass);
			}
		}
		nc[t->nchecks].name = arena_strdup(&st->cat->arena, name);
		nc[t->nchecks].expr =
		    rp_expr_of(st, EXPRK_DOMAIN_CHECK, c->raw_expr, NULL, NULL, t->base_type);
		nc[t->nchecks].not_valid = c->skip_validation;
		t->checks = nc;
		t->nchecks++;
		break;
	}
	default:
		break;
	}
}

void rp_create_domain(ReplayState *st, PgQuery__CreateDomainStmt *ds)
{
	CatType *t = new_type(st, ds->domainname, ds->n_domainname, TYPE_DOMAIN, -1);
	if (!t)
		return;
	CatObject *base = NULL;
	bool as_type = false; /* a domain over a table's row type (or its array) depends on the table */
	t->base_type = rp_type_dep(st, ds->type_name, &base, &as_type);
	if (ds->coll_clause && !rp_check_collatable(st, t->base_type, ds->coll_clause->location))
		return;
	if (base) {
		CatDep *d = catalog_add_subdep(st->cat, &t->h, NULL, false, base, NULL, DEP_NORMAL);
		if (d)
			d->as_type = as_type;
	}
	if (ds->coll_clause && ds->coll_clause->n_collname)
		t->collation = arena_strdup(
		    &st->cat->arena, rp_str(ds->coll_clause->collname[ds->coll_clause->n_collname - 1]));
	for (size_t i = 0; i < ds->n_constraints; i++)
		if (ds->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			domain_constraint(st, t, ds->constraints[i]->constraint);
}

/* validateDomainConstraint / AlterDomainNotNull: a new or validated CHECK and SET NOT NULL check the stored
 * values, which the server cannot do inside a container (get_rels_with_domain). False with the error. */
static bool domain_recheck_ok(ReplayState *st, CatType *t, PgQuery__AlterDomainStmt *ds)
{
	char sub = ds->subtype ? ds->subtype[0] : 0;
	bool checks = sub == 'O' ? !t->not_null : false;
	if (sub == 'C' && ds->def && ds->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
		checks = ds->def->constraint->contype == PG_QUERY__CONSTR_TYPE__CONSTR_CHECK &&
		         !ds->def->constraint->skip_validation;
	for (size_t i = 0; sub == 'V' && ds->name && i < t->nchecks; i++)
		checks |= !strcmp(t->checks[i].name, ds->name);
	const char *col = NULL;
	const CatObject *user = checks ? rp_inh_domain_stored_use(st, t, &col) : NULL;
	if (!user)
		return true;
	Diag *d =
	    rp_diag(st, SEV_ERROR, "feature-not-supported", -1,
	            "cannot alter type \"%s\" because column \"%s.%s\" uses it", t->h.name, user->name, col);
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
	return false;
}

void rp_alter_domain(ReplayState *st, PgQuery__AlterDomainStmt *ds)
{
	const char *schema, *name;
	rp_qualname(ds->type_name, ds->n_type_name, &schema, &name);
	CatType *t = name ? rp_find_type(st, schema, name) : NULL;
	if (!t) {
		rp_missing(st, "undefined-type", -1, "type", name ? name : "?", "type \"%s\" does not exist",
		           name ? name : "?");
		return;
	}
	if (!domain_recheck_ok(st, t, ds))
		return;
	switch (ds->subtype ? ds->subtype[0] : 0) {
	case 'T':
		t->default_expr = ds->def ? rp_expr_of(st, EXPRK_DEFAULT, ds->def, NULL, NULL, NULL) : NULL;
		break;
	case 'N':
		t->not_null = false;
		break;
	case 'O':
		t->not_null = true;
		break;
	case 'C':
		if (ds->def && ds->def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT)
			domain_constraint(st, t, ds->def->constraint);
		break;
	case 'X': {
		size_t j = 0;
		for (size_t i = 0; i < t->nchecks; i++)
			if (strcmp(t->checks[i].name, ds->name))
				t->checks[j++] = t->checks[i];
		if (j == t->nchecks && !ds->missing_ok)
			rp_diag(st, SEV_ERROR, "undefined-object", -1,
			        "constraint \"%s\" of domain \"%s\" does not exist", ds->name, name);
		t->nchecks = j;
		break;
	}
	case 'V':
		for (size_t i = 0; i < t->nchecks; i++)
			if (!strcmp(t->checks[i].name, ds->name))
				t->checks[i].not_valid = false;
		break;
	default:
		break;
	}
}

void rp_create_composite(ReplayState *st, PgQuery__CompositeTypeStmt *cs)
{
	PgQuery__RangeVar *rv = cs->typevar;
	PgQuery__String s1 = PG_QUERY__STRING__INIT, s2 = PG_QUERY__STRING__INIT;
	PgQuery__Node n1 = PG_QUERY__NODE__INIT, n2 = PG_QUERY__NODE__INIT;
	s1.sval = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	s2.sval = rv->relname;
	n1.node_case = n2.node_case = PG_QUERY__NODE__NODE_STRING;
	n1.string = &s1;
	n2.string = &s2;
	PgQuery__Node *names[2] = {&n1, &n2};
	CatType *t = s1.sval ? new_type(st, names, 2, TYPE_COMPOSITE, rv->location)
	                     : new_type(st, names + 1, 1, TYPE_COMPOSITE, rv->location);
	if (!t)
		return;
	t->attrs = arena_array(&st->cat->arena, CatAttr, cs->n_coldeflist ? cs->n_coldeflist : 1);
	for (size_t i = 0; i < cs->n_coldeflist; i++) {
		if (cs->coldeflist[i]->node_case != PG_QUERY__NODE__NODE_COLUMN_DEF)
			continue;
		PgQuery__ColumnDef *cd = cs->coldeflist[i]->column_def;
		CatObject *ut = NULL;
		bool as_type = false;
		CatAttr *a = &t->attrs[t->nattrs++];
		a->name = arena_strdup(&st->cat->arena, cd->colname);
		a->type = rp_type_dep(st, cd->type_name, &ut, &as_type);
		if (!rp_check_column_type(st, a->name, a->type, cd->location))
			return;
		if (ut)
			rp_column_type_dep(st, &t->h, a->name, ut, as_type);
	}
}

/* makeMultirangeTypeName: "range" in the name becomes "multirange", else "_multirange" is appended. */
static const char *multirange_name(ReplayState *st, const char *range)
{
	const char *r = strstr(range, "range");
	char *n = r ? xasprintf("%.*smulti%s", (int)(r - range), range, r)
	            : xasprintf("%.*s_multirange", NAMEDATALEN - 12, range);
	size_t len = strlen(n);
	if (len > NAMEDATALEN - 1) {
		len = NAMEDATALEN - 1;
		while (len > 0 && ((unsigned char)n[len] & 0xC0) == 0x80)
			len--;
	}
	const char *out = arena_strndup(&st->cat->arena, n, len);
	free(n);
	return out;
}

/* DefineRange's multirange type: multirange_type_name (its schema as written, else the creation schema)
 * must not name a defined type; a derived name (makeMultirangeTypeName) must not name any type. False with
 * PostgreSQL's error (42710) reported. *OUT: the name (arena). */
static bool multirange_ok(ReplayState *st, const PgQuery__CreateRangeStmt *rs, const char **out)
{
	const char *rs_schema, *rs_name;
	rp_qualname(rs->type_name, rs->n_type_name, &rs_schema, &rs_name);
	const char *schema = rp_creation_schema(st, rs_schema, -1);
	if (!schema || !rs_name)
		return true; /* the range's own creation reports it */
	bool derived = true;
	const char *name = multirange_name(st, rs_name);
	for (size_t i = 0; i < rs->n_params; i++) {
		PgQuery__Node *p = rs->params[i];
		if (p->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(p->def_elem->defname, "multirange_type_name") && p->def_elem->arg) {
			const PgQuery__Node *a = p->def_elem->arg;
			const char *ms = NULL, *mn = NULL;
			if (a->node_case == PG_QUERY__NODE__NODE_TYPE_NAME)
				rp_qualname(a->type_name->names, a->type_name->n_names, &ms, &mn);
			else if (a->node_case == PG_QUERY__NODE__NODE_LIST)
				rp_qualname(a->list->items, a->list->n_items, &ms, &mn);
			else
				mn = rp_str(a);
			if (mn) {
				name = arena_strdup(&st->cat->arena, mn);
				derived = false;
				/* QualifiedNameGetCreationNamespace: unqualified, the path's first schema */
				schema = ms ? ms : rs_schema ? NULL : schema;
			}
		}
	}
	*out = name;
	if (!schema || !type_name_taken(st, schema, name, derived))
		return true;
	Diag *d = rp_diag(st, SEV_ERROR, "duplicate-object", -1, "type \"%s\" already exists", name);
	if (derived) {
		diag_set_detail(d, "Failed while creating a multirange type for type \"%s\".", rs_name);
		diag_set_hint(d, "You can manually specify a multirange type name using the "
		                 "\"multirange_type_name\" attribute.");
	}
	return false;
}

void rp_create_range(ReplayState *st, PgQuery__CreateRangeStmt *rs)
{
	const char *multirange = NULL;
	if (!multirange_ok(st, rs, &multirange))
		return;
	CatType *t = new_type(st, rs->type_name, rs->n_type_name, TYPE_RANGE, -1);
	if (!t)
		return;
	/* PostgreSQL makes the multirange type with the range (multirange_type_name = name, else derived) */
	t->multirange = multirange;
	for (size_t i = 0; i < rs->n_params; i++) {
		PgQuery__Node *p = rs->params[i];
		if (p->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(p->def_elem->defname, "subtype") && p->def_elem->arg &&
		    p->def_elem->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
			CatType *sub = NULL;
			t->subtype = rp_type(st, p->def_elem->arg->type_name, &sub);
			if (sub)
				catalog_add_dep(st->cat, &t->h, &sub->h, NULL, DEP_NORMAL);
		}
	}
}

/* T depends on the support functions (input, output, receive, ...) the options DEFS name. */
static void support_deps(ReplayState *st, CatType *t, PgQuery__Node **defs, size_t n)
{
	static const char *const support[] = {"input",     "output",     "receive", "send",
	                                      "typmod_in", "typmod_out", "analyze", "subscript"};
	for (size_t i = 0; i < n; i++) {
		PgQuery__Node *p = defs[i];
		if (p->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || !p->def_elem->arg ||
		    p->def_elem->arg->node_case != PG_QUERY__NODE__NODE_TYPE_NAME)
			continue;
		bool is_support = false;
		for (size_t j = 0; j < ARRAY_LEN(support) && !is_support; j++)
			is_support = !strcmp(p->def_elem->defname, support[j]);
		const PgQuery__TypeName *fn = p->def_elem->arg->type_name;
		CatFunction *f = is_support ? rp_find_function(st, fn->names, fn->n_names, -1) : NULL;
		if (f)
			catalog_add_dep(st->cat, &t->h, &f->h, NULL, DEP_NORMAL);
	}
}

/* CREATE TYPE name; makes a shell type, CREATE TYPE name (INPUT = ..., OUTPUT = ...) completes one into a
 * base type that depends on its support functions (DefineType: the shell must exist, made by the first
 * form or by a C/internal function returning the type; a defined type of that name is a duplicate). */
void rp_define_type(ReplayState *st, PgQuery__DefineStmt *ds, int off)
{
	const char *schema, *name;
	rp_qualname(ds->defnames, ds->n_defnames, &schema, &name);
	schema = rp_creation_schema(st, schema, off);
	if (!schema || !name)
		return;
	CatType *t = catalog_find_type(st->cat, schema, name);
	if (!ds->n_definition) {
		(void)new_type(st, ds->defnames, ds->n_defnames, TYPE_SHELL, off);
		return;
	}
	if (t && t->type_kind != TYPE_SHELL) {
		rp_diag(st, SEV_ERROR, "duplicate-object", off, "type \"%s\" already exists", name);
		return;
	}
	if (!t) {
		rp_missing(st, "undefined-object", off, "type", name, "type \"%s\" does not exist", name);
		return;
	}
	if (!rp_basetype_define_ok(st, t, ds->definition, ds->n_definition, off))
		return;
	t->type_kind = TYPE_BASE;
	support_deps(st, t, ds->definition, ds->n_definition);
}

/* ALTER TYPE name SET (...): a base type's new support functions are dependencies (AlterType); a shell
 * cannot be altered. False when the type is not in the model (the statement is then opaque). */
bool rp_alter_type(ReplayState *st, PgQuery__AlterTypeStmt *as, int off)
{
	const char *schema, *name;
	rp_qualname(as->type_name, as->n_type_name, &schema, &name);
	CatType *t = name ? rp_find_type(st, schema, name) : NULL;
	if (!t)
		return false;
	if (t->type_kind == TYPE_SHELL)
		rp_diag(st, SEV_ERROR, "undefined-object", off, "type \"%s\" is only a shell", name);
	else if (t->type_kind != TYPE_BASE || rp_basetype_alter_ok(st, t, as->options, as->n_options, off))
		support_deps(st, t, as->options, as->n_options);
	return true;
}

/* ---- functions ---- */

static const char *defelem_string(PgQuery__DefElem *d)
{
	if (!d->arg)
		return NULL;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_STRING)
		return d->arg->string->sval;
	if (d->arg->node_case == PG_QUERY__NODE__NODE_LIST && d->arg->list->n_items)
		return rp_str(d->arg->list->items[0]);
	return NULL;
}

/* The SQL-standard body BODY of F, analysed (its IN parameters in scope) and normalized; PostgreSQL's error
 * reported when it does not analyse. */
static const char *sql_body(ReplayState *st, CatFunction *f, PgQuery__Node *body)
{
	const char **names = arena_array(&st->cat->arena, const char *, f->nargs + 1);
	const char **types = arena_array(&st->cat->arena, const char *, f->nargs + 1);
	size_t n = 0;
	for (size_t i = 0; i < f->nargs; i++) {
		char m = f->arg_modes ? f->arg_modes[i] : 'i';
		if (m != 'i' && m != 'b' && m != 'v')
			continue;
		names[n] = f->arg_names ? f->arg_names[i] : NULL;
		types[n++] = f->arg_types[i];
	}
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	ExprError err;
	bool dml;
	PgQuery__Node *t = sqlbody_analyze(&env, body, f->h.name, names, types, n, &dml, &err);
	rp_expr_error(st, &err);
	expr_error_clear(&err);
	const char *r = sqlbody_normalize(&st->cat->arena, t ? t : body);
	expr_tree_free(t);
	return r ? r : "?";
}

/* The relations a SQL-standard body reads: the function depends on them (pg_depend, normal). */
static void body_rel_deps(ReplayState *st, CatObject *from, PgQuery__Node *body)
{
	RelWalk w = {{0}, {0}, &st->cat->arena};
	rel_walk(&w, &body->base);
	for (size_t i = 0; i < w.rvs.n; i++) {
		PgQuery__RangeVar *rv = w.rvs.items[i];
		bool is_cte = false;
		if (!rv->schemaname || !rv->schemaname[0])
			for (size_t j = 0; j < w.ctes.n && !is_cte; j++)
				is_cte = !strcmp(w.ctes.items[j], rv->relname);
		if (is_cte)
			continue;
		CatObject *o = rp_range_relation(st, rv, true, NULL);
		if (o)
			catalog_add_dep(st->cat, from, o, NULL, DEP_NORMAL);
	}
}

/* The columns the queries of a BEGIN ATOMIC body read: the function depends on each (pg_depend on the
 * column, as a view's). Diagnostics of the analysis are sql_body's to report, not repeated here. */
static void body_column_deps(ReplayState *st, CatObject *from, const PgQuery__Node *body)
{
	if (!body)
		return;
	if (body->node_case == PG_QUERY__NODE__NODE_LIST) {
		for (size_t i = 0; i < body->list->n_items; i++)
			body_column_deps(st, from, body->list->items[i]);
		return;
	}
	if (body->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return;
	DiagList quiet = DIAGLIST_INIT, *saved = st->dl;
	int errors = st->errors;
	st->dl = &quiet;
	RpQueryCols qc;
	(void)rp_query_columns(st, from, body, &qc, false);
	st->dl = saved;
	st->errors = errors;
	diag_list_release(&quiet);
}

/* The link symbol of a C function: AS 'file', 'symbol' names it, AS 'file' means the function's name. */
static const char *c_symbol(const PgQuery__CreateFunctionStmt *fs, const char *name)
{
	for (size_t i = 0; i < fs->n_options; i++) {
		const PgQuery__Node *o = fs->options[i];
		if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM || strcmp(o->def_elem->defname, "as") ||
		    !o->def_elem->arg || o->def_elem->arg->node_case != PG_QUERY__NODE__NODE_LIST ||
		    o->def_elem->arg->list->n_items < 2)
			continue;
		const char *sym = rp_str(o->def_elem->arg->list->items[1]);
		if (sym)
			return sym;
	}
	return name;
}

/* A C or internal function whose result type does not exist creates it as a shell type, in the schema
 * the name gives (compute_return_type: "type ... is not yet defined"); base types are declared so. */
static void shell_result_type(ReplayState *st, PgQuery__CreateFunctionStmt *fs)
{
	const char *lang = NULL;
	for (size_t i = 0; i < fs->n_options; i++)
		if (fs->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(fs->options[i]->def_elem->defname, "language"))
			lang = defelem_string(fs->options[i]->def_elem);
	const PgQuery__TypeName *tn = fs->return_type;
	if (!lang || (strcasecmp(lang, "c") && strcasecmp(lang, "internal")) || tn->n_typmods ||
	    tn->n_array_bounds || tn->pct_type || rp_type_known(st, tn))
		return;
	(void)new_type(st, tn->names, tn->n_names, TYPE_SHELL, tn->location);
}

void rp_function_option(CatFunction *f, PgQuery__DefElem *d)
{
	if (!strcmp(d->defname, "volatility")) {
		const char *v = defelem_string(d);
		f->volatility = v && v[0] == 'i' ? 'i' : v && v[0] == 's' ? 's' : 'v';
	} else if (!strcmp(d->defname, "parallel")) {
		const char *v = defelem_string(d);
		f->parallel = v && v[0] == 's' ? 's' : v && v[0] == 'r' ? 'r' : 'u';
	} else if (!strcmp(d->defname, "strict") && d->arg &&
	           d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		f->strict = d->arg->boolean->boolval;
	else if (!strcmp(d->defname, "security") && d->arg &&
	         d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN)
		f->security_definer = d->arg->boolean->boolval;
}

void rp_create_function(ReplayState *st, PgQuery__CreateFunctionStmt *fs)
{
	const char *schema, *name;
	rp_qualname(fs->funcname, fs->n_funcname, &schema, &name);
	schema = rp_creation_schema(st, schema, -1);
	if (!schema || !name)
		return;
	size_t n = fs->n_parameters;
	const char **types = arena_array(&st->cat->arena, const char *, n + 1);
	const char **names = arena_array(&st->cat->arena, const char *, n + 1);
	const char **defs = arena_array(&st->cat->arena, const char *, n + 1);
	char *modes = arena_alloc(&st->cat->arena, n + 1);
	const char **in_types = arena_array(&st->cat->arena, const char *, n + 1);
	size_t nin = 0;
	PtrList tdeps = {0};
	StrBuf table_ret = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		PgQuery__Node *pn = fs->parameters[i];
		if (pn->node_case != PG_QUERY__NODE__NODE_FUNCTION_PARAMETER)
			continue;
		PgQuery__FunctionParameter *p = pn->function_parameter;
		CatObject *ut = NULL;
		types[i] = p->arg_type ? rp_type_stored(st, p->arg_type, &ut) : "?";
		if (ut)
			ptrlist_push(&st->cat->arena, &tdeps, ut);
		names[i] = p->name ? arena_strdup(&st->cat->arena, p->name) : NULL;
		defs[i] = p->defexpr ? rp_expr(st, p->defexpr) : NULL;
		switch (p->mode) {
		case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT:
			modes[i] = 'o';
			break;
		case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT:
			modes[i] = 'b';
			break;
		case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC:
			modes[i] = 'v';
			break;
		case PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE:
			modes[i] = 't';
			break;
		default:
			modes[i] = 'i';
			break;
		}
		if (modes[i] == 'i' || modes[i] == 'b' || modes[i] == 'v')
			in_types[nin++] = types[i];
		if (modes[i] == 't')
			sb_appendf(&table_ret, "%s%s %s", table_ret.len ? ", " : "",
			           names[i] ? names[i] : "?", types[i]);
	}
	if (!rp_function_as_ok(st, fs, in_types, nin)) {
		sb_release(&table_ret);
		return;
	}
	const char *id = cat_ident_function(st->cat, schema, name, in_types, nin);
	CatFunction *f = (CatFunction *)catalog_find(st->cat, OBJ_FUNCTION, id);
	bool window = false;
	for (size_t i = 0; i < fs->n_options; i++)
		if (fs->options[i]->node_case == PG_QUERY__NODE__NODE_DEF_ELEM &&
		    !strcmp(fs->options[i]->def_elem->defname, "window"))
			window = true;
	if (f) {
		if (!fs->replace) {
			rp_diag(st, SEV_ERROR, "duplicate-object", -1,
			        "function %s already exists with same argument types", id);
			sb_release(&table_ret);
			return;
		}
		/* ProcedureCreate: OR REPLACE keeps the routine's kind (function, procedure, window) */
		if (f->is_procedure != fs->is_procedure || f->is_window != window) {
			Diag *d =
			    rp_diag(st, SEV_ERROR, "wrong-object-type", -1, "cannot change routine kind");
			if (d)
				diag_set_detail(d, "\"%s\" is %s.", f->h.name,
				                f->is_procedure ? "a procedure"
				                : f->is_window  ? "a window function"
				                                : "a function");
			sb_release(&table_ret);
			return;
		}
		while (f->h.ndeps)
			catalog_remove_dep(&f->h, f->h.deps[0].on, NULL);
	} else {
		CatLoc l = rp_loc(st, -1);
		f = (CatFunction *)catalog_add(st->cat, OBJ_FUNCTION, schema, name, NULL, &l);
	}
	f->is_procedure = fs->is_procedure;
	f->is_window = window;
	f->arg_types = types;
	f->arg_names = names;
	f->arg_defaults = defs;
	f->arg_modes = modes;
	f->nargs = n;
	if (table_ret.len)
		f->returns = arena_sprintf(&st->cat->arena, "TABLE(%s)", sb_str(&table_ret));
	else if (fs->return_type) {
		CatObject *ut = NULL;
		shell_result_type(st, fs);
		f->returns = rp_type_stored(st, fs->return_type, &ut);
		if (ut)
			ptrlist_push(&st->cat->arena, &tdeps, ut);
	} else
		f->returns = fs->is_procedure ? NULL : "void";
	sb_release(&table_ret);
	/* OR REPLACE replaces every attribute */
	f->volatility = 'v';
	f->parallel = 'u';
	f->strict = f->security_definer = false;
	f->language = NULL;
	f->body = NULL;
	for (size_t i = 0; i < fs->n_options; i++) {
		PgQuery__Node *on = fs->options[i];
		if (on->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = on->def_elem;
		if (!strcmp(d->defname, "language"))
			f->language = arena_strdup(&st->cat->arena, defelem_string(d));
		else if (!strcmp(d->defname, "as")) {
			const char *b = defelem_string(d);
			f->body = b ? arena_strdup(&st->cat->arena, b) : NULL;
		} else
			rp_function_option(f, d);
	}
	if (!f->language)
		f->language = "sql";
	if (!strcmp(f->language, "c"))
		f->body = c_symbol(fs, f->h.name); /* prosrc: the link symbol (interpret_AS_clause) */
	if (fs->sql_body && !f->body) {
		/* SQL-standard body (RETURN expr / BEGIN ATOMIC ... END): PostgreSQL analyses it at creation
		 * and stores it parsed, so names must resolve now (and the function depends on what it
		 * reads); it is kept as pg_get_functiondef prints it, so that it compares with the server's
		 * and the SQL output can emit it unquoted */
		f->body = sql_body(st, f, fs->sql_body);
		rp_expr_deps(st, &f->h, NULL, fs->sql_body); /* checked at creation: order matters */
		body_rel_deps(st, &f->h, fs->sql_body);
		body_column_deps(st, &f->h, fs->sql_body);
	}
	rp_function_body_check(st, fs, f);
	if (!f->h.identity)
		catalog_function_register(st->cat, f);
	for (size_t i = 0; i < tdeps.n; i++) {
		CatObject *on = tdeps.items[i];
		CatDep *d = catalog_add_subdep(st->cat, &f->h, NULL, false, on, NULL, DEP_NORMAL);
		if (d)
			d->as_type = on->kind != OBJ_TYPE;
	}
}

/* ---- triggers, policies ---- */

static bool builtin_trigger_function(const char *name)
{
	static const char *const b[] = {"tsvector_update_trigger", "tsvector_update_trigger_column",
	                                "suppress_redundant_updates_trigger", "RI_FKey_check_ins",
	                                "RI_FKey_noaction_del"};
	for (size_t i = 0; i < ARRAY_LEN(b); i++)
		if (!strcmp(name, b[i]))
			return true;
	return false;
}

void rp_create_trigger(ReplayState *st, PgQuery__CreateTrigStmt *ts)
{
	CatObject *rel = rp_range_relation(st, ts->relation, false, NULL);
	if (!rel)
		(void)rp_foreign_trigger_ok(st, ts);
	if (!rel || !rp_trigger_rules(st, ts, rel))
		return;
	const char *fschema, *fname;
	rp_qualname(ts->funcname, ts->n_funcname, &fschema, &fname);
	CatFunction *fn = rp_find_function(st, ts->funcname, ts->n_funcname, 0);
	if (!fn && fname && !builtin_trigger_function(fname) && !rp_any_extension(st) &&
	    !(fschema && rp_is_system_name(fschema, NULL))) {
		rp_missing(st, "undefined-function", -1, "fn", fname, "function %s%s%s() does not exist",
		           fschema ? fschema : "", fschema ? "." : "", fname);
	}
	CatTrigger *old = NULL;
	if (!rp_trigger_name_check(st, ts, rel, &old))
		return;
	if (old && catalog_drop(st->cat, &old->h, true, NULL, NULL) != 0)
		return;
	CatLoc l = rp_loc(st, -1);
	CatTrigger *t = (CatTrigger *)catalog_add(st->cat, OBJ_TRIGGER, rel->schema, ts->trigname, rel, &l);
	t->timing = (ts->timing & 2) ? TRIG_BEFORE : (ts->timing & 64) ? TRIG_INSTEAD : TRIG_AFTER;
	t->events = ((ts->events & 4) ? TRIG_INSERT : 0) | ((ts->events & 8) ? TRIG_DELETE : 0) |
	            ((ts->events & 16) ? TRIG_UPDATE : 0) | ((ts->events & 32) ? TRIG_TRUNCATE : 0);
	t->for_each_row = ts->row;
	t->enabled = 'O';
	t->is_constraint = ts->isconstraint;
	t->deferrable = ts->deferrable;
	t->initially_deferred = ts->initdeferred;
	t->transition_tables = ts->n_transition_rels > 0;
	if (fn) {
		t->function = fn->h.identity;
		catalog_add_dep(st->cat, &t->h, &fn->h, NULL, DEP_NORMAL);
	} else
		t->function = arena_sprintf(&st->cat->arena, "%s%s%s()", fschema ? fschema : "",
		                            fschema ? "." : "", fname ? fname : "?");
	t->nupdate_columns = ts->n_columns;
	t->update_columns = arena_array(&st->cat->arena, const char *, ts->n_columns + 1);
	for (size_t i = 0; i < ts->n_columns; i++) {
		t->update_columns[i] =
		    arena_strdup(&st->cat->arena, rp_str(ts->columns[i]) ? rp_str(ts->columns[i]) : "?");
		/* UPDATE OF columns: a normal dependency (dropping one needs CASCADE) */
		if (rel->kind == OBJ_TABLE && table_find_column((CatTable *)rel, t->update_columns[i]))
			catalog_add_dep(st->cat, &t->h, rel, t->update_columns[i], DEP_NORMAL);
	}
	t->nargs = ts->n_args;
	t->args = arena_array(&st->cat->arena, const char *, ts->n_args + 1);
	for (size_t i = 0; i < ts->n_args; i++)
		t->args[i] = arena_strdup(&st->cat->arena, rp_str(ts->args[i]) ? rp_str(ts->args[i]) : "?");
	if (ts->when_clause)
		t->when_expr = rp_expr_of(st, EXPRK_TRIGGER_WHEN, ts->when_clause, rel, NULL, NULL);
	/* the columns its WHEN reads (NEW.c, OLD.c): normal dependencies, as for UPDATE OF */
	if (t->when_expr && rel->kind == OBJ_TABLE) {
		static const char *const new_old[] = {"new", "old"};
		CatTable *tab = (CatTable *)rel;
		for (size_t i = 0; i < tab->columns.n; i++) {
			CatColumn *c = tab->columns.items[i];
			if (rp_text_uses_column(t->when_expr, c->name, new_old, 2))
				catalog_add_dep(st->cat, &t->h, rel, c->name, DEP_NORMAL);
		}
	}
}

static void policy_roles(ReplayState *st, CatPolicy *p, PgQuery__Node **roles, size_t n)
{
	p->nroles = n ? n : 1;
	p->roles = arena_array(&st->cat->arena, const char *, p->nroles);
	if (!n) {
		p->roles[0] = "public";
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const char *r = "?";
		if (roles[i]->node_case == PG_QUERY__NODE__NODE_ROLE_SPEC) {
			PgQuery__RoleSpec *rs = roles[i]->role_spec;
			switch (rs->roletype) {
			case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_PUBLIC:
				r = "public";
				break;
			case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_USER:
				r = "CURRENT_USER";
				break;
			case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_SESSION_USER:
				r = "SESSION_USER";
				break;
			case PG_QUERY__ROLE_SPEC_TYPE__ROLESPEC_CURRENT_ROLE:
				r = "CURRENT_ROLE";
				break;
			default:
				r = rs->rolename ? rs->rolename : "?";
				break;
			}
		}
		p->roles[i] = arena_strdup(&st->cat->arena, r);
	}
}

/* The relations a policy's sub-queries read: the policy depends on them (pg_depend, normal). */
static void policy_rel_deps(ReplayState *st, CatPolicy *p, PgQuery__Node *e)
{
	RelWalk w = {{0}, {0}, &st->cat->arena};
	rel_walk(&w, &e->base);
	for (size_t i = 0; i < w.rvs.n; i++) {
		PgQuery__RangeVar *rv = w.rvs.items[i];
		bool is_cte = false;
		if (!rv->schemaname || !rv->schemaname[0])
			for (size_t j = 0; j < w.ctes.n && !is_cte; j++)
				is_cte = !strcmp(w.ctes.items[j], rv->relname);
		if (is_cte)
			continue;
		CatObject *o = rp_range_relation(st, rv, true, NULL);
		if (o && o != p->h.owner)
			catalog_add_dep(st->cat, &p->h, o, NULL, DEP_NORMAL);
	}
}

/* The columns of T that P's stored expressions use, also from inside their sub-queries (e.b in EXISTS
 * (SELECT ... WHERE o.x = e.b)): normal dependencies, as recordDependencyOnExpr records them. */
static void policy_column_deps(ReplayState *st, CatPolicy *p, CatTable *t)
{
	const char *self[] = {t->h.name};
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *c = t->columns.items[i];
		if (rp_text_uses_column(p->using_expr, c->name, self, 1) ||
		    rp_text_uses_column(p->with_check_expr, c->name, self, 1))
			catalog_add_dep(st->cat, &p->h, &t->h, c->name, DEP_NORMAL);
	}
}

void rp_create_policy(ReplayState *st, PgQuery__CreatePolicyStmt *ps)
{
	CatObject *rel = rp_range_relation(st, ps->table, false, NULL);
	if (!rel || rel->kind != OBJ_TABLE)
		return;
	CatTable *t = (CatTable *)rel;
	if (catalog_find_policy(st->cat, t, ps->policy_name)) {
		rp_diag(st, SEV_ERROR, "duplicate-object", ps->table->location,
		        "policy \"%s\" for table \"%s\" already exists", ps->policy_name, t->h.name);
		return;
	}
	CatLoc l = rp_loc(st, -1);
	CatPolicy *p = (CatPolicy *)catalog_add(st->cat, OBJ_POLICY, t->h.schema, ps->policy_name, &t->h, &l);
	p->permissive = ps->permissive;
	p->command = arena_strdup(&st->cat->arena, ps->cmd_name ? ps->cmd_name : "all");
	policy_roles(st, p, ps->roles, ps->n_roles);
	/* the expressions' columns of the table: normal dependencies (recordDependencyOnExpr) */
	if (ps->qual) {
		p->using_expr = rp_expr_of(st, EXPRK_POLICY, ps->qual, &t->h, NULL, NULL);
		rp_expr_deps_self(st, &p->h, NULL, t, DEP_NORMAL, ps->qual);
		policy_rel_deps(st, p, ps->qual);
	}
	if (ps->with_check) {
		p->with_check_expr = rp_expr_of(st, EXPRK_POLICY, ps->with_check, &t->h, NULL, NULL);
		rp_expr_deps_self(st, &p->h, NULL, t, DEP_NORMAL, ps->with_check);
		policy_rel_deps(st, p, ps->with_check);
	}
	policy_column_deps(st, p, t);
}

void rp_alter_policy(ReplayState *st, PgQuery__AlterPolicyStmt *ps)
{
	CatObject *rel = rp_range_relation(st, ps->table, false, NULL);
	if (!rel || rel->kind != OBJ_TABLE)
		return;
	CatPolicy *p = catalog_find_policy(st->cat, (CatTable *)rel, ps->policy_name);
	if (!p) {
		rp_diag(st, SEV_ERROR, "undefined-object", ps->table->location,
		        "policy \"%s\" for table \"%s\" does not exist", ps->policy_name, rel->name);
		return;
	}
	if (ps->n_roles)
		policy_roles(st, p, ps->roles, ps->n_roles);
	if (ps->qual)
		p->using_expr = rp_expr_of(st, EXPRK_POLICY, ps->qual, rel, NULL, NULL);
	if (ps->with_check)
		p->with_check_expr = rp_expr_of(st, EXPRK_POLICY, ps->with_check, rel, NULL, NULL);
	if (!ps->qual && !ps->with_check)
		return;
	/* AlterPolicy re-records the dependencies of both expressions: those of the one kept come from its
	 * text */
	while (p->h.ndeps)
		catalog_remove_dep(&p->h, p->h.deps[0].on, NULL);
	catalog_add_dep(st->cat, &p->h, rel, NULL, DEP_AUTO);
	CatTable *t = (CatTable *)rel;
	if (ps->qual)
		rp_expr_deps_self(st, &p->h, NULL, t, DEP_NORMAL, ps->qual);
	else
		rp_expr_text_deps(st, &p->h, NULL, t, DEP_NORMAL, p->using_expr);
	if (ps->with_check)
		rp_expr_deps_self(st, &p->h, NULL, t, DEP_NORMAL, ps->with_check);
	else
		rp_expr_text_deps(st, &p->h, NULL, t, DEP_NORMAL, p->with_check_expr);
	if (ps->qual)
		policy_rel_deps(st, p, ps->qual);
	if (ps->with_check)
		policy_rel_deps(st, p, ps->with_check);
	policy_column_deps(st, p, t);
}

/* ---- sequences ---- */

static void seq_type_bounds(CatSequence *s)
{
	int64_t max = !strcmp(s->data_type, "smallint")  ? 32767
	              : !strcmp(s->data_type, "integer") ? 2147483647
	                                                 : INT64_MAX;
	if (s->increment > 0) {
		s->min = 1;
		s->max = max;
		s->start = 1;
	} else {
		s->min = -max - 1;
		s->max = -1;
		s->start = -1;
	}
}

CatSequence *rp_new_sequence(ReplayState *st, const char *schema, const char *name, const char *type, int off)
{
	CatLoc l = rp_loc(st, off);
	CatSequence *s = (CatSequence *)catalog_add(st->cat, OBJ_SEQUENCE, schema, name, NULL, &l);
	s->data_type = !strcmp(type, "integer") || !strcmp(type, "smallint") ? type : "bigint";
	s->data_type = arena_strdup(&st->cat->arena, s->data_type);
	s->increment = 1;
	s->cache = 1;
	seq_type_bounds(s);
	return s;
}

void rp_create_sequence(ReplayState *st, PgQuery__CreateSeqStmt *ss)
{
	PgQuery__RangeVar *rv = ss->sequence;
	const char *schema = rp_relation_schema(st, rv);
	if (!schema)
		return;
	const CatObject *old = catalog_find_relation(st->cat, schema, rv->relname);
	if (old) {
		if (!ss->if_not_exists)
			rp_relation_exists(st, old, rv->location, rv->relname);
		return;
	}
	CatSequence *s = rp_new_sequence(st, schema, rv->relname, "bigint", rv->location);
	if (!rp_seq_options(st, s, ss->options, ss->n_options, true, false))
		return; /* the error is reported (the statement is undone) */
}

void rp_alter_sequence(ReplayState *st, PgQuery__AlterSeqStmt *ss)
{
	CatObject *o = rp_range_relation(st, ss->sequence, ss->missing_ok, NULL);
	if (!o)
		return;
	if (o->kind != OBJ_SEQUENCE) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", ss->sequence->location,
		        "\"%s\" is not a sequence", o->name);
		return;
	}
	if (!rp_seq_options(st, (CatSequence *)o, ss->options, ss->n_options, false, false))
		return; /* the error is reported */
}

/* ---- extensions, schemas ---- */

void rp_create_extension(ReplayState *st, PgQuery__CreateExtensionStmt *es)
{
	if (catalog_find_extension(st->cat, es->extname)) {
		if (!es->if_not_exists)
			rp_diag(st, SEV_ERROR, "duplicate-object", -1, "extension \"%s\" already exists",
			        es->extname);
		return;
	}
	const char *schema = NULL, *version = NULL;
	for (size_t i = 0; i < es->n_options; i++) {
		PgQuery__Node *o = es->options[i];
		if (o->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		if (!strcmp(o->def_elem->defname, "schema"))
			schema = defelem_string(o->def_elem);
		else if (!strcmp(o->def_elem->defname, "new_version"))
			version = defelem_string(o->def_elem);
	}
	schema = rp_creation_schema(st, schema, -1);
	if (!schema)
		return;
	CatLoc l = rp_loc(st, -1);
	CatExtension *e = (CatExtension *)catalog_add(st->cat, OBJ_EXTENSION, NULL, es->extname, NULL, &l);
	e->ext_schema = arena_strdup(&st->cat->arena, schema);
	e->version = arena_strdup(&st->cat->arena, version);
	CatSchema *s = catalog_find_schema(st->cat, schema);
	if (s)
		catalog_add_dep(st->cat, &e->h, &s->h, NULL, DEP_NORMAL);
	catalog_add_extension_schemas(st->cat, e);
	rp_extension_relations(st, e);
}

void rp_create_schema(ReplayState *st, PgQuery__CreateSchemaStmt *cs)
{
	const char *name = cs->schemaname;
	if (!name && cs->authrole)
		name = rp_role_spec(st, cs->authrole); /* AUTHORIZATION CURRENT_ROLE names the current role */
	if (!name)
		return;
	if (catalog_find_schema(st->cat, name)) {
		if (!cs->if_not_exists)
			rp_diag(st, SEV_ERROR, "duplicate-object", -1, "schema \"%s\" already exists", name);
		return;
	}
	if (!rp_check_schema_elements(st, cs, name))
		return;
	CatLoc l = rp_loc(st, -1);
	CatSchema *s = (CatSchema *)catalog_add(st->cat, OBJ_SCHEMA, NULL, name, NULL, &l);
	if (cs->authrole && rp_role_spec(st, cs->authrole))
		s->owner_role = arena_strdup(&st->cat->arena, rp_role_spec(st, cs->authrole));
	if (cs->n_schema_elts) {
		/* elements are created in the new schema, put before the search path (CreateSchemaCommand) */
		char **saved = st->path;
		size_t nsaved = st->npath;
		st->path = xmalloc((nsaved + 1) * sizeof(char *));
		st->path[0] = xstrdup(name);
		for (size_t i = 0; i < nsaved; i++)
			st->path[i + 1] = saved[i];
		st->npath = nsaved + 1;
		int off = st->stmt_off;
		/* in PostgreSQL's order, not as written (transformCreateSchemaStmt): sequences, tables,
		 * views, indexes, triggers, grants */
		static const PgQuery__Node__NodeCase order[] = {
		    PG_QUERY__NODE__NODE_CREATE_SEQ_STMT,  PG_QUERY__NODE__NODE_CREATE_STMT,
		    PG_QUERY__NODE__NODE_VIEW_STMT,        PG_QUERY__NODE__NODE_INDEX_STMT,
		    PG_QUERY__NODE__NODE_CREATE_TRIG_STMT, PG_QUERY__NODE__NODE_GRANT_STMT};
		for (size_t k = 0; k < ARRAY_LEN(order); k++)
			for (size_t i = 0; i < cs->n_schema_elts; i++)
				if (cs->schema_elts[i]->node_case == order[k])
					rp_statement(st, cs->schema_elts[i], off);
		free(st->path[0]);
		free(st->path);
		st->path = saved;
		st->npath = nsaved;
	}
}
