/* preflight.c — relation-level pre-flight and baseline verification (see preflight.h). */
#include "strata.h"
#include "exec/plan.h"
#include "exec/preflight.h"
#include "db/quote.h"
#include "db/session.h"
#include "util/strbuf.h"

static void push_ref(RelRefs *out, RelAction act, const char *schema, const char *name, int location)
{
	if (!name || !*name)
		return;
	RelRef r = {act, xstrdup(schema ? schema : ""), xstrdup(name), location, -1, false};
	vec_push(out, r);
}

static void push_rv(RelRefs *out, RelAction act, const PgQuery__RangeVar *rv)
{
	if (rv)
		push_ref(out, act, rv->schemaname, rv->relname, rv->location);
}

static bool is_relation_kind(PgQuery__ObjectType t)
{
	return t == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || t == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
	       t == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || t == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ||
	       t == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW || t == PG_QUERY__OBJECT_TYPE__OBJECT_FOREIGN_TABLE;
}

void stmt_relation_refs(const PgQuery__Node *n, RelRefs *out)
{
	if (!n)
		return;
	switch (n->node_case) {
	case PG_QUERY__NODE__NODE_CREATE_STMT:
		push_rv(out, n->create_stmt->if_not_exists ? REL_CREATE_IF_MISSING : REL_CREATE,
			n->create_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT:
		if (n->create_table_as_stmt->into)
			push_rv(out, n->create_table_as_stmt->if_not_exists ? REL_CREATE_IF_MISSING : REL_CREATE,
				n->create_table_as_stmt->into->rel);
		break;
	case PG_QUERY__NODE__NODE_VIEW_STMT:
		push_rv(out, n->view_stmt->replace ? REL_CREATE_IF_MISSING : REL_CREATE, n->view_stmt->view);
		break;
	case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT:
		push_rv(out, n->create_seq_stmt->if_not_exists ? REL_CREATE_IF_MISSING : REL_CREATE,
			n->create_seq_stmt->sequence);
		break;
	case PG_QUERY__NODE__NODE_INDEX_STMT: {
		const PgQuery__IndexStmt *s = n->index_stmt;
		push_rv(out, REL_REQUIRE, s->relation);
		if (s->idxname && *s->idxname && s->relation) { /* an index lives in its table's schema */
			size_t table = out->n - 1;
			push_ref(out, s->if_not_exists ? REL_CREATE_IF_MISSING : REL_CREATE, s->relation->schemaname,
				 s->idxname, s->relation->location);
			out->items[out->n - 1].owner = (int)table;
		}
		break;
	}
	case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT:
		if (!n->alter_table_stmt->missing_ok)
			push_rv(out, REL_REQUIRE, n->alter_table_stmt->relation);
		break;
	case PG_QUERY__NODE__NODE_DROP_STMT: {
		const PgQuery__DropStmt *s = n->drop_stmt;
		if (!is_relation_kind(s->remove_type))
			break;
		for (size_t i = 0; i < s->n_objects; i++) {
			const PgQuery__Node *o = s->objects[i];
			if (o->node_case != PG_QUERY__NODE__NODE_LIST)
				continue;
			const PgQuery__List *l = o->list;
			const char *parts[3] = {NULL, NULL, NULL};
			size_t np = 0;
			for (size_t k = 0; k < l->n_items && np < 3; k++)
				if (l->items[k]->node_case == PG_QUERY__NODE__NODE_STRING)
					parts[np++] = l->items[k]->string->sval;
			if (np == 0)
				continue;
			const char *schema = np >= 2 ? parts[np - 2] : "";
			push_ref(out, s->missing_ok ? REL_DROP_IF_EXISTS : REL_DROP, schema, parts[np - 1], -1);
		}
		break;
	}
	case PG_QUERY__NODE__NODE_RENAME_STMT: {
		const PgQuery__RenameStmt *s = n->rename_stmt;
		if (!s->relation || !is_relation_kind(s->rename_type) || s->missing_ok)
			break;
		push_rv(out, REL_REQUIRE, s->relation);
		push_rv(out, REL_DROP_IF_EXISTS, s->relation);
		out->items[out->n - 1].renamed = true;
		push_ref(out, REL_RENAME_TO, s->relation->schemaname, s->newname, s->relation->location);
		break;
	}
	default:
		break;
	}
}

void rel_refs_free(RelRefs *r)
{
	vec_foreach(r, it)
	{
		free(it->schema);
		free(it->name);
	}
	vec_free(r);
}

/* One reference, with where it was written and what decided its state. */
typedef struct Ref {
	RelRef r;
	char *key;        /* "schema.name" with the unqualified schema resolved to current_schema() */
	char *owner_key;  /* an index: its table's key; else NULL */
	const Migration *m;
	const char *file, *text;
	int line, col;
	size_t stmt_off;
} Ref;

typedef VEC(Ref) Refs;

typedef struct Names {
	VEC(char *) keys; /* distinct keys asked of the server */
	bool *exists;
} Names;

static int find_key(char **keys, size_t n, const char *k)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(keys[i], k))
			return (int)i;
	return -1;
}

