/* catalog.c — the catalog container: allocation of objects, identity maps, dependency edges, rename, drop
 * with RESTRICT/CASCADE semantics (see catalog.h). */
#include "strata.h"
#include "catalog/catalog.h"
#include "catalog/normalize.h"
#include "catalog/relative.h"

static const size_t kind_size[OBJ__COUNT] = {
    [OBJ_SCHEMA] = sizeof(CatSchema),     [OBJ_EXTENSION] = sizeof(CatExtension),
    [OBJ_TYPE] = sizeof(CatType),         [OBJ_FUNCTION] = sizeof(CatFunction),
    [OBJ_SEQUENCE] = sizeof(CatSequence), [OBJ_TABLE] = sizeof(CatTable),
    [OBJ_VIEW] = sizeof(CatView),         [OBJ_MATVIEW] = sizeof(CatView),
    [OBJ_INDEX] = sizeof(CatIndex),       [OBJ_CONSTRAINT] = sizeof(CatConstraint),
    [OBJ_TRIGGER] = sizeof(CatTrigger),   [OBJ_POLICY] = sizeof(CatPolicy),
};

static const char *const kind_names[OBJ__COUNT] = {
    [OBJ_SCHEMA] = "schema",     [OBJ_EXTENSION] = "extension",
    [OBJ_TYPE] = "type",         [OBJ_FUNCTION] = "function",
    [OBJ_SEQUENCE] = "sequence", [OBJ_TABLE] = "table",
    [OBJ_VIEW] = "view",         [OBJ_MATVIEW] = "materialized view",
    [OBJ_INDEX] = "index",       [OBJ_CONSTRAINT] = "constraint",
    [OBJ_TRIGGER] = "trigger",   [OBJ_POLICY] = "policy",
};

size_t catalog_kind_size(ObjKind kind)
{
	return kind < OBJ__COUNT ? kind_size[kind] : 0;
}

const char *obj_kind_name(ObjKind k)
{
	return k < OBJ__COUNT ? kind_names[k] : "object";
}

static bool is_relation_kind(ObjKind k)
{
	return k == OBJ_TABLE || k == OBJ_VIEW || k == OBJ_MATVIEW || k == OBJ_SEQUENCE || k == OBJ_INDEX;
}

Catalog *catalog_new(void)
{
	Catalog *cat = xcalloc(1, sizeof(Catalog));
	arena_init(&cat->arena);
	for (int k = 0; k < OBJ__COUNT; k++)
		hmap_init(&cat->by_kind[k]);
	hmap_init(&cat->relations);
	hmap_init(&cat->types);
	hmap_init(&cat->func_names);
	return cat;
}

void catalog_free(Catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->kind == OBJ_TABLE)
			hmap_release(&((CatTable *)o)->colmap);
	}
	for (int k = 0; k < OBJ__COUNT; k++)
		hmap_release(&cat->by_kind[k]);
	hmap_release(&cat->relations);
	hmap_release(&cat->types);
	hmap_release(&cat->func_names);
	arena_release(&cat->arena);
	free(cat);
}

void ptrlist_push(Arena *a, PtrList *l, void *p)
{
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 4;
		void **ni = arena_array(a, void *, nc);
		if (l->n)
			memcpy(ni, l->items, l->n * sizeof(void *));
		l->items = ni;
		l->cap = nc;
	}
	l->items[l->n++] = p;
}

void ptrlist_remove(PtrList *l, void *p)
{
	size_t j = 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i] != p)
			l->items[j++] = l->items[i];
	l->n = j;
}

/* PostgreSQL keywords that quote_ident() quotes (reserved, column-name and type/function-name keywords).
 * Letters and '_' only, at most 17 of them: cat_ident_needs_quotes relies on it. */
static const char *const quoted_keywords[] = {
    /* sorted: bsearch */
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json_array",
    "json_arrayagg",
    "json_object",
    "json_objectagg",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
};

static int kw_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool cat_ident_needs_quotes(const char *name)
{
	if (!name[0])
		return true;
	if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
		return true;
	bool digit = false;
	const char *p = name;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digit = true;
		else if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return true;
	}
	/* no keyword has a digit or more than 17 letters: most names (t42, created_at) skip the search */
	if (digit || p - name > 17)
		return false;
	return bsearch(&name, quoted_keywords, ARRAY_LEN(quoted_keywords), sizeof(char *), kw_cmp) != NULL;
}

void cat_quote_ident(StrBuf *sb, const char *name)
{
	if (!cat_ident_needs_quotes(name)) {
		sb_append(sb, name);
		return;
	}
	sb_putc(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			sb_putc(sb, '"');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '"');
}

