/* expr_query.c — parse analysis of queries (analyze.c, parse_clause.c, parse_target.c): FROM items as
 * range-table entries, stars expanded, target lists named and typed, set operations, ORDER BY / GROUP BY
 * as the deparser prints them, and the naming pass of ruleutils (set_rtable_names) that decides how each
 * column reference is qualified. */
#include "strata.h"
#include "sql/colname.h"
#include "analysis/expr_int.h"
#include "util/strbuf.h"

#include <protobuf-c/protobuf-c.h>

static void add_copy(Xs *x, PgQuery__Node **dst, const PgQuery__Node *src)
{
	if (x->ncopies == x->capcopies) {
		size_t c = x->capcopies ? x->capcopies * 2 : 8;
		XCopy *a = arena_array(&x->a, XCopy, c);
		if (x->ncopies)
			memcpy(a, x->copies, x->ncopies * sizeof(*a));
		x->copies = a;
		x->capcopies = c;
	}
	x->copies[x->ncopies].dst = dst;
	x->copies[x->ncopies].src = src;
	x->ncopies++;
}

static void set_str(char **slot, const char *v)
{
	if (*slot && *slot != (char *)protobuf_c_empty_string)
		free(*slot);
	*slot = xstrdup(v);
}

static PgQuery__Node *mk_strnode(const char *v)
{
	PgQuery__String *s = xmalloc(sizeof(*s));
	pg_query__string__init(s);
	s->sval = xstrdup(v);
	PgQuery__Node *sn = xmalloc(sizeof(*sn));
	pg_query__node__init(sn);
	sn->node_case = PG_QUERY__NODE__NODE_STRING;
	sn->string = s;
	return sn;
}

static PgQuery__Node *mk_colref(const char *name)
{
	PgQuery__ColumnRef *cr = xmalloc(sizeof(*cr));
	pg_query__column_ref__init(cr);
	cr->n_fields = 1;
	cr->fields = xmalloc(sizeof(PgQuery__Node *));
	cr->fields[0] = mk_strnode(name);
	cr->location = -1;
	PgQuery__Node *n = xmalloc(sizeof(*n));
	pg_query__node__init(n);
	n->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
	n->column_ref = cr;
	return n;
}

/* ---- FROM ---- */

static XCte *find_cte(XLevel *lv, const char *name)
{
	for (XLevel *l = lv; l; l = l->up)
		for (size_t i = 0; i < l->nctes; i++)
			if (!strcmp(l->ctes[i].name, name))
				return &l->ctes[i];
	return NULL;
}

/* Column aliases `AS a(x, y)` rename the first columns. */
static void apply_colaliases(Xs *x, XRte *r, const PgQuery__Alias *al)
{
	if (!al)
		return;
	for (size_t i = 0; i < al->n_colnames && i < r->ncols; i++)
		if (str_of(al->colnames[i]))
			r->cols[i].name = arena_strdup(&x->a, str_of(al->colnames[i]));
}

static bool is_system_relname(const char *schema, const char *name)
{
	if (schema)
		return !strcmp(schema, "pg_catalog") || !strcmp(schema, "information_schema") ||
		       !strncmp(schema, "pg_", 3);
	return !strncmp(name, "pg_", 3);
}

static XRte *from_rangevar(Xs *x, XLevel *lv, PgQuery__RangeVar *rv)
{
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	const char *eref =
	    arena_strdup(&x->a, rv->alias && rv->alias->aliasname ? rv->alias->aliasname : rv->relname);
	XRte *r = NULL;
	XCte *cte = schema ? NULL : find_cte(lv, rv->relname);
	if (cte) {
		r = arena_new(&x->a, XRte);
		r->ncols = cte->ncols;
		r->cols = arena_array(&x->a, XCol, cte->ncols ? cte->ncols : 1);
		if (cte->ncols)
			memcpy(r->cols, cte->cols, cte->ncols * sizeof(XCol));
		r->cols_known = cte->known;
		r->eref = eref;
		r->relname = rv->relname;
		r->named = true;
	} else {
		const CatObject *rel = NULL;
		if (schema)
			rel = catalog_find_relation(x->env->cat, schema, rv->relname);
		else
			for (size_t i = 0; i < x->env->npath && !rel; i++)
				rel = catalog_find_relation(x->env->cat, x->env->path[i], rv->relname);
		if (rel) {
			r = rte_for_relation(x, rel, eref);
			/* named by identity: the text is made relative to a search_path when compared */
			if (rel->schema && (!rv->schemaname || strcmp(rv->schemaname, rel->schema)))
				set_str(&rv->schemaname, rel->schema);
		} else {
			if (!is_system_relname(schema, rv->relname)) {
				if (schema && !catalog_find_schema(x->env->cat, schema))
					xs_error(x, "3F000", "undefined-schema", rv->location, NULL,
					         "schema \"%s\" does not exist", schema);
				else {
					xs_error(x, "42P01", "undefined-relation", rv->location, NULL,
					         "relation \"%s%s%s\" does not exist", schema ? schema : "",
					         schema ? "." : "", rv->relname);
					if (x->err && !x->err->missing_name)
						x->err->missing_name = xstrdup(rv->relname);
				}
			}
			r = arena_new(&x->a, XRte);
			r->eref = eref;
			r->relname = rv->relname;
			r->named = true;
			r->cols_known = false;
		}
	}
	r->rv = rv;
	r->alias = rv->alias;
	apply_colaliases(x, r, rv->alias);
	return r;
}

static XRte *from_item(Xs *x, XLevel *lv, PgQuery__Node **slot);

