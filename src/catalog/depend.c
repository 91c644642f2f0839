/* depend.c — DROP over the model as PostgreSQL's catalog/dependency.c does it: the set of objects, columns
 * and column defaults one statement removes (findDependentObjects), whether RESTRICT refuses it, what the
 * server would say (reportDependentObjects, getObjectDescription), and applying it. */
#include "strata.h"
#include "catalog/catalog.h"

static bool same_col(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool addr_eq(const CatAddr *a, const CatAddr *b)
{
	return a->obj == b->obj && same_col(a->column, b->column) && a->is_default == b->is_default;
}

/* Does WHOLE contain PART (the whole object contains its columns; a column contains its default)? */
static bool addr_covers(const CatAddr *whole, const CatAddr *part)
{
	if (whole->obj != part->obj || addr_eq(whole, part))
		return false;
	if (!whole->column)
		return true;
	return !whole->is_default && part->is_default && same_col(whole->column, part->column);
}

/* Position of COLUMN in O (attnum - 1), for PostgreSQL's order of dependents; 0 when unknown. */
static size_t col_pos(const CatObject *o, const char *column)
{
	if (!column)
		return 0;
	if (o->kind == OBJ_TABLE) {
		const CatTable *t = (const CatTable *)o;
		for (size_t i = 0; i < t->columns.n; i++)
			if (!strcmp(((CatColumn *)t->columns.items[i])->name, column))
				return i + 1;
	} else if (o->kind == OBJ_TYPE) {
		const CatType *t = (const CatType *)o;
		for (size_t i = 0; i < t->nattrs; i++)
			if (!strcmp(t->attrs[i].name, column))
				return i + 1;
	}
	return 0;
}

typedef struct Found {
	CatAddr addr;
	unsigned subflags;
	bool as_type, array;
} Found;

/* Dependents are visited in PostgreSQL's order (OID descending, then column descending): reported in
 * reverse, they read in creation order. */
static int found_cmp(const void *a, const void *b)
{
	const Found *x = a, *y = b;
	/* a dependent through the array type comes from that type, made right after its element type: before
	 * every later object */
	if (x->array != y->array)
		return x->array ? 1 : -1;
	if (x->addr.obj->seq != y->addr.obj->seq)
		return x->addr.obj->seq > y->addr.obj->seq ? -1 : 1;
	size_t px = col_pos(x->addr.obj, x->addr.column), py = col_pos(y->addr.obj, y->addr.column);
	if (px != py)
		return px > py ? -1 : 1;
	return (int)y->addr.is_default - (int)x->addr.is_default;
}

typedef struct Level {
	CatAddr addr;
	unsigned flags;
	struct Level *next;
} Level;

/* The plan's items by object (a chained hash over the item indexes): finding whether an address is
 * already planned costs the object's own items, not the whole plan (DROP SCHEMA of 10,000 tables). */
typedef struct ItemIndex {
	CatObject **keys; /* open addressing, NULL = empty */
	size_t *heads;    /* first item of that object + 1 (0 = none) */
	size_t cap, n;
	size_t *next; /* per item: the next item of the same object + 1 */
	size_t ncap;
} ItemIndex;

static size_t ptr_hash(const CatObject *o, size_t cap)
{
	uintptr_t x = (uintptr_t)o;
	x ^= x >> 17;
	x *= 0x9E3779B97F4A7C15ull;
	return (size_t)(x >> 7) & (cap - 1);
}

static size_t *index_slot(ItemIndex *ix, CatObject *o, bool add)
{
	if (add && (ix->n + 1) * 2 > ix->cap) {
		size_t nc = ix->cap ? ix->cap * 2 : 64;
		CatObject **nk = xcalloc(nc, sizeof(CatObject *));
		size_t *nh = xcalloc(nc, sizeof(size_t));
		for (size_t i = 0; i < ix->cap; i++)
			if (ix->keys[i]) {
				size_t h = ptr_hash(ix->keys[i], nc);
				while (nk[h])
					h = (h + 1) & (nc - 1);
				nk[h] = ix->keys[i];
				nh[h] = ix->heads[i];
			}
		free(ix->keys);
		free(ix->heads);
		ix->keys = nk;
		ix->heads = nh;
		ix->cap = nc;
	}
	if (!ix->cap)
		return NULL;
	size_t h = ptr_hash(o, ix->cap);
	while (ix->keys[h] && ix->keys[h] != o)
		h = (h + 1) & (ix->cap - 1);
	if (!ix->keys[h]) {
		if (!add)
			return NULL;
		ix->keys[h] = o;
		ix->n++;
	}
	return &ix->heads[h];
}

static void index_free(ItemIndex *ix)
{
	free(ix->keys);
	free(ix->heads);
	free(ix->next);
}

typedef struct Planner {
	Catalog *cat;
	CatDropPlan *plan;
	const CatAddr *targets;
	size_t ntargets;
	bool failed;
	ItemIndex index;
} Planner;

static bool stack_present_add_flags(Level *stack, const CatAddr *a, unsigned flags)
{
	bool found = false;
	for (Level *l = stack; l; l = l->next) {
		if (addr_eq(&l->addr, a)) {
			l->flags |= flags;
			found = true;
		} else if (addr_covers(&l->addr, a))
			found = true;
		else if (addr_covers(a, &l->addr))
			l->flags |= flags;
	}
	return found;
}

static bool plan_present_add_flags(Planner *pl, const CatAddr *a, unsigned flags)
{
	CatDropPlan *p = pl->plan;
	bool found = false;
	size_t *head = index_slot(&pl->index, a->obj, false);
	for (size_t i1 = head ? *head : 0; i1; i1 = pl->index.next[i1 - 1]) {
		CatDropItem *it = &p->items[i1 - 1];
		if (addr_eq(&it->addr, a)) {
			it->flags |= flags;
			found = true;
		} else if (addr_covers(&it->addr, a))
			found = true;
		else if (addr_covers(a, &it->addr))
			it->flags |= flags | DROPF_SUBOBJECT;
	}
	return found;
}

/* The object A is a part of (its INTERNAL dependency), if any. */
static bool internal_owner(const CatAddr *a, CatAddr *owner)
{
	if (a->is_default) {
		/* a generation expression is part of its column; a plain default is not */
		if (a->obj->kind == OBJ_TABLE) {
			const CatColumn *c = table_find_column((const CatTable *)a->obj, a->column);
			if (c && c->generated) {
				*owner = (CatAddr){a->obj, a->column, false};
				return true;
			}
		}
		return false;
	}
	for (size_t i = 0; i < a->obj->ndeps; i++) {
		const CatDep *d = &a->obj->deps[i];
		if (d->type != DEP_INTERNAL || d->from_default || !same_col(d->from_column, a->column))
			continue;
		*owner = (CatAddr){d->on, d->column, false};
		return true;
	}
	return false;
}

static bool is_target(const Planner *pl, const CatAddr *a)
{
	for (size_t i = 0; i < pl->ntargets; i++)
		if (addr_eq(&pl->targets[i], a) || addr_covers(&pl->targets[i], a))
			return true;
	return false;
}

static bool array_type_text(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	return n > 2 && !strcmp(t + n - 2, "[]");
}

/* The canonical type text of column A (NULL when A is not a column). */
static const char *column_type(const CatAddr *a)
{
	if (!a->column)
		return NULL;
	if (a->obj->kind == OBJ_TABLE) {
		const CatColumn *c = table_find_column((const CatTable *)a->obj, a->column);
		return c ? c->type : NULL;
	}
	if (a->obj->kind == OBJ_TYPE) {
		const CatType *t = (const CatType *)a->obj;
		for (size_t i = 0; i < t->nattrs; i++)
			if (!strcmp(t->attrs[i].name, a->column))
				return t->attrs[i].type;
	}
	return NULL;
}

static void push_found(Catalog *cat, Found **v, size_t *n, size_t *cap, Found f)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		Found *nv = arena_array(&cat->arena, Found, nc);
		if (*n)
			memcpy(nv, *v, *n * sizeof(Found));
		*v = nv;
		*cap = nc;
	}
	(*v)[(*n)++] = f;
}