void cat_quote_qualified(StrBuf *sb, const char *schema, const char *name)
{
	if (schema) {
		cat_quote_ident(sb, schema);
		sb_putc(sb, '.');
	}
	cat_quote_ident(sb, name);
}

void cat_quote_literal(StrBuf *sb, const char *s)
{
	sb_putc(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '\'')
			sb_putc(sb, '\'');
		sb_putc(sb, *p);
	}
	sb_putc(sb, '\'');
}

static const char *sb_to_arena(Catalog *cat, StrBuf *sb)
{
	const char *s = arena_strndup(&cat->arena, sb_str(sb), sb->len);
	sb_release(sb);
	return s;
}

const char *cat_ident_qualified(Catalog *cat, const char *schema, const char *name)
{
	StrBuf sb = STRBUF_INIT;
	if (schema) {
		cat_quote_ident(&sb, schema);
		sb_putc(&sb, '.');
	}
	cat_quote_ident(&sb, name);
	return sb_to_arena(cat, &sb);
}

const char *cat_ident_member(Catalog *cat, const char *schema, const char *table, const char *name)
{
	StrBuf sb = STRBUF_INIT;
	if (schema) {
		cat_quote_ident(&sb, schema);
		sb_putc(&sb, '.');
	}
	cat_quote_ident(&sb, table);
	sb_putc(&sb, '.');
	cat_quote_ident(&sb, name);
	return sb_to_arena(cat, &sb);
}

const char *cat_ident_function(Catalog *cat, const char *schema, const char *name,
                               const char *const *arg_types, size_t nargs)
{
	StrBuf sb = STRBUF_INIT;
	if (schema) {
		cat_quote_ident(&sb, schema);
		sb_putc(&sb, '.');
	}
	cat_quote_ident(&sb, name);
	sb_putc(&sb, '(');
	for (size_t i = 0; i < nargs; i++)
		sb_appendf(&sb, "%s%s", i ? ", " : "", arg_types[i]);
	sb_putc(&sb, ')');
	return sb_to_arena(cat, &sb);
}

/* The identity of O computed from its current name/schema/owner/arguments. */
static const char *compute_identity(Catalog *cat, CatObject *o)
{
	switch (o->kind) {
	case OBJ_CONSTRAINT:
	case OBJ_TRIGGER:
	case OBJ_POLICY:
		return cat_ident_member(cat, o->owner->schema, o->owner->name, o->name);
	case OBJ_FUNCTION: {
		CatFunction *f = (CatFunction *)o;
		const char **in = arena_array(&cat->arena, const char *, f->nargs + 1);
		size_t n = 0;
		for (size_t i = 0; i < f->nargs; i++) {
			char m = f->arg_modes ? f->arg_modes[i] : 'i';
			if (m == 'i' || m == 'b' || m == 'v')
				in[n++] = f->arg_types[i];
		}
		return cat_ident_function(cat, o->schema, o->name, in, n);
	}
	default:
		return cat_ident_qualified(cat, o->schema, o->name);
	}
}

static const char *func_key(Catalog *cat, const char *schema, const char *name)
{
	return cat_ident_qualified(cat, schema, name);
}

static void enter_maps(Catalog *cat, CatObject *o)
{
	o->identity = compute_identity(cat, o);
	hmap_put(&cat->by_kind[o->kind], o->identity, o);
	if (is_relation_kind(o->kind))
		hmap_put(&cat->relations, o->identity, o);
	if (o->kind == OBJ_TYPE)
		hmap_put(&cat->types, o->identity, o);
	if (o->kind == OBJ_FUNCTION) {
		const char *k = func_key(cat, o->schema, o->name);
		PtrList *l = hmap_get(&cat->func_names, k);
		if (!l) {
			l = arena_new(&cat->arena, PtrList);
			hmap_put(&cat->func_names, k, l);
		}
		ptrlist_push(&cat->arena, l, o);
	}
}

static void leave_maps(Catalog *cat, CatObject *o)
{
	if (hmap_get(&cat->by_kind[o->kind], o->identity) == o)
		hmap_del(&cat->by_kind[o->kind], o->identity);
	if (is_relation_kind(o->kind) && hmap_get(&cat->relations, o->identity) == o)
		hmap_del(&cat->relations, o->identity);
	if (o->kind == OBJ_TYPE && hmap_get(&cat->types, o->identity) == o)
		hmap_del(&cat->types, o->identity);
	if (o->kind == OBJ_FUNCTION) {
		StrBuf sb = STRBUF_INIT;
		if (o->schema) {
			cat_quote_ident(&sb, o->schema);
			sb_putc(&sb, '.');
		}
		cat_quote_ident(&sb, o->name);
		PtrList *l = hmap_get(&cat->func_names, sb_str(&sb));
		if (l)
			ptrlist_remove(l, o);
		sb_release(&sb);
	}
}