static void select_in(Xs *x, PgQuery__SelectStmt *s, XLevel *up, XCol **out, size_t *nout);

static XRte *from_subselect(Xs *x, XLevel *lv, PgQuery__RangeSubselect *rs)
{
	XRte *r = arena_new(&x->a, XRte);
	r->named = true;
	r->eref = rs->alias && rs->alias->aliasname ? arena_strdup(&x->a, rs->alias->aliasname) : NULL;
	r->alias = rs->alias;
	if (!rs->subquery || rs->subquery->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		r->cols_known = false;
		return r;
	}
	bool saved = lv->hidden;
	lv->hidden = !rs->lateral;
	XCol *cols = NULL;
	size_t n = 0;
	select_in(x, rs->subquery->select_stmt, lv, &cols, &n);
	lv->hidden = saved;
	r->cols = cols;
	r->ncols = n;
	r->cols_known = cols != NULL;
	apply_colaliases(x, r, rs->alias);
	return r;
}

static XRte *from_function(Xs *x, XLevel *lv, PgQuery__RangeFunction *rf)
{
	XRte *r = arena_new(&x->a, XRte);
	r->named = true;
	r->alias = rf->alias;
	r->cols_known = false;
	r->func = rf;
	if (rf->is_rowsfrom || rf->n_functions != 1 || rf->n_coldeflist ||
	    rf->functions[0]->node_case != PG_QUERY__NODE__NODE_LIST || rf->functions[0]->list->n_items < 1) {
		r->eref = rf->alias ? arena_strdup(&x->a, rf->alias->aliasname) : NULL;
		return r;
	}
	PgQuery__Node **fn = &rf->functions[0]->list->items[0];
	const char *fname = NULL;
	if ((*fn)->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
		fname = str_of((*fn)->func_call->funcname[(*fn)->func_call->n_funcname - 1]);
	if (fname && !strcmp(fname, "unnest") && (*fn)->func_call->n_args > 1) {
		/* unnest(a, b, ...) in FROM is ROWS FROM (unnest(a), unnest(b), ...) */
		r->eref = rf->alias ? arena_strdup(&x->a, rf->alias->aliasname) : NULL;
		return r;
	}
	XType t = xf_expr(x, fn, lv);
	r->eref = arena_strdup(&x->a, rf->alias && rf->alias->aliasname ? rf->alias->aliasname : fname);
	if (!t.t->opaque && !ty_is(t.t, PGB_OID_RECORD) && !ty_is_complex(t.t) && r->eref) {
		r->ncols = 1 + rf->ordinality;
		r->cols = arena_array(&x->a, XCol, 2);
		r->cols[0].name = r->eref;
		r->cols[0].type = t;
		if (rf->ordinality) {
			r->cols[1].name = "ordinality";
			r->cols[1].type.t = ty_oid(PGB_OID_INT8);
			r->cols[1].type.typmod = -1;
		}
		r->cols_known = true;
		apply_colaliases(x, r, rf->alias);
	} else if (ty_is_complex(t.t) && t.t->rel) {
		XRte *rr = rte_for_relation(x, t.t->rel, r->eref);
		r->cols = rr->cols;
		r->ncols = rr->ncols;
		r->cols_known = rr->cols_known && !rf->ordinality;
		apply_colaliases(x, r, rf->alias);
	}
	return r;
}

/* A join: its inputs, then the entry for its columns (USING/NATURAL columns merged first). */
static XRte *from_join(Xs *x, XLevel *lv, PgQuery__JoinExpr *j)
{
	size_t rel_before = lv->nns_rel;
	XRte *l = from_item(x, lv, &j->larg);
	XRte *r = from_item(x, lv, &j->rarg);
	XRte *jr = arena_new(&x->a, XRte);
	jr->is_join = true;
	jr->cols_known = l->cols_known && r->cols_known;
	/* merged columns: USING, or the common names of a NATURAL join (then printed as USING) */
	const char **merged = NULL;
	size_t nmerged = 0;
	if (j->is_natural && jr->cols_known) {
		merged = arena_array(&x->a, const char *, l->ncols ? l->ncols : 1);
		for (size_t a = 0; a < l->ncols; a++)
			for (size_t b = 0; b < r->ncols && !l->cols[a].system; b++)
				if (!r->cols[b].system && !strcmp(l->cols[a].name, r->cols[b].name)) {
					merged[nmerged++] = l->cols[a].name;
					break;
				}
		/* NATURAL prints as USING (the common columns) */
		j->is_natural = false;
		j->n_using_clause = nmerged;
		j->using_clause = xmalloc((nmerged ? nmerged : 1) * sizeof(PgQuery__Node *));
		for (size_t i = 0; i < nmerged; i++)
			j->using_clause[i] = mk_strnode(merged[i]);
	} else if (j->n_using_clause) {
		merged = arena_array(&x->a, const char *, j->n_using_clause);
		for (size_t i = 0; i < j->n_using_clause; i++)
			if (str_of(j->using_clause[i]))
				merged[nmerged++] = str_of(j->using_clause[i]);
	} else if (j->is_natural) {
		jr->cols_known = false;
	}
	size_t cap = l->ncols + r->ncols + 1;
	jr->cols = arena_array(&x->a, XCol, cap);
	jr->col_src = arena_array(&x->a, XRte *, cap);
	jr->col_src_idx = arena_array(&x->a, size_t, cap);
	bool *lused = arena_array(&x->a, bool, l->ncols + 1), *rused = arena_array(&x->a, bool, r->ncols + 1);
	for (size_t i = 0; i < nmerged; i++) {
		size_t li = 0, ri = 0;
		int lm = rte_find_col(l, merged[i], &li), rm = rte_find_col(r, merged[i], &ri);
		if (lm != 1 || rm != 1) {
			jr->cols_known = false;
			continue;
		}
		lused[li] = rused[ri] = true;
		XCol *c = &jr->cols[jr->ncols];
		c->name = merged[i];
		const TypeInfo *pair[2] = {l->cols[li].type.t, r->cols[ri].type.t};
		bool same = pair[0] == pair[1] && !pair[0]->opaque;
		c->type.typmod = -1;
		c->type.t = same                                 ? pair[0]
		            : pair[0]->opaque || pair[1]->opaque ? ty_opaque()
		                                                 : select_common_type(x, 2, pair, NULL);
		if (!c->type.t)
			c->type.t = ty_opaque();
		XRte *src = NULL;
		size_t sidx = 0;
		if (same) {
			if (j->jointype == PG_QUERY__JOIN_TYPE__JOIN_RIGHT) {
				src = r;
				sidx = ri;
			} else if (j->jointype != PG_QUERY__JOIN_TYPE__JOIN_FULL) {
				src = l;
				sidx = li;
			}
		}
		jr->col_src[jr->ncols] = src;
		jr->col_src_idx[jr->ncols] = sidx;
		jr->ncols++;
	}
	for (size_t i = 0; i < l->ncols; i++)
		if (!lused[i] && !l->cols[i].system) {
			jr->cols[jr->ncols] = l->cols[i];
			jr->col_src[jr->ncols] = l;
			jr->col_src_idx[jr->ncols] = i;
			jr->ncols++;
		}
	for (size_t i = 0; i < r->ncols; i++)
		if (!rused[i] && !r->cols[i].system) {
			jr->cols[jr->ncols] = r->cols[i];
			jr->col_src[jr->ncols] = r;
			jr->col_src_idx[jr->ncols] = i;
			jr->ncols++;
		}
	level_add_rte(x, lv, jr, false, false);
	if (j->quals) {
		/* ON: the inputs' columns are visible through the join's entry */
		push_ns_col(x, lv, jr);
		XType t = xf_expr(x, &j->quals, lv);
		(void)t;
		lv->nns_col--;
	}
	if (j->alias && j->alias->aliasname) {
		/* an aliased join hides its inputs; its columns are referred to by the alias */
		lv->nns_rel = rel_before;
		jr->named = true;
		jr->eref = arena_strdup(&x->a, j->alias->aliasname);
		jr->alias = j->alias;
		apply_colaliases(x, jr, j->alias);
		level_add_ns_rel(x, lv, jr);
	}
	return jr;
}

/* One FROM item: adds its entries to LV (and the relation names it makes visible); returns the entry
 * whose columns it contributes. */
static XRte *from_item(Xs *x, XLevel *lv, PgQuery__Node **slot)
{
	PgQuery__Node *n = *slot;
	XRte *r;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_RANGE_VAR:
		r = from_rangevar(x, lv, n->range_var);
		level_add_rte(x, lv, r, true, false);
		return r;
	case PG_QUERY__NODE__NODE_RANGE_SUBSELECT:
		r = from_subselect(x, lv, n->range_subselect);
		level_add_rte(x, lv, r, true, false);
		return r;
	case PG_QUERY__NODE__NODE_RANGE_FUNCTION:
		r = from_function(x, lv, n->range_function);
		level_add_rte(x, lv, r, true, false);
		return r;
	case PG_QUERY__NODE__NODE_JOIN_EXPR:
		return from_join(x, lv, n->join_expr);
	case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE: {
		/* rel TABLESAMPLE method(args) REPEATABLE (seed): the relation's entry; the arguments are
		 * expressions of this level (their casts to real / double precision are not printed) */
		PgQuery__RangeTableSample *ts = n->range_table_sample;
		if (!ts->relation)
			break;
		r = from_item(x, lv, &ts->relation);
		for (size_t i = 0; i < ts->n_args; i++)
			xf_expr(x, &ts->args[i], lv);
		if (ts->repeatable)
			xf_expr(x, &ts->repeatable, lv);
		return r;
	}
	default:
		break;
	}
	{
		r = arena_new(&x->a, XRte);
		r->named = false;
		r->cols_known = false;
		level_add_rte(x, lv, r, true, false);
		return r;
	}
}

