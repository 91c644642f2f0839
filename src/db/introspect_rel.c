/* introspect_rel.c — the relation kinds of introspection (see introspect.h): tables, columns, views and
 * materialized views, indexes, constraints, triggers, policies; one query each for the whole database. */
#include "strata.h"
#include "db/introspect_int.h"
#include "catalog/normalize.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* Relation filter: namespace conditions, not an extension member. */
#define NOT_EXT_REL(alias)                                                                              \
	" NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = 'pg_class'::regclass AND xd.objid " \
	"= " alias ".oid AND xd.deptype = 'e')"

/* SQL: (oid, cols) of every constraint, cols the JSON array of the names of attribute numbers ARR of
 * relation REL (conkey of conrelid, confkey of confrelid) in array order; no row when none. One grouped
 * join for all constraints instead of a subquery per constraint (0.4 s for 10,000 tables). The attributes
 * are looked up by index (OFFSET 0 keeps the lateral subquery from being flattened): with a plain join the
 * planner, misled by unnest()'s estimate, hashes all of pg_attribute. */
#define CON_COLS(rel, arr)                                                                                  \
	"SELECT k.oid, json_agg(a.attname ORDER BY k.o) AS cols FROM (SELECT x.oid, x." rel                 \
	" AS rel, u.n, u.o\n"                                                                               \
	"  FROM pg_constraint x, unnest(x." arr ") WITH ORDINALITY u(n, o)) k\n"                            \
	"  JOIN LATERAL (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = k.rel AND a.attnum = k.n " \
	"OFFSET 0) a\n"                                                                                     \
	"  ON true GROUP BY k.oid"

enum { RQ_TABLES, RQ_VIEWS, RQ_COLUMNS, RQ_INDEXES, RQ_CONSTRAINTS, RQ_TRIGGERS, RQ_POLICIES, RQ__COUNT };

/* ---- tables and views --------------------------------------------------------------------------- */

static void row_table(Intro *in, PGresult *r, int i)
{
	CatTable *t =
	    (CatTable *)catalog_add(in->cat, OBJ_TABLE, ires_str(r, i, 1), ires_str(r, i, 2), NULL, NULL);
	irel_put(in, ires_str(r, i, 0), &t->h);
	t->relkind = (RelKind)ires_str(r, i, 3)[0];
	t->unlogged = ires_str(r, i, 4)[0] == 'u';
	t->rls_enabled = ires_bool(r, i, 5);
	t->rls_forced = ires_bool(r, i, 6);
	const char *bound = ires_str(r, i, 7);
	t->partition_bound = bound ? istr(in, bound) : NULL;
	t->partition_key = istr(in, ires_str(r, i, 8));
	/* parents (col 10) are linked in introspect_rel_post */
	t->h.comment = icomment(in, ires_str(r, i, 11));
}

static void row_view(Intro *in, PGresult *r, int i)
{
	bool mat = ires_str(r, i, 3)[0] == 'm';
	CatView *v = (CatView *)catalog_add(in->cat, mat ? OBJ_MATVIEW : OBJ_VIEW, ires_str(r, i, 1),
	                                    ires_str(r, i, 2), NULL, NULL);
	irel_put(in, ires_str(r, i, 0), &v->h);
	const char *def = ires_str(r, i, 4);
	if (def) {
		size_t l = strlen(def);
		while (l && (def[l - 1] == ';' || def[l - 1] == ' ' || def[l - 1] == '\n'))
			l--;
		char *d = arena_strndup(in->a, def, l);
		const char *nq = view_query_normalize_sql(in->a, d);
		v->definition = nq ? nq : d;
	}
	json_t *j = ires_json(r, i, 5);
	v->columns = ijson_strs(in, j, &v->ncolumns);
	json_decref(j);
	v->check_option = istr(in, ires_str(r, i, 6));
	v->with_data = mat ? ires_bool(r, i, 7) : false;
	v->h.comment = icomment(in, ires_str(r, i, 9));
}

