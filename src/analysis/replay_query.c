/* replay_query.c — what a query (a view, CREATE TABLE AS, SELECT INTO, a materialized view) reads and
 * produces, as PostgreSQL's parse analysis sees it: its range tables (relations, subqueries, CTEs, joins,
 * functions), which relation each column reference belongs to (the view's pg_depend rows), and its output
 * columns with their names (FigureColname) and types (the result types of columns, casts, constants,
 * operators and common functions; an unknown-type literal becomes text). */
#include "strata.h"
#include "sql/colname.h"
#include "analysis/replay_int.h"
#include "analysis/replay_collate.h"
#include "sql/walk.h"

#include <errno.h>
#include <limits.h>

typedef struct QCol {
	const char *name;
	const char *type; /* canonical type text, NULL when not known */
	Coll coll;        /* its collation as derived (CS_UNKNOWN when not) */
} QCol;

/* One FROM item (a range table entry) as the query sees it. */
typedef struct QItem {
	const char *alias;  /* the name it is referenced by */
	const char *schema; /* for a relation: its schema (schema-qualified references) */
	CatObject *rel;     /* a relation of the catalog, or NULL */
	QCol *cols;
	size_t ncols;
	bool known; /* the column list is complete (else any column resolves to it silently) */
} QItem;

/* FROM clause tree, for `*` over joins (USING / NATURAL columns first, once). */
typedef struct QFrom {
	QItem *item; /* a leaf, or NULL for a join */
	struct QFrom *l, *r;
	const char **using;
	size_t nusing;
	bool natural;
} QFrom;

typedef struct QCte {
	const char *name;
	QCol *cols;
	size_t ncols;
	bool known;
} QCte;

typedef struct QScope {
	PtrList items; /* QItem* visible to column references */
	PtrList from;  /* QFrom* top-level FROM entries, in order */
	PtrList ctes;  /* QCte* */
	struct QScope *parent;
} QScope;

typedef struct QueryAn {
	ReplayState *st;
	CatObject *owner; /* records its dependencies, or NULL */
	Arena *a;
	bool report_relations; /* undefined relations are this analysis's errors to report */
	bool refused;          /* an error of the query itself was reported (report_relations only) */
	bool want_coll;        /* derive the output columns' collations (CREATE TABLE AS) */
	int sub_depth;         /* scalar sub-queries entered for a collation (bounded) */
} QueryAn;

/* The output of a query. */
typedef struct QOut {
	QCol *cols;
	size_t n, cap;
	bool known; /* the column list is complete */
} QOut;

static const char *const UNKNOWN_LIT = "unknown"; /* a string literal or NULL: resolved later */

static void out_push(QueryAn *qa, QOut *o, const char *name, const char *type)
{
	if (o->n == o->cap) {
		size_t nc = o->cap ? o->cap * 2 : 8;
		QCol *nv = arena_array(qa->a, QCol, nc);
		if (o->n)
			memcpy(nv, o->cols, o->n * sizeof(QCol));
		o->cols = nv;
		o->cap = nc;
	}
	o->cols[o->n++] = (QCol){name, type, {0}};
}

/* out_push with the column's derived collation C. */
static void out_push_c(QueryAn *qa, QOut *o, const char *name, const char *type, Coll c)
{
	out_push(qa, o, name, type);
	o->cols[o->n - 1].coll = c;
}

static bool query_out(QueryAn *qa, const PgQuery__Node *q, QScope *outer, QOut *out);
static void grouping_deps(QueryAn *qa, QScope *sc, const PgQuery__SelectStmt *s);
static const char *expr_type(QueryAn *qa, QScope *sc, const PgQuery__Node *e);

/* ---- types ---- */

static const char *strip_typmod(QueryAn *qa, const char *t)
{
	if (!t)
		return NULL;
	const char *p = strchr(t, '(');
	const char *q = strchr(t, '"');
	if (!p || (q && q < p))
		return t;
	const char *e = strchr(p, ')');
	if (!e)
		return t;
	return arena_sprintf(qa->a, "%.*s%s", (int)(p - t), t, e + 1);
}

static bool is_array(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	return n > 2 && !strcmp(t + n - 2, "[]");
}

static const char *elem_of(QueryAn *qa, const char *t)
{
	return is_array(t) ? arena_strndup(qa->a, t, strlen(t) - 2) : NULL;
}

/* Numeric category rank (PostgreSQL's implicit casts go up this order); 0 outside it. */
static int num_rank(const char *t)
{
	static const char *const r[] = {"smallint", "integer", "bigint",
	                                "numeric",  "real",    "double precision"};
	if (!t)
		return 0;
	for (size_t i = 0; i < ARRAY_LEN(r); i++)
		if (!strncmp(t, r[i], strlen(r[i])) && (t[strlen(r[i])] == 0 || t[strlen(r[i])] == '('))
			return (int)i + 1;
	return 0;
}

static bool is_string(const char *t)
{
	return t && (!strcmp(t, "text") || !strncmp(t, "character varying", 17) ||
	             !strncmp(t, "character", 9) || !strcmp(t, "name"));
}

static bool is_datetime(const char *t)
{
	return t && (!strcmp(t, "date") || !strncmp(t, "timestamp", 9));
}

/* select_common_type + select_common_typmod over TYPES[0..N) (UNKNOWN_LIT for a literal, NULL unknown;
 * NULLS marks literals that are NULL, which leave the type modifier alone). Returns NULL when a type is not
 * known, "text" when all are literals. */
static const char *common_type(QueryAn *qa, const char **types, const bool *nulls, size_t n)
{
	const char *best = NULL;
	for (size_t i = 0; i < n; i++) {
		const char *t = types[i];
		if (!t)
			return NULL;
		if (t == UNKNOWN_LIT)
			continue;
		if (!best) {
			best = t;
			continue;
		}
		const char *bb = strip_typmod(qa, best), *tb = strip_typmod(qa, t);
		if (!strcmp(bb, tb))
			continue;
		int rb = num_rank(bb), rt = num_rank(tb);
		if (rb && rt) {
			if (rt > rb)
				best = t;
			continue;
		}
		if (is_string(bb) && is_string(tb)) {
			best = "text";
			continue;
		}
		if (is_datetime(bb) && is_datetime(tb)) {
			/* date < timestamp < timestamptz */
			int db = !strcmp(bb, "date")                                      ? 1
			         : strstr(bb, "with time zone") && !strstr(bb, "without") ? 3
			                                                                  : 2;
			int dt = !strcmp(tb, "date")                                      ? 1
			         : strstr(tb, "with time zone") && !strstr(tb, "without") ? 3
			                                                                  : 2;
			if (dt > db)
				best = t;
			continue;
		}
		return NULL; /* not a case modelled */
	}
	if (!best)
		return "text";
	/* the type modifier survives only when every input has it */
	const char *base = strip_typmod(qa, best);
	bool same = true;
	for (size_t i = 0; i < n && same; i++) {
		if (types[i] == UNKNOWN_LIT)
			same = nulls && nulls[i];
		else
			same = !strcmp(types[i], best);
	}
	return same ? best : base;
}

static const char *lit_to_text(const char *t)
{
	return t == UNKNOWN_LIT ? "text" : t;
}