CatObject *catalog_add(Catalog *cat, ObjKind kind, const char *schema, const char *name, CatObject *owner,
                       const CatLoc *origin)
{
	CatObject *o = arena_alloc(&cat->arena, kind_size[kind]);
	o->kind = kind;
	o->schema = arena_strdup(&cat->arena, schema);
	o->name = arena_strdup(&cat->arena, name);
	o->owner = owner;
	if (origin) {
		o->origin = *origin;
	}
	o->seq = cat->next_seq++;
	if (kind == OBJ_TABLE)
		hmap_init(&((CatTable *)o)->colmap);
	if (kind != OBJ_FUNCTION) /* functions enter the maps once their arguments are set: catalog_rename */
		enter_maps(cat, o);
	ptrlist_push(&cat->arena, &cat->all, o);
	if (owner) {
		if (owner->kind == OBJ_TABLE) {
			CatTable *t = (CatTable *)owner;
			if (kind == OBJ_CONSTRAINT)
				ptrlist_push(&cat->arena, &t->constraints, o);
			else if (kind == OBJ_INDEX)
				ptrlist_push(&cat->arena, &t->indexes, o);
			else if (kind == OBJ_TRIGGER)
				ptrlist_push(&cat->arena, &t->triggers, o);
			else if (kind == OBJ_POLICY)
				ptrlist_push(&cat->arena, &t->policies, o);
		} else if (owner->kind == OBJ_MATVIEW && kind == OBJ_INDEX) {
			ptrlist_push(&cat->arena, &((CatView *)owner)->indexes, o);
		}
		catalog_add_dep(cat, o, owner, NULL, DEP_AUTO);
	}
	return o;
}

/* Functions: called once arg types are filled (identity depends on them). */
void catalog_function_register(Catalog *cat, CatFunction *f)
{
	enter_maps(cat, &f->h);
}

static bool same_col(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static void push_rdep(Catalog *cat, CatObject *on, CatObject *from)
{
	for (size_t i = 0; i < on->rdeps.n; i++)
		if (on->rdeps.items[i] == from)
			return;
	ptrlist_push(&cat->arena, &on->rdeps, from);
}

CatDep *catalog_add_subdep(Catalog *cat, CatObject *from, const char *from_column, bool from_default,
                           CatObject *on, const char *column, DepType type)
{
	if (!on || !from)
		return NULL;
	/* an object does not depend on itself; a column may depend on another column of its own table, and
	 * be internal to it (a partition key column: StorePartitionKey) */
	bool key_column = from == on && from_column && !column && !from_default && type == DEP_INTERNAL;
	if (from == on && !key_column &&
	    (!from_column || !column || (!from_default && !strcmp(from_column, column))))
		return NULL;
	if (!from_column)
		from_default = false;
	for (size_t i = 0; i < from->ndeps; i++) {
		CatDep *d = &from->deps[i];
		if (d->on == on && d->type == type && same_col(d->column, column) &&
		    same_col(d->from_column, from_column) && d->from_default == from_default)
			return d;
	}
	if (from->ndeps == from->capdeps) {
		size_t nc = from->capdeps ? from->capdeps * 2 : 4;
		CatDep *nd = arena_array(&cat->arena, CatDep, nc);
		if (from->ndeps)
			memcpy(nd, from->deps, from->ndeps * sizeof(CatDep));
		from->deps = nd;
		from->capdeps = nc;
	}
	from->deps[from->ndeps++] = (CatDep){.on = on,
	                                     .column = arena_strdup(&cat->arena, column),
	                                     .from_column = arena_strdup(&cat->arena, from_column),
	                                     .from_default = from_default,
	                                     .type = type};
	push_rdep(cat, on, from);
	return &from->deps[from->ndeps - 1];
}

void catalog_add_dep(Catalog *cat, CatObject *from, CatObject *on, const char *column, DepType type)
{
	(void)catalog_add_subdep(cat, from, NULL, false, on, column, type);
}

/* Drop FROM from the reverse edges of every object it no longer depends on, among ONS[0..N). */
static void fix_rdeps(CatObject *from, CatObject **ons, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool still = false;
		for (size_t j = 0; j < from->ndeps && !still; j++)
			still = from->deps[j].on == ons[i];
		if (!still)
			ptrlist_remove(&ons[i]->rdeps, from);
	}
}

