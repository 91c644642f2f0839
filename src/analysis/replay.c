/* replay.c — the replay driver: state and search path, name resolution as PostgreSQL does it, diagnostics
 * at node locations, the statement dispatcher, the history pre-pass, and the loop over migrations. */
#include "strata.h"
#include "catalog/extensions.h"
#include "project/plan.h"
#include "analysis/replay_int.h"
#include "analysis/replay_foreign.h"
#include "sql/walk.h"

#include <ctype.h>
#include <jansson.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

/* ---- diagnostics ---- */

/* Byte offset → line:col through the text's line index (sql/lines.h), so that locating every object of a
 * 10,000-table file stays linear. */
static void linecol(ReplayState *st, size_t off, int *line, int *col)
{
	sql_lines_build(&st->lines, st->text);
	sql_lines_locate(&st->lines, off, line, col);
}

CatLoc rp_loc(ReplayState *st, int off)
{
	if (st->lenient)
		return st->lenient_loc;
	CatLoc l = {st->version, st->file, 0, 0};
	if (off < 0)
		off = st->stmt_off;
	if (st->text)
		linecol(st, (size_t)off, &l.line, &l.col);
	if (st->version)
		l.version = arena_strdup(&st->cat->arena, st->version);
	l.file = arena_strdup(&st->cat->arena, st->file);
	return l;
}

static Diag *vdiag(ReplayState *st, Severity sev, const char *rule, int off, const char *fmt, va_list ap)
{
	if (st->lenient) {
		/* inside a DO block: PostgreSQL may well swallow the error (EXCEPTION handlers, IF EXISTS
		 * tests) */
		return diag_add(&st->scratch, sev, rule, NULL, 0, 0, "%s", "suppressed");
	}
	if (off < 0)
		off = st->stmt_off;
	int line = 0, col = 0;
	if (st->text)
		linecol(st, (size_t)off, &line, &col);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	Diag *d = diag_add(st->dl, sev, rule, st->file, line, col, "%s", msg ? msg : "?");
	free(msg);
	if (st->text)
		sql_attach_source_line(d, st->text, (size_t)off);
	if (sev == SEV_ERROR)
		st->errors++;
	return d;
}

Diag *rp_diag(ReplayState *st, Severity sev, const char *rule, int off, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Diag *d = vdiag(st, sev, rule, off, fmt, ap);
	va_end(ap);
	return d;
}

static char *hist_key(const char *cls, const char *name)
{
	return xasprintf("%s:%s", cls, name);
}

Diag *rp_missing(ReplayState *st, const char *rule, int off, const char *cls, const char *name,
                 const char *fmt, ...)
{
	if (name && (!strcmp(cls, "rel") || !strcmp(cls, "type"))) {
		/* a relation an unmodelled statement made (CREATE FOREIGN TABLE): the model cannot know */
		char *u = xasprintf("r:%s", name);
		bool unmodelled = hmap_has(&st->unmodelled, u);
		free(u);
		if (unmodelled)
			return NULL;
	}
	va_list ap;
	va_start(ap, fmt);
	Diag *d = vdiag(st, SEV_ERROR, rule, off, fmt, ap);
	va_end(ap);
	char *k = hist_key(cls, name);
	HistEntry *later = hmap_get(&st->hist.first_create, k);
	HistEntry *gone = hmap_get(&st->hist.dropped, k);
	if (later && later->mig_index > st->mig_index) {
		diag_set_detail(d, "created later by %s", later->where);
		if (st->later_hook && st->mig_index >= 0)
			st->later_hook(st->hook_ud, st->mig_index, later->mig_index, name);
	} else if (gone)
		diag_set_detail(d, "dropped earlier by %s", gone->where);
	else if (later && later->mig_index < st->mig_index) {
		/* an earlier migration creates it, but that statement failed (a failed statement has no
		 * effect): still a requirement between the two migrations for the order analysis */
		diag_set_detail(d, "the statement that creates it, %s, failed", later->where);
		if (st->later_hook && st->mig_index >= 0)
			st->later_hook(st->hook_ud, st->mig_index, later->mig_index, name);
	}
	free(k);
	return d;
}

static void hist_put(HMap *m, const char *cls, const char *name, int mig, const char *where, bool replace)
{
	char *k = hist_key(cls, name);
	HistEntry *e = hmap_get(m, k);
	if (e) {
		if (replace) {
			free(e->where);
			e->where = xstrdup(where);
			e->mig_index = mig;
		}
		free(k);
		return;
	}
	e = xmalloc(sizeof(*e));
	e->mig_index = mig;
	e->where = xstrdup(where);
	hmap_put(m, k, e);
}

void rp_note_drop(ReplayState *st, const char *cls, const char *name, int off)
{
	CatLoc l = rp_loc(st, off);
	char *w = xasprintf("%s:%d:%d", st->file ? st->file : "?", l.line, l.col);
	hist_put(&st->hist.dropped, cls, name, st->mig_index, w, true);
	free(w);
}

static const char *const opaque_names[] = {"data change statements (INSERT/UPDATE/DELETE/COPY)",
                                           "GRANT/REVOKE and role statements", "DO blocks",
                                           "ALTER ... OWNER statements", "other statements"};

void rp_opaque(ReplayState *st, int kind_bit, int off, const char *what)
{
	if (st->quiet_info || (st->opaque_seen & (1u << kind_bit)))
		return;
	st->opaque_seen |= 1u << kind_bit;
	Diag *d = rp_diag(st, SEV_INFO, "not-modelled", off, "%s not modelled by the catalog",
	                  what ? what : opaque_names[kind_bit]);
	diag_set_detail(d, "the schema model ignores them; later occurrences in this file are not reported");
}

/* ---- names ---- */

const char *rp_str(const PgQuery__Node *n)
{
	return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

void rp_qualname(PgQuery__Node **names, size_t n, const char **schema, const char **name)
{
	*schema = NULL;
	*name = NULL;
	if (n >= 1)
		*name = rp_str(names[n - 1]);
	if (n >= 2)
		*schema = rp_str(names[n - 2]);
}

const char *rp_qname(ReplayState *st, const char *schema, const char *name)
{
	return cat_ident_qualified(st->cat, schema, name);
}

bool rp_is_system_name(const char *schema, const char *name)
{
	if (schema && (!strcmp(schema, "pg_catalog") || !strcmp(schema, "information_schema") ||
	               !strncmp(schema, "pg_", 3)))
		return true;
	return !schema && name && !strncmp(name, "pg_", 3);
}

bool rp_any_extension(ReplayState *st)
{
	return st->cat->by_kind[OBJ_EXTENSION].n > 0;
}

/* Types and operator classes of the common contrib extensions. The objects inside an extension are not
 * modelled, but the server prints them qualified with the extension's schema when it is not pg_catalog
 * (format_type qualifies by visibility; catalog.h wants user types always qualified), so an unqualified
 * reference to one of them resolves to the schema of the installed extension. */
static const struct {
	const char *ext, *name;
	bool opclass;
} ext_objects[] = {
    {"ltree", "ltree", false},
    {"ltree", "lquery", false},
    {"ltree", "ltxtquery", false},
    {"ltree", "gist_ltree_ops", true},
    {"citext", "citext", false},
    {"hstore", "hstore", false},
    {"pg_trgm", "gin_trgm_ops", true},
    {"pg_trgm", "gist_trgm_ops", true},
    {"cube", "cube", false},
    {"isn", "isbn", false},
    {"isn", "ean13", false},
    {"vector", "vector", false},
    {"vector", "vector_cosine_ops", true},
    {"vector", "vector_l2_ops", true},
    {"vector", "vector_ip_ops", true},
    {"btree_gist", "gist_int4_ops", true},
    {"btree_gin", "gin_int4_ops", true},
};

/* A relation (and row type) called NAME that a statement the model does not follow made (a foreign
 * table): references to it are not the model's to call missing (rp_missing). */
static void unmodelled_relation(ReplayState *st, const char *name)
{
	char *k = xasprintf("r:%s", name);
	if (!hmap_has(&st->unmodelled, k))
		hmap_put(&st->unmodelled, arena_strdup(&st->cat->arena, k), (void *)1);
	free(k);
}

void rp_extension_relations(ReplayState *st, const CatExtension *e)
{
	for (const char *const *r = ext_made_relations(e->h.name); *r; r++) {
		const char *dot = strchr(*r, '.');
		unmodelled_relation(st, dot ? dot + 1 : *r);
	}
}

const char *rp_extension_object_schema(ReplayState *st, const char *name, bool opclass)
{
	for (size_t i = 0; i < ARRAY_LEN(ext_objects); i++) {
		if (ext_objects[i].opclass != opclass || strcmp(ext_objects[i].name, name))
			continue;
		CatExtension *e = (CatExtension *)catalog_find(st->cat, OBJ_EXTENSION, ext_objects[i].ext);
		if (e && e->ext_schema && strcmp(e->ext_schema, "pg_catalog"))
			return e->ext_schema;
	}
	return NULL;
}

void rp_set_search_path(ReplayState *st, const char *value)
{
	for (size_t i = 0; i < st->npath; i++)
		free(st->path[i]);
	free(st->path);
	st->path = NULL;
	st->npath = 0;
	const char *p = value ? value : "";
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',' || *p == '\n')
			p++;
		if (!*p)
			break;
		StrBuf sb = STRBUF_INIT;
		if (*p == '"') {
			p++;
			while (*p) {
				if (*p == '"' && p[1] == '"') {
					sb_putc(&sb, '"');
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else
					sb_putc(&sb, *p++);
			}
			while (*p && *p != ',')
				p++;
		} else {
			while (*p && *p != ',') {
				sb_putc(&sb, (char)tolower((unsigned char)*p));
				p++;
			}
			while (sb.len && (sb.data[sb.len - 1] == ' ' || sb.data[sb.len - 1] == '\t'))
				sb.data[--sb.len] = 0;
		}
		st->path = xrealloc(st->path, (st->npath + 1) * sizeof(char *));
		st->path[st->npath++] = sb_detach(&sb);
	}
	/* the catalog keeps it for its dumps */
	st->cat->nsearch_path = st->npath;
	st->cat->search_path = arena_array(&st->cat->arena, const char *, st->npath ? st->npath : 1);
	for (size_t i = 0; i < st->npath; i++)
		st->cat->search_path[i] = arena_strdup(
		    &st->cat->arena, !strcmp(st->path[i], "$user") && st->user ? st->user : st->path[i]);
}