/* Result types of common built-in functions: fixed, or a rule over the argument types. */
static const char *func_type(QueryAn *qa, QScope *sc, const PgQuery__FuncCall *f, const char *name)
{
	static const struct {
		const char *name, *type;
	} fixed[] = {
	    {"now", "timestamp with time zone"},
	    {"statement_timestamp", "timestamp with time zone"},
	    {"clock_timestamp", "timestamp with time zone"},
	    {"transaction_timestamp", "timestamp with time zone"},
	    {"to_timestamp", "timestamp with time zone"},
	    {"to_date", "date"},
	    {"make_date", "date"},
	    {"to_number", "numeric"},
	    {"age", "interval"},
	    {"make_interval", "interval"},
	    {"justify_interval", "interval"},
	    {"length", "integer"},
	    {"char_length", "integer"},
	    {"character_length", "integer"},
	    {"octet_length", "integer"},
	    {"bit_length", "integer"},
	    {"position", "integer"},
	    {"strpos", "integer"},
	    {"array_length", "integer"},
	    {"cardinality", "integer"},
	    {"array_position", "integer"},
	    {"ascii", "integer"},
	    {"upper", "text"},
	    {"lower", "text"},
	    {"initcap", "text"},
	    {"trim", "text"},
	    {"btrim", "text"},
	    {"ltrim", "text"},
	    {"rtrim", "text"},
	    {"substring", "text"},
	    {"substr", "text"},
	    {"replace", "text"},
	    {"translate", "text"},
	    {"concat", "text"},
	    {"concat_ws", "text"},
	    {"format", "text"},
	    {"left", "text"},
	    {"right", "text"},
	    {"lpad", "text"},
	    {"rpad", "text"},
	    {"repeat", "text"},
	    {"reverse", "text"},
	    {"split_part", "text"},
	    {"regexp_replace", "text"},
	    {"md5", "text"},
	    {"to_char", "text"},
	    {"string_agg", "text"},
	    {"quote_ident", "text"},
	    {"quote_literal", "text"},
	    {"quote_nullable", "text"},
	    {"chr", "text"},
	    {"to_hex", "text"},
	    {"array_to_string", "text"},
	    {"jsonb_typeof", "text"},
	    {"json_typeof", "text"},
	    {"current_setting", "text"},
	    {"version", "text"},
	    {"gen_random_uuid", "uuid"},
	    {"uuid_generate_v4", "uuid"},
	    {"uuid_generate_v1", "uuid"},
	    {"random", "double precision"},
	    {"date_part", "double precision"},
	    {"percent_rank", "double precision"},
	    {"cume_dist", "double precision"},
	    {"extract", "numeric"},
	    {"count", "bigint"},
	    {"row_number", "bigint"},
	    {"rank", "bigint"},
	    {"dense_rank", "bigint"},
	    {"ntile", "integer"},
	    {"nextval", "bigint"},
	    {"currval", "bigint"},
	    {"lastval", "bigint"},
	    {"setval", "bigint"},
	    {"txid_current", "bigint"},
	    {"json_agg", "json"},
	    {"json_object_agg", "json"},
	    {"to_json", "json"},
	    {"row_to_json", "json"},
	    {"json_build_object", "json"},
	    {"json_build_array", "json"},
	    {"array_to_json", "json"},
	    {"jsonb_agg", "jsonb"},
	    {"jsonb_object_agg", "jsonb"},
	    {"to_jsonb", "jsonb"},
	    {"jsonb_build_object", "jsonb"},
	    {"jsonb_build_array", "jsonb"},
	    {"jsonb_set", "jsonb"},
	    {"jsonb_insert", "jsonb"},
	    {"jsonb_strip_nulls", "jsonb"},
	    {"jsonb_path_query_first", "jsonb"},
	    {"bool_and", "boolean"},
	    {"bool_or", "boolean"},
	    {"every", "boolean"},
	    {"starts_with", "boolean"},
	    {"pg_typeof", "regtype"},
	    {"encode", "text"},
	    {"decode", "bytea"},
	    {"sha256", "bytea"},
	    {"digest", "bytea"},
	    {"tsvector", "tsvector"},
	    {"to_tsvector", "tsvector"},
	    {"to_tsquery", "tsquery"},
	    {"plainto_tsquery", "tsquery"},
	    {"websearch_to_tsquery", "tsquery"},
	};
	for (size_t i = 0; i < ARRAY_LEN(fixed); i++)
		if (!strcmp(name, fixed[i].name))
			return fixed[i].type;
	const char *a0 = f->n_args ? expr_type(qa, sc, f->args[0]) : NULL;
	const char *a1 = f->n_args > 1 ? expr_type(qa, sc, f->args[1]) : NULL;
	const char *b0 = strip_typmod(qa, lit_to_text(a0));
	int r0 = num_rank(b0);
	if (!strcmp(name, "sum")) {
		if (r0 == 1 || r0 == 2)
			return "bigint";
		if (r0 == 3 || r0 == 4)
			return "numeric";
		return r0 ? b0 : b0 && !strcmp(b0, "interval") ? "interval" : NULL;
	}
	if (!strcmp(name, "avg")) {
		if (r0 >= 1 && r0 <= 4)
			return "numeric";
		return r0 ? "double precision" : b0 && !strcmp(b0, "interval") ? "interval" : NULL;
	}
	if (!strcmp(name, "max") || !strcmp(name, "min"))
		return is_string(b0) ? "text" : b0; /* max(varchar) is max(text) */
	if (!strcmp(name, "lag") || !strcmp(name, "lead") || !strcmp(name, "first_value") ||
	    !strcmp(name, "last_value") || !strcmp(name, "nth_value") || !strcmp(name, "any_value"))
		return b0;
	if (!strcmp(name, "abs") || !strcmp(name, "sign"))
		return r0 ? b0 : NULL;
	if (!strcmp(name, "round") || !strcmp(name, "trunc") || !strcmp(name, "floor") ||
	    !strcmp(name, "ceil") || !strcmp(name, "ceiling") || !strcmp(name, "sqrt") ||
	    !strcmp(name, "exp") || !strcmp(name, "ln"))
		return r0 == 4 ? "numeric" : r0 ? "double precision" : NULL;
	if (!strcmp(name, "power"))
		return r0 == 4 || num_rank(strip_typmod(qa, lit_to_text(a1))) == 4 ? "numeric"
		                                                                   : "double precision";
	if (!strcmp(name, "date_trunc"))
		return a1 && (!strcmp(a1, "interval") || !strncmp(a1, "timestamp without", 17)) ? a1
		       : a1 ? "timestamp with time zone"
		            : NULL;
	if (!strcmp(name, "array_agg"))
		return b0 ? arena_sprintf(qa->a, "%s[]", b0) : NULL;
	if (!strcmp(name, "unnest"))
		return elem_of(qa, b0);
	if (!strcmp(name, "generate_series"))
		return r0                                              ? b0
		       : b0 && !strcmp(b0, "timestamp with time zone") ? b0
		       : is_datetime(b0)                               ? b0
		                                                       : NULL;
	if (!strcmp(name, "nullif"))
		return a0 == UNKNOWN_LIT ? "text" : a0;
	if (!strcmp(name, "coalesce") || !strcmp(name, "greatest") || !strcmp(name, "least")) {
		const char **ts = arena_array(qa->a, const char *, f->n_args + 1);
		for (size_t i = 0; i < f->n_args; i++)
			ts[i] = expr_type(qa, sc, f->args[i]);
		return common_type(qa, ts, NULL, f->n_args);
	}
	return NULL;
}

static const char *const_type(const PgQuery__AConst *c)
{
	if (c->isnull)
		return UNKNOWN_LIT;
	switch (c->val_case) {
	case PG_QUERY__A__CONST__VAL_IVAL:
		return "integer";
	case PG_QUERY__A__CONST__VAL_FVAL: {
		/* an integer too large for int4 is an int8 (or numeric) constant; anything else numeric */
		const char *s = c->fval->fval;
		bool digits = *s != 0;
		for (const char *p = s; *p && digits; p++)
			digits = *p >= '0' && *p <= '9';
		if (digits) {
			errno = 0;
			(void)strtoll(s, NULL, 10);
			return errno == ERANGE ? "numeric" : "bigint";
		}
		return "numeric";
	}
	case PG_QUERY__A__CONST__VAL_BOOLVAL:
		return "boolean";
	case PG_QUERY__A__CONST__VAL_BSVAL:
		return "bit";
	default:
		return UNKNOWN_LIT;
	}
}

/* Result type of binary operator OP on L and R (PostgreSQL's built-in operators). */
static const char *op_type(QueryAn *qa, const char *op, const char *l, const char *r)
{
	static const char *const boolean_ops[] = {
	    "=",   "<>", "!=", "<", ">",  "<=", ">=", "~~", "!~~", "~~*", "!~~*", "~",  "!~", "~*",
	    "!~*", "@>", "<@", "?", "?|", "?&", "&&", "@@", "<<",  ">>",  "-|-",  "&<", "&>", "@?"};
	for (size_t i = 0; i < ARRAY_LEN(boolean_ops); i++)
		if (!strcmp(op, boolean_ops[i]) && strcmp(op, "<<") && strcmp(op, ">>"))
			return "boolean";
	if (!l && !r)
		return NULL;
	if (!strcmp(op, "->>") || !strcmp(op, "#>>"))
		return "text";
	if (!strcmp(op, "->") || !strcmp(op, "#>") || !strcmp(op, "#-"))
		return l && l != UNKNOWN_LIT ? strip_typmod(qa, l) : NULL;
	const char *lb = l == UNKNOWN_LIT ? NULL : strip_typmod(qa, l),
	           *rb = r == UNKNOWN_LIT ? NULL : strip_typmod(qa, r);
	if (!strcmp(op, "||")) {
		if (is_array(lb))
			return lb;
		if (is_array(rb))
			return rb;
		if ((lb && !strcmp(lb, "jsonb")) || (rb && !strcmp(rb, "jsonb")))
			return "jsonb";
		if (lb && !strcmp(lb, "tsvector"))
			return "tsvector";
		return "text";
	}
	/* a literal takes the other side's type */
	if (!lb && l == UNKNOWN_LIT)
		lb = rb;
	if (!rb && r == UNKNOWN_LIT)
		rb = lb;
	if (!lb || !rb)
		return NULL;
	int rl = num_rank(lb), rr = num_rank(rb);
	if (rl && rr) {
		if (!strcmp(op, "^"))
			return rl == 4 || rr == 4 ? (rl > 4 || rr > 4 ? "double precision" : "numeric")
			                          : "double precision";
		if (rl >= 5 || rr >= 5)
			return rl == 5 && rr == 5 ? "real" : "double precision";
		if (rl == 1 && rr == 1)
			return "smallint";
		return rl > rr ? lb : rb;
	}
	bool ld = is_datetime(lb), rd = is_datetime(rb);
	if (!strcmp(op, "-") && ld && rd)
		return !strcmp(lb, "date") && !strcmp(rb, "date") ? "integer" : "interval";
	if ((!strcmp(op, "+") || !strcmp(op, "-")) && ld) {
		if (!strcmp(rb, "interval"))
			return !strcmp(lb, "date") ? "timestamp without time zone" : lb;
		if (rr && !strcmp(lb, "date"))
			return "date";
	}
	if (!strcmp(op, "+") && rd && !strcmp(lb, "interval"))
		return !strcmp(rb, "date") ? "timestamp without time zone" : rb;
	if (!strcmp(lb, "interval") && (!strcmp(rb, "interval") || rr))
		return "interval";
	return NULL;
}

