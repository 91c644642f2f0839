/* order.c — requires/provides between migrations (from replay hooks and the final catalog), a valid order
 * when a migration requires a later one, and the renames that achieve it. */
#include "strata.h"
#include "analysis/order.h"
#include "analysis/replay_int.h"
#include "project/write.h"
#include "sql/walk.h"
#include "util/hmap.h"
#include "util/vec.h"

#include <ctype.h>
#include <jansson.h>

typedef VEC(size_t) SizeVec;
typedef VEC(char *) StrVec;

typedef struct MigInfo {
	SizeVec req;   /* required migrations (indexes), unique */
	SizeVec later; /* subset of req: those after this one */
	StrVec changes;
	HMap changed; /* the keys of CHANGES, for a constant-time "already there" */
} MigInfo;

struct OrderAnalysis {
	const MigrationSet *set;
	MigInfo *mi;
	HMap version_index; /* version → (index + 1) */
	HMap file_index;    /* up file → (index + 1): versions repeat (Prisma folders, lexical ties) */
	size_t violations;
	ReplayState *st;
	int cur;
	const char *pending_target[8]; /* targets not found before the statement, resolved after */
	int npending;
};

OrderAnalysis *order_new(const MigrationSet *set)
{
	OrderAnalysis *oa = xcalloc(1, sizeof(*oa));
	oa->set = set;
	oa->mi = xcalloc(set->n ? set->n : 1, sizeof(MigInfo));
	for (size_t i = 0; i < set->n; i++)
		hmap_init(&oa->mi[i].changed);
	hmap_init(&oa->version_index);
	hmap_init(&oa->file_index);
	for (size_t i = 0; i < set->n; i++) {
		if (set->items[i].version && set->items[i].version[0])
			hmap_put(&oa->version_index, set->items[i].version, (void *)(uintptr_t)(i + 1));
		if (set->items[i].up_path)
			hmap_put(&oa->file_index, set->items[i].up_path, (void *)(uintptr_t)(i + 1));
	}
	return oa;
}

void order_free(OrderAnalysis *oa)
{
	if (!oa)
		return;
	for (size_t i = 0; i < oa->set->n; i++) {
		vec_free(&oa->mi[i].req);
		vec_free(&oa->mi[i].later);
		for (size_t k = 0; k < oa->mi[i].changes.n; k++)
			free(oa->mi[i].changes.items[k]);
		vec_free(&oa->mi[i].changes);
		hmap_release(&oa->mi[i].changed);
	}
	free(oa->mi);
	hmap_release(&oa->version_index);
	hmap_release(&oa->file_index);
	free(oa);
}

static void add_unique(SizeVec *v, size_t x)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->items[i] == x)
			return;
	vec_push(v, x);
}

static void add_req(OrderAnalysis *oa, size_t consumer, size_t provider)
{
	if (consumer == provider || consumer >= oa->set->n || provider >= oa->set->n)
		return;
	add_unique(&oa->mi[consumer].req, provider);
	if (provider > consumer) {
		size_t before = oa->mi[consumer].later.n;
		add_unique(&oa->mi[consumer].later, provider);
		if (oa->mi[consumer].later.n > before)
			oa->violations++;
	}
}

/* The migration that created O: by its file (two migrations may share a version: Prisma folders
 * "20260612000000_a" and "20260612000000_b"), else by its version; -1 when O is not from this set (an
 * object without a version is not). */
static int origin_index(OrderAnalysis *oa, const CatObject *o)
{
	if (!o || !o->origin.version)
		return -1;
	uintptr_t v = o->origin.file ? (uintptr_t)hmap_get(&oa->file_index, o->origin.file) : 0;
	if (!v)
		v = (uintptr_t)hmap_get(&oa->version_index, o->origin.version);
	return v ? (int)v - 1 : -1;
}

