/* expr.c — the expression walk of parse analysis (parse_expr.c): every node typed, names resolved,
 * operators and functions chosen, arguments coerced; the tree rewritten into what PostgreSQL's deparser
 * prints for the stored expression (see expr.h). Operators and function calls are in expr_ops.c, queries
 * (sub-queries, views) in expr_query.c, the entry points in expr_entry.c. */
#include "strata.h"
#include "analysis/expr_int.h"
#include "catalog/normalize.h"
#include "sql/parse.h"
#include "util/strbuf.h"

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
void note_volatility(Xs *x, char v)
{
	int rank = v == 'v' ? 2 : v == 's' ? 1 : 0;
	int cur = x->volatility == 'v' ? 2 : x->volatility == 's' ? 1 : 0;
	if (rank > cur)
		x->volatility = v;
}

/* ---- nodes (malloc'd protobuf messages: the rewritten tree is freed with protobuf-c's free) ---- */

PgQuery__Node *mk_node(void)
{
	PgQuery__Node *n = xmalloc(sizeof(*n));
	pg_query__node__init(n);
	return n;
}

PgQuery__Node *mk_string(const char *s)
{
	PgQuery__String *str = xmalloc(sizeof(*str));
	pg_query__string__init(str);
	str->sval = xstrdup(s);
	PgQuery__Node *n = mk_node();
	n->node_case = PG_QUERY__NODE__NODE_STRING;
	n->string = str;
	return n;
}

PgQuery__Node *mk_int(int v)
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

const char *str_of(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
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
 * have none); a user type always qualified with its schema (the catalog names objects by identity; the
 * text is made relative to a search_path when compared, catalog/relative.h). */
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
	} else {
		tn->n_names = 2;
		tn->names = xmalloc(2 * sizeof(PgQuery__Node *));
		tn->names[0] = mk_string(e->schema);
		tn->names[1] = mk_string(e->name);
	}
	return tn;
}

/* *SLOT becomes `(*SLOT)::T`. */
void wrap_cast(Xs *x, PgQuery__Node **slot, const TypeInfo *t)
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

