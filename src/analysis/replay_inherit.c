/* replay_inherit.c — inheritance, typed tables and row types: what PostgreSQL checks when a child meets its
 * parent (tablecmds.c MergeAttributes, MergeAttributesIntoExisting, MergeConstraintsIntoExisting,
 * find_all_inheritors' parent counts), when a table becomes typed (ATExecAddOf/ATExecDropOf), when a row type
 * would contain itself (heap.c CheckAttributeType) and when stored data uses a type being changed
 * (find_composite_type_dependencies, typecmds.c get_rels_with_domain). */
#include "strata.h"
#include "analysis/replay_inherit.h"
#include "sql/walk.h"

#include <pg_query.h>
#include <strings.h>

#define MAX_DEPTH 32

/* An error diagnostic with PostgreSQL's SQLSTATE. */
static bool same_collation(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Does the ColumnDef carry a constraint of type CT? */
static bool coldef_has(const PgQuery__ColumnDef *cd, PgQuery__ConstrType ct)
{
	for (size_t i = 0; i < cd->n_constraints; i++)
		if (cd->constraints[i]->node_case == PG_QUERY__NODE__NODE_CONSTRAINT &&
		    cd->constraints[i]->constraint->contype == ct)
			return true;
	return false;
}

bool rp_inh_merge_column(ReplayState *st, const CatColumn *inh, const PgQuery__ColumnDef *cd)
{
	if (!inh->generated)
		return true; /* a plain parent column takes what the child says */
	const char *what = NULL;
	if (coldef_has(cd, PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED)) {
		Diag *d = rp_error_state(st, "invalid-column-definition", "42611", cd->location,
		                         "child column \"%s\" specifies generation expression", cd->colname);
		diag_set_hint(d, "Omit the generation expression in the definition of the child table column "
		                 "to inherit the generation expression from the parent table.");
		return false;
	}
	if (cd->raw_default || coldef_has(cd, PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT))
		what = "default";
	else if (coldef_has(cd, PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY) || (cd->identity && cd->identity[0]))
		what = "identity";
	if (what) {
		rp_error_state(st, "invalid-column-definition", "42611", cd->location,
		               "column \"%s\" inherits from generated column but specifies %s", cd->colname,
		               what);
		return false;
	}
	return true;
}

/* MergeAttributesIntoExisting's checks of one parent column PC against the child's. */
static bool column_matches(ReplayState *st, CatTable *child, const CatColumn *pc, int off)
{
	CatColumn *c = table_find_column(child, pc->name);
	if (!c) {
		rp_error_state(st, "datatype-mismatch", "42804", off, "child table is missing column \"%s\"",
		               pc->name);
		return false;
	}
	if (strcmp(c->type, pc->type) && !c->type_unknown && !pc->type_unknown) {
		rp_error_state(st, "datatype-mismatch", "42804", off,
		               "child table \"%s\" has different type for column \"%s\"", child->h.name,
		               pc->name);
		return false;
	}
	if (!same_collation(c->collation, pc->collation)) {
		rp_error_state(st, "collation-mismatch", "42P21", off,
		               "child table \"%s\" has different collation for column \"%s\"", child->h.name,
		               pc->name);
		return false;
	}
	const char *fail =
	    pc->not_null && !c->not_null     ? "column \"%s\" in child table must be marked NOT NULL"
	    : pc->generated && !c->generated ? "column \"%s\" in child table must be a generated column"
	    : pc->generated && strcmp(c->generated, pc->generated)
	        ? "column \"%s\" in child table has a conflicting generation expression"
	        : NULL;
	if (fail) {
		rp_error_state(st, "datatype-mismatch", "42804", off, fail, pc->name);
		return false;
	}
	return true;
}

/* The child's CHECK constraint named like PK, or NULL. */
static CatConstraint *child_check(const CatTable *child, const char *name)
{
	for (size_t i = 0; i < child->constraints.n; i++) {
		CatConstraint *k = child->constraints.items[i];
		if (k->contype == CON_CHECK && !k->h.dropped && !strcmp(k->h.name, name))
			return k;
	}
	return NULL;
}

/* MergeConstraintsIntoExisting's checks of one inheritable CHECK constraint PK of the parent. */
static bool constraint_matches(ReplayState *st, CatTable *child, const CatConstraint *pk, int off)
{
	CatConstraint *k = child_check(child, pk->h.name);
	if (!k) {
		rp_error_state(st, "datatype-mismatch", "42804", off,
		               "child table is missing constraint \"%s\"", pk->h.name);
		return false;
	}
	if (k->check_expr && pk->check_expr && strcmp(k->check_expr, pk->check_expr)) { /* (unknown: equal) */
		rp_error_state(st, "datatype-mismatch", "42804", off,
		               "child table \"%s\" has different definition for check constraint \"%s\"",
		               child->h.name, pk->h.name);
		return false;
	}
	if (k->no_inherit || (k->not_valid && !pk->not_valid)) {
		rp_error_state(st, "invalid-object-definition", "42P17", off,
		               k->no_inherit
		                   ? "constraint \"%s\" conflicts with non-inherited constraint on child "
		                     "table \"%s\""
		                   : "constraint \"%s\" conflicts with NOT VALID constraint on child table "
		                     "\"%s\"",
		               pk->h.name, child->h.name);
		return false;
	}
	return true;
}

bool rp_inh_merge_existing(ReplayState *st, CatTable *child, CatTable *parent, int off)
{
	for (size_t i = 0; i < parent->columns.n; i++)
		if (!column_matches(st, child, parent->columns.items[i], off))
			return false;
	for (size_t i = 0; i < parent->constraints.n; i++) {
		CatConstraint *pk = parent->constraints.items[i];
		if (pk->contype == CON_CHECK && !pk->no_inherit && !constraint_matches(st, child, pk, off))
			return false;
	}
	/* a partition's columns and constraints come from its one parent alone */
	bool partition = parent->relkind == REL_PARTITIONED;
	for (size_t i = 0; i < parent->columns.n; i++) {
		CatColumn *c = table_find_column(child, ((CatColumn *)parent->columns.items[i])->name);
		c->inhcount++;
		if (partition)
			c->is_local = false;
	}
	for (size_t i = 0; i < parent->constraints.n; i++) {
		CatConstraint *pk = parent->constraints.items[i];
		if (pk->contype != CON_CHECK || pk->no_inherit)
			continue;
		CatConstraint *k = child_check(child, pk->h.name);
		k->inhcount++;
		if (partition)
			k->is_local = false;
	}
	return true;
}

typedef struct Inheritor {
	CatTable *t;
	int nparents; /* parents of T inside the tree */
} Inheritor;

CatTable *rp_inh_foreign_lineage(ReplayState *st, CatTable *t, const char *col)
{
	/* find_all_inheritors: breadth first, each table once, counting the links that reach it */
	Inheritor *all = xcalloc(1, sizeof *all);
	size_t n = 1, cap = 1;
	all[0].t = t;
	for (size_t i = 0; i < n; i++) {
		PtrList kids = {0};
		rp_children_of(st, all[i].t, &kids);
		for (size_t j = 0; j < kids.n; j++) {
			size_t k = 0;
			while (k < n && all[k].t != kids.items[j])
				k++;
			if (k < n) {
				all[k].nparents++;
				continue;
			}
			if (n == cap) {
				cap *= 2;
				all = xrealloc(all, cap * sizeof *all);
			}
			all[n++] = (Inheritor){kids.items[j], 1};
		}
	}
	CatTable *bad = NULL;
	for (size_t i = 1; i < n && !bad; i++) {
		CatColumn *c = table_find_column(all[i].t, col);
		if (c && c->inhcount > all[i].nparents)
			bad = all[i].t;
	}
	free(all);
	return bad;
}

/* The user type or relation (row type) that TN names, found as the server's type lookup would (no
 * diagnostics); NULL for built-in, unknown or %TYPE names. */
static const CatObject *named_type(ReplayState *st, const PgQuery__TypeName *tn)
{
	if (!tn || tn->pct_type)
		return NULL;
	const char *schema, *name;
	rp_qualname(tn->names, tn->n_names, &schema, &name);
	if (!name || (schema && !strcmp(schema, "pg_catalog")) || (!schema && type_builtin_canonical(name)))
		return NULL;
	CatType *ty = rp_find_type(st, schema, name);
	if (ty)
		return &ty->h;
	CatObject *r = rp_find_relation(st, schema, name);
	if (r && (r->kind == OBJ_TABLE || r->kind == OBJ_VIEW || r->kind == OBJ_MATVIEW))
		return r;
	/* a multirange holds its range's subtype (CheckAttributeType looks through both) */
	ty = r ? NULL : rp_multirange_owner(st, schema, name);
	return ty ? &ty->h : NULL;
}

/* Is D a dependency of O on the type of one of O's columns (a relation's column, a composite type's
 * attribute) or on the type a domain or range is built on? */
static bool is_type_edge(const CatObject *o, const CatDep *d)
{
	if (d->from_default || d->column || d->on->dropped)
		return false;
	if (d->on->kind != OBJ_TYPE && !d->as_type)
		return false;
	if (o->kind == OBJ_TYPE) {
		const CatType *ty = (const CatType *)o;
		if (ty->type_kind == TYPE_COMPOSITE)
			return d->from_column != NULL;
		return (ty->type_kind == TYPE_DOMAIN || ty->type_kind == TYPE_RANGE) && !d->from_column;
	}
	return (o->kind == OBJ_TABLE || o->kind == OBJ_MATVIEW) && d->from_column != NULL;
}

/* Does the type O (or relation O's row type) contain TARGET's row type? */
static bool contains_rowtype(const CatObject *o, const CatObject *target, int depth)
{
	if (o == target)
		return true;
	if (depth > MAX_DEPTH)
		return false;
	for (size_t i = 0; i < o->ndeps; i++)
		if (is_type_edge(o, &o->deps[i]) && contains_rowtype(o->deps[i].on, target, depth + 1))
			return true;
	return false;
}

bool rp_inh_check_member(ReplayState *st, const CatObject *rowtype, const PgQuery__TypeName *tn, int off)
{
	const CatObject *ty = named_type(st, tn);
	if (!ty || !contains_rowtype(ty, rowtype, 0))
		return true;
	rp_error_state(st, "invalid-table-definition", "42P16", off,
	               "composite type %s cannot be made a member of itself", rowtype->name);
	return false;
}

/* The type, as catalog text, of expression text E of table REL (analysed quietly); malloc'd, or NULL. */
static char *expr_text_type(ReplayState *st, const char *e, const CatObject *rel)
{
	char *type = NULL;
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(e, true, &sel);
	PgQuery__Node *val = tree ? sql_select_target(sel, 0) : NULL;
	if (val) {
		ExprEnv env;
		const char *path[32];
		rp_expr_env(st, &env, path);
		ExprError err;
		PgQuery__Node *t = expr_analyze_typed(&env, EXPRK_INDEX_EXPR, val, rel, NULL, &type, &err);
		expr_error_clear(&err);
		expr_tree_free(t);
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return type;
}

/* The column of index IX (depending on type TYPE) whose key expression yields TYPE itself, or NULL: an index
 * stores it even though its dependency is on the whole index (find_composite_type_dependencies' search of
 * the index's columns). */
static const char *index_column_of(ReplayState *st, const CatIndex *ix, const CatObject *type)
{
	if (type->kind != OBJ_TYPE || !ix->h.owner)
		return NULL;
	const char *want = cat_ident_qualified(st->cat, type->schema, type->name);
	for (size_t k = 0; k < ix->nkeys; k++) {
		const char *e = ix->keys[k].expr_src ? ix->keys[k].expr_src : ix->keys[k].expr;
		if (!e)
			continue;
		char *have = expr_text_type(st, e, ix->h.owner);
		bool match = have && (!strcmp(have, want) || !strcmp(have, type->identity));
		free(have);
		if (match) /* the name comes from the expression as written (its stored form may drop ROW) */
			return rp_index_expr_colname(st, ix->keys[k].expr ? ix->keys[k].expr : e);
	}
	return NULL;
}

static const CatObject *stored_use(ReplayState *st, const CatObject *type, const char **col, int depth)
{
	if (depth > MAX_DEPTH)
		return NULL;
	for (size_t i = 0; i < type->rdeps.n; i++) {
		CatObject *r = type->rdeps.items[i];
		if (r->dropped)
			continue;
		for (size_t j = 0; j < r->ndeps; j++) {
			const CatDep *d = &r->deps[j];
			if (d->on != type)
				continue;
			if (r->kind == OBJ_INDEX && !d->from_column &&
			    (*col = index_column_of(st, (CatIndex *)r, type)))
				return r;
			if (!is_type_edge(r, d))
				continue;
			if (r->kind == OBJ_TABLE) {
				*col = d->from_column;
				return r;
			}
			const CatObject *t = r->kind == OBJ_TYPE ? stored_use(st, r, col, depth + 1) : NULL;
			if (t)
				return t;
			break;
		}
	}
	return NULL;
}

const CatObject *rp_inh_stored_use(ReplayState *st, const CatObject *type, const char **col)
{
	return stored_use(st, type, col, 0);
}

static bool is_array_text(const char *type)
{
	size_t n = type ? strlen(type) : 0;
	return n >= 2 && !strcmp(type + n - 2, "[]");
}

static const CatObject *domain_use(ReplayState *st, const CatType *dom, const char **col, int depth)
{
	if (depth > MAX_DEPTH)
		return NULL;
	for (size_t i = 0; i < dom->h.rdeps.n; i++) {
		CatObject *r = dom->h.rdeps.items[i];
		if (r->dropped)
			continue;
		for (size_t j = 0; j < r->ndeps; j++) {
			const CatDep *d = &r->deps[j];
			if (d->on != &dom->h || !is_type_edge(r, d))
				continue;
			const CatObject *t = NULL;
			if (r->kind == OBJ_TYPE) {
				const CatType *rt = (const CatType *)r;
				/* a sub-domain is checked like the domain; any other container is searched
				 * for stored values */
				t = rt->type_kind == TYPE_DOMAIN && !is_array_text(rt->base_type)
				        ? domain_use(st, rt, col, depth + 1)
				        : stored_use(st, r, col, depth + 1);
			} else if (r->kind == OBJ_TABLE) {
				/* the table's own column is checked; an array of the domain is not, nor the
				 * table's row type stored elsewhere */
				const CatColumn *c = table_find_column((const CatTable *)r, d->from_column);
				if (c && is_array_text(c->type)) {
					*col = d->from_column;
					return r;
				}
				t = stored_use(st, r, col, depth + 1);
			}
			if (t)
				return t;
			break;
		}
	}
	return NULL;
}

const CatObject *rp_inh_domain_stored_use(ReplayState *st, const CatType *domain, const char **col)
{
	return domain_use(st, domain, col, 0);
}

/* The composite type a typed table T is of (its whole-object normal dependency), or NULL. */
static CatType *of_type(const CatTable *t)
{
	for (size_t i = 0; i < t->h.ndeps; i++) {
		const CatDep *d = &t->h.deps[i];
		if (!d->from_column && d->type == DEP_NORMAL && d->on->kind == OBJ_TYPE &&
		    ((CatType *)d->on)->type_kind == TYPE_COMPOSITE)
			return (CatType *)d->on;
	}
	return NULL;
}

void rp_inh_add_of(ReplayState *st, CatTable *t, const PgQuery__TypeName *tn, int off)
{
	const CatObject *o = named_type(st, tn);
	if (!o) {
		if (!rp_type_known(st, tn)) {
			const char *schema, *name;
			rp_qualname(tn->names, tn->n_names, &schema, &name);
			rp_error_state(st, "undefined-type", "42704", off, "type \"%s\" does not exist",
			               name ? name : "?");
		} else
			rp_error_state(st, "wrong-object-type", "42809", off,
			               "type %s is not a composite type", rp_type(st, tn, NULL));
		return;
	}
	const CatType *ct = o->kind == OBJ_TYPE ? (const CatType *)o : NULL;
	if (!ct || ct->type_kind != TYPE_COMPOSITE) { /* check_of_type: only CREATE TYPE AS */
		rp_error_state(st, "wrong-object-type", "42809", off, "type %s is not a composite type",
		               o->name);
		return;
	}
	if (t->inherits.n || t->partition_of) {
		rp_error_state(st, "wrong-object-type", "42809", off, "typed tables cannot inherit");
		return;
	}
	/* the same attributes in the same order, then nothing more */
	size_t i = 0;
	for (; i < ct->nattrs; i++) {
		const CatAttr *a = &ct->attrs[i];
		if (i >= t->columns.n) {
			rp_error_state(st, "datatype-mismatch", "42804", off,
			               "table is missing column \"%s\"", a->name);
			return;
		}
		const CatColumn *c = t->columns.items[i];
		if (strcmp(c->name, a->name)) {
			rp_error_state(st, "datatype-mismatch", "42804", off,
			               "table has column \"%s\" where type requires \"%s\"", c->name,
			               a->name);
			return;
		}
		if ((strcmp(c->type, a->type) && !c->type_unknown) ||
		    !same_collation(c->collation, a->collation)) {
			rp_error_state(st, "datatype-mismatch", "42804", off,
			               "table \"%s\" has different type for column \"%s\"", t->h.name,
			               a->name);
			return;
		}
	}
	if (i < t->columns.n) {
		rp_error_state(st, "datatype-mismatch", "42804", off, "table has extra column \"%s\"",
		               ((const CatColumn *)t->columns.items[i])->name);
		return;
	}
	CatType *old = of_type(t);
	if (old)
		catalog_remove_dep(&t->h, &old->h, NULL);
	catalog_add_dep(st->cat, &t->h, (CatObject *)&ct->h, NULL, DEP_NORMAL);
}

void rp_inh_drop_of(ReplayState *st, CatTable *t, int off)
{
	CatType *old = of_type(t);
	if (!old) {
		rp_error_state(st, "wrong-object-type", "42809", off, "\"%s\" is not a typed table",
		               t->h.name);
		return;
	}
	catalog_remove_dep(&t->h, &old->h, NULL);
}

bool rp_inh_drop_expression_ok(ReplayState *st, CatTable *t, const char *col, bool recurse, int off)
{
	PtrList kids = {0};
	rp_children_of(st, t, &kids);
	if (!recurse && kids.n) {
		rp_error_state(st, "feature-not-supported", "0A000", off,
		               "ALTER TABLE / DROP EXPRESSION must be applied to child tables too");
		return false;
	}
	CatColumn *c = table_find_column(t, col);
	if (!c) {
		rp_error_state(st, "undefined-column", "42703", off,
		               "column \"%s\" of relation \"%s\" does not exist", col, t->h.name);
		return false;
	}
	if (c->inhcount > 0) {
		rp_error_state(st, "invalid-table-definition", "42P16", off,
		               "cannot drop generation expression from inherited column");
		return false;
	}
	return true;
}

/* The collation output column EXPR of a simple query gets, when it is plain to see: an explicit COLLATE, or a
 * column of the query's single FROM table that has its own collation; NULL otherwise (not known, or the
 * type's default). */
static const char *target_collation(ReplayState *st, const PgQuery__Node *expr,
                                    const PgQuery__SelectStmt *sel)
{
	if (!expr)
		return NULL;
	if (expr->node_case == PG_QUERY__NODE__NODE_COLLATE_CLAUSE) {
		const PgQuery__CollateClause *cc = expr->collate_clause;
		return cc->n_collname ? rp_str(cc->collname[cc->n_collname - 1]) : NULL;
	}
	if (expr->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || sel->n_from_clause != 1 ||
	    sel->from_clause[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR)
		return NULL;
	const PgQuery__ColumnRef *cr = expr->column_ref;
	const char *col = cr->n_fields ? rp_str(cr->fields[cr->n_fields - 1]) : NULL;
	const PgQuery__RangeVar *rv = sel->from_clause[0]->range_var;
	CatObject *o = col ? rp_find_relation(st, rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL,
	                                      rv->relname)
	                   : NULL;
	const CatColumn *c = o && o->kind == OBJ_TABLE ? table_find_column((CatTable *)o, col) : NULL;
	return c ? c->collation : NULL;
}

/* The plain SELECT of NODE with no `*` in its target list (positions are columns), or NULL. */
static const PgQuery__SelectStmt *plain_select(const PgQuery__Node *node)
{
	if (!node || node->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return NULL;
	const PgQuery__SelectStmt *sel = node->select_stmt;
	if (sel->op != PG_QUERY__SET_OPERATION__SETOP_NONE || sel->n_values_lists)
		return NULL;
	for (size_t i = 0; i < sel->n_target_list; i++) {
		const PgQuery__Node *t = sel->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			return NULL;
		const PgQuery__Node *v = t->res_target->val;
		if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
			for (size_t j = 0; j < v->column_ref->n_fields; j++)
				if (v->column_ref->fields[j]->node_case == PG_QUERY__NODE__NODE_A_STAR)
					return NULL;
	}
	return sel;
}

bool rp_inh_view_collations_ok(ReplayState *st, const CatView *old, const PgQuery__Node *query, int off)
{
	const PgQuery__SelectStmt *nsel = plain_select(query);
	if (!nsel || !old->definition)
		return true;
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(old->definition, false, &sel);
	PgQuery__Node wrapped = PG_QUERY__NODE__INIT;
	wrapped.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	wrapped.select_stmt = sel;
	const PgQuery__SelectStmt *osel = tree ? plain_select(&wrapped) : NULL;
	bool ok = true;
	for (size_t i = 0;
	     osel && ok && i < old->ncolumns && i < osel->n_target_list && i < nsel->n_target_list; i++) {
		const char *was = target_collation(st, sql_select_target(osel, i), osel);
		const char *now = target_collation(st, sql_select_target(nsel, i), nsel);
		if (was && now && strcmp(was, now)) {
			rp_error_state(st, "invalid-table-definition", "42P16", off,
			               "cannot change collation of view column \"%s\" from \"%s\" to \"%s\"",
			               old->columns[i], was, now);
			ok = false;
		}
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return ok;
}

/* Does the domain check text E analyse against base type BASE? Quietly; *ERR (when not NULL) receives the
 * analysis error. */
static bool check_analyses(ReplayState *st, const char *e, const char *base, ExprError *err_out)
{
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(e, true, &sel);
	PgQuery__Node *val = tree ? sql_select_target(sel, 0) : NULL;
	bool ok = true; /* a text that does not parse is not judged */
	if (val) {
		ExprEnv env;
		const char *path[32];
		rp_expr_env(st, &env, path);
		ExprError err;
		PgQuery__Node *t = expr_analyze(&env, EXPRK_DOMAIN_CHECK, val, NULL, base, &err);
		ok = t != NULL;
		expr_tree_free(t);
		if (!ok && err_out)
			*err_out = err;
		else
			expr_error_clear(&err);
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return ok;
}

/* The domains built on TYPE, directly or over one another (not over arrays of it), appended to OUT. */
static void domains_over(ReplayState *st, const CatObject *type, PtrList *out, int depth)
{
	for (size_t i = 0; depth <= MAX_DEPTH && i < type->rdeps.n; i++) {
		CatObject *r = type->rdeps.items[i];
		if (r->dropped || r->kind != OBJ_TYPE || ((CatType *)r)->type_kind != TYPE_DOMAIN ||
		    is_array_text(((CatType *)r)->base_type))
			continue;
		bool dup = false;
		for (size_t j = 0; j < out->n && !dup; j++)
			dup = out->items[j] == r;
		if (dup)
			continue;
		ptrlist_push(&st->cat->arena, out, r);
		domains_over(st, r, out, depth + 1);
	}
}

bool rp_inh_domain_checks_retype_ok(ReplayState *st, CatType *comp, size_t attr, const char *newtype, int off)
{
	PtrList doms = {0};
	domains_over(st, &comp->h, &doms, 0);
	const char *oldtype = comp->attrs[attr].type;
	for (size_t i = 0; i < doms.n; i++) {
		const CatType *d = doms.items[i];
		for (size_t k = 0; k < d->nchecks; k++) {
			const char *e = d->checks[k].expr;
			if (!e || !check_analyses(st, e, d->base_type, NULL))
				continue; /* only a check that analysed before is judged again */
			ExprError err;
			comp->attrs[attr].type = newtype;
			bool ok = check_analyses(st, e, d->base_type, &err);
			comp->attrs[attr].type = oldtype;
			if (!ok && err.set && err.message) {
				err.location = -1; /* (a place in the stored text, not in this statement) */
				Diag *dg =
				    rp_diag(st, SEV_ERROR, err.rule ? err.rule : "invalid-object-definition",
				            off, "%s", err.message);
				if (dg && err.hint)
					diag_set_hint(dg, "%s", err.hint);
				if (dg)
					snprintf(dg->sqlstate, sizeof dg->sqlstate, "%s", err.sqlstate);
				expr_error_clear(&err);
				return false;
			}
		}
	}
	return true;
}

typedef struct FieldUse {
	const char *field;
	bool found;
} FieldUse;

/* (VALUE).field, possibly nested in more selections: an A_Indirection of VALUE whose first step names it. */
static void field_use_cb(void *ud, const PgQuery__Node *n)
{
	FieldUse *u = ud;
	if (n->node_case != PG_QUERY__NODE__NODE_A_INDIRECTION)
		return;
	const PgQuery__AIndirection *ai = n->a_indirection;
	const PgQuery__Node *arg = ai->arg;
	bool of_value = arg && arg->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
	                arg->column_ref->n_fields == 1 &&
	                arg->column_ref->fields[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
	                !strcmp(arg->column_ref->fields[0]->string->sval, "value");
	if (of_value && ai->n_indirection && ai->indirection[0]->node_case == PG_QUERY__NODE__NODE_STRING &&
	    !strcmp(ai->indirection[0]->string->sval, u->field))
		u->found = true;
}

/* Does the domain CHECK expression E (stored text) select FIELD of VALUE? */
static bool check_reads_field(const char *e, const char *field)
{
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(e, true, &sel);
	PgQuery__Node *val = tree ? sql_select_target(sel, 0) : NULL;
	FieldUse u = {field, false};
	if (val)
		sql_walk_nodes(val, field_use_cb, &u);
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return u.found;
}

bool rp_inh_domain_checks_drop_attr(ReplayState *st, CatType *comp, size_t attr, bool cascade, int off)
{
	PtrList doms = {0};
	domains_over(st, &comp->h, &doms, 0);
	const char *name = comp->attrs[attr].name;
	for (size_t i = 0; i < doms.n; i++) {
		CatType *d = doms.items[i];
		for (size_t k = 0; k < d->nchecks; k++) {
			const char *e = d->checks[k].expr;
			if (!e || !check_reads_field(e, name))
				continue;
			if (cascade) { /* the constraint is dropped with the attribute */
				memmove(&d->checks[k], &d->checks[k + 1],
				        (d->nchecks - k - 1) * sizeof d->checks[0]);
				d->nchecks--;
				k--;
				continue;
			}
			Diag *dg =
			    rp_error_state(st, "dependent-objects", "2BP01", off,
			                   "cannot drop column %s of composite type %s because other objects "
			                   "depend on it",
			                   name, comp->h.name);
			if (dg) {
				diag_set_detail(
				    dg,
				    "constraint %s on domain %s depends on column %s of composite type %s",
				    d->checks[k].name, d->h.name, name, comp->h.name);
				diag_set_hint(dg, "Use DROP ... CASCADE to drop the dependent objects too.");
			}
			return false;
		}
	}
	return true;
}

/* typstorage of the type named by canonical text TYPE: user types from the catalog, the common built-in
 * ones; 0 when not known. */
static char type_storage(ReplayState *st, const char *type, int depth)
{
	if (!type || depth > MAX_DEPTH)
		return 0;
	if (is_array_text(type))
		return 'x';
	CatType *ut = rp_type_of_text(st, type);
	if (ut) {
		switch (ut->type_kind) {
		case TYPE_ENUM:
			return 'p';
		case TYPE_COMPOSITE:
		case TYPE_RANGE:
			return 'x';
		case TYPE_DOMAIN:
			return type_storage(st, ut->base_type, depth + 1);
		case TYPE_BASE:
			return ut->storage;
		default:
			return 0;
		}
	}
	static const struct {
		const char *name;
		char storage;
	} builtin[] = {
	    {"boolean", 'p'},
	    {"smallint", 'p'},
	    {"integer", 'p'},
	    {"bigint", 'p'},
	    {"real", 'p'},
	    {"double precision", 'p'},
	    {"date", 'p'},
	    {"timestamp without time zone", 'p'},
	    {"timestamp with time zone", 'p'},
	    {"time without time zone", 'p'},
	    {"interval", 'p'},
	    {"uuid", 'p'},
	    {"oid", 'p'},
	    {"text", 'x'},
	    {"character varying", 'x'},
	    {"character", 'x'},
	    {"bytea", 'x'},
	    {"json", 'x'},
	    {"jsonb", 'x'},
	    {"xml", 'x'},
	    {"numeric", 'm'},
	    {"inet", 'm'},
	    {"cidr", 'm'},
	};
	size_t n = strcspn(type, "(");
	for (size_t i = 0; i < ARRAY_LEN(builtin); i++)
		if (strlen(builtin[i].name) == n && !strncmp(type, builtin[i].name, n))
			return builtin[i].storage;
	return 0;
}

bool rp_inh_compression_ok(ReplayState *st, const char *type, const char *method, int off)
{
	if (!method || !strcmp(method, "default"))
		return true;
	if (type_storage(st, type, 0) == 'p') {
		/* format_type_be: a user type's bare name when its schema is on the path */
		const CatType *ut = rp_type_of_text(st, type);
		const char *ps[32];
		size_t np = ut ? rp_path_schemas(st, ps, 32) : 0;
		bool visible = false;
		for (size_t i = 0; i < np && !visible; i++)
			visible = !strcmp(ps[i], ut->h.schema);
		const char *shown = visible ? ut->h.name : type;
		size_t n = ut ? strlen(shown) : strcspn(type, "(");
		rp_error_state(st, "feature-not-supported", "0A000", off,
		               "column data type %.*s does not support compression", (int)n, shown);
		return false;
	}
	if (strcmp(method, "pglz") && strcmp(method, "lz4")) {
		rp_error_state(st, "invalid-parameter-value", "22023", off,
		               "invalid compression method \"%s\"", method);
		return false;
	}
	return true;
}

const char *rp_inh_compression_name(const char *method)
{
	return !method ? NULL : !strcmp(method, "pglz") ? "pglz" : !strcmp(method, "lz4") ? "lz4" : NULL;
}

bool rp_inh_compression_merge_ok(ReplayState *st, CatColumn *have, const char *method, int off)
{
	method = rp_inh_compression_name(method);
	if (!method)
		return true;
	if (!have->compression) {
		have->compression = method;
		return true;
	}
	if (!strcmp(have->compression, method))
		return true;
	Diag *d = rp_error_state(st, "datatype-mismatch", "42804", off,
	                         "column \"%s\" has a compression method conflict", have->name);
	diag_set_detail(d, "%s versus %s", have->compression, method);
	return false;
}

void rp_inh_set_compression(ReplayState *st, CatTable *t, const char *col, const char *method, bool recurse)
{
	CatColumn *c = table_find_column(t, col);
	if (!c)
		return;
	c->compression = rp_inh_compression_name(method);
	PtrList kids = {0};
	if (recurse)
		rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++)
		rp_inh_set_compression(st, kids.items[i], col, method, true);
}

static char column_storage(ReplayState *st, const CatColumn *c)
{
	return c->storage ? c->storage : type_storage(st, c->type, 0);
}

static const char *storage_name(char s)
{
	return s == 'p' ? "PLAIN" : s == 'e' ? "EXTERNAL" : s == 'x' ? "EXTENDED" : s == 'm' ? "MAIN" : "???";
}

bool rp_inh_storage_merge_ok(ReplayState *st, const CatColumn *have, const CatColumn *src, bool inherited,
                             int off)
{
	char a = column_storage(st, have), b = column_storage(st, src);
	if (!a || !b || a == b)
		return true;
	Diag *d = rp_error_state(st, "datatype-mismatch", "42804", off,
	                         inherited ? "inherited column \"%s\" has a storage parameter conflict"
	                                   : "column \"%s\" has a storage parameter conflict",
	                         have->name);
	diag_set_detail(d, "%s versus %s", storage_name(a), storage_name(b));
	return false;
}

bool rp_inh_set_storage(ReplayState *st, CatTable *t, const char *col, const char *value, bool recurse,
                        int off)
{
	CatColumn *c = table_find_column(t, col);
	if (!c) {
		rp_error_state(st, "undefined-column", "42703", off,
		               "column \"%s\" of relation \"%s\" does not exist", col, t->h.name);
		return false;
	}
	char s = !value                           ? 0
	         : !strcasecmp(value, "plain")    ? 'p'
	         : !strcasecmp(value, "external") ? 'e'
	         : !strcasecmp(value, "extended") ? 'x'
	         : !strcasecmp(value, "main")     ? 'm'
	                                          : 0;
	if (s)
		c->storage = s;
	PtrList kids = {0};
	if (recurse)
		rp_children_of(st, t, &kids);
	for (size_t i = 0; i < kids.n; i++)
		(void)rp_inh_set_storage(st, kids.items[i], col, value, true, off);
	return true;
}
