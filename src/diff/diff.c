/* diff.c — catalog × catalog → ordered DDL (see diff.h): classify every object (same, gone, new, changed in
 * place, rebuilt), close the rebuilt set over dependants, then emit five phases, each in dependency order
 * (topological over the catalog the objects live in; drops in reverse). */
#include "strata.h"
#include "diff/diff.h"
#include "analysis/compare.h"

enum { PH_DROP1, PH_CREATE1, PH_ALTER, PH_DROP2, PH_CREATE2, PH_POST, PH_COMMENT, PH__COUNT };

typedef struct Ctx {
	Catalog *a, *b;
	Arena ar;
	HMap drop;     /* key → A object to drop (gone, or rebuilt) */
	HMap create;   /* key → B object to create (new, or rebuilt) */
	HMap replaced; /* key → A object altered in place (no comment handling needed beyond the usual) */
	PtrList work;  /* A objects whose dependants must follow them */
	PtrList enum_rebuilds; /* CatType* (B side) of enums rebuilt */
	DiffResult *r;
	DiagList *dl;
	StrBuf ph[PH__COUNT];
} Ctx;

/* "<kind>:<identity>", the key of O in the maps below. Built by hand: it is made for every object several
 * times per diff (arena_sprintf's two vsnprintf calls were a third of the diff's time at 10,000 tables). */
_Static_assert(OBJ__COUNT <= 100, "okey writes the kind in two digits at most");

static const char *okey(Ctx *cx, const CatObject *o)
{
	size_t n = strlen(o->identity);
	char *k = arena_alloc(&cx->ar, n + 8), *p = k;
	unsigned kind = (unsigned)o->kind;
	if (kind >= 10)
		*p++ = (char)('0' + kind / 10 % 10);
	*p++ = (char)('0' + kind % 10);
	*p++ = ':';
	memcpy(p, o->identity, n + 1);
	return k;
}

static CatObject *other(Catalog *c, const CatObject *o)
{
	return catalog_find(c, o->kind, o->identity);
}

static bool str_eq(const char *x, const char *y)
{
	return (!x && !y) || (x && y && !strcmp(x, y));
}

/* Objects another statement creates or that are not emitted on their own. */
static bool skipped(const CatObject *o)
{
	if (o->dropped)
		return true;
	if (o->kind == OBJ_SEQUENCE && ((const CatSequence *)o)->is_identity)
		return true;
	if (o->kind == OBJ_INDEX && ((const CatIndex *)o)->constraint)
		return true;
	if (o->kind == OBJ_SCHEMA && ((const CatSchema *)o)->made_by_ext)
		return true; /* the extension's (catalog/extensions.h) */
	return false;
}

static void destructive(Ctx *cx, int ph, const char *fmt, ...) PRINTF_LIKE(3, 4);
static void destructive(Ctx *cx, int ph, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	StrBuf sb = STRBUF_INIT;
	sb_vappendf(&sb, fmt, ap);
	va_end(ap);
	sb_appendf(&cx->ph[ph], "-- destructive: %s\n", sb_str(&sb));
	cx->r->destructive = xrealloc(cx->r->destructive, (cx->r->ndestructive + 1) * sizeof(char *));
	cx->r->destructive[cx->r->ndestructive++] = sb_detach(&sb);
}

static void mark_create(Ctx *cx, CatObject *ob)
{
	if (!ob || skipped(ob))
		return;
	hmap_put(&cx->create, okey(cx, ob), ob);
}

static void mark_drop(Ctx *cx, CatObject *o)
{
	if (o->kind == OBJ_INDEX && ((CatIndex *)o)->constraint)
		o = &((CatIndex *)o)->constraint->h;
	const char *k = okey(cx, o);
	if (hmap_has(&cx->drop, k))
		return;
	hmap_put(&cx->drop, k, o);
	ptrlist_push(&cx->ar, &cx->work, o);
}

/* Rebuild: drop A's O and create B's counterpart. */
static void rebuild(Ctx *cx, CatObject *o)
{
	mark_drop(cx, o);
	CatObject *ob = other(cx->b, o);
	if (o->kind == OBJ_INDEX && ((CatIndex *)o)->constraint)
		ob = other(cx->b, &((CatIndex *)o)->constraint->h);
	mark_create(cx, ob);
}

static bool is_dropped(Ctx *cx, const CatObject *o)
{
	return o && hmap_has(&cx->drop, okey(cx, o));
}

/* ---- classification ------------------------------------------------------------------------------ */

static bool enum_additive(const CatType *ta, const CatType *tb)
{
	size_t j = 0;
	for (size_t i = 0; i < ta->nlabels; i++) {
		while (j < tb->nlabels && strcmp(tb->labels[j], ta->labels[i]))
			j++;
		if (j == tb->nlabels)
			return false;
		j++;
	}
	return true;
}

static bool function_replaceable(const CatFunction *fa, const CatFunction *fb)
{
	if (fa->is_procedure != fb->is_procedure || !str_eq(fa->returns, fb->returns) ||
	    fa->nargs != fb->nargs || !str_eq(fa->arg_modes, fb->arg_modes))
		return false;
	for (size_t i = 0; i < fa->nargs; i++)
		if (!str_eq(fa->arg_names ? fa->arg_names[i] : NULL,
		            fb->arg_names ? fb->arg_names[i] : NULL) ||
		    !str_eq(fa->arg_defaults ? fa->arg_defaults[i] : NULL,
		            fb->arg_defaults ? fb->arg_defaults[i] : NULL))
			return false;
	return true;
}

