/* replay_retype.c — what ALTER COLUMN TYPE does to stored expressions (tablecmds.c ATPrepAlterColumnType,
 * ATExecAlterColumnType, ATPostAlterTypeParse): the old values must convert to the new type, the column's
 * default or generation expression is coerced to it again, and every CHECK constraint and index that uses the
 * column is re-created from its printed definition, parsed and analysed anew (`n::bigint > 0` becomes
 * `n > 0` once n is a bigint; an operator that no longer exists is an error). The printed definitions are the
 * catalog's *_src texts (what pg_get_expr prints); a text without one falls back to its normalized form. */
#include "strata.h"
#include "analysis/replay_int.h"
#include "catalog/normalize.h"
#include "sql/walk.h"

#include <pg_query.h>

typedef struct UsesCol {
	const char *col;
	const char *const *qual;
	size_t nqual;
	bool found;
} UsesCol;

static void uses_col_cb(void *ud, const PgQuery__Node *n)
{
	UsesCol *u = ud;
	if (n->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || !n->column_ref->n_fields)
		return;
	size_t nf = n->column_ref->n_fields;
	const char *last = rp_str(n->column_ref->fields[nf - 1]);
	if (!last || strcmp(last, u->col))
		return;
	if (!u->qual || nf == 1) {
		u->found = true;
		return;
	}
	const char *q = rp_str(n->column_ref->fields[nf - 2]);
	for (size_t i = 0; q && i < u->nqual; i++)
		if (u->qual[i] && !strcmp(q, u->qual[i]))
			u->found = true;
}

bool rp_text_uses_column(const char *text, const char *col, const char *const *qual, size_t nqual)
{
	if (!text || !strstr(text, col))
		return false;
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(text, true, &sel);
	UsesCol u = {col, qual, nqual, false};
	if (tree)
		sql_walk_nodes(tree->stmts[0]->stmt, uses_col_cb, &u);
	else
		u.found = true; /* does not parse: assume it does */
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return u.found;
}

typedef struct PartKeyUse {
	const char *col;
	bool found;
} PartKeyUse;

static void partkey_cb(void *ud, const PgQuery__Node *n)
{
	PartKeyUse *u = ud;
	if (n->node_case == PG_QUERY__NODE__NODE_PARTITION_ELEM && n->partition_elem->name &&
	    !strcmp(n->partition_elem->name, u->col))
		u->found = true;
	else if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && n->column_ref->n_fields) {
		const char *last = rp_str(n->column_ref->fields[n->column_ref->n_fields - 1]);
		if (last && !strcmp(last, u->col))
			u->found = true;
	}
}

bool rp_partkey_uses_column(const CatTable *t, const char *col)
{
	if (!t->partition_key || !strstr(t->partition_key, col))
		return false;
	char *sql = xasprintf("CREATE TABLE x () PARTITION BY %s", t->partition_key);
	PgQuery__ParseResult *tree = sql_parse_owned(sql);
	free(sql);
	PartKeyUse u = {col, false};
	if (tree && tree->n_stmts == 1 && tree->stmts[0]->stmt)
		sql_walk_nodes(tree->stmts[0]->stmt, partkey_cb, &u);
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return u.found;
}

/* Does expression TEXT (of the table that owns it, seeing only its columns) refer to column COL? */
static bool text_uses_column(const char *text, const char *col)
{
	return rp_text_uses_column(text, col, NULL, 0);
}

/* Report ERR (filled) as the statement's error at OFF. */
static void report(ReplayState *st, ExprError *err, int off)
{
	err->location = off;
	rp_expr_error(st, err);
	expr_error_clear(err);
}

bool rp_retype_prepare(ReplayState *st, CatTable *t, CatColumn *c, const char *newtype,
                       const PgQuery__Node *using_expr, int off)
{
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	char *from = NULL;
	if (using_expr && c->generated) {
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-column-definition", off,
		                  "cannot specify USING when altering type of generated column");
		if (d) {
			diag_set_detail(d, "Column \"%s\" is a generated column.", c->name);
			snprintf(d->sqlstate, sizeof d->sqlstate, "42611");
		}
		return false;
	}
	if (using_expr) {
		ExprError err;
		PgQuery__Node *a =
		    expr_analyze_typed(&env, EXPRK_TRANSFORM, using_expr, &t->h, NULL, &from, &err);
		if (!a) {
			free(from);
			if (err.set) {
				rp_expr_error(st, &err);
				expr_error_clear(&err);
				return false;
			}
			return true;
		}
		expr_tree_free(a);
	}
	char *to_name = NULL;
	int ok = expr_assignable(&env, using_expr ? from : c->type, newtype, &to_name);
	bool r = true;
	if (ok == 0) {
		Diag *d;
		if (using_expr) {
			d = rp_diag(st, SEV_ERROR, "datatype-mismatch", off,
			            "result of USING clause for column \"%s\" cannot be cast automatically "
			            "to type %s",
			            c->name, to_name);
			if (d)
				diag_set_hint(d, "You might need to add an explicit cast.");
		} else {
			d = rp_diag(st, SEV_ERROR, "datatype-mismatch", off,
			            "column \"%s\" cannot be cast automatically to type %s", c->name,
			            to_name);
			if (d && !c->generated) {
				StrBuf q = STRBUF_INIT;
				cat_quote_ident(&q, c->name);
				diag_set_hint(d, "You might need to specify \"USING %s::%s\".", sb_str(&q),
				              newtype);
				sb_release(&q);
			}
		}
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42804");
		r = false;
	}
	free(from);
	free(to_name);
	return r;
}