static void row_column(Intro *in, PGresult *r, int i)
{
	CatObject *o = irel_get(in, ires_str(r, i, 0));
	if (!o || o->kind != OBJ_TABLE)
		return;
	CatTable *t = (CatTable *)o;
	const char *type = itype(in, ires_str(r, i, 2), ires_str(r, i, 3));
	CatColumn *c = table_add_column(in->cat, t, ires_str(r, i, 1), type);
	c->not_null = ires_bool(r, i, 4);
	const char *ident = ires_str(r, i, 6), *gen = ires_str(r, i, 7);
	c->identity = ident && *ident ? (IdentityKind)ident[0] : IDENT_NONE;
	const char *def = ires_str(r, i, 5);
	if (gen && *gen)
		c->generated = iexpr(in, def, type);
	else if (c->identity == IDENT_NONE)
		c->default_expr = iexpr(in, def, type);
	c->collation = istr(in, ires_str(r, i, 8));
	c->is_local = ires_bool(r, i, 9);
	c->inhcount = (int)ires_ll(r, i, 10);
	c->comment = icomment(in, ires_str(r, i, 11));
	/* default → sequence (nextval) */
	json_t *j = ires_json(r, i, 12);
	for (size_t k = 0; j && json_is_array(j) && k < json_array_size(j); k++) {
		CatObject *s = irel_get(in, json_string_value(json_array_get(j, k)));
		if (s && s->kind == OBJ_SEQUENCE)
			catalog_add_dep(in->cat, &t->h, s, c->name, DEP_NORMAL);
	}
	json_decref(j);
}

/* ---- indexes and constraints -------------------------------------------------------------------- */

/* What an index needs from its pg_get_indexdef() text: per key parameter, the normalized expression (NULL
 * for a column key, or when it did not deparse) and the COLLATE name (NULL when none); the normalized
 * predicate. One parse of the definition gives them all: asking the server for pg_get_indexdef(oid, k) and
 * pg_get_expr(indpred) as well cost two more deparses per index, a third of the index query's time. Their
 * texts print the same expressions (same deparse, same flags), which parse to the same trees. */
typedef struct IdxDefParts {
	bool parsed; /* one CREATE INDEX statement */
	size_t nparams;
	const char **exprs;
	const char **colls;
	bool has_pred;
	const char *pred; /* NULL with has_pred: did not deparse */
} IdxDefParts;

/* The text of DEF from the first " USING " outside double quotes on: what follows the names of the index
 * and of the table (identifiers, quoted or not, hold no unquoted space), or NULL. */
static const char *indexdef_tail(const char *def)
{
	bool quoted = false;
	for (const char *p = def; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && !strncmp(p, " USING ", 7))
			return p;
	}
	return NULL;
}

/* Normalized text of node E, NULL when it does not deparse (expr_normalize() says "?"). */
static const char *inode(Intro *in, const PgQuery__Node *e)
{
	const char *t = e ? expr_normalize(in->a, e, NULL) : NULL;
	return t && strcmp(t, "?") ? t : NULL;
}

/* The parts of index definition DEF (arena, cached: they do not depend on the names, and most indexes of a
 * schema share their tail, e.g. "USING btree (lower(name)) WHERE ..."). Never NULL. */
