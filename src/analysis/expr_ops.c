/* expr_ops.c — operators (make_op, scalar-array operators), the A_Expr forms (IN lists, BETWEEN, DISTINCT,
 * NULLIF, LIKE) and function calls (ParseFuncOrColumn) of the expression walk (expr.c). */
#include "strata.h"
#include "analysis/expr_int.h"
#include "sql/parse.h"
#include "util/strbuf.h"

#include <pg_query.h>

/* The volatility a call of C whose arguments resolved to the types DECLARED (N) counts as in an immutability
 * check (CheckMutability plans the expression first): a built-in LANGUAGE sql function is inlined by the
 * planner (inline_function) unless its body is more volatile than declared, and then the body's
 * volatility counts (`a || ' sec'` calls anytextcat, stable for any type, but inlined over an integer
 * it is `a::text || ' sec'`, immutable); any other function counts as declared. */
static char call_volatility(Xs *x, const Cand *c, const TypeInfo *const *declared, size_t n)
{
	if (!c->sqlsrc || c->retset || c->volatility == 'i' || x->depth > 1000)
		return c->volatility;
	PgQuery__ParseResult *tree = sql_parse_owned(c->sqlsrc);
	char v = c->volatility;
	if (tree && tree->n_stmts == 1 && tree->stmts[0]->stmt &&
	    tree->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
	    tree->stmts[0]->stmt->select_stmt->n_target_list == 1 &&
	    !tree->stmts[0]->stmt->select_stmt->n_from_clause) {
		Xs sub;
		xs_init(&sub, x->env, EXPRK_VIEW, NULL);
		sub.depth = x->depth + 1;
		sub.nparams = n;
		const char **pn = arena_array(&sub.a, const char *, n ? n : 1);
		sub.ptypes = arena_array(&sub.a, XType, n ? n : 1);
		for (size_t i = 0; i < n; i++) {
			pn[i] = NULL;
			sub.ptypes[i] = xt(declared[i]);
		}
		sub.pnames = pn;
		XLevel *lv = level_new(&sub, NULL);
		lv->query = true;
		PgQuery__Node *e =
		    node_copy(tree->stmts[0]->stmt->select_stmt->target_list[0]->res_target->val);
		XType t = xf_expr(&sub, &e, lv);
		int body = sub.volatility == 'v' ? 2 : sub.volatility == 's' ? 1 : 0;
		int decl = v == 'v' ? 2 : v == 's' ? 1 : 0;
		if (!sub.failed && !t.t->opaque && body <= decl)
			v = sub.volatility ? sub.volatility : 'i';
		node_free(e);
		xs_release(&sub);
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return v;
}

/* ---- operators ---- */

void op_signature(StrBuf *sb, const char *op, const TypeInfo *l, const TypeInfo *r)
{
	if (l)
		sb_appendf(sb, "%s ", ty_name(l));
	sb_appendf(sb, "%s %s", op, ty_name(r));
}

/* make_op: operator NAME (SCHEMA-qualified or not) over *LSLOT (NULL for prefix) and *RSLOT of types LT, RT:
 * resolve it, coerce the operands to its declared types (shown), return its result type. */
static XType make_op(Xs *x, const char *schema, const char *name, PgQuery__Node **lslot, XType lt,
                     PgQuery__Node **rslot, XType rt, int location)
{
	if (x->failed)
		return xt_opaque();
	Cand c;
	bool op_opaque;
	FuncDetail fd = oper_select(x, schema, name, lslot ? lt.t : NULL, rt.t, &c, &op_opaque);
	if (op_opaque)
		return xt_opaque();
	if (fd != FD_NORMAL) {
		if (x->env->unknown_objects)
			return xt_opaque();
		StrBuf sb = STRBUF_INIT;
		op_signature(&sb, name, lslot ? lt.t : NULL, rt.t);
		if (fd == FD_MULTIPLE)
			xs_error(x, "42725", "ambiguous-operator", location,
			         "Could not choose a best candidate operator. You might need to add explicit "
			         "type casts.",
			         "operator is not unique: %s", sb_str(&sb));
		else
			xs_error(x, "42883", "undefined-operator", location,
			         lslot ? "No operator matches the given name and argument types. You might "
			                 "need to add "
			                 "explicit type casts."
			               : "No operator matches the given name and argument type. You might "
			                 "need to add an "
			                 "explicit type cast.",
			         "operator does not exist: %s", sb_str(&sb));
		sb_release(&sb);
		return xt_opaque();
	}
	const TypeInfo *actual[2], *declared[2];
	size_t n = 0;
	if (lslot) {
		actual[n] = lt.t;
		declared[n++] = c.args[0];
		actual[n] = rt.t;
		declared[n++] = c.args[1];
	} else {
		actual[n] = rt.t;
		declared[n++] = c.args[0];
	}
	const TypeInfo *ret = enforce_generic_type_consistency(x, n, actual, declared, c.ret);
	if (!ret)
		return xt_opaque();
	note_volatility(x, call_volatility(x, &c, declared, n));
	if (lslot) {
		coerce_slot(x, lslot, lt, declared[0], CC_IMPLICIT, true);
		coerce_slot(x, rslot, rt, declared[1], CC_IMPLICIT, true);
	} else
		coerce_slot(x, rslot, rt, declared[0], CC_IMPLICIT, true);
	return xt(ret);
}

/* make_scalar_array_op: `l op ANY|ALL (r)`; R is an array (or an unknown literal taken as one). */
static XType make_array_op(Xs *x, const char *schema, const char *name, PgQuery__Node **lslot, XType lt,
                           PgQuery__Node **rslot, XType at, int location)
{
	if (lt.t->opaque || at.t->opaque)
		return xt_opaque();
	XType rt;
	if (ty_is(at.t, PGB_OID_UNKNOWN))
		rt = at;
	else {
		const TypeInfo *b = ty_base(at.t);
		if (!b->elem || b->category != 'A') {
			xs_error(x, "42809", "wrong-object-type", location, NULL,
			         "op ANY/ALL (array) requires array on right side");
			return xt_opaque();
		}
		rt = xt(b->elem);
	}
	Cand c;
	bool op_opaque;
	FuncDetail fd = oper_select(x, schema, name, lt.t, rt.t, &c, &op_opaque);
	if (op_opaque)
		return xt_opaque();
	if (fd != FD_NORMAL) {
		if (x->env->unknown_objects)
			return xt_opaque();
		StrBuf sb = STRBUF_INIT;
		op_signature(&sb, name, lt.t, rt.t);
		if (fd == FD_MULTIPLE)
			xs_error(x, "42725", "ambiguous-operator", location,
			         "Could not choose a best candidate operator. You might need to add explicit "
			         "type casts.",
			         "operator is not unique: %s", sb_str(&sb));
		else
			xs_error(x, "42883", "undefined-operator", location,
			         "No operator matches the given name and argument types. You might need to "
			         "add explicit "
			         "type casts.",
			         "operator does not exist: %s", sb_str(&sb));
		sb_release(&sb);
		return xt_opaque();
	}
	note_volatility(x, c.volatility);
	const TypeInfo *actual[2] = {lt.t, rt.t}, *declared[2] = {c.args[0], c.args[1]};
	const TypeInfo *ret = enforce_generic_type_consistency(x, 2, actual, declared, c.ret);
	if (!ret)
		return xt_opaque();
	const TypeInfo *res_array = ty_is_polymorphic(c.args[1]) ? at.t : ty_array_of(x, declared[1]);
	if (!res_array)
		return xt_opaque();
	coerce_slot(x, lslot, lt, declared[0], CC_IMPLICIT, true);
	coerce_slot(x, rslot, at, res_array, CC_IMPLICIT, true);
	return xt(ty_oid(PGB_OID_BOOL));
}

static void opname_of(const PgQuery__AExpr *a, const char **schema, const char **name)
{
	*schema = a->n_name >= 2 ? str_of(a->name[a->n_name - 2]) : NULL;
	*name = a->n_name ? str_of(a->name[a->n_name - 1]) : NULL;
}

/* The left side of an IN list for one more comparison: the analysed one first, then fresh analyses of
 * RAW. */
static PgQuery__Node *next_lexpr(Xs *x, PgQuery__AExpr *a, const PgQuery__Node *raw, XLevel *lv)
{
	if (a->lexpr) {
		PgQuery__Node *l = a->lexpr;
		a->lexpr = NULL;
		return l;
	}
	PgQuery__Node *c = node_copy(raw);
	xf_expr(x, &c, lv);
	return c;
}

/* IN (list): transformAExprIn. The list's items without column references of this level become one
 * `= ANY (ARRAY[...])` when there are two or more and a common type exists; the rest are `=` comparisons
 * joined by OR (`<>` and AND for NOT IN). */
static XType xf_in(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__AExpr *a = (*slot)->a_expr;
	const char *schema, *name;
	opname_of(a, &schema, &name);
	if (!name || !a->rexpr || a->rexpr->node_case != PG_QUERY__NODE__NODE_LIST || !a->lexpr ||
	    a->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
		return xt_opaque();
	bool use_or = !strcmp(name, "=");
	bool use_and = !strcmp(name, "<>");
	if (!use_or && !use_and)
		return xt_opaque();
	/* each comparison gets its own copy of the left side, analysed again (its column references are
	 * qualified each on their own) */
	PgQuery__Node *raw_l = node_copy(a->lexpr);
	XType lt = xf_expr(x, &a->lexpr, lv);
	PgQuery__List *list = a->rexpr->list;
	size_t n = list->n_items;
	XType *types = arena_array(&x->a, XType, n ? n : 1);
	bool *hasvars = arena_array(&x->a, bool, n ? n : 1);
	bool any_opaque = lt.t->opaque;
	for (size_t i = 0; i < n; i++) {
		int before = lv->nvars;
		types[i] = xf_expr(x, &list->items[i], lv);
		hasvars[i] = lv->nvars != before;
		any_opaque |= types[i].t->opaque;
	}
	if (x->failed || any_opaque) {
		node_free(raw_l);
		return any_opaque ? xt_opaque() : xt(ty_oid(PGB_OID_BOOL));
	}
	size_t nnonvars = 0;
	for (size_t i = 0; i < n; i++)
		nnonvars += !hasvars[i];
	PgQuery__Node *result = NULL;
	bool *done = arena_array(&x->a, bool, n ? n : 1);
	if (nnonvars > 1) {
		const TypeInfo **all = arena_array(&x->a, const TypeInfo *, nnonvars + 1);
		size_t k = 0;
		all[k++] = lt.t;
		for (size_t i = 0; i < n; i++)
			if (!hasvars[i])
				all[k++] = types[i].t;
		const TypeInfo *scalar = select_common_type(x, k, all, NULL);
		if (scalar && !verify_common_type(x, scalar, k, all))
			scalar = NULL;
		const TypeInfo *arr =
		    scalar && !ty_is(scalar, PGB_OID_RECORD) ? ty_array_of(x, scalar) : NULL;
		if (arr) {
			PgQuery__AArrayExpr *ae = xmalloc(sizeof(*ae));
			pg_query__a__array_expr__init(ae);
			ae->elements = xmalloc(nnonvars * sizeof(PgQuery__Node *));
			ae->location = -1;
			for (size_t i = 0; i < n; i++) {
				if (hasvars[i])
					continue;
				PgQuery__Node **el = &ae->elements[ae->n_elements++];
				*el = list->items[i];
				list->items[i] = NULL;
				coerce_slot(x, el, types[i], scalar, CC_IMPLICIT, true);
				done[i] = true;
			}
			PgQuery__Node *an = mk_node();
			an->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
			an->a_array_expr = ae;
			PgQuery__Node *op = mk_aexpr(use_or ? PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY
			                                    : PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL,
			                             name, next_lexpr(x, a, raw_l, lv), an, a->location);
			make_array_op(x, schema, name, &op->a_expr->lexpr, lt, &op->a_expr->rexpr, xt(arr),
			              a->location);
			result = op;
		}
	}
	PgQuery__Node **parts = arena_array(&x->a, PgQuery__Node *, n + 1);
	size_t nparts = 0;
	if (result)
		parts[nparts++] = result;
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		PgQuery__Node *op = mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, name,
		                             next_lexpr(x, a, raw_l, lv), list->items[i], a->location);
		list->items[i] = NULL;
		XType r = make_op(x, schema, name, &op->a_expr->lexpr, lt, &op->a_expr->rexpr, types[i],
		                  a->location);
		to_boolean(x, &op, r, "IN", a->location);
		parts[nparts++] = op;
	}
	PgQuery__Node *out;
	if (nparts == 1)
		out = parts[0];
	else {
		/* left-deep pairs, as transformAExprIn builds them; mk_bool flattens them as the parser would
		 */
		out = parts[0];
		for (size_t i = 1; i < nparts; i++) {
			PgQuery__Node *pair[2] = {out, parts[i]};
			out = mk_bool(use_or ? PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR
			                     : PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR,
			              pair, 2, a->location);
		}
	}
	/* the list items moved out (NULL now): drop the list and its empty slots with the old node */
	list->n_items = 0;
	node_free(raw_l);
	node_free(*slot);
	*slot = out;
	return xt(ty_oid(PGB_OID_BOOL));
}