/* Dependants of column COL of table T (in A) that PostgreSQL will not carry through a type change or a drop:
 * views, materialized views, triggers, policies, functions. */
static void touch_column(Ctx *cx, CatTable *t, const char *col)
{
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *r = t->h.rdeps.items[i];
		if (r->dropped)
			continue;
		if (r->kind != OBJ_VIEW && r->kind != OBJ_MATVIEW && r->kind != OBJ_TRIGGER &&
		    r->kind != OBJ_POLICY)
			continue;
		for (size_t d = 0; d < r->ndeps; d++)
			if (r->deps[d].on == &t->h && r->deps[d].column && !strcmp(r->deps[d].column, col)) {
				rebuild(cx, r);
				break;
			}
	}
}

static bool type_widening(const char *from, const char *to)
{
	static const char *const ok[][2] = {
	    {"smallint", "integer"},
	    {"smallint", "bigint"},
	    {"integer", "bigint"},
	    {"real", "double precision"},
	    {"character varying", "text"},
	    {"character", "text"},
	    {"integer", "numeric"},
	    {"bigint", "numeric"},
	    {"timestamp without time zone", "timestamp with time zone"},
	    {"json", "jsonb"},
	};
	for (size_t i = 0; i < ARRAY_LEN(ok); i++)
		if (!strcmp(from, ok[i][0]) && !strcmp(to, ok[i][1]))
			return true;
	/* varchar(n) → varchar(m ≥ n) or unbounded; varchar(n) → text */
	const char *vc = "character varying";
	size_t l = strlen(vc);
	if (!strncmp(from, vc, l) && !strncmp(to, vc, l)) {
		if (!to[l])
			return true;
		if (from[l] == '(' && to[l] == '(')
			return atol(to + l + 1) >= atol(from + l + 1);
	}
	if (!strncmp(from, vc, l) && !strcmp(to, "text"))
		return true;
	if (!strncmp(from, "numeric(", 8) && !strcmp(to, "numeric"))
		return true;
	return false;
}

static void classify(Ctx *cx)
{
	for (size_t i = 0; i < cx->a->all.n; i++) {
		CatObject *o = cx->a->all.items[i];
		if (o->dropped)
			continue;
		if (o->kind == OBJ_INDEX && ((CatIndex *)o)->constraint) {
			CatObject *ob = other(cx->b, o);
			if (ob && !catalog_object_same(o, ob, false))
				rebuild(
				    cx,
				    o); /* INCLUDE or method of a constraint index: rebuild the constraint */
			continue;
		}
		if (skipped(o))
			continue;
		CatObject *ob = other(cx->b, o);
		if (!ob) {
			mark_drop(cx, o);
			continue;
		}
		if (o->kind == OBJ_TABLE || o->kind == OBJ_SCHEMA || catalog_object_same(o, ob, false))
			continue;
		switch (o->kind) {
		case OBJ_TYPE: {
			CatType *ta = (CatType *)o, *tb = (CatType *)ob;
			if (ta->type_kind == TYPE_ENUM && tb->type_kind == TYPE_ENUM) {
				hmap_put(&cx->replaced, okey(cx, o), o);
				if (!enum_additive(ta, tb)) {
					ptrlist_push(&cx->ar, &cx->enum_rebuilds, tb);
					diag_add(cx->dl, SEV_WARNING, "enum-rebuild", NULL, 0, 0,
					         "enum \"%s\" loses or reorders values: it is rebuilt (rows "
					         "holding a "
					         "removed value make the migration fail)",
					         o->identity);
				}
				continue;
			}
			rebuild(cx, o);
			break;
		}
		case OBJ_FUNCTION:
			if (function_replaceable((CatFunction *)o, (CatFunction *)ob))
				hmap_put(&cx->replaced, okey(cx, o), o);
			else
				rebuild(cx, o);
			break;
		case OBJ_SEQUENCE:
			hmap_put(&cx->replaced, okey(cx, o), o);
			break;
		default:
			rebuild(cx, o);
		}
	}
	for (size_t i = 0; i < cx->b->all.n; i++) {
		CatObject *ob = cx->b->all.items[i];
		if (!skipped(ob) && !other(cx->a, ob))
			mark_create(cx, ob);
	}
	/* columns dropped, retyped or regenerated: their dependants are rebuilt */
	for (size_t i = 0; i < cx->a->all.n; i++) {
		CatObject *o = cx->a->all.items[i];
		if (o->dropped || o->kind != OBJ_TABLE)
			continue;
		CatTable *ta = (CatTable *)o, *tb = (CatTable *)other(cx->b, o);
		if (!tb)
			continue;
		for (size_t c = 0; c < ta->columns.n; c++) {
			CatColumn *ca = ta->columns.items[c], *cb = table_find_column(tb, ca->name);
			if (!cb || !str_eq(ca->type, cb->type) || !str_eq(ca->collation, cb->collation) ||
			    !str_eq(ca->generated, cb->generated))
				touch_column(cx, ta, ca->name);
		}
	}
	/* enum rebuilds retype every column of the type */
	for (size_t e = 0; e < cx->enum_rebuilds.n; e++) {
		CatType *tb = cx->enum_rebuilds.items[e];
		for (size_t i = 0; i < cx->a->all.n; i++) {
			CatObject *o = cx->a->all.items[i];
			if (o->dropped || o->kind != OBJ_TABLE)
				continue;
			CatTable *ta = (CatTable *)o;
			for (size_t c = 0; c < ta->columns.n; c++) {
				CatColumn *ca = ta->columns.items[c];
				size_t l = strlen(tb->h.identity);
				if (!strncmp(ca->type, tb->h.identity, l) &&
				    (!ca->type[l] || !strcmp(ca->type + l, "[]")))
					touch_column(cx, ta, ca->name);
			}
		}
	}
	/* close over dependants: whatever depends on a dropped object goes first and comes back when wanted
	 */
	for (size_t w = 0; w < cx->work.n; w++) {
		CatObject *o = cx->work.items[w];
		PtrList *lists[2] = {&o->rdeps, NULL};
		if (o->kind == OBJ_CONSTRAINT && ((CatConstraint *)o)->index)
			lists[1] = &((CatConstraint *)o)->index->h.rdeps;
		for (int li = 0; li < 2 && lists[li]; li++)
			for (size_t i = 0; i < lists[li]->n; i++) {
				CatObject *r = lists[li]->items[i];
				if (r->dropped || r == o || is_dropped(cx, r))
					continue;
				if (r->kind == OBJ_TABLE || r->kind == OBJ_SCHEMA) {
					if (other(cx->b, o))
						diag_add(
						    cx->dl, SEV_WARNING, "rebuild-dependant", NULL, 0, 0,
						    "table \"%s\" depends on %s \"%s\", which is rebuilt",
						    r->identity, obj_kind_name(o->kind), o->identity);
					continue;
				}
				if (r->kind == OBJ_INDEX && ((CatIndex *)r)->constraint && r->owner == o)
					continue;
				rebuild(cx, r);
			}
	}
}

