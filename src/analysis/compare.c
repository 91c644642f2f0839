/* compare.c — catalog × catalog differences (see compare.h). Each object is rendered as a list of named
 * text fields (the same for both sides), so comparing is a field-by-field string comparison and a
 * difference can always be printed with both values. */
#include "strata.h"

#include <strings.h>
#include "analysis/compare.h"
#include "catalog/normalize.h"
#include "util/strbuf.h"

#define MAX_FIELDS 40

/* Values are borrowed from the catalog (which outlives the Fields) or from string literals; a value built
 * for the comparison is owned (freed by fields_release). Comparing every object of two 10,000-table
 * catalogs copied each field before: most of the diff's time. */
typedef struct Fields {
	const char *name[MAX_FIELDS];
	const char *val[MAX_FIELDS]; /* NULL = absent */
	bool owned[MAX_FIELDS];      /* val is malloc'd */
	size_t n;
} Fields;

/* VAL borrowed: a catalog string or a literal, alive as long as F. */
static void f_add(Fields *f, const char *name, const char *val)
{
	if (f->n >= MAX_FIELDS)
		return;
	f->name[f->n] = name;
	f->val[f->n] = val;
	f->owned[f->n] = false;
	f->n++;
}

/* VAL malloc'd (or NULL): F owns it. */
static void f_own(Fields *f, const char *name, char *val)
{
	if (f->n >= MAX_FIELDS) {
		free(val);
		return;
	}
	f->name[f->n] = name;
	f->val[f->n] = val;
	f->owned[f->n] = val != NULL;
	f->n++;
}

static void f_bool(Fields *f, const char *name, bool v)
{
	f_add(f, name, v ? "true" : "false");
}

static void f_ll(Fields *f, const char *name, long long v)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%lld", v);
	f_own(f, name, xstrdup(buf));
}

static void f_char(Fields *f, const char *name, char c)
{
	char buf[2] = {c, 0};
	f_own(f, name, c ? xstrdup(buf) : NULL);
}

static void f_list(Fields *f, const char *name, const char *const *v, size_t n)
{
	if (n == 0) {
		f_add(f, name, "");
		return;
	}
	if (n == 1) {
		f_add(f, name, v && v[0] ? v[0] : "NULL");
		return;
	}
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_append(&sb, ", ");
		sb_append(&sb, v && v[i] ? v[i] : "NULL");
	}
	f_own(f, name, sb_detach(&sb));
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A set of names (order does not matter): sorted before joining. */
static void f_set(Fields *f, const char *name, const char *const *v, size_t n)
{
	const char **c = xcalloc(n + 1, sizeof(*c));
	for (size_t i = 0; i < n; i++)
		c[i] = v[i] ? v[i] : "NULL";
	qsort(c, n, sizeof(*c), cmp_str);
	f_list(f, name, c, n);
	free(c);
}

static void fields_release(Fields *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->owned[i])
			free((char *)f->val[i]);
	f->n = 0;
}

/* Body text compared without leading/trailing white space (the server keeps it byte for byte). */
static void f_body(Fields *f, const char *name, const char *body)
{
	if (!body) {
		f_add(f, name, NULL);
		return;
	}
	while (*body == ' ' || *body == '\t' || *body == '\n' || *body == '\r')
		body++;
	size_t l = strlen(body);
	while (l && strchr(" \t\r\n", body[l - 1]))
		l--;
	f_own(f, name, xstrndup(body, l));
}

static const char *ident_of(const void *o)
{
	return o ? ((const CatObject *)o)->identity : NULL;
}

/* ---- per kind ----------------------------------------------------------------------------------- */