/* ---- scopes and column references ---- */

static QItem *scope_item(QScope *sc, const char *alias)
{
	for (; sc; sc = sc->parent)
		for (size_t i = sc->items.n; i-- > 0;) {
			QItem *it = sc->items.items[i];
			if (it->alias && !strcmp(it->alias, alias))
				return it;
		}
	return NULL;
}

static const QCol *item_col(const QItem *it, const char *col)
{
	for (size_t i = 0; i < it->ncols; i++)
		if (it->cols[i].name && !strcmp(it->cols[i].name, col))
			return &it->cols[i];
	return NULL;
}

static void depend_col(QueryAn *qa, QItem *it, const char *col)
{
	/* (a ROWS FROM item's columns of other functions are not its relation's) */
	if (col && it->rel && it->rel->kind == OBJ_TABLE && !table_find_column((CatTable *)it->rel, col))
		return;
	if (qa->owner && it->rel && it->rel != qa->owner)
		catalog_add_dep(qa->st->cat, qa->owner, it->rel, col, DEP_NORMAL);
}

/* Resolve a column reference: the column it names (NULL when not known, or a whole-row reference, whose
 * type is then in *WHOLE_ROW), recording the dependency on the column. */
static const QCol *column_ref_col(QueryAn *qa, QScope *sc, const PgQuery__ColumnRef *cr,
                                  const char **whole_row)
{
	*whole_row = NULL;
	const char *f[3] = {0};
	size_t n = cr->n_fields;
	if (n == 0 || n > 3)
		return NULL;
	for (size_t i = 0; i < n; i++)
		f[i] = rp_str(cr->fields[i]);
	if (!f[n - 1]) /* `t.*` outside a target list */
		return NULL;
	const char *col = f[n - 1];
	if (n == 1) {
		for (QScope *s = sc; s; s = s->parent) {
			bool unknown_item = false;
			for (size_t i = 0; i < s->items.n; i++) {
				QItem *it = s->items.items[i];
				const QCol *c = item_col(it, col);
				if (c) {
					depend_col(qa, it, col);
					return c;
				}
				unknown_item |= !it->known;
			}
			if (unknown_item)
				return NULL;
		}
		/* a whole-row reference to a FROM item (`SELECT t FROM t`) */
		QItem *it = scope_item(sc, col);
		if (it && it->rel) {
			depend_col(qa, it, NULL);
			*whole_row = cat_ident_qualified(qa->st->cat, it->rel->schema, it->rel->name);
		}
		return NULL;
	}
	QItem *it = NULL;
	if (n == 2)
		it = scope_item(sc, f[0]);
	else
		for (QScope *s = sc; s && !it; s = s->parent)
			for (size_t i = 0; i < s->items.n && !it; i++) {
				QItem *x = s->items.items[i];
				if (x->rel && x->schema && f[0] && !strcmp(x->schema, f[0]) &&
				    !strcmp(x->rel->name, f[1]))
					it = x;
			}
	if (!it)
		return NULL; /* a field of a composite column, or not modelled */
	const QCol *c = item_col(it, col);
	if (c)
		depend_col(qa, it, col);
	return c;
}

/* Resolve a column reference: its type (NULL when not known), recording the dependency on the column. */
static const char *column_ref(QueryAn *qa, QScope *sc, const PgQuery__ColumnRef *cr)
{
	const char *whole_row;
	const QCol *c = column_ref_col(qa, sc, cr, &whole_row);
	return c ? c->type : whole_row;
}

/* ---- expressions ---- */

typedef struct WalkCtx {
	QueryAn *qa;
	QScope *sc;
} WalkCtx;

static void walk_expr(QueryAn *qa, QScope *sc, const PgQuery__Node *e);

static bool walk_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	WalkCtx *w = ud;
	if (c->descriptor == &pg_query__node__descriptor)
		walk_expr(w->qa, w->sc, (const PgQuery__Node *)c);
	else
		sql_each_child(c, walk_child, w);
	return false;
}

/* Visit E for its dependencies: column references, subqueries (with SC as their outer scope), functions
 * and types it names. */
static void walk_expr(QueryAn *qa, QScope *sc, const PgQuery__Node *e)
{
	if (!e)
		return;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_COLUMN_REF:
		(void)column_ref(qa, sc, e->column_ref);
		return;
	case PG_QUERY__NODE__NODE_SUB_LINK: {
		PgQuery__SubLink *sl = e->sub_link;
		walk_expr(qa, sc, sl->testexpr);
		QOut o = {0};
		(void)query_out(qa, sl->subselect, sc, &o);
		return;
	}
	case PG_QUERY__NODE__NODE_SELECT_STMT: {
		QOut o = {0};
		(void)query_out(qa, e, sc, &o);
		return;
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = e->func_call;
		if (qa->owner) {
			CatFunction *fn = rp_find_call(qa->st, f);
			if (fn)
				catalog_add_dep(qa->st->cat, qa->owner, &fn->h, NULL, DEP_NORMAL);
		}
		break;
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST:
		if (qa->owner) {
			const PgQuery__TypeCast *tc = e->type_cast;
			CatType *t = rp_type_lookup(qa->st, tc->type_name);
			if (t)
				catalog_add_dep(qa->st->cat, qa->owner, &t->h, NULL, DEP_NORMAL);
			/* a regclass constant: a dependency on the relation (find_expr_references_walker) */
			const char *tname = tc->type_name && tc->type_name->n_names
			                        ? rp_str(tc->type_name->names[tc->type_name->n_names - 1])
			                        : NULL;
			if (tname && !strcmp(tname, "regclass") && tc->arg &&
			    tc->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			    tc->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
				CatObject *rel = rp_regclass_target(qa->st, tc->arg->a_const->sval->sval);
				if (rel && rel != qa->owner)
					catalog_add_dep(qa->st->cat, qa->owner, rel, NULL, DEP_NORMAL);
			}
		}
		break;
	default:
		break;
	}
	WalkCtx w = {qa, sc};
	sql_each_child(&e->base, walk_child, &w);
}

static const char *sql_value_type(const PgQuery__SQLValueFunction *v)
{
	switch (v->op) {
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE:
		return "date";
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N:
		return "time with time zone";
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N:
		return "timestamp with time zone";
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N:
		return "time without time zone";
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP:
	case PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N:
		return "timestamp without time zone";
	default:
		return "name";
	}
}

/* The type of expression E in scope SC (canonical text with its modifier; UNKNOWN_LIT for an untyped
 * literal; NULL when the model does not know). Type-only: dependencies are recorded by walk_expr. */