/* ---- the target list ---- */

typedef struct Target {
	PgQuery__ResTarget *rt;
	XType type;
} Target;

/* Expand `*` / `t.*` at position I of S's target list into one target per column, each resolved against
 * its entry now (a join's column maps to its input); *TYPES gets their types. False when some entry's
 * columns are not known (the star stays). */
static bool expand_star(Xs *x, XLevel *lv, PgQuery__SelectStmt *s, size_t i, size_t *added, XType **types)
{
	PgQuery__ColumnRef *cr = s->target_list[i]->res_target->val->column_ref;
	XRte **ents;
	size_t nents;
	XRte *one = NULL;
	if (cr->n_fields == 1) {
		ents = lv->ns_col;
		nents = lv->nns_col;
	} else {
		const char *relname = str_of(cr->fields[cr->n_fields - 2]);
		if (!relname || cr->n_fields > 2)
			return false;
		for (size_t k = 0; k < lv->nns_rel; k++)
			if (lv->ns_rel[k]->eref && !strcmp(lv->ns_rel[k]->eref, relname))
				one = lv->ns_rel[k];
		if (!one)
			return false;
		ents = &one;
		nents = 1;
	}
	size_t total = 0;
	for (size_t k = 0; k < nents; k++) {
		if (!ents[k]->cols_known)
			return false;
		for (size_t c = 0; c < ents[k]->ncols; c++)
			total += !ents[k]->cols[c].system;
	}
	PgQuery__Node **nt = xmalloc((s->n_target_list + total) * sizeof(PgQuery__Node *));
	memcpy(nt, s->target_list, i * sizeof(PgQuery__Node *));
	*types = arena_array(&x->a, XType, total ? total : 1);
	size_t w = i;
	for (size_t k = 0; k < nents; k++) {
		XRte *e = ents[k];
		for (size_t c = 0; c < e->ncols; c++) {
			if (e->cols[c].system)
				continue;
			PgQuery__ResTarget *rt = xmalloc(sizeof(*rt));
			pg_query__res_target__init(rt);
			rt->val = mk_colref(e->cols[c].name);
			rt->name = xstrdup(e->cols[c].name);
			rt->location = -1;
			PgQuery__Node *tn = xmalloc(sizeof(*tn));
			pg_query__node__init(tn);
			tn->node_case = PG_QUERY__NODE__NODE_RES_TARGET;
			tn->res_target = rt;
			(*types)[w - i] = e->cols[c].type.t ? e->cols[c].type : xt_opaque();
			nt[w++] = tn;
			place_col_ref(x, lv, rt->val->column_ref, e, c);
			lv->nvars++;
		}
	}
	memcpy(nt + w, s->target_list + i + 1, (s->n_target_list - i - 1) * sizeof(PgQuery__Node *));
	size_t newn = s->n_target_list - 1 + total;
	protobuf_c_message_free_unpacked(&s->target_list[i]->base, NULL);
	free(s->target_list);
	s->target_list = nt;
	s->n_target_list = newn;
	*added = total;
	return true;
}

