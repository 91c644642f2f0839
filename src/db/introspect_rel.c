/* introspect_rel.c — the relation kinds of introspection (see introspect.h): tables, columns, views and
 * materialized views, indexes, constraints, triggers, policies; one query each for the whole database. */
#include "strata.h"
#include "db/introspect_int.h"
#include "catalog/normalize.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* Relation filter: namespace conditions, not an extension member. */
#define NOT_EXT_REL(alias)                                                                                 \
	" NOT EXISTS (SELECT 1 FROM pg_depend xd WHERE xd.classid = 'pg_class'::regclass AND xd.objid = " alias \
	".oid AND xd.deptype = 'e')"

enum { RQ_TABLES, RQ_VIEWS, RQ_COLUMNS, RQ_INDEXES, RQ_CONSTRAINTS, RQ_TRIGGERS, RQ_POLICIES, RQ__COUNT };

/* ---- tables and views --------------------------------------------------------------------------- */

static void row_table(Intro *in, PGresult *r, int i)
{
	CatTable *t = (CatTable *)catalog_add(in->cat, OBJ_TABLE, ires_str(r, i, 1), ires_str(r, i, 2), NULL, NULL);
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

/* Collations of expression keys: pg_get_indexdef() (DEF) writes COLLATE only where it differs from the
 * expression's own collation, which the catalog cannot compute; read them back from the parsed text. */
static void expr_key_collations(Intro *in, CatIndex *x, const char *def)
{
	if (!def)
		return;
	PgQueryProtobufParseResult pr = pg_query_parse_protobuf(def);
	PgQuery__ParseResult *res = NULL;
	if (!pr.error)
		res = pg_query__parse_result__unpack(NULL, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
	pg_query_free_protobuf_parse_result(pr);
	if (!res)
		return;
	if (res->n_stmts == 1 && res->stmts[0]->stmt->node_case == PG_QUERY__NODE__NODE_INDEX_STMT) {
		PgQuery__IndexStmt *is = res->stmts[0]->stmt->index_stmt;
		for (size_t k = 0; k < is->n_index_params && k < x->nkeys; k++) {
			PgQuery__Node *p = is->index_params[k];
			if (!x->keys[k].expr || p->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM)
				continue;
			PgQuery__IndexElem *ie = p->index_elem;
			x->keys[k].collation = NULL;
			if (ie->n_collation) {
				PgQuery__Node *last = ie->collation[ie->n_collation - 1];
				if (last->node_case == PG_QUERY__NODE__NODE_STRING)
					x->keys[k].collation = istr(in, last->string->sval);
			}
		}
	}
	pg_query__parse_result__free_unpacked(res, NULL);
}

static void row_index(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 1));
	if (!owner || (owner->kind != OBJ_TABLE && owner->kind != OBJ_MATVIEW))
		return;
	CatIndex *x = (CatIndex *)catalog_add(in->cat, OBJ_INDEX, ires_str(r, i, 2), ires_str(r, i, 3), owner, NULL);
	irel_put(in, ires_str(r, i, 0), &x->h);
	x->method = istr(in, ires_str(r, i, 4));
	x->unique = ires_bool(r, i, 5);
	x->nulls_not_distinct = ires_bool(r, i, 6);
	size_t nkey = (size_t)ires_ll(r, i, 7);
	json_t *j = ires_json(r, i, 8); /* [[attnum, colname, expr, collation, opclass, option], ...] */
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
		if (!col)
			ke->expr = iexpr(in, json_string_value(json_array_get(e, 2)), NULL);
		ke->collation = istr(in, json_string_value(json_array_get(e, 3)));
		ke->opclass = istr(in, json_string_value(json_array_get(e, 4)));
		json_int_t opt = json_integer_value(json_array_get(e, 5));
		ke->desc = (opt & 1) != 0;
		bool nulls_first = (opt & 2) != 0;
		/* the default is NULLS LAST for ASC and NULLS FIRST for DESC */
		ke->nulls = nulls_first == ke->desc ? NULLS_DEFAULT : nulls_first ? NULLS_FIRST : NULLS_LAST;
	}
	json_decref(j);
	expr_key_collations(in, x, ires_str(r, i, 11));
	x->predicate = iexpr(in, ires_str(r, i, 9), NULL);
	x->h.comment = icomment(in, ires_str(r, i, 10));
}