/* BETWEEN: transformAExprBetween rewrites the raw tree before analysing it. */
static XType xf_between(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__AExpr *a = (*slot)->a_expr;
	if (!a->rexpr || a->rexpr->node_case != PG_QUERY__NODE__NODE_LIST || a->rexpr->list->n_items != 2 ||
	    !a->lexpr)
		return xt_opaque();
	PgQuery__Node *aexpr = a->lexpr, *b = a->rexpr->list->items[0], *c = a->rexpr->list->items[1];
	int loc = a->location;
	PgQuery__Node *out;
	switch (a->kind) {
	case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN: {
		PgQuery__Node *p[2] = {
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">=", node_copy(aexpr), node_copy(b), loc),
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<=", node_copy(aexpr), node_copy(c), loc)};
		out = mk_bool(PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, p, 2, loc);
		break;
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN: {
		PgQuery__Node *p[2] = {
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<", node_copy(aexpr), node_copy(b), loc),
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">", node_copy(aexpr), node_copy(c), loc)};
		out = mk_bool(PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, p, 2, loc);
		break;
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM: {
		PgQuery__Node *p1[2] = {
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">=", node_copy(aexpr), node_copy(b), loc),
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<=", node_copy(aexpr), node_copy(c), loc)};
		PgQuery__Node *p2[2] = {
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">=", node_copy(aexpr), node_copy(c), loc),
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<=", node_copy(aexpr), node_copy(b), loc)};
		PgQuery__Node *p[2] = {mk_bool(PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, p1, 2, loc),
		                       mk_bool(PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, p2, 2, loc)};
		out = mk_bool(PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, p, 2, loc);
		break;
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM: {
		PgQuery__Node *p1[2] = {
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<", node_copy(aexpr), node_copy(b), loc),
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">", node_copy(aexpr), node_copy(c), loc)};
		PgQuery__Node *p2[2] = {
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, "<", node_copy(aexpr), node_copy(c), loc),
		    mk_aexpr(PG_QUERY__A__EXPR__KIND__AEXPR_OP, ">", node_copy(aexpr), node_copy(b), loc)};
		PgQuery__Node *p[2] = {mk_bool(PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, p1, 2, loc),
		                       mk_bool(PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR, p2, 2, loc)};
		out = mk_bool(PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR, p, 2, loc);
		break;
	}
	default:
		return xt_opaque();
	}
	node_free(*slot);
	*slot = out;
	return xf_expr(x, slot, lv);
}