static const char *expr_type(QueryAn *qa, QScope *sc, const PgQuery__Node *e)
{
	if (!e)
		return NULL;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_A_CONST:
		return const_type(e->a_const);
	case PG_QUERY__NODE__NODE_COLUMN_REF: {
		QueryAn quiet = *qa;
		quiet.owner = NULL;
		return column_ref(&quiet, sc, e->column_ref);
	}
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		ReplayState *st = qa->st;
		int saved = st->lenient;
		st->lenient++; /* an undefined type was reported by the view's walk */
		const char *t = rp_type(st, e->type_cast->type_name, NULL);
		st->lenient = saved;
		return t;
	}
	case PG_QUERY__NODE__NODE_COLLATE_CLAUSE:
		return expr_type(qa, sc, e->collate_clause->arg);
	case PG_QUERY__NODE__NODE_BOOL_EXPR:
	case PG_QUERY__NODE__NODE_NULL_TEST:
	case PG_QUERY__NODE__NODE_BOOLEAN_TEST:
		return "boolean";
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		return sql_value_type(e->sqlvalue_function);
	case PG_QUERY__NODE__NODE_GROUPING_FUNC:
		return "integer";
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR: {
		PgQuery__Node **args = e->node_case == PG_QUERY__NODE__NODE_COALESCE_EXPR
		                           ? e->coalesce_expr->args
		                           : e->min_max_expr->args;
		size_t n = e->node_case == PG_QUERY__NODE__NODE_COALESCE_EXPR ? e->coalesce_expr->n_args
		                                                              : e->min_max_expr->n_args;
		const char **ts = arena_array(qa->a, const char *, n + 1);
		bool *nulls = arena_array(qa->a, bool, n + 1);
		for (size_t i = 0; i < n; i++) {
			ts[i] = expr_type(qa, sc, args[i]);
			nulls[i] =
			    args[i]->node_case == PG_QUERY__NODE__NODE_A_CONST && args[i]->a_const->isnull;
		}
		return common_type(qa, ts, nulls, n);
	}
	case PG_QUERY__NODE__NODE_CASE_EXPR: {
		PgQuery__CaseExpr *c = e->case_expr;
		const char **ts = arena_array(qa->a, const char *, c->n_args + 2);
		bool *nulls = arena_array(qa->a, bool, c->n_args + 2);
		size_t n = 0;
		for (size_t i = 0; i < c->n_args; i++)
			if (c->args[i]->node_case == PG_QUERY__NODE__NODE_CASE_WHEN) {
				const PgQuery__Node *r = c->args[i]->case_when->result;
				nulls[n] =
				    r && r->node_case == PG_QUERY__NODE__NODE_A_CONST && r->a_const->isnull;
				ts[n++] = expr_type(qa, sc, r);
			}
		bool null_else = !c->defresult || (c->defresult->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		                                   c->defresult->a_const->isnull);
		if (c->defresult) {
			nulls[n] = null_else;
			ts[n++] = expr_type(qa, sc, c->defresult);
		}
		/* exprTypmod: a CASE keeps a type modifier only when its ELSE result has it too */
		const char *t = common_type(qa, ts, nulls, n);
		return null_else ? strip_typmod(qa, t) : t;
	}
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: {
		PgQuery__AArrayExpr *a = e->a_array_expr;
		const char **ts = arena_array(qa->a, const char *, a->n_elements + 1);
		for (size_t i = 0; i < a->n_elements; i++)
			ts[i] = expr_type(qa, sc, a->elements[i]);
		const char *t = a->n_elements ? common_type(qa, ts, NULL, a->n_elements) : NULL;
		return t && !is_array(t) ? arena_sprintf(qa->a, "%s[]", t) : t;
	}
	case PG_QUERY__NODE__NODE_A_INDIRECTION: {
		PgQuery__AIndirection *ind = e->a_indirection;
		const char *t = expr_type(qa, sc, ind->arg);
		for (size_t i = 0; t && i < ind->n_indirection; i++) {
			const PgQuery__Node *x = ind->indirection[i];
			if (x->node_case != PG_QUERY__NODE__NODE_A_INDICES)
				return NULL;
			if (!x->a_indices->is_slice)
				t = elem_of(qa, strip_typmod(qa, t));
		}
		return t;
	}
	case PG_QUERY__NODE__NODE_SUB_LINK: {
		PgQuery__SubLink *sl = e->sub_link;
		if (sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__EXPR_SUBLINK ||
		    sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK) {
			QueryAn quiet = *qa;
			quiet.owner = NULL;
			QOut o = {0};
			if (!query_out(&quiet, sl->subselect, sc, &o) || o.n != 1 || !o.cols[0].type)
				return NULL;
			const char *t = lit_to_text(o.cols[0].type);
			return sl->sub_link_type == PG_QUERY__SUB_LINK_TYPE__ARRAY_SUBLINK
			           ? arena_sprintf(qa->a, "%s[]", t)
			           : t;
		}
		return "boolean";
	}
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		PgQuery__FuncCall *f = e->func_call;
		const char *schema, *name;
		rp_qualname(f->funcname, f->n_funcname, &schema, &name);
		if (!name)
			return NULL;
		if (!schema || strcmp(schema, "pg_catalog")) {
			CatFunction *fn = rp_find_call(qa->st, f);
			if (fn && fn->returns) {
				const char *r = fn->returns;
				if (!strncmp(r, "SETOF ", 6))
					r += 6;
				if (!strncmp(r, "TABLE(", 6) || !strcmp(r, "record") || !strcmp(r, "void") ||
				    !strcmp(r, "trigger") || !strncmp(r, "any", 3))
					return NULL;
				return r;
			}
			if (schema)
				return NULL;
		}
		return func_type(qa, sc, f, name);
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		PgQuery__AExpr *x = e->a_expr;
		switch (x->kind) {
		case PG_QUERY__A__EXPR__KIND__AEXPR_OP: {
			const char *op = x->n_name ? rp_str(x->name[x->n_name - 1]) : NULL;
			if (!op)
				return NULL;
			if (!x->lexpr) { /* prefix: -x, +x, ~x, @x */
				const char *t = expr_type(qa, sc, x->rexpr);
				return t == UNKNOWN_LIT ? NULL : t ? strip_typmod(qa, t) : NULL;
			}
			return op_type(qa, op, expr_type(qa, sc, x->lexpr), expr_type(qa, sc, x->rexpr));
		}
		case PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF: {
			const char *t = expr_type(qa, sc, x->lexpr);
			return t == UNKNOWN_LIT ? "text" : t;
		}
		default:
			return "boolean"; /* IN, LIKE, ILIKE, SIMILAR, BETWEEN, DISTINCT, ANY/ALL */
		}
	}
	default:
		return NULL;
	}
}

/* ---- collations (parse_collate.c's assign_collations_walker) ---- */

static Coll expr_coll(QueryAn *qa, QScope *sc, const PgQuery__Node *e);

/* Merge the states of nodes E[0..N) into ACC. */
static void merge_all(QueryAn *qa, QScope *sc, Coll *acc, PgQuery__Node *const *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (e[i])
			rp_coll_merge(acc, expr_coll(qa, sc, e[i]), NULL);
}

/* The collation state of expression E as parse analysis assigns it: a column carries its own implicitly,
 * a COLLATE clause its explicitly, a constant its type's, and a node of a collatable result type the merge
 * of its inputs (only the results of a CASE, the container of a subscript) or, when they have none, its
 * type's. CS_UNKNOWN wherever the model cannot follow. */
static Coll expr_coll(QueryAn *qa, QScope *sc, const PgQuery__Node *e)
{
	const Coll none = {NULL, NULL, CS_NONE};
	if (!e)
		return none;
	ReplayState *st = qa->st;
	if (e->node_case == PG_QUERY__NODE__NODE_COLLATE_CLAUSE) {
		const PgQuery__CollateClause *cc = e->collate_clause;
		const char *name = cc->n_collname ? rp_str(cc->collname[cc->n_collname - 1]) : NULL;
		return name ? (Coll){name, NULL, CS_EXPLICIT} : (Coll){0};
	}
	if (e->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		QueryAn quiet = *qa;
		quiet.owner = NULL;
		const char *whole_row;
		const QCol *c = column_ref_col(&quiet, sc, e->column_ref, &whole_row);
		return c ? rp_coll_as_var(c->coll) : whole_row ? none : (Coll){0};
	}
	const char *type = expr_type(qa, sc, e);
	if (e->node_case == PG_QUERY__NODE__NODE_A_CONST)
		/* an untyped literal resolves to text (or to its context's type: the inputs' merge ignores a
		 * default collation) */
		return type == UNKNOWN_LIT ? (Coll){"default", NULL, CS_IMPLICIT}
		                           : rp_coll_result(st, type, none);
	if (!type || type == UNKNOWN_LIT)
		return (Coll){0};
	bool known;
	if (!rp_type_collation(st, type, &known) && known)
		return none; /* not collatable: whatever the inputs */
	Coll in = none;
	switch (e->node_case) {
	case PG_QUERY__NODE__NODE_TYPE_CAST: {
		const PgQuery__Node *arg = e->type_cast->arg;
		if (arg && arg->node_case != PG_QUERY__NODE__NODE_A_CONST)
			in = expr_coll(qa, sc, arg); /* a constant becomes one of the type: its collation */
		break;
	}
	case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION:
		break;
	case PG_QUERY__NODE__NODE_FUNC_CALL: {
		const PgQuery__FuncCall *f = e->func_call;
		if (f->agg_within_group)
			return (Coll){0};
		merge_all(qa, sc, &in, f->args, f->n_args);
		break;
	}
	case PG_QUERY__NODE__NODE_A_EXPR: {
		const PgQuery__AExpr *x = e->a_expr;
		if (x->kind != PG_QUERY__A__EXPR__KIND__AEXPR_OP &&
		    x->kind != PG_QUERY__A__EXPR__KIND__AEXPR_NULLIF)
			return (Coll){0};
		PgQuery__Node *args[2] = {x->lexpr, x->rexpr};
		merge_all(qa, sc, &in, args, 2);
		break;
	}
	case PG_QUERY__NODE__NODE_COALESCE_EXPR:
		merge_all(qa, sc, &in, e->coalesce_expr->args, e->coalesce_expr->n_args);
		break;
	case PG_QUERY__NODE__NODE_MIN_MAX_EXPR:
		merge_all(qa, sc, &in, e->min_max_expr->args, e->min_max_expr->n_args);
		break;
	case PG_QUERY__NODE__NODE_A_ARRAY_EXPR:
		merge_all(qa, sc, &in, e->a_array_expr->elements, e->a_array_expr->n_elements);
		break;
	case PG_QUERY__NODE__NODE_CASE_EXPR: {
		const PgQuery__CaseExpr *c = e->case_expr;
		for (size_t i = 0; i < c->n_args; i++)
			if (c->args[i]->node_case == PG_QUERY__NODE__NODE_CASE_WHEN)
				rp_coll_merge(&in, expr_coll(qa, sc, c->args[i]->case_when->result), NULL);
		if (c->defresult)
			rp_coll_merge(&in, expr_coll(qa, sc, c->defresult), NULL);
		break;
	}
	case PG_QUERY__NODE__NODE_A_INDIRECTION: {
		const PgQuery__AIndirection *ind = e->a_indirection;
		for (size_t i = 0; i < ind->n_indirection; i++)
			if (ind->indirection[i]->node_case != PG_QUERY__NODE__NODE_A_INDICES)
				return (Coll){0};
		in = expr_coll(qa, sc, ind->arg);
		break;
	}
	case PG_QUERY__NODE__NODE_SUB_LINK: {
		/* the subquery acts as its first output column, implicitly */
		if (qa->sub_depth >= 4)
			return (Coll){0}; /* each level is analysed again: a bound on the work */
		QueryAn quiet = *qa;
		quiet.owner = NULL;
		quiet.sub_depth++;
		QOut o = {0};
		if (!query_out(&quiet, e->sub_link->subselect, sc, &o) || !o.n ||
		    (o.cols[0].coll.s != CS_IMPLICIT && o.cols[0].coll.s != CS_EXPLICIT))
			return (Coll){0};
		in = (Coll){o.cols[0].coll.name, NULL, CS_IMPLICIT};
		break;
	}
	default:
		return (Coll){0};
	}
	return rp_coll_result(st, type, in);
}