/* ---- the session's temporary schema ---- */

bool rp_is_temp_schema(const char *schema)
{
	return schema && !strcmp(schema, RP_TEMP_SCHEMA);
}

CatSchema *rp_temp_schema(ReplayState *st, bool create)
{
	CatSchema *s = catalog_find_schema(st->cat, RP_TEMP_SCHEMA);
	if (!s && create)
		s = (CatSchema *)catalog_add(st->cat, OBJ_SCHEMA, NULL, RP_TEMP_SCHEMA, NULL, NULL);
	return s;
}

void rp_forget_new_enum_labels(ReplayState *st)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&st->new_enum_labels, &i, &k, &v);)
		free((char *)k);
	hmap_release(&st->new_enum_labels);
	hmap_init(&st->new_enum_labels);
}

bool rp_commit(ReplayState *st)
{
	rp_forget_new_enum_labels(st); /* committed: safe to use from now on */
	if (!rp_temp_schema(st, false))
		return false;
	bool any = false;
	PtrList go = {0}; /* the map changes under a drop: collect first */
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(&st->cat->by_kind[OBJ_TABLE], &i, &k, &v);) {
		CatTable *t = v;
		if (t->on_commit_drop && !t->h.dropped && rp_is_temp_schema(t->h.schema))
			ptrlist_push(&st->cat->arena, &go, t);
	}
	for (size_t i = 0; i < go.n; i++) {
		CatObject *o = go.items[i];
		if (!o->dropped && catalog_drop(st->cat, o, true, NULL, NULL) == 0)
			any = true;
	}
	return any;
}

bool rp_end_session(ReplayState *st)
{
	rp_commit(st);
	CatSchema *t = rp_temp_schema(st, false);
	return t && catalog_drop(st->cat, &t->h, true, NULL, NULL) == 0;
}

/* The schemas of the path that exist, in order; the temporary schema first when it exists and the path
 * does not place it (PostgreSQL searches it first for relations and types, never implicitly for
 * functions: WITH_TEMP false). */
static size_t path_schemas(ReplayState *st, const char **out, size_t max, bool with_temp)
{
	size_t n = 0;
	bool temp_placed = false;
	for (size_t i = 0; i < st->npath; i++)
		temp_placed |= rp_is_temp_schema(st->path[i]);
	if (with_temp && !temp_placed && max && rp_temp_schema(st, false))
		out[n++] = RP_TEMP_SCHEMA;
	for (size_t i = 0; i < st->npath && n < max; i++) {
		const char *s = st->path[i];
		if (!strcmp(s, "$user"))
			s = st->user;
		if (!strcmp(s, "pg_catalog") || (!with_temp && rp_is_temp_schema(s)))
			continue;
		if (catalog_find_schema(st->cat, s)) {
			bool dup = false;
			for (size_t j = 0; j < n; j++)
				dup |= !strcmp(out[j], s);
			if (!dup)
				out[n++] = s;
		}
	}
	return n;
}

size_t rp_path_schemas(ReplayState *st, const char **out, size_t max)
{
	return path_schemas(st, out, max, true);
}

size_t rp_path_schemas_fn(ReplayState *st, const char **out, size_t max)
{
	return path_schemas(st, out, max, false);
}

const char *rp_creation_schema(ReplayState *st, const char *schema, int off)
{
	if (schema) {
		if (rp_is_temp_schema(schema)) {
			rp_temp_schema(st, true);
			return RP_TEMP_SCHEMA;
		}
		if (!catalog_find_schema(st->cat, schema)) {
			if (rp_is_system_name(schema, NULL))
				return schema;
			rp_missing(st, "undefined-schema", off, "schema", schema,
			           "schema \"%s\" does not exist", schema);
			return NULL;
		}
		return schema;
	}
	const char *ps[32];
	if (rp_path_schemas_fn(st, ps, 32) == 0) {
		rp_diag(st, SEV_ERROR, "undefined-schema", off, "no schema has been selected to create in");
		return NULL;
	}
	return ps[0];
}

const char *rp_relation_schema(ReplayState *st, const PgQuery__RangeVar *rv)
{
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	if (rv->relpersistence && rv->relpersistence[0] == 't') {
		if (schema && !rp_is_temp_schema(schema)) {
			rp_diag(st, SEV_ERROR, "invalid-table-definition", rv->location,
			        "cannot create temporary relation in non-temporary schema");
			return NULL;
		}
		schema = RP_TEMP_SCHEMA;
	} else if (rv->relpersistence && rv->relpersistence[0] == 'u' && schema &&
	           rp_is_temp_schema(schema)) {
		/* RangeVarAdjustRelationPersistence */
		Diag *d = rp_diag(st, SEV_ERROR, "invalid-table-definition", rv->location,
		                  "only temporary relations may be created in temporary schemas");
		if (d)
			snprintf(d->sqlstate, sizeof d->sqlstate, "42P16");
		return NULL;
	}
	return rp_creation_schema(st, schema, rv->location);
}

/* A user relation moved into pg_catalog (ALTER TABLE ... SET SCHEMA pg_catalog) is found by an
 * unqualified name: PostgreSQL searches pg_catalog before the path's schemas unless the path places it
 * (namespace.c recomputeNamespacePath), and the model places no system relation there. */
static CatObject *pg_catalog_relation(ReplayState *st, const char *name)
{
	for (size_t i = 0; i < st->npath; i++)
		if (!strcmp(st->path[i], "pg_catalog"))
			return NULL;
	return catalog_find_relation(st->cat, "pg_catalog", name);
}

CatObject *rp_find_relation(ReplayState *st, const char *schema, const char *name)
{
	if (schema)
		return catalog_find_relation(st->cat, schema, name);
	CatObject *sys = pg_catalog_relation(st, name);
	if (sys)
		return sys;
	const char *ps[32];
	size_t n = rp_path_schemas(st, ps, 32);
	for (size_t i = 0; i < n; i++) {
		CatObject *o = catalog_find_relation(st->cat, ps[i], name);
		if (o)
			return o;
	}
	return NULL;
}

CatObject *rp_range_relation(ReplayState *st, const PgQuery__RangeVar *rv, bool missing_ok, bool *system)
{
	const char *schema = rv->schemaname && rv->schemaname[0] ? rv->schemaname : NULL;
	if (system)
		*system = false;
	CatObject *o = rp_find_relation(st, schema, rv->relname);
	if (o)
		return o;
	if (rp_is_system_name(schema, rv->relname)) {
		if (system)
			*system = true;
		return NULL;
	}
	if (schema && !catalog_find_schema(st->cat, schema)) {
		if (!missing_ok)
			rp_missing(st, "undefined-schema", rv->location, "schema", schema,
			           "schema \"%s\" does not exist", schema);
		return NULL;
	}
	if (!missing_ok)
		rp_missing(st, "undefined-relation", rv->location, "rel", rv->relname,
		           "relation \"%s%s%s\" does not exist", schema ? schema : "", schema ? "." : "",
		           rv->relname);
	return NULL;
}

CatType *rp_find_type(ReplayState *st, const char *schema, const char *name)
{
	if (schema)
		return catalog_find_type(st->cat, schema, name);
	const char *ps[32];
	size_t n = rp_path_schemas(st, ps, 32);
	for (size_t i = 0; i < n; i++) {
		CatType *t = catalog_find_type(st->cat, ps[i], name);
		if (t)
			return t;
	}
	return NULL;
}

const char *rp_type(ReplayState *st, const PgQuery__TypeName *tn, CatType **dep_out)
{
	CatObject *dep = NULL;
	bool as_type = false;
	const char *r = rp_type_dep(st, tn, &dep, &as_type);
	if (dep_out)
		*dep_out = dep && !as_type ? (CatType *)dep : NULL;
	return r;
}

void rp_column_type_dep(ReplayState *st, CatObject *from, const char *column, CatObject *dep, bool as_type)
{
	CatDep *d = catalog_add_subdep(st->cat, from, column, false, dep, NULL, DEP_NORMAL);
	if (d)
		d->as_type = as_type;
}

CatType *rp_type_lookup(ReplayState *st, const PgQuery__TypeName *tn)
{
	const char *schema, *name;
	if (!tn)
		return NULL;
	rp_qualname(tn->names, tn->n_names, &schema, &name);
	if (!name || tn->pct_type || (schema && !strcmp(schema, "pg_catalog")))
		return NULL;
	if (!schema && type_builtin_canonical(name))
		return NULL;
	return rp_find_type(st, schema, name);
}

CatType *rp_type_of_text(ReplayState *st, const char *type)
{
	if (!type)
		return NULL;
	size_t n = strlen(type);
	while (n >= 2 && type[n - 2] == '[' && type[n - 1] == ']')
		n -= 2;
	const char *paren = memchr(type, '(', n);
	if (paren && (!memchr(type, '"', n) || paren > strrchr(type, '"')))
		n = (size_t)(paren - type);
	char *id = xstrndup(type, n);
	CatObject *o = catalog_find(st->cat, OBJ_TYPE, id);
	free(id);
	return (CatType *)o;
}

