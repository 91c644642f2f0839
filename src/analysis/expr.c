/* expr.c — the expression walk of parse analysis (parse_expr.c): every node typed, names resolved,
 * operators and functions chosen, arguments coerced; the tree rewritten into what PostgreSQL's deparser
 * prints for the stored expression (see expr.h). Queries (sub-queries, views) are in expr_query.c. */
#include "strata.h"
#include "analysis/expr_int.h"
#include "catalog/normalize.h"
#include "sql/walk.h"
#include "util/strbuf.h"

#include <pg_query.h>
#include <strings.h>

#include <errno.h>
#include <protobuf-c/protobuf-c.h>

/* ---- errors ---- */

void expr_error_clear(ExprError *err)
{
	if (!err)
		return;
	free(err->message);
	free(err->hint);
	free(err->detail);
	free(err->missing_name);
	memset(err, 0, sizeof(*err));
}

void xs_error(Xs *x, const char *sqlstate, const char *rule, int location, const char *hint, const char *fmt,
              ...)
{
	if (x->failed)
		return;
	x->failed = true;
	ExprError *e = x->err;
	if (!e)
		return;
	expr_error_clear(e);
	e->set = true;
	snprintf(e->sqlstate, sizeof e->sqlstate, "%s", sqlstate);
	e->rule = rule;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&e->message, fmt, ap) < 0)
		e->message = NULL;
	va_end(ap);
	e->hint = hint ? xstrdup(hint) : NULL;
	e->location = location;
}

/* The most volatile function or operator called so far ('i' < 's' < 'v'; '?' unknown is ignored). */
static void note_volatility(Xs *x, char v)
{
	int rank = v == 'v' ? 2 : v == 's' ? 1 : 0;
	int cur = x->volatility == 'v' ? 2 : x->volatility == 's' ? 1 : 0;
	if (rank > cur)
		x->volatility = v;
}

/* ---- nodes (malloc'd protobuf messages: the rewritten tree is freed with protobuf-c's free) ---- */

static PgQuery__Node *mk_node(void)
{
	PgQuery__Node *n = xmalloc(sizeof(*n));
	pg_query__node__init(n);
	return n;
}

static PgQuery__Node *mk_string(const char *s)
{
	PgQuery__String *str = xmalloc(sizeof(*str));
	pg_query__string__init(str);
	str->sval = xstrdup(s);
	PgQuery__Node *n = mk_node();
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = str;
	return n;
}

static PgQuery__Node *mk_int(int v)
{
	PgQuery__Integer *iv = xmalloc(sizeof(*iv));
	pg_query__integer__init(iv);
	iv->ival = v;
	PgQuery__Node *n = mk_node();
	n->node_case = PG_QUERY__NODE__NODE_INTEGER;
	n->integer = iv;
	return n;
}

PgQuery__Node *node_copy(const PgQuery__Node *n)
{
	size_t len = pg_query__node__get_packed_size(n);
	uint8_t *buf = xmalloc(len ? len : 1);
	pg_query__node__pack(n, buf);
	PgQuery__Node *c = pg_query__node__unpack(NULL, len, buf);
	free(buf);
	if (!c) {
		fprintf(stderr, "strata: out of memory copying a parse tree\n");
		exit(2);
	}
	return c;
}

void node_free(PgQuery__Node *n)
{
	if (n)
		protobuf_c_message_free_unpacked(&n->base, NULL);
}

void expr_tree_free(PgQuery__Node *n)
{
	node_free(n);
}

static const char *str_of(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

/* Is T visible by its bare name on the path (format_type leaves it unqualified then)? */
static bool user_type_visible(Xs *x, const TypeInfo *t)
{
	for (size_t i = 0; i < x->env->npath; i++) {
		if (catalog_find_type(x->env->cat, x->env->path[i], t->name) ||
		    catalog_find_relation(x->env->cat, x->env->path[i], t->name))
			return !strcmp(x->env->path[i], t->schema);
	}
	return false;
}

/* The built-in types the grammar spells with keywords: their TypeName is pg_catalog.<typname>. */
static bool keyword_type(const char *typname)
{
	static const char *const k[] = {"bool",    "int2",     "int4",   "int8",      "float4",      "float8",
	                                "numeric", "varchar",  "bpchar", "timestamp", "timestamptz", "time",
	                                "timetz",  "interval", "bit",    "varbit"};
	for (size_t i = 0; i < ARRAY_LEN(k); i++)
		if (!strcmp(k[i], typname))
			return true;
	return false;
}

/* A TypeName for T as the parser reads what format_type prints (typmod never printed: implicit casts
 * have none). */
static PgQuery__TypeName *mk_typename(Xs *x, const TypeInfo *t)
{
	PgQuery__TypeName *tn = xmalloc(sizeof(*tn));
	pg_query__type_name__init(tn);
	tn->typemod = -1;
	tn->location = -1;
	const TypeInfo *e = t;
	if (t->category == 'A' && t->elem && !ty_is(t, 22) && !ty_is(t, 30)) {
		e = t->elem;
		tn->n_array_bounds = 1;
		tn->array_bounds = xmalloc(sizeof(PgQuery__Node *));
		tn->array_bounds[0] = mk_int(-1);
	}
	if (e->b != PGB_NONE) {
		const char *typname = pg_btypes[e->b].name;
		if (keyword_type(typname)) {
			tn->n_names = 2;
			tn->names = xmalloc(2 * sizeof(PgQuery__Node *));
			tn->names[0] = mk_string("pg_catalog");
			tn->names[1] = mk_string(typname);
		} else {
			tn->n_names = 1;
			tn->names = xmalloc(sizeof(PgQuery__Node *));
			tn->names[0] = mk_string(typname);
		}
	} else if (user_type_visible(x, e)) {
		tn->n_names = 1;
		tn->names = xmalloc(sizeof(PgQuery__Node *));
		tn->names[0] = mk_string(e->name);
	} else {
		tn->n_names = 2;
		tn->names = xmalloc(2 * sizeof(PgQuery__Node *));
		tn->names[0] = mk_string(e->schema);
		tn->names[1] = mk_string(e->name);
	}
	return tn;
}

/* *SLOT becomes `(*SLOT)::T`. */
static void wrap_cast(Xs *x, PgQuery__Node **slot, const TypeInfo *t)
{
	PgQuery__TypeCast *tc = xmalloc(sizeof(*tc));
	pg_query__type_cast__init(tc);
	tc->arg = *slot;
	tc->type_name = mk_typename(x, t);
	tc->location = -1;
	PgQuery__Node *n = mk_node();
	n->node_case = PG_QUERY__NODE__NODE_TYPE_CAST;
	n->type_cast = tc;
	*slot = n;
}

static PgQuery__Node *mk_aexpr(PgQuery__AExprKind kind, const char *op, PgQuery__Node *l, PgQuery__Node *r,
                               int location)
{
	PgQuery__AExpr *a = xmalloc(sizeof(*a));
	pg_query__a__expr__init(a);
	a->kind = kind;
	a->n_name = 1;
	a->name = xmalloc(sizeof(PgQuery__Node *));
	a->name[0] = mk_string(op);
	a->lexpr = l;
	a->rexpr = r;
	a->location = location;
	PgQuery__Node *n = mk_node();
	n->node_case = PG_QUERY__NODE__NODE_A_EXPR;
	n->a_expr = a;
	return n;
}

/* A BoolExpr of OP over ARGS (owned), flattened as the grammar's makeAndExpr/makeOrExpr build it from the
 * deparsed text: a first argument of the same kind lends its arguments. */
static PgQuery__Node *mk_bool(PgQuery__BoolExprType op, PgQuery__Node **args, size_t n, int location)
{
	PgQuery__BoolExpr *b = xmalloc(sizeof(*b));
	pg_query__bool_expr__init(b);
	b->boolop = op;
	b->location = location;
	PgQuery__Node *first = n ? args[0] : NULL;
	if (first && op != PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR &&
	    first->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR && first->bool_expr->boolop == op) {
		PgQuery__BoolExpr *fb = first->bool_expr;
		b->n_args = fb->n_args + n - 1;
		b->args = xmalloc(b->n_args * sizeof(PgQuery__Node *));
		memcpy(b->args, fb->args, fb->n_args * sizeof(PgQuery__Node *));
		memcpy(b->args + fb->n_args, args + 1, (n - 1) * sizeof(PgQuery__Node *));
		free(fb->args);
		fb->args = NULL;
		fb->n_args = 0;
		node_free(first);
	} else {
		b->n_args = n;
		b->args = xmalloc((n ? n : 1) * sizeof(PgQuery__Node *));
		memcpy(b->args, args, n * sizeof(PgQuery__Node *));
	}
	PgQuery__Node *node = mk_node();
	node->node_case = PG_QUERY__NODE__NODE_BOOL_EXPR;
	node->bool_expr = b;
	return node;
}

/* ---- types of constants and type names ---- */

static XType xt(const TypeInfo *t)
{
	XType r = {t, -1};
	return r;
}

static XType opaque(void)
{
	return xt(ty_opaque());
}

static bool is_unknown_const(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST &&
	       (n->a_const->isnull || n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL);
}

/* make_const: the type of a literal. */
static XType const_type(const PgQuery__AConst *c)
{
	if (c->isnull)
		return xt(ty_oid(PGB_OID_UNKNOWN));
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		return xt(ty_oid(PGB_OID_INT4));
	case PG_QUERY__A__CONST__VAL_FVAL: {
		const char *s = c->fval->fval;
		const char *p = s + (*s == '-' || *s == '+');
		bool digits = *p != 0;
		for (; *p; p++)
			digits &= *p >= '0' && *p <= '9';
		if (digits) {
			errno = 0;
			long long v = strtoll(s, NULL, 10);
			if (errno != ERANGE)
				return xt(
				    ty_oid(v >= INT32_MIN && v <= INT32_MAX ? PGB_OID_INT4 : PGB_OID_INT8));
		}
		return xt(ty_oid(PGB_OID_NUMERIC));
	}
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		return xt(ty_oid(PGB_OID_BOOL));
	case PG_QUERY__A__CONST__VAL_BSVAL:
		return xt(ty_oid(1560 /* bit */));
	default:
		return xt(ty_oid(PGB_OID_UNKNOWN));
	}
}