static void row_constraint(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 1));
	if (!owner || owner->kind != OBJ_TABLE)
		return;
	CatConstraint *c = (CatConstraint *)catalog_add(in->cat, OBJ_CONSTRAINT, owner->schema, ires_str(r, i, 2),
							owner, NULL);
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
	CatTrigger *t = (CatTrigger *)catalog_add(in->cat, OBJ_TRIGGER, owner->schema, ires_str(r, i, 1), owner, NULL);
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
	CatPolicy *p = (CatPolicy *)catalog_add(in->cat, OBJ_POLICY, owner->schema, ires_str(r, i, 1), owner, NULL);
	p->permissive = ires_bool(r, i, 2);
	switch (ires_str(r, i, 3)[0]) {
	case 'r': p->command = "select"; break;
	case 'a': p->command = "insert"; break;
	case 'w': p->command = "update"; break;
	case 'd': p->command = "delete"; break;
	default: p->command = "all"; break;
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
		   " (SELECT json_agg(ih.inhparent::text ORDER BY ih.inhseqno) FROM pg_inherits ih WHERE ih.inhrelid = c.oid),\n"
		   " obj_description(c.oid, 'pg_class')\n"
		   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
		   "WHERE c.relkind IN ('r', 'p') AND %s AND" NOT_EXT_REL("c") " ORDER BY 2, 3;\n",
		   f);
	fns[RQ_TABLES] = row_table;

	sb_appendf(sb,
		   "SELECT c.oid, n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid),\n"
		   " (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a\n"
		   "   WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),\n"
		   " (SELECT substring(o FROM 14) FROM unnest(c.reloptions) o WHERE o LIKE 'check\\_option=%%'),\n"
		   " c.relispopulated,\n"
		   " (SELECT json_agg(DISTINCT d.refobjid::text) FROM pg_rewrite rw JOIN pg_depend d\n"
		   "   ON d.classid = 'pg_rewrite'::regclass AND d.objid = rw.oid AND d.refclassid = 'pg_class'::regclass\n"
		   "   AND d.refobjid <> c.oid WHERE rw.ev_class = c.oid),\n"
		   " obj_description(c.oid, 'pg_class')\n"
		   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
		   "WHERE c.relkind IN ('v', 'm') AND %s AND" NOT_EXT_REL("c") " ORDER BY 2, 3;\n",
		   f);
	fns[RQ_VIEWS] = row_view;

	sb_appendf(sb,
		   "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), tn.nspname, a.attnotnull,\n"
		   " pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,\n"
		   " (SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation AND a.attcollation <> 0\n"
		   "   AND a.attcollation <> t.typcollation),\n"
		   " a.attislocal, a.attinhcount, col_description(a.attrelid, a.attnum),\n"
		   " (SELECT json_agg(d.refobjid::text) FROM pg_depend d WHERE d.classid = 'pg_attrdef'::regclass\n"
		   "   AND d.objid = ad.oid AND d.refclassid = 'pg_class'::regclass)\n"
		   "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace\n"
		   "JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace\n"
		   "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n"
		   "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND %s\n"
		   "ORDER BY a.attrelid, a.attnum;\n",
		   f);
	fns[RQ_COLUMNS] = row_column;

	sb_appendf(
		sb,
		"SELECT i.indexrelid, i.indrelid, n.nspname, ic.relname, am.amname, i.indisunique, %s, i.indnkeyatts,\n"
		" (SELECT json_agg(json_build_array(k.a,\n"
		"    (SELECT ka.attname FROM pg_attribute ka WHERE ka.attrelid = i.indrelid AND ka.attnum = k.a AND k.a > 0),\n"
		"    CASE WHEN k.a = 0 THEN pg_get_indexdef(i.indexrelid, k.o::int, false) END,\n"
		"    (SELECT co.collname FROM pg_collation co WHERE co.oid = i.indcollation[k.o - 1] AND co.oid <> 0\n"
		"      AND k.a > 0 AND co.oid <> (SELECT ka.attcollation FROM pg_attribute ka WHERE ka.attrelid = i.indrelid\n"
		"      AND ka.attnum = k.a)),\n"
		"    (SELECT CASE WHEN oc.opcdefault THEN NULL WHEN ocn.nspname = 'pg_catalog' THEN oc.opcname\n"
		"      ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END\n"
		"      FROM pg_opclass oc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace WHERE oc.oid = i.indclass[k.o - 1]),\n"
		"    COALESCE(i.indoption[k.o - 1], 0)) ORDER BY k.o)\n"
		"   FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(a, o)),\n"
		" pg_get_expr(i.indpred, i.indrelid), obj_description(i.indexrelid, 'pg_class'),\n"
		" CASE WHEN 0 = ANY(i.indkey::int2[]) THEN pg_get_indexdef(i.indexrelid) END\n"
		"FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace\n"
		"JOIN pg_am am ON am.oid = ic.relam\n"
		"WHERE %s AND" NOT_EXT_REL("ic") " ORDER BY 2, 4;\n",
		pg15 ? "i.indnullsnotdistinct" : "false", f);
	fns[RQ_INDEXES] = row_index;

	sb_appendf(sb,
		   "SELECT con.oid, con.conrelid, con.conname, con.contype,\n"
		   " (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.conkey) WITH ORDINALITY k(n, o)\n"
		   "   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n),\n"
		   " con.confrelid,\n"
		   " (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(con.confkey) WITH ORDINALITY k(n, o)\n"
		   "   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n),\n"
		   " con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred,\n"
		   " con.convalidated, con.connoinherit, pg_get_constraintdef(con.oid), pg_get_expr(con.conbin, con.conrelid),\n"
		   " con.conindid, obj_description(con.oid, 'pg_constraint')\n"
		   "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace\n"
		   "WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p') AND con.conparentid = 0 AND %s\n"
		   "ORDER BY con.conrelid, con.conname;\n",
		   f);
	fns[RQ_CONSTRAINTS] = row_constraint;

	sb_appendf(sb,
		   "SELECT t.tgrelid, t.tgname, t.tgtype, t.tgenabled, t.tgfoid, fn.nspname, p.proname,\n"
		   " encode(t.tgargs, 'escape'), t.tgnargs,\n"
		   " (SELECT json_agg(a.attname ORDER BY k.o) FROM unnest(t.tgattr::int2[]) WITH ORDINALITY k(n, o)\n"
		   "   JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.n),\n"
		   " CASE WHEN t.tgqual IS NOT NULL THEN pg_get_triggerdef(t.oid) END,\n"
		   " t.tgconstraint <> 0, t.tgdeferrable, t.tginitdeferred, obj_description(t.oid, 'pg_trigger')\n"
		   "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace\n"
		   "JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace fn ON fn.oid = p.pronamespace\n"
		   "WHERE NOT t.tgisinternal%s AND %s ORDER BY t.tgrelid, t.tgname;\n",
		   pg13 ? " AND t.tgparentid = 0" : "", f);
	fns[RQ_TRIGGERS] = row_trigger;

	sb_appendf(sb,
		   "SELECT pol.polrelid, pol.polname, pol.polpermissive, pol.polcmd,\n"
		   " CASE WHEN pol.polroles = '{0}'::oid[] THEN '[\"public\"]'::json ELSE\n"
		   "  (SELECT json_agg(rl.rolname ORDER BY k.o) FROM unnest(pol.polroles) WITH ORDINALITY k(r, o)\n"
		   "   JOIN pg_roles rl ON rl.oid = k.r) END,\n"
		   " pg_get_expr(pol.polqual, pol.polrelid), pg_get_expr(pol.polwithcheck, pol.polrelid),\n"
		   " obj_description(pol.oid, 'pg_policy')\n"
		   "FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace\n"
		   "WHERE %s ORDER BY pol.polrelid, pol.polname;\n",
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