static void fields_type(Fields *f, const CatType *t)
{
	f_char(f, "kind", (char)t->type_kind);
	switch (t->type_kind) {
	case TYPE_ENUM:
		f_list(f, "labels", t->labels, t->nlabels);
		break;
	case TYPE_DOMAIN: {
		f_add(f, "base type", t->base_type);
		f_bool(f, "not null", t->not_null);
		f_add(f, "default", t->default_expr);
		f_add(f, "collation", t->collation);
		StrBuf sb = STRBUF_INIT;
		for (size_t i = 0; i < t->nchecks; i++)
			sb_appendf(&sb, "%s%s CHECK (%s)%s", i ? ", " : "", t->checks[i].name,
			           t->checks[i].expr, t->checks[i].not_valid ? " NOT VALID" : "");
		f_own(f, "checks", sb_detach(&sb));
		break;
	}
	case TYPE_COMPOSITE: {
		StrBuf sb = STRBUF_INIT;
		for (size_t i = 0; i < t->nattrs; i++)
			sb_appendf(&sb, "%s%s %s%s%s", i ? ", " : "", t->attrs[i].name, t->attrs[i].type,
			           t->attrs[i].collation ? " COLLATE " : "",
			           t->attrs[i].collation ? t->attrs[i].collation : "");
		f_own(f, "attributes", sb_detach(&sb));
		break;
	}
	case TYPE_RANGE:
		f_add(f, "subtype", t->subtype);
		break;
	default:
		break;
	}
}

static void fields_function(Fields *f, const CatFunction *fn)
{
	f_bool(f, "procedure", fn->is_procedure);
	f_add(f, "returns", fn->returns);
	f_list(f, "argument types", fn->arg_types, fn->nargs);
	f_list(f, "argument names", fn->arg_names, fn->nargs);
	f_add(f, "argument modes", fn->arg_modes);
	f_list(f, "argument defaults", fn->arg_defaults, fn->nargs);
	f_add(f, "language", fn->language);
	f_char(f, "volatility", fn->volatility ? fn->volatility : 'v');
	f_bool(f, "security definer", fn->security_definer);
	f_bool(f, "strict", fn->strict);
	/* A SQL-standard body (RETURN expr / BEGIN ATOMIC ... END) is held normalized on both sides (replay
	 * analyses it, introspection reads pg_get_functiondef); one with statements other than SELECT is
	 * compared as the marker "(sql body)": the model does not analyse INSERT/UPDATE/DELETE, which the
	 * server prints with their column lists. */
	const char *body = fn->body;
	while (body && (*body == ' ' || *body == '\n' || *body == '\t' || *body == '\r'))
		body++;
	if (body && fn->language && !strcmp(fn->language, "sql") &&
	    (!strncmp(body, "RETURN ", 7) || !strncmp(body, "BEGIN ATOMIC", 12)) &&
	    !sqlbody_selects_only(body))
		body = "(sql body)";
	f_body(f, "body", body);
}

static void fields_sequence(Fields *f, const CatSequence *s)
{
	f_add(f, "data type", s->data_type);
	f_ll(f, "start", s->start);
	f_ll(f, "increment", s->increment);
	f_ll(f, "minvalue", s->min);
	f_ll(f, "maxvalue", s->max);
	f_ll(f, "cache", s->cache);
	f_bool(f, "cycle", s->cycle);
	f_add(f, "owned by table", ident_of(s->owned_by_table));
	f_add(f, "owned by column", s->owned_by_column);
	f_bool(f, "identity", s->is_identity);
}

/* Set for the duration of one catalog_compare call with ignore_column_order (per thread: two compares may
 * run at once). */
static _Thread_local bool column_order_ignored;

static void fields_table(Fields *f, const CatTable *t)
{
	f_char(f, "relkind", (char)t->relkind);
	f_bool(f, "unlogged", t->unlogged);
	f_bool(f, "row level security", t->rls_enabled);
	f_bool(f, "force row level security", t->rls_forced);
	const char **inh = xcalloc(t->inherits.n + 1, sizeof(char *));
	for (size_t i = 0; i < t->inherits.n; i++)
		inh[i] = ident_of(t->inherits.items[i]);
	f_list(f, "inherits", inh, t->inherits.n);
	free(inh);
	f_add(f, "partition of", ident_of(t->partition_of));
	f_add(f, "partition bound", t->partition_bound);
	f_add(f, "partition key", t->partition_key);
	const char **cols = xcalloc(t->columns.n + 1, sizeof(char *));
	for (size_t i = 0; i < t->columns.n; i++)
		cols[i] = ((CatColumn *)t->columns.items[i])->name;
	if (!column_order_ignored)
		f_list(f, "column order", cols, t->columns.n);
	free(cols);
}