/* C's default or generation expression (GENERATED) coerced to its new type: the printed expression, analysed
 * again, must be assignable to it. */
static bool retype_default(ReplayState *st, const ExprEnv *env, CatTable *t, CatColumn *c, bool generated,
                           const char *oldtype, int off)
{
	const char **norm = generated ? &c->generated : &c->default_expr;
	const char **src = generated ? &c->generated_src : &c->default_src;
	const char *text = *src ? *src : *norm;
	if (!text || !strcmp(text, "?"))
		return true;
	ExprError err;
	char *type = NULL;
	PgQuery__Node *a =
	    expr_reanalyze(env, generated ? EXPRK_GENERATED : EXPRK_DEFAULT, text, &t->h, &type, &err);
	if (!a) {
		free(type);
		if (err.set) {
			report(st, &err, off);
			return false;
		}
		return true;
	}
	char *to_name = NULL;
	int ok = type ? expr_assignable(env, type, c->type, &to_name) : -1;
	bool r = true;
	if (ok == 0) {
		Diag *d = rp_diag(
		    st, SEV_ERROR, "datatype-mismatch", off,
		    generated ? "generation expression for column \"%s\" cannot be cast automatically "
		                "to type %s"
		              : "default for column \"%s\" cannot be cast automatically to type %s",
		    c->name, to_name);
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42804");
		r = false;
	} else {
		/* the stored expression is the old one under an implicit coercion to the new type, which
		 * pg_get_expr does not print: the printed text stays; normalized for the new type as the
		 * introspection side normalizes what the server prints */
		if (type && !strcmp(type, "unknown") && oldtype && !generated) {
			/* a bare literal was stored as a constant of the old type (printed with its cast) */
			char *typed = xasprintf("CAST(%s AS %s)", text, oldtype);
			*norm = expr_normalize_sql(&st->cat->arena, typed, c->type);
			/* and run again (a dump, a generated migration) it must stay that constant: a
			 * timestamp default of a timestamptz column is converted at each insert, in its
			 * session's zone */
			*src = arena_strdup(&st->cat->arena, typed);
			free(typed);
		} else
			*norm = expr_normalize_sql(&st->cat->arena, text, generated ? NULL : c->type);
	}
	free(type);
	free(to_name);
	expr_tree_free(a);
	return r;
}

/* CHECK constraint K of T re-created from its printed definition. */
static bool retype_check(ReplayState *st, const ExprEnv *env, CatTable *t, CatConstraint *k, int off)
{
	ExprError err;
	PgQuery__Node *a =
	    expr_reanalyze(env, EXPRK_CHECK, k->check_src ? k->check_src : k->check_expr, &t->h, NULL, &err);
	if (!a) {
		if (err.set) {
			report(st, &err, off);
			return false;
		}
		return true;
	}
	k->check_expr = expr_normalize_rel(&st->cat->arena, a, NULL, NULL);
	k->check_src = expr_deparse(&st->cat->arena, a);
	expr_tree_free(a);
	return true;
}

/* Index IX of T re-created from pg_get_indexdef's text: expression keys and the predicate analysed anew (a
 * key that is then the bare column is a column key, as ComputeIndexAttrs makes it), every key's operator
 * class resolved again for its type (the default one for the new type when none was printed). */
static bool retype_index(ReplayState *st, const ExprEnv *env, CatTable *t, CatIndex *ix, int off)
{
	const char *am = ix->method ? ix->method : "btree";
	for (size_t i = 0; i < ix->nkeys; i++) {
		CatIndexElem *k = &ix->keys[i];
		char *type = NULL;
		if (k->expr) {
			ExprError err;
			PgQuery__Node *a = expr_reanalyze(
			    env, EXPRK_INDEX_EXPR, k->expr_src ? k->expr_src : k->expr, &t->h, &type, &err);
			if (!a) {
				free(type);
				if (err.set) {
					report(st, &err, off);
					return false;
				}
				continue;
			}
			if (a->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && a->column_ref->n_fields == 1 &&
			    rp_str(a->column_ref->fields[0])) {
				k->column = arena_strdup(&st->cat->arena, rp_str(a->column_ref->fields[0]));
				k->expr = k->expr_src = NULL;
			} else {
				k->expr = expr_normalize_rel(&st->cat->arena, a, NULL, NULL);
				k->expr_src = expr_deparse(&st->cat->arena, a);
			}
			expr_tree_free(a);
		} else if (k->column) {
			const CatColumn *kc = table_find_column(t, k->column);
			type = kc ? xstrdup(kc->type) : NULL;
		}
		if (k->opclass && strchr(k->opclass, '.')) {
			free(type);
			continue; /* a class of an extension */
		}
		bool is_default = false;
		ExprError err;
		int r = expr_key_opclass(env, am, type, k->opclass, &is_default, &err);
		free(type);
		if (r < 0) {
			report(st, &err, off);
			return false;
		}
		expr_error_clear(&err);
		if (is_default)
			k->opclass = NULL;
	}
	if (ix->predicate) {
		ExprError err;
		PgQuery__Node *a =
		    expr_reanalyze(env, EXPRK_INDEX_PRED,
		                   ix->predicate_src ? ix->predicate_src : ix->predicate, &t->h, NULL, &err);
		if (!a && err.set) {
			report(st, &err, off);
			return false;
		}
		if (a) {
			ix->predicate = expr_normalize_rel(&st->cat->arena, a, NULL, NULL);
			ix->predicate_src = expr_deparse(&st->cat->arena, a);
			expr_tree_free(a);
		}
	}
	return true;
}