static const IdxDefParts *indexdef_parts(Intro *in, const char *def)
{
	const char *tail = indexdef_tail(def);
	const char *key = tail ? tail : def;
	IdxDefParts *dp = hmap_get(&in->idxdef_cache, key);
	if (dp)
		return dp;
	dp = arena_new(in->a, IdxDefParts);
	hmap_put(&in->idxdef_cache, arena_strdup(in->a, key), dp);
	char *sql = tail ? xasprintf("CREATE INDEX i ON t%s", tail) : xstrdup(def);
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(sql);
	free(sql);
	PgQuery__ParseResult *res = NULL;
	if (!pr.error)
		res = pg_query__parse_result__unpack(NULL, pr.parse_tree.len,
		                                     (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	if (!res)
		return dp;
	if (res->n_stmts == 1 && res->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_INDEX_STMT) {
		PgQuery__IndexStmt *is = res->stmts[0]->stmt->index_stmt;
		dp->parsed = true;
		dp->nparams = is->n_index_params;
		dp->exprs = arena_array(in->a, const char *, dp->nparams + 1);
		dp->colls = arena_array(in->a, const char *, dp->nparams + 1);
		for (size_t k = 0; k < is->n_index_params; k++) {
			PgQuery__Node *p = is->index_params[k];
			if (p->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
				continue;
			PgQuery__IndexElem *ie = p->index_elem;
			dp->exprs[k] = inode(in, ie->expr);
			if (ie->n_collation) {
				PgQuery__Node *last = ie->collation[ie->n_collation - 1];
				if (last->node_case == PG_QUERY__NODE__NODE_STRING)
					dp->colls[k] = istr(in, last->string->sval);
			}
		}
		dp->has_pred = is->where_clause != NULL;
		dp->pred = inode(in, is->where_clause);
	}
	pg_query__parse_result__free_unpacked(res, NULL);
	return dp;
}

/* Rare path, when the definition does not parse or deparse here (syntax of a newer server): the text of
 * key K (1-based) of index OID, or of its predicate (K = 0), asked of the server; NULL when that fails. */
static const char *index_part_from_server(Intro *in, const char *oid, int k)
{
	char kbuf[16];
	snprintf(kbuf, sizeof(kbuf), "%d", k);
	const char *params[2] = {oid, kbuf};
	PGresult *r =
	    PQexecParams(in->conn,
	                 k ? "SELECT pg_get_indexdef($1::oid, $2::int, false)"
	                   : "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = $1::oid",
	                 k ? 2 : 1, NULL, params, NULL, NULL, 0);
	const char *res = NULL;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		res = iexpr(in, ires_str(r, 0, 0), NULL);
	PQclear(r);
	return res;
}

static void row_index(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 1));
	if (!owner || (owner->kind != OBJ_TABLE && owner->kind != OBJ_MATVIEW))
		return;
	CatIndex *x =
	    (CatIndex *)catalog_add(in->cat, OBJ_INDEX, ires_str(r, i, 2), ires_str(r, i, 3), owner, NULL);
	irel_put(in, ires_str(r, i, 0), &x->h);
	x->method = istr(in, ires_str(r, i, 4));
	x->unique = ires_bool(r, i, 5);
	x->nulls_not_distinct = ires_bool(r, i, 6);
	size_t nkey = (size_t)ires_ll(r, i, 7);
	json_t *j = ires_json(r, i, 8);       /* [[attnum, colname, null, collation, opclass, option], ...] */
	const char *def = ires_str(r, i, 11); /* with an expression key or a predicate */
	const IdxDefParts *dp = def ? indexdef_parts(in, def) : NULL;
	size_t n = j && json_is_array(j) ? json_array_size(j) : 0;
	if (nkey > n)
		nkey = n;
	x->nkeys = nkey;
	x->keys = arena_array(in->a, CatIndexElem, nkey + 1);
	x->ninclude = n - nkey;
	x->include = arena_array(in->a, const char *, x->ninclude + 1);
	for (size_t k = 0; k < n; k++) {
		json_t *e = json_array_get(j, k);
		const char *col = json_string_value(json_array_get(e, 1));
		if (k >= nkey) {
			x->include[k - nkey] = istr(in, col);
			continue;
		}
		CatIndexElem *ke = &x->keys[k];
		ke->column = istr(in, col);
		ke->collation = istr(in, json_string_value(json_array_get(e, 3)));
		if (!col) {
			/* the query gives expression keys no collation: pg_get_indexdef() writes COLLATE only
			 * where it differs from the expression's own, which the catalog cannot compute */
			if (dp && dp->parsed && k < dp->nparams) {
				ke->expr = dp->exprs[k];
				ke->collation = dp->colls[k];
			}
			if (!ke->expr)
				ke->expr = index_part_from_server(in, ires_str(r, i, 0), (int)k + 1);
		}
		ke->opclass = istr(in, json_string_value(json_array_get(e, 4)));
		json_int_t opt = json_integer_value(json_array_get(e, 5));
		ke->desc = (opt & 1) != 0;
		bool nulls_first = (opt & 2) != 0;
		/* the default is NULLS LAST for ASC and NULLS FIRST for DESC */
		ke->nulls = nulls_first == ke->desc ? NULLS_DEFAULT : nulls_first ? NULLS_FIRST : NULLS_LAST;
	}
	json_decref(j);
	if (ires_bool(r, i, 9)) {
		x->predicate = dp && dp->parsed && dp->has_pred ? dp->pred : NULL;
		if (!x->predicate)
			x->predicate = index_part_from_server(in, ires_str(r, i, 0), 0);
	}
	x->h.comment = icomment(in, ires_str(r, i, 10));
}

static void row_constraint(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 1));
	if (!owner || owner->kind != OBJ_TABLE)
		return;
	CatConstraint *c = (CatConstraint *)catalog_add(in->cat, OBJ_CONSTRAINT, owner->schema,
	                                                ires_str(r, i, 2), owner, NULL);
	c->contype = (ConType)ires_str(r, i, 3)[0];
	json_t *j = ires_json(r, i, 4);
	c->columns = ijson_strs(in, j, &c->ncolumns);
	json_decref(j);
	if (c->contype == CON_CHECK) {
		c->columns = NULL;
		c->ncolumns = 0;
	}
	if (c->contype == CON_FOREIGN) {
		CatObject *ref = irel_get(in, ires_str(r, i, 5));
		if (ref && ref->kind == OBJ_TABLE) {
			c->ref_table = (CatTable *)ref;
			catalog_add_dep(in->cat, &c->h, ref, NULL, DEP_NORMAL);
		}
		j = ires_json(r, i, 6);
		c->ref_columns = ijson_strs(in, j, &c->nref_columns);
		json_decref(j);
		c->on_update = (FkAction)ires_str(r, i, 7)[0];
		c->on_delete = (FkAction)ires_str(r, i, 8)[0];
		c->match = (FkMatch)ires_str(r, i, 9)[0];
	}
	c->deferrable = ires_bool(r, i, 10);
	c->initially_deferred = ires_bool(r, i, 11);
	c->not_valid = !ires_bool(r, i, 12);
	/* PostgreSQL sets connoinherit on every PRIMARY KEY/UNIQUE/... of a plain table; only CHECK ... NO
	 * INHERIT is something a migration writes */
	c->no_inherit = c->contype == CON_CHECK && ires_bool(r, i, 13);
	const char *def = ires_str(r, i, 14);
	if (c->contype == CON_CHECK)
		c->check_expr = iexpr(in, ires_str(r, i, 15), NULL);
	if (c->contype == CON_EXCLUSION && def) {
		const char *p = !strncmp(def, "EXCLUDE ", 8) ? def + 8 : def;
		c->exclusion = istr(in, p);
	}
	/* the query sends the definition of a PRIMARY KEY/UNIQUE only when its index is NULLS NOT DISTINCT */
	c->nulls_not_distinct = def && strstr(def, "NULLS NOT DISTINCT") != NULL &&
	                        (c->contype == CON_UNIQUE || c->contype == CON_PRIMARY);
	CatObject *ix = irel_get(in, ires_str(r, i, 16));
	if (ix && ix->kind == OBJ_INDEX && c->contype != CON_FOREIGN) {
		c->index = (CatIndex *)ix;
		c->index->constraint = c;
		catalog_add_dep(in->cat, ix, &c->h, NULL, DEP_INTERNAL);
	}
	c->h.comment = icomment(in, ires_str(r, i, 17));
}

