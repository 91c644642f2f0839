/* replay_derive.c — the dependencies of a catalog that replay did not build (introspection reads objects,
 * not pg_depend): recorded from the objects' own definitions as replay records them, so that replaying
 * pending migrations on top of the live schema (the pre-flight, drift, diff's proof) drops, cascades and
 * refuses as PostgreSQL will. */
#include "strata.h"
#include "analysis/replay_int.h"

void rp_expr_text_deps(ReplayState *st, CatObject *from, const char *column, CatTable *self,
                       DepType self_type, const char *e)
{
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(e, true, &sel);
	const PgQuery__Node *n = sql_select_target(sel, 0);
	if (n)
		rp_expr_deps_self(st, from, column, self, self_type, n);
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
}

/* Column COLUMN of FROM is of canonical type TYPE: its dependency on a user type or a relation's row type. */
static void type_text_dep(ReplayState *st, CatObject *from, const char *column, const char *type)
{
	if (!type)
		return;
	CatType *ut = rp_type_of_text(st, type);
	if (ut) {
		rp_column_type_dep(st, from, column, &ut->h, false);
		return;
	}
	size_t n = strlen(type);
	while (n >= 2 && type[n - 2] == '[' && type[n - 1] == ']')
		n -= 2;
	char *id = xstrndup(type, n);
	CatObject *rel = catalog_find(st->cat, OBJ_TABLE, id);
	if (!rel)
		rel = catalog_find(st->cat, OBJ_VIEW, id);
	free(id);
	if (rel && rel != from)
		rp_column_type_dep(st, from, column, rel, true);
}

void rp_partkey_column_deps(ReplayState *st, CatTable *t)
{
	if (!t->partition_key)
		return;
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *c = t->columns.items[i];
		if (rp_partkey_uses_column(t, c->name))
			(void)catalog_add_subdep(st->cat, &t->h, c->name, false, &t->h, NULL, DEP_INTERNAL);
	}
}

static void table_deps(ReplayState *st, CatTable *t)
{
	rp_partkey_column_deps(st, t);
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *c = t->columns.items[i];
		type_text_dep(st, &t->h, c->name, c->type);
		if (c->generated)
			rp_expr_text_deps(st, &t->h, c->name, t, DEP_NORMAL, c->generated);
		else if (c->default_expr) {
			rp_expr_text_deps(st, &t->h, c->name, NULL, DEP_NORMAL, c->default_expr);
			CatType *ut = rp_type_of_text(st, c->type);
			if (ut)
				(void)catalog_add_subdep(st->cat, &t->h, c->name, true, &ut->h, NULL,
				                         DEP_NORMAL);
		}
	}
}

static void constraint_deps(ReplayState *st, CatConstraint *k)
{
	CatObject *owner = k->h.owner;
	if (!owner || owner->kind != OBJ_TABLE)
		return;
	for (size_t i = 0; i < k->ncolumns; i++)
		if (k->columns[i] && table_find_column((CatTable *)owner, k->columns[i]))
			catalog_add_dep(st->cat, &k->h, owner, k->columns[i], DEP_AUTO);
	if (k->contype == CON_FOREIGN && k->ref_table)
		for (size_t i = 0; i < k->nref_columns; i++)
			catalog_add_dep(st->cat, &k->h, &k->ref_table->h, k->ref_columns[i], DEP_NORMAL);
	if (k->contype == CON_FOREIGN)
		rp_fk_partition_deps(st, k);
	if (k->contype == CON_CHECK)
		rp_expr_text_deps(st, &k->h, NULL, (CatTable *)owner, DEP_AUTO, k->check_expr);
}

static void index_deps(ReplayState *st, CatIndex *x)
{
	CatObject *owner = x->h.owner;
	if (!owner || x->constraint)
		return;
	CatTable *t = owner->kind == OBJ_TABLE ? (CatTable *)owner : NULL;
	for (size_t i = 0; i < x->nkeys; i++) {
		if (x->keys[i].column)
			catalog_add_dep(st->cat, &x->h, owner, x->keys[i].column, DEP_AUTO);
		else if (t)
			rp_expr_text_deps(st, &x->h, NULL, t, DEP_AUTO, x->keys[i].expr);
	}
	for (size_t i = 0; i < x->ninclude; i++)
		catalog_add_dep(st->cat, &x->h, owner, x->include[i], DEP_AUTO);
	if (t && x->predicate)
		rp_expr_text_deps(st, &x->h, NULL, t, DEP_AUTO, x->predicate);
}