static unsigned dep_flag(DepType t)
{
	switch (t) {
	case DEP_NORMAL:
		return DROPF_NORMAL;
	case DEP_AUTO:
		return DROPF_AUTO;
	case DEP_PARTITION_PRI:
	case DEP_PARTITION_SEC:
		return DROPF_PARTITION;
	default:
		return DROPF_INTERNAL;
	}
}

/* The object A is a partition copy of (its PARTITION_PRI dependency, else its PARTITION_SEC one). */
static bool partition_owner(const CatAddr *a, CatAddr *owner)
{
	bool found = false;
	if (a->column)
		return false;
	for (size_t i = 0; i < a->obj->ndeps; i++) {
		const CatDep *d = &a->obj->deps[i];
		if (d->from_column || (d->type != DEP_PARTITION_PRI && d->type != DEP_PARTITION_SEC))
			continue;
		if (!found || d->type == DEP_PARTITION_PRI)
			*owner = (CatAddr){d->on, d->column, false};
		found = true;
	}
	return found;
}

/* Everything that depends on A directly. */
static Found *dependents_of(Catalog *cat, const CatAddr *a, size_t *n_out)
{
	Found *v = NULL;
	size_t n = 0, cap = 0;
	CatObject *o = a->obj;
	if (!a->is_default) {
		for (size_t i = 0; i < o->rdeps.n; i++) {
			CatObject *r = o->rdeps.items[i];
			if (r->dropped)
				continue;
			for (size_t j = 0; j < r->ndeps; j++) {
				const CatDep *d = &r->deps[j];
				if (d->on != o)
					continue;
				if (a->column ? !same_col(d->column, a->column) : r == o)
					continue;
				CatAddr da = {r, d->from_column, d->from_default};
				bool array =
				    d->from_column && !d->from_default && array_type_text(column_type(&da));
				push_found(cat, &v, &n, &cap,
				           (Found){da, dep_flag(d->type), d->as_type, array});
			}
		}
	}
	/* what lives in a schema depends on it (pg_depend's namespace entries; indexes have none, members
	 * go with their table) */
	if (o->kind == OBJ_SCHEMA && !a->column)
		for (size_t i = 0; i < cat->all.n; i++) {
			CatObject *m = cat->all.items[i];
			if (m->dropped || m->owner || m == o || !m->schema || strcmp(m->schema, o->name) ||
			    m->kind == OBJ_INDEX || m->kind == OBJ_SCHEMA || m->kind == OBJ_EXTENSION)
				continue;
			push_found(cat, &v, &n, &cap, (Found){{m, NULL, false}, DROPF_NORMAL, false, false});
		}
	if (n > 1)
		qsort(v, n, sizeof(Found), found_cmp);
	*n_out = n;
	return v;
}