static int32_t typmod_from_names(const TypeInfo *t, const PgQuery__TypeName *tn)
{
	if (!tn->n_typmods)
		return -1;
	long a = -1, b = 0;
	for (size_t i = 0; i < tn->n_typmods && i < 2; i++) {
		const PgQuery__Node *m = tn->typmods[i];
		if (m->node_case != PG_QUERY__NODE__NODE_A_CONST ||
		    m->a_const->val_case != PG_QUERY__A__CONST__VAL_IVAL)
			return 0; /* interval fields and the like: some modifier */
		if (i == 0)
			a = m->a_const->ival->ival;
		else
			b = m->a_const->ival->ival;
	}
	if (ty_is(t, PGB_OID_VARCHAR) || ty_is(t, PGB_OID_BPCHAR))
		return (int32_t)a + 4;
	if (ty_is(t, PGB_OID_NUMERIC))
		return (int32_t)((a << 16) | (b & 0xffff)) + 4;
	return (int32_t)a;
}

/* typenameTypeIdAndMod: the type a TypeName names (opaque when the model does not know it). */
static XType typename_type(Xs *x, const PgQuery__TypeName *tn)
{
	if (!tn || !tn->n_names || tn->pct_type || tn->setof)
		return opaque();
	const char *name = str_of(tn->names[tn->n_names - 1]);
	const char *schema = tn->n_names >= 2 ? str_of(tn->names[tn->n_names - 2]) : NULL;
	if (!name || tn->n_names > 3)
		return opaque();
	const TypeInfo *t = NULL;
	if (!schema || !strcmp(schema, "pg_catalog")) {
		uint16_t b = pgb_type_by_name(name);
		if (b != PGB_NONE && !strcmp(pg_btypes[b].name, name))
			t = ty_builtin(b);
		else if (!schema && type_builtin_canonical(name)) {
			b = pgb_type_by_name(type_builtin_canonical(name));
			t = b != PGB_NONE ? ty_builtin(b) : NULL;
		}
	}
	if (!t && (!schema || strcmp(schema, "pg_catalog"))) {
		for (size_t i = 0; i < x->env->npath || schema; i++) {
			const char *sch = schema ? schema : x->env->path[i];
			CatType *u = catalog_find_type(x->env->cat, sch, name);
			if (u) {
				t = ty_user(x, u);
				break;
			}
			CatObject *rel = catalog_find_relation(x->env->cat, sch, name);
			if (rel &&
			    (rel->kind == OBJ_TABLE || rel->kind == OBJ_VIEW || rel->kind == OBJ_MATVIEW)) {
				t = ty_rowtype(x, rel);
				break;
			}
			if (schema)
				break;
		}
	}
	if (!t)
		return opaque();
	XType r = xt(t);
	if (tn->n_array_bounds) {
		const TypeInfo *a = ty_array_of(x, t);
		return a ? xt(a) : opaque();
	}
	r.typmod = typmod_from_names(t, tn);
	return r;
}

/* ---- coercion ---- */

bool coerce_slot(Xs *x, PgQuery__Node **slot, XType from, const TypeInfo *target, CoercionCtx cc, bool show)
{
	if (from.t == target || from.t->opaque || target->opaque)
		return true;
	if (ty_is(target, PGB_OID_ANY) || ty_is(target, PGB_OID_ANYELEMENT) ||
	    ty_is(target, PGB_OID_ANYNONARRAY) || ty_is(target, PGB_OID_ANYCOMPATIBLE) ||
	    ty_is(target, PGB_OID_ANYCOMPATIBLENONARRAY))
		return true;
	if (ty_is_polymorphic(target)) {
		/* a domain over an array (or range) passed to anyarray: relabelled to its base type */
		if (!ty_is(from.t, PGB_OID_UNKNOWN) && ty_base(from.t) != from.t && show)
			wrap_cast(x, slot, ty_base(from.t));
		return true;
	}
	if (ty_is(from.t, PGB_OID_UNKNOWN) && is_unknown_const(*slot)) {
		/* a literal becomes a constant of the target (its base type, then the domain check) */
		if (x->on_literal)
			x->on_literal(x->lit_ud, *slot, target);
		const TypeInfo *base = ty_base(target);
		wrap_cast(x, slot, base);
		if (base != target && show)
			wrap_cast(x, slot, target);
		return true;
	}
	CoercionPath p = find_coercion_pathway(target, from.t, cc);
	if (p == CP_NONE) {
		if (ty_is(from.t, PGB_OID_RECORD) && ty_is_complex(target))
			return true;
		if (ty_is(target, PGB_OID_RECORD) && ty_is_complex(from.t))
			return true;
		return false;
	}
	if (show)
		wrap_cast(x, slot, target);
	return true;
}

/* coerce_to_boolean: CONSTRUCT names the clause for the error. The coercion itself is never printed
 * (under AND/OR/NOT, WHERE, CHECK the deparser hides it), except a literal, which becomes a constant. */
static void to_boolean(Xs *x, PgQuery__Node **slot, XType t, const char *construct, int location)
{
	const TypeInfo *b = ty_oid(PGB_OID_BOOL);
	if (t.t->opaque || t.t == b)
		return;
	if (!coerce_slot(x, slot, t, b, CC_ASSIGNMENT, false))
		xs_error(x, "42804", "datatype-mismatch", location, NULL,
		         "argument of %s must be type %s, not type %s", construct, "boolean", ty_name(t.t));
}

/* ---- column references ---- */

XLevel *level_new(Xs *x, XLevel *up)
{
	XLevel *lv = arena_new(&x->a, XLevel);
	lv->up = up;
	if (up) {
		if (up->nchildren == up->capchildren) {
			size_t cap = up->capchildren ? up->capchildren * 2 : 4;
			XLevel **n = arena_array(&x->a, XLevel *, cap);
			if (up->nchildren)
				memcpy(n, up->children, up->nchildren * sizeof(*n));
			up->children = n;
			up->capchildren = cap;
		}
		up->children[up->nchildren++] = lv;
	}
	return lv;
}

static void push_rte(Xs *x, XRte ***items, size_t *n, size_t *cap, XRte *r)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 4;
		XRte **a = arena_array(&x->a, XRte *, c);
		if (*n)
			memcpy(a, *items, *n * sizeof(*a));
		*items = a;
		*cap = c;
	}
	(*items)[(*n)++] = r;
}

void level_add_rte(Xs *x, XLevel *lv, XRte *r, bool rel_visible, bool cols_visible)
{
	push_rte(x, &lv->rtes, &lv->nrtes, &lv->caprtes, r);
	if (rel_visible)
		push_rte(x, &lv->ns_rel, &lv->nns_rel, &lv->capns_rel, r);
	if (cols_visible)
		push_rte(x, &lv->ns_col, &lv->nns_col, &lv->capns_col, r);
}

void push_ns_col(Xs *x, XLevel *lv, XRte *r)
{
	push_rte(x, &lv->ns_col, &lv->nns_col, &lv->capns_col, r);
}

void level_add_ns_rel(Xs *x, XLevel *lv, XRte *r)
{
	push_rte(x, &lv->ns_rel, &lv->nns_rel, &lv->capns_rel, r);
}

void xs_add_qual(Xs *x, PgQuery__ColumnRef *cr, XRte *r, const char *colname)
{
	if (x->nquals == x->capquals) {
		size_t c = x->capquals ? x->capquals * 2 : 16;
		XQual *a = arena_array(&x->a, XQual, c);
		if (x->nquals)
			memcpy(a, x->quals, x->nquals * sizeof(*a));
		x->quals = a;
		x->capquals = c;
	}
	XQual *q = &x->quals[x->nquals++];
	q->cr = cr;
	q->rte = r;
	q->colname = colname;
}