static void view_deps(ReplayState *st, CatView *v)
{
	if (!v->definition)
		return;
	SqlParse p;
	DiagList dl = DIAGLIST_INIT;
	if (sql_parse(v->definition, "derive", &p, &dl) == 0) {
		if (p.n) {
			RpQueryCols qc;
			(void)rp_query_columns(st, &v->h, p.stmts[0].node, &qc, false);
			/* the server's column list is the truth; the analysis adds their types */
			if (qc.n == v->ncolumns && !v->column_types) {
				v->column_types = arena_array(&st->cat->arena, const char *, qc.n + 1);
				v->ncolumn_types = qc.n;
				for (size_t i = 0; i < qc.n; i++)
					v->column_types[i] = qc.types[i] ? qc.types[i] : "?";
			}
		}
		sql_parse_free(&p);
	}
	diag_list_release(&dl);
}

void rp_derive_deps(ReplayState *st)
{
	Catalog *cat = st->cat;
	/* diagnostics of what the live schema holds (a view over a relation outside the schemas read) are
	 * not the migrations' */
	st->lenient++;
	size_t n = cat->all.n;
	for (size_t i = 0; i < n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->dropped)
			continue;
		switch (o->kind) {
		case OBJ_TABLE:
			table_deps(st, (CatTable *)o);
			break;
		case OBJ_TYPE: {
			CatType *t = (CatType *)o;
			for (size_t a = 0; a < t->nattrs; a++)
				type_text_dep(st, o, t->attrs[a].name, t->attrs[a].type);
			CatType *base =
			    rp_type_of_text(st, t->type_kind == TYPE_DOMAIN ? t->base_type : t->subtype);
			if (base && base != t)
				catalog_add_dep(cat, o, &base->h, NULL, DEP_NORMAL);
			if (t->type_kind == TYPE_RANGE && !t->multirange) {
				/* the default name (a multirange_type_name given at creation is not read
				 * back) */
				const char *r = strstr(o->name, "range");
				t->multirange = r ? arena_sprintf(&cat->arena, "%.*smulti%s",
				                                  (int)(r - o->name), o->name, r)
				                  : arena_sprintf(&cat->arena, "%s_multirange", o->name);
			}
			break;
		}
		case OBJ_FUNCTION: {
			CatFunction *f = (CatFunction *)o;
			for (size_t a = 0; a < f->nargs; a++) {
				CatType *ut = rp_type_of_text(st, f->arg_types[a]);
				if (ut)
					catalog_add_dep(cat, o, &ut->h, NULL, DEP_NORMAL);
			}
			const char *r =
			    f->returns && !strncmp(f->returns, "SETOF ", 6) ? f->returns + 6 : f->returns;
			CatType *rt = rp_type_of_text(st, r);
			if (rt)
				catalog_add_dep(cat, o, &rt->h, NULL, DEP_NORMAL);
			break;
		}
		case OBJ_CONSTRAINT:
			constraint_deps(st, (CatConstraint *)o);
			break;
		case OBJ_INDEX:
			index_deps(st, (CatIndex *)o);
			break;
		case OBJ_VIEW:
		case OBJ_MATVIEW:
			view_deps(st, (CatView *)o);
			break;
		case OBJ_POLICY: {
			CatPolicy *p = (CatPolicy *)o;
			CatTable *t = o->owner && o->owner->kind == OBJ_TABLE ? (CatTable *)o->owner : NULL;
			rp_expr_text_deps(st, o, NULL, t, DEP_NORMAL, p->using_expr);
			rp_expr_text_deps(st, o, NULL, t, DEP_NORMAL, p->with_check_expr);
			break;
		}
		case OBJ_TRIGGER: {
			CatTrigger *tg = (CatTrigger *)o;
			for (size_t c = 0; o->owner && o->owner->kind == OBJ_TABLE && c < tg->nupdate_columns;
			     c++)
				if (table_find_column((CatTable *)o->owner, tg->update_columns[c]))
					catalog_add_dep(cat, o, o->owner, tg->update_columns[c], DEP_NORMAL);
			break;
		}
		default:
			break;
		}
	}
	st->lenient--;
	diag_list_release(&st->scratch);
}