static void plan_push(Planner *pl, CatDropItem it)
{
	CatDropPlan *p = pl->plan;
	if (p->n == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 16;
		CatDropItem *ni = arena_array(&pl->cat->arena, CatDropItem, nc);
		if (p->n)
			memcpy(ni, p->items, p->n * sizeof(CatDropItem));
		p->items = ni;
		p->cap = nc;
	}
	if (p->n == pl->index.ncap) {
		pl->index.ncap = pl->index.ncap ? pl->index.ncap * 2 : 16;
		pl->index.next = xrealloc(pl->index.next, pl->index.ncap * sizeof(size_t));
	}
	size_t *head = index_slot(&pl->index, it.addr.obj, true);
	pl->index.next[p->n] = *head;
	*head = p->n + 1;
	p->items[p->n++] = it;
}

/* The array/row-type flavour of the edge an item was reached by (for messages). */
typedef struct EdgeNote {
	bool as_type, array;
} EdgeNote;

static void find(Planner *pl, const CatAddr *a, unsigned objflags, Level *stack, EdgeNote note)
{
	if (pl->failed)
		return;
	if (stack_present_add_flags(stack, a, objflags))
		return;
	if (plan_present_add_flags(pl, a, objflags))
		return;
	CatAddr owner;
	if (internal_owner(a, &owner)) {
		if (!stack) {
			/* a target that is part of another object: fine when that object goes too (it is
			 * found then as its dependent), else refused */
			if (is_target(pl, &owner))
				return;
			pl->plan->required = *a;
			pl->plan->required_by = owner;
			pl->failed = true;
			return;
		}
		if (!stack_present_add_flags(stack, &owner, 0)) {
			/* reached from elsewhere: the owner goes, and this with it */
			find(pl, &owner, DROPF_REVERSE, stack, note);
			plan_present_add_flags(pl, a, objflags);
			return;
		}
	}
	CatAddr part;
	if (partition_owner(a, &part))
		objflags |= DROPF_IS_PART;
	size_t nd = 0;
	Found *deps = dependents_of(pl->cat, a, &nd);
	Level me = {*a, objflags, stack};
	for (size_t i = 0; i < nd && !pl->failed; i++)
		find(pl, &deps[i].addr, deps[i].subflags, &me, (EdgeNote){deps[i].as_type, deps[i].array});
	CatDropItem it = {.addr = *a, .flags = me.flags};
	if (stack) {
		it.dependee = stack->addr;
		it.dependee_as_type = note.as_type;
		it.dependee_array = note.array;
	}
	plan_push(pl, it);
}

