/* replay_statistics.c — extended statistics objects as PostgreSQL's CreateStatistics (commands/statscmds.c)
 * makes them: a name in its schema's pg_statistic_ext namespace, columns of one table that must exist, an
 * automatic dependency on each column (a DROP COLUMN or DROP TABLE takes the object along), and ALTER
 * STATISTICS / DROP STATISTICS on them. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "sql/walk.h"

CatStatistics *rp_find_statistics(ReplayState *st, PgQuery__Node **names, size_t n)
{
	const char *schema, *name;
	rp_qualname(names, n, &schema, &name);
	if (!name)
		return NULL;
	const char *ps[32];
	size_t np = rp_lookup_schemas(st, schema, true, ps, 32);
	for (size_t i = 0; i < np; i++) {
		CatObject *o =
		    catalog_find(st->cat, OBJ_STATISTICS, cat_ident_qualified(st->cat, ps[i], name));
		if (o && !o->dropped)
			return (CatStatistics *)o;
	}
	return NULL;
}

void rp_statistics_missing(ReplayState *st, PgQuery__Node **names, size_t n, int off)
{
	const char *schema, *name;
	rp_qualname(names, n, &schema, &name);
	if (!name || rp_any_extension(st) || (schema && rp_is_system_name(schema, NULL)))
		return;
	rp_missing(st, "undefined-object", off, "stx", name, "statistics object \"%s%s%s\" does not exist",
	           schema ? schema : "", schema ? "." : "", name);
}

typedef struct ColWalk {
	PtrList *cols;
	Arena *a;
} ColWalk;

static void col_ref(void *ud, const PgQuery__Node *n)
{
	ColWalk *w = ud;
	if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
		return;
	const PgQuery__ColumnRef *cr = n->column_ref;
	const char *nm = cr->n_fields ? rp_str(cr->fields[cr->n_fields - 1]) : NULL;
	if (nm)
		ptrlist_push(w->a, w->cols, (void *)nm);
}

/* Column references of E (the last name of each: the table's columns) into COLS. */
static void expr_columns(PgQuery__Node *e, PtrList *cols, Arena *a)
{
	ColWalk w = {cols, a};
	sql_walk_nodes(e, col_ref, &w);
}