/* Occurrences of column NAME in R: the count (>1 ambiguous inside R), -1 when R's columns are not all known
 * and NAME is not among the known ones. *IDX gets the first. */
int rte_find_col(const XRte *r, const char *name, size_t *idx)
{
	int hits = 0;
	for (size_t i = 0; i < r->ncols; i++)
		if (r->cols[i].name && !strcmp(r->cols[i].name, name)) {
			if (!hits)
				*idx = i;
			hits++;
		}
	if (!hits && !r->cols_known)
		return -1;
	return hits;
}

/* The relation entry named NAME (a qualified reference), from LV outwards; *UP gets how many levels up.
 * NULL when none. */
static XRte *find_rte(Xs *x, XLevel *lv, const char *schema, const char *name, int location, int *up,
                      bool *uncertain)
{
	*up = 0;
	*uncertain = false;
	for (XLevel *l = lv; l; l = l->up, (*up)++) {
		XRte *found = NULL;
		for (size_t i = 0; i < l->nns_rel && !l->hidden; i++) {
			XRte *r = l->ns_rel[i];
			if (!r->eref || strcmp(r->eref, name))
				continue;
			if (schema && (!r->rel || r->alias || strcmp(r->rel->schema, schema)))
				continue;
			if (found) {
				xs_error(x, "42712", "ambiguous-table", location, NULL,
				         "table reference \"%s\" is ambiguous", name);
				return NULL;
			}
			found = r;
		}
		if (found)
			return found;
	}
	return NULL;
}

/* Record the reference CR (sitting at level LV) to column IDX of R for qualification, or print it bare. */
void place_col_ref(Xs *x, XLevel *lv, PgQuery__ColumnRef *cr, XRte *r, size_t idx)
{
	/* a join's column is printed as its input's (qualified with that input's name); a merged FULL JOIN
	 * USING column has none and prints bare */
	while (r->is_join && !r->named && r->col_src) {
		XRte *src = r->col_src[idx];
		if (!src)
			break;
		idx = r->col_src_idx[idx];
		r = src;
	}
	const char *col = r->cols[idx].name;
	if (lv->qualify && !(r->is_join && !r->named)) {
		xs_add_qual(x, cr, r, col);
		return;
	}
	/* bare: drop a written qualifier */
	for (size_t i = 0; i + 1 < cr->n_fields; i++)
		node_free(cr->fields[i]);
	PgQuery__Node *last = cr->fields[cr->n_fields - 1];
	cr->fields[0] = last;
	cr->n_fields = 1;
	if (strcmp(str_of(last), col)) {
		free(last->string->sval);
		last->string->sval = xstrdup(col);
	}
}

static const char *kind_words(ExprKind k)
{
	switch (k) {
	case EXPRK_DEFAULT:
		return "DEFAULT expression";
	case EXPRK_GENERATED:
		return "column generation expression";
	case EXPRK_CHECK:
		return "check constraint";
	case EXPRK_INDEX_EXPR:
		return "index expression";
	case EXPRK_INDEX_PRED:
		return "index predicate";
	case EXPRK_POLICY:
		return "policy expression";
	case EXPRK_TRIGGER_WHEN:
		return "trigger WHEN condition";
	case EXPRK_DOMAIN_CHECK:
		return "check constraint";
	case EXPRK_VIEW:
		break;
	}
	return "expression";
}

static int expr_location(const PgQuery__Node *n);

static int expr_location_of(const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_PARAM_REF)
		return n->param_ref->location;
	return expr_location(n);
}

/* A function parameter as the deparser prints it: `fname.argname` when some query level around has a
 * range table, else `argname` (ruleutils' get_parameter); *SLOT becomes that reference. */
static XType param_ref(Xs *x, PgQuery__Node **slot, XLevel *lv, size_t k)
{
	bool qualify = false;
	for (XLevel *l = lv; l && !qualify; l = l->up)
		qualify = l->nrtes > 0;
	int loc = expr_location_of(*slot);
	PgQuery__ColumnRef *cr = xmalloc(sizeof(*cr));
	pg_query__column_ref__init(cr);
	cr->n_fields = qualify ? 2 : 1;
	cr->fields = xmalloc(2 * sizeof(PgQuery__Node *));
	size_t i = 0;
	if (qualify)
		cr->fields[i++] = mk_string(x->fname);
	cr->fields[i] = mk_string(x->pnames[k]);
	cr->location = loc;
	node_free(*slot);
	*slot = mk_node();
	(*slot)->node_case = PG_QUERY__NODE__NODE_COLUMN_REF;
	(*slot)->column_ref = cr;
	return x->ptypes[k];
}

/* The parameter named NAME (a reference that is no column), or -1. */
static int param_named(const Xs *x, const char *name)
{
	for (size_t k = 0; k < x->nparams; k++)
		if (x->pnames[k] && !strcmp(x->pnames[k], name))
			return (int)k;
	return -1;
}

/* The system columns every table has (pg_attribute's negative attnums). */
static const struct {
	const char *name;
	uint32_t oid;
} system_cols[] = {
    {"tableoid", PGB_OID_OID}, {"cmax", 29}, {"xmax", 28}, {"cmin", 29}, {"xmin", 28}, {"ctid", 27}};

static bool is_system_col(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(system_cols); i++)
		if (!strcmp(system_cols[i].name, name))
			return true;
	return false;
}

