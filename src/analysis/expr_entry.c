/* expr_entry.c — the entry points of expression analysis (expr.h): one expression of a relation, a view's
 * query, a SQL-standard function body, and the enum label renamed inside stored expressions. */
#include "strata.h"
#include "analysis/expr_int.h"
#include "sql/walk.h"
#include "util/strbuf.h"

#include <pg_query.h>
#include <strings.h>

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
	return expr_analyze_typed(env, kind, e, rel, domain_base, NULL, err);
}

PgQuery__Node *expr_analyze_typed(const ExprEnv *env, ExprKind kind, const PgQuery__Node *e,
                                  const CatObject *rel, const char *domain_base, char **type, ExprError *err)
{
	if (type)
		*type = NULL;
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
	    (kind == EXPRK_INDEX_EXPR || kind == EXPRK_INDEX_PRED || kind == EXPRK_GENERATED ||
	     kind == EXPRK_PARTITION_KEY)) {
		if (kind == EXPRK_GENERATED)
			xs_error(&x, "42P17", "invalid-object-definition", expr_location(e), NULL,
			         "generation expression is not immutable");
		else if (kind == EXPRK_PARTITION_KEY)
			xs_error(&x, "42P17", "invalid-object-definition", -1, NULL,
			         "functions in partition key expression must be marked IMMUTABLE");
		else
			xs_error(&x, "42P17", "invalid-object-definition", expr_location(e), NULL,
			         "functions in index %s must be marked IMMUTABLE",
			         kind == EXPRK_INDEX_EXPR ? "expression" : "predicate");
	}
	if (!x.failed)
		xs_name_levels(&x, lv);
	if (type && !x.failed && !t.t->opaque)
		*type = xstrdup(ty_text(&x, t.t, t.typmod));
	xs_release(&x);
	if (err && err->set) {
		if (type) {
			free(*type);
			*type = NULL;
		}
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
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(text, !query, &sel);
	if (!tree)
		return NULL;
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

/* ---- operator classes (indexcmds.c) ---- */

/* GetDefaultOpClass: the default class of AM for T (its base type): one whose input type is T, else one
 * T is binary coercible to (a preferred type of T's category first). NULL when none or not unique. */
static const PgBOpclass *default_opclass(const char *am, const TypeInfo *t)
{
	t = ty_base(t);
	size_t first, n = pgb_opclasses_of(am, &first);
	const PgBOpclass *exact = NULL, *pref = NULL, *compat = NULL;
	size_t nexact = 0, npref = 0, ncompat = 0;
	for (size_t i = 0; i < n; i++) {
		const PgBOpclass *o = &pg_bopclasses[first + i];
		if (!o->isdefault)
			continue;
		const TypeInfo *in = ty_builtin(o->intype);
		if (in == t) {
			exact = o;
			nexact++;
		} else if (!nexact && ty_binary_coercible(t, in)) {
			if (in->preferred && in->category == t->category) {
				pref = o;
				npref++;
			} else if (!npref) {
				compat = o;
				ncompat++;
			}
		}
	}
	if (nexact)
		return nexact == 1 ? exact : NULL;
	if (npref)
		return npref == 1 ? pref : NULL;
	return ncompat == 1 ? compat : NULL;
}

int expr_key_opclass(const ExprEnv *env, const char *am, const char *type, const char *opclass,
                     bool *is_default, ExprError *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
	*is_default = false;
	size_t first;
	if (!type || !strcmp(type, "unknown") || !pgb_opclasses_of(am, &first))
		return 0; /* a column the model cannot type (CREATE TABLE AS), an access method of an
		             extension */
	Xs x;
	xs_init(&x, env, EXPRK_INDEX_EXPR, err);
	int32_t typmod;
	const TypeInfo *t = ty_from_text(&x, type, &typmod);
	int r = 0;
	if (!t->opaque) {
		const PgBOpclass *def = default_opclass(am, t);
		if (!opclass) {
			if (def)
				r = 1;
			else if (!env->unknown_objects) {
				xs_error(
				    &x, "42704", "undefined-object", -1,
				    "You must specify an operator class for the index or define a default "
				    "operator class for the data type.",
				    "data type %s has no default operator class for access method \"%s\"",
				    ty_name(t), am);
				r = -1;
			}
		} else {
			size_t n = pgb_opclasses_of(am, &first);
			const PgBOpclass *o = NULL;
			for (size_t i = 0; i < n && !o; i++)
				if (!strcmp(pg_bopclasses[first + i].name, opclass))
					o = &pg_bopclasses[first + i];
			char *key = xasprintf("c:%s", opclass);
			bool user_class = env->unmodelled && hmap_has(env->unmodelled, key);
			free(key);
			if (!o) {
				if (!env->unknown_objects && !user_class) {
					xs_error(
					    &x, "42704", "undefined-object", -1, NULL,
					    "operator class \"%s\" does not exist for access method \"%s\"",
					    opclass, am);
					r = -1;
				}
			} else if (!ty_binary_coercible(t, ty_builtin(o->intype))) {
				xs_error(&x, "42804", "datatype-mismatch", -1, NULL,
				         "operator class \"%s\" does not accept data type %s", opclass,
				         ty_name(t));
				r = -1;
			} else {
				*is_default = o == def;
				r = 1;
			}
		}
	}
	xs_release(&x);
	return r;
}

/* ---- ALTER COLUMN TYPE ---- */

int expr_assignable(const ExprEnv *env, const char *from, const char *to, char **to_name)
{
	if (to_name)
		*to_name = NULL;
	Xs x;
	xs_init(&x, env, EXPRK_DEFAULT, NULL);
	int32_t fm, tm;
	const TypeInfo *f = ty_from_text(&x, from, &fm), *t = ty_from_text(&x, to, &tm);
	int r = -1;
	if (to_name && !t->opaque)
		*to_name = xstrdup(ty_name(t));
	if (!f->opaque && !t->opaque && from && strcmp(from, "unknown") && strcmp(from, "?"))
		r = f == t || ty_is(f, PGB_OID_UNKNOWN) ||
		    find_coercion_pathway(t, f, CC_ASSIGNMENT) != CP_NONE ||
		    (ty_is(f, PGB_OID_RECORD) && ty_is_complex(t)) ||
		    (ty_is(t, PGB_OID_RECORD) && ty_is_complex(f));
	xs_release(&x);
	return r;
}

PgQuery__Node *expr_reanalyze(const ExprEnv *env, ExprKind kind, const char *src, const CatObject *rel,
                              char **type, ExprError *err)
{
	if (err)
		memset(err, 0, sizeof(*err));
	if (type)
		*type = NULL;
	if (!src)
		return NULL;
	PgQuery__SelectStmt *sel;
	PgQuery__ParseResult *tree = sql_parse_select_text(src, true, &sel);
	PgQuery__Node *out = NULL;
	const PgQuery__Node *e = tree && sel->n_target_list == 1 ? sql_select_target(sel, 0) : NULL;
	if (e) {
		out = expr_analyze_typed(env, kind, e, rel, NULL, type, err);
		if (err && err->set)
			err->location = -1; /* a position in the re-printed text, not in the statement */
	}
	if (tree)
		pg_query__parse_result__free_unpacked(tree, NULL);
	return out;
}
