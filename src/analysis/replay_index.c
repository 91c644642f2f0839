/* replay_index.c — CREATE INDEX with PostgreSQL's default index names (ChooseIndexName). */
#include "strata.h"
#include "analysis/replay_int.h"

/* FigureIndexColname: the name PostgreSQL derives for an index expression column. */
static const char *figure_colname(const PgQuery__Node *e)
{
	if (!e)
		return "expr";
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		const PgQuery__FuncCall *f = e->func_call;
		return f->n_funcname ? rp_str(f->funcname[f->n_funcname - 1]) : "expr";
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const char *n = figure_colname(e->type_cast->arg);
		if (strcmp(n, "expr"))
			return n;
		const PgQuery__TypeName *tn = e->type_cast->type_name;
		return tn && tn->n_names ? rp_str(tn->names[tn->n_names - 1]) : "expr";
	}
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		const PgQuery__ColumnRef *c = e->column_ref;
		const char *s = c->n_fields ? rp_str(c->fields[c->n_fields - 1]) : NULL;
		return s ? s : "expr";
	}
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return "coalesce";
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		return "case";
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return e->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
	default:
		return "expr";
	}
}

void rp_create_index(ReplayState *st, PgQuery__IndexStmt *is, CatConstraint *for_con)
{
	(void)for_con;
	CatObject *rel = rp_range_relation(st, is->relation, false, NULL);
	if (!rel)
		return;
	if (rel->kind != OBJ_TABLE && rel->kind != OBJ_MATVIEW) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", is->relation->location, "\"%s\" is not a table or materialized view",
			rel->name);
		return;
	}
	CatTable *t = rel->kind == OBJ_TABLE ? (CatTable *)rel : NULL;
	size_t nk = is->n_index_params, ni = is->n_index_including_params;
	CatIndexElem *keys = arena_array(&st->cat->arena, CatIndexElem, nk ? nk : 1);
	const char **names = arena_array(&st->cat->arena, const char *, nk + ni + 1);
	for (size_t i = 0; i < nk; i++) {
		PgQuery__Node *n = is->index_params[i];
		if (n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
			continue;
		PgQuery__IndexElem *el = n->index_elem;
		CatIndexElem *k = &keys[i];
		if (el->name) {
			k->column = arena_strdup(&st->cat->arena, el->name);
			if (t && !table_find_column(t, el->name)) {
				rp_diag(st, SEV_ERROR, "undefined-column", is->relation->location, "column \"%s\" does not exist",
					el->name);
				return;
			}
			names[i] = k->column;
		} else {
			k->expr = rp_rel_expr(st, is->relation ? is->relation->relname : NULL, el->expr);
			names[i] = el->indexcolname ? el->indexcolname : figure_colname(el->expr);
		}
		if (el->n_collation)
			k->collation = arena_strdup(&st->cat->arena, rp_str(el->collation[el->n_collation - 1]));
		if (el->n_opclass) {
			const char *s = el->n_opclass == 2 ? rp_str(el->opclass[0]) : NULL;
			const char *nm = rp_str(el->opclass[el->n_opclass - 1]);
			k->opclass = s && strcmp(s, "pg_catalog") ? arena_sprintf(&st->cat->arena, "%s.%s", s, nm)
								   : arena_strdup(&st->cat->arena, nm);
		}
		k->desc = el->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
		if (el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
			k->nulls = k->desc ? NULLS_DEFAULT : NULLS_FIRST;
		else if (el->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
			k->nulls = k->desc ? NULLS_LAST : NULLS_DEFAULT;
	}
	const char **incl = arena_array(&st->cat->arena, const char *, ni ? ni : 1);
	for (size_t i = 0; i < ni; i++) {
		PgQuery__Node *n = is->index_including_params[i];
		const char *c = n->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM ? n->index_elem->name : NULL;
		incl[i] = arena_strdup(&st->cat->arena, c ? c : "?");
		names[nk + i] = incl[i];
		if (t && c && !table_find_column(t, c)) {
			rp_diag(st, SEV_ERROR, "undefined-column", is->relation->location, "column \"%s\" does not exist", c);
			return;
		}
	}
	const char *name = is->idxname;
	if (name) {
		if (catalog_find_relation(st->cat, rel->schema, name)) {
			if (!is->if_not_exists)
				rp_diag(st, SEV_ERROR, "duplicate-object", -1, "relation \"%s\" already exists", name);
			return;
		}
	} else {
		StrBuf sb = STRBUF_INIT;
		for (size_t i = 0; i < nk + ni; i++) {
			if (i)
				sb_putc(&sb, '_');
			sb_append(&sb, names[i] ? names[i] : "expr");
			if (sb.len >= NAMEDATALEN)
				break;
		}
		char *add = xstrndup(sb_str(&sb), sb.len >= NAMEDATALEN ? NAMEDATALEN - 1 : sb.len);
		sb_release(&sb);
		name = rp_choose_relname(st, rel->name, add, is->primary ? "pkey" : is->isconstraint ? "key" : "idx",
					 rel->schema);
		if (is->primary)
			name = rp_choose_relname(st, rel->name, NULL, "pkey", rel->schema);
		free(add);
	}
	CatLoc l = rp_loc(st, -1);
	CatIndex *ix = (CatIndex *)catalog_add(st->cat, OBJ_INDEX, rel->schema, name, rel, &l);
	ix->unique = is->unique;
	ix->nulls_not_distinct = is->nulls_not_distinct;
	ix->method = arena_strdup(&st->cat->arena, is->access_method ? is->access_method : "btree");
	ix->keys = keys;
	ix->nkeys = nk;
	ix->include = incl;
	ix->ninclude = ni;
	if (is->where_clause)
		ix->predicate = rp_rel_expr(st, rel->name, is->where_clause);
	for (size_t i = 0; i < nk; i++)
		if (keys[i].expr)
			rp_expr_deps(st, &ix->h, NULL, is->index_params[i]->index_elem->expr);
}