void catalog_remove_dep(CatObject *from, CatObject *on, const char *column)
{
	size_t j = 0;
	for (size_t i = 0; i < from->ndeps; i++) {
		CatDep *d = &from->deps[i];
		bool match = d->on == on && (!column || (d->column && !strcmp(d->column, column)));
		if (!match)
			from->deps[j++] = *d;
	}
	from->ndeps = j;
	fix_rdeps(from, &on, 1);
}

void catalog_remove_deps_of_type(CatObject *from, DepType a, DepType b)
{
	if (!from->ndeps)
		return;
	CatObject **ons = xmalloc(from->ndeps * sizeof(CatObject *));
	size_t j = 0, nons = 0;
	for (size_t i = 0; i < from->ndeps; i++) {
		CatDep *d = &from->deps[i];
		if (d->type == a || d->type == b)
			ons[nons++] = d->on;
		else
			from->deps[j++] = *d;
	}
	from->ndeps = j;
	fix_rdeps(from, ons, nons);
	free(ons);
}

void catalog_remove_subdeps(CatObject *from, const char *from_column, bool column_too, bool default_too)
{
	if (!from->ndeps)
		return;
	CatObject **ons = xmalloc(from->ndeps * sizeof(CatObject *));
	size_t j = 0, nons = 0;
	for (size_t i = 0; i < from->ndeps; i++) {
		CatDep *d = &from->deps[i];
		bool match = d->from_column && from_column && !strcmp(d->from_column, from_column) &&
		             (d->from_default ? default_too : column_too);
		if (match)
			ons[nons++] = d->on;
		else
			from->deps[j++] = *d;
	}
	from->ndeps = j;
	fix_rdeps(from, ons, nons);
	free(ons);
}

CatObject *catalog_find(const Catalog *cat, ObjKind kind, const char *identity)
{
	return hmap_get(&cat->by_kind[kind], identity);
}

/* Look KEY (built from parts into a stack-ish buffer) up in M. */
/* The identity key of PARTS[0..n) ("a.b.c", each part quoted when it must be) in BUF (BUFSZ bytes) when it
 * fits and no part needs quotes (the usual case: no allocation per lookup), else in SB. */
static const char *key_of(const char *const *parts, size_t n, char *buf, size_t bufsz, StrBuf *sb)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(parts[i]);
		if (len + l + 2 > bufsz || cat_ident_needs_quotes(parts[i]))
			goto slow;
		if (i)
			buf[len++] = '.';
		memcpy(buf + len, parts[i], l);
		len += l;
	}
	buf[len] = '\0';
	return buf;
slow:
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_putc(sb, '.');
		cat_quote_ident(sb, parts[i]);
	}
	return sb_str(sb);
}

static void *find_parts(const HMap *m, const char *schema, const char *name)
{
	const char *parts[2] = {schema, name};
	char buf[256];
	StrBuf sb = STRBUF_INIT;
	void *v = hmap_get(m, schema ? key_of(parts, 2, buf, sizeof(buf), &sb)
	                             : key_of(parts + 1, 1, buf, sizeof(buf), &sb));
	sb_release(&sb);
	return v;
}

bool catalog_schema_comment_is_initdb(const char *name, const char *comment)
{
	return name && comment && !strcmp(name, "public") && !strcmp(comment, "standard public schema");
}

CatSchema *catalog_find_schema(Catalog *cat, const char *name)
{
	return find_parts(&cat->by_kind[OBJ_SCHEMA], NULL, name);
}

CatObject *catalog_find_relation(Catalog *cat, const char *schema, const char *name)
{
	return find_parts(&cat->relations, schema, name);
}

CatTable *catalog_find_table(Catalog *cat, const char *schema, const char *name)
{
	CatObject *o = catalog_find_relation(cat, schema, name);
	return o && o->kind == OBJ_TABLE ? (CatTable *)o : NULL;
}

CatType *catalog_find_type(Catalog *cat, const char *schema, const char *name)
{
	return find_parts(&cat->types, schema, name);
}

CatExtension *catalog_find_extension(Catalog *cat, const char *name)
{
	return find_parts(&cat->by_kind[OBJ_EXTENSION], NULL, name);
}

PtrList *catalog_find_functions(Catalog *cat, const char *schema, const char *name)
{
	PtrList *l = find_parts(&cat->func_names, schema, name);
	return l && l->n ? l : NULL;
}

