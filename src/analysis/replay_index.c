/* replay_index.c — CREATE INDEX with PostgreSQL's default index names (ChooseIndexName). */
#include "strata.h"
#include "analysis/replay_int.h"
#include "analysis/replay_foreign.h"
#include "analysis/replay_col.h"
#include "analysis/replay_atrules.h"

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
	case PG_QUERY__NODE__NODE_ROW_EXPR: /* FigureColnameInternal's ROW(...) and ARRAY[...] */
		return "row";
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		return "array";
	case PG_QUERY__NODE__NODE_CASE_EXPR: { /* the ELSE result's name when it has one */
		const char *n = e->case_expr->defresult ? figure_colname(e->case_expr->defresult) : "expr";
		return strcmp(n, "expr") ? n : "case";
	}
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return e->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "greatest" : "least";
	default:
		return "expr";
	}
}

const char *rp_index_expr_colname(ReplayState *st, const char *expr)
{
	const char *name = "expr";
	if (!expr)
		return name;
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(expr, true, &sel);
	if (tree && sel->n_target_list == 1 && sql_select_target(sel, 0))
		name = arena_strdup(&st->cat->arena, figure_colname(sql_select_target(sel, 0)));
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return name;
}

/* Offset of column NAME in the key list of IS (index elements carry no location), for the caret; the
 * statement's table when NAME is not found there. */
static int ident_off(ReplayState *st, const PgQuery__IndexStmt *is, const char *name)
{
	int off = is->relation ? is->relation->location : -1;
	if (!st->text || off < 0)
		return off;
	size_t from = (size_t)off;
	while (st->text[from] && st->text[from] != '(' && st->text[from] != ';')
		from++; /* past the table name: the key list starts at the first parenthesis */
	size_t at = st->text[from] == '(' ? sql_find_ident(st->text, from, name) : from;
	return at == from ? off : (int)at;
}

