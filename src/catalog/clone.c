/* clone.c — deep copies of a catalog: catalog_clone() makes a snapshot in a new arena, catalog_restore()
 * puts a snapshot's state back into the catalog it was taken from, in place (transactional replay,
 * analysis/replay_tx.c: a failed statement, ROLLBACK, ROLLBACK TO SAVEPOINT). */
#include "strata.h"
#include "catalog/catalog.h"
#include "catalog/role.h"

/* One copy in progress. DST receives; in a restore, PREV is the state DST's object had before it was
 * overwritten, so that strings and arrays that did not change are kept instead of copied again (a restore
 * then allocates only what changed, and pointers held by others stay valid). */
typedef struct Copier {
	Catalog *dst;
	bool restore;
} Copier;

/* The copy of the source's object O in DST: objects are matched by creation number (CatObject.seq is O's
 * index in Catalog.all, see catalog_add). */
static void *remap(Copier *cp, const void *o)
{
	return o ? cp->dst->all.items[((const CatObject *)o)->seq] : NULL;
}

static const char *str(Copier *cp, const char *s, const char *prev)
{
	if (!s)
		return NULL;
	if (prev && (prev == s || !strcmp(prev, s)))
		return prev;
	return arena_strdup(&cp->dst->arena, s);
}

static bool same_strv(const char *const *a, const char *const *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i] && (!a[i] || !b[i] || strcmp(a[i], b[i])))
			return false;
	return true;
}

/* A string array of N entries (NULL entries allowed); PREV (PREVN entries) is kept when equal. */
static const char **strv(Copier *cp, const char *const *v, size_t n, const char **prev, size_t prevn)
{
	if (!v)
		return NULL;
	if (prev && prevn == n && same_strv(v, prev, n))
		return prev;
	const char **out = arena_array(&cp->dst->arena, const char *, n ? n : 1);
	for (size_t i = 0; i < n; i++)
		out[i] = str(cp, v[i], NULL);
	return out;
}

/* L (a byte copy of the source's list) with its items remapped; PREV's array is reused when it holds the
 * same objects. */
static void objlist(Copier *cp, PtrList *l, const PtrList *prev)
{
	if (!l->items)
		return;
	if (prev && prev->items && prev->n == l->n) {
		bool same = true;
		for (size_t i = 0; i < l->n && same; i++)
			same = prev->items[i] == remap(cp, l->items[i]);
		if (same) {
			*l = *prev;
			return;
		}
	}
	void **items = arena_array(&cp->dst->arena, void *, l->cap ? l->cap : 1);
	for (size_t i = 0; i < l->n; i++)
		items[i] = remap(cp, l->items[i]);
	l->items = items;
}

static void loc(Copier *cp, CatLoc *l, const CatLoc *prev)
{
	l->version = str(cp, l->version, prev ? prev->version : NULL);
	l->file = str(cp, l->file, prev ? prev->file : NULL);
}

static void deps(Copier *cp, CatObject *o, const CatObject *prev)
{
	if (!o->deps)
		return;
	if (prev && prev->deps && prev->ndeps == o->ndeps && prev->capdeps >= o->ndeps) {
		bool same = true;
		for (size_t i = 0; i < o->ndeps && same; i++) {
			const CatDep *a = &o->deps[i], *b = &prev->deps[i];
			same = b->on == remap(cp, a->on) && b->type == a->type &&
			       b->from_default == a->from_default && b->as_type == a->as_type &&
			       same_strv(&a->column, &b->column, 1) &&
			       same_strv(&a->from_column, &b->from_column, 1);
		}
		if (same) {
			o->deps = prev->deps;
			o->capdeps = prev->capdeps;
			return;
		}
	}
	CatDep *d = arena_array(&cp->dst->arena, CatDep, o->capdeps ? o->capdeps : 1);
	for (size_t i = 0; i < o->ndeps; i++) {
		d[i] = o->deps[i];
		d[i].on = remap(cp, d[i].on);
		d[i].column = str(cp, d[i].column, NULL);
		d[i].from_column = str(cp, d[i].from_column, NULL);
	}
	o->deps = d;
}