/* Collect the references of migration M (up text) into OUT. Parse errors are ignored here: `check`
 * reports them and the executor refuses the migration before it runs. */
static void collect(const Migration *m, const char *cur_schema, size_t skip, Refs *out)
{
	DiagList quiet = DIAGLIST_INIT;
	MigPlan p;
	if (mig_plan_init(&p, m, false, &quiet) != 0) {
		diag_list_release(&quiet);
		return;
	}
	diag_list_release(&quiet);
	for (size_t i = 0; i < p.n; i++) {
		if (i < skip || (skip && i == skip && p.stmts[i].no_tx))
			continue;
		RelRefs rr = {0};
		stmt_relation_refs(p.stmts[i].node, &rr);
		for (size_t k = 0; k < rr.n; k++) {
			Ref r = {0};
			r.r = rr.items[k];
			r.key = xasprintf("%s.%s", *r.r.schema ? r.r.schema : cur_schema, r.r.name);
			if (r.r.owner >= 0) {
				const RelRef *o = &rr.items[r.r.owner];
				r.owner_key = xasprintf("%s.%s", *o->schema ? o->schema : cur_schema, o->name);
			}
			r.m = m;
			r.file = p.file;
			r.text = p.text;
			r.stmt_off = p.stmts[i].offset;
			if (r.r.location >= 0)
				sql_offset_to_linecol(p.text, (size_t)r.r.location, &r.line, &r.col);
			else {
				r.line = p.stmts[i].line;
				r.col = p.stmts[i].col;
			}
			vec_push(out, r);
		}
		free(rr.items); /* strings moved into out */
	}
	mig_plan_free(&p);
}

static void refs_free(Refs *r)
{
	vec_foreach(r, it)
	{
		free(it->r.schema);
		free(it->r.name);
		free(it->key);
		free(it->owner_key);
	}
	vec_free(r);
}

static int current_schema(PGconn *conn, char **out, DiagList *dl)
{
	PGresult *r = db_query(conn, "SELECT coalesce(current_schema(), 'public')", 0, NULL,
			       "reading the search path", dl);
	if (!r)
		return -1;
	*out = xstrdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

/* Ask the server, in one query, which of the keys exist (to_regclass over "schema"."name"). */
static int ask_server(PGconn *conn, const Refs *refs, Names *names, DiagList *dl)
{
	for (size_t i = 0; i < refs->n; i++)
		if (find_key(names->keys.items, names->keys.n, refs->items[i].key) < 0)
			vec_push(&names->keys, refs->items[i].key);
	names->exists = xcalloc(names->keys.n + 1, sizeof(bool));
	if (!names->keys.n)
		return 0;
	StrBuf arg = STRBUF_INIT;
	for (size_t i = 0; i < names->keys.n; i++) {
		const char *k = names->keys.items[i];
		const char *dot = strchr(k, '.'); /* schema names with a '.' are not supported here */
		char *schema = xstrndup(k, (size_t)(dot - k));
		if (i)
			sb_putc(&arg, '\x01');
		sql_quote_qualified(&arg, schema, dot + 1);
		free(schema);
	}
	const char *params[1] = {sb_str(&arg)};
	PGresult *r = db_query(conn,
			       "SELECT to_regclass(k) IS NOT NULL FROM unnest(string_to_array($1, chr(1))) "
			       "WITH ORDINALITY AS t(k, i) ORDER BY i",
			       1, params, "checking which relations exist", dl);
	sb_release(&arg);
	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r) && (size_t)i < names->keys.n; i++)
		names->exists[i] = PQgetvalue(r, i, 0)[0] == 't';
	PQclear(r);
	return 0;
}