int catalog_drop_plan(Catalog *cat, const CatAddr *targets, size_t n, CatDropPlan *plan)
{
	memset(plan, 0, sizeof(*plan));
	Planner pl = {cat, plan, targets, n, false, {0}};
	for (size_t i = 0; i < n && !pl.failed; i++)
		find(&pl, &targets[i], DROPF_ORIGINAL, NULL, (EdgeNote){0});
	index_free(&pl.index);
	if (pl.failed)
		return -1;
	/* a partition's copy goes only with its parent's original or with its partition */
	for (size_t i = 0; i < plan->n; i++) {
		const CatDropItem *it = &plan->items[i];
		CatAddr part;
		if ((it->flags & DROPF_IS_PART) && !(it->flags & DROPF_PARTITION) &&
		    partition_owner(&it->addr, &part)) {
			plan->required = it->addr;
			plan->required_by = part;
			return -1;
		}
	}
	/* reporting order: reverse of the deletion order (targets first, then what depends on them) */
	for (size_t i = 0, j = plan->n ? plan->n - 1 : 0; i < j; i++, j--) {
		CatDropItem t = plan->items[i];
		plan->items[i] = plan->items[j];
		plan->items[j] = t;
	}
	return 0;
}

static bool silent(unsigned flags)
{
	return flags & (DROPF_AUTO | DROPF_INTERNAL | DROPF_PARTITION);
}

bool catalog_drop_plan_needs_cascade(const CatDropPlan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		unsigned f = plan->items[i].flags;
		if (!(f & (DROPF_ORIGINAL | DROPF_SUBOBJECT)) && !silent(f))
			return true;
	}
	return false;
}

/* ---- applying a plan ---- */

static void remove_attr(CatType *t, const char *name)
{
	size_t j = 0;
	for (size_t i = 0; i < t->nattrs; i++)
		if (strcmp(t->attrs[i].name, name))
			t->attrs[j++] = t->attrs[i];
	t->nattrs = j;
}

static void drop_column(Catalog *cat, CatObject *o, const char *column)
{
	catalog_remove_subdeps(o, column, true, true);
	if (o->kind == OBJ_TABLE) {
		CatTable *t = (CatTable *)o;
		CatColumn *c = table_find_column(t, column);
		if (c)
			c->identity_seq = NULL;
		table_remove_column(cat, t, column);
	} else if (o->kind == OBJ_TYPE)
		remove_attr((CatType *)o, column);
}

static void drop_default(CatObject *o, const char *column)
{
	catalog_remove_subdeps(o, column, false, true);
	if (o->kind != OBJ_TABLE)
		return;
	CatColumn *c = table_find_column((CatTable *)o, column);
	if (c) {
		c->default_expr = c->default_src = NULL;
		c->generated = c->generated_src = NULL;
	}
}

void catalog_drop_execute(Catalog *cat, const CatDropPlan *plan, PtrList *dropped)
{
	/* columns and defaults first (their tables stay), then whole objects, dependents before what they
	 * depend on */
	for (size_t i = plan->n; i-- > 0;) {
		const CatDropItem *it = &plan->items[i];
		if (!it->addr.column || (it->flags & DROPF_SUBOBJECT) || it->addr.obj->dropped)
			continue;
		bool covered = false;
		for (size_t j = 0; j < plan->n && !covered; j++)
			covered = addr_covers(&plan->items[j].addr, &it->addr);
		if (covered)
			continue;
		if (it->addr.is_default)
			drop_default(it->addr.obj, it->addr.column);
		else
			drop_column(cat, it->addr.obj, it->addr.column);
	}
	for (size_t i = plan->n; i-- > 0;) {
		const CatDropItem *it = &plan->items[i];
		CatObject *o = it->addr.obj;
		if (it->addr.column || o->dropped)
			continue;
		catalog_unlink(cat, o);
		if (dropped && !(it->flags & DROPF_ORIGINAL))
			ptrlist_push(&cat->arena, dropped, o);
	}
}

int catalog_drop(Catalog *cat, CatObject *o, bool cascade, PtrList *blockers, PtrList *dropped)
{
	CatAddr a = {o, NULL, false};
	CatDropPlan plan;
	if (catalog_drop_plan(cat, &a, 1, &plan) != 0) {
		if (blockers)
			ptrlist_push(&cat->arena, blockers, plan.required_by.obj);
		return -1;
	}
	if (!cascade && catalog_drop_plan_needs_cascade(&plan)) {
		for (size_t i = 0; blockers && i < plan.n; i++) {
			const CatDropItem *it = &plan.items[i];
			if (!(it->flags & (DROPF_ORIGINAL | DROPF_SUBOBJECT)) && !silent(it->flags))
				ptrlist_push(&cat->arena, blockers, it->addr.obj);
		}
		return -1;
	}
	catalog_drop_execute(cat, &plan, dropped);
	return 0;
}