static void header(Copier *cp, CatObject *o, const CatObject *prev)
{
	o->schema = str(cp, o->schema, prev ? prev->schema : NULL);
	o->name = str(cp, o->name, prev ? prev->name : NULL);
	o->identity = str(cp, o->identity, prev ? prev->identity : NULL);
	o->owner = remap(cp, o->owner);
	o->comment = str(cp, o->comment, prev ? prev->comment : NULL);
	o->rolowner = str(cp, o->rolowner, prev ? prev->rolowner : NULL);
	loc(cp, &o->origin, prev ? &prev->origin : NULL);
	deps(cp, o, prev);
	objlist(cp, &o->rdeps, prev ? &prev->rdeps : NULL);
}

static void type_fields(Copier *cp, CatType *t, const CatType *p)
{
	t->labels = strv(cp, t->labels, t->nlabels, p ? p->labels : NULL, p ? p->nlabels : 0);
	t->base_type = str(cp, t->base_type, p ? p->base_type : NULL);
	t->default_expr = str(cp, t->default_expr, p ? p->default_expr : NULL);
	t->collation = str(cp, t->collation, p ? p->collation : NULL);
	if (t->checks) {
		CatDomainCheck *c = arena_array(&cp->dst->arena, CatDomainCheck, t->nchecks ? t->nchecks : 1);
		for (size_t i = 0; i < t->nchecks; i++)
			c[i] = (CatDomainCheck){str(cp, t->checks[i].name, NULL),
			                        str(cp, t->checks[i].expr, NULL), t->checks[i].not_valid};
		t->checks = c;
	}
	if (t->attrs) {
		CatAttr *a = arena_array(&cp->dst->arena, CatAttr, t->nattrs ? t->nattrs : 1);
		for (size_t i = 0; i < t->nattrs; i++)
			a[i] = (CatAttr){str(cp, t->attrs[i].name, NULL), str(cp, t->attrs[i].type, NULL),
			                 str(cp, t->attrs[i].collation, NULL)};
		t->attrs = a;
	}
	t->subtype = str(cp, t->subtype, p ? p->subtype : NULL);
	t->multirange = str(cp, t->multirange, p ? p->multirange : NULL);
}

static void function_fields(Copier *cp, CatFunction *f, const CatFunction *p)
{
	size_t pn = p ? p->nargs : 0;
	f->arg_types = strv(cp, f->arg_types, f->nargs, p ? p->arg_types : NULL, pn);
	f->arg_names = strv(cp, f->arg_names, f->nargs, p ? p->arg_names : NULL, pn);
	f->arg_modes = (char *)str(cp, f->arg_modes, p ? p->arg_modes : NULL);
	f->arg_defaults = strv(cp, f->arg_defaults, f->nargs, p ? p->arg_defaults : NULL, pn);
	f->returns = str(cp, f->returns, p ? p->returns : NULL);
	f->language = str(cp, f->language, p ? p->language : NULL);
	f->body = str(cp, f->body, p ? p->body : NULL);
}

/* Column C (a byte copy of the source's) with its own strings; PREV is the same column before a restore. */
static void column_fields(Copier *cp, CatColumn *c, const CatColumn *p)
{
	c->name = str(cp, c->name, p ? p->name : NULL);
	c->type = str(cp, c->type, p ? p->type : NULL);
	c->collation = str(cp, c->collation, p ? p->collation : NULL);
	c->default_expr = str(cp, c->default_expr, p ? p->default_expr : NULL);
	c->identity_seq = remap(cp, c->identity_seq);
	c->generated = str(cp, c->generated, p ? p->generated : NULL);
	c->default_src = str(cp, c->default_src, p ? p->default_src : NULL);
	c->generated_src = str(cp, c->generated_src, p ? p->generated_src : NULL);
	c->comment = str(cp, c->comment, p ? p->comment : NULL);
	loc(cp, &c->origin, p ? &p->origin : NULL);
}