/* A default that is the null value (`NULL`, `NULL::character varying`) behaves exactly like no default:
 * PostgreSQL keeps one only in some cases (a typmod coercion, a type change of a column that had it), so
 * whether it is stored says nothing about the schema's behaviour (docs/normalization.md). */
static const char *effective_default(const char *d)
{
	if (d && !strncasecmp(d, "NULL", 4) && (d[4] == '\0' || (d[4] == ':' && d[5] == ':')))
		return NULL;
	return d;
}

static void fields_column(Fields *f, const CatColumn *c, bool comments)
{
	f_add(f, "type", c->type);
	f_add(f, "collation", c->collation);
	f_bool(f, "not null", c->not_null);
	f_add(f, "default", effective_default(c->default_expr));
	f_char(f, "identity", (char)c->identity);
	f_add(f, "generated", c->generated);
	if (comments)
		f_add(f, "comment", c->comment);
}

static void fields_view(Fields *f, const CatView *v)
{
	f_add(f, "definition", v->definition);
	f_list(f, "columns", v->columns, v->ncolumns);
	f_add(f, "check option", v->check_option);
}

static void fields_index(Fields *f, const CatIndex *x)
{
	f_add(f, "table", ident_of(x->h.owner));
	f_bool(f, "unique", x->unique);
	f_bool(f, "nulls not distinct", x->nulls_not_distinct);
	f_add(f, "method", x->method);
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < x->nkeys; i++) {
		const CatIndexElem *e = &x->keys[i];
		if (i)
			sb_append(&sb, ", ");
		sb_append(&sb, e->column ? e->column : e->expr ? e->expr : "?");
		if (e->collation)
			sb_appendf(&sb, " COLLATE %s", e->collation);
		if (e->opclass)
			sb_appendf(&sb, " %s", e->opclass);
		if (e->desc)
			sb_append(&sb, " DESC");
		if (e->nulls != NULLS_DEFAULT)
			sb_append(&sb, e->nulls == NULLS_FIRST ? " NULLS FIRST" : " NULLS LAST");
	}
	f_own(f, "keys", sb_detach(&sb));
	f_list(f, "include", x->include, x->ninclude);
	f_add(f, "predicate", x->predicate);
	f_add(f, "constraint", x->constraint ? x->constraint->h.name : NULL);
}

static void fields_constraint(Fields *f, const CatConstraint *c)
{
	f_char(f, "type", (char)c->contype);
	f_list(f, "columns", c->columns, c->ncolumns);
	if (c->contype == CON_FOREIGN) {
		f_add(f, "references", c->ref_table ? ident_of(c->ref_table) : c->ref_identity);
		f_list(f, "referenced columns", c->ref_columns, c->nref_columns);
		f_char(f, "on update", (char)c->on_update);
		f_char(f, "on delete", (char)c->on_delete);
		f_char(f, "match", (char)c->match);
	}
	f_bool(f, "deferrable", c->deferrable);
	f_bool(f, "initially deferred", c->initially_deferred);
	f_bool(f, "not valid", c->not_valid);
	f_bool(f, "no inherit", c->no_inherit);
	f_bool(f, "nulls not distinct", c->nulls_not_distinct);
	f_add(f, "check", c->check_expr);
	f_add(f, "exclusion", c->exclusion);
}

static void fields_trigger(Fields *f, const CatTrigger *t)
{
	f_char(f, "timing", (char)t->timing);
	f_ll(f, "events", t->events);
	f_list(f, "update columns", t->update_columns, t->nupdate_columns);
	f_bool(f, "for each row", t->for_each_row);
	f_add(f, "function", t->function);
	f_list(f, "arguments", t->args, t->nargs);
	f_add(f, "when", t->when_expr);
	f_bool(f, "constraint trigger", t->is_constraint);
	f_bool(f, "deferrable", t->deferrable);
	f_bool(f, "initially deferred", t->initially_deferred);
	f_char(f, "enabled", t->enabled ? t->enabled : 'O');
}