/* ---- FROM ---- */

static QItem *new_item(QueryAn *qa, QScope *sc, const char *alias)
{
	QItem *it = arena_new(qa->a, QItem);
	it->alias = alias;
	ptrlist_push(qa->a, &sc->items, it);
	return it;
}

/* Rename the first columns of IT after an alias column list (`AS x(a, b)`). */
static void alias_columns(QueryAn *qa, QItem *it, const PgQuery__Alias *al)
{
	if (!al || !al->n_colnames)
		return;
	if (al->n_colnames > it->ncols && it->known)
		return; /* PostgreSQL: "table has N columns available but M columns specified" (not modelled)
		         */
	if (al->n_colnames > it->ncols) {
		QCol *nc = arena_array(qa->a, QCol, al->n_colnames);
		if (it->ncols)
			memcpy(nc, it->cols, it->ncols * sizeof(QCol));
		it->cols = nc;
		it->ncols = al->n_colnames;
	} else {
		QCol *nc = arena_array(qa->a, QCol, it->ncols ? it->ncols : 1);
		memcpy(nc, it->cols, it->ncols * sizeof(QCol));
		it->cols = nc;
	}
	for (size_t i = 0; i < al->n_colnames; i++)
		it->cols[i].name = rp_str(al->colnames[i]);
}

static const QCte *find_cte(QScope *sc, const char *name)
{
	for (; sc; sc = sc->parent)
		for (size_t i = sc->ctes.n; i-- > 0;) {
			QCte *c = sc->ctes.items[i];
			if (!strcmp(c->name, name))
				return c;
		}
	return NULL;
}

/* Column I of view V's type as the model knows it, or NULL. */
static const char *view_column_type(const CatView *v, size_t i)
{
	if (!v->column_types || v->ncolumn_types != v->ncolumns || !v->column_types[i] ||
	    !strcmp(v->column_types[i], "?"))
		return NULL;
	return v->column_types[i];
}

static void relation_columns(QueryAn *qa, QItem *it, CatObject *o)
{
	if (o->kind == OBJ_TABLE) {
		CatTable *t = (CatTable *)o;
		it->ncols = t->columns.n;
		it->cols = arena_array(qa->a, QCol, it->ncols ? it->ncols : 1);
		for (size_t i = 0; i < t->columns.n; i++) {
			CatColumn *c = t->columns.items[i];
			it->cols[i] = (QCol){c->name, c->type_unknown ? NULL : c->type, {0}};
			if (!c->type_unknown) {
				bool known;
				const char *tc = rp_type_collation(qa->st, c->type, &known);
				if (known)
					it->cols[i].coll =
					    tc ? (Coll){c->collation ? c->collation : tc, NULL, CS_IMPLICIT}
					       : (Coll){NULL, NULL, CS_NONE};
			}
		}
		it->known = true;
	} else if (o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW) {
		CatView *v = (CatView *)o;
		it->ncols = v->ncolumns;
		it->cols = arena_array(qa->a, QCol, it->ncols ? it->ncols : 1);
		for (size_t i = 0; i < v->ncolumns; i++)
			it->cols[i] = (QCol){v->columns[i], view_column_type(v, i), {0}};
		it->known = v->ncolumns > 0;
	}
}

/* The table whose row type the one function of RF returns (`RETURNS t` / `RETURNS SETOF t`), or NULL. */
/* The table whose row type the call FC returns (`RETURNS t` / `RETURNS SETOF t`), or NULL. */
static CatObject *call_row_relation(QueryAn *qa, const PgQuery__FuncCall *fc)
{
	CatFunction *f = rp_find_function(qa->st, fc->funcname, fc->n_funcname, (int)fc->n_args);
	if (!f || !f->returns || qa->st->ambiguous)
		return NULL;
	const char *r = !strncmp(f->returns, "SETOF ", 6) ? f->returns + 6 : f->returns;
	for (size_t d = 0; d < f->h.ndeps; d++) {
		CatObject *o = f->h.deps[d].on;
		if (o->kind == OBJ_TABLE && !strcmp(r, cat_ident_qualified(qa->st->cat, o->schema, o->name)))
			return o;
	}
	return NULL;
}