/* ---- triggers, policies ------------------------------------------------------------------------- */

/* Split bytea "escape" text of tgargs (NUL-separated, each argument NUL-terminated) into N strings. */
static const char **trigger_args(Intro *in, const char *esc, size_t n)
{
	const char **args = arena_array(in->a, const char *, n + 1);
	if (!esc)
		return args;
	StrBuf cur = STRBUF_INIT;
	size_t k = 0;
	for (const char *p = esc; *p && k < n;) {
		int byte;
		if (p[0] == '\\' && p[1] == '\\') {
			byte = '\\';
			p += 2;
		} else if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] && p[3]) {
			byte = (p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0');
			p += 4;
		} else {
			byte = (unsigned char)*p++;
		}
		if (byte == 0) {
			args[k++] = istr(in, sb_str(&cur));
			sb_reset(&cur);
		} else {
			sb_putc(&cur, (char)byte);
		}
	}
	while (k < n)
		args[k++] = istr(in, "");
	sb_release(&cur);
	return args;
}

/* The WHEN condition inside pg_get_triggerdef() text, or NULL. */
static const char *trigger_when(Intro *in, const char *def)
{
	if (!def)
		return NULL;
	const char *w = strstr(def, " WHEN (");
	if (!w)
		return NULL;
	w += 7;
	const char *e = NULL;
	for (const char *p = w; (p = strstr(p, ") EXECUTE ")) != NULL; p++)
		e = p;
	if (!e || e < w)
		return NULL;
	char *inner = xstrndup(w, (size_t)(e - w));
	const char *res = iexpr(in, inner, NULL);
	free(inner);
	return res;
}