static void add_change(OrderAnalysis *oa, const char *key)
{
	if (oa->cur < 0 || !key)
		return;
	MigInfo *mi = &oa->mi[oa->cur];
	if (hmap_has(&mi->changed, key))
		return;
	char *k = xstrdup(key);
	vec_push(&mi->changes, k);
	hmap_put(&mi->changed, k, k);
}

/* A requirement of the current migration on the one that created relation SCHEMA.NAME, when the model
 * knows that relation and its origin. */
static void require_relation(OrderAnalysis *oa, const char *schema, const char *name)
{
	CatObject *o = rp_find_relation(oa->st, schema, name);
	int j = origin_index(oa, o);
	if (j >= 0)
		add_req(oa, (size_t)oa->cur, (size_t)j);
}

/* Every RangeVar below M, wherever it sits: in a Node (FROM items, GRANT targets) or as a message field of
 * its own (the table of ALTER TABLE, CREATE INDEX, CREATE TRIGGER, CREATE POLICY, a REFERENCES clause, the
 * relation of RENAME). Each names a relation the statement needs. */
static bool rangevar_each(void *ud, ProtobufCMessage *m, const ProtobufCFieldDescriptor *field)
{
	(void)field;
	if (m->descriptor == &pg_query__range_var__descriptor) {
		const PgQuery__RangeVar *rv = (const PgQuery__RangeVar *)m;
		if (rv->relname)
			require_relation(ud, rv->schemaname, rv->relname);
		return false;
	}
	(void)sql_each_child(m, rangevar_each, ud);
	return false;
}

/* The relations a DROP statement names (lists of names, no RangeVar). */
static void require_dropped(OrderAnalysis *oa, const PgQuery__DropStmt *d)
{
	switch (d->remove_type) {
	case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW:
	case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
	case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
	case PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE:
		break;
	default:
		return;
	}
	for (size_t i = 0; i < d->n_objects; i++) {
		const PgQuery__Node *on = d->objects[i];
		if (on->node_case != PG_QUERY__NODE__NODE_LIST)
			continue;
		const char *schema, *name;
		rp_qualname(on->list->items, on->list->n_items, &schema, &name);
		if (name)
			require_relation(oa, schema, name);
	}
}

/* The relation a statement changes, or NULL; *KIND receives the key's class. */
static const PgQuery__RangeVar *stmt_relation(const PgQuery__Node *n, const char **kind)
{
	*kind = "relation";
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		return n->create_stmt->relation;
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		return n->alter_table_stmt->relation;
	case PG_QUERY__NODE__NODE_RENAME_STMT:
		return n->rename_stmt->relation;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		return n->view_stmt->view;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		return n->create_table_as_stmt->into ? n->create_table_as_stmt->into->rel : NULL;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		return n->create_seq_stmt->sequence;
	case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT:
		return n->alter_seq_stmt->sequence;
	default:
		return NULL;
	}
}

static char *rel_key(ReplayState *st, const char *schema, const char *name)
{
	CatObject *o = rp_find_relation(st, schema, name);
	if (o)
		return xasprintf("relation %s", o->identity);
	return xasprintf("relation %s%s%s", schema ? schema : "", schema ? "." : "", name);
}