/* ---- ordering ------------------------------------------------------------------------------------ */

typedef struct Topo {
	Ctx *cx;
	HMap *set;
	HMap seen;
	PtrList out;
} Topo;

static bool ordering_edge(const CatObject *o, const CatDep *d)
{
	if (o->kind == OBJ_SEQUENCE && d->on->kind == OBJ_TABLE)
		return false;
	return d->type != DEP_INTERNAL;
}

static void topo_visit(Topo *t, CatObject *o)
{
	const char *k = okey(t->cx, o);
	if (hmap_has(&t->seen, k))
		return;
	hmap_put(&t->seen, k, o);
	for (size_t i = 0; i < o->ndeps; i++) {
		CatDep *d = &o->deps[i];
		if (d->on->dropped || !ordering_edge(o, d))
			continue;
		CatObject *on = d->on;
		if (on->kind == OBJ_INDEX && ((CatIndex *)on)->constraint)
			on = &((CatIndex *)on)->constraint->h;
		if (on != o)
			topo_visit(t, on);
	}
	if (hmap_has(t->set, k))
		ptrlist_push(&t->cx->ar, &t->out, o);
}

static int kind_rank(ObjKind k)
{
	static const int rank[OBJ__COUNT] = {
	    [OBJ_SCHEMA] = 0,   [OBJ_EXTENSION] = 1, [OBJ_TYPE] = 2,       [OBJ_FUNCTION] = 3,
	    [OBJ_SEQUENCE] = 4, [OBJ_TABLE] = 5,     [OBJ_CONSTRAINT] = 6, [OBJ_INDEX] = 7,
	    [OBJ_VIEW] = 8,     [OBJ_MATVIEW] = 9,   [OBJ_TRIGGER] = 10,   [OBJ_POLICY] = 11,
	};
	return rank[k];
}

static int obj_cmp(const void *x, const void *y)
{
	const CatObject *a = *(const CatObject *const *)x, *b = *(const CatObject *const *)y;
	int r = kind_rank(a->kind) - kind_rank(b->kind);
	if (r)
		return r;
	/* foreign keys after the other constraints: they need the referenced keys */
	if (a->kind == OBJ_CONSTRAINT) {
		r = (((const CatConstraint *)a)->contype == CON_FOREIGN) -
		    (((const CatConstraint *)b)->contype == CON_FOREIGN);
		if (r)
			return r;
	}
	return strcmp(a->identity, b->identity);
}

/* Objects of SET (values) that satisfy PRED, dependencies first. Caller frees nothing: arena. */
static PtrList ordered(Ctx *cx, HMap *set, bool (*pred)(Ctx *, CatObject *))
{
	CatObject **v = xcalloc(set->n + 1, sizeof(*v));
	size_t n = 0;
	const char *k;
	void *val;
	for (size_t it = 0; hmap_next(set, &it, &k, &val);)
		if (pred(cx, val))
			v[n++] = val;
	qsort(v, n, sizeof(*v), obj_cmp);
	HMap sub;
	hmap_init(&sub);
	for (size_t i = 0; i < n; i++)
		hmap_put(&sub, okey(cx, v[i]), v[i]);
	Topo t = {cx, &sub, {0}, {0}};
	hmap_init(&t.seen);
	for (size_t i = 0; i < n; i++)
		topo_visit(&t, v[i]);
	hmap_release(&t.seen);
	hmap_release(&sub);
	free(v);
	return t.out;
}

static bool is_early_kind(ObjKind k)
{
	return k == OBJ_SCHEMA || k == OBJ_EXTENSION || k == OBJ_TYPE || k == OBJ_FUNCTION ||
	       k == OBJ_SEQUENCE || k == OBJ_TABLE;
}

static bool pred_drop1(Ctx *cx, CatObject *o)
{
	return !(is_early_kind(o->kind) && !other(cx->b, o));
}

static bool pred_drop2(Ctx *cx, CatObject *o)
{
	return !pred_drop1(cx, o);
}

static bool pred_early(Ctx *cx, CatObject *o)
{
	return is_early_kind(o->kind);
}