void rp_create_index(ReplayState *st, PgQuery__IndexStmt *is, CatConstraint *for_con)
{
	(void)for_con;
	CatObject *rel = rp_range_relation(st, is->relation, false, NULL);
	if (!rel) {
		(void)rp_foreign_index_ok(st, is);
		return;
	}
	if (rel->kind != OBJ_TABLE && rel->kind != OBJ_MATVIEW) {
		rp_diag(st, SEV_ERROR, "wrong-object-type", is->relation->location,
		        "\"%s\" is not a table or materialized view", rel->name);
		return;
	}
	if (!rp_index_system_column_rules(st, is))
		return;
	if (!rp_check_reloptions(st, rp_index_reloptkind(is->access_method), is->options, is->n_options,
	                         false, false, is->relation->location))
		return;
	if (!rp_index_am_capable(st, is))
		return;
	CatTable *t = rel->kind == OBJ_TABLE ? (CatTable *)rel : NULL;
	if (!rp_tablespace_ok(st, is->table_space, t && t->relkind == REL_PARTITIONED,
	                      is->relation->location))
		return;
	if (t && t->relkind == REL_PARTITIONED && is->concurrent) { /* DefineIndex */
		Diag *d = rp_diag(st, SEV_ERROR, "feature-not-supported", is->relation->location,
		                  "cannot create index on partitioned table \"%s\" concurrently", t->h.name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
		return;
	}
	size_t nk = is->n_index_params, ni = is->n_index_including_params;
	CatIndexElem *keys = arena_array(&st->cat->arena, CatIndexElem, nk ? nk : 1);
	const char **names = arena_array(&st->cat->arena, const char *, nk + ni + 1);
	for (size_t i = 0; i < nk; i++) {
		PgQuery__Node *n = is->index_params[i];
		if (n->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
			continue;
		PgQuery__IndexElem *el = n->index_elem;
		CatIndexElem *k = &keys[i];
		/* ((expr) COLLATE x) is a key with a collation, as PostgreSQL's transformIndexStmt makes it;
		 * when the expression left is a bare column, the key is that column */
		const char *el_name = el->name;
		const PgQuery__Node *el_expr = el->expr;
		const char *coll = el->n_collation ? rp_str(el->collation[el->n_collation - 1]) : NULL;
		if (!el_name && el_expr && el_expr->node_case == PG_QUERY__NODE__NODE_COLLATE_CLAUSE) {
			const PgQuery__CollateClause *cc = el_expr->collate_clause;
			if (!coll && cc->n_collname)
				coll = rp_str(cc->collname[cc->n_collname - 1]);
			el_expr = cc->arg;
			if (el_expr && el_expr->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
			    el_expr->column_ref->n_fields == 1)
				el_name = rp_str(el_expr->column_ref->fields[0]);
		}
		PgQuery__Node *analysed = NULL;
		char *etype = NULL; /* an expression key's type */
		if (!el_name && el_expr) {
			/* an expression PostgreSQL's analysis reduces to a bare column (a cast to the type it
			 * already has, `date(d)` of a date) makes a column key, as ComputeIndexAttrs does */
			analysed = rp_analyze_typed(st, EXPRK_INDEX_EXPR, el_expr, rel, &etype);
			if (analysed && analysed->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
			    analysed->column_ref->n_fields == 1 && rp_str(analysed->column_ref->fields[0]))
				el_name =
				    arena_strdup(&st->cat->arena, rp_str(analysed->column_ref->fields[0]));
		}
		if (el_name) {
			k->column = arena_strdup(&st->cat->arena, el_name);
			const CatColumn *kc = t ? table_find_column(t, el_name) : NULL;
			if (t && !kc) {
				rp_diag(st, SEV_ERROR, "undefined-column", ident_off(st, is, el_name),
				        "column \"%s\" does not exist", el_name);
				expr_tree_free(analysed);
				free(etype);
				return;
			}
			names[i] = k->column;
			/* a column key's collation is recorded only when it differs from the column's (as
			 * introspected) */
			if (coll && kc && kc->collation && !strcmp(kc->collation, coll))
				coll = NULL;
		} else {
			k->expr = expr_normalize_rel(&st->cat->arena, analysed ? analysed : el_expr, NULL,
			                             analysed ? NULL : rel->name);
			k->expr_src = analysed ? expr_deparse(&st->cat->arena, analysed) : NULL;
			names[i] = el->indexcolname ? el->indexcolname : figure_colname(el_expr);
		}
		expr_tree_free(analysed);
		if (coll)
			k->collation = arena_strdup(&st->cat->arena, coll);
		/* the operator class (ResolveOpClass): a default one is not printed by the server */
		const CatColumn *kcol = el_name && t ? table_find_column(t, el_name) : NULL;
		const char *ktype = el_name ? (kcol ? kcol->type : NULL) : etype;
		/* ComputeIndexAttrs: a collation needs a collatable key; index_create: no pseudo-type key */
		if ((coll && !rp_check_collatable(st, ktype, is->relation->location)) ||
		    (!el_name && !rp_check_column_type(st, names[i], ktype, is->relation->location))) {
			free(etype);
			return;
		}
		const char *s = el->n_opclass == 2 ? rp_str(el->opclass[0]) : NULL;
		const char *nm = el->n_opclass ? rp_str(el->opclass[el->n_opclass - 1]) : NULL;
		if (nm && !s)
			s = rp_extension_object_schema(st, nm, true);
		bool is_default = false;
		if (!s || !strcmp(s, "pg_catalog")) {
			ExprEnv env;
			const char *path[32];
			rp_expr_env(st, &env, path);
			ExprError err;
			const char *am = is->access_method ? is->access_method : "btree";
			int r = expr_key_opclass(&env, am, ktype, nm, &is_default, &err);
			if (r < 0) {
				err.location = el_name ? ident_off(st, is, el_name) : is->relation->location;
				rp_expr_error(st, &err);
				expr_error_clear(&err);
				free(etype);
				return;
			}
			expr_error_clear(&err);
			/* a built-in class's parameters (a class of the same name made by the history is not
			 * the model's to judge) */
			char *uk = nm ? xasprintf("c:%s", nm) : NULL;
			bool user_class = uk && hmap_has(&st->unmodelled, uk);
			free(uk);
			if (r == 1 && nm && !user_class &&
			    !rp_check_opclass_options(st, am, nm, el->opclassopts, el->n_opclassopts,
			                              is->relation->location)) {
				free(etype);
				return;
			}
		}
		free(etype);
		if (nm && !is_default)
			k->opclass = s && strcmp(s, "pg_catalog")
			                 ? arena_sprintf(&st->cat->arena, "%s.%s", s, nm)
			                 : arena_strdup(&st->cat->arena, nm);
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
			rp_diag(st, SEV_ERROR, "undefined-column", ident_off(st, is, c),
			        "column \"%s\" does not exist", c);
			return;
		}
	}
	if (t && (is->unique || is->primary)) {
		const char **kcols = arena_array(&st->cat->arena, const char *, nk ? nk : 1);
		for (size_t i = 0; i < nk; i++)
			kcols[i] = keys[i].column;
		if (!rp_partition_check_unique(st, t, kcols, nk, is->primary ? "PRIMARY KEY" : "UNIQUE",
		                               is->relation->location) ||
		    !rp_foreign_unique_ok(st, t, is->relation->location))
			return;
	}
	const char *name = is->idxname;
	if (name) {
		const CatObject *old = catalog_find_relation(st->cat, rel->schema, name);
		if (old) {
			if (!is->if_not_exists)
				rp_relation_exists(st, old, -1, name);
			return;
		}
	} else {
		rp_index_colnames(st, names, nk + ni);
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
		name = rp_choose_relname(st, rel->name, add,
		                         is->primary        ? "pkey"
		                         : is->isconstraint ? "key"
		                                            : "idx",
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
		ix->predicate = rp_expr_src_of(st, EXPRK_INDEX_PRED, is->where_clause, rel, NULL, NULL,
		                               &ix->predicate_src);
	/* pg_depend: automatic on the columns it covers (keys, INCLUDE, those its expressions and predicate
	 * use), normal on functions and types in the expressions */
	for (size_t i = 0; i < nk; i++) {
		if (keys[i].column)
			catalog_add_dep(st->cat, &ix->h, rel, keys[i].column, DEP_AUTO);
		else if (keys[i].expr)
			rp_expr_deps_self(st, &ix->h, NULL, t, DEP_AUTO,
			                  is->index_params[i]->index_elem->expr);
	}
	for (size_t i = 0; i < ni; i++)
		catalog_add_dep(st->cat, &ix->h, rel, incl[i], DEP_AUTO);
	if (is->where_clause)
		rp_expr_deps_self(st, &ix->h, NULL, t, DEP_AUTO, is->where_clause);
	/* an index on a partitioned table is made on each partition too (unless ONLY) */
	if (t && t->relkind == REL_PARTITIONED && is->relation->inh) {
		PtrList kids = {0};
		rp_children_of(st, t, &kids);
		for (size_t i = 0; i < kids.n; i++)
			if (((CatTable *)kids.items[i])->partition_of == t)
				rp_index_to_partition(st, ix, t, kids.items[i], -1);
	}
}