static void row_trigger(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 0));
	if (!owner || (owner->kind != OBJ_TABLE && owner->kind != OBJ_VIEW))
		return;
	CatTrigger *t =
	    (CatTrigger *)catalog_add(in->cat, OBJ_TRIGGER, owner->schema, ires_str(r, i, 1), owner, NULL);
	long long tg = ires_ll(r, i, 2);
	t->for_each_row = (tg & 1) != 0;
	t->timing = (tg & 2) ? TRIG_BEFORE : (tg & 64) ? TRIG_INSTEAD : TRIG_AFTER;
	t->events = (int)((tg >> 2) & 0xF);
	t->enabled = ires_str(r, i, 3)[0];
	CatFunction *f = hmap_get(&in->fn_by_oid, ires_str(r, i, 4));
	if (f) {
		t->function = f->h.identity;
		catalog_add_dep(in->cat, &t->h, &f->h, NULL, DEP_NORMAL);
	} else {
		t->function = cat_ident_function(in->cat, ires_str(r, i, 5), ires_str(r, i, 6), NULL, 0);
	}
	t->nargs = (size_t)ires_ll(r, i, 8);
	t->args = trigger_args(in, ires_str(r, i, 7), t->nargs);
	json_t *j = ires_json(r, i, 9);
	t->update_columns = ijson_strs(in, j, &t->nupdate_columns);
	json_decref(j);
	t->when_expr = trigger_when(in, ires_str(r, i, 10));
	t->is_constraint = ires_bool(r, i, 11);
	t->deferrable = ires_bool(r, i, 12);
	t->initially_deferred = ires_bool(r, i, 13);
	t->h.comment = icomment(in, ires_str(r, i, 14));
}

static void row_policy(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 0));
	if (!owner || owner->kind != OBJ_TABLE)
		return;
	CatPolicy *p =
	    (CatPolicy *)catalog_add(in->cat, OBJ_POLICY, owner->schema, ires_str(r, i, 1), owner, NULL);
	p->permissive = ires_bool(r, i, 2);
	switch (ires_str(r, i, 3)[0]) {
	case 'r':
		p->command = "select";
		break;
	case 'a':
		p->command = "insert";
		break;
	case 'w':
		p->command = "update";
		break;
	case 'd':
		p->command = "delete";
		break;
	default:
		p->command = "all";
		break;
	}
	json_t *j = ires_json(r, i, 4);
	p->roles = ijson_strs(in, j, &p->nroles);
	json_decref(j);
	p->using_expr = iexpr(in, ires_str(r, i, 5), NULL);
	p->with_check_expr = iexpr(in, ires_str(r, i, 6), NULL);
	p->h.comment = icomment(in, ires_str(r, i, 7));
}

/* ---- queries ------------------------------------------------------------------------------------ */