/* The target a bare ORDER BY / GROUP BY name or number refers to (NULL: an expression of its own). */
static PgQuery__ResTarget *sort_target(Xs *x, XLevel *lv, PgQuery__SelectStmt *s, PgQuery__Node *item,
                                       bool group_by)
{
	if (item->node_case == PG_QUERY__NODE__NODE_A_CONST &&
	    item->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
		int k = item->a_const->ival->ival;
		if (k >= 1 && (size_t)k <= s->n_target_list &&
		    s->target_list[k - 1]->node_case == PG_QUERY__NODE__NODE_RES_TARGET)
			return s->target_list[k - 1]->res_target;
		return NULL;
	}
	if (item->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || item->column_ref->n_fields != 1 ||
	    !str_of(item->column_ref->fields[0]))
		return NULL;
	const char *name = str_of(item->column_ref->fields[0]);
	if (group_by) {
		/* GROUP BY prefers a column of this level's FROM */
		for (size_t i = 0; i < lv->nns_col; i++) {
			size_t idx;
			if (rte_find_col(lv->ns_col[i], name, &idx) != 0)
				return NULL;
		}
	}
	PgQuery__ResTarget *found = NULL;
	for (size_t i = 0; i < s->n_target_list; i++) {
		if (s->target_list[i]->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *rt = s->target_list[i]->res_target;
		if (rt->name && !strcmp(rt->name, name)) {
			if (found)
				return NULL; /* ambiguous or equal: left as written */
			found = rt;
		}
	}
	(void)x;
	return found;
}

/* ORDER BY / GROUP BY / DISTINCT ON items: a reference to an output column prints as that column's
 * expression (a copy made after naming); anything else is an expression of this level. */
static void sort_items(Xs *x, XLevel *lv, PgQuery__SelectStmt *s, PgQuery__Node **items, size_t n,
                       bool group_by)
{
	for (size_t i = 0; i < n; i++) {
		PgQuery__Node **slot = &items[i];
		if ((*slot)->node_case == PG_QUERY__NODE__NODE_SORT_BY)
			slot = &(*slot)->sort_by->node;
		if ((*slot)->node_case == PG_QUERY__NODE__NODE_GROUPING_SET)
			continue;
		PgQuery__ResTarget *t = sort_target(x, lv, s, *slot, group_by);
		if (t && t->val) {
			if (t->val->node_case == PG_QUERY__NODE__NODE_A_CONST)
				continue; /* a constant target stays a number (printed with a cast by the
				             server) */
			add_copy(x, slot, t->val);
			continue;
		}
		xf_expr(x, slot, lv);
	}
}

/* C's columns: COLS (N, copied), renamed by the CTE's column list. */
static void cte_set_columns(Xs *x, XCte *c, const PgQuery__CommonTableExpr *cte, const XCol *cols, size_t n)
{
	c->cols = arena_array(&x->a, XCol, n ? n : 1);
	if (n)
		memcpy(c->cols, cols, n * sizeof(XCol));
	c->ncols = n;
	c->known = cols != NULL;
	for (size_t k = 0; k < cte->n_aliascolnames && k < n; k++)
		if (str_of(cte->aliascolnames[k]))
			c->cols[k].name = str_of(cte->aliascolnames[k]);
}

/* WITH: each query analysed as a child of LV (its names avoid LV's); a recursive one is visible to itself,
 * with the columns of its non-recursive term once that is analysed (unknown until then). */
static void with_clause(Xs *x, XLevel *lv, PgQuery__WithClause *w)
{
	if (!w)
		return;
	lv->ctes = arena_array(&x->a, XCte, w->n_ctes ? w->n_ctes : 1);
	for (size_t i = 0; i < w->n_ctes; i++) {
		if (w->ctes[i]->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
			continue;
		PgQuery__CommonTableExpr *cte = w->ctes[i]->common_table_expr;
		XCte *c = &lv->ctes[lv->nctes];
		c->name = cte->ctename;
		c->known = false;
		if (w->recursive)
			lv->nctes++; /* visible to itself, columns unknown */
		XCol *cols = NULL;
		size_t n = 0;
		if (cte->ctequery && cte->ctequery->node_case == PG_QUERY__NODE__NODE_SELECT_STMT) {
			bool saved = lv->hidden;
			lv->hidden = true;
			XCte *sc = x->rec_cte;
			const PgQuery__SelectStmt *sq = x->rec_query;
			const PgQuery__CommonTableExpr *sd = x->rec_def;
			PgQuery__SelectStmt *q = cte->ctequery->select_stmt;
			if (w->recursive && q->op == PG_QUERY__SET_OPERATION__SETOP_UNION) {
				x->rec_cte = c;
				x->rec_query = q;
				x->rec_def = cte;
			}
			select_in(x, q, lv, &cols, &n);
			x->rec_cte = sc;
			x->rec_query = sq;
			x->rec_def = sd;
			lv->hidden = saved;
		}
		if (!w->recursive) {
			cte_set_columns(x, c, cte, cols, n);
			lv->nctes++;
		} else if (c->known && cols && n == c->ncols) {
			/* the types are the non-recursive term's; the names the whole query's */
			for (size_t k = cte->n_aliascolnames; k < n; k++)
				c->cols[k].name = cols[k].name;
		} else if (!c->known)
			cte_set_columns(x, c, cte, cols, n);
	}
}

/* A simple SELECT (or VALUES). RESOLVE_UNKNOWNS: output literals of unknown type become text (not for the
 * leaves of a set operation, whose literals take the set's column type). SLOTS (when not NULL) receives
 * the slot of each output column's expression. */
static void select_simple(Xs *x, PgQuery__SelectStmt *s, XLevel *lv, bool resolve_unknowns, XCol **out,
                          size_t *nout, PgQuery__Node ****slots)
{
	*out = NULL;
	*nout = 0;
	if (slots)
		*slots = NULL;
	if (s->n_values_lists) {
		/* VALUES: per column, the common type of its rows */
		size_t ncol = s->values_lists[0]->node_case == PG_QUERY__NODE__NODE_LIST
		                  ? s->values_lists[0]->list->n_items
		                  : 0;
		for (size_t r = 0; r < s->n_values_lists; r++)
			if (s->values_lists[r]->node_case != PG_QUERY__NODE__NODE_LIST ||
			    s->values_lists[r]->list->n_items != ncol)
				return;
		XCol *cols = arena_array(&x->a, XCol, ncol ? ncol : 1);
		XType *types = arena_array(&x->a, XType, ncol * s->n_values_lists + 1);
		for (size_t r = 0; r < s->n_values_lists; r++)
			for (size_t c = 0; c < ncol; c++) {
				x->toplevel = s->values_lists[r]->list->items[c];
				types[r * ncol + c] = xf_expr(x, &s->values_lists[r]->list->items[c], lv);
				x->toplevel = NULL;
			}
		const TypeInfo **ct = arena_array(&x->a, const TypeInfo *, s->n_values_lists + 1);
		for (size_t c = 0; c < ncol; c++) {
			bool op = false;
			for (size_t r = 0; r < s->n_values_lists; r++) {
				ct[r] = types[r * ncol + c].t;
				op |= ct[r]->opaque;
			}
			const TypeInfo *t =
			    op ? ty_opaque() : select_common_type(x, s->n_values_lists, ct, NULL);
			if (!t)
				t = ty_opaque();
			for (size_t r = 0; r < s->n_values_lists && !t->opaque; r++)
				coerce_slot(x, &s->values_lists[r]->list->items[c], types[r * ncol + c], t,
				            CC_IMPLICIT, true);
			cols[c].name = arena_sprintf(&x->a, "column%zu", c + 1);
			cols[c].type.t = t;
			cols[c].type.typmod = -1;
		}
		*out = cols;
		*nout = ncol;
		return;
	}
	with_clause(x, lv, s->with_clause);
	/* FROM */
	for (size_t i = 0; i < s->n_from_clause; i++) {
		XRte *r = from_item(x, lv, &s->from_clause[i]);
		push_ns_col(x, lv, r);
	}
	/* targets: stars expanded, every column named (FigureColname), each typed */
	size_t nt = 0, capt = s->n_target_list + 8;
	Target *targets = arena_array(&x->a, Target, capt);
	bool star_left = false;
	for (size_t i = 0; i < s->n_target_list; i++) {
		PgQuery__Node *tn = s->target_list[i];
		if (tn->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !tn->res_target->val)
			continue;
		PgQuery__ResTarget *rt = tn->res_target;
		if (rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && rt->val->column_ref->n_fields &&
		    rt->val->column_ref->fields[rt->val->column_ref->n_fields - 1]->node_case ==
		        PG_QUERY__NODE__NODE_A_STAR) {
			size_t added = 0;
			XType *types = NULL;
			if (!expand_star(x, lv, s, i, &added, &types)) {
				star_left = true;
				continue;
			}
			if (nt + added > capt) {
				size_t c = (nt + added) * 2;
				Target *a = arena_array(&x->a, Target, c);
				memcpy(a, targets, nt * sizeof(*a));
				targets = a;
				capt = c;
			}
			for (size_t k = 0; k < added; k++) {
				targets[nt].rt = s->target_list[i + k]->res_target;
				targets[nt].type = types[k];
				nt++;
			}
			if (added)
				i += added - 1;
			else
				i--; /* the star went, nothing came: the next target is at I now */
			continue;
		}
		if (!rt->name || !rt->name[0]) {
			const char *fig;
			sql_figure_colname(rt->val, &fig, NULL, NULL);
			set_str(&rt->name, fig);
		}
		if (nt == capt) {
			size_t c = capt * 2;
			Target *a = arena_array(&x->a, Target, c);
			memcpy(a, targets, nt * sizeof(*a));
			targets = a;
			capt = c;
		}
		targets[nt].rt = rt;
		x->toplevel = rt->val;
		targets[nt].type = xf_expr(x, &rt->val, lv);
		x->toplevel = NULL;
		nt++;
	}
	if (s->where_clause) {
		XType t = xf_expr(x, &s->where_clause, lv);
		(void)t;
	}
	sort_items(x, lv, s, s->group_clause, s->n_group_clause, true);
	if (s->having_clause)
		xf_expr(x, &s->having_clause, lv);
	for (size_t i = 0; i < s->n_window_clause; i++) {
		if (s->window_clause[i]->node_case != PG_QUERY__NODE__NODE_WINDOW_DEF)
			continue;
		PgQuery__WindowDef *wd = s->window_clause[i]->window_def;
		for (size_t k = 0; k < wd->n_partition_clause; k++)
			xf_expr(x, &wd->partition_clause[k], lv);
		for (size_t k = 0; k < wd->n_order_clause; k++)
			if (wd->order_clause[k]->node_case == PG_QUERY__NODE__NODE_SORT_BY)
				xf_expr(x, &wd->order_clause[k]->sort_by->node, lv);
	}
	sort_items(x, lv, s, s->sort_clause, s->n_sort_clause, false);
	sort_items(x, lv, s, s->distinct_clause, s->n_distinct_clause, false);
	if (s->limit_count)
		xf_expr(x, &s->limit_count, lv);
	if (s->limit_offset)
		xf_expr(x, &s->limit_offset, lv);
	if (star_left)
		return; /* the output columns are not known */
	XCol *cols = arena_array(&x->a, XCol, nt ? nt : 1);
	PgQuery__Node ***sl = arena_array(&x->a, PgQuery__Node **, nt ? nt : 1);
	size_t k = 0;
	for (size_t i = 0; i < nt; i++) {
		PgQuery__ResTarget *rt = targets[i].rt;
		if (resolve_unknowns && ty_is(targets[i].type.t, PGB_OID_UNKNOWN)) {
			coerce_slot(x, &rt->val, targets[i].type, ty_oid(PGB_OID_TEXT), CC_IMPLICIT, true);
			targets[i].type.t = ty_oid(PGB_OID_TEXT);
		}
		cols[k].name = arena_strdup(&x->a, rt->name);
		cols[k].type = targets[i].type;
		sl[k] = &rt->val;
		k++;
	}
	/* the names the deparser prints: none for a column that has its own name, none for "?column?" in a
	 * sub-link */
	for (size_t i = 0; i < nt; i++) {
		PgQuery__ResTarget *rt = targets[i].rt;
		if (!rt->name)
			continue;
		const char *own = NULL;
		if (rt->val->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && rt->val->column_ref->n_fields)
			own = str_of(rt->val->column_ref->fields[rt->val->column_ref->n_fields - 1]);
		if ((own && !strcmp(own, rt->name)) ||
		    (!own && lv->names_hidden && !strcmp(rt->name, "?column?"))) {
			if (rt->name != (char *)protobuf_c_empty_string)
				free(rt->name);
			rt->name = (char *)protobuf_c_empty_string;
		}
	}
	*out = cols;
	*nout = k;
	if (slots)
		*slots = sl;
}

/* A set operation: its leaves analysed as children of TOP; the output column types are the common types
 * of the two sides at each node, and unknown literals of a leaf are coerced to them. LEAVES collects the
 * leaf SELECTs (for the view's column names). */
typedef struct SetopCols {
	XCol *cols;
	size_t n;
	PgQuery__Node ***slots; /* a leaf's output slots, NULL for an inner node */
	bool ok;
} SetopCols;

static SetopCols setop_tree(Xs *x, PgQuery__SelectStmt *s, XLevel *top, PgQuery__SelectStmt ***leaves,
                            size_t *nleaves, size_t *capleaves)
{
	SetopCols r = {0};
	if (s->op == PG_QUERY__SET_OPERATION__SETOP_NONE) {
		if (*nleaves == *capleaves) {
			size_t c = *capleaves ? *capleaves * 2 : 4;
			PgQuery__SelectStmt **a = arena_array(&x->a, PgQuery__SelectStmt *, c);
			if (*nleaves)
				memcpy(a, *leaves, *nleaves * sizeof(*a));
			*leaves = a;
			*capleaves = c;
		}
		(*leaves)[(*nleaves)++] = s;
		XLevel *lv = level_new(x, top);
		lv->qualify = true;
		lv->query = true;
		lv->names_hidden = top->names_hidden;
		select_simple(x, s, lv, false, &r.cols, &r.n, &r.slots);
		r.ok = r.cols != NULL;
		return r;
	}
	if (!s->larg || !s->rarg)
		return r;
	SetopCols l = setop_tree(x, s->larg, top, leaves, nleaves, capleaves);
	if (s == x->rec_query && l.ok)
		cte_set_columns(x, x->rec_cte, x->rec_def, l.cols, l.n);
	SetopCols rr = setop_tree(x, s->rarg, top, leaves, nleaves, capleaves);
	if (!l.ok || !rr.ok || l.n != rr.n)
		return r;
	const char *ctx = s->op == PG_QUERY__SET_OPERATION__SETOP_UNION       ? "UNION"
	                  : s->op == PG_QUERY__SET_OPERATION__SETOP_INTERSECT ? "INTERSECT"
	                                                                      : "EXCEPT";
	r.cols = arena_array(&x->a, XCol, l.n ? l.n : 1);
	r.n = l.n;
	r.ok = true;
	for (size_t i = 0; i < l.n; i++) {
		const TypeInfo *pair[2] = {l.cols[i].type.t, rr.cols[i].type.t};
		r.cols[i].name = l.cols[i].name;
		r.cols[i].type.typmod = -1;
		if (pair[0]->opaque || pair[1]->opaque) {
			r.cols[i].type.t = ty_opaque();
			continue;
		}
		const TypeInfo *conflict;
		const TypeInfo *t = select_common_type(x, 2, pair, &conflict);
		if (!t) {
			xs_error(x, "42804", "datatype-mismatch", -1, NULL,
			         "%s types %s and %s cannot be matched", ctx, ty_name(pair[0]),
			         ty_name(conflict));
			r.ok = false;
			return r;
		}
		r.cols[i].type.t = t;
		if (pair[0] == pair[1])
			r.cols[i].type.typmod =
			    l.cols[i].type.typmod == rr.cols[i].type.typmod ? l.cols[i].type.typmod : -1;
		/* a leaf's unknown literal takes the column's type */
		if (ty_is(pair[0], PGB_OID_UNKNOWN) && l.slots)
			coerce_slot(x, l.slots[i], l.cols[i].type, t, CC_IMPLICIT, true);
		if (ty_is(pair[1], PGB_OID_UNKNOWN) && rr.slots)
			coerce_slot(x, rr.slots[i], rr.cols[i].type, t, CC_IMPLICIT, true);
	}
	return r;
}

/* Analyse the SELECT S as a query level below UP (a sub-query, a CTE, a view when UP is NULL). */
static void select_at(Xs *x, PgQuery__SelectStmt *s, XLevel *up, XCol **out, size_t *nout, bool top_view,
                      const char *const *vcols, size_t nvcols, bool names_hidden)
{
	*out = NULL;
	*nout = 0;
	if (x->failed)
		return;
	if (++x->depth > 200) {
		x->depth--;
		return;
	}
	XLevel *top = level_new(x, up);
	top->qualify = true;
	top->query = true;
	top->names_hidden = names_hidden;
	if (top_view) {
		static const char *const oldnew[] = {"old", "new"};
		top->preload = (const char **)oldnew;
		top->npreload = 2;
	}
	if (s->op == PG_QUERY__SET_OPERATION__SETOP_NONE) {
		select_simple(x, s, top, true, out, nout, NULL);
	} else {
		with_clause(x, top, s->with_clause); /* visible to every leaf */
		PgQuery__SelectStmt **leaves = NULL;
		size_t nleaves = 0, capleaves = 0;
		SetopCols r = setop_tree(x, s, top, &leaves, &nleaves, &capleaves);
		if (r.ok) {
			*out = r.cols;
			*nout = r.n;
			/* the view's leaves print the view's column names (resultDesc) */
			if (top_view)
				for (size_t li = 0; li < nleaves; li++) {
					PgQuery__SelectStmt *leaf = leaves[li];
					for (size_t i = 0, k = 0; i < leaf->n_target_list && k < r.n; i++) {
						if (leaf->target_list[i]->node_case !=
						    PG_QUERY__NODE__NODE_RES_TARGET)
							continue;
						const char *name =
						    k < nvcols && vcols[k] ? vcols[k] : r.cols[k].name;
						set_str(&leaf->target_list[i]->res_target->name, name);
						k++;
					}
				}
			/* ORDER BY of a set operation: output columns, printed by number */
			for (size_t i = 0; i < s->n_sort_clause; i++) {
				if (s->sort_clause[i]->node_case != PG_QUERY__NODE__NODE_SORT_BY)
					continue;
				PgQuery__Node **slot = &s->sort_clause[i]->sort_by->node;
				if ((*slot)->node_case != PG_QUERY__NODE__NODE_COLUMN_REF ||
				    (*slot)->column_ref->n_fields != 1)
					continue;
				const char *name = str_of((*slot)->column_ref->fields[0]);
				for (size_t c = 0; name && c < r.n; c++)
					if (r.cols[c].name && !strcmp(r.cols[c].name, name)) {
						PgQuery__AConst *k = xmalloc(sizeof(*k));
						pg_query__a__const__init(k);
						k->val_case = PG_QUERY__A__CONST__VAL_IVAL;
						k->ival = xmalloc(sizeof(*k->ival));
						pg_query__integer__init(k->ival);
						k->ival->ival = (int32_t)(c + 1);
						k->location = -1;
						protobuf_c_message_free_unpacked(&(*slot)->base, NULL);
						*slot = xmalloc(sizeof(PgQuery__Node));
						pg_query__node__init(*slot);
						(*slot)->node_case = PG_QUERY__NODE__NODE_A_CONST;
						(*slot)->a_const = k;
						break;
					}
			}
		}
	}
	if (top_view && *out)
		for (size_t i = 0; i < nvcols && i < *nout; i++)
			if (vcols[i])
				(*out)[i].name = vcols[i];
	x->depth--;
}

static void select_in(Xs *x, PgQuery__SelectStmt *s, XLevel *up, XCol **out, size_t *nout)
{
	select_at(x, s, up, out, nout, false, NULL, 0, false);
}

void xf_select(Xs *x, PgQuery__SelectStmt *s, XLevel *up, XCol **out, size_t *nout, bool top_view,
               const char *const *cols, size_t ncols)
{
	select_at(x, s, up, out, nout, top_view, cols, ncols, false);
}

void xf_sublink_select(Xs *x, PgQuery__SelectStmt *s, XLevel *up, XCol **out, size_t *nout)
{
	select_at(x, s, up, out, nout, false, NULL, 0, true);
}

/* ---- naming (ruleutils' set_rtable_names) ---- */

typedef struct NameSet {
	const char **names;
	size_t n, cap;
} NameSet;

static bool ns_has(const NameSet *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], name))
			return true;
	return false;
}