/* The range type of SCHEMA (NULL: the path) whose multirange type is NAME. */
static CatType *multirange_owner(ReplayState *st, const char *schema, const char *name)
{
	const char *ps[32];
	size_t np = rp_lookup_schemas(st, schema, false, ps, 32);
	for (size_t i = 0; i < st->cat->all.n; i++) {
		CatObject *o = st->cat->all.items[i];
		if (o->dropped || o->kind != OBJ_TYPE || ((CatType *)o)->type_kind != TYPE_RANGE ||
		    !((CatType *)o)->multirange || strcmp(((CatType *)o)->multirange, name))
			continue;
		for (size_t j = 0; j < np; j++)
			if (!strcmp(ps[j], o->schema))
				return (CatType *)o;
	}
	return NULL;
}

CatType *rp_multirange_owner(ReplayState *st, const char *schema, const char *name)
{
	return multirange_owner(st, schema, name);
}

/* Does NAME (in SCHEMA, or on the path) name a type: built in, user-defined, a relation's row type or a
 * range's multirange? (No diagnostics.) */
static bool type_exists(ReplayState *st, const char *schema, const char *name)
{
	bool pgcat = schema && !strcmp(schema, "pg_catalog");
	if ((!schema || pgcat) && type_builtin_canonical(name))
		return true;
	if (pgcat)
		return false;
	if (rp_find_type(st, schema, name))
		return true;
	CatObject *rel = rp_find_relation(st, schema, name);
	if (rel && (rel->kind == OBJ_TABLE || rel->kind == OBJ_VIEW || rel->kind == OBJ_MATVIEW))
		return true;
	return multirange_owner(st, schema, name) != NULL;
}

/* The types PostgreSQL makes implicitly: `_name`, the array type of every type (`_int4` is integer[],
 * `_mood` public.mood[]), and the multirange type of each range type. NULL when TN is neither. */
static const char *implicit_type(ReplayState *st, const PgQuery__TypeName *tn, const char *schema,
                                 const char *name, CatObject **dep_out, bool *as_type)
{
	if (name[0] == '_' && name[1] && type_exists(st, schema, name + 1)) {
		if (tn->n_array_bounds) { /* an array type has no array type */
			rp_missing(st, "undefined-type", tn->location, "type", name,
			           "type \"%s[]\" does not exist", name);
			return type_canonical(&st->cat->arena, tn, NULL);
		}
		PgQuery__TypeName copy = *tn;
		PgQuery__Node **names = arena_array(&st->cat->arena, PgQuery__Node *, tn->n_names);
		memcpy(names, tn->names, tn->n_names * sizeof(PgQuery__Node *));
		PgQuery__String *sv = arena_new(&st->cat->arena, PgQuery__String);
		pg_query__string__init(sv);
		sv->sval = (char *)name + 1;
		PgQuery__Node *n = arena_new(&st->cat->arena, PgQuery__Node);
		pg_query__node__init(n);
		n->node_case = PG_QUERY__NODE__NODE_STRING;
		n->string = sv;
		names[tn->n_names - 1] = n;
		copy.names = names;
		PgQuery__Node **bounds =
		    arena_array(&st->cat->arena, PgQuery__Node *, tn->n_array_bounds + 1);
		if (tn->n_array_bounds)
			memcpy(bounds, tn->array_bounds, tn->n_array_bounds * sizeof(PgQuery__Node *));
		bounds[tn->n_array_bounds] = NULL;
		copy.array_bounds = bounds;
		copy.n_array_bounds = tn->n_array_bounds + 1;
		return rp_type_dep(st, &copy, dep_out, as_type);
	}
	CatType *range = multirange_owner(st, schema, name);
	if (range) {
		if (dep_out)
			*dep_out = &range->h; /* the multirange is part of its range type */
		return type_canonical(&st->cat->arena, tn, range->h.schema);
	}
	return NULL;
}

bool rp_type_known(ReplayState *st, const PgQuery__TypeName *tn)
{
	const char *schema, *name;
	rp_qualname(tn->names, tn->n_names, &schema, &name);
	if (!name)
		return false;
	if (type_exists(st, schema, name) || (name[0] == '_' && name[1] && type_exists(st, schema, name + 1)))
		return true;
	return !schema && rp_extension_object_schema(st, name, false);
}

const char *rp_type_dep(ReplayState *st, const PgQuery__TypeName *tn, CatObject **dep_out, bool *as_type)
{
	if (dep_out)
		*dep_out = NULL;
	if (as_type)
		*as_type = false;
	const char *schema, *name;
	rp_qualname(tn->names, tn->n_names, &schema, &name);
	if (!name)
		return arena_strdup(&st->cat->arena, "?");
	if (tn->pct_type) /* tbl.col%TYPE: not resolved */
		return arena_strdup(&st->cat->arena, name);
	bool pgcat = schema && !strcmp(schema, "pg_catalog");
	if (!schema || pgcat) {
		if (type_builtin_canonical(name))
			return type_canonical(&st->cat->arena, tn, NULL);
	}
	if (!pgcat) {
		CatType *t = rp_find_type(st, schema, name);
		if (t) {
			if (dep_out)
				*dep_out = &t->h;
			return type_canonical(&st->cat->arena, tn, t->h.schema);
		}
		/* a table's row type */
		CatObject *rel = rp_find_relation(st, schema, name);
		if (rel && (rel->kind == OBJ_TABLE || rel->kind == OBJ_VIEW || rel->kind == OBJ_MATVIEW)) {
			if (dep_out)
				*dep_out = rel;
			if (as_type)
				*as_type = true;
			return type_canonical(&st->cat->arena, tn, rel->schema);
		}
	}
	const char *ext_schema = !schema ? rp_extension_object_schema(st, name, false) : NULL;
	if (ext_schema)
		return type_canonical(&st->cat->arena, tn, ext_schema);
	const char *implicit =
	    implicit_type(st, tn, schema && !pgcat ? schema : NULL, name, dep_out, as_type);
	if (implicit)
		return implicit;
	if (schema && !pgcat && !catalog_find_schema(st->cat, schema) && !rp_is_system_name(schema, NULL)) {
		rp_missing(st, "undefined-schema", tn->location, "schema", schema,
		           "schema \"%s\" does not exist", schema);
	} else if (!pgcat && !rp_any_extension(st) && !rp_is_system_name(schema, name)) {
		rp_missing(st, "undefined-type", tn->location, "type", name, "type \"%s%s%s\" does not exist",
		           schema ? schema : "", schema ? "." : "", name);
	}
	return type_canonical(&st->cat->arena, tn, schema && !pgcat ? schema : NULL);
}

/* TYPE without its typmod: "character varying(50)" is "character varying", "timestamp(3) with time zone" is
 * "timestamp with time zone" (the first parenthesised group of digits and commas goes). */
static const char *drop_typmod(Arena *a, const char *type)
{
	const char *p = strchr(type, '(');
	if (!p || strchr(type, '"'))
		return type;
	const char *q = p + 1;
	while (*q && (isdigit((unsigned char)*q) || *q == ',' || *q == ' '))
		q++;
	if (*q != ')')
		return type;
	StrBuf sb = STRBUF_INIT;
	sb_append_n(&sb, type, (size_t)(p - type));
	sb_append(&sb, q + 1);
	const char *r = arena_strdup(a, sb_str(&sb));
	sb_release(&sb);
	return r;
}

const char *rp_type_stored(ReplayState *st, const PgQuery__TypeName *tn, CatObject **dep_out)
{
	if (dep_out)
		*dep_out = NULL;
	if (tn->pct_type && tn->n_names >= 2 && tn->n_names <= 3) {
		/* [schema.]table.column%TYPE: the column's type (a NOTICE on the server) */
		const char *schema = tn->n_names == 3 ? rp_str(tn->names[0]) : NULL;
		const char *rel = rp_str(tn->names[tn->n_names - 2]);
		const char *col = rp_str(tn->names[tn->n_names - 1]);
		CatObject *o = rel ? rp_find_relation(st, schema, rel) : NULL;
		CatColumn *c =
		    o && o->kind == OBJ_TABLE && col ? table_find_column((CatTable *)o, col) : NULL;
		if (c && c->type) {
			const char *t = drop_typmod(&st->cat->arena, c->type);
			return arena_sprintf(&st->cat->arena, "%s%s%s", tn->setof ? "SETOF " : "", t,
			                     tn->n_array_bounds ? "[]" : "");
		}
	}
	PgQuery__TypeName bare = *tn;
	bare.n_typmods = 0;
	bare.typmods = NULL;
	const char *t = rp_type_dep(st, &bare, dep_out, NULL);
	/* format_type_be (no typmod given) spells bpchar `character` */
	if (t && !strncmp(t, "bpchar", 6) && (!t[6] || !strcmp(t + 6, "[]")))
		t = t[6] ? "character[]" : "character";
	return t;
}

size_t rp_lookup_schemas(ReplayState *st, const char *schema, bool functions, const char **out, size_t max)
{
	if (schema && max) {
		out[0] = schema;
		return 1;
	}
	return functions ? rp_path_schemas_fn(st, out, max) : rp_path_schemas(st, out, max);
}

CatFunction *rp_find_function(ReplayState *st, PgQuery__Node **names, size_t n, int argc)
{
	const char *schema, *name;
	rp_qualname(names, n, &schema, &name);
	if (!name)
		return NULL;
	const char *ps[32];
	size_t np = rp_lookup_schemas(st, schema, true, ps, 32);
	for (size_t i = 0; i < np; i++) {
		PtrList *l = catalog_find_functions(st->cat, ps[i], name);
		if (!l)
			continue;
		for (size_t j = 0; j < l->n; j++) {
			CatFunction *f = l->items[j];
			if (argc < 0 || (size_t)argc == f->nargs)
				return f;
		}
		if (argc < 0 || l->n)
			return l->items[0];
	}
	return NULL;
}