static bool pred_late(Ctx *cx, CatObject *o)
{
	return !is_early_kind(o->kind);
}

/* ---- statements ---------------------------------------------------------------------------------- */

static void emit_drop(Ctx *cx, int ph, CatObject *o)
{
	StrBuf *s = &cx->ph[ph];
	/* members go with their table or view, except foreign keys (another dropped table may be referenced)
	 */
	if (o->owner && is_dropped(cx, o->owner) &&
	    !(o->kind == OBJ_CONSTRAINT && ((CatConstraint *)o)->contype == CON_FOREIGN))
		return;
	if (o->kind == OBJ_SEQUENCE && ((CatSequence *)o)->owned_by_table &&
	    is_dropped(cx, &((CatSequence *)o)->owned_by_table->h))
		return;
	bool gone = !other(cx->b, o);
	switch (o->kind) {
	case OBJ_SCHEMA:
		sb_append(s, "DROP SCHEMA ");
		cat_quote_ident(s, o->name);
		break;
	case OBJ_EXTENSION:
		sb_append(s, "DROP EXTENSION ");
		cat_quote_ident(s, o->name);
		break;
	case OBJ_TYPE:
		sb_append(s, ((CatType *)o)->type_kind == TYPE_DOMAIN ? "DROP DOMAIN " : "DROP TYPE ");
		cat_quote_qualified(s, o->schema, o->name);
		break;
	case OBJ_FUNCTION:
		sb_appendf(s, "DROP %s %s", ((CatFunction *)o)->is_procedure ? "PROCEDURE" : "FUNCTION",
		           o->identity);
		break;
	case OBJ_SEQUENCE:
		if (gone)
			destructive(cx, ph, "drop sequence \"%s\" (its current value is lost)", o->identity);
		sb_append(s, "DROP SEQUENCE ");
		cat_quote_qualified(s, o->schema, o->name);
		break;
	case OBJ_TABLE:
		destructive(cx, ph, "drop table \"%s\" and its data", o->identity);
		sb_append(s, "DROP TABLE ");
		cat_quote_qualified(s, o->schema, o->name);
		break;
	case OBJ_VIEW:
	case OBJ_MATVIEW:
		sb_append(s, o->kind == OBJ_VIEW ? "DROP VIEW " : "DROP MATERIALIZED VIEW ");
		cat_quote_qualified(s, o->schema, o->name);
		break;
	case OBJ_INDEX:
		sb_append(s, "DROP INDEX ");
		cat_quote_qualified(s, o->schema, o->name);
		break;
	case OBJ_CONSTRAINT:
		sb_append(s, "ALTER TABLE ");
		cat_quote_qualified(s, o->owner->schema, o->owner->name);
		sb_append(s, " DROP CONSTRAINT ");
		cat_quote_ident(s, o->name);
		break;
	case OBJ_TRIGGER:
	case OBJ_POLICY:
		sb_append(s, o->kind == OBJ_TRIGGER ? "DROP TRIGGER " : "DROP POLICY ");
		cat_quote_ident(s, o->name);
		sb_append(s, " ON ");
		cat_quote_qualified(s, o->owner->schema, o->owner->name);
		break;
	default:
		return;
	}
	sb_append(s, ";\n");
}

static void alter_col_prefix(StrBuf *s, const CatTable *t, const char *col)
{
	sb_append(s, "ALTER TABLE ");
	cat_quote_qualified(s, t->h.schema, t->h.name);
	sb_append(s, " ALTER COLUMN ");
	cat_quote_ident(s, col);
	sb_putc(s, ' ');
}

static void add_column(Ctx *cx, const CatTable *tb, const CatColumn *cb)
{
	StrBuf *s = &cx->ph[PH_ALTER];
	sb_append(s, "ALTER TABLE ");
	cat_quote_qualified(s, tb->h.schema, tb->h.name);
	sb_append(s, " ADD COLUMN ");
	catalog_column_def(cb, s);
	sb_append(s, ";\n");
}

static void drop_column(Ctx *cx, const CatTable *ta, const char *col, bool data_lost)
{
	StrBuf *s = &cx->ph[PH_ALTER];
	if (data_lost)
		destructive(cx, PH_ALTER, "drop column \"%s.%s\" and its data", ta->h.identity, col);
	sb_append(s, "ALTER TABLE ");
	cat_quote_qualified(s, ta->h.schema, ta->h.name);
	sb_append(s, " DROP COLUMN ");
	cat_quote_ident(s, col);
	sb_append(s, ";\n");
}

/* ALTER SEQUENCE SCHEMA.NAME <CLAUSE> <IDENT>; (RENAME TO x, SET SCHEMA s). */
static void alter_seq(StrBuf *s, const char *schema, const char *name, const char *clause, const char *ident)
{
	sb_append(s, "ALTER SEQUENCE ");
	cat_quote_qualified(s, schema, name);
	sb_append(s, clause);
	cat_quote_ident(s, ident);
	sb_append(s, ";\n");
}