PgQuery__Node *mk_aexpr(PgQuery__AExprKind kind, const char *op, PgQuery__Node *l, PgQuery__Node *r,
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
PgQuery__Node *mk_bool(PgQuery__BoolExprType op, PgQuery__Node **args, size_t n, int location)
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

XType xt(const TypeInfo *t)
{
	XType r = {t, -1};
	return r;
}

XType xt_opaque(void)
{
	return xt(ty_opaque());
}

bool is_unknown_const(const PgQuery__Node *n)
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
XType typename_type(Xs *x, const PgQuery__TypeName *tn)
{
	if (!tn || !tn->n_names || tn->pct_type || tn->setof)
		return xt_opaque();
	const char *name = str_of(tn->names[tn->n_names - 1]);
	const char *schema = tn->n_names >= 2 ? str_of(tn->names[tn->n_names - 2]) : NULL;
	if (!name || tn->n_names > 3)
		return xt_opaque();
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
		return xt_opaque();
	XType r = xt(t);
	if (tn->n_array_bounds) {
		const TypeInfo *a = ty_array_of(x, t);
		return a ? xt(a) : xt_opaque();
	}
	r.typmod = typmod_from_names(t, tn);
	return r;
}

/* ---- coercion ---- */

/* A literal that becomes a regclass constant (regclassin at parse time): the relation must exist, and the
 * constant prints as regclassout does, the name quoted and qualified (the catalog keeps it qualified;
 * regclassout leaves out a schema on the search_path, as the comparison does). LIT is the A_Const (its text
 * is rewritten). */
static void regclass_const(Xs *x, PgQuery__Node *lit)
{
	if (!lit || lit->node_case != PG_QUERY__NODE__NODE_A_CONST ||
	    lit->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL || x->failed)
		return;
	char *schema = NULL, *name = NULL;
	if (sql_split_qualified(lit->a_const->sval->sval, &schema, &name) != 0)
		return;
	const CatObject *rel = NULL;
	if (schema)
		rel = catalog_find_relation(x->env->cat, schema, name);
	for (size_t i = 0; i < x->env->npath && !schema && !rel; i++)
		rel = catalog_find_relation(x->env->cat, x->env->path[i], name);
	if (!rel) {
		bool system =
		    !strncmp(name, "pg_", 3) ||
		    (schema && (!strcmp(schema, "pg_catalog") || !strcmp(schema, "information_schema")));
		if (!system && !x->env->unknown_objects &&
		    (!schema || catalog_find_schema(x->env->cat, schema)))
			xs_error(x, "42P01", "undefined-relation", lit->a_const->location, NULL,
			         "relation \"%s\" does not exist", lit->a_const->sval->sval);
		else if (!system && schema && !x->env->unknown_objects)
			xs_error(x, "3F000", "undefined-schema", lit->a_const->location, NULL,
			         "schema \"%s\" does not exist", schema);
	} else {
		StrBuf sb = STRBUF_INIT;
		cat_quote_qualified(&sb, rel->schema, rel->name);
		free(lit->a_const->sval->sval);
		lit->a_const->sval->sval = xstrdup(sb_str(&sb));
		sb_release(&sb);
	}
	free(schema);
	free(name);
}

char *expr_enum_label_key(const CatType *t, const char *label)
{
	return xasprintf("%s\x1f%s", t->h.identity, label);
}

/* A string literal N becoming a value of enum type T: enum_in finds the label, and check_safe_enum_use
 * refuses one ALTER TYPE ... ADD VALUE added in the transaction still open (it would be invisible to
 * others, or gone after a rollback, while the constant lives on in a stored expression). */
static void enum_const(Xs *x, const PgQuery__Node *n, const TypeInfo *t)
{
	/* collecting the literals of a label that ALTER TYPE ... RENAME VALUE renamed
	 * (expr_rename_enum_label): the type already has the new label, the text still the old one */
	if (x->on_literal)
		return;
	if (n->node_case != PG_QUERY__NODE__NODE_A_CONST || n->a_const->isnull ||
	    n->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL || !n->a_const->sval)
		return;
	const char *v = n->a_const->sval->sval ? n->a_const->sval->sval : "";
	ExprEnumUse use = expr_enum_use(t->u, v, x->env->new_enum_labels);
	if (use == ENUM_USE_UNDEFINED)
		xs_error(x, "22P02", "undefined-enum-value", n->a_const->location, NULL,
		         "invalid input value for enum %s: \"%s\"", ty_name(t), v);
	else if (use == ENUM_USE_UNSAFE)
		xs_error(x, "55P04", "unsafe-new-enum-value", n->a_const->location, EXPR_ENUM_UNSAFE_HINT,
		         "unsafe use of new value \"%s\" of enum type %s", v, ty_name(t));
}

ExprEnumUse expr_enum_use(const CatType *t, const char *label, const HMap *new_labels)
{
	bool found = false;
	for (size_t i = 0; i < t->nlabels && !found; i++)
		found = !strcmp(t->labels[i], label);
	if (!found)
		return ENUM_USE_UNDEFINED;
	if (!new_labels || !new_labels->n)
		return ENUM_USE_OK;
	char *k = expr_enum_label_key(t, label);
	bool fresh = hmap_has(new_labels, k);
	free(k);
	return fresh ? ENUM_USE_UNSAFE : ENUM_USE_OK;
}

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
		if (ty_is(target, PGB_OID_REGCLASS))
			regclass_const(x, *slot);
		const TypeInfo *base = ty_base(target);
		if (base->u && base->u->type_kind == TYPE_ENUM)
			enum_const(x, *slot, base);
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
	note_volatility(x, coercion_volatility(target, from.t));
	if (show)
		wrap_cast(x, slot, target);
	return true;
}

/* coerce_to_boolean: CONSTRUCT names the clause for the error. The coercion itself is never printed
 * (under AND/OR/NOT, WHERE, CHECK the deparser hides it), except a literal, which becomes a constant. */
void to_boolean(Xs *x, PgQuery__Node **slot, XType t, const char *construct, int location)
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