static void fields_policy(Fields *f, const CatPolicy *p)
{
	f_bool(f, "permissive", p->permissive);
	f_add(f, "command", p->command);
	f_set(f, "roles", p->roles, p->nroles);
	f_add(f, "using", p->using_expr);
	f_add(f, "with check", p->with_check_expr);
}

static void object_fields(Fields *f, const CatObject *o, bool comments)
{
	switch (o->kind) {
	case OBJ_SCHEMA:
		break;
	case OBJ_EXTENSION:
		f_add(f, "schema", ((const CatExtension *)o)->ext_schema);
		break;
	case OBJ_TYPE:
		fields_type(f, (const CatType *)o);
		break;
	case OBJ_FUNCTION:
		fields_function(f, (const CatFunction *)o);
		break;
	case OBJ_SEQUENCE:
		fields_sequence(f, (const CatSequence *)o);
		break;
	case OBJ_TABLE:
		fields_table(f, (const CatTable *)o);
		break;
	case OBJ_VIEW:
	case OBJ_MATVIEW:
		fields_view(f, (const CatView *)o);
		break;
	case OBJ_INDEX:
		fields_index(f, (const CatIndex *)o);
		break;
	case OBJ_CONSTRAINT:
		fields_constraint(f, (const CatConstraint *)o);
		break;
	case OBJ_TRIGGER:
		fields_trigger(f, (const CatTrigger *)o);
		break;
	case OBJ_POLICY:
		fields_policy(f, (const CatPolicy *)o);
		break;
	default:
		break;
	}
	/* comments on extensions come from their control files (CREATE EXTENSION sets them), which an
	 * offline model cannot know: not compared (docs/normalization.md) */
	if (comments && o->kind != OBJ_EXTENSION)
		f_add(f, "comment", o->comment);
}

/* ---- the walk ----------------------------------------------------------------------------------- */

typedef struct Ctx {
	const char *la, *lb;
	bool comments;
	DiagList *dl;
	size_t count;
} Ctx;

static void only_in(Ctx *cx, const char *kind, const char *ident, bool in_a)
{
	Diag *d = diag_add(cx->dl, SEV_ERROR, in_a ? "only-in-a" : "only-in-b", NULL, 0, 0,
	                   "%s \"%s\" is only in %s", kind, ident, in_a ? cx->la : cx->lb);
	(void)d;
	cx->count++;
}

static void diff_fields(Ctx *cx, const char *kind, const char *ident, Fields *fa, Fields *fb)
{
	for (size_t i = 0; i < fa->n && i < fb->n; i++) {
		const char *va = fa->val[i], *vb = fb->val[i];
		if ((!va && !vb) || (va && vb && !strcmp(va, vb)))
			continue;
		Diag *d = diag_add(cx->dl, SEV_ERROR, "changed", NULL, 0, 0,
		                   "%s \"%s\": %s differs: %s %s%s%s, %s %s%s%s", kind, ident, fa->name[i],
		                   cx->la, va ? "\"" : "", va ? va : "none", va ? "\"" : "", cx->lb,
		                   vb ? "\"" : "", vb ? vb : "none", vb ? "\"" : "");
		(void)d;
		cx->count++;
	}
}

static int cmp_obj_ident(const void *x, const void *y)
{
	const CatObject *a = *(const CatObject *const *)x, *b = *(const CatObject *const *)y;
	return strcmp(a->identity, b->identity);
}

/* Whether O is inside schema ONLY (NULL: everything is). */
static bool in_schema(const CatObject *o, const char *only)
{
	if (!only)
		return true;
	if (o->kind == OBJ_SCHEMA)
		return !strcmp(o->name, only);
	if (o->kind == OBJ_EXTENSION) {
		const char *es = ((const CatExtension *)o)->ext_schema;
		return es && !strcmp(es, only);
	}
	return o->schema && !strcmp(o->schema, only);
}