static void alter_column(Ctx *cx, const CatTable *ta, const CatColumn *ca, const CatColumn *cb)
{
	StrBuf *s = &cx->ph[PH_ALTER];
	if (!str_eq(ca->generated, cb->generated)) {
		if (!cb->generated) {
			alter_col_prefix(s, ta, ca->name);
			sb_append(s, "DROP EXPRESSION;\n");
		} else {
			drop_column(cx, ta, ca->name, false);
			add_column(cx, ta, cb);
			return;
		}
	}
	bool retype = !str_eq(ca->type, cb->type) || !str_eq(ca->collation, cb->collation);
	bool redefault = !str_eq(ca->default_expr, cb->default_expr) || (retype && ca->default_expr);
	if (ca->identity && !cb->identity) {
		alter_col_prefix(s, ta, ca->name);
		sb_append(s, "DROP IDENTITY;\n");
	}
	if (ca->default_expr && redefault) {
		alter_col_prefix(s, ta, ca->name);
		sb_append(s, "DROP DEFAULT;\n");
	}
	if (retype) {
		if (!type_widening(ca->type, cb->type) && strcmp(ca->type, cb->type))
			destructive(
			    cx, PH_ALTER,
			    "change the type of column \"%s.%s\" from %s to %s (values may not convert)",
			    ta->h.identity, ca->name, ca->type, cb->type);
		alter_col_prefix(s, ta, ca->name);
		sb_appendf(s, "TYPE %s", cb->type);
		if (cb->collation) {
			sb_append(s, " COLLATE ");
			cat_quote_ident(s, cb->collation);
		}
		sb_append(s, " USING ");
		cat_quote_ident(s, ca->name);
		sb_appendf(s, "::%s;\n", cb->type);
	}
	if (!ca->not_null && cb->not_null) {
		alter_col_prefix(s, ta, ca->name);
		sb_append(s, "SET NOT NULL;\n");
	}
	if (cb->identity && cb->identity != ca->identity) {
		alter_col_prefix(s, ta, ca->name);
		sb_appendf(s, "%s GENERATED %s%s", ca->identity ? "SET" : "ADD",
		           cb->identity == IDENT_ALWAYS ? "ALWAYS" : "BY DEFAULT",
		           ca->identity ? "" : " AS IDENTITY");
		if (!ca->identity)
			catalog_identity_options(s, cb);
		sb_append(s, ";\n");
	}
	/* an identity sequence keeps its name when its table or column is renamed: the two sides may name it
	 * differently (identity sequences are not diffed as objects) */
	const CatSequence *qa = ca->identity ? ca->identity_seq : NULL;
	const CatSequence *qb = cb->identity ? cb->identity_seq : NULL;
	if (qa && qb && strcmp(qa->h.name, qb->h.name))
		alter_seq(s, qa->h.schema, qa->h.name, " RENAME TO ", qb->h.name);
	if (qa && qb && strcmp(qa->h.schema, qb->h.schema))
		alter_seq(s, qa->h.schema, qb->h.name, " SET SCHEMA ", qb->h.schema);
	if (cb->default_expr && redefault) {
		alter_col_prefix(s, ta, ca->name);
		sb_appendf(s, "SET DEFAULT %s;\n", cb->default_expr);
	}
	if (ca->not_null && !cb->not_null) {
		alter_col_prefix(s, ta, ca->name);
		sb_append(s, "DROP NOT NULL;\n");
	}
}

static void column_comment(StrBuf *s, const CatTable *t, const char *col, const char *comment)
{
	sb_append(s, "COMMENT ON COLUMN ");
	cat_quote_qualified(s, t->h.schema, t->h.name);
	sb_putc(s, '.');
	cat_quote_ident(s, col);
	sb_append(s, " IS ");
	if (comment)
		cat_quote_literal(s, comment);
	else
		sb_append(s, "NULL");
	sb_append(s, ";\n");
}

static void alter_table(Ctx *cx, CatTable *ta, CatTable *tb)
{
	StrBuf *s = &cx->ph[PH_ALTER];
	if (ta->relkind != tb->relkind || !str_eq(ta->partition_key, tb->partition_key) ||
	    !str_eq(ta->partition_of ? ta->partition_of->h.identity : NULL,
	            tb->partition_of ? tb->partition_of->h.identity : NULL) ||
	    !str_eq(ta->partition_bound, tb->partition_bound) || ta->inherits.n != tb->inherits.n)
		diag_add(
		    cx->dl, SEV_WARNING, "not-in-place", NULL, 0, 0,
		    "table \"%s\": partitioning or inheritance differs; strata does not change it in place",
		    ta->h.identity);
	if (ta->unlogged != tb->unlogged) {
		sb_append(s, "ALTER TABLE ");
		cat_quote_qualified(s, ta->h.schema, ta->h.name);
		sb_appendf(s, " SET %s;\n", tb->unlogged ? "UNLOGGED" : "LOGGED");
	}
	for (size_t i = 0; i < tb->columns.n; i++) {
		CatColumn *cb = tb->columns.items[i], *ca = table_find_column(ta, cb->name);
		if (!cb->is_local && !ca)
			continue;
		if (!ca) {
			add_column(cx, tb, cb);
			if (cb->comment)
				column_comment(&cx->ph[PH_COMMENT], tb, cb->name, cb->comment);
		} else {
			alter_column(cx, ta, ca, cb);
			bool readded = !str_eq(ca->generated, cb->generated) && cb->generated;
			if (readded ? cb->comment != NULL : !str_eq(ca->comment, cb->comment))
				column_comment(&cx->ph[PH_COMMENT], tb, cb->name, cb->comment);
		}
	}
	for (size_t i = 0; i < ta->columns.n; i++) {
		CatColumn *ca = ta->columns.items[i];
		if (ca->is_local && !table_find_column(tb, ca->name))
			drop_column(cx, ta, ca->name, true);
	}
	if (ta->rls_enabled != tb->rls_enabled) {
		sb_append(s, "ALTER TABLE ");
		cat_quote_qualified(s, ta->h.schema, ta->h.name);
		sb_appendf(s, " %s ROW LEVEL SECURITY;\n", tb->rls_enabled ? "ENABLE" : "DISABLE");
	}
	if (ta->rls_forced != tb->rls_forced) {
		sb_append(s, "ALTER TABLE ");
		cat_quote_qualified(s, ta->h.schema, ta->h.name);
		sb_appendf(s, " %sFORCE ROW LEVEL SECURITY;\n", tb->rls_forced ? "" : "NO ");
	}
	/* column order: new columns go last; a desired order that differs is reported, not rebuilt */
	size_t pa = 0;
	bool order_differs = false;
	for (size_t i = 0; i < tb->columns.n && !order_differs; i++) {
		CatColumn *cb = tb->columns.items[i];
		CatColumn *ca = table_find_column(ta, cb->name);
		if (!ca)
			continue;
		size_t pos = 0;
		while (pos < ta->columns.n && ta->columns.items[pos] != ca)
			pos++;
		if (pos < pa)
			order_differs = true;
		pa = pos;
	}
	if (order_differs)
		diag_add(cx->dl, SEV_WARNING, "column-order", NULL, 0, 0,
		         "table \"%s\": the desired column order differs; columns are not reordered",
		         ta->h.identity);
}