static CatObject *find_member(Catalog *cat, ObjKind kind, CatObject *owner, const char *name)
{
	const char *parts[3] = {owner->schema, owner->name, name};
	char buf[256];
	StrBuf sb = STRBUF_INIT;
	CatObject *o =
	    hmap_get(&cat->by_kind[kind], owner->schema ? key_of(parts, 3, buf, sizeof(buf), &sb)
	                                                : key_of(parts + 1, 2, buf, sizeof(buf), &sb));
	sb_release(&sb);
	return o;
}

CatConstraint *catalog_find_constraint(Catalog *cat, CatTable *t, const char *name)
{
	return (CatConstraint *)find_member(cat, OBJ_CONSTRAINT, &t->h, name);
}

CatTrigger *catalog_find_trigger(Catalog *cat, CatObject *table, const char *name)
{
	return (CatTrigger *)find_member(cat, OBJ_TRIGGER, table, name);
}

CatPolicy *catalog_find_policy(Catalog *cat, CatTable *t, const char *name)
{
	return (CatPolicy *)find_member(cat, OBJ_POLICY, &t->h, name);
}

CatColumn *table_find_column(const CatTable *t, const char *name)
{
	return hmap_get(&t->colmap, name);
}

CatColumn *table_add_column(Catalog *cat, CatTable *t, const char *name, const char *type)
{
	CatColumn *c = arena_new(&cat->arena, CatColumn);
	c->name = arena_strdup(&cat->arena, name);
	c->type = arena_strdup(&cat->arena, type);
	c->is_local = true;
	ptrlist_push(&cat->arena, &t->columns, c);
	hmap_put(&t->colmap, c->name, c);
	return c;
}

void table_remove_column(Catalog *cat, CatTable *t, const char *name)
{
	(void)cat;
	CatColumn *c = hmap_get(&t->colmap, name);
	if (!c)
		return;
	hmap_del(&t->colmap, name);
	ptrlist_remove(&t->columns, c);
}

static void rename_in_list(const char **names, size_t n, const char *old, const char *newname)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && !strcmp(names[i], old))
			names[i] = newname;
}

static void rename_column_in_readers(Catalog *cat, CatObject *rel, const char *old, const char *nn);

static bool ident_char(char ch)
{
	return ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '$';
}

/* TEXT (an exclusion constraint's `USING m (col WITH op) WHERE (...)`) with every whole word OLD, outside
 * quotes, spelled NEWNAME (quoted when needed): the server prints the constraint from its index. */
static const char *rename_words(Arena *a, const char *text, const char *old, const char *newname)
{
	if (!text || !strstr(text, old))
		return text;
	StrBuf sb = STRBUF_INIT;
	size_t n = strlen(old);
	char q = 0;
	for (const char *p = text; *p;) {
		if (q) {
			if (*p == q)
				q = 0;
			sb_putc(&sb, *p++);
		} else if (*p == '\'' || *p == '"') {
			q = *p;
			sb_putc(&sb, *p++);
		} else if ((p == text || !ident_char(p[-1])) && !strncmp(p, old, n) && !ident_char(p[n])) {
			cat_quote_ident(&sb, newname);
			p += n;
		} else
			sb_putc(&sb, *p++);
	}
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}

/* Column OLD of relation REL is now NN in the dependencies that name it: REL's own (recorded for the column:
 * its type, its default's references) and those of the objects that depend on the column (FKs from other
 * tables, owned sequences, views). */
static void rename_column_deps(CatObject *rel, const char *old, const char *nn)
{
	for (size_t j = 0; j < rel->ndeps; j++)
		if (rel->deps[j].from_column && !strcmp(rel->deps[j].from_column, old))
			rel->deps[j].from_column = nn;
	for (size_t i = 0; i < rel->rdeps.n; i++) {
		CatObject *o = rel->rdeps.items[i];
		for (size_t j = 0; j < o->ndeps; j++)
			if (o->deps[j].on == rel && o->deps[j].column && !strcmp(o->deps[j].column, old))
				o->deps[j].column = nn;
	}
}