static CatObject *function_row_relation(QueryAn *qa, QScope *sc, const PgQuery__RangeFunction *rf)
{
	(void)sc;
	for (size_t i = 0; i < rf->n_functions; i++) {
		const PgQuery__Node *pair = rf->functions[i];
		if (pair->node_case != PG_QUERY__NODE__NODE_LIST || !pair->list->n_items ||
		    pair->list->items[0]->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
			continue;
		return call_row_relation(qa, pair->list->items[0]->func_call);
	}
	return NULL;
}

/* ROWS FROM (f1(), f2(), ...) [WITH ORDINALITY], or one function WITH ORDINALITY, when one function returns
 * a table's row type and every other one a known scalar: IT gets the columns in order (the table's, one
 * named after each scalar function, then "ordinality") and the table as its relation, so that each of the
 * table's columns read is a dependency (process_function_rte_ref); false (IT untouched) otherwise. */
static bool rows_from_columns(QueryAn *qa, QScope *fsc, QItem *it, const PgQuery__RangeFunction *rf)
{
	if (rf->n_coldeflist || (rf->n_functions < 2 && !rf->ordinality))
		return false;
	CatObject *rowrel = NULL;
	size_t ncols = 0;
	for (size_t i = 0; i < rf->n_functions; i++) {
		const PgQuery__Node *pair = rf->functions[i];
		if (pair->node_case != PG_QUERY__NODE__NODE_LIST || !pair->list->n_items ||
		    pair->list->items[0]->node_case != PG_QUERY__NODE__NODE_FUNC_CALL ||
		    (pair->list->n_items > 1 && pair->list->items[1] &&
		     pair->list->items[1]->node_case != PG_QUERY__NODE__NODE__NOT_SET))
			return false;
		CatObject *r = call_row_relation(qa, pair->list->items[0]->func_call);
		if (r && (rowrel || r->kind != OBJ_TABLE))
			return false;
		if (r) {
			rowrel = r;
			ncols += ((CatTable *)r)->columns.n;
		} else {
			const char *type = expr_type(qa, fsc, pair->list->items[0]);
			if (!type || type == UNKNOWN_LIT || strchr(type, '.') || !strcmp(type, "record"))
				return false;
			/* a composite result (a type's or a table's row) has a column per attribute */
			const CatType *ct = rp_type_of_text(qa->st, type);
			if ((ct && ct->type_kind != TYPE_BASE && ct->type_kind != TYPE_ENUM &&
			     ct->type_kind != TYPE_RANGE) ||
			    rp_find_relation(qa->st, NULL, type))
				return false;
			ncols++;
		}
	}
	if (!rowrel)
		return false;
	QCol *cols = arena_array(qa->a, QCol, ncols + 1);
	size_t n = 0;
	for (size_t i = 0; i < rf->n_functions; i++) {
		const PgQuery__Node *call = rf->functions[i]->list->items[0];
		const PgQuery__FuncCall *fc = call->func_call;
		if (call_row_relation(qa, fc) == rowrel) {
			const CatTable *t = (const CatTable *)rowrel;
			for (size_t c = 0; c < t->columns.n; c++) {
				const CatColumn *col = t->columns.items[c];
				cols[n++] = (QCol){col->name, col->type_unknown ? NULL : col->type, {0}};
			}
		} else
			cols[n++] = (QCol){fc->n_funcname ? rp_str(fc->funcname[fc->n_funcname - 1]) : "?",
			                   expr_type(qa, fsc, call),
			                   {0}};
	}
	if (rf->ordinality)
		cols[n++] = (QCol){"ordinality", "bigint", {0}};
	it->cols = cols;
	it->ncols = n;
	it->known = true;
	it->rel = rowrel;
	it->schema = NULL;
	alias_columns(qa, it, rf->alias);
	return true;
}

static QFrom *from_item(QueryAn *qa, QScope *sc, QScope *outer, const PgQuery__Node *n);
static bool from_known(const QFrom *f);
static void star_from(QueryAn *qa, const QFrom *f, QOut *out);

/* A USING column COL of join side F: a dependency on every relation under F that has it (a nested join's
 * merged column stands for its sides' columns). */
static void using_deps(QueryAn *qa, const QFrom *f, const char *col)
{
	if (!f)
		return;
	if (f->item) {
		if (item_col(f->item, col))
			depend_col(qa, f->item, col);
		return;
	}
	using_deps(qa, f->l, col);
	using_deps(qa, f->r, col);
}

static QFrom *leaf(QueryAn *qa, QItem *it)
{
	QFrom *f = arena_new(qa->a, QFrom);
	f->item = it;
	return f;
}

static QFrom *from_item(QueryAn *qa, QScope *sc, QScope *outer, const PgQuery__Node *n)
{
	ReplayState *st = qa->st;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_RANGE_VAR: {
		PgQuery__RangeVar *rv = n->range_var;
		const char *alias = rv->alias && rv->alias->aliasname ? rv->alias->aliasname : rv->relname;
		const QCte *cte = !rv->schemaname ? find_cte(sc, rv->relname) : NULL;
		QItem *it = new_item(qa, sc, alias);
		if (cte) {
			it->cols = cte->cols;
			it->ncols = cte->ncols;
			it->known = cte->known;
		} else {
			bool system = false;
			CatObject *o = rp_range_relation(st, rv, !qa->report_relations, &system);
			if (o) {
				it->rel = o;
				it->schema = o->schema;
				relation_columns(qa, it, o);
				if (qa->owner && o != qa->owner)
					catalog_add_dep(st->cat, qa->owner, o, NULL, DEP_NORMAL);
			}
		}
		alias_columns(qa, it, rv->alias);
		return leaf(qa, it);
	}
	case PG_QUERY__NODE__NODE_RANGE_SUBSELECT: {
		PgQuery__RangeSubselect *rs = n->range_subselect;
		QOut o = {0};
		bool ok = query_out(qa, rs->subquery, rs->lateral ? sc : outer, &o);
		QItem *it = new_item(qa, sc, rs->alias ? rs->alias->aliasname : NULL);
		it->cols = o.cols;
		it->ncols = o.n;
		it->known = ok && o.known;
		alias_columns(qa, it, rs->alias);
		return leaf(qa, it);
	}
	case PG_QUERY__NODE__NODE_RANGE_FUNCTION: {
		PgQuery__RangeFunction *rf = n->range_function;
		const char *fname = NULL;
		const char *type = NULL;
		size_t nfuncs = 0;
		for (size_t i = 0; i < rf->n_functions; i++) {
			const PgQuery__Node *pair = rf->functions[i];
			if (pair->node_case != PG_QUERY__NODE__NODE_LIST || !pair->list->n_items)
				continue;
			const PgQuery__Node *call = pair->list->items[0];
			walk_expr(qa, rf->lateral ? sc : outer, call);
			nfuncs++;
			if (call->node_case == PG_QUERY__NODE__NODE_FUNC_CALL) {
				PgQuery__FuncCall *fc = call->func_call;
				fname = fc->n_funcname ? rp_str(fc->funcname[fc->n_funcname - 1]) : NULL;
				type = expr_type(qa, rf->lateral ? sc : outer, call);
			}
		}
		const char *alias = rf->alias && rf->alias->aliasname ? rf->alias->aliasname : fname;
		QItem *it = new_item(qa, sc, alias);
		/* a function returning a table's row type: its columns are the table's, and each one read
		 * is a dependency on that column (dependency.c process_function_rte_ref) */
		CatObject *rowrel = nfuncs == 1 && !rf->ordinality && !rf->n_coldeflist
		                        ? function_row_relation(qa, rf->lateral ? sc : outer, rf)
		                        : NULL;
		if (!rowrel && rows_from_columns(qa, rf->lateral ? sc : outer, it, rf))
			return leaf(qa, it);
		if (rowrel) {
			relation_columns(qa, it, rowrel);
			it->rel = rowrel;
			it->schema = NULL; /* not a name `schema.rel.col` reaches */
			alias_columns(qa, it, rf->alias);
			return leaf(qa, it);
		}
		/* a function returning a scalar: one column named after the alias (or the function) */
		bool scalar = nfuncs == 1 && !rf->ordinality && !rf->n_coldeflist && type &&
		              type != UNKNOWN_LIT && !strchr(type, '.');
		if (scalar) {
			it->ncols = 1;
			it->cols = arena_array(qa->a, QCol, 1);
			it->cols[0] = (QCol){alias, type, {0}};
			it->known = true;
		}
		alias_columns(qa, it, rf->alias);
		return leaf(qa, it);
	}
	case PG_QUERY__NODE__NODE_JOIN_EXPR: {
		PgQuery__JoinExpr *j = n->join_expr;
		QFrom *f = arena_new(qa->a, QFrom);
		f->l = j->larg ? from_item(qa, sc, outer, j->larg) : NULL;
		f->r = j->rarg ? from_item(qa, sc, outer, j->rarg) : NULL;
		f->natural = j->is_natural;
		f->nusing = j->n_using_clause;
		f->using = arena_array(qa->a, const char *, j->n_using_clause + 1);
		for (size_t i = 0; i < j->n_using_clause; i++)
			f->using[i] = rp_str(j->using_clause[i]);
		/* a USING column must be on both sides (transformJoinUsingClause) */
		for (int side = 0; side < 2; side++) {
			const QFrom *x = side ? f->r : f->l;
			if (!from_known(x))
				continue;
			QOut cols = {0};
			star_from(qa, x, &cols);
			for (size_t i = 0; i < f->nusing; i++) {
				bool found = false;
				for (size_t k = 0; k < cols.n && !found; k++)
					found = cols.cols[k].name && f->using[i] &&
					        !strcmp(cols.cols[k].name, f->using[i]);
				if (!found && f->using[i]) {
					rp_diag(st, SEV_ERROR, "undefined-column", -1,
					        "column \"%s\" specified in USING clause does not exist in "
					        "%s table",
					        f->using[i], side ? "right" : "left");
					return f;
				}
			}
		}
		/* the join's condition compares the USING columns of both sides: the query depends on them
		 * (the merged column is not what it reads) */
		for (size_t i = 0; i < f->nusing; i++)
			if (f->using[i]) {
				using_deps(qa, f->l, f->using[i]);
				using_deps(qa, f->r, f->using[i]);
			}
		walk_expr(qa, sc, j->quals);
		if (j->alias && j->alias->aliasname) {
			/* (a JOIN b) AS j: one more item, with the join's columns */
			QItem *it = new_item(qa, sc, j->alias->aliasname);
			it->known = false;
		}
		return f;
	}
	case PG_QUERY__NODE__NODE_RANGE_TABLE_SAMPLE:
		return n->range_table_sample->relation
		           ? from_item(qa, sc, outer, n->range_table_sample->relation)
		           : NULL;
	default: {
		QItem *it = new_item(qa, sc, NULL); /* XMLTABLE and the like: columns not modelled */
		it->known = false;
		return leaf(qa, it);
	}
	}
}

static bool from_known(const QFrom *f)
{
	if (!f)
		return false;
	if (f->item)
		return f->item->known;
	return from_known(f->l) && from_known(f->r);
}

static bool in_names(const char **names, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && s && !strcmp(names[i], s))
			return true;
	return false;
}