static void enum_add_values(Ctx *cx, CatType *ta, CatType *tb)
{
	StrBuf *s = &cx->ph[PH_ALTER];
	/* labels present so far, in order */
	const char **have = xcalloc(tb->nlabels + ta->nlabels + 1, sizeof(char *));
	size_t nh = 0;
	for (size_t i = 0; i < tb->nlabels; i++) {
		bool exists = false;
		for (size_t j = 0; j < ta->nlabels; j++)
			exists |= !strcmp(ta->labels[j], tb->labels[i]);
		if (!exists) {
			sb_append(s, "ALTER TYPE ");
			cat_quote_qualified(s, tb->h.schema, tb->h.name);
			sb_append(s, " ADD VALUE ");
			cat_quote_literal(s, tb->labels[i]);
			if (i > 0) {
				sb_append(s, " AFTER ");
				cat_quote_literal(s, tb->labels[i - 1]);
			} else if (ta->nlabels) {
				sb_append(s, " BEFORE ");
				cat_quote_literal(s, ta->labels[0]);
			}
			sb_append(s, ";\n");
		}
		have[nh++] = tb->labels[i];
	}
	free(have);
}

/* Rebuild enum TB: rename the old type away, create the new one, convert every column through text. */
static void enum_rebuild(Ctx *cx, CatType *tb)
{
	StrBuf *s = &cx->ph[PH_ALTER];
	const char *old = arena_sprintf(&cx->ar, "%s__strata_old", tb->h.name);
	destructive(cx, PH_ALTER, "rebuild enum \"%s\" without some of its values (rows holding them fail)",
	            tb->h.identity);
	sb_append(s, "ALTER TYPE ");
	cat_quote_qualified(s, tb->h.schema, tb->h.name);
	sb_append(s, " RENAME TO ");
	cat_quote_ident(s, old);
	sb_append(s, ";\n");
	StrBuf post = STRBUF_INIT;
	catalog_object_sql(&tb->h, s, &post);
	sb_release(&post);
	size_t l = strlen(tb->h.identity);
	for (size_t i = 0; i < cx->a->all.n; i++) {
		CatObject *o = cx->a->all.items[i];
		if (o->dropped || o->kind != OBJ_TABLE || is_dropped(cx, o))
			continue;
		CatTable *ta = (CatTable *)o, *tbt = (CatTable *)other(cx->b, o);
		for (size_t c = 0; c < ta->columns.n; c++) {
			CatColumn *ca = ta->columns.items[c];
			if (strncmp(ca->type, tb->h.identity, l) ||
			    (ca->type[l] && strcmp(ca->type + l, "[]")))
				continue;
			CatColumn *cb = tbt ? table_find_column(tbt, ca->name) : NULL;
			if (!cb)
				continue; /* dropped later */
			bool arr = ca->type[l] != 0;
			if (ca->default_expr) {
				alter_col_prefix(s, ta, ca->name);
				sb_append(s, "DROP DEFAULT;\n");
			}
			alter_col_prefix(s, ta, ca->name);
			sb_appendf(s, "TYPE %s USING ", ca->type);
			cat_quote_ident(s, ca->name);
			sb_appendf(s, "::text%s::%s;\n", arr ? "[]" : "", ca->type);
			if (ca->default_expr && cb->default_expr && str_eq(cb->type, ca->type)) {
				alter_col_prefix(s, ta, ca->name);
				sb_appendf(s, "SET DEFAULT %s;\n", cb->default_expr);
			}
		}
	}
	sb_append(s, "DROP TYPE ");
	cat_quote_qualified(s, tb->h.schema, old);
	sb_append(s, ";\n");
}

