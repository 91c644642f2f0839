/* expr_row.c — comparisons of two row constructors, as the parser rewrites them before anything is stored
 * (parse_expr.c: make_row_comparison_op, make_row_distinct_op): `(a, b) = (c, d)` is stored as
 * `a = c AND b = d`, `<>` as the OR of the pairs' `<>`, `<`/`<=`/`>`/`>=` as a RowCompareExpr printed
 * `ROW(a, b) < ROW(c, d)`, and `(a, b) IS DISTINCT FROM (c, d)` as the OR of the pairs' IS DISTINCT FROM;
 * a single pair is that pair's comparison. */
#include "strata.h"
#include "analysis/expr_int.h"

#include <pg_query.h>

/* The row constructor (RowExpr) at N, NULL for anything else. */
static PgQuery__RowExpr *row_of(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_ROW_EXPR ? n->row_expr : NULL;
}

bool xf_is_row_pair(const PgQuery__AExpr *a)
{
	return row_of(a->lexpr) && row_of(a->rexpr);
}

/* Analyse the pair at *SLOT. A pair of rows inside rows is compared as records by make_op, not rewritten
 * again: its rows are analysed and print as ROW(...) (ruleutils prints every RowExpr so). */
static void xf_pair(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__AExpr *p = (*slot)->a_expr;
	PgQuery__RowExpr *l = row_of(p->lexpr), *r = row_of(p->rexpr);
	if (!l || !r) {
		xf_expr(x, slot, lv);
		return;
	}
	xf_expr(x, &p->lexpr, lv);
	xf_expr(x, &p->rexpr, lv);
	if ((l = row_of(p->lexpr)))
		l->row_format = PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL;
	if ((r = row_of(p->rexpr)))
		r->row_format = PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL;
}

/* Move the arguments out of row constructors L and R into per-pair A_Exprs of KIND/OP (fresh nodes, the
 * rows keep empty argument lists). Returns the pairs' count; -1 (with the parser's error) when the rows'
 * lengths differ, or are zero for an operator. */
static long pair_up(Xs *x, PgQuery__RowExpr *l, PgQuery__RowExpr *r, PgQuery__AExprKind kind, const char *op,
                    int location, PgQuery__Node ***out)
{
	if (l->n_args != r->n_args) {
		xs_error(x, "42601", "syntax-error", location, NULL,
		         "unequal number of entries in row expressions");
		return -1;
	}
	if (!l->n_args && kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP) {
		xs_error(x, "0A000", "unsupported", location, NULL, "cannot compare rows of zero length");
		return -1;
	}
	size_t n = l->n_args;
	PgQuery__Node **pairs = xmalloc((n ? n : 1) * sizeof(*pairs));
	for (size_t i = 0; i < n; i++) {
		pairs[i] = mk_aexpr(kind, op, l->args[i], r->args[i], location);
		l->args[i] = r->args[i] = NULL;
	}
	*out = pairs;
	return (long)n;
}

XType xf_row_compare(Xs *x, PgQuery__Node **slot, XLevel *lv, const char *op)
{
	PgQuery__AExpr *a = (*slot)->a_expr;
	PgQuery__RowExpr *l = row_of(a->lexpr), *r = row_of(a->rexpr);
	bool eq = !strcmp(op, "="), ne = !strcmp(op, "<>");
	bool ordering = !strcmp(op, "<") || !strcmp(op, "<=") || !strcmp(op, ">") || !strcmp(op, ">=");
	if (!eq && !ne && !ordering) { /* an operator without btree semantics: analysed, left as written */
		xf_expr(x, &a->lexpr, lv);
		xf_expr(x, &a->rexpr, lv);
		return xt_opaque();
	}
	PgQuery__Node **pairs;
	long n = pair_up(x, l, r, PG_QUERY__A__EXPR__KIND__AEXPR_OP, op, a->location, &pairs);
	if (n < 0)
		return xt_opaque();
	for (long i = 0; i < n; i++)
		xf_pair(x, &pairs[i], lv);
	if (ordering && n > 1) {
		/* RowCompareExpr: the rows keep the pairs' (coerced) operands and print as ROW(...)
		 * (make_op leaves an operator's A_Expr in place: its operands are what it coerced) */
		for (long i = 0; i < n; i++) {
			PgQuery__AExpr *p = pairs[i]->a_expr;
			l->args[i] = p->lexpr;
			r->args[i] = p->rexpr;
			p->lexpr = p->rexpr = NULL;
			node_free(pairs[i]);
		}
		free(pairs);
		l->row_format = r->row_format = PG_QUERY__COERCION_FORM__COERCE_EXPLICIT_CALL;
		return xt(ty_oid(PGB_OID_BOOL));
	}
	PgQuery__Node *out =
	    n == 1 ? pairs[0]
	           : mk_bool(eq ? PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR : PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR,
	                     pairs, (size_t)n, a->location);
	free(pairs);
	node_free(*slot);
	*slot = out;
	return xt(ty_oid(PGB_OID_BOOL));
}

XType xf_row_distinct(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__AExpr *a = (*slot)->a_expr;
	PgQuery__Node **pairs;
	long n = pair_up(x, row_of(a->lexpr), row_of(a->rexpr), PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT, "=",
	                 a->location, &pairs);
	if (n < 0)
		return xt_opaque();
	if (n == 0) { /* zero-length rows: the constant false */
		free(pairs);
		return xt(ty_oid(PGB_OID_BOOL));
	}
	for (long i = 0; i < n; i++)
		xf_pair(x, &pairs[i], lv);
	PgQuery__Node *out =
	    n == 1 ? pairs[0] : mk_bool(PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, pairs, (size_t)n, a->location);
	free(pairs);
	node_free(*slot);
	*slot = out;
	return xt(ty_oid(PGB_OID_BOOL));
}