/* ---- descriptions (getObjectDescription) ---- */

static bool in_path(const char *schema, const char *const *path, size_t npath)
{
	if (!schema || !strcmp(schema, "pg_catalog"))
		return true;
	for (size_t i = 0; i < npath; i++)
		if (!strcmp(path[i], schema))
			return true;
	return false;
}

/* A relation's, type's or function's name as quote_qualified_identifier() gives it (qualified when its
 * schema is not on the path). */
static void name_of(StrBuf *sb, const CatObject *o, const char *const *path, size_t npath)
{
	if (o->schema && !in_path(o->schema, path, npath)) {
		cat_quote_ident(sb, o->schema);
		sb_putc(sb, '.');
	}
	cat_quote_ident(sb, o->name);
}

/* A canonical type text with the schema of a visible user type left out (`public.mood[]` → `mood[]`). */
static void type_text(StrBuf *sb, const char *t, const char *const *path, size_t npath)
{
	const char *dot = strchr(t, '.');
	const char *paren = strchr(t, '(');
	if (dot && (!paren || dot < paren)) {
		char *schema = xstrndup(t, (size_t)(dot - t));
		const char *s = schema[0] == '"' ? schema + 1 : schema;
		size_t l = strlen(s);
		if (l && s[l - 1] == '"')
			((char *)s)[l - 1] = 0;
		bool vis = in_path(s, path, npath);
		free(schema);
		if (vis)
			t = dot + 1;
	}
	sb_append(sb, t);
}

static const char *relkind_word(const CatObject *o)
{
	switch (o->kind) {
	case OBJ_VIEW:
		return "view";
	case OBJ_MATVIEW:
		return "materialized view";
	case OBJ_TYPE:
		return "composite type";
	case OBJ_SEQUENCE:
		return "sequence";
	case OBJ_INDEX:
		return "index";
	default:
		return "table";
	}
}

void catalog_describe(StrBuf *sb, const CatAddr *a, bool as_type, bool array, const char *const *path,
                      size_t npath)
{
	const CatObject *o = a->obj;
	if (!a->column && (as_type || array) && o->kind != OBJ_TYPE) {
		sb_append(sb, "type ");
		name_of(sb, o, path, npath);
		if (array)
			sb_append(sb, "[]");
		return;
	}
	if (a->column) {
		if (a->is_default)
			sb_appendf(sb, "default value for column %s of ", a->column);
		else
			sb_appendf(sb, "column %s of ", a->column);
		sb_append(sb, relkind_word(o));
		sb_putc(sb, ' ');
		name_of(sb, o, path, npath);
		return;
	}
	switch (o->kind) {
	case OBJ_CONSTRAINT:
	case OBJ_TRIGGER:
	case OBJ_POLICY:
		sb_appendf(sb, "%s %s on ", obj_kind_name(o->kind), o->name);
		if (o->owner) {
			sb_append(sb, relkind_word(o->owner));
			sb_putc(sb, ' ');
			name_of(sb, o->owner, path, npath);
		}
		return;
	case OBJ_FUNCTION: {
		const CatFunction *f = (const CatFunction *)o;
		sb_append(sb, f->is_procedure ? "procedure " : "function ");
		name_of(sb, o, path, npath);
		sb_putc(sb, '(');
		bool first = true;
		for (size_t i = 0; i < f->nargs; i++) {
			char m = f->arg_modes ? f->arg_modes[i] : 'i';
			if (m != 'i' && m != 'b' && m != 'v')
				continue;
			if (!first)
				sb_putc(sb, ',');
			first = false;
			type_text(sb, f->arg_types[i], path, npath);
		}
		sb_putc(sb, ')');
		return;
	}
	case OBJ_TYPE:
		sb_append(sb, "type ");
		name_of(sb, o, path, npath);
		if (array)
			sb_append(sb, "[]");
		return;
	case OBJ_SCHEMA:
	case OBJ_EXTENSION:
		sb_appendf(sb, "%s %s", obj_kind_name(o->kind), o->name);
		return;
	default:
		sb_append(sb, obj_kind_name(o->kind));
		sb_putc(sb, ' ');
		name_of(sb, o, path, npath);
	}
}