static void alter_sequence(Ctx *cx, CatSequence *sa, CatSequence *sb_)
{
	StrBuf *s = &cx->ph[PH_ALTER];
	if (strcmp(sa->data_type, sb_->data_type) || sa->start != sb_->start ||
	    sa->increment != sb_->increment || sa->min != sb_->min || sa->max != sb_->max ||
	    sa->cache != sb_->cache || sa->cycle != sb_->cycle) {
		sb_append(s, "ALTER SEQUENCE ");
		cat_quote_qualified(s, sb_->h.schema, sb_->h.name);
		sb_appendf(s,
		           " AS %s INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld START WITH %lld CACHE %lld "
		           "%sCYCLE;\n",
		           sb_->data_type, (long long)sb_->increment, (long long)sb_->min,
		           (long long)sb_->max, (long long)sb_->start, (long long)sb_->cache,
		           sb_->cycle ? "" : "NO ");
	}
	const char *oa = sa->owned_by_table ? sa->owned_by_table->h.identity : NULL;
	const char *ob = sb_->owned_by_table ? sb_->owned_by_table->h.identity : NULL;
	if (!str_eq(oa, ob) || !str_eq(sa->owned_by_column, sb_->owned_by_column)) {
		StrBuf *p = &cx->ph[PH_POST];
		sb_append(p, "ALTER SEQUENCE ");
		cat_quote_qualified(p, sb_->h.schema, sb_->h.name);
		sb_append(p, " OWNED BY ");
		if (sb_->owned_by_table) {
			cat_quote_qualified(p, sb_->owned_by_table->h.schema, sb_->owned_by_table->h.name);
			sb_putc(p, '.');
			cat_quote_ident(p, sb_->owned_by_column);
		} else {
			sb_append(p, "NONE");
		}
		sb_append(p, ";\n");
	}
}

static void replace_function(Ctx *cx, CatFunction *fb)
{
	StrBuf out = STRBUF_INIT, post = STRBUF_INIT;
	catalog_object_sql(&fb->h, &out, &post);
	const char *t = sb_str(&out);
	if (!strncmp(t, "CREATE ", 7)) {
		sb_append(&cx->ph[PH_ALTER], "CREATE OR REPLACE ");
		sb_append(&cx->ph[PH_ALTER], t + 7);
	}
	sb_release(&out);
	sb_release(&post);
}

/* COMMENT ON for O (B side) with its comment (or NULL). */
static void comment_on(StrBuf *s, const CatObject *o)
{
	static const char *const words[OBJ__COUNT] = {
	    [OBJ_SCHEMA] = "SCHEMA",     [OBJ_EXTENSION] = "EXTENSION",
	    [OBJ_TYPE] = "TYPE",         [OBJ_FUNCTION] = "FUNCTION",
	    [OBJ_SEQUENCE] = "SEQUENCE", [OBJ_TABLE] = "TABLE",
	    [OBJ_VIEW] = "VIEW",         [OBJ_MATVIEW] = "MATERIALIZED VIEW",
	    [OBJ_INDEX] = "INDEX",       [OBJ_CONSTRAINT] = "CONSTRAINT",
	    [OBJ_TRIGGER] = "TRIGGER",   [OBJ_POLICY] = "POLICY",
	};
	const char *w = words[o->kind];
	if (o->kind == OBJ_TYPE && ((const CatType *)o)->type_kind == TYPE_DOMAIN)
		w = "DOMAIN";
	if (o->kind == OBJ_FUNCTION && ((const CatFunction *)o)->is_procedure)
		w = "PROCEDURE";
	sb_appendf(s, "COMMENT ON %s ", w);
	if (o->kind == OBJ_FUNCTION)
		sb_append(s, o->identity);
	else if (o->owner) {
		cat_quote_ident(s, o->name);
		sb_append(s, " ON ");
		cat_quote_qualified(s, o->owner->schema, o->owner->name);
	} else
		cat_quote_qualified(s, o->schema, o->name);
	sb_append(s, " IS ");
	if (o->comment)
		cat_quote_literal(s, o->comment);
	else
		sb_append(s, "NULL");
	sb_append(s, ";\n");
}

static void emit(Ctx *cx)
{
	PtrList d1 = ordered(cx, &cx->drop, pred_drop1);
	for (size_t i = d1.n; i-- > 0;)
		emit_drop(cx, PH_DROP1, d1.items[i]);
	PtrList c1 = ordered(cx, &cx->create, pred_early);
	for (size_t i = 0; i < c1.n; i++)
		catalog_object_sql(c1.items[i], &cx->ph[PH_CREATE1], &cx->ph[PH_POST]);
	/* in place */
	for (size_t e = 0; e < cx->enum_rebuilds.n; e++)
		enum_rebuild(cx, cx->enum_rebuilds.items[e]);
	size_t n;
	CatObject **v = xcalloc(cx->a->all.n + 1, sizeof(*v));
	n = 0;
	for (size_t i = 0; i < cx->a->all.n; i++) {
		CatObject *o = cx->a->all.items[i];
		if (!o->dropped && hmap_has(&cx->replaced, okey(cx, o)))
			v[n++] = o;
	}
	qsort(v, n, sizeof(*v), obj_cmp);
	for (size_t i = 0; i < n; i++) {
		CatObject *o = v[i], *ob = other(cx->b, o);
		if (o->kind == OBJ_TYPE) {
			bool rebuilt = false;
			for (size_t e = 0; e < cx->enum_rebuilds.n; e++)
				rebuilt |= cx->enum_rebuilds.items[e] == (void *)ob;
			if (!rebuilt)
				enum_add_values(cx, (CatType *)o, (CatType *)ob);
		} else if (o->kind == OBJ_FUNCTION) {
			replace_function(cx, (CatFunction *)ob);
		} else if (o->kind == OBJ_SEQUENCE) {
			alter_sequence(cx, (CatSequence *)o, (CatSequence *)ob);
		}
	}
	free(v);
	v = xcalloc(cx->a->all.n + 1, sizeof(*v));
	n = 0;
	for (size_t i = 0; i < cx->a->all.n; i++) {
		CatObject *o = cx->a->all.items[i];
		if (!o->dropped && o->kind == OBJ_TABLE && other(cx->b, o))
			v[n++] = o;
	}
	qsort(v, n, sizeof(*v), obj_cmp);
	for (size_t i = 0; i < n; i++)
		alter_table(cx, (CatTable *)v[i], (CatTable *)other(cx->b, v[i]));
	free(v);
	PtrList d2 = ordered(cx, &cx->drop, pred_drop2);
	for (size_t i = d2.n; i-- > 0;)
		emit_drop(cx, PH_DROP2, d2.items[i]);
	PtrList c2 = ordered(cx, &cx->create, pred_late);
	for (size_t i = 0; i < c2.n; i++)
		catalog_object_sql(c2.items[i], &cx->ph[PH_CREATE2], &cx->ph[PH_POST]);
	/* comments: objects kept (or altered in place) whose comment changed; new members catalog_object_sql
	 * does not comment */
	for (size_t i = 0; i < cx->b->all.n; i++) {
		CatObject *ob = cx->b->all.items[i];
		if (skipped(ob))
			continue;
		bool created = hmap_has(&cx->create, okey(cx, ob));
		if (created) {
			if (ob->comment &&
			    (ob->kind == OBJ_CONSTRAINT || ob->kind == OBJ_TRIGGER || ob->kind == OBJ_POLICY))
				comment_on(&cx->ph[PH_COMMENT], ob);
			continue;
		}
		CatObject *oa = other(cx->a, ob);
		if (oa && !str_eq(oa->comment, ob->comment) && ob->kind != OBJ_EXTENSION)
			comment_on(&cx->ph[PH_COMMENT], ob);
	}
}