/* ---- PostgreSQL's name choice (makeObjectName / ChooseRelationName / ChooseConstraintName) ---- */

/* Clip S to at most N bytes without splitting a UTF-8 character. */
static size_t clip_utf8(const char *s, size_t n)
{
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

static char *make_object_name(const char *name1, const char *name2, const char *label)
{
	size_t overhead = 0;
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	if (name2)
		overhead++;
	if (label)
		overhead += strlen(label) + 1;
	size_t avail = NAMEDATALEN - 1 - overhead;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	n1 = clip_utf8(name1, n1);
	if (name2)
		n2 = clip_utf8(name2, n2);
	StrBuf sb = STRBUF_INIT;
	sb_append_n(&sb, name1, n1);
	if (name2) {
		sb_putc(&sb, '_');
		sb_append_n(&sb, name2, n2);
	}
	if (label) {
		sb_putc(&sb, '_');
		sb_append(&sb, label);
	}
	return sb_detach(&sb);
}

const char *rp_choose_relname(ReplayState *st, const char *name1, const char *name2, const char *label,
                              const char *schema)
{
	char modlabel[NAMEDATALEN];
	snprintf(modlabel, sizeof modlabel, "%s", label);
	for (int pass = 0;;) {
		char *n = make_object_name(name1, name2, modlabel);
		if (!catalog_find_relation(st->cat, schema, n) && !catalog_find_type(st->cat, schema, n)) {
			const char *r = arena_strdup(&st->cat->arena, n);
			free(n);
			return r;
		}
		free(n);
		snprintf(modlabel, sizeof modlabel, "%s%d", label, ++pass);
	}
}

static char *conkey(const char *schema, const char *name)
{
	return xasprintf("%s\x1f%s", schema ? schema : "", name);
}

bool rp_conname_used(ReplayState *st, const char *schema, const char *name)
{
	char *k = conkey(schema, name);
	CatConstraint *c = hmap_get(&st->connames, k);
	free(k);
	return c && !c->h.dropped && !strcmp(c->h.name, name) && c->h.owner && c->h.owner->schema &&
	       !strcmp(c->h.owner->schema, schema);
}

void rp_register_conname(ReplayState *st, CatConstraint *k)
{
	char *key = conkey(k->h.owner->schema, k->h.name);
	const char *ak = arena_strdup(&st->cat->arena, key);
	free(key);
	hmap_put(&st->connames, ak, k);
}

const char *rp_choose_conname(ReplayState *st, const char *name1, const char *name2, const char *label,
                              const char *schema)
{
	char modlabel[NAMEDATALEN];
	snprintf(modlabel, sizeof modlabel, "%s", label);
	for (int pass = 0;;) {
		char *n = make_object_name(name1, name2, modlabel);
		if (!rp_conname_used(st, schema, n)) {
			const char *r = arena_strdup(&st->cat->arena, n);
			free(n);
			return r;
		}
		free(n);
		snprintf(modlabel, sizeof modlabel, "%s%d", label, ++pass);
	}
}

/* ---- expressions ---- */

const char *rp_expr(ReplayState *st, const PgQuery__Node *e)
{
	return expr_normalize(&st->cat->arena, e, NULL);
}

const char *rp_rel_expr(ReplayState *st, const char *rel, const PgQuery__Node *e)
{
	return expr_normalize_rel(&st->cat->arena, e, NULL, rel);
}

typedef struct RpCall {
	int location;
	const CatFunction *fn;
} RpCall;

static void note_call(void *ud, int location, const CatFunction *fn)
{
	ReplayState *st = ud;
	RpCall *c = arena_alloc(&st->cat->arena, sizeof(*c));
	c->location = location;
	c->fn = fn;
	ptrlist_push(&st->cat->arena, &st->calls, c);
}

CatFunction *rp_find_call(ReplayState *st, const PgQuery__FuncCall *f)
{
	const char *schema, *name;
	rp_qualname(f->funcname, f->n_funcname, &schema, &name);
	for (size_t i = st->calls.n; name && f->location >= 0 && i-- > 0;) {
		const RpCall *c = st->calls.items[i];
		if (c->location == f->location && !c->fn->h.dropped && !strcmp(c->fn->h.name, name) &&
		    c->fn->nargs == f->n_args)
			return (CatFunction *)c->fn;
	}
	return rp_find_function(st, f->funcname, f->n_funcname, (int)f->n_args);
}

void rp_fix_function_deps(ReplayState *st, CatObject *o)
{
	size_t n = o->ndeps;
	CatObject **olds = xmalloc((n ? n : 1) * sizeof(*olds));
	DepType *types = xmalloc((n ? n : 1) * sizeof(*types));
	size_t nold = 0;
	for (size_t i = 0; i < n; i++)
		if (o->deps[i].on->kind == OBJ_FUNCTION) {
			olds[nold] = o->deps[i].on;
			types[nold++] = o->deps[i].type;
		}
	for (size_t i = 0; i < nold; i++) {
		const CatFunction *old = (const CatFunction *)olds[i];
		bool any = false, kept = false;
		for (size_t k = 0; k < st->calls.n; k++) {
			const RpCall *c = st->calls.items[k];
			if (c->fn->h.dropped || c->fn->nargs != old->nargs ||
			    strcmp(c->fn->h.name, old->h.name) || strcmp(c->fn->h.schema, old->h.schema))
				continue;
			any = true;
			kept |= c->fn == old;
			catalog_add_dep(st->cat, o, (CatObject *)c->fn, NULL, types[i]);
		}
		if (any && !kept)
			catalog_remove_dep(o, olds[i], NULL);
	}
	free(olds);
	free(types);
}

void rp_expr_env(ReplayState *st, ExprEnv *env, const char **path)
{
	memset(env, 0, sizeof(*env));
	env->on_function = note_call;
	env->fn_ud = st;
	env->cat = st->cat;
	env->path = path;
	env->npath = rp_path_schemas(st, path, 32);
	env->unknown_objects = rp_any_extension(st);
	env->unmodelled = &st->unmodelled;
	env->new_enum_labels = &st->new_enum_labels;
}

void rp_expr_error(ReplayState *st, ExprError *err)
{
	if (!err->set)
		return;
	int off = err->location >= 0 ? err->location : -1;
	Diag *d = err->missing_name
	              ? rp_missing(st, err->rule, off, "rel", err->missing_name, "%s", err->message)
	              : rp_diag(st, SEV_ERROR, err->rule, off, "%s", err->message);
	if (d && err->hint)
		diag_set_hint(d, "%s", err->hint);
	if (d && err->detail && !d->detail)
		diag_set_detail(d, "%s", err->detail);
	if (d)
		snprintf(d->sqlstate, sizeof d->sqlstate, "%s", err->sqlstate);
}

PgQuery__Node *rp_analyze(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                          const char *domain_base)
{
	if (!e)
		return NULL;
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	ExprError err;
	PgQuery__Node *t = expr_analyze(&env, kind, e, rel, domain_base, &err);
	rp_expr_error(st, &err);
	expr_error_clear(&err);
	return t;
}

PgQuery__Node *rp_analyze_typed(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                                char **type)
{
	*type = NULL;
	if (!e)
		return NULL;
	ExprEnv env;
	const char *path[32];
	rp_expr_env(st, &env, path);
	ExprError err;
	PgQuery__Node *t = expr_analyze_typed(&env, kind, e, rel, NULL, type, &err);
	rp_expr_error(st, &err);
	expr_error_clear(&err);
	return t;
}

const char *rp_expr_of(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                       const char *context_type, const char *domain_base)
{
	return rp_expr_src_of(st, kind, e, rel, context_type, domain_base, NULL);
}

const char *rp_expr_src_of(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                           const char *context_type, const char *domain_base, const char **src)
{
	if (src)
		*src = NULL;
	if (!e)
		return NULL;
	PgQuery__Node *t = rp_analyze(st, kind, e, rel, domain_base);
	if (src && t)
		*src = expr_deparse(&st->cat->arena, t);
	/* the analysis printed the top level's references bare already (and qualified those in sub-queries,
	 * which must stay so); the normalizer's own rule for `rel.col` is for text it did not analyse */
	const char *r =
	    expr_normalize_rel(&st->cat->arena, t ? t : e, context_type, t || !rel ? NULL : rel->name);
	expr_tree_free(t);
	return r;
}

CatObject *rp_regclass_target(ReplayState *st, const char *text)
{
	char parts[3][256];
	int np = text ? sql_split_qualified_name(text, parts, 3) : 0;
	return np == 1   ? rp_find_relation(st, NULL, parts[0])
	       : np == 2 ? rp_find_relation(st, parts[0], parts[1])
	                 : NULL;
}

typedef struct ExprWalk {
	int ncols; /* distinct column names referenced */
	const char *first;
	ReplayState *st;
	CatObject *from;
	const char *column; /* the dependent is this column's default / generation expression */
	CatTable *self;     /* bare column references name columns of SELF ... */
	DepType self_type;  /* ... and FROM depends on them this way */
	int sublink;        /* inside a subquery: bare names belong to its relations */
} ExprWalk;

static void dep_on(ExprWalk *w, CatObject *on, const char *column, DepType type)
{
	(void)catalog_add_subdep(w->st->cat, w->from, w->column, w->column != NULL, on, column, type);
}

static void expr_walk(ExprWalk *w, const ProtobufCMessage *m);

/* (col).field of a column of composite type (a domain over one included; VALUE in a domain's CHECK): the
 * expression depends on that attribute of the type, or on that column of the table whose row type it is
 * (find_expr_references_walker, FieldSelect). */
static void field_select_dep(ExprWalk *w, const PgQuery__AIndirection *ai)
{
	if (!ai->arg || ai->arg->node_case != PG_QUERY__NODE__NODE_COLUMN_REF || !ai->n_indirection ||
	    ai->indirection[0]->node_case != PG_QUERY__NODE__NODE_STRING)
		return;
	const PgQuery__ColumnRef *cr = ai->arg->column_ref;
	const char *c = cr->n_fields == 1 ? rp_str(cr->fields[0]) : NULL;
	const char *field = ai->indirection[0]->string->sval;
	if (!c || !field)
		return;
	const char *type = NULL;
	CatColumn *col = w->self ? table_find_column(w->self, c) : NULL;
	if (col)
		type = col->type;
	else if (!strcmp(c, "value") && w->from->kind == OBJ_TYPE &&
	         ((CatType *)w->from)->type_kind == TYPE_DOMAIN)
		type = ((CatType *)w->from)->base_type;
	CatType *ty = rp_type_of_text(w->st, type);
	for (int depth = 0; ty && ty->type_kind == TYPE_DOMAIN && depth < 16; depth++)
		ty = rp_type_of_text(w->st, ty->base_type); /* getBaseType */
	if (!type || (type[0] && type[strlen(type) - 1] == ']'))
		return;
	if (ty && ty->type_kind == TYPE_COMPOSITE) {
		for (size_t i = 0; i < ty->nattrs; i++)
			if (!strcmp(ty->attrs[i].name, field))
				dep_on(w, &ty->h, field, DEP_NORMAL);
		return;
	}
	CatObject *rel = !ty ? catalog_find(w->st->cat, OBJ_TABLE, type) : NULL;
	if (rel && table_find_column((CatTable *)rel, field))
		dep_on(w, rel, field, DEP_NORMAL);
}

static void expr_node(ExprWalk *w, const PgQuery__Node *n)
{
	if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF) {
		PgQuery__ColumnRef *cr = n->column_ref;
		const char *c = cr->n_fields >= 1 ? rp_str(cr->fields[cr->n_fields - 1]) : NULL;
		if (c) {
			/* PostgreSQL counts distinct columns (list_union of the Vars) */
			if (!w->ncols) {
				w->first = c;
				w->ncols = 1;
			} else if (strcmp(w->first, c))
				w->ncols = 2;
		}
		const char *q = cr->n_fields == 2 ? rp_str(cr->fields[0]) : NULL;
		if (c && w->self && !w->sublink &&
		    (cr->n_fields == 1 || (q && !strcmp(q, w->self->h.name))) &&
		    table_find_column(w->self, c))
			dep_on(w, &w->self->h, c, w->self_type);
	} else if (n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST && w->st && w->from) {
		/* a cast to a user type: the stored expression holds a constant or coercion of that type */
		const PgQuery__TypeCast *tc = n->type_cast;
		CatType *ty = rp_type_lookup(w->st, tc->type_name);
		if (ty)
			dep_on(w, &ty->h, NULL, DEP_NORMAL);
		/* a regclass constant: the expression depends on the relation (find_expr_references_walker)
		 */
		const char *tname = tc->type_name && tc->type_name->n_names
		                        ? rp_str(tc->type_name->names[tc->type_name->n_names - 1])
		                        : NULL;
		if (tname && !strcmp(tname, "regclass") && tc->arg &&
		    tc->arg->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    tc->arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
			CatObject *rel = rp_regclass_target(w->st, tc->arg->a_const->sval->sval);
			if (rel && rel != w->from)
				dep_on(w, rel, NULL, DEP_NORMAL);
		}
	} else if (n->node_case == PG_QUERY__NODE__NODE_A_INDIRECTION && w->st && w->from && !w->sublink) {
		field_select_dep(w, n->a_indirection);
	} else if (n->node_case == PG_QUERY__NODE__NODE_SUB_LINK) {
		/* a subquery (policies, SQL-standard function bodies): its relations and columns, as a view's
		 */
		PgQuery__SubLink *sl = n->sub_link;
		if (sl->testexpr)
			expr_node(w, sl->testexpr);
		if (w->from && w->st && sl->subselect) {
			/* quietly: the expression analysis reports the subquery's errors */
			RpQueryCols qc;
			(void)rp_query_columns(w->st, w->from, sl->subselect, &qc, false);
		}
		return;
	} else if (n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL && w->st) {
		PgQuery__FuncCall *f = n->func_call;
		const char *schema, *name;
		rp_qualname(f->funcname, f->n_funcname, &schema, &name);
		if (name && (!strcmp(name, "nextval") || !strcmp(name, "currval")) && f->n_args >= 1) {
			/* only a regclass constant is a dependency (find_expr_references_walker): an untyped
			 * literal or one cast to regclass, not nextval('s'::text), which is looked up at run
			 * time */
			const PgQuery__Node *a = f->args[0];
			if (a->node_case == PG_QUERY__NODE__NODE_TYPE_CAST) {
				const PgQuery__TypeName *tn = a->type_cast->type_name;
				const char *tname =
				    tn && tn->n_names ? rp_str(tn->names[tn->n_names - 1]) : NULL;
				a = tname && !strcmp(tname, "regclass") && !tn->n_array_bounds
				        ? a->type_cast->arg
				        : NULL;
			}
			if (a && a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
			    a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
				CatObject *seq = rp_regclass_target(w->st, a->a_const->sval->sval);
				if (seq && seq->kind == OBJ_SEQUENCE && w->from)
					dep_on(w, seq, NULL, DEP_NORMAL);
			}
		} else if (name && w->from) {
			CatFunction *fn = rp_find_call(w->st, f);
			if (fn)
				dep_on(w, &fn->h, NULL, DEP_NORMAL);
		}
	}
	expr_walk(w, &n->base);
}