/* T's columns. In a restore, PREVMAP is the table's column map before the restore: a column that still
 * exists keeps its struct (restored in place). */
static void table_columns(Copier *cp, CatTable *t, const PtrList *prevcols, HMap *prevmap)
{
	void **cols = t->columns.items;
	if (cols) {
		bool reuse = prevcols && prevcols->items && prevcols->cap >= t->columns.n;
		void **out = reuse
		                 ? prevcols->items
		                 : arena_array(&cp->dst->arena, void *, t->columns.cap ? t->columns.cap : 1);
		CatColumn **keep = xcalloc(t->columns.n + 1, sizeof(CatColumn *));
		for (size_t i = 0; i < t->columns.n; i++) {
			const CatColumn *src = cols[i];
			CatColumn *c = prevmap ? hmap_del(prevmap, src->name) : NULL;
			CatColumn old = c ? *c : (CatColumn){0};
			if (!c)
				c = arena_new(&cp->dst->arena, CatColumn);
			*c = *src;
			column_fields(cp, c, old.name ? &old : NULL);
			keep[i] = c;
		}
		for (size_t i = 0; i < t->columns.n; i++)
			out[i] = keep[i];
		free(keep);
		t->columns.items = out;
		if (reuse)
			t->columns.cap = prevcols->cap;
	}
	/* the column map is exactly the column list keyed by name (table_add_column & co. keep it so) */
	hmap_init(&t->colmap);
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *c = t->columns.items[i];
		hmap_put(&t->colmap, c->name, c);
	}
}

static void table_fields(Copier *cp, CatTable *t, const CatTable *p)
{
	objlist(cp, &t->inherits, p ? &p->inherits : NULL);
	t->partition_of = remap(cp, t->partition_of);
	t->partition_bound = str(cp, t->partition_bound, p ? p->partition_bound : NULL);
	t->partition_key = str(cp, t->partition_key, p ? p->partition_key : NULL);
	t->foreign_children = str(cp, t->foreign_children, p ? p->foreign_children : NULL);
	objlist(cp, &t->constraints, p ? &p->constraints : NULL);
	objlist(cp, &t->indexes, p ? &p->indexes : NULL);
	objlist(cp, &t->triggers, p ? &p->triggers : NULL);
	objlist(cp, &t->policies, p ? &p->policies : NULL);
}

static void constraint_fields(Copier *cp, CatConstraint *k, const CatConstraint *p)
{
	k->columns = strv(cp, k->columns, k->ncolumns, p ? p->columns : NULL, p ? p->ncolumns : 0);
	k->ref_table = remap(cp, k->ref_table);
	k->ref_schema = str(cp, k->ref_schema, p ? p->ref_schema : NULL);
	k->ref_name = str(cp, k->ref_name, p ? p->ref_name : NULL);
	k->ref_identity = str(cp, k->ref_identity, p ? p->ref_identity : NULL);
	k->ref_columns =
	    strv(cp, k->ref_columns, k->nref_columns, p ? p->ref_columns : NULL, p ? p->nref_columns : 0);
	k->check_expr = str(cp, k->check_expr, p ? p->check_expr : NULL);
	k->check_src = str(cp, k->check_src, p ? p->check_src : NULL);
	k->exclusion = str(cp, k->exclusion, p ? p->exclusion : NULL);
	k->index = remap(cp, k->index);
}