void table_rename_column(Catalog *cat, CatTable *t, CatColumn *c, const char *newname)
{
	const char *old = c->name;
	const char *nn = arena_strdup(&cat->arena, newname);
	hmap_del(&t->colmap, old);
	c->name = nn;
	hmap_put(&t->colmap, nn, c);
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		rename_in_list(k->columns, k->ncolumns, old, nn);
	}
	for (size_t i = 0; i < t->indexes.n; i++) {
		CatIndex *ix = t->indexes.items[i];
		for (size_t j = 0; j < ix->nkeys; j++)
			if (ix->keys[j].column && !strcmp(ix->keys[j].column, old)) {
				if (!ix->keys[j].attname) /* the index's own column keeps its name */
					ix->keys[j].attname = ix->keys[j].column;
				ix->keys[j].column = nn;
			}
		rename_in_list(ix->include, ix->ninclude, old, nn);
	}
	rename_column_deps(&t->h, old, nn);
	/* Objects referencing the column through a dependency: FKs from other tables, owned sequences. */
	for (size_t i = 0; i < t->h.rdeps.n; i++) {
		CatObject *o = t->h.rdeps.items[i];
		if (o->kind == OBJ_CONSTRAINT) {
			CatConstraint *k = (CatConstraint *)o;
			if (k->ref_table == t)
				rename_in_list(k->ref_columns, k->nref_columns, old, nn);
		} else if (o->kind == OBJ_SEQUENCE) {
			CatSequence *s = (CatSequence *)o;
			if (s->owned_by_table == t && s->owned_by_column && !strcmp(s->owned_by_column, old))
				s->owned_by_column = nn;
		}
	}
	for (size_t i = 0; i < t->triggers.n; i++) {
		CatTrigger *tg = t->triggers.items[i];
		rename_in_list(tg->update_columns, tg->nupdate_columns, old, nn);
	}
	/* expressions of the table that name the column: as the server would print them after the rename */
	Arena *a = &cat->arena;
	const char *tn = t->h.name;
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *col = t->columns.items[i];
		col->default_expr = expr_rename_column(a, col->default_expr, tn, old, nn);
		col->generated = expr_rename_column(a, col->generated, tn, old, nn);
		col->default_src = expr_rename_column(a, col->default_src, tn, old, nn);
		col->generated_src = expr_rename_column(a, col->generated_src, tn, old, nn);
	}
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		k->check_expr = expr_rename_column(a, k->check_expr, tn, old, nn);
		k->check_src = expr_rename_column(a, k->check_src, tn, old, nn);
		if (k->contype == CON_EXCLUSION)
			k->exclusion = rename_words(a, k->exclusion, old, nn);
	}
	for (size_t i = 0; i < t->indexes.n; i++) {
		CatIndex *ix = t->indexes.items[i];
		for (size_t j = 0; j < ix->nkeys; j++) {
			ix->keys[j].expr = expr_rename_column(a, ix->keys[j].expr, tn, old, nn);
			ix->keys[j].expr_src = expr_rename_column(a, ix->keys[j].expr_src, tn, old, nn);
		}
		ix->predicate = expr_rename_column(a, ix->predicate, tn, old, nn);
		ix->predicate_src = expr_rename_column(a, ix->predicate_src, tn, old, nn);
	}
	for (size_t i = 0; i < t->policies.n; i++) {
		CatPolicy *p = t->policies.items[i];
		p->using_expr = expr_rename_column(a, p->using_expr, tn, old, nn);
		p->with_check_expr = expr_rename_column(a, p->with_check_expr, tn, old, nn);
	}
	rename_column_in_readers(cat, &t->h, old, nn);
}

/* Views, SQL-standard function bodies and other tables' policies reading relation REL, after its column OLD
 * became NN: `rel.col` always, a bare `col` when a view or body reads only REL (all are stored parsed: the
 * server prints the current name). */
static void rename_column_in_readers(Catalog *cat, CatObject *rel, const char *old, const char *nn)
{
	Arena *a = &cat->arena;
	const char *tn = rel->name;
	for (size_t i = 0; i < rel->rdeps.n; i++) {
		CatObject *d = rel->rdeps.items[i];
		if (d->kind == OBJ_POLICY && d->owner != rel) { /* another table's policy reading REL */
			CatPolicy *p = (CatPolicy *)d;
			p->using_expr = expr_rename_column_of(a, p->using_expr, tn, old, nn);
			p->with_check_expr = expr_rename_column_of(a, p->with_check_expr, tn, old, nn);
			continue;
		}
		if (d->kind != OBJ_VIEW && d->kind != OBJ_MATVIEW && d->kind != OBJ_FUNCTION)
			continue;
		size_t nrel = 0;
		for (size_t j = 0; j < d->ndeps; j++)
			nrel += d->deps[j].on->kind == OBJ_TABLE || d->deps[j].on->kind == OBJ_VIEW ||
			        d->deps[j].on->kind == OBJ_MATVIEW;
		if (d->kind == OBJ_FUNCTION) {
			CatFunction *f = (CatFunction *)d;
			f->body = sqlbody_rename_column(a, f->body, tn, old, nn, nrel == 1);
			continue;
		}
		CatView *v = (CatView *)d;
		v->definition = query_rename_column(a, v->definition, tn, old, nn, nrel == 1);
	}
}