static bool expr_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	if (c->descriptor == &pg_query__node__descriptor)
		expr_node(ud, (const PgQuery__Node *)c);
	else
		expr_walk(ud, c);
	return false;
}

static void expr_walk(ExprWalk *w, const ProtobufCMessage *m)
{
	sql_each_child(m, expr_child, w);
}

int rp_expr_columns(const PgQuery__Node *e, const char **first)
{
	ExprWalk w = {0};
	if (e)
		expr_node(&w, e);
	if (first)
		*first = w.first;
	return w.ncols;
}

void rp_expr_deps(ReplayState *st, CatObject *from, const char *column, const PgQuery__Node *e)
{
	rp_expr_deps_self(st, from, column, NULL, DEP_NORMAL, e);
}

void rp_expr_deps_self(ReplayState *st, CatObject *from, const char *column, CatTable *self,
                       DepType self_type, const PgQuery__Node *e)
{
	if (!e)
		return;
	ExprWalk w = {0};
	w.st = st;
	w.from = from;
	w.column = column;
	w.self = self;
	w.self_type = self_type;
	expr_node(&w, e);
}

/* ---- state ---- */

void replay_state_init(ReplayState *st, Catalog *cat, const ReplayOptions *opts)
{
	memset(st, 0, sizeof(*st));
	st->cat = cat;
	st->user = xstrdup(opts && opts->user ? opts->user : "postgres");
	rp_role_init(st);
	rp_set_search_path(st, opts && opts->search_path ? opts->search_path : "\"$user\", public");
	st->quiet_info = opts && opts->quiet_info;
	st->mig_index = -1;
	if (opts) {
		st->stmt_hook = opts->stmt_hook;
		st->later_hook = opts->later_hook;
		st->hook_ud = opts->hook_ud;
		st->exact = opts->exact;
	}
	st->stmt_len = -1;
	hmap_init(&st->hist.first_create);
	hmap_init(&st->hist.dropped);
	hmap_init(&st->connames);
	hmap_init(&st->unmodelled);
	hmap_init(&st->new_enum_labels);
	/* what the extensions of a catalog read from a server (or given) made, as CREATE EXTENSION does */
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		if (o->kind == OBJ_EXTENSION && !o->dropped)
			rp_extension_relations(st, (CatExtension *)o);
	}
	/* a catalog replay starts empty records every dependency; one read from a server gets them here */
	if (!cat->deps_complete && cat->all.n)
		rp_derive_deps(st);
	cat->deps_complete = true;
	st->tx = replay_tx_new(st);
	if (!catalog_find_schema(cat, "public"))
		(void)catalog_add(cat, OBJ_SCHEMA, NULL, "public", NULL, NULL);
}

static void free_hist(HMap *m)
{
	const char *k;
	void *v;
	for (size_t i = 0; hmap_next(m, &i, &k, &v);) {
		HistEntry *e = v;
		free(e->where);
		free(e);
		free((char *)k);
	}
	hmap_release(m);
}

void replay_state_release(ReplayState *st)
{
	if (st->cat)
		rp_end_session(st);
	for (size_t i = 0; i < st->npath; i++)
		free(st->path[i]);
	free(st->path);
	free(st->user);
	free_hist(&st->hist.first_create);
	free_hist(&st->hist.dropped);
	hmap_release(&st->connames);
	hmap_release(&st->unmodelled);
	rp_forget_new_enum_labels(st);
	hmap_release(&st->new_enum_labels);
	replay_tx_free(st->tx);
	diag_list_release(&st->scratch);
	sql_lines_free(&st->lines);
	rp_dynamic_release(st);
	memset(st, 0, sizeof(*st));
}

/* ---- dispatch ---- */

enum { OP_DML = 0, OP_GRANT, OP_DO, OP_OWNER, OP_OTHER };