size_t introspect_rel_queries(Intro *in, StrBuf *sb, IntroRowFn *fns, size_t max)
{
	if (max < RQ__COUNT)
		return 0;
	const char *f = in->nspfilter;
	bool pg13 = in->server_version >= 130000, pg15 = in->server_version >= 150000;

	sb_appendf(sb,
	           "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity,\n"
	           " c.relforcerowsecurity, pg_get_expr(c.relpartbound, c.oid),\n"
	           " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, c.relispartition,\n"
	           " (SELECT json_agg(ih.inhparent::text ORDER BY ih.inhseqno) FROM pg_inherits ih WHERE "
	           "ih.inhrelid = c.oid),\n"
	           " ds.description\n"
	           "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n" DESCR_JOIN(
	               "ds", "c.oid", "pg_class",
	               "0") "WHERE c.relkind IN ('r', 'p') AND %s AND" NOT_EXT_REL("c") " ORDER BY 2, 3;\n",
	           f);
	fns[RQ_TABLES] = row_table;

	sb_appendf(
	    sb,
	    "SELECT c.oid, n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid),\n"
	    " (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a\n"
	    "   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),\n"
	    " (SELECT substring(o FROM 14) FROM unnest(c.reloptions) o WHERE o LIKE 'check\\_option=%%'),\n"
	    " c.relispopulated,\n"
	    " (SELECT json_agg(DISTINCT d.refobjid::text) FROM pg_rewrite rw JOIN pg_depend d\n"
	    "   ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid AND d.refclassid = "
	    "'pg_class'::regclass\n"
	    "   AND d.refobjid <> c.oid WHERE rw.ev_class = c.oid),\n"
	    " ds.description\n"
	    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n" DESCR_JOIN(
	        "ds", "c.oid", "pg_class",
	        "0") "WHERE c.relkind IN ('v', 'm') AND %s AND" NOT_EXT_REL("c") " ORDER BY 2, 3;\n",
	    f);
	fns[RQ_VIEWS] = row_view;

	/* A default cannot refer to a column, so it is deparsed without the relation (pg_get_expr(.., 0)):
	 * with it, the server opens every table (a relcache build each on a fresh backend); generated columns
	 * do refer to columns and keep it. */
	sb_appendf(
	    sb,
	    "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), tn.nspname, a.attnotnull,\n"
	    " CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) ELSE "
	    "pg_get_expr(ad.adbin, 0) END,\n"
	    " a.attidentity, a.attgenerated,\n"
	    " (SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation AND a.attcollation <> "
	    "0\n"
	    "   AND a.attcollation <> t.typcollation),\n"
	    " a.attislocal, a.attinhcount, ds.description,\n"
	    " (SELECT json_agg(d.refobjid::text) FROM pg_depend d WHERE d.classid = 'pg_attrdef'::regclass\n"
	    "   AND d.objid = ad.oid AND d.refclassid = 'pg_class'::regclass)\n"
	    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace\n"
	    "JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace\n"
	    "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n" DESCR_JOIN(
	        "ds", "a.attrelid", "pg_class",
	        "a.attnum") "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND %s\n"
	                    "ORDER BY a.attrelid, a.attnum;\n",
	    f);
	fns[RQ_COLUMNS] = row_column;

	sb_appendf(
	    sb,
	    "SELECT i.indexrelid, i.indrelid, n.nspname, ic.relname, am.amname, i.indisunique, %s, "
	    "i.indnkeyatts,\n"
	    " kk.keys, i.indpred IS NOT NULL, ds.description,\n"
	    " CASE WHEN 0 = ANY(i.indkey::int2[]) OR i.indpred IS NOT NULL THEN "
	    "pg_get_indexdef(i.indexrelid) END\n"
	    "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = "
	    "ic.relnamespace\n"
	    "JOIN pg_am am ON am.oid = ic.relam\n" DESCR_JOIN(
	        "ds", "i.indexrelid", "pg_class",
	        "0") "LEFT JOIN (SELECT k.indexrelid, json_agg(json_build_array(k.a, ka.attname,\n"
	             "    NULL::text,\n"
	             "    CASE WHEN k.a > 0 AND co.oid <> 0 AND co.oid <> ka.attcollation THEN co.collname "
	             "END,\n"
	             "    CASE WHEN oc.opcdefault THEN NULL WHEN ocn.nspname = 'pg_catalog' THEN oc.opcname\n"
	             "      ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END,\n"
	             "    k.opt) ORDER BY k.o) AS keys\n"
	             "  FROM (SELECT i.indexrelid, i.indrelid, u.a, u.o, i.indcollation[u.o - 1] AS coll,\n"
	             "      i.indclass[u.o - 1] AS cls, COALESCE(i.indoption[u.o - 1], 0) AS opt\n"
	             "    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON "
	             "n.oid = ic.relnamespace,\n"
	             "    unnest(i.indkey::int2[]) WITH ORDINALITY u(a, o) WHERE %s) k\n"
	             "  LEFT JOIN LATERAL (SELECT ka.attname, ka.attcollation FROM pg_attribute ka\n"
	             "    WHERE ka.attrelid = k.indrelid AND ka.attnum = k.a AND k.a > 0 OFFSET 0) ka ON "
	             "true\n"
	             "  LEFT JOIN pg_collation co ON co.oid = k.coll\n"
	             "  LEFT JOIN pg_opclass oc ON oc.oid = k.cls LEFT JOIN pg_namespace ocn ON ocn.oid = "
	             "oc.opcnamespace\n"
	             "  GROUP BY k.indexrelid) kk ON kk.indexrelid = i.indexrelid\n"
	             "WHERE %s AND" NOT_EXT_REL("ic") " ORDER BY 2, 4;\n",
	    pg15 ? "i.indnullsnotdistinct" : "false", f, f);
	fns[RQ_INDEXES] = row_index;

	sb_appendf(
	    sb,
	    "SELECT con.oid, con.conrelid, con.conname, con.contype, ck.cols, con.confrelid, fk.cols,\n"
	    " con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred,\n"
	    " con.convalidated, con.connoinherit,\n"
	    " CASE WHEN con.contype = 'x' OR %s THEN pg_get_constraintdef(con.oid) END,\n"
	    " pg_get_expr(con.conbin, con.conrelid), con.conindid, ds.description\n"
	    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace\n" DESCR_JOIN(
	        "ds", "con.oid", "pg_constraint",
	        "0") "%s"
	             "LEFT JOIN (%s) ck ON ck.oid = con.oid LEFT JOIN (%s) fk ON fk.oid = con.oid\n"
	             "WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p') AND "
	             "con.conparentid = 0 AND %s\n"
	             "ORDER BY con.conrelid, con.conname;\n",
	    pg15 ? "(con.contype IN ('p', 'u') AND ci.indnullsnotdistinct)" : "false",
	    pg15 ? "LEFT JOIN pg_index ci ON ci.indexrelid = con.conindid\n" : "",
	    CON_COLS("conrelid", "conkey"), CON_COLS("confrelid", "confkey"), f);
	fns[RQ_CONSTRAINTS] = row_constraint;

	sb_appendf(
	    sb,
	    "SELECT t.tgrelid, t.tgname, t.tgtype, t.tgenabled, t.tgfoid, fn.nspname, p.proname,\n"
	    " encode(t.tgargs, 'escape'), t.tgnargs,\n"
	    " (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(t.tgattr::int2[]) WITH ORDINALITY k(n, "
	    "o)\n"
	    "   JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.n),\n"
	    " CASE WHEN t.tgqual IS NOT NULL THEN pg_get_triggerdef(t.oid) END,\n"
	    " t.tgconstraint <> 0, t.tgdeferrable, t.tginitdeferred, ds.description\n"
	    "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace\n"
	    "JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = p.pronamespace\n" DESCR_JOIN(
	        "ds", "t.oid", "pg_trigger",
	        "0") "WHERE NOT t.tgisinternal%s AND %s ORDER BY t.tgrelid, t.tgname;\n",
	    pg13 ? " AND t.tgparentid = 0" : "", f);
	fns[RQ_TRIGGERS] = row_trigger;

	sb_appendf(
	    sb,
	    "SELECT pol.polrelid, pol.polname, pol.polpermissive, pol.polcmd,\n"
	    " CASE WHEN pol.polroles = '{0}'::oid[] THEN '[\"public\"]'::json ELSE\n"
	    "  (SELECT json_agg(rl.rolname ORDER BY k.o) FROM unnest(pol.polroles) WITH ORDINALITY k(r, o)\n"
	    "   JOIN pg_roles rl ON rl.oid = k.r) END,\n"
	    " pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid),\n"
	    " ds.description\n"
	    "FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace\n" DESCR_JOIN("ds", "pol.oid", "pg_policy",
	                                  "0") "WHERE %s ORDER BY pol.polrelid, pol.polname;\n",
	    f);
	fns[RQ_POLICIES] = row_policy;
	return RQ__COUNT;
}