/* The columns `*` gives over F, in order. */
static void star_from(QueryAn *qa, const QFrom *f, QOut *out)
{
	if (!f)
		return;
	if (f->item) {
		for (size_t i = 0; i < f->item->ncols; i++)
			out_push_c(qa, out, f->item->cols[i].name, f->item->cols[i].type,
			           rp_coll_as_var(f->item->cols[i].coll));
		return;
	}
	QOut l = {0}, r = {0};
	star_from(qa, f->l, &l);
	star_from(qa, f->r, &r);
	const char **common = f->using;
	size_t nc = f->nusing;
	if (f->natural) {
		common = arena_array(qa->a, const char *, l.n + 1);
		nc = 0;
		for (size_t i = 0; i < l.n; i++)
			for (size_t k = 0; k < r.n; k++)
				if (l.cols[i].name && r.cols[k].name &&
				    !strcmp(l.cols[i].name, r.cols[k].name))
					common[nc++] = l.cols[i].name;
	}
	for (size_t i = 0; i < nc; i++) /* merged columns first, with the left side's type */
		for (size_t k = 0; k < l.n; k++)
			if (l.cols[k].name && !strcmp(l.cols[k].name, common[i])) {
				const char *ts[2] = {l.cols[k].type, NULL};
				for (size_t q = 0; q < r.n; q++)
					if (r.cols[q].name && !strcmp(r.cols[q].name, common[i]))
						ts[1] = r.cols[q].type;
				out_push(qa, out, common[i], ts[1] ? common_type(qa, ts, NULL, 2) : ts[0]);
				break;
			}
	for (size_t i = 0; i < l.n; i++)
		if (!in_names(common, nc, l.cols[i].name))
			out_push_c(qa, out, l.cols[i].name, l.cols[i].type, l.cols[i].coll);
	for (size_t i = 0; i < r.n; i++)
		if (!in_names(common, nc, r.cols[i].name))
			out_push_c(qa, out, r.cols[i].name, r.cols[i].type, r.cols[i].coll);
}

/* ---- queries ---- */

static void with_clause(QueryAn *qa, QScope *sc, const PgQuery__WithClause *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n_ctes; i++) {
		if (w->ctes[i]->node_case != PG_QUERY__NODE__NODE_COMMON_TABLE_EXPR)
			continue;
		PgQuery__CommonTableExpr *c = w->ctes[i]->common_table_expr;
		QCte *cte = arena_new(qa->a, QCte);
		cte->name = c->ctename;
		QOut o = {0};
		const PgQuery__Node *q = c->ctequery;
		/* WITH RECURSIVE: the non-recursive term names and types the columns */
		if (w->recursive && q && q->node_case == PG_QUERY__NODE__NODE_SELECT_STMT &&
		    q->select_stmt->op != PG_QUERY__SET_OPERATION__SETOP_NONE && q->select_stmt->larg) {
			PgQuery__Node tmp = PG_QUERY__NODE__INIT;
			tmp.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
			tmp.select_stmt = q->select_stmt->larg;
			cte->known = query_out(qa, &tmp, sc, &o) && o.known;
			ptrlist_push(qa->a, &sc->ctes, cte);
			cte->cols = o.cols;
			cte->ncols = o.n;
			for (size_t k = 0; k < c->n_aliascolnames && k < cte->ncols; k++)
				cte->cols[k].name = rp_str(c->aliascolnames[k]);
			QOut all = {0};
			(void)query_out(qa, q, sc, &all); /* dependencies of the recursive term */
			continue;
		}
		bool ok = q && q->node_case == PG_QUERY__NODE__NODE_SELECT_STMT && query_out(qa, q, sc, &o);
		if (q && q->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
			walk_expr(qa, sc, q); /* data-modifying CTE: its relations */
		cte->known = ok && o.known;
		cte->cols = o.cols;
		cte->ncols = o.n;
		if (c->n_aliascolnames) {
			QCol *nc = arena_array(qa->a, QCol, c->n_aliascolnames);
			for (size_t k = 0; k < c->n_aliascolnames; k++) {
				nc[k] = k < o.n ? o.cols[k] : (QCol){0};
				nc[k].name = rp_str(c->aliascolnames[k]);
			}
			cte->cols = nc;
			cte->ncols = c->n_aliascolnames;
		}
		ptrlist_push(qa->a, &sc->ctes, cte);
	}
}

/* A scalar subquery's output name for FigureColname: its first column as the query analysis names it
 * (quietly: the subquery is analysed again for its name only, recording nothing). */
typedef struct SubqName {
	QueryAn *qa;
	QScope *sc;
} SubqName;

static const char *subquery_name(void *ud, const PgQuery__Node *subselect)
{
	SubqName *sq = ud;
	QueryAn quiet = *sq->qa;
	quiet.owner = NULL;
	QOut o = {0};
	if (query_out(&quiet, subselect, sq->sc, &o) && o.n >= 1 && o.cols[0].name)
		return o.cols[0].name;
	return NULL;
}

/* The output of query Q (a SelectStmt: plain, VALUES or set operation), with OUTER as the enclosing scope
 * (subqueries, LATERAL). Returns false when Q is not a query the model reads. */
static bool query_out(QueryAn *qa, const PgQuery__Node *q, QScope *outer, QOut *out)
{
	out->known = false;
	if (!q || q->node_case != PG_QUERY__NODE__NODE_SELECT_STMT)
		return false;
	PgQuery__SelectStmt *s = q->select_stmt;
	QScope sc = {0};
	sc.parent = outer;
	with_clause(qa, &sc, s->with_clause);
	if (s->op != PG_QUERY__SET_OPERATION__SETOP_NONE) {
		PgQuery__Node l = PG_QUERY__NODE__INIT, r = PG_QUERY__NODE__INIT;
		l.node_case = r.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
		l.select_stmt = s->larg;
		r.select_stmt = s->rarg;
		QOut lo = {0}, ro = {0};
		bool lok = s->larg && query_out(qa, &l, &sc, &lo);
		bool rok = s->rarg && query_out(qa, &r, &sc, &ro);
		for (size_t i = 0; i < lo.n; i++) {
			const char *ts[2] = {lo.cols[i].type, i < ro.n ? ro.cols[i].type : NULL};
			/* select_common_collation over both sides' columns: UNION ALL leaves a conflict
			 * without a collation; the result column is a reference to it */
			Coll c = lo.cols[i].coll;
			if (i < ro.n)
				rp_coll_merge(&c, ro.cols[i].coll, NULL);
			else
				c = (Coll){0};
			if (c.s == CS_CONFLICT && s->op == PG_QUERY__SET_OPERATION__SETOP_UNION && s->all)
				c = (Coll){NULL, NULL, CS_NONE};
			else if (c.s == CS_CONFLICT) {
				/* the other set operations need a common collation (select_common_collation)
				 */
				if (qa->report_relations && !qa->refused) {
					Diag *d = rp_error_state(qa->st, "collation-mismatch", "42P21", -1,
					                         "collation mismatch between implicit "
					                         "collations \"%s\" and \"%s\"",
					                         c.name, c.name2);
					if (d)
						diag_set_hint(d, "You can choose the collation by applying "
						                 "the COLLATE clause "
						                 "to one or both expressions.");
					qa->refused = true;
				}
				c = (Coll){0};
			}
			out_push_c(qa, out, lo.cols[i].name, common_type(qa, ts, NULL, 2), rp_coll_as_var(c));
		}
		out->known = lok && rok && lo.known;
		for (size_t i = 0; i < s->n_sort_clause; i++)
			walk_expr(qa, &sc, s->sort_clause[i]);
		return lok;
	}
	if (s->n_values_lists) {
		size_t ncol = 0;
		for (size_t r = 0; r < s->n_values_lists; r++)
			if (s->values_lists[r]->node_case == PG_QUERY__NODE__NODE_LIST &&
			    s->values_lists[r]->list->n_items > ncol)
				ncol = s->values_lists[r]->list->n_items;
		const char **ts = arena_array(qa->a, const char *, s->n_values_lists + 1);
		bool *nulls = arena_array(qa->a, bool, s->n_values_lists + 1);
		for (size_t c = 0; c < ncol; c++) {
			size_t n = 0;
			for (size_t r = 0; r < s->n_values_lists; r++) {
				if (s->values_lists[r]->node_case != PG_QUERY__NODE__NODE_LIST ||
				    c >= s->values_lists[r]->list->n_items)
					continue;
				const PgQuery__Node *v = s->values_lists[r]->list->items[c];
				walk_expr(qa, &sc, v);
				nulls[n] = v->node_case == PG_QUERY__NODE__NODE_A_CONST && v->a_const->isnull;
				ts[n++] = expr_type(qa, &sc, v);
			}
			const char *t = common_type(qa, ts, nulls, n);
			out_push(qa, out, arena_sprintf(qa->a, "column%zu", c + 1), t);
		}
		out->known = true;
		return true;
	}
	PtrList from = {0};
	for (size_t i = 0; i < s->n_from_clause; i++) {
		QFrom *f = from_item(qa, &sc, outer, s->from_clause[i]);
		if (f)
			ptrlist_push(qa->a, &from, f);
	}
	sc.from = from;
	walk_expr(qa, &sc, s->where_clause);
	for (size_t i = 0; i < s->n_group_clause; i++)
		walk_expr(qa, &sc, s->group_clause[i]);
	walk_expr(qa, &sc, s->having_clause);
	for (size_t i = 0; i < s->n_window_clause; i++)
		walk_expr(qa, &sc, s->window_clause[i]);
	for (size_t i = 0; i < s->n_distinct_clause; i++)
		walk_expr(qa, &sc, s->distinct_clause[i]);
	bool known = true;
	for (size_t i = 0; i < s->n_target_list; i++) {
		const PgQuery__Node *t = s->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET)
			continue;
		PgQuery__ResTarget *rt = t->res_target;
		const PgQuery__Node *v = rt->val;
		if (v && v->node_case == PG_QUERY__NODE__NODE_COLUMN_REF && v->column_ref->n_fields &&
		    v->column_ref->fields[v->column_ref->n_fields - 1]->node_case ==
		        PG_QUERY__NODE__NODE_A_STAR) {
			size_t nf = v->column_ref->n_fields;
			size_t before = out->n;
			if (nf == 1) {
				for (size_t k = 0; k < from.n; k++) {
					known &= from_known(from.items[k]);
					star_from(qa, from.items[k], out);
				}
			} else {
				const char *alias = rp_str(v->column_ref->fields[nf - 2]);
				QItem *it = alias ? scope_item(&sc, alias) : NULL;
				if (it) {
					known &= it->known;
					for (size_t k = 0; k < it->ncols; k++)
						out_push_c(qa, out, it->cols[k].name, it->cols[k].type,
						           rp_coll_as_var(it->cols[k].coll));
				} else
					known = false;
			}
			/* every column `*` reads is a dependency */
			for (size_t k = 0; k < sc.items.n; k++) {
				QItem *it = sc.items.items[k];
				if (nf > 1 &&
				    (!it->alias || strcmp(it->alias, rp_str(v->column_ref->fields[nf - 2]))))
					continue;
				for (size_t c = 0; c < it->ncols; c++)
					depend_col(qa, it, it->cols[c].name);
			}
			(void)before;
			continue;
		}
		walk_expr(qa, &sc, v);
		const char *name = rt->name;
		if (!name) {
			SubqName sq = {qa, &sc};
			sql_figure_colname(v, &name, subquery_name, &sq);
		}
		out_push_c(qa, out, name, expr_type(qa, &sc, v),
		           qa->want_coll ? expr_coll(qa, &sc, v) : (Coll){0});
	}
	for (size_t i = 0; i < s->n_sort_clause; i++)
		walk_expr(qa, &sc, s->sort_clause[i]);
	grouping_deps(qa, &sc, s);
	out->known = known;
	return true;
}