static void set_stmt(ReplayState *st, PgQuery__VariableSetStmt *vs)
{
	if (!vs->name) {
		if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET_ALL)
			rp_set_search_path(st, "\"$user\", public");
		return;
	}
	if (!strcmp(vs->name, "check_function_bodies")) {
		rp_set_check_function_bodies(st, vs);
		return;
	}
	if (strcmp(vs->name, "search_path"))
		return;
	if (vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT ||
	    vs->kind == PG_QUERY__VARIABLE_SET_KIND__VAR_RESET) {
		rp_set_search_path(st, "\"$user\", public");
		return;
	}
	if (vs->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE)
		return;
	StrBuf sb = STRBUF_INIT;
	for (size_t i = 0; i < vs->n_args; i++) {
		const PgQuery__Node *a = vs->args[i];
		const char *s = NULL;
		if (a->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    a->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			s = a->a_const->sval->sval;
		if (!s)
			continue;
		if (i)
			sb_putc(&sb, ',');
		/* each argument is one schema name (already case-folded by the parser when unquoted) */
		sb_putc(&sb, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				sb_putc(&sb, '"');
			sb_putc(&sb, *p);
		}
		sb_putc(&sb, '"');
	}
	rp_set_search_path(st, sb_str(&sb));
	sb_release(&sb);
}

/* Collect the SQL statements of a PL/pgSQL parse tree (JSON from pg_query_parse_plpgsql), in order. */
static void plpgsql_queries(json_t *j, PtrList *out, Arena *a)
{
	if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) plpgsql_queries(v, out, a);
	} else if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v)
		{
			if (!strcmp(k, "PLpgSQL_stmt_execsql")) {
				json_t *q = json_object_get(
				    json_object_get(json_object_get(v, "sqlstmt"), "PLpgSQL_expr"), "query");
				if (json_is_string(q))
					ptrlist_push(a, out, arena_strdup(a, json_string_value(q)));
			} else
				plpgsql_queries(v, out, a);
		}
	}
}

/* pg_query_parse_plpgsql, whose error path in libpg_query 15-4 leaks the 1-byte stderr buffer of its raw
 * parse (pg_query_parse_plpgsql returns without freeing parse_result.stderr_buffer): under LeakSanitizer
 * that allocation is not counted, everything of ours still is (the result is freed by the caller). */
static PgQueryPlpgsqlParseResult parse_plpgsql(const char *sql)
{
#if defined(__SANITIZE_ADDRESS__)
	__lsan_disable();
	PgQueryPlpgsqlParseResult r = pg_query_parse_plpgsql(sql);
	__lsan_enable();
	return r;
#else
	return pg_query_parse_plpgsql(sql);
#endif
}

/* PL/pgSQL's error message for BODY cut to its first LEN bytes (malloc'd; NULL when it compiles). */
static char *plpgsql_prefix_error(const char *body, size_t len)
{
	StrBuf fn = STRBUF_INIT;
	sb_append(&fn, "CREATE FUNCTION strata_do() RETURNS void LANGUAGE plpgsql AS $strata_do$");
	sb_append_n(&fn, body, len);
	sb_append(&fn, "$strata_do$");
	PgQueryPlpgsqlParseResult pr = parse_plpgsql(sb_str(&fn));
	sb_release(&fn);
	char *m = pr.error && pr.error->message ? xstrdup(pr.error->message) : NULL;
	pg_query_free_plpgsql_parse_result(pr);
	return m;
}

/* Where in BODY PL/pgSQL's error MSG is: libpg_query does not give the position of PL/pgSQL errors, so
 * find the shortest prefix of the body that fails with the same message (a parser stops at its first
 * error: every longer prefix fails the same way, shorter ones end early) and take the token it ends
 * with: the one the message names ("at or near X"), else the word before. */
static size_t plpgsql_error_pos(const char *body, const char *msg)
{
	size_t lo = 0, hi = strlen(body);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		char *m = plpgsql_prefix_error(body, mid);
		bool same = m && !strcmp(m, msg);
		free(m);
		if (same)
			hi = mid;
		else
			lo = mid + 1;
	}
	const char *tok = strstr(msg, "at or near \"");
	if (tok) {
		tok += 12;
		const char *q = strrchr(tok, '"');
		size_t n = q && q > tok ? (size_t)(q - tok) : 0;
		if (n && n <= lo && !strncmp(body + lo - n, tok, n))
			return lo - n;
	}
	size_t p = lo;
	while (p > 0 && (isalnum((unsigned char)body[p - 1]) || body[p - 1] == '_'))
		p--;
	return p < lo ? p : lo ? lo - 1 : 0;
}

/* The offset in the current text of byte POS of a DO block's body whose string constant starts at
 * BODY_LOC (line and column within the body carried over: exact for a dollar-quoted body); OFF when
 * unknown. */
static int body_offset(ReplayState *st, const char *body, size_t pos, int body_loc, int off)
{
	const char *t = st->text;
	if (!t || body_loc < 0 || (size_t)body_loc >= strlen(t))
		return off;
	const char *p = t + body_loc;
	if (*p == 'E' || *p == 'e')
		return off; /* escapes: the body's bytes are not the text's */
	if (*p == '$') {    /* $tag$ */
		const char *end = strchr(p + 1, '$');
		if (!end)
			return off;
		p = end + 1;
	} else if (*p == '\'')
		p++;
	size_t line_start = 0;
	for (size_t i = 0; i < pos && body[i]; i++)
		if (body[i] == '\n') {
			const char *nl = strchr(p, '\n');
			if (!nl)
				return off;
			p = nl + 1;
			line_start = i + 1;
		}
	for (size_t i = line_start; i < pos && *p && *p != '\n'; i++)
		p++;
	return (int)(p - t);
}

/* Is ERR one PostgreSQL raises too? libpg_query compiles PL/pgSQL without a catalog (every type is a
 * placeholder): its grammar and scanner errors, undeclared variables and unknown exception conditions are
 * PostgreSQL's; anything else (a collation on a declared type, ...) comes from the placeholders. */
static bool plpgsql_error_is_real(const PgQueryError *err)
{
	static const char *const real[] = {"scanner_yyerror",       "plpgsql_yyerror",
	                                   "base_yyerror",          "word_is_not_variable",
	                                   "cword_is_not_variable", "plpgsql_recognize_err_condition"};
	for (size_t i = 0; err->funcname && i < ARRAY_LEN(real); i++)
		if (!strcmp(err->funcname, real[i]))
			return true;
	return false;
}

/* A DO block whose PL/pgSQL does not compile: PostgreSQL rejects the statement. Reported at the
 * offending token of BODY (its string constant at BODY_LOC). */
static void plpgsql_error(ReplayState *st, const PgQueryError *err, const char *body, int body_loc, int off)
{
	const char *msg = err->message ? err->message : "invalid PL/pgSQL";
	int at = body_offset(st, body, plpgsql_error_pos(body, msg), body_loc, off);
	bool syntax = !strncmp(msg, "syntax error", 12);
	Diag *d = rp_diag(st, SEV_ERROR, syntax ? "syntax-error" : "invalid-plpgsql", at, "%s", msg);
	if (d) {
		snprintf(d->sqlstate, sizeof d->sqlstate, "%s", syntax ? "42601" : "42704");
		diag_set_detail(d, "in the PL/pgSQL of a DO block: PostgreSQL rejects the whole statement");
	}
}

/* DO blocks: the SQL statements of a PL/pgSQL body are replayed leniently (no diagnostics: exception
 * handlers and IF tests decide at run time), so that objects created there exist afterwards. Dynamic SQL
 * (EXECUTE) is not followed. */
static void do_block(ReplayState *st, PgQuery__DoStmt *ds, int off)
{
	const char *body = NULL, *lang = "plpgsql";
	int body_loc = -1;
	for (size_t i = 0; i < ds->n_args; i++) {
		PgQuery__Node *a = ds->args[i];
		if (a->node_case != PG_QUERY__NODE__NODE_DEF_ELEM)
			continue;
		PgQuery__DefElem *d = a->def_elem;
		if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_STRING) {
			if (!strcmp(d->defname, "as")) {
				body = d->arg->string->sval;
				body_loc = d->location;
			} else if (!strcmp(d->defname, "language"))
				lang = d->arg->string->sval;
		}
	}
	rp_opaque(st, 2, off, "DO blocks (their SQL statements are applied without diagnostics)");
	if (!body || strcmp(lang, "plpgsql"))
		return;
	StrBuf fn = STRBUF_INIT;
	sb_append(&fn, "CREATE FUNCTION strata_do() RETURNS void LANGUAGE plpgsql AS $strata_do$");
	sb_append(&fn, body);
	sb_append(&fn, "$strata_do$");
	PgQueryPlpgsqlParseResult pr = parse_plpgsql(sb_str(&fn));
	sb_release(&fn);
	if (pr.error) {
		if (plpgsql_error_is_real(pr.error))
			plpgsql_error(st, pr.error, body, body_loc, off);
		pg_query_free_plpgsql_parse_result(pr);
		return;
	}
	if (!pr.plpgsql_funcs) {
		pg_query_free_plpgsql_parse_result(pr);
		return;
	}
	json_t *j = json_loads(pr.plpgsql_funcs, 0, NULL);
	pg_query_free_plpgsql_parse_result(pr);
	if (!j)
		return;
	PtrList qs = {0};
	plpgsql_queries(j, &qs, &st->cat->arena);
	json_decref(j);
	rp_replay_lenient(st, (const char *const *)qs.items, qs.n, off);
}

void rp_replay_lenient(ReplayState *st, const char *const *texts, size_t n, int off)
{
	const char *text = st->text;
	int saved_off = st->stmt_off;
	if (!st->lenient)
		st->lenient_loc = rp_loc(st, off);
	st->lenient++;
	for (size_t i = 0; i < n; i++) {
		SqlParse p;
		if (sql_parse(texts[i], st->file, &p, &st->scratch) != 0)
			continue;
		st->text = texts[i];
		for (size_t k = 0; k < p.n; k++)
			rp_statement(st, p.stmts[k].node, p.stmts[k].offset);
		sql_parse_free(&p);
	}
	st->lenient--;
	st->text = text;
	st->stmt_off = saved_off;
	diag_list_release(&st->scratch);
}