static void note_changes(OrderAnalysis *oa, ReplayState *st, const PgQuery__Node *n)
{
	const char *kind;
	const PgQuery__RangeVar *rv = stmt_relation(n, &kind);
	if (rv && rv->relname) {
		char *k = rel_key(st, rv->schemaname, rv->relname);
		add_change(oa, k);
		free(k);
		return;
	}
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		if (n->index_stmt->idxname) {
			char *k =
			    rel_key(st, n->index_stmt->relation ? n->index_stmt->relation->schemaname : NULL,
			            n->index_stmt->idxname);
			add_change(oa, k);
			free(k);
		}
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT:
		for (size_t i = 0; i < n->drop_stmt->n_objects; i++) {
			const PgQuery__Node *on = n->drop_stmt->objects[i];
			if (on->node_case != PG_QUERY__NODE__NODE_LIST)
				continue;
			const char *schema, *name;
			rp_qualname(on->list->items, on->list->n_items, &schema, &name);
			if (!name)
				continue;
			char *k = rel_key(st, schema, name);
			add_change(oa, k);
			free(k);
		}
		break;
	case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: {
		const char *schema, *name;
		rp_qualname(n->create_function_stmt->funcname, n->create_function_stmt->n_funcname, &schema,
		            &name);
		char *k = xasprintf("function %s", name ? name : "?");
		add_change(oa, k);
		free(k);
		break;
	}
	case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: {
		const PgQuery__CreateTrigStmt *t = n->create_trig_stmt;
		char *k = xasprintf("trigger %s.%s", t->relation ? t->relation->relname : "?", t->trigname);
		add_change(oa, k);
		free(k);
		break;
	}
	case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT:
	case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: {
		PgQuery__Node **names = n->node_case == PG_QUERY__NODE__NODE_CREATE_ENUM_STMT
		                            ? n->create_enum_stmt->type_name
		                            : n->alter_enum_stmt->type_name;
		size_t nn = n->node_case == PG_QUERY__NODE__NODE_CREATE_ENUM_STMT
		                ? n->create_enum_stmt->n_type_name
		                : n->alter_enum_stmt->n_type_name;
		const char *schema, *name;
		rp_qualname(names, nn, &schema, &name);
		char *k = xasprintf("type %s", name ? name : "?");
		add_change(oa, k);
		free(k);
		break;
	}
	default:
		break;
	}
}

void order_stmt_hook(void *ud, ReplayState *st, const SqlStmt *stmt, bool after)
{
	OrderAnalysis *oa = ud;
	oa->st = st;
	oa->cur = st->mig_index;
	if (oa->cur < 0 || (size_t)oa->cur >= oa->set->n)
		return;
	if (after) {
		/* created objects: now resolvable, keyed by their identity */
		if (stmt->node->node_case == PG_QUERY__NODE__NODE_CREATE_STMT ||
		    stmt->node->node_case == PG_QUERY__NODE__NODE_VIEW_STMT ||
		    stmt->node->node_case == PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT ||
		    stmt->node->node_case == PG_QUERY__NODE__NODE_CREATE_SEQ_STMT ||
		    stmt->node->node_case == PG_QUERY__NODE__NODE_INDEX_STMT)
			note_changes(oa, st, stmt->node);
		return;
	}
	(void)rangevar_each(oa, (ProtobufCMessage *)&stmt->node->base, NULL);
	if (stmt->node->node_case == PG_QUERY__NODE__NODE_DROP_STMT)
		require_dropped(oa, stmt->node->drop_stmt);
	switch (stmt->node->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
	case PG_QUERY__NODE__NODE_VIEW_STMT:
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
	case PG_QUERY__NODE__NODE_INDEX_STMT:
		break; /* after */
	default:
		note_changes(oa, st, stmt->node);
	}
}

void order_later_hook(void *ud, int consumer, int provider, const char *what)
{
	OrderAnalysis *oa = ud;
	if (consumer >= 0 && provider >= 0)
		add_req(oa, (size_t)consumer, (size_t)provider);
}

/* The dependencies of the final catalog: an object requires the migrations that created what it depends
 * on. Only earlier ones: a dependency on an object a later migration creates was made by a later statement
 * (ALTER COLUMN ... TYPE a new enum, SET DEFAULT a new function), whose own migration the statement hooks
 * already tied to it; the object's creation did not need it (when it did and the object was missing, the
 * replay's "created later" hook recorded that). */
void order_finish(OrderAnalysis *oa, Catalog *cat)
{
	for (size_t i = 0; i < cat->all.n; i++) {
		CatObject *o = cat->all.items[i];
		int mi = origin_index(oa, o);
		if (mi < 0)
			continue;
		for (size_t k = 0; k < o->ndeps; k++) {
			int mj = origin_index(oa, o->deps[k].on);
			if (mj >= 0 && mj < mi)
				add_req(oa, (size_t)mi, (size_t)mj);
		}
		int mo = origin_index(oa, o->owner);
		if (mo >= 0 && mo < mi)
			add_req(oa, (size_t)mi, (size_t)mo);
	}
}