void view_rename_column(Catalog *cat, CatView *v, size_t i, const char *newname)
{
	const char *old = v->columns[i];
	const char *nn = arena_strdup(&cat->arena, newname);
	v->columns[i] = nn;
	v->definition = query_rename_output(&cat->arena, v->definition, i, nn);
	for (size_t x = 0; x < v->indexes.n; x++) {
		CatIndex *ix = v->indexes.items[x];
		for (size_t j = 0; j < ix->nkeys; j++) {
			if (ix->keys[j].column && !strcmp(ix->keys[j].column, old))
				ix->keys[j].column = nn;
			ix->keys[j].expr =
			    expr_rename_column(&cat->arena, ix->keys[j].expr, v->h.name, old, nn);
			ix->keys[j].expr_src =
			    expr_rename_column(&cat->arena, ix->keys[j].expr_src, v->h.name, old, nn);
		}
		rename_in_list(ix->include, ix->ninclude, old, nn);
		ix->predicate = expr_rename_column(&cat->arena, ix->predicate, v->h.name, old, nn);
		ix->predicate_src = expr_rename_column(&cat->arena, ix->predicate_src, v->h.name, old, nn);
	}
	rename_column_deps(&v->h, old, nn);
	rename_column_in_readers(cat, &v->h, old, nn);
}

/* Re-key O and, for a table/view, its members (whose identities embed the owner's name). */
static void rekey(Catalog *cat, CatObject *o)
{
	enter_maps(cat, o);
	PtrList *lists[4] = {0};
	if (o->kind == OBJ_TABLE) {
		CatTable *t = (CatTable *)o;
		lists[0] = &t->constraints;
		lists[1] = &t->triggers;
		lists[2] = &t->policies;
	}
	for (int l = 0; l < 3; l++) {
		if (!lists[l])
			continue;
		for (size_t i = 0; i < lists[l]->n; i++) {
			CatObject *m = lists[l]->items[i];
			leave_maps(cat, m);
			enter_maps(cat, m);
		}
	}
	if (o->kind == OBJ_VIEW || o->kind == OBJ_TABLE) {
		/* triggers on views are found through rdeps */
		for (size_t i = 0; i < o->rdeps.n; i++) {
			CatObject *m = o->rdeps.items[i];
			if (m->kind == OBJ_TRIGGER && m->owner == o && o->kind == OBJ_VIEW) {
				leave_maps(cat, m);
				enter_maps(cat, m);
			}
		}
	}
}

/* T's column defaults, generated columns and CHECK constraints after relation SCHEMA.OLD became NEWNAME. */
static void rename_in_table_exprs(Catalog *cat, CatTable *t, const char *schema, const char *old,
                                  const char *newname)
{
	for (size_t i = 0; i < t->columns.n; i++) {
		CatColumn *c = t->columns.items[i];
		c->default_expr = expr_rename_relation(&cat->arena, c->default_expr, schema, old, newname);
		c->generated = expr_rename_relation(&cat->arena, c->generated, schema, old, newname);
	}
	for (size_t i = 0; i < t->constraints.n; i++) {
		CatConstraint *k = t->constraints.items[i];
		if (k->contype == CON_CHECK)
			k->check_expr =
			    expr_rename_relation(&cat->arena, k->check_expr, schema, old, newname);
	}
}

/* Policy P's expressions after relation SCHEMA.OLD became NEWNAME: they print every relation they read
 * (their own table's qualified columns too) by its current name. */
static void rename_in_policy(Catalog *cat, CatPolicy *p, const char *schema, const char *old,
                             const char *newname)
{
	p->using_expr = expr_rename_relation(&cat->arena, p->using_expr, schema, old, newname);
	p->with_check_expr = expr_rename_relation(&cat->arena, p->with_check_expr, schema, old, newname);
}