/* SELECT set_config('search_path', 'a, b', ...) and SELECT pg_catalog.set_config(...). */
static void select_stmt(ReplayState *st, PgQuery__SelectStmt *ss, int off)
{
	/* a call whose dynamic SQL the model can follow: what it runs (replay_dynamic.c) */
	PgQuery__Node sn = PG_QUERY__NODE__INIT;
	sn.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
	sn.select_stmt = ss;
	(void)rp_follow_call(st, &sn, true);
	bool any_call = false;
	for (size_t i = 0; i < ss->n_target_list; i++) {
		const PgQuery__Node *t = ss->target_list[i];
		if (t->node_case != PG_QUERY__NODE__NODE_RES_TARGET || !t->res_target->val)
			continue;
		const PgQuery__Node *v = t->res_target->val;
		if (v->node_case != PG_QUERY__NODE__NODE_FUNC_CALL)
			continue;
		PgQuery__FuncCall *f = v->func_call;
		const char *schema, *name;
		rp_qualname(f->funcname, f->n_funcname, &schema, &name);
		any_call = true;
		if (!name || strcmp(name, "set_config") || f->n_args < 2)
			continue;
		const PgQuery__Node *a0 = f->args[0], *a1 = f->args[1];
		if (a0->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    a0->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL &&
		    !strcmp(a0->a_const->sval->sval, "search_path") &&
		    a1->node_case == PG_QUERY__NODE__NODE_A_CONST &&
		    a1->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL)
			rp_set_search_path(st, a1->a_const->sval->sval);
	}
	if (!any_call || ss->n_from_clause)
		rp_opaque(st, OP_DML, off, "queries and data change statements");
}

/* protobuf-c gives absent string fields as "" (a shared static): make them NULL, so "no name given" reads
 * as NULL everywhere in replay. Packing treats NULL strings as absent, so the tree stays valid. */
static void null_empty_strings(ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) { /* one message field set: no strings of its own */
		const ProtobufCFieldDescriptor *f = sql_node_field((const PgQuery__Node *)m);
		ProtobufCMessage *c = f && f->type == PROTOBUF_C_TYPE_MESSAGE
		                          ? *(ProtobufCMessage **)((char *)m + f->offset)
		                          : NULL;
		if (c)
			null_empty_strings(c);
		return;
	}
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t oc = *(const uint32_t *)((const char *)m + f->quantifier_offset);
			if (oc != f->id)
				continue;
		}
		if (f->type == PROTOBUF_C_TYPE_STRING && f->label != PROTOBUF_C_LABEL_REPEATED) {
			char **sp = (char **)((char *)m + f->offset);
			if (*sp && *sp == (char *)protobuf_c_empty_string)
				*sp = NULL;
			continue;
		}
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(size_t *)((char *)m + f->quantifier_offset);
			ProtobufCMessage **arr = *(ProtobufCMessage ***)((char *)m + f->offset);
			for (size_t j = 0; j < n; j++)
				null_empty_strings(arr[j]);
		} else {
			ProtobufCMessage *c = *(ProtobufCMessage **)((char *)m + f->offset);
			if (c)
				null_empty_strings(c);
		}
	}
}

static void statement_kind(ReplayState *st, PgQuery__Node *n, int off);

void rp_statement(ReplayState *st, PgQuery__Node *n, int off)
{
	st->stmt_off = off;
	st->calls.n = 0; /* locations are the statement's */
	null_empty_strings(&n->base);
	if (rp_role_statement(st, n, off) || !rp_role_check(st, n, off))
		return; /* roles and ownership: replay_role.c */
	uint32_t seq0 = st->cat->next_seq;
	int errors0 = st->errors;
	statement_kind(st, n, off);
	rp_role_after(st, n, seq0, errors0, off);
}