static size_t count_statements(const char *s)
{
	size_t n = 0;
	for (const char *p = s; (p = strstr(p, ";\n")); p += 2)
		n++;
	return n;
}

int diff_catalogs(Catalog *from, Catalog *to, DiffResult *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	Ctx cx;
	memset(&cx, 0, sizeof cx);
	cx.a = from;
	cx.b = to;
	cx.r = out;
	cx.dl = dl;
	arena_init(&cx.ar);
	hmap_init(&cx.drop);
	hmap_init(&cx.create);
	hmap_init(&cx.replaced);
	classify(&cx);
	emit(&cx);
	for (int p = 0; p < PH__COUNT; p++) {
		sb_append(&out->sql, sb_str(&cx.ph[p]));
		sb_release(&cx.ph[p]);
	}
	out->nstatements = count_statements(sb_str(&out->sql));
	hmap_release(&cx.drop);
	hmap_release(&cx.create);
	hmap_release(&cx.replaced);
	arena_release(&cx.ar);
	return 0;
}

void diff_result_release(DiffResult *r)
{
	sb_release(&r->sql);
	for (size_t i = 0; i < r->ndestructive; i++)
		free(r->destructive[i]);
	free(r->destructive);
	memset(r, 0, sizeof(*r));
}

static int cmp_rename_arg(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "t.old=new" (schema-qualified outside public): the spelling --rename takes. */
static char *rename_arg(const CatObject *t, const char *old, const char *new_)
{
	bool pub = !t->schema || !strcmp(t->schema, "public");
	return xasprintf("%s%s%s%s%s=%s", pub ? "" : t->schema, pub ? "" : ".", t->name, old ? "." : "",
	                 old ? old : "", new_);
}

/* Whether tables A and B have the same columns (names and types, in order). */
static bool same_columns(const CatTable *a, const CatTable *b)
{
	if (a->columns.n != b->columns.n)
		return false;
	for (size_t i = 0; i < a->columns.n; i++) {
		const CatColumn *x = a->columns.items[i], *y = b->columns.items[i];
		if (strcmp(x->name, y->name) || strcmp(x->type, y->type))
			return false;
	}
	return true;
}

size_t diff_rename_candidates(Catalog *from, Catalog *to, char ***out)
{
	*out = NULL;
	size_t n = 0;
	const HMap *tables = &from->by_kind[OBJ_TABLE];
	const char *key;
	void *val;
	for (size_t it = 0; hmap_next(tables, &it, &key, &val);) {
		const CatTable *ft = val;
		if (ft->h.dropped)
			continue;
		const CatTable *tt = catalog_find_table(to, ft->h.schema, ft->h.name);
		if (!tt || tt->h.dropped) { /* a table that goes: one that comes with the same columns? */
			const HMap *to_tables = &to->by_kind[OBJ_TABLE];
			for (size_t j = 0; hmap_next(to_tables, &j, &key, &val);) {
				const CatTable *nt = val;
				if (nt->h.dropped || strcmp(nt->h.schema, ft->h.schema) ||
				    catalog_find_table(from, nt->h.schema, nt->h.name) ||
				    !same_columns(ft, nt))
					continue;
				*out = xrealloc(*out, sizeof(char *) * (n + 1));
				(*out)[n++] = rename_arg(&ft->h, NULL, nt->h.name);
			}
			continue;
		}
		for (size_t i = 0; i < ft->columns.n;
		     i++) { /* a column that goes, one that comes, one type */
			const CatColumn *gone = ft->columns.items[i];
			if (table_find_column((CatTable *)tt, gone->name))
				continue;
			for (size_t k = 0; k < tt->columns.n; k++) {
				const CatColumn *come = tt->columns.items[k];
				if (table_find_column((CatTable *)ft, come->name) ||
				    strcmp(gone->type, come->type))
					continue;
				*out = xrealloc(*out, sizeof(char *) * (n + 1));
				(*out)[n++] = rename_arg(&ft->h, gone->name, come->name);
			}
		}
	}
	if (n > 1)
		qsort(*out, n, sizeof(char *), cmp_rename_arg);
	return n;
}