static void ns_add(Xs *x, NameSet *s, const char *name)
{
	if (s->n == s->cap) {
		size_t c = s->cap ? s->cap * 2 : 8;
		const char **a = arena_array(&x->a, const char *, c);
		if (s->n)
			memcpy(a, s->names, s->n * sizeof(*a));
		s->names = a;
		s->cap = c;
	}
	s->names[s->n++] = name;
}

static void name_level(Xs *x, XLevel *lv, const NameSet *parent)
{
	NameSet s = {0};
	for (size_t i = 0; parent && i < parent->n; i++)
		ns_add(x, &s, parent->names[i]);
	for (size_t i = 0; i < lv->npreload; i++)
		ns_add(x, &s, lv->preload[i]);
	for (size_t i = 0; i < lv->nrtes; i++) {
		XRte *r = lv->rtes[i];
		if (!r->named || !r->eref) {
			r->refname = NULL;
			continue;
		}
		const char *name = r->eref;
		if (ns_has(&s, name)) {
			for (int k = 1;; k++) {
				char *cand = arena_sprintf(&x->a, "%s_%d", r->eref, k);
				if (!ns_has(&s, cand)) {
					name = cand;
					break;
				}
			}
		}
		r->refname = name;
		ns_add(x, &s, name);
	}
	for (size_t i = 0; i < lv->nchildren; i++)
		name_level(x, lv->children[i], &s);
}