static bool creates(RelAction a)
{
	return a == REL_CREATE || a == REL_CREATE_IF_MISSING || a == REL_RENAME_TO;
}

/* The applied migration whose statement last created KEY, or NULL. */
static const Ref *creator_in(const Refs *applied, const char *key)
{
	const Ref *found = NULL;
	for (size_t i = 0; i < applied->n; i++)
		if (creates(applied->items[i].r.act) && !strcmp(applied->items[i].key, key))
			found = &applied->items[i];
	return found;
}

static Diag *ref_error(DiagList *dl, const Ref *r, const char *fmt, const char *a)
{
	Diag *d = diag_add(dl, SEV_ERROR, "drift", r->file, r->line, r->col, fmt, a);
	size_t off = r->r.location >= 0 ? (size_t)r->r.location : r->stmt_off;
	sql_attach_source_line(d, r->text, off);
	return d;
}

/* KEY is dropped at pending reference UPTO: it and the indexes created on it (by an applied migration or an
 * earlier pending statement) are absent afterwards. */
static void drop_key(const Refs *app, const Refs *pend, size_t upto, const Names *names, int *state,
		     const char *key)
{
	int ki = find_key(names->keys.items, names->keys.n, key);
	if (ki >= 0)
		state[ki] = 0;
	for (int pass = 0; pass < 2; pass++) {
		const Refs *rs = pass ? pend : app;
		size_t n = pass ? upto : rs->n;
		for (size_t j = 0; j < n; j++) {
			const Ref *x = &rs->items[j];
			int xi;
			if (x->owner_key && !strcmp(x->owner_key, key) &&
			    (xi = find_key(names->keys.items, names->keys.n, x->key)) >= 0)
				state[xi] = 0;
		}
	}
}