static void index_fields(Copier *cp, CatIndex *ix, const CatIndex *p)
{
	ix->method = str(cp, ix->method, p ? p->method : NULL);
	if (ix->keys && p && p->keys && p->nkeys == ix->nkeys) {
		bool same = true;
		for (size_t i = 0; i < ix->nkeys && same; i++) {
			const CatIndexElem *a = &ix->keys[i], *b = &p->keys[i];
			const char *as[5] = {a->column, a->expr, a->collation, a->opclass, a->attname};
			const char *bs[5] = {b->column, b->expr, b->collation, b->opclass, b->attname};
			same = a->desc == b->desc && a->nulls == b->nulls && same_strv(as, bs, 5);
		}
		if (same)
			ix->keys = p->keys;
	}
	if (ix->keys && (!p || ix->keys != p->keys)) {
		CatIndexElem *e = arena_array(&cp->dst->arena, CatIndexElem, ix->nkeys ? ix->nkeys : 1);
		for (size_t i = 0; i < ix->nkeys; i++) {
			e[i] = ix->keys[i];
			e[i].column = str(cp, e[i].column, NULL);
			e[i].attname = str(cp, e[i].attname, NULL);
			e[i].expr = str(cp, e[i].expr, NULL);
			e[i].expr_src = str(cp, e[i].expr_src, NULL);
			e[i].collation = str(cp, e[i].collation, NULL);
			e[i].opclass = str(cp, e[i].opclass, NULL);
		}
		ix->keys = e;
	}
	ix->include = strv(cp, ix->include, ix->ninclude, p ? p->include : NULL, p ? p->ninclude : 0);
	ix->predicate = str(cp, ix->predicate, p ? p->predicate : NULL);
	ix->predicate_src = str(cp, ix->predicate_src, p ? p->predicate_src : NULL);
	ix->constraint = remap(cp, ix->constraint);
}

/* Deep-copy the fields of DST's object O (a byte copy of the source's) into DST's arena, pointers
 * remapped. P is O's state before a restore overwrote it (NULL when cloning). */
static void object_fields(Copier *cp, CatObject *o, const CatObject *p)
{
	header(cp, o, p);
	switch (o->kind) {
	case OBJ_SCHEMA: {
		CatSchema *sc = (CatSchema *)o;
		const CatSchema *ps = (const CatSchema *)p;
		sc->owner_role = str(cp, sc->owner_role, ps ? ps->owner_role : NULL);
		sc->create_to = strv(cp, sc->create_to, sc->ncreate_to, ps ? ps->create_to : NULL,
		                     ps ? ps->ncreate_to : 0);
		sc->usage_to =
		    strv(cp, sc->usage_to, sc->nusage_to, ps ? ps->usage_to : NULL, ps ? ps->nusage_to : 0);
		break;
	}
	case OBJ_EXTENSION: {
		CatExtension *e = (CatExtension *)o;
		const CatExtension *pe = (const CatExtension *)p;
		e->ext_schema = str(cp, e->ext_schema, pe ? pe->ext_schema : NULL);
		e->version = str(cp, e->version, pe ? pe->version : NULL);
		break;
	}
	case OBJ_TYPE:
		type_fields(cp, (CatType *)o, (const CatType *)p);
		break;
	case OBJ_FUNCTION:
		function_fields(cp, (CatFunction *)o, (const CatFunction *)p);
		break;
	case OBJ_SEQUENCE: {
		CatSequence *s = (CatSequence *)o;
		const CatSequence *ps = (const CatSequence *)p;
		s->data_type = str(cp, s->data_type, ps ? ps->data_type : NULL);
		s->owned_by_table = remap(cp, s->owned_by_table);
		s->owned_by_column = str(cp, s->owned_by_column, ps ? ps->owned_by_column : NULL);
		break;
	}
	case OBJ_TABLE:
		table_fields(cp, (CatTable *)o, (const CatTable *)p);
		break;
	case OBJ_VIEW:
	case OBJ_MATVIEW: {
		CatView *v = (CatView *)o;
		const CatView *pv = (const CatView *)p;
		v->definition = str(cp, v->definition, pv ? pv->definition : NULL);
		v->columns =
		    strv(cp, v->columns, v->ncolumns, pv ? pv->columns : NULL, pv ? pv->ncolumns : 0);
		v->column_types = strv(cp, v->column_types, v->ncolumn_types, pv ? pv->column_types : NULL,
		                       pv ? pv->ncolumn_types : 0);
		v->check_option = str(cp, v->check_option, pv ? pv->check_option : NULL);
		objlist(cp, &v->indexes, pv ? &pv->indexes : NULL);
		break;
	}
	case OBJ_INDEX:
		index_fields(cp, (CatIndex *)o, (const CatIndex *)p);
		break;
	case OBJ_CONSTRAINT:
		constraint_fields(cp, (CatConstraint *)o, (const CatConstraint *)p);
		break;
	case OBJ_TRIGGER: {
		CatTrigger *t = (CatTrigger *)o;
		const CatTrigger *pt = (const CatTrigger *)p;
		t->update_columns = strv(cp, t->update_columns, t->nupdate_columns,
		                         pt ? pt->update_columns : NULL, pt ? pt->nupdate_columns : 0);
		t->function = str(cp, t->function, pt ? pt->function : NULL);
		t->args = strv(cp, t->args, t->nargs, pt ? pt->args : NULL, pt ? pt->nargs : 0);
		t->when_expr = str(cp, t->when_expr, pt ? pt->when_expr : NULL);
		break;
	}
	case OBJ_POLICY: {
		CatPolicy *pl = (CatPolicy *)o;
		const CatPolicy *pp = (const CatPolicy *)p;
		pl->command = str(cp, pl->command, pp ? pp->command : NULL);
		pl->roles = strv(cp, pl->roles, pl->nroles, pp ? pp->roles : NULL, pp ? pp->nroles : 0);
		pl->using_expr = str(cp, pl->using_expr, pp ? pp->using_expr : NULL);
		pl->with_check_expr = str(cp, pl->with_check_expr, pp ? pp->with_check_expr : NULL);
		break;
	}
	case OBJ__COUNT:
		break;
	}
}