XType xf_aexpr(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__AExpr *a = (*slot)->a_expr;
	const char *schema, *name;
	opname_of(a, &schema, &name);
	switch (a->kind) {
	case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
	case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
	case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
		if (!name || !a->rexpr)
			return xt_opaque();
		if (a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP && !schema && xf_is_row_pair(a))
			return xf_row_compare(x, slot, lv, name);
		if ((a->lexpr && (a->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR ||
		                  a->lexpr->node_case == PG_QUERY__NODE__NODE_SUB_LINK)) ||
		    a->rexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
			/* row comparisons (make_row_comparison_op): the operands are analysed, not rewritten
			 */
			if (a->lexpr)
				xf_expr(x, &a->lexpr, lv);
			xf_expr(x, &a->rexpr, lv);
			return a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP ? xt_opaque()
			                                                    : xt(ty_oid(PGB_OID_BOOL));
		}
		XType lt = a->lexpr ? xf_expr(x, &a->lexpr, lv) : xt_opaque();
		XType rt = xf_expr(x, &a->rexpr, lv);
		if (x->failed)
			return xt_opaque();
		/* LIKE ... ESCAPE: like_escape(pattern, escape) (parsed as a function call already) */
		return make_op(x, schema, name, a->lexpr ? &a->lexpr : NULL, lt, &a->rexpr, rt, a->location);
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
	case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
		if (!name || !a->lexpr || !a->rexpr || a->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
			return xt_opaque();
		XType lt = xf_expr(x, &a->lexpr, lv);
		XType at = xf_expr(x, &a->rexpr, lv);
		return make_array_op(x, schema, name, &a->lexpr, lt, &a->rexpr, at, a->location);
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT: {
		/* stored as NOT (a IS DISTINCT FROM b) */
		a->kind = PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT;
		PgQuery__Node *inner = *slot;
		*slot = mk_bool(PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR, &inner, 1, a->location);
		return xf_expr(x, slot, lv);
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT: {
		if (xf_is_row_pair(a))
			return xf_row_distinct(x, slot, lv);
		if (!a->lexpr || !a->rexpr || a->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR ||
		    a->rexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
			if (a->lexpr)
				xf_expr(x, &a->lexpr, lv);
			if (a->rexpr)
				xf_expr(x, &a->rexpr, lv);
			return xt(ty_oid(PGB_OID_BOOL));
		}
		XType lt = xf_expr(x, &a->lexpr, lv);
		XType rt = xf_expr(x, &a->rexpr, lv);
		make_op(x, schema, "=", &a->lexpr, lt, &a->rexpr, rt, a->location);
		return xt(ty_oid(PGB_OID_BOOL));
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
		if (!a->lexpr || !a->rexpr)
			return xt_opaque();
		XType lt = xf_expr(x, &a->lexpr, lv);
		XType rt = xf_expr(x, &a->rexpr, lv);
		XType r = make_op(x, schema, "=", &a->lexpr, lt, &a->rexpr, rt, a->location);
		if (r.t->opaque)
			return xt_opaque();
		/* the result has the type of the (coerced) first argument */
		if (a->lexpr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
		    lt.t != ty_oid(PGB_OID_UNKNOWN)) {
			XType t = typename_type(x, a->lexpr->type_cast->type_name);
			return t;
		}
		return ty_is(lt.t, PGB_OID_UNKNOWN) ? xt_opaque() : lt;
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
		return xf_in(x, slot, lv);
	case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN:
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN:
	case PG_QUERY__A__EXPR__KIND__AEXPR_BETWEEN_SYM:
	case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_BETWEEN_SYM:
		return xf_between(x, slot, lv);
	default: /* SIMILAR TO and the rest: analysed for names only */
		if (a->lexpr)
			xf_expr(x, &a->lexpr, lv);
		if (a->rexpr && a->rexpr->node_case != PG_QUERY__NODE__NODE_LIST)
			xf_expr(x, &a->rexpr, lv);
		return xt_opaque();
	}
}

/* ---- functions ---- */

static void func_signature(StrBuf *sb, const char *schema, const char *name, size_t n,
                           const TypeInfo *const *types, const char *const *names)
{
	if (schema)
		sb_appendf(sb, "%s.", schema);
	sb_appendf(sb, "%s(", name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_append(sb, ", ");
		if (names && names[i])
			sb_appendf(sb, "%s => ", names[i]);
		sb_append(sb, ty_name(types[i]));
	}
	sb_putc(sb, ')');
}

static const char *agg_words(ExprKind k)
{
	switch (k) {
	case EXPRK_DEFAULT:
		return "DEFAULT expressions";
	case EXPRK_GENERATED:
		return "column generation expressions";
	case EXPRK_CHECK:
	case EXPRK_DOMAIN_CHECK:
		return "check constraints";
	case EXPRK_INDEX_EXPR:
		return "index expressions";
	case EXPRK_INDEX_PRED:
		return "index predicates";
	case EXPRK_POLICY:
		return "policy expressions";
	case EXPRK_TRIGGER_WHEN:
		return "trigger WHEN conditions";
	case EXPRK_TRANSFORM:
		return "transform expressions";
	case EXPRK_PARTITION_KEY:
		return "partition key expressions";
	case EXPRK_PARTITION_BOUND:
		return "partition bound";
	case EXPRK_VIEW:
		break;
	}
	return "this context";
}

XType xf_func(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__FuncCall *f = (*slot)->func_call;
	const char *name = f->n_funcname ? str_of(f->funcname[f->n_funcname - 1]) : NULL;
	const char *schema = f->n_funcname >= 2 ? str_of(f->funcname[f->n_funcname - 2]) : NULL;
	if (!name || f->n_funcname > 3)
		return xt_opaque();
	/* an ordered-set aggregate's arguments are its direct ones, then its WITHIN GROUP (ORDER BY ...)
	 * expressions (transformFuncCall) */
	size_t ndirect = f->n_args, n = ndirect + (f->agg_within_group ? f->n_agg_order : 0);
	if (n > FUNC_MAX_ARGS_X)
		return xt_opaque();
	const TypeInfo **types = arena_array(&x->a, const TypeInfo *, n ? n : 1);
	XType *xts = arena_array(&x->a, XType, n ? n : 1);
	const char **names = arena_array(&x->a, const char *, n ? n : 1);
	PgQuery__Node ***slots = arena_array(&x->a, PgQuery__Node **, n ? n : 1);
	bool any_named = false, any_opaque = false;
	for (size_t i = 0; i < n; i++) {
		if (i >= ndirect) {
			PgQuery__Node *sb = f->agg_order[i - ndirect];
			if (sb->node_case != PG_QUERY__NODE__NODE_SORT_BY)
				return xt_opaque();
			slots[i] = &sb->sort_by->node;
			xts[i] = xf_expr(x, slots[i], lv);
			types[i] = xts[i].t;
			names[i] = NULL;
			any_opaque |= types[i]->opaque;
			continue;
		}
		PgQuery__Node **s = &f->args[i];
		if ((*s)->node_case == PG_QUERY__NODE__NODE_NAMED_ARG_EXPR) {
			names[i] = (*s)->named_arg_expr->name;
			any_named = true;
			s = &(*s)->named_arg_expr->arg;
		}
		slots[i] = s;
		xts[i] = xf_expr(x, s, lv);
		types[i] = xts[i].t;
		any_opaque |= types[i]->opaque;
	}
	for (size_t i = 0; i < f->n_agg_order && !f->agg_within_group; i++)
		if (f->agg_order[i]->node_case == PG_QUERY__NODE__NODE_SORT_BY)
			xf_expr(x, &f->agg_order[i]->sort_by->node, lv);
	if (f->agg_filter) {
		XType ft = xf_expr(x, &f->agg_filter, lv);
		to_boolean(x, &f->agg_filter, ft, "FILTER", f->location);
	}
	if (f->over) {
		for (size_t i = 0; i < f->over->n_partition_clause; i++)
			xf_expr(x, &f->over->partition_clause[i], lv);
		for (size_t i = 0; i < f->over->n_order_clause; i++)
			if (f->over->order_clause[i]->node_case == PG_QUERY__NODE__NODE_SORT_BY)
				xf_expr(x, &f->over->order_clause[i]->sort_by->node, lv);
	}
	if (x->failed || any_opaque)
		return xt_opaque();
	Cand c;
	bool fopaque;
	FuncDetail fd = func_get_detail(x, schema, name, n, types, any_named ? names : NULL,
	                                !f->func_variadic, &c, &fopaque);
	if (fopaque)
		return xt_opaque();
	if (fd == FD_COERCION) {
		/* typename(x): a cast (printed `(x)::typename`) */
		if (f->agg_star || f->agg_distinct || f->n_agg_order || f->agg_filter || f->over ||
		    f->func_variadic)
			return xt_opaque();
		PgQuery__Node *arg = f->args[0];
		f->args[0] = NULL;
		f->n_args = 0;
		node_free(*slot);
		*slot = arg;
		if (!(ty_is(xts[0].t, PGB_OID_UNKNOWN) && is_unknown_const(arg)) && xts[0].t == c.ret)
			return xts[0];
		wrap_cast(x, slot, c.ret);
		return xt(c.ret);
	}
	if (fd != FD_NORMAL) {
		if (x->env->unknown_objects)
			return xt_opaque();
		StrBuf sb = STRBUF_INIT;
		func_signature(&sb, schema, name, n, types, any_named ? names : NULL);
		if (fd == FD_MULTIPLE)
			xs_error(x, "42725", "ambiguous-function", f->location,
			         "Could not choose a best candidate function. You might need to add explicit "
			         "type casts.",
			         "function %s is not unique", sb_str(&sb));
		else
			xs_error(x, "42883", "undefined-function", f->location,
			         "No function matches the given name and argument types. You might need to "
			         "add explicit "
			         "type casts.",
			         "function %s does not exist", sb_str(&sb));
		sb_release(&sb);
		return xt_opaque();
	}
	if ((c.kind == 'a' || c.kind == 'w') && !lv->query) {
		xs_error(x, "42803", "grouping-error", f->location, NULL,
		         "%s functions are not allowed in %s", c.kind == 'a' ? "aggregate" : "window",
		         agg_words(x->kind));
		return xt_opaque();
	}
	if (c.retset && !lv->query) {
		xs_error(x, "0A000", "feature-not-supported", f->location, NULL,
		         "set-returning functions are not allowed in %s", agg_words(x->kind));
		return xt_opaque();
	}
	if (f->agg_within_group && c.expanded_variadic && !c.variadic_any)
		return xt_opaque(); /* (its VARIADIC array would take ORDER BY expressions) */
	const TypeInfo **declared = arena_array(&x->a, const TypeInfo *, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		declared[i] = c.args[i];
	const TypeInfo *ret = enforce_generic_type_consistency(x, n, types, declared, c.ret);
	if (!ret)
		return xt_opaque();
	note_volatility(x, call_volatility(x, &c, declared, n));
	if (c.user && x->env->on_function)
		x->env->on_function(x->env->fn_ud, f->location, c.user);
	if (c.user && c.user->h.schema && f->n_funcname == 1) {
		/* a user function is named by identity (made relative to a search_path when compared) */
		PgQuery__Node **fn = xmalloc(2 * sizeof(PgQuery__Node *));
		fn[0] = mk_string(c.user->h.schema);
		fn[1] = f->funcname[0];
		free(f->funcname);
		f->funcname = fn;
		f->n_funcname = 2;
	}
	for (size_t i = 0; i < n; i++)
		coerce_slot(x, slots[i], xts[i], declared[i], CC_IMPLICIT, true);
	if (c.expanded_variadic && !c.variadic_any && !any_named && c.nominal >= 1 && n >= c.nominal - 1) {
		/* the trailing arguments become one array, printed VARIADIC ARRAY[...] */
		size_t nvar = n - (c.nominal - 1);
		const TypeInfo *arr = ty_array_of(x, declared[n - nvar]);
		if (nvar && arr) {
			PgQuery__AArrayExpr *ae = xmalloc(sizeof(*ae));
			pg_query__a__array_expr__init(ae);
			ae->n_elements = nvar;
			ae->elements = xmalloc(nvar * sizeof(PgQuery__Node *));
			memcpy(ae->elements, f->args + (n - nvar), nvar * sizeof(PgQuery__Node *));
			ae->location = -1;
			PgQuery__Node *an = mk_node();
			an->node_case = PG_QUERY__NODE__NODE_A_ARRAY_EXPR;
			an->a_array_expr = ae;
			f->args[n - nvar] = an;
			f->n_args = n - nvar + 1;
			f->func_variadic = true;
		}
	}
	return xt(ret);
}