int preflight_check(PGconn *conn, const MigrationSet *set, const bool *applied, const size_t *pending,
		    const size_t *done, size_t n_pending, DiagList *dl)
{
	char *cur = NULL;
	if (current_schema(conn, &cur, dl) != 0)
		return -1;
	Refs app = {0}, pend = {0};
	for (size_t i = 0; i < set->n; i++)
		if (applied[i])
			collect(&set->items[i], cur, 0, &app);
	for (size_t k = 0; k < n_pending; k++)
		collect(&set->items[pending[k]], cur, done ? done[k] : 0, &pend);
	Names names = {0};
	int rc = ask_server(conn, &pend, &names, dl);
	if (rc == 0) {
		/* simulate: state of each key, starting from what the server says */
		int *state = xcalloc(names.keys.n + 1, sizeof(int)); /* 1 exists, 0 absent */
		for (size_t i = 0; i < names.keys.n; i++)
			state[i] = names.exists[i];
		for (size_t i = 0; i < pend.n; i++) {
			const Ref *r = &pend.items[i];
			int ki = find_key(names.keys.items, names.keys.n, r->key);
			bool decided_by_plan = false; /* did an earlier pending statement touch it? */
			for (size_t j = 0; j < i; j++)
				decided_by_plan |= !strcmp(pend.items[j].key, r->key);
			char *label = mig_label(r->m);
			const Ref *cr = creator_in(&app, r->key);
			char *crlabel = cr ? mig_label(cr->m) : NULL;
			switch (r->r.act) {
			case REL_CREATE:
				if (state[ki]) {
					Diag *d = ref_error(dl, r, "relation \"%s\" already exists in the database",
							    r->key);
					if (decided_by_plan)
						diag_set_detail(d, "an earlier pending migration creates it too");
					else if (cr)
						diag_set_detail(d, "applied migration \"%s\" created it (%s:%d:%d)", crlabel,
								cr->file, cr->line, cr->col);
					else
						diag_set_detail(d, "no applied migration created it: it was made outside "
								   "the migrations (drift)");
					diag_set_hint(d, "nothing was applied; reconcile the database with the "
							 "history, or baseline");
					rc = 1;
				}
				state[ki] = 1;
				break;
			case REL_CREATE_IF_MISSING:
			case REL_RENAME_TO:
				state[ki] = 1;
				break;
			case REL_REQUIRE:
			case REL_DROP:
				if (!state[ki]) {
					Diag *d = ref_error(dl, r, "relation \"%s\" does not exist in the database",
							    r->key);
					if (decided_by_plan)
						diag_set_detail(d, "an earlier pending statement drops or renames it");
					else if (cr)
						diag_set_detail(d,
								"history says \"%s\" was applied (it creates \"%s\" at "
								"%s:%d:%d) but relation \"%s\" is not in the database",
								crlabel, r->key, cr->file, cr->line, cr->col, r->key);
					else
						diag_set_detail(d, "no applied or pending migration before \"%s\" creates it",
								label);
					diag_set_hint(d, "nothing was applied; restore the relation or repair the "
							 "history");
					rc = 1;
				}
				if (r->r.act == REL_DROP)
					drop_key(&app, &pend, i, &names, state, r->key);
				break;
			case REL_DROP_IF_EXISTS:
				if (r->r.renamed)
					state[ki] = 0;
				else
					drop_key(&app, &pend, i, &names, state, r->key);
				break;
			}
			free(label);
			free(crlabel);
		}
		free(state);
	}
	free(names.keys.items);
	free(names.exists);
	refs_free(&app);
	refs_free(&pend);
	free(cur);
	return rc;
}

int baseline_verify(PGconn *conn, const MigrationSet *set, size_t upto, DiagList *dl)
{
	char *cur = NULL;
	if (current_schema(conn, &cur, dl) != 0)
		return -1;
	Refs all = {0};
	for (size_t i = 0; i <= upto && i < set->n; i++)
		collect(&set->items[i], cur, 0, &all);
	/* what the migrations leave existing: the last action on each key decides */
	Refs last = {0};
	for (size_t i = 0; i < all.n; i++) {
		const Ref *r = &all.items[i];
		if (r->r.act == REL_REQUIRE)
			continue;
		bool later = false;
		for (size_t j = i + 1; j < all.n; j++)
			later |= all.items[j].r.act != REL_REQUIRE && !strcmp(all.items[j].key, r->key);
		if (!later && creates(r->r.act))
			vec_push(&last, *r);
	}
	Names names = {0};
	int rc = ask_server(conn, &last, &names, dl);
	if (rc == 0)
		for (size_t i = 0; i < last.n; i++) {
			const Ref *r = &last.items[i];
			int ki = find_key(names.keys.items, names.keys.n, r->key);
			if (ki >= 0 && !names.exists[ki]) {
				char *label = mig_label(r->m);
				Diag *d = ref_error(dl, r, "relation \"%s\" is not in the database", r->key);
				diag_set_detail(d, "migration \"%s\" creates it, so the database is not at this version",
						label);
				free(label);
				rc = 1;
			}
		}
	if (rc == 1)
		diag_set_hint(&dl->items[dl->n - 1], "nothing was recorded; baseline at the version the database "
						     "really has, or pass --no-verify");
	free(names.keys.items);
	free(names.exists);
	free(last.items); /* borrowed from all */
	refs_free(&all);
	free(cur);
	return rc;
}