size_t order_violations(const OrderAnalysis *oa)
{
	return oa->violations;
}

const size_t *order_requires(const OrderAnalysis *oa, size_t i, size_t *n)
{
	*n = oa->mi[i].req.n;
	return oa->mi[i].req.items;
}

const char *const *order_changes(const OrderAnalysis *oa, size_t i, size_t *n)
{
	*n = oa->mi[i].changes.n;
	return (const char *const *)oa->mi[i].changes.items;
}

/* ---- versions and renames ---- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

char *order_version_between(MigFormat f, const char *a, const char *b)
{
	if (all_digits(a)) {
		char *v = xstrdup(a);
		size_t n = strlen(v);
		size_t i = n;
		while (i > 0) { /* decimal increment, same width */
			if (v[i - 1] < '9') {
				v[i - 1]++;
				break;
			}
			v[--i] = '0';
		}
		if (i > 0 && (!b || mig_version_cmp(f, v, b) < 0))
			return v;
		free(v);
	}
	if (f == FMT_FLYWAY) { /* Flyway versions take more parts: 3 → 3.1 */
		char *v = xasprintf("%s.1", a);
		if (!b || mig_version_cmp(f, v, b) < 0)
			return v;
		free(v);
	}
	return NULL;
}

/* PATH with the first occurrence of OLD in its last component holding it replaced by NEW. */
static char *renamed_path(const char *path, const char *old, const char *new_)
{
	const char *hit = NULL;
	for (const char *p = strstr(path, old); p; p = strstr(p + 1, old))
		hit = p; /* the last occurrence is in the file (or its folder for prisma/diesel) */
	if (!hit)
		return NULL;
	return xasprintf("%.*s%s%s", (int)(hit - path), path, new_, hit + strlen(old));
}