/* Apply N by its kind. */
static void statement_kind(ReplayState *st, PgQuery__Node *n, int off)
{
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		rp_create_table(st, n->create_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		rp_alter_table(st, n->alter_table_stmt);
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		rp_create_index(st, n->index_stmt, NULL);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		rp_drop_stmt(st, n->drop_stmt);
		if (n->drop_stmt->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE)
			for (size_t i = 0; i < n->drop_stmt->n_objects; i++) {
				const PgQuery__Node *on = n->drop_stmt->objects[i];
				if (on->node_case == PG_QUERY__NODE__NODE_LIST && on->list->n_items)
					rp_foreign_forget(st, rp_str(on->list->items[on->list->n_items - 1]));
			}
		break;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		if (n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE &&
		    n->rename_stmt->newname) {
			unmodelled_relation(st, n->rename_stmt->newname); /* (its new name) */
			if (n->rename_stmt->relation)
				rp_foreign_rename(st, n->rename_stmt->relation->relname,
				                  n->rename_stmt->newname);
		}
		rp_rename_stmt(st, n->rename_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT:
		rp_alter_schema_stmt(st, n->alter_object_schema_stmt);
		break;
	case PG_QUERY__NODE__NODE_COMMENT_STMT:
		rp_comment_stmt(st, n->comment_stmt);
		break;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		rp_create_view(st, n->view_stmt);
		break;
	case PG_QUERY__NODE__NODE_CALL_STMT:
		/* a procedure whose DDL the model can follow (replay_dynamic.c); else nothing modelled */
		if (!rp_follow_call(st, n, true))
			rp_opaque(st, OP_OTHER, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_RULE_STMT:
		if (!rp_rule_stmt(st, n->rule_stmt)) /* (replay_rule.c: a table becoming a view) */
			rp_opaque(st, OP_OTHER, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		rp_create_table_as(st, n->create_table_as_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
		rp_create_enum(st, n->create_enum_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT:
		rp_alter_enum(st, n->alter_enum_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT:
		rp_create_domain(st, n->create_domain_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_DOMAIN_STMT:
		rp_alter_domain(st, n->alter_domain_stmt);
		break;
	case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
		rp_create_composite(st, n->composite_type_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_RANGE_STMT:
		rp_create_range(st, n->create_range_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT:
		rp_create_function(st, n->create_function_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_FUNCTION_STMT:
		rp_alter_function(st, n->alter_function_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT:
		rp_create_trigger(st, n->create_trig_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_POLICY_STMT:
		rp_create_policy(st, n->create_policy_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_POLICY_STMT:
		rp_alter_policy(st, n->alter_policy_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		rp_create_sequence(st, n->create_seq_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		rp_alter_sequence(st, n->alter_seq_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT:
		rp_create_extension(st, n->create_extension_stmt);
		break;
	case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
		rp_create_schema(st, n->create_schema_stmt);
		break;
	case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT:
		set_stmt(st, n->variable_set_stmt);
		break;
	case PG_QUERY__NODE__NODE_SELECT_STMT:
		if (n->select_stmt->into_clause && n->select_stmt->into_clause->rel)
			rp_select_into(st, n->select_stmt, n);
		else
			select_stmt(st, n->select_stmt, off);
		break;
	case PG_QUERY__NODE__NODE_DISCARD_STMT:
		/* DISCARD TEMP / ALL drop the session's temporary objects */
		if (n->discard_stmt->target == PG_QUERY__DISCARD_MODE__DISCARD_TEMP ||
		    n->discard_stmt->target == PG_QUERY__DISCARD_MODE__DISCARD_ALL)
			rp_end_session(st);
		break;
	case PG_QUERY__NODE__NODE_VARIABLE_SHOW_STMT:
	case PG_QUERY__NODE__NODE_LOCK_STMT:
	case PG_QUERY__NODE__NODE_VACUUM_STMT:
	case PG_QUERY__NODE__NODE_CHECK_POINT_STMT:
	case PG_QUERY__NODE__NODE_NOTIFY_STMT:
		break;
	case PG_QUERY__NODE__NODE_INSERT_STMT:
	case PG_QUERY__NODE__NODE_UPDATE_STMT:
	case PG_QUERY__NODE__NODE_DELETE_STMT:
	case PG_QUERY__NODE__NODE_COPY_STMT:
	case PG_QUERY__NODE__NODE_MERGE_STMT:
	case PG_QUERY__NODE__NODE_TRUNCATE_STMT:
	case PG_QUERY__NODE__NODE_REFRESH_MAT_VIEW_STMT:
		rp_opaque(st, OP_DML, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_GRANT_STMT:
		rp_grant_stmt(st, n->grant_stmt); /* the objects named; privileges are not modelled */
		rp_opaque(st, OP_GRANT, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_ALTER_DEFAULT_PRIVILEGES_STMT:
		rp_default_privileges(st, n->alter_default_privileges_stmt);
		rp_opaque(st, OP_GRANT, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_GRANT_ROLE_STMT:
	case PG_QUERY__NODE__NODE_CREATE_ROLE_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ROLE_STMT:
	case PG_QUERY__NODE__NODE_DROP_ROLE_STMT:
		rp_opaque(st, OP_GRANT, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_DO_STMT:
		do_block(st, n->do_stmt, off);
		break;
	case PG_QUERY__NODE__NODE_ALTER_OWNER_STMT:
		rp_opaque(st, OP_OWNER, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_ALTER_TYPE_STMT:
		if (!rp_alter_type(st, n->alter_type_stmt, off))
			rp_opaque(st, OP_OTHER, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_CREATE_AM_STMT: /* the name and type, for rp_table_am_rules */
		if (n->create_am_stmt->amname) {
			char *k = xasprintf("a:%s", n->create_am_stmt->amname);
			const char *type = n->create_am_stmt->amtype;
			hmap_put(&st->unmodelled, arena_strdup(&st->cat->arena, k),
			         (void *)(type && type[0] == 'i' ? "i" : "t"));
			free(k);
		}
		rp_opaque(st, OP_OTHER, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_CREATE_OP_CLASS_STMT:
		if (n->create_op_class_stmt->n_opclassname) {
			const PgQuery__CreateOpClassStmt *oc = n->create_op_class_stmt;
			const char *name = rp_str(oc->opclassname[oc->n_opclassname - 1]);
			char *k = name ? xasprintf("c:%s", name) : NULL;
			if (k && !hmap_has(&st->unmodelled, k))
				hmap_put(&st->unmodelled, arena_strdup(&st->cat->arena, k), (void *)1);
			free(k);
		}
		rp_opaque(st, OP_OTHER, off, NULL);
		break;
	case PG_QUERY__NODE__NODE_CREATE_FOREIGN_TABLE_STMT: {
		const PgQuery__CreateStmt *cs = n->create_foreign_table_stmt->base_stmt;
		if (!rp_foreign_create(st, cs, cs && cs->relation ? cs->relation->location : off))
			break;
		if (cs && cs->relation && cs->relation->relname)
			unmodelled_relation(st, cs->relation->relname);
		rp_opaque(st, OP_OTHER, off, NULL);
		break;
	}
	case PG_QUERY__NODE__NODE_CREATE_STATS_STMT:
		rp_create_statistics(st, n->create_stats_stmt);
		break;
	case PG_QUERY__NODE__NODE_ALTER_STATS_STMT:
		rp_alter_statistics(st, n->alter_stats_stmt);
		break;
	case PG_QUERY__NODE__NODE_DEFINE_STMT:
		if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_TYPE) {
			rp_define_type(st, n->define_stmt, off);
			break;
		}
		if (n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE &&
		    rp_define_aggregate(st, n->define_stmt))
			break;
		if ((n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR ||
		     n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_AGGREGATE) &&
		    n->define_stmt->n_defnames) {
			const char *name = rp_str(n->define_stmt->defnames[n->define_stmt->n_defnames - 1]);
			char kind =
			    n->define_stmt->kind == PG_QUERY__OBJECT_TYPE__OBJECT_OPERATOR ? 'o' : 'f';
			char *k = name ? xasprintf("%c:%s", kind, name) : NULL;
			if (k && !hmap_has(&st->unmodelled, k))
				hmap_put(&st->unmodelled, arena_strdup(&st->cat->arena, k), (void *)1);
			free(k);
		}
		rp_opaque(st, OP_OTHER, off, NULL);
		break;
	default:
		rp_opaque(st, OP_OTHER, off, NULL);
		break;
	}
}

/* Statements FROM..TO-1 of P, each with the hooks around it and transactional semantics (replay_tx.c).
 * AUTOCOMMIT: the text runs statement by statement (a migration outside a transaction): each statement
 * outside an explicit block commits on its own. */
static void replay_range(ReplayState *st, SqlParse *p, size_t from, size_t to, bool autocommit)
{
	for (size_t i = from; i < to && i < p->n; i++) {
		if (st->stmt_hook) {
			null_empty_strings(&p->stmts[i].node->base); /* hooks see NULL for absent names */
			st->stmt_hook(st->hook_ud, st, &p->stmts[i], false);
		}
		rp_top_statement(st,
		                 &p->stmts[i]); /* replay_statement, or the exact mode (replay_dynamic.c) */
		if (st->stmt_hook)
			st->stmt_hook(st->hook_ud, st, &p->stmts[i], true);
		if (autocommit && !replay_tx_in_block(st))
			replay_tx_commit(st);
	}
}

int replay_sql(Catalog *cat, const char *sql, const char *file, ReplayState *st, DiagList *dl)
{
	(void)cat;
	int before = st->errors;
	st->dl = dl;
	st->file = file;
	st->text = sql;
	st->opaque_seen = 0;
	SqlParse p;
	if (sql_parse(sql, file, &p, dl) != 0)
		return -1;
	replay_range(st, &p, 0, p.n, false);
	replay_tx_settle(st); /* P is freed next */
	replay_tx_commit(st); /* the text ran as one transaction (or committed statement by statement) */
	sql_parse_free(&p);
	return st->errors > before ? -1 : 0;
}

int replay_stmts_from(ReplayState *st, const Migration *m, int mig_index, SqlParse *p, size_t from, size_t to,
                      DiagList *dl)
{
	int before = st->errors;
	st->dl = dl;
	st->file = m->up_path;
	st->text = m->up_sql;
	st->version = m->version;
	st->mig_index = mig_index;
	st->opaque_seen = 0;
	replay_range(st, p, from, to, mig_runs_per_statement(m, p));
	replay_tx_settle(st); /* the caller frees P next */
	if (to >= p->n)
		replay_tx_commit(st);
	return st->errors > before ? -1 : 0;
}

/* ---- history pre-pass ---- */

static void pre_note(ReplayState *st, const char *text, const char *file, int mig, const char *cls,
                     const char *name, int off)
{
	if (!name)
		return;
	int line, col;
	st->text = text;
	linecol(st, (size_t)(off < 0 ? 0 : off), &line, &col);
	char *w = xasprintf("%s:%d:%d", file, line, col);
	hist_put(&st->hist.first_create, cls, name, mig, w, false);
	free(w);
}

static void prepass(ReplayState *st, SqlParse *p, const char *text, const char *file, int mig)
{
	for (size_t i = 0; i < p->n; i++) {
		PgQuery__Node *n = p->stmts[i].node;
		int off = p->stmts[i].offset;
		switch (n->node_case) {
		case PG_QUERY__NODE__NODE_CREATE_STMT:
			pre_note(st, text, file, mig, "rel", n->create_stmt->relation->relname,
			         n->create_stmt->relation->location);
			break;
		case PG_QUERY__NODE__NODE_VIEW_STMT:
			pre_note(st, text, file, mig, "rel", n->view_stmt->view->relname,
			         n->view_stmt->view->location);
			break;
		case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
			if (n->create_table_as_stmt->into && n->create_table_as_stmt->into->rel)
				pre_note(st, text, file, mig, "rel",
				         n->create_table_as_stmt->into->rel->relname,
				         n->create_table_as_stmt->into->rel->location);
			break;
		case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
			pre_note(st, text, file, mig, "rel", n->create_seq_stmt->sequence->relname,
			         n->create_seq_stmt->sequence->location);
			break;
		case PG_QUERY__NODE__NODE_INDEX_STMT:
			if (n->index_stmt->idxname)
				pre_note(st, text, file, mig, "rel", n->index_stmt->idxname, off);
			break;
		case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT:
			pre_note(st, text, file, mig, "schema", n->create_schema_stmt->schemaname, off);
			break;
		case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: {
			const char *s, *nm;
			rp_qualname(n->create_enum_stmt->type_name, n->create_enum_stmt->n_type_name, &s,
			            &nm);
			pre_note(st, text, file, mig, "type", nm, off);
			break;
		}
		case PG_QUERY__NODE__NODE_CREATE_DOMAIN_STMT: {
			const char *s, *nm;
			rp_qualname(n->create_domain_stmt->domainname, n->create_domain_stmt->n_domainname,
			            &s, &nm);
			pre_note(st, text, file, mig, "type", nm, off);
			break;
		}
		case PG_QUERY__NODE__NODE_COMPOSITE_TYPE_STMT:
			pre_note(st, text, file, mig, "type", n->composite_type_stmt->typevar->relname, off);
			break;
		case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
			const char *s, *nm;
			rp_qualname(n->create_function_stmt->funcname, n->create_function_stmt->n_funcname,
			            &s, &nm);
			pre_note(st, text, file, mig, "fn", nm, off);
			break;
		}
		case PG_QUERY__NODE__NODE_RENAME_STMT:
			if (n->rename_stmt->relation && n->rename_stmt->newname &&
			    (n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE ||
			     n->rename_stmt->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW))
				pre_note(st, text, file, mig, "rel", n->rename_stmt->newname, off);
			break;
		default:
			break;
		}
	}
}

int replay_parsed(Catalog *cat, const MigrationSet *set, SqlParse *parses, const ReplayOptions *opts,
                  DiagList *dl)
{
	ReplayState st;
	replay_state_init(&st, cat, opts);
	st.dl = dl;
	size_t last = set->n;
	if (opts && opts->stop_at) {
		for (size_t i = 0; i < set->n; i++)
			if (!strcmp(set->items[i].version, opts->stop_at))
				last = i + 1;
	}
	for (size_t i = 0; i < set->n; i++)
		if (parses[i].result)
			prepass(&st, &parses[i], set->items[i].up_sql, set->items[i].up_path, (int)i);
	for (size_t i = 0; i < set->n; i++) {
		if (!parses[i].result || (i >= last && !(opts && opts->also && opts->also[i])))
			continue;
		st.file = set->items[i].up_path;
		st.text = set->items[i].up_sql;
		st.version = set->items[i].version;
		st.mig_index = (int)i;
		st.opaque_seen = 0;
		replay_range(&st, &parses[i], 0, parses[i].n,
		             mig_runs_per_statement(&set->items[i], &parses[i]));
		replay_tx_end_text(&st); /* every parse stays alive until the end */
		replay_tx_commit(&st);   /* each migration commits (ON COMMIT DROP tables go) */
	}
	int rc = st.errors ? -1 : 0;
	replay_state_release(&st);
	return rc;
}

int replay_migrations(Catalog *cat, const MigrationSet *set, const ReplayOptions *opts, DiagList *dl)
{
	SqlParse *parses = xcalloc(set->n ? set->n : 1, sizeof(SqlParse));
	int perr = 0;
	for (size_t i = 0; i < set->n; i++) {
		if (!set->items[i].up_sql ||
		    sql_parse(set->items[i].up_sql, set->items[i].up_path, &parses[i], dl) != 0) {
			memset(&parses[i], 0, sizeof(SqlParse));
			perr = 1;
		}
	}
	int rc = replay_parsed(cat, set, parses, opts, dl);
	for (size_t i = 0; i < set->n; i++)
		if (parses[i].result)
			sql_parse_free(&parses[i]);
	free(parses);
	return rc || perr ? -1 : 0;
}