typedef struct MapCopy {
	Copier *cp;
	const HMap *prev; /* the destination's map before a restore (NULL when cloning): its keys and overload
	                     lists are kept where they still fit */
} MapCopy;

/* hmap_copy callback for the identity maps: the key is usually the value's identity (share the copy's). */
static void *map_object(void *ud, const char **key, void *value)
{
	MapCopy *mc = ud;
	CatObject *o = value, *n = remap(mc->cp, o);
	if (o && *key == o->identity)
		*key = n->identity;
	else
		*key = str(mc->cp, *key, mc->prev ? hmap_key(mc->prev, *key) : NULL);
	return n;
}

static void *map_overloads(void *ud, const char **key, void *value)
{
	MapCopy *mc = ud;
	PtrList *prev = mc->prev ? hmap_get(mc->prev, *key) : NULL;
	*key = str(mc->cp, *key, mc->prev ? hmap_key(mc->prev, *key) : NULL);
	PtrList copy = *(const PtrList *)value, before = prev ? *prev : (PtrList){0};
	PtrList *l = prev ? prev : arena_new(&mc->cp->dst->arena, PtrList);
	*l = copy;
	objlist(mc->cp, l, prev ? &before : NULL);
	return l;
}

static bool seq_invariant(const Catalog *c)
{
	for (size_t i = 0; i < c->all.n; i++)
		if (((const CatObject *)c->all.items[i])->seq != i)
			return false;
	return true;
}

/* DST's maps := SRC's, remapped. In a restore, DST's maps are replaced (their keys reused where equal). */
static void copy_map(Copier *cp, HMap *dst, const HMap *src, HMapCopyFn fn)
{
	HMap prev = *dst;
	MapCopy mc = {cp, cp->restore ? &prev : NULL};
	hmap_copy(dst, src, fn, &mc);
	if (cp->restore)
		hmap_release(&prev);
}