void catalog_rename(Catalog *cat, CatObject *o, const char *newname)
{
	const char *oldname = o->name;
	if (o->identity)
		leave_maps(cat, o);
	o->name = arena_strdup(&cat->arena, newname);
	rekey(cat, o);
	/* views print referenced relations by their current name, and so do the 'name'::regclass constants
	 * of column defaults (nextval('seq'::regclass)) and CHECK constraints: the server keeps OIDs */
	if (oldname && strcmp(oldname, o->name) &&
	    (o->kind == OBJ_TABLE || o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW ||
	     o->kind == OBJ_SEQUENCE))
		for (size_t i = 0; i < o->rdeps.n; i++) {
			CatObject *d = o->rdeps.items[i];
			if (d->kind == OBJ_VIEW || d->kind == OBJ_MATVIEW) {
				CatView *v = (CatView *)d;
				v->definition = query_rename_relation(&cat->arena, v->definition, o->schema,
				                                      oldname, o->name);
			} else if (d->kind == OBJ_FUNCTION) { /* a SQL-standard body is stored parsed */
				CatFunction *f = (CatFunction *)d;
				f->body = sqlbody_rename_relation(&cat->arena, f->body, o->schema, oldname,
				                                  o->name);
			} else if (d->kind == OBJ_TABLE && d != o)
				rename_in_table_exprs(cat, (CatTable *)d, o->schema, oldname, o->name);
			else if (d->kind == OBJ_POLICY && d->owner != o)
				rename_in_policy(cat, (CatPolicy *)d, o->schema, oldname, o->name);
		}
	if (oldname && strcmp(oldname, o->name) && o->kind == OBJ_TABLE) {
		CatTable *t = (CatTable *)o;
		for (size_t i = 0; i < t->policies.n; i++)
			rename_in_policy(cat, t->policies.items[i], o->schema, oldname, o->name);
	}
}

void catalog_set_schema(Catalog *cat, CatObject *o, const char *newschema)
{
	const char *oldschema = o->schema;
	if (o->identity)
		leave_maps(cat, o);
	o->schema = arena_strdup(&cat->arena, newschema);
	rekey(cat, o);
	/* stored expressions name it by identity: they follow it (and its row type) */
	if (o->kind == OBJ_TABLE || o->kind == OBJ_VIEW || o->kind == OBJ_MATVIEW ||
	    o->kind == OBJ_SEQUENCE) {
		catalog_move_names(cat, 'r', oldschema, o->name, o->schema);
		catalog_move_names(cat, 't', oldschema, o->name, o->schema);
	} else if (o->kind == OBJ_TYPE)
		catalog_move_names(cat, 't', oldschema, o->name, o->schema);
	else if (o->kind == OBJ_FUNCTION)
		catalog_move_names(cat, 'f', oldschema, o->name, o->schema);
	/* Indexes move with a table or a materialized view (AlterRelationNamespaceInternal), owned sequences
	 * with a table. */
	if (o->kind == OBJ_MATVIEW) {
		CatView *v = (CatView *)o;
		for (size_t i = 0; i < v->indexes.n; i++) {
			CatObject *ix = v->indexes.items[i];
			leave_maps(cat, ix);
			ix->schema = o->schema;
			enter_maps(cat, ix);
		}
	}
	if (o->kind == OBJ_TABLE) {
		CatTable *t = (CatTable *)o;
		for (size_t i = 0; i < t->indexes.n; i++) {
			CatObject *ix = t->indexes.items[i];
			leave_maps(cat, ix);
			ix->schema = o->schema;
			enter_maps(cat, ix);
		}
		for (size_t i = 0; i < o->rdeps.n; i++) {
			CatObject *s = o->rdeps.items[i];
			if (s->kind == OBJ_SEQUENCE && ((CatSequence *)s)->owned_by_table == t) {
				leave_maps(cat, s);
				s->schema = o->schema;
				enter_maps(cat, s);
				catalog_move_names(cat, 'r', oldschema, s->name, s->schema);
			}
		}
	}
}

void catalog_unlink(Catalog *cat, CatObject *o)
{
	leave_maps(cat, o);
	o->dropped = true;
	if (o->owner && o->owner->kind == OBJ_TABLE) {
		CatTable *t = (CatTable *)o->owner;
		if (o->kind == OBJ_CONSTRAINT)
			ptrlist_remove(&t->constraints, o);
		else if (o->kind == OBJ_INDEX)
			ptrlist_remove(&t->indexes, o);
		else if (o->kind == OBJ_TRIGGER)
			ptrlist_remove(&t->triggers, o);
		else if (o->kind == OBJ_POLICY)
			ptrlist_remove(&t->policies, o);
	} else if (o->owner && o->owner->kind == OBJ_MATVIEW && o->kind == OBJ_INDEX) {
		ptrlist_remove(&((CatView *)o->owner)->indexes, o);
	}
	for (size_t i = 0; i < o->ndeps; i++)
		ptrlist_remove(&o->deps[i].on->rdeps, o);
	if (o->kind == OBJ_CONSTRAINT) {
		CatConstraint *k = (CatConstraint *)o;
		if (k->index)
			k->index->constraint = NULL;
	}
}