static XType xf_columnref(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__ColumnRef *cr = (*slot)->column_ref;
	size_t nf = cr->n_fields;
	if (!nf || cr->fields[nf - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return opaque(); /* t.* outside a target list: a whole row */
	for (size_t i = 0; i < nf; i++)
		if (!str_of(cr->fields[i]))
			return opaque();
	if (x->kind == EXPRK_DOMAIN_CHECK && nf == 1 && !strcmp(str_of(cr->fields[0]), "value") && !lv->up &&
	    lv->nns_col == 0) {
		/* VALUE: the domain's base type */
		return lv->value_type.t ? lv->value_type : opaque();
	}
	if (x->kind == EXPRK_DEFAULT && !lv->up && lv->nns_col == 0) {
		xs_error(x, "0A000", "invalid-default", cr->location, NULL,
		         "cannot use column reference in DEFAULT expression");
		return opaque();
	}
	const char *col = str_of(cr->fields[nf - 1]);
	XRte *r = NULL;
	size_t idx = 0;
	XLevel *at = NULL;
	if (nf == 1) {
		bool uncertain_any = false;
		for (XLevel *l = lv; l && !r; l = l->up) {
			bool uncertain = false;
			for (size_t i = 0; i < l->nns_col && !l->hidden; i++) {
				size_t k = 0;
				int m = rte_find_col(l->ns_col[i], col, &k);
				if (m < 0) {
					uncertain = true;
					continue;
				}
				if (m > 1 || (m == 1 && r)) {
					xs_error(x, "42702", "ambiguous-column", cr->location, NULL,
					         "column reference \"%s\" is ambiguous", col);
					return opaque();
				}
				if (m == 1) {
					r = l->ns_col[i];
					idx = k;
					at = l;
				}
			}
			if (!r && uncertain)
				return opaque(); /* it may be a column of the entry we do not know */
			uncertain_any |= uncertain;
		}
		(void)uncertain_any;
		if (!r) {
			/* a whole-row reference to an entry of that name (PostQUEL syntax) */
			int up;
			bool unc;
			if (find_rte(x, lv, NULL, col, cr->location, &up, &unc))
				return opaque();
			int k = param_named(x, col);
			if (k >= 0)
				return param_ref(x, slot, lv, (size_t)k);
			if (is_system_col(col))
				return opaque(); /* of a join's input: left to the server */
			xs_error(x, "42703", "undefined-column", cr->location, NULL,
			         "column \"%s\" does not exist", col);
			return opaque();
		}
	} else if (nf <= 4) {
		const char *relname = str_of(cr->fields[nf - 2]);
		const char *schema = nf >= 3 ? str_of(cr->fields[nf - 3]) : NULL;
		int up;
		bool unc;
		r = find_rte(x, lv, schema, relname, cr->location, &up, &unc);
		if (x->failed)
			return opaque();
		if (!r && nf == 2 && x->fname && !strcmp(relname, x->fname) && param_named(x, col) >= 0)
			return param_ref(x, slot, lv, (size_t)param_named(x, col));
		if (!r) {
			/* unknown entries at some level (a function, a sub-query we could not read) may be it
			 */
			for (XLevel *l = lv; l; l = l->up)
				for (size_t i = 0; i < l->nns_rel; i++)
					if (!l->ns_rel[i]->eref)
						return opaque();
			xs_error(x, "42P01", "undefined-table", cr->location, NULL,
			         "missing FROM-clause entry for table \"%s\"", relname);
			return opaque();
		}
		at = lv;
		for (int i = 0; i < up; i++)
			at = at->up;
		int m = rte_find_col(r, col, &idx);
		if (m < 0)
			return opaque();
		if (m > 1) {
			xs_error(x, "42702", "ambiguous-column", cr->location, NULL,
			         "column reference \"%s\" is ambiguous", col);
			return opaque();
		}
		if (m == 0) {
			/* perhaps f(t) written t.f, a function over the row: not modelled */
			xs_error(x, "42703", "undefined-column", cr->location, NULL,
			         "column %s.%s does not exist", relname, col);
			return opaque();
		}
	} else
		return opaque();
	if (x->kind == EXPRK_GENERATED && !lv->up && r->cols[idx].generated) {
		xs_error(x, "42P17", "invalid-generated", cr->location, NULL,
		         "cannot use generated column \"%s\" in column generation expression",
		         r->cols[idx].name);
		if (x->err && x->err->set && !x->err->detail)
			x->err->detail =
			    xstrdup("A generated column cannot reference another generated column.");
		return opaque();
	}
	at->nvars++;
	XType t = r->cols[idx].type;
	place_col_ref(x, lv, cr, r, idx);
	return t.t ? t : opaque();
}

/* ---- operators ---- */

static void op_signature(StrBuf *sb, const char *op, const TypeInfo *l, const TypeInfo *r)
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
		return opaque();
	Cand c;
	bool op_opaque;
	FuncDetail fd = oper_select(x, schema, name, lslot ? lt.t : NULL, rt.t, &c, &op_opaque);
	if (op_opaque)
		return opaque();
	if (fd != FD_NORMAL) {
		if (x->env->unknown_objects)
			return opaque();
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
		return opaque();
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
	note_volatility(x, c.volatility);
	const TypeInfo *ret = enforce_generic_type_consistency(x, n, actual, declared, c.ret);
	if (!ret)
		return opaque();
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
		return opaque();
	XType rt;
	if (ty_is(at.t, PGB_OID_UNKNOWN))
		rt = at;
	else {
		const TypeInfo *b = ty_base(at.t);
		if (!b->elem || b->category != 'A') {
			xs_error(x, "42809", "wrong-object-type", location, NULL,
			         "op ANY/ALL (array) requires array on right side");
			return opaque();
		}
		rt = xt(b->elem);
	}
	Cand c;
	bool op_opaque;
	FuncDetail fd = oper_select(x, schema, name, lt.t, rt.t, &c, &op_opaque);
	if (op_opaque)
		return opaque();
	if (fd != FD_NORMAL) {
		if (x->env->unknown_objects)
			return opaque();
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
		return opaque();
	}
	note_volatility(x, c.volatility);
	const TypeInfo *actual[2] = {lt.t, rt.t}, *declared[2] = {c.args[0], c.args[1]};
	const TypeInfo *ret = enforce_generic_type_consistency(x, 2, actual, declared, c.ret);
	if (!ret)
		return opaque();
	const TypeInfo *res_array = ty_is_polymorphic(c.args[1]) ? at.t : ty_array_of(x, declared[1]);
	if (!res_array)
		return opaque();
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
		return opaque();
	bool use_or = !strcmp(name, "=");
	bool use_and = !strcmp(name, "<>");
	if (!use_or && !use_and)
		return opaque();
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
		return any_opaque ? opaque() : xt(ty_oid(PGB_OID_BOOL));
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
		return opaque();
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
		return opaque();
	}
	node_free(*slot);
	*slot = out;
	return xf_expr(x, slot, lv);
}

static XType xf_aexpr(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__AExpr *a = (*slot)->a_expr;
	const char *schema, *name;
	opname_of(a, &schema, &name);
	switch (a->kind) {
	case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
	case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
	case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE: {
		if (!name || !a->rexpr)
			return opaque();
		if ((a->lexpr && (a->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR ||
		                  a->lexpr->node_case == PG_QUERY__NODE__NODE_SUB_LINK)) ||
		    a->rexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR) {
			/* row comparisons (make_row_comparison_op): the operands are analysed, not rewritten
			 */
			if (a->lexpr)
				xf_expr(x, &a->lexpr, lv);
			xf_expr(x, &a->rexpr, lv);
			return a->kind == PG_QUERY__A__EXPR__KIND__AEXPR_OP ? opaque()
			                                                    : xt(ty_oid(PGB_OID_BOOL));
		}
		XType lt = a->lexpr ? xf_expr(x, &a->lexpr, lv) : opaque();
		XType rt = xf_expr(x, &a->rexpr, lv);
		if (x->failed)
			return opaque();
		/* LIKE ... ESCAPE: like_escape(pattern, escape) (parsed as a function call already) */
		return make_op(x, schema, name, a->lexpr ? &a->lexpr : NULL, lt, &a->rexpr, rt, a->location);
	}
	case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ANY:
	case PG_QUERY__A__EXPR__KIND__AEXPR_OP_ALL: {
		if (!name || !a->lexpr || !a->rexpr || a->lexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR)
			return opaque();
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
			return opaque();
		XType lt = xf_expr(x, &a->lexpr, lv);
		XType rt = xf_expr(x, &a->rexpr, lv);
		XType r = make_op(x, schema, "=", &a->lexpr, lt, &a->rexpr, rt, a->location);
		if (r.t->opaque)
			return opaque();
		/* the result has the type of the (coerced) first argument */
		if (a->lexpr->node_case == PG_QUERY__NODE__NODE_TYPE_CAST &&
		    lt.t != ty_oid(PGB_OID_UNKNOWN)) {
			XType t = typename_type(x, a->lexpr->type_cast->type_name);
			return t;
		}
		return ty_is(lt.t, PGB_OID_UNKNOWN) ? opaque() : lt;
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
		return opaque();
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
	case EXPRK_VIEW:
		break;
	}
	return "this context";
}

static XType xf_func(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__FuncCall *f = (*slot)->func_call;
	const char *name = f->n_funcname ? str_of(f->funcname[f->n_funcname - 1]) : NULL;
	const char *schema = f->n_funcname >= 2 ? str_of(f->funcname[f->n_funcname - 2]) : NULL;
	if (!name || f->n_funcname > 3)
		return opaque();
	size_t n = f->n_args;
	if (n > FUNC_MAX_ARGS_X)
		return opaque();
	const TypeInfo **types = arena_array(&x->a, const TypeInfo *, n ? n : 1);
	XType *xts = arena_array(&x->a, XType, n ? n : 1);
	const char **names = arena_array(&x->a, const char *, n ? n : 1);
	PgQuery__Node ***slots = arena_array(&x->a, PgQuery__Node **, n ? n : 1);
	bool any_named = false, any_opaque = false;
	for (size_t i = 0; i < n; i++) {
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
	for (size_t i = 0; i < f->n_agg_order; i++)
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
		return opaque();
	Cand c;
	bool fopaque;
	FuncDetail fd = func_get_detail(x, schema, name, n, types, any_named ? names : NULL,
	                                !f->func_variadic, &c, &fopaque);
	if (fopaque)
		return opaque();
	if (fd == FD_COERCION) {
		/* typename(x): a cast (printed `(x)::typename`) */
		if (f->agg_star || f->agg_distinct || f->n_agg_order || f->agg_filter || f->over ||
		    f->func_variadic)
			return opaque();
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
			return opaque();
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
		return opaque();
	}
	if ((c.kind == 'a' || c.kind == 'w') && !lv->query) {
		xs_error(x, "42803", "grouping-error", f->location, NULL,
		         "%s functions are not allowed in %s", c.kind == 'a' ? "aggregate" : "window",
		         agg_words(x->kind));
		return opaque();
	}
	if (c.retset && !lv->query) {
		xs_error(x, "0A000", "feature-not-supported", f->location, NULL,
		         "set-returning functions are not allowed in %s", agg_words(x->kind));
		return opaque();
	}
	note_volatility(x, c.volatility);
	const TypeInfo **declared = arena_array(&x->a, const TypeInfo *, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		declared[i] = c.args[i];
	const TypeInfo *ret = enforce_generic_type_consistency(x, n, types, declared, c.ret);
	if (!ret)
		return opaque();
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

/* ---- other expression kinds ---- */

/* exprLocation over the analysed tree: the leftmost position of N (-1 when none). */
static int expr_location(const PgQuery__Node *n)
{
	if (!n)
		return -1;
	int l = -1;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		return n->a_const->location;
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		return n->column_ref->location;
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		return n->func_call->location;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		l = expr_location(n->type_cast->arg);
		return l >= 0 ? l : n->type_cast->location;
	case PG_QUERY__NODE__NODE_A_EXPR:
		l = expr_location(n->a_expr->lexpr);
		return l >= 0 && (n->a_expr->location < 0 || l < n->a_expr->location) ? l
		                                                                      : n->a_expr->location;
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
		l = n->bool_expr->n_args ? expr_location(n->bool_expr->args[0]) : -1;
		return l >= 0 && (n->bool_expr->location < 0 || l < n->bool_expr->location)
		           ? l
		           : n->bool_expr->location;
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		return n->case_expr->location;
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		return n->coalesce_expr->location;
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		return n->min_max_expr->location;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		return n->a_array_expr->location;
	case PG_QUERY__NODE__NODE_SUB_LINK:
		l = expr_location(n->sub_link->testexpr);
		return l >= 0 ? l : n->sub_link->location;
	case PG_QUERY__NODE__NODE_NULL_TEST:
		l = expr_location(n->null_test->arg);
		return l >= 0 ? l : n->null_test->location;
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		return n->row_expr->location;
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		return n->sqlvalue_function->location;
	case PG_QUERY__NODE__NODE_A_INDIRECTION:
		return expr_location(n->a_indirection->arg);
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		l = expr_location(n->collate_clause->arg);
		return l >= 0 ? l : n->collate_clause->location;
	default:
		return -1;
	}
}

static XType xf_case(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__CaseExpr *ce = (*slot)->case_expr;
	XType argt = {NULL, -1};
	if (ce->arg) {
		argt = xf_expr(x, &ce->arg, lv);
		if (ty_is(argt.t, PGB_OID_UNKNOWN)) {
			coerce_slot(x, &ce->arg, argt, ty_oid(PGB_OID_TEXT), CC_IMPLICIT, true);
			argt = xt(ty_oid(PGB_OID_TEXT));
		}
	}
	size_t n = ce->n_args;
	const TypeInfo **rtypes = arena_array(&x->a, const TypeInfo *, n + 1);
	XType *rx = arena_array(&x->a, XType, n + 1);
	bool any_opaque = false;
	for (size_t i = 0; i < n; i++) {
		PgQuery__Node *w = ce->args[i];
		if (w->node_case != PG_QUERY__NODE__NODE_CASE_WHEN)
			return opaque();
		PgQuery__CaseWhen *cw = w->case_when;
		XType wt = xf_expr(x, &cw->expr, lv);
		if (ce->arg) {
			/* `arg = value`: the value's coercion is not printed (only the value is) */
			if (!argt.t->opaque && !wt.t->opaque) {
				Cand c;
				bool op_opaque;
				FuncDetail fd = oper_select(x, NULL, "=", argt.t, wt.t, &c, &op_opaque);
				if (!op_opaque && fd == FD_NORMAL) {
					const TypeInfo *actual[2] = {argt.t, wt.t},
					               *declared[2] = {c.args[0], c.args[1]};
					if (enforce_generic_type_consistency(x, 2, actual, declared, c.ret))
						coerce_slot(x, &cw->expr, wt, declared[1], CC_IMPLICIT,
						            false);
				}
			}
		} else
			to_boolean(x, &cw->expr, wt, "CASE/WHEN", cw->location);
		rx[i] = xf_expr(x, &cw->result, lv);
		rtypes[i] = rx[i].t;
		any_opaque |= rx[i].t->opaque;
	}
	if (!ce->defresult) {
		/* no ELSE: the parser adds ELSE NULL, which the deparser prints */
		PgQuery__AConst *c = xmalloc(sizeof(*c));
		pg_query__a__const__init(c);
		c->isnull = true;
		c->location = -1;
		ce->defresult = mk_node();
		ce->defresult->node_case = PG_QUERY__NODE__NODE_A_CONST;
		ce->defresult->a_const = c;
	}
	rx[n] = xf_expr(x, &ce->defresult, lv);
	rtypes[n] = rx[n].t;
	any_opaque |= rx[n].t->opaque;
	if (x->failed || any_opaque)
		return opaque();
	/* the default result counts first (transformCaseExpr puts it at the head of the list) */
	const TypeInfo **order = arena_array(&x->a, const TypeInfo *, n + 1);
	order[0] = rtypes[n];
	memcpy(order + 1, rtypes, n * sizeof(*order));
	const TypeInfo *conflict;
	const TypeInfo *pt = select_common_type(x, n + 1, order, &conflict);
	if (!pt) {
		const PgQuery__Node *bad =
		    x->conflict_idx ? ce->args[x->conflict_idx - 1]->case_when->result : ce->defresult;
		xs_error(x, "42804", "datatype-mismatch", expr_location(bad), NULL,
		         "CASE types %s and %s cannot be matched", ty_name(order[0]), ty_name(conflict));
		return opaque();
	}
	for (size_t i = 0; i < n; i++)
		coerce_slot(x, &ce->args[i]->case_when->result, rx[i], pt, CC_IMPLICIT, true);
	coerce_slot(x, &ce->defresult, rx[n], pt, CC_IMPLICIT, true);
	return xt(pt);
}

/* COALESCE, GREATEST, LEAST: a common type for the arguments, each coerced to it. */
static XType xf_common(Xs *x, PgQuery__Node **args, size_t n, XLevel *lv, const char *what, int location)
{
	const TypeInfo **types = arena_array(&x->a, const TypeInfo *, n ? n : 1);
	XType *xts = arena_array(&x->a, XType, n ? n : 1);
	bool any_opaque = false;
	for (size_t i = 0; i < n; i++) {
		xts[i] = xf_expr(x, &args[i], lv);
		types[i] = xts[i].t;
		any_opaque |= types[i]->opaque;
	}
	if (x->failed || any_opaque || !n)
		return opaque();
	const TypeInfo *conflict;
	const TypeInfo *t = select_common_type(x, n, types, &conflict);
	if (!t) {
		int at = expr_location(args[x->conflict_idx]);
		xs_error(x, "42804", "datatype-mismatch", at >= 0 ? at : location, NULL,
		         "%s types %s and %s cannot be matched", what, ty_name(types[0]), ty_name(conflict));
		return opaque();
	}
	for (size_t i = 0; i < n; i++)
		coerce_slot(x, &args[i], xts[i], t, CC_IMPLICIT, true);
	return xt(t);
}

/* ARRAY[...]: ELEM (from a cast `ARRAY[...]::t[]`) or the common type of the elements. */
static XType xf_array(Xs *x, PgQuery__Node **slot, XLevel *lv, const TypeInfo *elem_target)
{
	PgQuery__AArrayExpr *ae = (*slot)->a_array_expr;
	size_t n = ae->n_elements;
	const TypeInfo **types = arena_array(&x->a, const TypeInfo *, n ? n : 1);
	XType *xts = arena_array(&x->a, XType, n ? n : 1);
	bool any_opaque = false;
	for (size_t i = 0; i < n; i++) {
		if (ae->elements[i]->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
			xts[i] = xf_array(x, &ae->elements[i], lv, elem_target);
		else
			xts[i] = xf_expr(x, &ae->elements[i], lv);
		types[i] = xts[i].t;
		any_opaque |= types[i]->opaque;
	}
	if (x->failed || any_opaque)
		return opaque();
	const TypeInfo *elem = elem_target;
	if (!elem) {
		if (!n) {
			xs_error(x, "42P18", "indeterminate-datatype", ae->location,
			         "Explicitly cast to the desired type, for example ARRAY[]::integer[].",
			         "cannot determine type of empty array");
			return opaque();
		}
		/* nested ARRAY[...] elements contribute their element types */
		const TypeInfo **et = arena_array(&x->a, const TypeInfo *, n);
		for (size_t i = 0; i < n; i++)
			et[i] =
			    ae->elements[i]->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && types[i]->elem
			        ? types[i]->elem
			        : types[i];
		const TypeInfo *conflict;
		elem = select_common_type(x, n, et, &conflict);
		if (!elem) {
			int at = expr_location(ae->elements[x->conflict_idx]);
			xs_error(x, "42804", "datatype-mismatch", at >= 0 ? at : ae->location, NULL,
			         "ARRAY types %s and %s cannot be matched", ty_name(et[0]),
			         ty_name(conflict));
			return opaque();
		}
		for (size_t i = 0; i < n; i++)
			if (ae->elements[i]->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR)
				coerce_slot(x, &ae->elements[i], xts[i], elem, CC_IMPLICIT, true);
	} else {
		for (size_t i = 0; i < n; i++)
			if (ae->elements[i]->node_case != PG_QUERY__NODE__NODE_A_ARRAY_EXPR &&
			    xts[i].t != elem) {
				/* elements of a cast array are cast explicitly */
				if (ty_is(xts[i].t, PGB_OID_UNKNOWN) && is_unknown_const(ae->elements[i]))
					coerce_slot(x, &ae->elements[i], xts[i], elem, CC_EXPLICIT, true);
				else if (find_coercion_pathway(elem, xts[i].t, CC_EXPLICIT) != CP_NONE)
					wrap_cast(x, &ae->elements[i], elem);
			}
	}
	const TypeInfo *arr = ty_array_of(x, elem);
	return arr ? xt(arr) : opaque();
}

static XType xf_typecast(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__TypeCast *tc = (*slot)->type_cast;
	XType target = typename_type(x, tc->type_name);
	if (!tc->arg)
		return target;
	if (is_unknown_const(tc->arg)) {
		if (x->on_literal && !target.t->opaque)
			x->on_literal(x->lit_ud, tc->arg, target.t);
		return target; /* a typed constant */
	}
	if (tc->arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && !target.t->opaque &&
	    ty_base(target.t)->elem && ty_base(target.t)->category == 'A') {
		/* ARRAY[...]::t[]: the elements are cast to t, the array cast goes (the server prints
		 * ARRAY['a'::t, ...]) */
		XType at = xf_array(x, &tc->arg, lv, ty_base(target.t)->elem);
		/* (an empty ARRAY[] keeps it: the deparser prints its type) */
		if (at.t == target.t && target.typmod < 0 && !x->failed &&
		    tc->arg->a_array_expr->n_elements) {
			PgQuery__Node *arg = tc->arg;
			tc->arg = NULL;
			node_free(*slot);
			*slot = arg;
		}
		return target;
	}
	XType from = xf_expr(x, &tc->arg, lv);
	if (from.t->opaque || target.t->opaque || x->failed)
		return target.t->opaque ? opaque() : target;
	if (from.t == target.t && (target.typmod < 0 || target.typmod == from.typmod)) {
		/* a cast to the type it already has is no node at all */
		PgQuery__Node *arg = tc->arg;
		tc->arg = NULL;
		node_free(*slot);
		*slot = arg;
		return from;
	}
	if (find_coercion_pathway(target.t, from.t, CC_EXPLICIT) == CP_NONE &&
	    !(ty_is(from.t, PGB_OID_RECORD) && ty_is_complex(target.t)) &&
	    !(ty_is(target.t, PGB_OID_RECORD) && ty_is_complex(from.t)) && !ty_is(from.t, PGB_OID_UNKNOWN) &&
	    !ty_is_complex(from.t) && !ty_is_complex(target.t)) {
		xs_error(x, "42846", "cannot-coerce", tc->location, NULL, "cannot cast type %s to %s",
		         ty_name(from.t), ty_name(target.t));
		return opaque();
	}
	return target;
}

static XType xf_sublink(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__SubLink *sl = (*slot)->sub_link;
	if (!lv->query && x->kind != EXPRK_POLICY) {
		xs_error(x, "0A000", "feature-not-supported", sl->location, NULL, "cannot use subquery in %s",
		         kind_words(x->kind));
		return opaque();
	}
	if (!sl->subselect || sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return opaque();
	XType lt = {NULL, -1};
	if (sl->testexpr)
		lt = xf_expr(x, &sl->testexpr, lv);
	XCol *cols = NULL;
	size_t ncols = 0;
	xf_sublink_select(x, sl->subselect->select_stmt, lv, &cols, &ncols);
	if (x->failed)
		return opaque();
	switch (sl->sub_link_type) {
	case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
		return xt(ty_oid(PGB_OID_BOOL));
	case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
		return ncols == 1 && cols[0].type.t ? cols[0].type : opaque();
	case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK: {
		if (ncols != 1 || !cols[0].type.t || cols[0].type.t->opaque)
			return opaque();
		const TypeInfo *a = ty_array_of(x, cols[0].type.t);
		return a ? xt(a) : opaque();
	}
	case PG_QUERY__SUB_LINK_TYPE__ANY_SUBLINK:
	case PG_QUERY__SUB_LINK_TYPE__ALL_SUBLINK: {
		if (!sl->testexpr || sl->testexpr->node_case == PG_QUERY__NODE__NODE_ROW_EXPR || ncols != 1 ||
		    !cols[0].type.t || lt.t->opaque || cols[0].type.t->opaque)
			return xt(ty_oid(PGB_OID_BOOL));
		const char *name = "=";
		const char *schema = NULL;
		if (sl->n_oper_name) {
			name = str_of(sl->oper_name[sl->n_oper_name - 1]);
			schema = sl->n_oper_name >= 2 ? str_of(sl->oper_name[sl->n_oper_name - 2]) : NULL;
		}
		if (!name)
			return xt(ty_oid(PGB_OID_BOOL));
		/* `x IN (SELECT c ...)`: the operator between x and c; x's coercion is printed, c's is not */
		PgQuery__Node *dummy = NULL;
		Cand c;
		bool op_opaque;
		FuncDetail fd = oper_select(x, schema, name, lt.t, cols[0].type.t, &c, &op_opaque);
		(void)dummy;
		if (op_opaque || x->env->unknown_objects)
			return xt(ty_oid(PGB_OID_BOOL));
		if (fd != FD_NORMAL) {
			StrBuf sb = STRBUF_INIT;
			op_signature(&sb, name, lt.t, cols[0].type.t);
			xs_error(
			    x, fd == FD_MULTIPLE ? "42725" : "42883",
			    fd == FD_MULTIPLE ? "ambiguous-operator" : "undefined-operator", sl->location,
			    fd == FD_MULTIPLE
			        ? "Could not choose a best candidate operator. You might need to add "
			          "explicit type casts."
			        : "No operator matches the given name and argument types. You might "
			          "need to add explicit type casts.",
			    fd == FD_MULTIPLE ? "operator is not unique: %s" : "operator does not exist: %s",
			    sb_str(&sb));
			sb_release(&sb);
			return opaque();
		}
		const TypeInfo *actual[2] = {lt.t, cols[0].type.t}, *declared[2] = {c.args[0], c.args[1]};
		if (enforce_generic_type_consistency(x, 2, actual, declared, c.ret))
			coerce_slot(x, &sl->testexpr, lt, declared[0], CC_IMPLICIT, true);
		return xt(ty_oid(PGB_OID_BOOL));
	}
	default:
		return opaque();
	}
}

static XType field_of(Xs *x, const TypeInfo *t, const char *field)
{
	t = ty_base(t);
	if (t->u && t->u->type_kind == TYPE_COMPOSITE) {
		for (size_t i = 0; i < t->u->nattrs; i++)
			if (!strcmp(t->u->attrs[i].name, field)) {
				XType r;
				r.t = ty_from_text(x, t->u->attrs[i].type, &r.typmod);
				return r;
			}
		return opaque();
	}
	if (t->rel && t->rel->kind == OBJ_TABLE) {
		CatColumn *c = table_find_column((const CatTable *)t->rel, field);
		if (c) {
			XType r;
			r.t = ty_from_text(x, c->type, &r.typmod);
			return r;
		}
	}
	return opaque();
}

static XType xf_indirection(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__AIndirection *ai = (*slot)->a_indirection;
	XType t = xf_expr(x, &ai->arg, lv);
	for (size_t i = 0; i < ai->n_indirection; i++) {
		PgQuery__Node *ind = ai->indirection[i];
		if (ind->node_case == PG_QUERY__NODE__NODE_A_INDICES) {
			PgQuery__AIndices *ix = ind->a_indices;
			if (ix->lidx)
				xf_expr(x, &ix->lidx, lv);
			if (ix->uidx)
				xf_expr(x, &ix->uidx, lv);
			const TypeInfo *b = ty_base(t.t);
			if (t.t->opaque)
				continue;
			if (ty_is(b, PGB_OID_JSONB) && !ix->is_slice)
				t = xt(b);
			else if (b->category == 'A' && b->elem)
				t = ix->is_slice ? xt(b) : xt(b->elem);
			else
				t = opaque();
		} else if (ind->node_case == PG_QUERY__NODE__NODE_STRING) {
			t = t.t->opaque ? t : field_of(x, t.t, ind->string->sval);
		} else
			t = opaque();
	}
	return t;
}

static XType sqlvalue_type(const PgQuery__SQLValueFunction *f)
{
	switch (f->op) {
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
		return xt(ty_oid(PGB_OID_DATE));
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
		return xt(ty_oid(1266 /* timetz */));
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
		return xt(ty_oid(PGB_OID_TIMESTAMPTZ));
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
		return xt(ty_oid(PGB_OID_TIME));
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
		return xt(ty_oid(PGB_OID_TIMESTAMP));
	default:
		return xt(ty_oid(PGB_OID_NAME));
	}
}

XType xf_expr(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__Node *n = *slot;
	if (!n || x->failed)
		return opaque();
	if (++x->depth > 2000) {
		x->depth--;
		return opaque(); /* deep trees are left as written (the stack is the limit, not the model) */
	}
	XType r;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		r = xf_columnref(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_A_CONST:
		r = const_type(n->a_const);
		break;
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		r = xf_typecast(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_A_EXPR:
		r = xf_aexpr(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_BOOL_EXPR: {
		PgQuery__BoolExpr *b = n->bool_expr;
		const char *what = b->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR  ? "AND"
		                   : b->boolop == PG_QUERY__BOOL_EXPR_TYPE__OR_EXPR ? "OR"
		                                                                    : "NOT";
		for (size_t i = 0; i < b->n_args; i++) {
			XType t = xf_expr(x, &b->args[i], lv);
			to_boolean(x, &b->args[i], t, what, b->location);
		}
		/* an argument rewritten into the same kind of BoolExpr (BETWEEN, IN) is merged as the parser
		 * merges the deparsed text */
		if (b->n_args && b->args[0]->node_case == PG_QUERY__NODE__NODE_BOOL_EXPR &&
		    b->args[0]->bool_expr->boolop == b->boolop &&
		    b->boolop != PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR) {
			PgQuery__Node **args = b->args;
			size_t na = b->n_args;
			b->args = NULL;
			b->n_args = 0;
			PgQuery__Node *m = mk_bool(b->boolop, args, na, b->location);
			free(args);
			node_free(*slot);
			*slot = m;
		}
		r = xt(ty_oid(PGB_OID_BOOL));
		break;
	}
	case PG_QUERY__NODE__NODE_NULL_TEST:
		xf_expr(x, &n->null_test->arg, lv);
		r = xt(ty_oid(PGB_OID_BOOL));
		break;
	case PG_QUERY__NODE__NODE_BOOLEAN_TEST: {
		XType t = xf_expr(x, &n->boolean_test->arg, lv);
		to_boolean(x, &n->boolean_test->arg, t, "IS TRUE", n->boolean_test->location);
		r = xt(ty_oid(PGB_OID_BOOL));
		break;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL:
		r = xf_func(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_CASE_EXPR:
		r = xf_case(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		r = xf_common(x, n->coalesce_expr->args, n->coalesce_expr->n_args, lv, "COALESCE",
		              n->coalesce_expr->location);
		break;
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		r = xf_common(x, n->min_max_expr->args, n->min_max_expr->n_args, lv,
		              n->min_max_expr->op == PG_QUERY__MIN_MAX_OP__IS_GREATEST ? "GREATEST" : "LEAST",
		              n->min_max_expr->location);
		break;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		r = xf_array(x, slot, lv, NULL);
		break;
	case PG_QUERY__NODE__NODE_ROW_EXPR:
		for (size_t i = 0; i < n->row_expr->n_args; i++)
			xf_expr(x, &n->row_expr->args[i], lv);
		r = xt(ty_oid(PGB_OID_RECORD));
		break;
	case PG_QUERY__NODE__NODE_SUB_LINK:
		r = xf_sublink(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_A_INDIRECTION:
		r = xf_indirection(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		r = xf_expr(x, &n->collate_clause->arg, lv);
		break;
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		r = sqlvalue_type(n->sqlvalue_function);
		break;
	case PG_QUERY__NODE__NODE_GROUPING_FUNC:
		r = xt(ty_oid(PGB_OID_INT4));
		break;
	case PG_QUERY__NODE__NODE_PARAM_REF: {
		/* $n of a function body: printed by its name when it has one */
		int k = n->param_ref->number - 1;
		if (k < 0 || (size_t)k >= x->nparams)
			r = opaque();
		else if (x->pnames[k])
			r = param_ref(x, slot, lv, (size_t)k);
		else
			r = x->ptypes[k];
		break;
	}
	default:
		r = opaque();
		break;
	}
	x->depth--;
	return r;
}

/* ---- entry points ---- */

static void xs_init(Xs *x, const ExprEnv *env, ExprKind kind, ExprError *err)
{
	memset(x, 0, sizeof(*x));
	x->env = env;
	x->kind = kind;
	x->err = err;
	arena_init(&x->a);
	hmap_init(&x->utypes);
	if (err)
		memset(err, 0, sizeof(*err));
}

static void xs_release(Xs *x)
{
	hmap_release(&x->utypes);
	arena_release(&x->a);
}

/* The relation's columns as an entry named after it. */
XRte *rte_for_relation(Xs *x, const CatObject *rel, const char *eref)
{
	XRte *r = arena_new(&x->a, XRte);
	r->eref = eref;
	r->relname = rel->name;
	r->rel = rel;
	r->named = true;
	if (rel->kind == OBJ_TABLE) {
		const CatTable *t = (const CatTable *)rel;
		r->ncols = t->columns.n;
		r->cols = arena_array(&x->a, XCol, r->ncols + ARRAY_LEN(system_cols));
		r->cols_known = true;
		for (size_t i = 0; i < t->columns.n; i++) {
			const CatColumn *c = t->columns.items[i];
			r->cols[i].name = c->name;
			r->cols[i].type.t = ty_from_text(x, c->type, &r->cols[i].type.typmod);
			r->cols[i].generated = c->generated != NULL;
			/* a table made by CREATE TABLE AS: its columns as the model derived them, not sure */
			if (!strcmp(c->type, "unknown"))
				r->cols_known = false;
		}
		for (size_t i = 0; i < ARRAY_LEN(system_cols); i++) {
			XCol *c = &r->cols[r->ncols++];
			c->name = system_cols[i].name;
			c->type = xt(ty_oid(system_cols[i].oid));
			c->system = true;
		}
	} else if (rel->kind == OBJ_VIEW || rel->kind == OBJ_MATVIEW) {
		const CatView *v = (const CatView *)rel;
		r->ncols = v->ncolumns;
		r->cols = arena_array(&x->a, XCol, r->ncols ? r->ncols : 1);
		r->cols_known = v->ncolumns > 0;
		for (size_t i = 0; i < v->ncolumns; i++) {
			r->cols[i].name = v->columns[i];
			if (v->ncolumn_types == v->ncolumns && v->column_types && v->column_types[i])
				r->cols[i].type.t =
				    ty_from_text(x, v->column_types[i], &r->cols[i].type.typmod);
			else
				r->cols[i].type = opaque();
		}
	} else {
		r->cols_known = false;
	}
	return r;
}

/* The top level of an expression of KIND: REL's columns (OLD and NEW for a trigger's WHEN), VALUE's type. */
static XLevel *expr_level(Xs *x, ExprKind kind, const CatObject *rel, const char *domain_base)
{
	XLevel *lv = level_new(x, NULL);
	if (rel && kind != EXPRK_DEFAULT) {
		if (kind == EXPRK_TRIGGER_WHEN) {
			level_add_rte(x, lv, rte_for_relation(x, rel, "old"), true, true);
			level_add_rte(x, lv, rte_for_relation(x, rel, "new"), true, true);
			lv->qualify = true;
		} else
			level_add_rte(x, lv, rte_for_relation(x, rel, rel->name), true, true);
	}
	if (kind == EXPRK_DOMAIN_CHECK && domain_base)
		lv->value_type.t = ty_from_text(x, domain_base, &lv->value_type.typmod);
	return lv;
}

PgQuery__Node *expr_analyze(const ExprEnv *env, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                            const char *domain_base, ExprError *err)
{
	if (!e)
		return NULL;
	Xs x;
	xs_init(&x, env, kind, err);
	PgQuery__Node *copy = node_copy(e);
	XLevel *lv = expr_level(&x, kind, rel, domain_base);
	XType t = xf_expr(&x, &copy, lv);
	if (!x.failed && (kind == EXPRK_CHECK || kind == EXPRK_POLICY || kind == EXPRK_INDEX_PRED ||
	                  kind == EXPRK_TRIGGER_WHEN || kind == EXPRK_DOMAIN_CHECK))
		to_boolean(&x, &copy, t,
		           kind == EXPRK_POLICY         ? "POLICY"
		           : kind == EXPRK_INDEX_PRED   ? "WHERE"
		           : kind == EXPRK_TRIGGER_WHEN ? "WHEN"
		                                        : "CHECK",
		           expr_location(copy));
	/* what must be immutable (CheckMutability): the functions and operators called, by their declared
	 * volatility (casts are not counted: their functions are not in the table) */
	if (!x.failed && x.volatility && x.volatility != 'i' &&
	    (kind == EXPRK_INDEX_EXPR || kind == EXPRK_INDEX_PRED || kind == EXPRK_GENERATED)) {
		if (kind == EXPRK_GENERATED)
			xs_error(&x, "42P17", "invalid-object-definition", expr_location(e), NULL,
			         "generation expression is not immutable");
		else
			xs_error(&x, "42P17", "invalid-object-definition", expr_location(e), NULL,
			         "functions in index %s must be marked IMMUTABLE",
			         kind == EXPRK_INDEX_EXPR ? "expression" : "predicate");
	}
	if (!x.failed)
		xs_name_levels(&x, lv);
	xs_release(&x);
	if (err && err->set) {
		node_free(copy);
		return NULL;
	}
	return copy;
}

void query_columns_free(QueryColumns *qc)
{
	for (size_t i = 0; i < qc->n; i++) {
		free(qc->names[i]);
		free(qc->types[i]);
	}
	free(qc->names);
	free(qc->types);
	memset(qc, 0, sizeof(*qc));
}

PgQuery__Node *query_analyze(const ExprEnv *env, const PgQuery__Node *select, const char *const *cols,
                             size_t ncols, QueryColumns *out, ExprError *err)
{
	if (out)
		memset(out, 0, sizeof(*out));
	if (!select || select->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return NULL;
	Xs x;
	xs_init(&x, env, EXPRK_VIEW, err);
	PgQuery__Node *copy = node_copy(select);
	XLevel *root = level_new(&x, NULL);
	XCol *oc = NULL;
	size_t on = 0;
	xf_select(&x, copy->select_stmt, root, &oc, &on, true, cols, ncols);
	for (size_t i = 0; i < on && !x.failed; i++)
		for (size_t j = 0; j < i; j++)
			if (oc[i].name && oc[j].name && !strcmp(oc[i].name, oc[j].name)) {
				xs_error(&x, "42701", "duplicate-column", -1, NULL,
				         "column \"%s\" specified more than once", oc[i].name);
				break;
			}
	if (!x.failed)
		xs_name_levels(&x, root);
	if (out && !x.failed && oc) {
		out->n = on;
		out->names = xcalloc(on ? on : 1, sizeof(char *));
		out->types = xcalloc(on ? on : 1, sizeof(char *));
		for (size_t i = 0; i < on; i++) {
			out->names[i] = xstrdup(oc[i].name ? oc[i].name : "?column?");
			out->types[i] =
			    xstrdup(oc[i].type.t ? ty_text(&x, oc[i].type.t, oc[i].type.typmod) : "?");
		}
	}
	bool failed = x.failed;
	xs_release(&x);
	if (failed && err && err->set) {
		node_free(copy);
		return NULL;
	}
	return copy;
}

/* ---- enum labels renamed inside stored expressions ---- */

typedef struct LabelHits {
	const CatType *enum_type;
	int *locs; /* literal locations typed as the enum (positive) or an array of it (negative - 1) */
	size_t n, cap;
} LabelHits;

static void collect_label(void *ud, const PgQuery__Node *lit, const TypeInfo *target)
{
	LabelHits *h = ud;
	const TypeInfo *b = ty_base(target);
	int loc = lit->a_const->location;
	if (loc < 0)
		return;
	int code;
	if (b->u == h->enum_type)
		code = loc;
	else if (b->category == 'A' && b->elem && ty_base(b->elem)->u == h->enum_type)
		code = -loc - 1;
	else
		return;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->locs = xrealloc(h->locs, h->cap * sizeof(int));
	}
	h->locs[h->n++] = code;
}

/* The elements of array literal S with OLD replaced by NEW (quoted where needed); NULL when none is. */
static char *rename_in_array_literal(const char *s, const char *old, const char *newlabel)
{
	size_t n = strlen(s);
	if (n < 2 || s[0] != '{' || s[n - 1] != '}')
		return NULL;
	StrBuf out = STRBUF_INIT;
	sb_putc(&out, '{');
	bool changed = false;
	const char *p = s + 1;
	while (*p && *p != '}') {
		StrBuf el = STRBUF_INIT;
		bool quoted = *p == '"';
		if (quoted) {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				sb_putc(&el, *p++);
			}
			if (*p == '"')
				p++;
		} else
			while (*p && *p != ',' && *p != '}')
				sb_putc(&el, *p++);
		const char *v = sb_str(&el);
		bool hit = !strcmp(v, old);
		changed |= hit;
		const char *w = hit ? newlabel : v;
		bool need_quote = quoted || !*w || strpbrk(w, "{},\" \\") || !strcasecmp(w, "null");
		if (need_quote) {
			sb_putc(&out, '"');
			for (const char *q = w; *q; q++) {
				if (*q == '"' || *q == '\\')
					sb_putc(&out, '\\');
				sb_putc(&out, *q);
			}
			sb_putc(&out, '"');
		} else
			sb_append(&out, w);
		sb_release(&el);
		if (*p == ',') {
			sb_putc(&out, ',');
			p++;
		}
	}
	sb_putc(&out, '}');
	if (!changed) {
		sb_release(&out);
		return NULL;
	}
	return sb_detach(&out);
}

typedef struct LabelEdit {
	const LabelHits *hits;
	const char *old, *newlabel;
	int changed;
} LabelEdit;

static void edit_labels(void *ud, const PgQuery__Node *n)
{
	LabelEdit *e = ud;
	if (n->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    n->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL || !n->a_const->sval->sval)
		return;
	int loc = n->a_const->location;
	for (size_t i = 0; i < e->hits->n; i++) {
		PgQuery__String *sv = n->a_const->sval;
		if (e->hits->locs[i] == loc && !strcmp(sv->sval, e->old)) {
			free(sv->sval);
			sv->sval = xstrdup(e->newlabel);
			e->changed++;
		} else if (e->hits->locs[i] == -loc - 1) {
			char *r = rename_in_array_literal(sv->sval, e->old, e->newlabel);
			if (r) {
				free(sv->sval);
				sv->sval = r;
				e->changed++;
			}
		}
	}
}

char *expr_rename_enum_label(const ExprEnv *env, ExprKind kind, const char *text, const CatObject *rel,
                             const char *context_type, const char *domain_base, const CatType *enum_type,
                             const char *old, const char *newlabel)
{
	if (!text || !strstr(text, old))
		return NULL;
	bool query = kind == EXPRK_VIEW;
	char *sql = query ? xstrdup(text) : xasprintf("SELECT %s", text);
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
	free(sql);
	PgQuery__ParseResult *tree = NULL;
	if (!pr.error)
		tree = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
		                                      (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	if (!tree || tree->n_stmts != 1 || !tree->stmts[0]->stmt ||
	    tree->stmts[0]->stmt->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
		if (tree)
			pg_query__parse_result__free_unpacked(tree, NULL);
		return NULL;
	}
	PgQuery__SelectStmt *sel = tree->stmts[0]->stmt->select_stmt;
	LabelHits hits = {enum_type, NULL, 0, 0};
	Xs x;
	xs_init(&x, env, kind, NULL);
	x.on_literal = collect_label;
	x.lit_ud = &hits;
	XLevel *lv = query ? level_new(&x, NULL) : expr_level(&x, kind, rel, domain_base);
	if (query) {
		PgQuery__Node *copy = node_copy(tree->stmts[0]->stmt);
		XCol *oc;
		size_t on;
		xf_select(&x, copy->select_stmt, lv, &oc, &on, true, NULL, 0);
		node_free(copy);
	} else if (sel->n_target_list == 1 &&
	           sel->target_list[0]->node_case == PG_QUERY__NODE__NODE_RES_TARGET) {
		PgQuery__Node *copy = node_copy(sel->target_list[0]->res_target->val);
		XType t = xf_expr(&x, &copy, lv);
		if (context_type && ty_is(t.t, PGB_OID_UNKNOWN) && is_unknown_const(copy)) {
			int32_t tm;
			const TypeInfo *ct = ty_from_text(&x, context_type, &tm);
			if (!ct->opaque)
				collect_label(&hits, copy, ct);
		}
		node_free(copy);
	}
	xs_release(&x);
	char *out = NULL;
	if (hits.n) {
		LabelEdit e = {&hits, old, newlabel, 0};
		sql_walk_nodes(tree->stmts[0]->stmt, edit_labels, &e);
		if (e.changed) {
			PgQueryProtobuf pb;
			pb.len = pg_query__parse_result__get_packed_size(tree);
			pb.data = xmalloc(pb.len ? pb.len : 1);
			pg_query__parse_result__pack(tree, (uint8_t *)pb.data);
			PgQueryDeparseResult dr = pg_query_deparse_protobuf(pb);
			free(pb.data);
			if (!dr.error && dr.query)
				out = xstrdup(query ? dr.query
				                    : dr.query + (strncmp(dr.query, "SELECT ", 7) ? 0 : 7));
			pg_query_free_deparse_result(dr);
		}
	}
	free(hits.locs);
	pg_query__parse_result__free_unpacked(tree, NULL);
	return out;
}

/* ---- SQL-standard function bodies ---- */

PgQuery__Node *sqlbody_analyze(const ExprEnv *env, const PgQuery__Node *body, const char *fname,
                               const char *const *names, const char *const *types, size_t n, bool *dml,
                               ExprError *err)
{
	*dml = false;
	if (!body)
		return NULL;
	Xs x;
	xs_init(&x, env, EXPRK_VIEW, err);
	x.fname = fname;
	x.pnames = names;
	x.nparams = n;
	x.ptypes = arena_array(&x.a, XType, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		x.ptypes[i].t = ty_from_text(&x, types[i], &x.ptypes[i].typmod);
	PgQuery__Node *copy = node_copy(body);
	XLevel *root = level_new(&x, NULL);
	root->query = true;
	if (copy->node_case == PG_QUERY__NODE__NODE_RETURN_STMT) {
		if (copy->return_stmt->returnval)
			xf_expr(&x, &copy->return_stmt->returnval, root);
	} else if (copy->node_case == PG_QUERY__NODE__NODE_LIST && copy->list->n_items == 1 &&
	           copy->list->items[0]->node_case == PG_QUERY__NODE__NODE_LIST) {
		PgQuery__List *stmts = copy->list->items[0]->list;
		for (size_t i = 0; i < stmts->n_items && !x.failed; i++) {
			if (stmts->items[i]->node_case != PG_QUERY__NODE__NODE_SELECT_STMT) {
				*dml = true; /* INSERT/UPDATE/DELETE: not followed */
				continue;
			}
			XCol *oc;
			size_t on;
			xf_sublink_select(&x, stmts->items[i]->select_stmt, root, &oc, &on);
		}
	} else
		*dml = true;
	if (!x.failed)
		xs_name_levels(&x, root);
	bool failed = x.failed;
	xs_release(&x);
	if (failed && err && err->set) {
		node_free(copy);
		return NULL;
	}
	return copy;
}