static void set_alias(PgQuery__Alias **slot, PgQuery__Alias *existing, const char *name)
{
	if (existing) {
		set_str(&existing->aliasname, name);
		return;
	}
	PgQuery__Alias *a = xmalloc(sizeof(*a));
	pg_query__alias__init(a);
	a->aliasname = xstrdup(name);
	*slot = a;
}

static void apply_names(Xs *x, XLevel *lv)
{
	for (size_t i = 0; i < lv->nrtes; i++) {
		XRte *r = lv->rtes[i];
		if (!r->refname)
			continue;
		if (r->rv) {
			/* a relation prints its alias when the chosen name is not its own name */
			if (r->alias ? strcmp(r->alias->aliasname, r->refname)
			             : strcmp(r->rv->relname, r->refname))
				set_alias(&r->rv->alias, r->alias, r->refname);
		} else if (r->func && r->cols_known) {
			/* a function: always `refname(col, ...)` */
			if (!r->func->alias)
				set_alias(&r->func->alias, NULL, r->refname);
			PgQuery__Alias *al = r->func->alias;
			set_str(&al->aliasname, r->refname);
			for (size_t k = 0; k < al->n_colnames; k++)
				protobuf_c_message_free_unpacked(&al->colnames[k]->base, NULL);
			free(al->colnames);
			al->n_colnames = r->ncols;
			al->colnames = xmalloc((r->ncols ? r->ncols : 1) * sizeof(PgQuery__Node *));
			for (size_t k = 0; k < r->ncols; k++)
				al->colnames[k] = mk_strnode(r->cols[k].name);
		} else if (r->alias && r->alias->aliasname && strcmp(r->alias->aliasname, r->refname))
			set_str(&r->alias->aliasname, r->refname);
	}
	for (size_t i = 0; i < lv->nchildren; i++)
		apply_names(x, lv->children[i]);
}