int order_suggest(OrderAnalysis *oa, StrBuf *out, void **json, DiagList *dl)
{
	const MigrationSet *set = oa->set;
	size_t n = set->n;
	size_t *indeg = xcalloc(n + 1, sizeof(size_t));
	bool *placed = xcalloc(n + 1, sizeof(bool));
	size_t *order = xcalloc(n + 1, sizeof(size_t));
	/* successors: derived from req */
	for (size_t i = 0; i < n; i++)
		indeg[i] = oa->mi[i].req.n;
	size_t k = 0;
	while (k < n) {
		size_t pick = n;
		for (size_t i = 0; i < n; i++)
			if (!placed[i] && indeg[i] == 0) {
				pick = i;
				break;
			}
		if (pick == n)
			break;
		placed[pick] = true;
		order[k++] = pick;
		for (size_t i = 0; i < n; i++)
			for (size_t r = 0; !placed[i] && r < oa->mi[i].req.n; r++)
				if (oa->mi[i].req.items[r] == pick)
					indeg[i]--;
	}
	int rc = 0;
	json_t *jo = json ? json_object() : NULL;
	if (k < n) {
		/* a cycle among the unplaced: follow requirements until one repeats */
		size_t start = 0;
		while (placed[start])
			start++;
		size_t *seen = xcalloc(n + 1, sizeof(size_t));
		size_t cur = start, step = 1;
		while (!seen[cur]) {
			seen[cur] = step++;
			size_t nx = n;
			for (size_t r = 0; r < oa->mi[cur].req.n; r++)
				if (!placed[oa->mi[cur].req.items[r]]) {
					nx = oa->mi[cur].req.items[r];
					break;
				}
			if (nx == n)
				break;
			cur = nx;
		}
		StrBuf loop;
		sb_init(&loop);
		size_t c = cur;
		do {
			sb_appendf(&loop, "%s -> ", set->items[c].up_path);
			size_t nx = c;
			for (size_t r = 0; r < oa->mi[c].req.n; r++)
				if (!placed[oa->mi[c].req.items[r]] && seen[oa->mi[c].req.items[r]]) {
					nx = oa->mi[c].req.items[r];
					break;
				}
			if (nx == c)
				break;
			c = nx;
		} while (c != cur);
		sb_append(&loop, set->items[cur].up_path);
		Diag *d = diag_add(dl, SEV_ERROR, "order-cycle", set->items[cur].up_path, 0, 0,
		                   "migrations require each other: no order works");
		diag_set_detail(d, "%s (each requires an object the next one creates)", sb_str(&loop));
		sb_release(&loop);
		free(seen);
		rc = -1;
		goto done;
	}
	/* moves: those off a longest increasing subsequence of original positions */
	size_t *lis_len = xcalloc(n + 1, sizeof(size_t)), *lis_prev = xcalloc(n + 1, sizeof(size_t));
	bool *kept = xcalloc(n + 1, sizeof(bool));
	size_t best = 0, best_end = 0;
	/* O(n^2) is fine for histories of thousands; the order is mostly sorted */
	for (size_t i = 0; i < n; i++) {
		lis_len[i] = 1;
		lis_prev[i] = (size_t)-1;
		for (size_t j = i; j-- > 0 && i - j < 4096;) {
			if (order[j] < order[i] && lis_len[j] + 1 > lis_len[i]) {
				lis_len[i] = lis_len[j] + 1;
				lis_prev[i] = j;
				if (lis_len[i] == i + 1)
					break;
			}
		}
		if (lis_len[i] > best) {
			best = lis_len[i];
			best_end = i;
		}
	}
	/* Prefer moving the migrations the sort delayed (the consumers): keep every one that did not move
	 * down, when those stay in their original relative order; else the longest kept subsequence. */
	bool mono = true;
	size_t nkept = 0, last = 0;
	for (size_t p = 0; p < n; p++) {
		if (p > order[p])
			continue;
		if (nkept && order[p] < last)
			mono = false;
		last = order[p];
		nkept++;
	}
	if (mono && nkept >= best) {
		for (size_t p = 0; p < n; p++)
			kept[p] = p <= order[p];
		best = nkept;
	} else {
		for (size_t i = best_end; n && i != (size_t)-1; i = lis_prev[i])
			kept[i] = true;
	}
	/* New versions for the moved migrations, each between its neighbours in the suggested order. When
	 * the convention has no version there (0003 and 0004 are taken), the migration goes after the last
	 * one instead, at the first free version there, and so does every later one that requires a
	 * migration sent there: the order stays valid, and nobody renumbers by hand. */
	char **newver = xcalloc(n + 1, sizeof(char *));
	bool *tail = xcalloc(n + 1, sizeof(bool));    /* by position: goes after the last migration */
	bool *to_tail = xcalloc(n + 1, sizeof(bool)); /* by migration index */
	const char *prev = "0";
	for (size_t p = 0; p < n; p++) {
		size_t mi = order[p];
		bool needs_tail = false;
		for (size_t r = 0; r < oa->mi[mi].req.n && !needs_tail; r++)
			needs_tail = to_tail[oa->mi[mi].req.items[r]];
		if (!needs_tail && kept[p]) {
			prev = set->items[mi].version;
			continue;
		}
		if (!needs_tail) {
			const char *next = NULL;
			for (size_t q = p + 1; q < n && !next; q++)
				if (kept[q])
					next = set->items[order[q]].version;
			newver[p] = order_version_between(set->format, prev, next);
			if (newver[p]) {
				prev = newver[p];
				continue;
			}
		}
		tail[p] = to_tail[mi] = true;
		kept[p] = false;
	}
	size_t ntail = 0;
	char *tv = NULL; /* the versions after the last migration, one after the other */
	for (size_t p = 0; p < n; p++) {
		if (!tail[p])
			continue;
		if (!tv) {
			tv = migration_next_version(set, set->format);
			for (size_t q = 0; q < n && tv; q++)
				while (tv && newver[q] && mig_version_cmp(set->format, newver[q], tv) >= 0) {
					char *nx = order_version_between(set->format, tv, NULL);
					free(tv);
					tv = nx;
				}
		} else {
			char *nx = order_version_between(set->format, tv, NULL);
			free(tv);
			tv = nx;
		}
		newver[p] = tv ? xstrdup(tv) : NULL;
		ntail++;
	}
	free(tv);
	size_t moves = 0;
	for (size_t p = 0; p < n; p++)
		moves += !kept[p];
	json_t *jorder = jo ? json_array() : NULL, *jren = jo ? json_array() : NULL;
	if (!moves) {
		if (out)
			sb_append(out, "the current order satisfies every requirement between migrations\n");
	} else if (out) {
		sb_appendf(out, "suggested order (%zu move%s%s):\n", moves, moves == 1 ? "" : "s",
		           ntail ? ", some after the last migration: no free version fits between" : "");
	}
	for (int pass = 0; pass < 2; pass++) /* in place, then those sent after the last migration */
		for (size_t p = 0; p < n; p++) {
			if (tail[p] != (pass == 1))
				continue;
			const Migration *m = &set->items[order[p]];
			if (moves && out)
				sb_appendf(out, "  %c %s%s\n", kept[p] ? ' ' : '*', m->up_path,
				           kept[p]   ? ""
				           : tail[p] ? "  (moved after the last migration)"
				                     : "  (moved)");
			if (jorder)
				json_array_append_new(jorder, json_string(m->up_path));
		}
	if (moves && out)
		sb_append(out, "renames:\n");
	for (size_t p = 0; p < n; p++) {
		if (kept[p])
			continue;
		const Migration *m = &set->items[order[p]];
		const char *after = NULL;
		if (tail[p]) { /* the previous one sent there, else the last migration */
			for (size_t q = p; q-- > 0 && !after;)
				if (tail[q])
					after = set->items[order[q]].up_path;
			if (!after)
				for (size_t q = n; q-- > 0 && !after;)
					if (!tail[q])
						after = set->items[order[q]].up_path;
		} else {
			for (size_t q = p; q-- > 0 && !after;)
				if (!tail[q])
					after = set->items[order[q]].up_path;
		}
		if (!newver[p]) {
			Diag *d =
			    diag_add(dl, SEV_WARNING, "order-no-version", m->up_path, 0, 0,
			             "no free version for \"%s\" after \"%s\" in this naming convention",
			             m->up_path, after ? after : "(start)");
			diag_set_hint(d, "renumber the migrations after it by hand");
			continue;
		}
		const char *paths[2] = {
		    m->up_path, m->down_path && strcmp(m->down_path, m->up_path) ? m->down_path : NULL};
		for (int w = 0; w < 2; w++) {
			if (!paths[w])
				continue;
			char *np = renamed_path(paths[w], m->version, newver[p]);
			if (!np)
				continue;
			if (out)
				sb_appendf(out, "  git mv %s %s\n", paths[w], np);
			if (jren) {
				json_t *r = json_object();
				json_object_set_new(r, "from", json_string(paths[w]));
				json_object_set_new(r, "to", json_string(np));
				json_object_set_new(r, "version", json_string(newver[p]));
				json_object_set_new(r, "after", after ? json_string(after) : json_null());
				json_array_append_new(jren, r);
			}
			free(np);
		}
	}
	free(tail);
	free(to_tail);
	for (size_t p = 0; p < n; p++)
		free(newver[p]);
	free(newver);
	free(lis_len);
	free(lis_prev);
	free(kept);
	if (jo) {
		json_object_set_new(jo, "moves", json_integer((json_int_t)moves));
		json_object_set_new(jo, "order", jorder);
		json_object_set_new(jo, "renames", jren);
	}
done:
	if (json)
		*json = jo;
	else if (jo)
		json_decref(jo);
	free(indeg);
	free(placed);
	free(order);
	return rc;
}