const char *kind_words(ExprKind k)
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
	case EXPRK_TRANSFORM:
		return "transform expression";
	case EXPRK_PARTITION_KEY:
		return "partition key expression";
	case EXPRK_PARTITION_BOUND:
		return "partition bound";
	case EXPRK_VIEW:
		break;
	}
	return "expression";
}

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
	if (x->kind == EXPRK_PARTITION_BOUND && !lv->up && lv->nns_col == 0) {
		xs_error(x, "0A000", "invalid-partition-bound", cr->location, NULL,
		         "cannot use column reference in partition bound expression");
		return xt_opaque();
	}
	if (!nf || cr->fields[nf - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return xt_opaque(); /* t.* outside a target list: a whole row */
	for (size_t i = 0; i < nf; i++)
		if (!str_of(cr->fields[i]))
			return xt_opaque();
	if (x->kind == EXPRK_DOMAIN_CHECK && nf == 1 && !strcmp(str_of(cr->fields[0]), "value") && !lv->up &&
	    lv->nns_col == 0) {
		/* VALUE: the domain's base type */
		return lv->value_type.t ? lv->value_type : xt_opaque();
	}
	if (x->kind == EXPRK_DEFAULT && !lv->up && lv->nns_col == 0) {
		xs_error(x, "0A000", "invalid-default", cr->location, NULL,
		         "cannot use column reference in DEFAULT expression");
		return xt_opaque();
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
					return xt_opaque();
				}
				if (m == 1) {
					r = l->ns_col[i];
					idx = k;
					at = l;
				}
			}
			if (!r && uncertain)
				return xt_opaque(); /* it may be a column of the entry we do not know */
			uncertain_any |= uncertain;
		}
		(void)uncertain_any;
		if (!r) {
			/* a whole-row reference to an entry of that name (PostQUEL syntax) */
			int up;
			bool unc;
			XRte *whole = find_rte(x, lv, NULL, col, cr->location, &up, &unc);
			if (whole) {
				/* a whole-row Var: get_variable prints it `refname.*`, at the top level of a
				 * target list, ROW() or VALUES `refname.*::rowtype` (record for a sub-query)
				 */
				if (whole->eref && !whole->is_join) {
					xs_add_qual(x, cr, whole, NULL);
					if (x->toplevel == *slot)
						wrap_cast(x, slot,
						          whole->rel ? ty_rowtype(x, whole->rel)
						                     : ty_oid(PGB_OID_RECORD));
				}
				if (x->kind == EXPRK_GENERATED && !up &&
				    !lv->up) { /* check_nested_generated */
					xs_error(
					    x, "42P17", "invalid-generated", cr->location, NULL,
					    "cannot use whole-row variable in column generation expression");
					if (x->err && x->err->set && !x->err->detail)
						x->err->detail =
						    xstrdup("This would cause the generated column to "
						            "depend on its own value.");
				}
				return xt_opaque();
			}
			int k = param_named(x, col);
			if (k >= 0)
				return param_ref(x, slot, lv, (size_t)k);
			if (is_system_col(col))
				return xt_opaque(); /* of a join's input: left to the server */
			xs_error(x, "42703", "undefined-column", cr->location, NULL,
			         "column \"%s\" does not exist", col);
			return xt_opaque();
		}
	} else if (nf <= 4) {
		const char *relname = str_of(cr->fields[nf - 2]);
		const char *schema = nf >= 3 ? str_of(cr->fields[nf - 3]) : NULL;
		int up;
		bool unc;
		r = find_rte(x, lv, schema, relname, cr->location, &up, &unc);
		if (x->failed)
			return xt_opaque();
		if (!r && nf == 2 && x->fname && !strcmp(relname, x->fname) && param_named(x, col) >= 0)
			return param_ref(x, slot, lv, (size_t)param_named(x, col));
		if (!r) {
			/* unknown entries at some level (a function, a sub-query we could not read) may be it
			 */
			for (XLevel *l = lv; l; l = l->up)
				for (size_t i = 0; i < l->nns_rel; i++)
					if (!l->ns_rel[i]->eref)
						return xt_opaque();
			xs_error(x, "42P01", "undefined-table", cr->location, NULL,
			         "missing FROM-clause entry for table \"%s\"", relname);
			return xt_opaque();
		}
		at = lv;
		for (int i = 0; i < up; i++)
			at = at->up;
		int m = rte_find_col(r, col, &idx);
		if (m < 0)
			return xt_opaque();
		if (m > 1) {
			xs_error(x, "42702", "ambiguous-column", cr->location, NULL,
			         "column reference \"%s\" is ambiguous", col);
			return xt_opaque();
		}
		if (m == 0) {
			/* perhaps f(t) written t.f, a function over the row: not modelled */
			xs_error(x, "42703", "undefined-column", cr->location, NULL,
			         "column %s.%s does not exist", relname, col);
			return xt_opaque();
		}
	} else
		return xt_opaque();
	if (x->kind == EXPRK_GENERATED && r->cols[idx].system && strcmp(r->cols[idx].name, "tableoid")) {
		/* scanNSItemForColumn */
		xs_error(x, "42P10", "invalid-generated", cr->location, NULL,
		         "cannot use system column \"%s\" in column generation expression",
		         r->cols[idx].name);
		return xt_opaque();
	}
	if (x->kind == EXPRK_GENERATED && !lv->up && r->cols[idx].generated) {
		xs_error(x, "42P17", "invalid-generated", cr->location, NULL,
		         "cannot use generated column \"%s\" in column generation expression",
		         r->cols[idx].name);
		if (x->err && x->err->set && !x->err->detail)
			x->err->detail =
			    xstrdup("A generated column cannot reference another generated column.");
		return xt_opaque();
	}
	at->nvars++;
	XType t = r->cols[idx].type;
	place_col_ref(x, lv, cr, r, idx);
	return t.t ? t : xt_opaque();
}