static void copy_maps(Copier *cp, const Catalog *src)
{
	Catalog *dst = cp->dst;
	for (int k = 0; k < OBJ__COUNT; k++)
		copy_map(cp, &dst->by_kind[k], &src->by_kind[k], map_object);
	copy_map(cp, &dst->relations, &src->relations, map_object);
	copy_map(cp, &dst->types, &src->types, map_object);
	copy_map(cp, &dst->func_names, &src->func_names, map_overloads);
}

static void copy_search_path(Catalog *dst, const Catalog *src)
{
	dst->nsearch_path = src->nsearch_path;
	dst->search_path = arena_array(&dst->arena, const char *, src->nsearch_path ? src->nsearch_path : 1);
	for (size_t i = 0; i < src->nsearch_path; i++)
		dst->search_path[i] = arena_strdup(&dst->arena, src->search_path[i]);
}

Catalog *catalog_clone(const Catalog *src)
{
	if (!seq_invariant(src))
		return NULL;
	Catalog *dst = catalog_new();
	Copier cp = {dst, false};
	dst->next_seq = src->next_seq;
	dst->deps_complete = src->deps_complete;
	copy_search_path(dst, src);
	cat_roles_copy(dst, src);
	dst->all.n = src->all.n;
	dst->all.cap = src->all.cap;
	dst->all.items = arena_array(&dst->arena, void *, src->all.cap ? src->all.cap : 1);
	for (size_t i = 0; i < src->all.n; i++) { /* every object first: fields point at any of them */
		const CatObject *o = src->all.items[i];
		size_t size = catalog_kind_size(o->kind);
		CatObject *n = arena_alloc(&dst->arena, size);
		memcpy(n, o, size);
		dst->all.items[i] = n;
	}
	for (size_t i = 0; i < dst->all.n; i++) {
		CatObject *o = dst->all.items[i];
		object_fields(&cp, o, NULL);
		if (o->kind == OBJ_TABLE)
			table_columns(&cp, (CatTable *)o, NULL, NULL);
	}
	copy_maps(&cp, src);
	return dst;
}

/* The largest object struct (a restore keeps each object's previous state on the stack). */
typedef union AnyObject {
	CatObject h;
	CatSchema schema;
	CatExtension extension;
	CatType type;
	CatFunction function;
	CatSequence sequence;
	CatTable table;
	CatView view;
	CatIndex index;
	CatConstraint constraint;
	CatTrigger trigger;
	CatPolicy policy;
} AnyObject;

int catalog_restore(Catalog *cat, const Catalog *snap)
{
	if (!seq_invariant(snap) || !seq_invariant(cat) || snap->all.n > cat->all.n)
		return -1;
	for (size_t i = 0; i < snap->all.n; i++)
		if (((const CatObject *)snap->all.items[i])->kind !=
		    ((const CatObject *)cat->all.items[i])->kind)
			return -1;
	Copier cp = {cat, true};
	/* objects made after the snapshot are orphaned: out of Catalog.all and flagged dropped, so that a
	 * pointer someone kept sees a dropped object */
	for (size_t i = snap->all.n; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		o->dropped = true;
		if (o->kind == OBJ_TABLE)
			hmap_release(&((CatTable *)o)->colmap);
	}
	cat->all.n = snap->all.n;
	cat->next_seq = snap->next_seq;
	cat->deps_complete = snap->deps_complete;
	copy_search_path(cat, snap);
	cat_roles_copy(cat, snap);
	for (size_t i = 0; i < snap->all.n; i++) {
		const CatObject *s = snap->all.items[i];
		CatObject *o = cat->all.items[i];
		size_t size = catalog_kind_size(s->kind);
		AnyObject prev;
		memcpy(&prev, o, size);
		memcpy(o, s, size);
		object_fields(&cp, o, &prev.h);
		if (o->kind == OBJ_TABLE) {
			table_columns(&cp, (CatTable *)o, &prev.table.columns, &prev.table.colmap);
			hmap_release(&prev.table.colmap);
		}
	}
	copy_maps(&cp, snap);
	return 0;
}