/* ---- functional dependencies of grouped queries ---- */

/* The FROM item of this query level (not an outer one) a plain column reference CR names, with the
 * column's name in *COL; NULL when it names none or cannot be told. */
static QItem *level_item(QScope *sc, const PgQuery__ColumnRef *cr, const char **col)
{
	size_t n = cr->n_fields;
	if (n < 1 || n > 2 || cr->fields[n - 1]->node_case != PG_QUERY__NODE__NODE_STRING)
		return NULL;
	*col = rp_str(cr->fields[n - 1]);
	QItem *found = NULL;
	for (size_t i = 0; i < sc->items.n; i++) {
		QItem *it = sc->items.items[i];
		if (n == 2 ? it->alias && !strcmp(it->alias, rp_str(cr->fields[0]))
		           : item_col(it, *col) != NULL) {
			if (found || (n == 1 && !it->known))
				return NULL; /* ambiguous, or a column list the model does not know */
			found = it;
		} else if (n == 1 && !it->known)
			return NULL;
	}
	return found && item_col(found, *col) ? found : NULL;
}

/* Is column COL of IT a plain GROUP BY item of S? *PLAIN is cleared when a GROUP BY item is anything
 * else (an expression, a position, an output name, grouping sets): then nothing is concluded. */
static bool grouped_col(QScope *sc, const PgQuery__SelectStmt *s, const QItem *it, const char *col,
                        bool *plain)
{
	bool hit = false;
	for (size_t i = 0; i < s->n_group_clause; i++) {
		const PgQuery__Node *g = s->group_clause[i];
		const char *gc = NULL;
		QItem *gi = g->node_case == PG_QUERY__NODE__NODE_COLUMN_REF
		                ? level_item(sc, g->column_ref, &gc)
		                : NULL;
		if (!gi) {
			*plain = false;
			return false;
		}
		hit |= gi == it && !strcmp(gc, col);
	}
	return hit;
}

/* check_functional_grouping (parse_agg.c, pg_constraint.c): a grouped query may read a column of a table
 * it does not group by when every column of the table's primary key is grouped; the query then depends on
 * that constraint (dropping it fails, 2BP01). Only what is certain is recorded: plain GROUP BY columns,
 * and plain column references (or `*`) of the target list outside any function or aggregate. */
static void grouping_deps(QueryAn *qa, QScope *sc, const PgQuery__SelectStmt *s)
{
	if (!qa->owner || !s->n_group_clause)
		return;
	bool plain = true;
	for (size_t k = 0; k < sc->items.n && plain; k++) {
		QItem *it = sc->items.items[k];
		if (!it->rel || it->rel->kind != OBJ_TABLE || !it->known)
			continue;
		CatTable *t = (CatTable *)it->rel;
		CatConstraint *pk = NULL;
		for (size_t i = 0; i < t->constraints.n && !pk; i++) {
			CatConstraint *c = t->constraints.items[i];
			if (c->contype == CON_PRIMARY && !c->deferrable)
				pk = c;
		}
		if (!pk || !pk->ncolumns)
			continue;
		bool all = true;
		for (size_t i = 0; i < pk->ncolumns && all && plain; i++)
			all = grouped_col(sc, s, it, pk->columns[i], &plain);
		if (!all || !plain)
			continue;
		bool need = false;
		for (size_t i = 0; i < s->n_target_list && !need; i++) {
			const PgQuery__Node *tn = s->target_list[i];
			const PgQuery__Node *v =
			    tn->node_case == PG_QUERY__NODE__NODE_RES_TARGET ? tn->res_target->val : NULL;
			if (!v || v->node_case != PG_QUERY__NODE__NODE_COLUMN_REF)
				continue;
			const PgQuery__ColumnRef *cr = v->column_ref;
			size_t nf = cr->n_fields;
			if (nf && cr->fields[nf - 1]->node_case == PG_QUERY__NODE__NODE_A_STAR) {
				if (nf == 2 && (!it->alias || strcmp(it->alias, rp_str(cr->fields[0]))))
					continue;
				if (nf > 2)
					continue;
				for (size_t c = 0; c < it->ncols && !need; c++)
					need = it->cols[c].name &&
					       !grouped_col(sc, s, it, it->cols[c].name, &plain);
				continue;
			}
			const char *col = NULL;
			QItem *ri = level_item(sc, cr, &col);
			need = ri == it && !grouped_col(sc, s, it, col, &plain);
		}
		if (need && plain)
			catalog_add_dep(qa->st->cat, qa->owner, &pk->h, NULL, DEP_NORMAL);
	}
}

/* ---- the entry points ---- */

bool rp_query_columns(ReplayState *st, CatObject *owner, const PgQuery__Node *query, RpQueryCols *out,
                      bool report_relations)
{
	memset(out, 0, sizeof(*out));
	/* collations are derived for CREATE TABLE AS, the one caller that reports the query's errors */
	QueryAn qa = {st, owner, &st->cat->arena, report_relations, false, report_relations, 0};
	QOut o = {0};
	bool ok = query_out(&qa, query, NULL, &o);
	out->n = o.n;
	out->names = arena_array(qa.a, const char *, o.n + 1);
	out->types = arena_array(qa.a, const char *, o.n + 1);
	out->collations = arena_array(qa.a, const char *, o.n + 1);
	out->no_collation = arena_array(qa.a, bool, o.n + 1);
	out->complete = ok && o.known;
	out->refused = qa.refused;
	for (size_t i = 0; i < o.n; i++) {
		/* names may point into the parse tree: the catalog keeps copies */
		out->names[i] = arena_strdup(qa.a, o.cols[i].name ? o.cols[i].name : "?column?");
		/* an untyped literal is text in a stored query result (resolveTargetListUnknowns) */
		out->types[i] = o.cols[i].type ? lit_to_text(o.cols[i].type) : NULL;
		Coll c = o.cols[i].coll;
		if (c.s == CS_IMPLICIT || c.s == CS_EXPLICIT)
			out->collations[i] = c.name;
		out->no_collation[i] =
		    c.s == CS_CONFLICT ||
		    (c.s == CS_NONE && out->types[i] && rp_type_collation(st, out->types[i], &(bool){0}));
	}
	return ok;
}