void introspect_rel_post(Intro *in, PGresult *const *res)
{
	PGresult *r = res[RQ_TABLES];
	for (int i = 0; i < PQntuples(r); i++) {
		CatTable *t = (CatTable *)irel_get(in, ires_str(r, i, 0));
		json_t *j = ires_json(r, i, 10);
		bool partition = ires_bool(r, i, 9);
		for (size_t k = 0; t && j && json_is_array(j) && k < json_array_size(j); k++) {
			CatObject *p = irel_get(in, json_string_value(json_array_get(j, k)));
			if (!p || p->kind != OBJ_TABLE)
				continue;
			if (partition && k == 0)
				t->partition_of = (CatTable *)p;
			else
				ptrlist_push(in->a, &t->inherits, p);
			catalog_add_dep(in->cat, &t->h, p, NULL, DEP_NORMAL);
		}
		json_decref(j);
	}
	r = res[RQ_VIEWS];
	for (int i = 0; i < PQntuples(r); i++) {
		CatObject *v = irel_get(in, ires_str(r, i, 0));
		json_t *j = ires_json(r, i, 8);
		for (size_t k = 0; v && j && json_is_array(j) && k < json_array_size(j); k++) {
			CatObject *p = irel_get(in, json_string_value(json_array_get(j, k)));
			if (p)
				catalog_add_dep(in->cat, v, p, NULL, DEP_NORMAL);
		}
		json_decref(j);
	}
}