void xs_name_levels(Xs *x, XLevel *lv)
{
	name_level(x, lv, NULL);
	apply_names(x, lv);
	for (size_t i = 0; i < x->nquals; i++) {
		XQual *q = &x->quals[i];
		PgQuery__ColumnRef *cr = q->cr;
		for (size_t k = 0; k < cr->n_fields; k++)
			protobuf_c_message_free_unpacked(&cr->fields[k]->base, NULL);
		free(cr->fields);
		bool qual = q->rte && q->rte->refname;
		cr->n_fields = qual ? 2 : 1;
		cr->fields = xmalloc(2 * sizeof(PgQuery__Node *));
		size_t k = 0;
		if (qual)
			cr->fields[k++] = mk_strnode(q->rte->refname);
		if (q->colname)
			cr->fields[k] = mk_strnode(q->colname);
		else if (qual) { /* a whole row: refname.* */
			PgQuery__AStar *st = xmalloc(sizeof(*st));
			pg_query__a__star__init(st);
			cr->fields[k] = mk_node();
			cr->fields[k]->node_case = PG_QUERY__NODE__NODE_A_STAR;
			cr->fields[k]->a_star = st;
		} else
			cr->fields[k] = mk_strnode(q->rte ? q->rte->eref : "?");
	}
	for (size_t i = 0; i < x->ncopies; i++) {
		protobuf_c_message_free_unpacked(&(*x->copies[i].dst)->base, NULL);
		*x->copies[i].dst = node_copy(x->copies[i].src);
	}
}