void rp_create_statistics(ReplayState *st, PgQuery__CreateStatsStmt *cs)
{
	Arena *a = &st->cat->arena;
	if (cs->n_relations != 1 || cs->relations[0]->node_case != PG_QUERY__NODE__NODE_RANGE_VAR) {
		rp_error_state(st, "feature-not-supported", "0A000", -1,
		               "only a single relation is allowed in CREATE STATISTICS");
		return;
	}
	const PgQuery__RangeVar *rv = cs->relations[0]->range_var;
	CatObject *rel = rp_find_relation(st, rv->schemaname, rv->relname);
	if (!rel) {
		CatType *ty = rp_find_type(st, rv->schemaname, rv->relname);
		if (ty && ty->type_kind == TYPE_COMPOSITE) {
			Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", -1,
			                  "cannot define statistics for relation \"%s\"", rv->relname);
			if (d)
				diag_set_detail(d, "This operation is not supported for composite types.");
			return;
		}
		(void)rp_range_relation(st, rv, false,
		                        NULL); /* "relation ... does not exist" (or not known) */
		return;
	}
	if (rel->kind != OBJ_TABLE && rel->kind != OBJ_MATVIEW) {
		Diag *d = rp_diag(st, SEV_ERROR, "wrong-object-type", -1,
		                  "cannot define statistics for relation \"%s\"", rel->name);
		if (d)
			diag_set_detail(d, "This operation is not supported for %s.",
			                rel->kind == OBJ_VIEW       ? "views"
			                : rel->kind == OBJ_INDEX    ? "indexes"
			                : rel->kind == OBJ_SEQUENCE ? "sequences"
			                                            : "this kind of relation");
		return;
	}
	const char *schema = NULL, *name = NULL;
	if (cs->n_defnames) {
		rp_qualname(cs->defnames, cs->n_defnames, &schema, &name);
		schema = rp_creation_schema(st, schema, -1);
		if (!schema || !name)
			return;
	} else
		return; /* (a name the grammar always gives) */
	if (catalog_find(st->cat, OBJ_STATISTICS, cat_ident_qualified(st->cat, schema, name))) {
		if (!cs->if_not_exists)
			rp_error_state(st, "duplicate-object", "42710", -1,
			               "statistics object \"%s\" already exists", name);
		return;
	}
	if (cs->n_exprs > 8) {
		rp_error_state(st, "too-many-columns", "54011", -1,
		               "cannot have more than 8 columns in statistics");
		return;
	}
	CatTable *t = rel->kind == OBJ_TABLE ? (CatTable *)rel : NULL;
	PtrList cols = {0}, exprs = {0};
	for (size_t i = 0; i < cs->n_exprs; i++) {
		PgQuery__Node *en = cs->exprs[i];
		if (en->node_case != PG_QUERY__NODE__NODE_STATS_ELEM)
			return;
		const PgQuery__StatsElem *se = en->stats_elem;
		const char *col = se->name;
		PgQuery__Node *e = se->expr;
		if (!col && e && e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF &&
		    e->column_ref->n_fields == 1)
			col = rp_str(e->column_ref->fields[0]); /* (a) is the column a */
		if (col) {
			if (t && !table_find_column(t, col)) {
				static const char *const sys[] = {"ctid", "xmin", "cmin",
				                                  "xmax", "cmax", "tableoid"};
				for (size_t k = 0; k < ARRAY_LEN(sys); k++)
					if (!strcmp(col, sys[k])) {
						rp_error_state(
						    st, "feature-not-supported", "0A000", -1,
						    "statistics creation on system columns is not supported");
						return;
					}
				rp_error_state(st, "undefined-column", "42703", -1,
				               "column \"%s\" does not exist", col);
				return;
			}
			ptrlist_push(a, &cols, (void *)col);
		} else if (e)
			ptrlist_push(a, &exprs, e);
	}
	size_t nexprs = exprs.n;
	if (cs->n_exprs == 1 && nexprs == 1 && cs->n_stat_types) {
		rp_error_state(st, "syntax-error", "42601", -1,
		               "when building statistics on a single expression, statistics kinds may not be "
		               "specified");
		return;
	}
	bool kind_on[3] = {false, false, false};
	static const char *const kind_words[3] = {"ndistinct", "dependencies", "mcv"};
	for (size_t i = 0; i < cs->n_stat_types; i++) {
		const char *k = rp_str(cs->stat_types[i]);
		size_t j = 0;
		while (j < 3 && !(k && !strcmp(k, kind_words[j])))
			j++;
		if (j == 3) {
			rp_error_state(st, "syntax-error", "22023", -1, "unrecognized statistics kind \"%s\"",
			               k ? k : "?");
			return;
		}
		kind_on[j] = true;
	}
	if (cols.n + nexprs < 2 && nexprs != 1) {
		rp_error_state(st, "invalid-object-definition", "42P17", -1,
		               "extended statistics require at least 2 columns");
		return;
	}
	for (size_t i = 0; i < cols.n; i++)
		for (size_t j = i + 1; j < cols.n; j++)
			if (!strcmp(cols.items[i], cols.items[j])) {
				rp_error_state(st, "duplicate-column", "42701", -1,
				               "duplicate column name in statistics definition");
				return;
			}
	const char **etext = arena_array(a, const char *, nexprs + 1);
	for (size_t i = 0; i < nexprs; i++) {
		etext[i] = rp_expr(st, exprs.items[i]);
		for (size_t j = 0; j < i; j++)
			if (etext[i] && etext[j] && !strcmp(etext[i], etext[j])) {
				rp_error_state(st, "duplicate-column", "42701", -1,
				               "duplicate expression in statistics definition");
				return;
			}
	}
	/* the columns the expressions read must exist (they are its dependencies too) */
	PtrList ecols = {0};
	for (size_t i = 0; i < nexprs; i++)
		expr_columns(exprs.items[i], &ecols, a);
	for (size_t i = 0; t && i < ecols.n; i++)
		if (!table_find_column(t, ecols.items[i])) {
			rp_error_state(st, "undefined-column", "42703", -1, "column \"%s\" does not exist",
			               (const char *)ecols.items[i]);
			return;
		}
	CatLoc l = rp_loc(st, -1);
	CatStatistics *x = (CatStatistics *)catalog_add(st->cat, OBJ_STATISTICS, schema, name, NULL, &l);
	x->table = rel;
	x->target = -1;
	x->ncolumns = cols.n;
	x->columns = arena_array(a, const char *, cols.n + 1);
	for (size_t i = 0; i < cols.n; i++)
		x->columns[i] = arena_strdup(a, cols.items[i]);
	x->exprs = etext;
	x->nexprs = nexprs;
	bool any = cs->n_stat_types > 0;
	StrBuf sb = STRBUF_INIT;
	for (size_t j = 0; j < 3; j++)
		if (any ? kind_on[j] : cols.n + nexprs >= 2)
			sb_appendf(&sb, "%s%s", sb.len ? ", " : "", kind_words[j]);
	x->kinds = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	for (size_t i = 0; i < cols.n; i++)
		catalog_add_dep(st->cat, &x->h, rel, cols.items[i], DEP_AUTO);
	for (size_t i = 0; t && i < ecols.n; i++)
		catalog_add_dep(st->cat, &x->h, rel, ecols.items[i], DEP_AUTO);
	if (!cols.n)
		catalog_add_dep(st->cat, &x->h, rel, NULL, DEP_AUTO);
	CatSchema *sc = catalog_find_schema(st->cat, schema);
	if (sc)
		catalog_add_dep(st->cat, &x->h, &sc->h, NULL, DEP_NORMAL);
}

void rp_alter_statistics(ReplayState *st, PgQuery__AlterStatsStmt *as)
{
	CatStatistics *x = rp_find_statistics(st, as->defnames, as->n_defnames);
	if (!x) {
		if (!as->missing_ok)
			rp_statistics_missing(st, as->defnames, as->n_defnames, -1);
		return;
	}
	if (as->stxstattarget > 10000) {
		rp_error_state(st, "invalid-parameter-value", "22023", -1, "statistics target %d is too high",
		               as->stxstattarget);
		return;
	}
	x->target = as->stxstattarget < 0 ? -1 : as->stxstattarget;
}