bool rp_index_uses_column(const CatIndex *ix, const char *col)
{
	for (size_t i = 0; i < ix->nkeys; i++) {
		const CatIndexElem *k = &ix->keys[i];
		if ((k->column && !strcmp(k->column, col)) ||
		    text_uses_column(k->expr_src ? k->expr_src : k->expr, col))
			return true;
	}
	for (size_t i = 0; i < ix->ninclude; i++)
		if (ix->include[i] && !strcmp(ix->include[i], col))
			return true;
	return text_uses_column(ix->predicate_src ? ix->predicate_src : ix->predicate, col);
}

/* The objects whose stored definitions ATExecAlterColumnType does not rebuild, found as it finds them, by
 * the dependencies on column C of T: a view, a trigger, a policy, a function body or another generated
 * column that uses C refuses the change (0A000: tablecmds.c does not rebuild them). False with PostgreSQL's
 * error reported. */
static bool retype_allowed(ReplayState *st, CatTable *t, CatColumn *c, int off)
{
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *r = t->h.rdeps.items[i];
		if (r->dropped)
			continue;
		for (size_t j = 0; j < r->ndeps; j++) {
			const CatDep *dp = &r->deps[j];
			if (dp->on != &t->h || !dp->column || strcmp(dp->column, c->name))
				continue;
			const char *what = NULL, *gen = NULL;
			if (r->kind == OBJ_VIEW || r->kind == OBJ_MATVIEW)
				what = "used by a view or rule";
			else if (r->kind == OBJ_FUNCTION)
				what = "used by a function or procedure";
			else if (r->kind == OBJ_TRIGGER)
				what = "used in a trigger definition";
			else if (r->kind == OBJ_POLICY)
				what = "used in a policy definition";
			else if (r == &t->h && dp->from_default && dp->from_column &&
			         strcmp(dp->from_column, c->name)) {
				const CatColumn *g = table_find_column(t, dp->from_column);
				if (g && g->generated) {
					what = "used by a generated column";
					gen = g->name;
				}
			}
			if (!what)
				continue;
			/* (0A000) a refusal by dependencies: "dependent-" like DROP's */
			Diag *d = rp_diag(st, SEV_ERROR, "dependent-column-type", off,
			                  "cannot alter type of a column %s", what);
			if (d)
				snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
			if (!d)
				return false;
			if (gen)
				diag_set_detail(d, "Column \"%s\" is used by generated column \"%s\".",
				                c->name, gen);
			else if (r->owner)
				diag_set_detail(d, "%s %s on %s %s depends on column \"%s\"",
				                obj_kind_name(r->kind), r->name,
				                obj_kind_name(r->owner->kind), r->owner->name, c->name);
			else
				diag_set_detail(
				    d, "%s%s %s depends on column \"%s\"",
				    r->kind == OBJ_VIEW || r->kind == OBJ_MATVIEW ? "rule _RETURN on " : "",
				    obj_kind_name(r->kind), r->name, c->name);
			snprintf(d->sqlstate, sizeof d->sqlstate, "0A000");
			return false;
		}
	}
	return true;
}

bool rp_retype_dependents(ReplayState *st, CatTable *t, CatColumn *c, const char *oldtype, int off)
{
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	if (c->generated ? !retype_default(st, &env, t, c, true, oldtype, off)
	                 : !retype_default(st, &env, t, c, false, oldtype, off))
		return false;
	if (!retype_allowed(st, t, c, off))
		return false;
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		if (k->h.dropped || k->contype != CON_CHECK || !k->check_expr)
			continue;
		if (text_uses_column(k->check_src ? k->check_src : k->check_expr, c->name) &&
		    !retype_check(st, &env, t, k, off))
			return false;
	}
	for (size_t i = 0; i < t->indexes.n; i++) {
		CatIndex *ix = t->indexes.items[i];
		if (!ix->h.dropped && rp_index_uses_column(ix, c->name) &&
		    !retype_index(st, &env, t, ix, off))
			return false;
	}
	return true;
}