/* ---- other expression kinds ---- */

/* exprLocation over the analysed tree: the leftmost position of N (-1 when none). */
int expr_location(const PgQuery__Node *n)
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
			return xt_opaque();
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
		return xt_opaque();
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
		return xt_opaque();
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
		return xt_opaque();
	const TypeInfo *conflict;
	const TypeInfo *t = select_common_type(x, n, types, &conflict);
	if (!t) {
		int at = expr_location(args[x->conflict_idx]);
		xs_error(x, "42804", "datatype-mismatch", at >= 0 ? at : location, NULL,
		         "%s types %s and %s cannot be matched", what, ty_name(types[0]), ty_name(conflict));
		return xt_opaque();
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
		return xt_opaque();
	const TypeInfo *elem = elem_target;
	if (!elem) {
		if (!n) {
			xs_error(x, "42P18", "indeterminate-datatype", ae->location,
			         "Explicitly cast to the desired type, for example ARRAY[]::integer[].",
			         "cannot determine type of empty array");
			return xt_opaque();
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
			return xt_opaque();
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
	return arr ? xt(arr) : xt_opaque();
}

/* A written type name TN that resolved to user type T (or an array of it) names its schema. */
static void qualify_typename(PgQuery__TypeName *tn, const TypeInfo *t)
{
	const TypeInfo *e = t->category == 'A' && t->elem && t->b == PGB_NONE ? t->elem : t;
	if (!tn || tn->n_names != 1 || e->opaque || e->b != PGB_NONE || !e->schema)
		return;
	PgQuery__Node **names = xmalloc(2 * sizeof(PgQuery__Node *));
	names[0] = mk_string(e->schema);
	names[1] = tn->names[0];
	free(tn->names);
	tn->names = names;
	tn->n_names = 2;
}

static XType xf_typecast(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__TypeCast *tc = (*slot)->type_cast;
	XType target = typename_type(x, tc->type_name);
	if (!target.t->opaque)
		qualify_typename(tc->type_name, target.t);
	if (!tc->arg)
		return target;
	if (is_unknown_const(tc->arg)) {
		if (x->on_literal && !target.t->opaque)
			x->on_literal(x->lit_ud, tc->arg, target.t);
		if (ty_is(target.t, PGB_OID_REGCLASS))
			regclass_const(x, tc->arg);
		if (!target.t->opaque && ty_base(target.t)->u && ty_base(target.t)->u->type_kind == TYPE_ENUM)
			enum_const(x, tc->arg, ty_base(target.t));
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
		return target.t->opaque ? xt_opaque() : target;
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
		return xt_opaque();
	}
	note_volatility(x, coercion_volatility(target.t, from.t));
	return target;
}

static XType xf_sublink(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__SubLink *sl = (*slot)->sub_link;
	if (!lv->query && x->kind != EXPRK_POLICY) {
		xs_error(x, "0A000", "feature-not-supported", sl->location, NULL, "cannot use subquery in %s",
		         kind_words(x->kind));
		return xt_opaque();
	}
	if (!sl->subselect || sl->subselect->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return xt_opaque();
	XType lt = {NULL, -1};
	if (sl->testexpr)
		lt = xf_expr(x, &sl->testexpr, lv);
	XCol *cols = NULL;
	size_t ncols = 0;
	xf_sublink_select(x, sl->subselect->select_stmt, lv, &cols, &ncols);
	if (x->failed)
		return xt_opaque();
	switch (sl->sub_link_type) {
	case PG_QUERY__SUB_LINK_TYPE__EXISTS_SUBLINK:
		return xt(ty_oid(PGB_OID_BOOL));
	case PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK:
		return ncols == 1 && cols[0].type.t ? cols[0].type : xt_opaque();
	case PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK: {
		if (ncols != 1 || !cols[0].type.t || cols[0].type.t->opaque)
			return xt_opaque();
		const TypeInfo *a = ty_array_of(x, cols[0].type.t);
		return a ? xt(a) : xt_opaque();
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
			return xt_opaque();
		}
		const TypeInfo *actual[2] = {lt.t, cols[0].type.t}, *declared[2] = {c.args[0], c.args[1]};
		if (enforce_generic_type_consistency(x, 2, actual, declared, c.ret))
			coerce_slot(x, &sl->testexpr, lt, declared[0], CC_IMPLICIT, true);
		return xt(ty_oid(PGB_OID_BOOL));
	}
	default:
		return xt_opaque();
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
		return xt_opaque();
	}
	if (t->rel && t->rel->kind == OBJ_TABLE) {
		CatColumn *c = table_find_column((const CatTable *)t->rel, field);
		if (c) {
			XType r;
			r.t = ty_from_text(x, c->type, &r.typmod);
			return r;
		}
	}
	return xt_opaque();
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
				t = xt_opaque();
		} else if (ind->node_case == PG_QUERY__NODE__NODE_STRING) {
			t = t.t->opaque ? t : field_of(x, t.t, ind->string->sval);
		} else
			t = xt_opaque();
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

/* A bit-string literal (B'0101', X'1F') is a constant of type bit (make_const: bit_in), printed as
 * '0101'::"bit": *SLOT becomes that cast of the bits' string. */
static void bit_const(Xs *x, PgQuery__Node **slot)
{
	const char *s = (*slot)->a_const->bsval->bsval;
	StrBuf sb = STRBUF_INIT;
	if (*s == 'x' || *s == 'X') {
		for (s++; *s; s++) {
			int v = *s >= '0' && *s <= '9'   ? *s - '0'
			        : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
			        : *s >= 'A' && *s <= 'F' ? *s - 'A' + 10
			                                 : -1;
			if (v < 0) {
				sb_release(&sb);
				return; /* bit_in would reject it: left as written */
			}
			for (int b = 3; b >= 0; b--)
				sb_putc(&sb, (v >> b) & 1 ? '1' : '0');
		}
	} else
		sb_append(&sb, s + (*s == 'b' || *s == 'B'));
	PgQuery__AConst *c = xmalloc(sizeof(*c));
	pg_query__a__const__init(c);
	c->val_case = PG_QUERY__A__CONST__VAL_SVAL;
	c->sval = xmalloc(sizeof(*c->sval));
	pg_query__string__init(c->sval);
	c->sval->sval = xstrdup(sb_str(&sb));
	c->location = (*slot)->a_const->location;
	sb_release(&sb);
	node_free(*slot);
	*slot = mk_node();
	(*slot)->node_case = PG_QUERY__NODE__NODE_A_CONST;
	(*slot)->a_const = c;
	wrap_cast(x, slot, ty_oid(1560 /* bit */));
}

XType xf_expr(Xs *x, PgQuery__Node **slot, XLevel *lv)
{
	PgQuery__Node *n = *slot;
	if (!n || x->failed)
		return xt_opaque();
	if (++x->depth > 2000) {
		x->depth--;
		return xt_opaque(); /* deep trees are left as written (the stack is the limit, not the model)
		                     */
	}
	XType r;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		r = xf_columnref(x, slot, lv);
		break;
	case PG_QUERY__NODE__NODE_A_CONST:
		r = const_type(n->a_const);
		if (n->a_const->val_case == PG_QUERY__A__CONST__VAL_BSVAL)
			bit_const(x, slot);
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
		for (size_t i = 0; i < n->row_expr->n_args; i++) {
			x->toplevel = n->row_expr->args[i];
			xf_expr(x, &n->row_expr->args[i], lv);
			x->toplevel = NULL;
		}
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
		note_volatility(x, 's'); /* every SQLValueFunction is stable */
		break;
	case PG_QUERY__NODE__NODE_GROUPING_FUNC:
		r = xt(ty_oid(PGB_OID_INT4));
		break;
	case PG_QUERY__NODE__NODE_PARAM_REF: {
		/* $n of a function body: printed by its name when it has one */
		int k = n->param_ref->number - 1;
		if (k < 0 || (size_t)k >= x->nparams)
			r = xt_opaque();
		else if (x->pnames[k])
			r = param_ref(x, slot, lv, (size_t)k);
		else
			r = x->ptypes[k];
		break;
	}
	default:
		r = xt_opaque();
		break;
	}
	x->depth--;
	return r;
}

/* ---- entry points ---- */

void xs_init(Xs *x, const ExprEnv *env, ExprKind kind, ExprError *err)
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

void xs_release(Xs *x)
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
				r->cols[i].type = xt_opaque();
		}
	} else {
		r->cols_known = false;
	}
	return r;
}