/* Live objects of KIND in CAT (inside schema ONLY when set), sorted by identity (malloc array, *n set). */
static CatObject **sorted_objects(Catalog *cat, ObjKind kind, const char *only, size_t *n)
{
	const HMap *m = &cat->by_kind[kind];
	CatObject **v = xcalloc(m->n + 1, sizeof(*v));
	size_t k = 0;
	const char *key;
	void *val;
	for (size_t it = 0; hmap_next(m, &it, &key, &val);) {
		CatObject *o = val;
		if (!o->dropped && in_schema(o, only))
			v[k++] = o;
	}
	qsort(v, k, sizeof(*v), cmp_obj_ident);
	*n = k;
	return v;
}

static void compare_columns(Ctx *cx, const CatTable *ta, const CatTable *tb)
{
	for (size_t i = 0; i < ta->columns.n; i++) {
		const CatColumn *ca = ta->columns.items[i];
		const CatColumn *cb = table_find_column(tb, ca->name);
		char *id = xasprintf("%s.%s", ta->h.identity, ca->name);
		if (!cb) {
			only_in(cx, "column", id, true);
		} else {
			Fields fa = {0}, fb = {0};
			fields_column(&fa, ca, cx->comments);
			fields_column(&fb, cb, cx->comments);
			diff_fields(cx, "column", id, &fa, &fb);
			fields_release(&fa);
			fields_release(&fb);
		}
		free(id);
	}
	for (size_t i = 0; i < tb->columns.n; i++) {
		const CatColumn *cb = tb->columns.items[i];
		if (!table_find_column(ta, cb->name)) {
			char *id = xasprintf("%s.%s", tb->h.identity, cb->name);
			only_in(cx, "column", id, false);
			free(id);
		}
	}
}

size_t catalog_compare(Catalog *a, Catalog *b, const CompareOptions *opts, DiagList *dl)
{
	Ctx cx = {opts && opts->label_a ? opts->label_a : "a", opts && opts->label_b ? opts->label_b : "b",
	          !(opts && opts->ignore_comments), dl, 0};
	column_order_ignored = opts && opts->ignore_column_order;
	for (int k = 0; k < OBJ__COUNT; k++) {
		size_t na, nb;
		const char *only = opts ? opts->only_schema : NULL;
		CatObject **va = sorted_objects(a, (ObjKind)k, only, &na);
		CatObject **vb = sorted_objects(b, (ObjKind)k, only, &nb);
		const char *kind = obj_kind_name((ObjKind)k);
		size_t i = 0, j = 0;
		while (i < na || j < nb) {
			int c = i >= na ? 1 : j >= nb ? -1 : strcmp(va[i]->identity, vb[j]->identity);
			if (c < 0) {
				only_in(&cx, kind, va[i++]->identity, true);
			} else if (c > 0) {
				only_in(&cx, kind, vb[j++]->identity, false);
			} else {
				Fields fa = {0}, fb = {0};
				object_fields(&fa, va[i], cx.comments);
				object_fields(&fb, vb[j], cx.comments);
				diff_fields(&cx, kind, va[i]->identity, &fa, &fb);
				fields_release(&fa);
				fields_release(&fb);
				if (k == OBJ_TABLE)
					compare_columns(&cx, (CatTable *)va[i], (CatTable *)vb[j]);
				i++;
				j++;
			}
		}
		free(va);
		free(vb);
	}
	column_order_ignored = false;
	return cx.count;
}

bool catalog_object_same(const CatObject *a, const CatObject *b, bool comments)
{
	Fields fa = {0}, fb = {0};
	object_fields(&fa, a, comments);
	object_fields(&fb, b, comments);
	bool same = fa.n == fb.n;
	for (size_t i = 0; same && i < fa.n; i++) {
		const char *va = fa.val[i], *vb = fb.val[i];
		same = (!va && !vb) || (va && vb && !strcmp(va, vb));
	}
	fields_release(&fa);
	fields_release(&fb);
	return same;
}
