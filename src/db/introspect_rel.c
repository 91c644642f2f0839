/* introspect_rel.c — the relation kinds of introspection (see introspect.h): tables, columns, views and
 * materialized views, indexes, constraints, triggers, policies; one query each for the whole database. */
#include "strata.h"
#include "db/introspect_int.h"
#include "catalog/normalize.h"
#include "sql/parse.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* Relation filter: namespace conditions, not an extension member. */
#define NOT_EXT_REL(alias) " " alias ".oid NOT IN " EXT_MEMBERS("pg_class")

enum {
	RQ_TABLES,
	RQ_VIEWS,
	RQ_COLUMNS,
	RQ_LOOKUPS,
	RQ_INDEXES,
	RQ_CONSTRAINTS,
	RQ_TRIGGERS,
	RQ_POLICIES,
	RQ_STATISTICS,
	RQ__COUNT
};

static void row_none(Intro *in, PGresult *r, int i);

/* ---- key arrays and shapes ---------------------------------------------------------------------- */

struct IShape {
	bool is_index;    /* pg_get_indexdef(oid), else pg_get_expr(conbin, conrelid) of constraint oid */
	const char *oid;  /* the object asked about (the first one of the shape) */
	const char *text; /* the answer; NULL when the server gave none */
	const char *key;  /* what decides the text (see shape_key) */
	size_t keylen;
	IShape *next; /* another shape whose key has the same hash */
};

struct IWait {
	IShape *shape;
	void *obj;       /* CatIndex* or CatConstraint* */
	const char *oid; /* the object's own oid */
	bool has_pred;   /* an index with a predicate */
};

struct IRefWait {
	CatConstraint *c;
	const char *relid; /* confrelid */
	const char *keys;  /* confkey text */
};

/* Next number of a server array text (int2vector/oidvector "1 2 3", int2[] "{1,2,3}") from *P; false at
 * the end. */
static bool next_num(const char **p, long long *v)
{
	const char *s = *p;
	while (*s && (*s < '0' || *s > '9') && *s != '-')
		s++;
	if (!*s)
		return false;
	char *e;
	*v = strtoll(s, &e, 10);
	*p = e;
	return true;
}

/* The I-th number of array text S, or DEF when it has fewer. */
static long long nth_num(const char *s, size_t i, long long def)
{
	long long v;
	for (const char *p = s ? s : ""; next_num(&p, &v);)
		if (i-- == 0)
			return v;
	return def;
}

/* The I-th number of array text S as text in BUF (a map key), or NULL when it has fewer. */
static const char *nth_tok(const char *s, size_t i, char *buf, size_t cap)
{
	for (const char *p = s ? s : ""; *p;) {
		while (*p && (*p < '0' || *p > '9') && *p != '-')
			p++;
		const char *b = p;
		while ((*p >= '0' && *p <= '9') || (p == b && *p == '-'))
			p++;
		if (p == b)
			break;
		if (i-- == 0) {
			size_t n = (size_t)(p - b) < cap - 1 ? (size_t)(p - b) : cap - 1;
			memcpy(buf, b, n);
			buf[n] = 0;
			return buf;
		}
	}
	return NULL;
}

static const RelAtts *atts_get(Intro *in, const char *relid)
{
	return relid ? hmap_get(&in->atts, relid) : NULL;
}

static const char *att_name(const RelAtts *ra, long long n)
{
	return ra && n > 0 && (size_t)n <= ra->n ? ra->names[n] : NULL;
}

/* Names of the attribute numbers of array text KEYS in relation RA, leaving out numbers with no column
 * (expression keys, 0), as the server-side join did; NULL and *N = 0 when none. */
static const char **att_names(Intro *in, const RelAtts *ra, const char *keys, size_t *n)
{
	*n = 0;
	size_t cnt = 0;
	long long v;
	for (const char *p = keys ? keys : ""; next_num(&p, &v);)
		cnt++;
	const char **names = arena_array(in->a, const char *, cnt + 1);
	for (const char *p = keys ? keys : ""; next_num(&p, &v);) {
		const char *nm = att_name(ra, v);
		if (nm)
			names[(*n)++] = nm;
	}
	return *n ? names : NULL;
}

/* Append to KEY the deparse key of node tree TREE (pg_node_tree text) of a relation with columns RA: the
 * tree without its ":location N" fields (parse positions, which differ between otherwise equal
 * expressions), then the names of the columns its Vars refer to (the deparsed text names them). False when
 * a Var's column is not known (a whole-row reference, no names): the tree is then deparsed on its own.
 * (String fields of a node print with their spaces escaped, so " :location " never starts inside one.) */
static bool shape_key(StrBuf *key, const char *tree, const RelAtts *ra)
{
	StrBuf names = STRBUF_INIT;
	bool ok = true;
	const char *p = tree, *run = tree;
	while ((p = strchr(p, ' ')) != NULL) {
		if (p[1] != ':') {
			p++;
			continue;
		}
		if (p[2] == 'l' && !strncmp(p, " :location ", 11)) {
			const char *e = p + 11;
			if (*e == '-')
				e++;
			const char *d = e;
			while (*e >= '0' && *e <= '9')
				e++;
			if (e > d && (*e == ' ' || *e == '}' || *e == ')' || !*e)) {
				sb_append_n(key, run, (size_t)(p - run));
				run = p = e;
				continue;
			}
		} else if (p[2] == 'v' && !strncmp(p, " :varattno ", 11)) {
			char *e;
			long long v = strtoll(p + 11, &e, 10);
			const char *nm = e > p + 11 ? att_name(ra, v) : NULL;
			if (!nm) {
				ok = false;
				break;
			}
			sb_putc(&names, '\x1f');
			sb_append(&names, nm);
		}
		p++;
	}
	if (ok) {
		sb_append(key, run);
		sb_append(key, "\x1e");
		sb_append(key, sb_str(&names));
	}
	sb_release(&names);
	return ok;
}

/* Wait for the text of the shape of TREE(S) (KEY holds what else decides the text) for OBJ: the shape is
 * asked about once, for the first object that has it. */
static void shape_wait(Intro *in, StrBuf *key, bool shared, bool is_index, void *obj, const char *oid,
                       bool has_pred)
{
	if (!shared) {
		sb_reset(key);
		sb_putc(key, is_index ? 'i' : 'c'); /* its own: no other key lacks a \x1e */
		sb_append(key, oid);
	}
	/* keys are long (the tree text): the map holds a word-at-a-time hash of them, shapes with the same
	 * hash are chained and compared whole */
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ key->len;
	size_t i = 0;
	for (; i + 8 <= key->len; i += 8) {
		uint64_t w;
		memcpy(&w, key->data + i, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
		h ^= h >> 29;
	}
	for (; i < key->len; i++)
		h = (h ^ (unsigned char)key->data[i]) * 0x100000001B3ULL;
	char hk[17];
	snprintf(hk, sizeof(hk), "%016llx", (unsigned long long)h);
	IShape *first = hmap_get(&in->shapes, hk), *sh = first;
	while (sh && (sh->keylen != key->len || memcmp(sh->key, key->data, key->len) != 0))
		sh = sh->next;
	if (!sh) {
		sh = arena_new(in->a, IShape);
		sh->is_index = is_index;
		sh->oid = istr(in, oid);
		sh->key = arena_strndup(in->a, key->data, key->len);
		sh->keylen = key->len;
		if (first) {
			sh->next = first->next;
			first->next = sh;
		} else {
			hmap_put(&in->shapes, arena_strdup(in->a, hk), sh);
		}
	}
	IWait w = {sh, obj, istr(in, oid), has_pred};
	vec_push(&in->waits, w);
}

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
	t->partition_key = partkey_normalize_sql(in->a, ires_str(r, i, 8));
	/* parents (col 10) are linked in introspect_rel_post */
	t->h.comment = icomment(in, ires_str(r, i, 11));
	t->h.rolowner = iowner(in, ires_str(r, i, 12));
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
	v->h.rolowner = iowner(in, ires_str(r, i, 10));
}

/* Record column NAME (number NUM, collation COLL) of relation RELID, which has NATTS attributes, in
 * in->atts; returns the arena copy of NAME. */
static const char *atts_put(Intro *in, const char *relid, long long natts, long long num, const char *name,
                            long long coll)
{
	RelAtts *ra = hmap_get(&in->atts, relid);
	if (!ra) {
		ra = arena_new(in->a, RelAtts);
		ra->n = natts > 0 ? (size_t)natts : 0;
		ra->names = arena_array(in->a, const char *, ra->n + 1);
		ra->colls = arena_array(in->a, unsigned, ra->n + 1);
		hmap_put(&in->atts, istr(in, relid), ra);
	}
	if (num <= 0 || (size_t)num > ra->n)
		return istr(in, name);
	ra->names[num] = istr(in, name);
	ra->colls[num] = (unsigned)coll;
	return ra->names[num];
}

static void row_column(Intro *in, PGresult *r, int i)
{
	const char *relid = ires_str(r, i, 0);
	const char *name =
	    atts_put(in, relid, ires_ll(r, i, 15), ires_ll(r, i, 13), ires_str(r, i, 1), ires_ll(r, i, 14));
	CatObject *o = irel_get(in, relid);
	if (!o || o->kind != OBJ_TABLE)
		return;
	CatTable *t = (CatTable *)o;
	const char *type = itype(in, ires_str(r, i, 2), ires_str(r, i, 3));
	CatColumn *c = table_add_column(in->cat, t, name, type);
	c->not_null = ires_bool(r, i, 4);
	const char *ident = ires_str(r, i, 6), *gen = ires_str(r, i, 7);
	c->identity = ident && *ident ? (IdentityKind)ident[0] : IDENT_NONE;
	const char *def = ires_str(r, i, 5);
	if (gen && *gen) {
		c->generated = iexpr(in, def, type);
		c->generated_src = def ? istr(in, def) : NULL; /* (for a later ALTER COLUMN TYPE) */
	} else if (c->identity == IDENT_NONE) {
		c->default_expr = iexpr(in, def, type);
		c->default_src = def ? istr(in, def) : NULL;
	}
	c->collation = istr(in, ires_str(r, i, 8));
	c->is_local = ires_bool(r, i, 9);
	c->inhcount = (int)ires_ll(r, i, 10);
	c->comment = icomment(in, ires_str(r, i, 11));
	/* default → sequence (nextval) */
	json_t *j = ires_json(r, i, 12);
	for (size_t k = 0; j && json_is_array(j) && k < json_array_size(j); k++) {
		CatObject *s = irel_get(in, json_string_value(json_array_get(j, k)));
		if (s && s->kind == OBJ_SEQUENCE) /* the column's default depends on the sequence */
			(void)catalog_add_subdep(in->cat, &t->h, c->name, true, s, NULL, DEP_NORMAL);
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

/* EX (pg_get_constraintdef()'s `USING m (...)`, no WHERE) as exclusion_text prints it, or NULL when it does
 * not parse here. */
static const char *exclusion_elems(Intro *in, const char *ex)
{
	char *sql = xasprintf("ALTER TABLE t ADD EXCLUDE %s", ex);
	PgQuery__ParseResult *res = sql_parse_owned(sql);
	free(sql);
	if (!res)
		return NULL;
	const char *r = NULL;
	const PgQuery__Node *st = res->n_stmts == 1 ? res->stmts[0]->stmt : NULL;
	if (st && st->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_STMT &&
	    st->alter_table_stmt->n_cmds == 1 &&
	    st->alter_table_stmt->cmds[0]->node_case == PG_QUERY__NODE__NODE_ALTER_TABLE_CMD) {
		const PgQuery__Node *def = st->alter_table_stmt->cmds[0]->alter_table_cmd->def;
		if (def && def->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
			const PgQuery__Constraint *c = def->constraint;
			const char **exprs = arena_array(in->a, const char *, c->n_exclusions + 1);
			for (size_t i = 0; i < c->n_exclusions; i++) {
				const PgQuery__Node *pair = c->exclusions[i];
				if (pair->node_case == PG_QUERY__NODE__NODE_LIST &&
				    pair->list->n_items == 2 &&
				    pair->list->items[0]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM)
					exprs[i] = inode(in, pair->list->items[0]->index_elem->expr);
			}
			r = exclusion_text(in->a, c, exprs, NULL, NULL);
		}
	}
	pg_query__parse_result__free_unpacked(res, NULL);
	return r;
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
	PgQuery__ParseResult *res = sql_parse_owned(sql);
	free(sql);
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

/* Row: the operator classes (o) and collations (c) that index keys name by oid. */
static void row_lookup(Intro *in, PGresult *r, int i)
{
	HMap *m = ires_str(r, i, 0)[0] == 'o' ? &in->opclass : &in->collname;
	hmap_put(m, istr(in, ires_str(r, i, 1)), (void *)istr(in, ires_str(r, i, 2)));
}

static void row_index(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 1));
	if (!owner || (owner->kind != OBJ_TABLE && owner->kind != OBJ_MATVIEW))
		return;
	CatIndex *x =
	    (CatIndex *)catalog_add(in->cat, OBJ_INDEX, ires_str(r, i, 2), ires_str(r, i, 3), owner, NULL);
	const char *oid = ires_str(r, i, 0);
	irel_put(in, oid, &x->h);
	x->method = istr(in, ires_str(r, i, 4));
	x->unique = ires_bool(r, i, 5);
	x->nulls_not_distinct = ires_bool(r, i, 6);
	size_t nkey = (size_t)ires_ll(r, i, 7);
	const char *indkey = ires_str(r, i, 8), *indcoll = ires_str(r, i, 9), *indclass = ires_str(r, i, 10),
	           *indoption = ires_str(r, i, 11), *exprs = ires_str(r, i, 12), *pred = ires_str(r, i, 13);
	const RelAtts *ra = atts_get(in, ires_str(r, i, 1));
	size_t n = 0;
	long long v;
	for (const char *p = indkey ? indkey : ""; next_num(&p, &v);)
		n++;
	if (nkey > n)
		nkey = n;
	x->nkeys = nkey;
	x->keys = arena_array(in->a, CatIndexElem, nkey + 1);
	x->ninclude = n - nkey;
	x->include = arena_array(in->a, const char *, x->ninclude + 1);
	char buf[24];
	const char *p = indkey ? indkey : "";
	for (size_t k = 0; k < n && next_num(&p, &v); k++) {
		const char *col = att_name(ra, v);
		if (k >= nkey) {
			x->include[k - nkey] = col;
			continue;
		}
		CatIndexElem *ke = &x->keys[k];
		ke->column = col;
		/* COLLATE of a column key: the index's collation where it differs from the column's; an
		 * expression key's comes with its text (the catalog cannot compute the expression's own) */
		const char *coll = col ? nth_tok(indcoll, k, buf, sizeof(buf)) : NULL;
		if (coll && strcmp(coll, "0") && strtoul(coll, NULL, 10) != ra->colls[v])
			ke->collation = hmap_get(&in->collname, coll);
		const char *cls = nth_tok(indclass, k, buf, sizeof(buf));
		const char *opc = cls ? hmap_get(&in->opclass, cls) : NULL;
		ke->opclass = opc && *opc ? opc : NULL;
		long long opt = nth_num(indoption, k, 0);
		ke->desc = (opt & 1) != 0;
		bool nulls_first = (opt & 2) != 0;
		/* the default is NULLS LAST for ASC and NULLS FIRST for DESC */
		ke->nulls = nulls_first == ke->desc ? NULLS_DEFAULT : nulls_first ? NULLS_FIRST : NULLS_LAST;
	}
	/* expression keys and the predicate: from pg_get_indexdef() text, asked once per shape (the same
	 * expressions of the same columns under the same key settings print the same) */
	if (exprs || pred) {
		StrBuf key = STRBUF_INIT;
		const char *parts[] = {x->method, indkey, indcoll, indclass, indoption};
		for (size_t k = 0; k < ARRAY_LEN(parts); k++) {
			sb_append(&key, parts[k] ? parts[k] : "");
			sb_putc(&key, '\x1e');
		}
		bool shared = (!exprs || shape_key(&key, exprs, ra)) && (!pred || shape_key(&key, pred, ra));
		shape_wait(in, &key, shared, true, x, oid, pred != NULL);
		sb_release(&key);
	}
	x->h.comment = icomment(in, ires_str(r, i, 14));
}

/* Index X (oid OID) waiting for DEF (pg_get_indexdef() text, NULL when none): its expression keys and
 * predicate. */
static void index_fill(Intro *in, CatIndex *x, const char *oid, const char *def, bool has_pred)
{
	const IdxDefParts *dp = def ? indexdef_parts(in, def) : NULL;
	for (size_t k = 0; k < x->nkeys; k++) {
		CatIndexElem *ke = &x->keys[k];
		if (ke->column)
			continue;
		if (dp && dp->parsed && k < dp->nparams) {
			ke->expr = dp->exprs[k];
			ke->collation = dp->colls[k];
		}
		if (!ke->expr)
			ke->expr = index_part_from_server(in, oid, (int)k + 1);
	}
	if (has_pred) {
		x->predicate = dp && dp->parsed && dp->has_pred ? dp->pred : NULL;
		if (!x->predicate)
			x->predicate = index_part_from_server(in, oid, 0);
	}
}

static void row_constraint(Intro *in, PGresult *r, int i)
{
	CatObject *owner = irel_get(in, ires_str(r, i, 1));
	if (!owner || owner->kind != OBJ_TABLE)
		return;
	CatConstraint *c = (CatConstraint *)catalog_add(in->cat, OBJ_CONSTRAINT, owner->schema,
	                                                ires_str(r, i, 2), owner, NULL);
	/* for a partition's copy of its parent's key (conparentid): introspect_rel_post links them */
	char *ck = xasprintf("con:%s", ires_str(r, i, 0));
	irel_put(in, ck, &c->h);
	free(ck);
	c->contype = (ConType)ires_str(r, i, 3)[0];
	const RelAtts *ra = atts_get(in, ires_str(r, i, 1));
	if (c->contype != CON_CHECK)
		c->columns = att_names(in, ra, ires_str(r, i, 4), &c->ncolumns);
	if (c->contype == CON_FOREIGN) {
		const char *refid = ires_str(r, i, 5);
		CatObject *ref = irel_get(in, refid);
		if (ref && ref->kind == OBJ_TABLE) {
			c->ref_table = (CatTable *)ref;
			catalog_add_dep(in->cat, &c->h, ref, NULL, DEP_NORMAL);
		}
		const RelAtts *rra = atts_get(in, refid);
		if (rra) {
			c->ref_columns = att_names(in, rra, ires_str(r, i, 6), &c->nref_columns);
		} else {
			/* a relation the batch did not read (another schema, an extension's table) */
			IRefWait w = {c, istr(in, refid), istr(in, ires_str(r, i, 6))};
			vec_push(&in->refwaits, w);
		}
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
	const char *conbin = ires_str(r, i, 15);
	if (c->contype == CON_CHECK && conbin) {
		/* pg_get_expr(conbin, conrelid) opens the table: asked once per shape */
		StrBuf key = STRBUF_INIT;
		bool shared = shape_key(&key, conbin, ra);
		shape_wait(in, &key, shared, false, c, ires_str(r, i, 0), false);
		sb_release(&key);
	}
	if (c->contype == CON_EXCLUSION && def) {
		/* pg_get_constraintdef() ends with the deferrability, a field of its own here */
		const char *p = !strncmp(def, "EXCLUDE ", 8) ? def + 8 : def;
		size_t n = strlen(p);
		static const char *const tail[] = {" INITIALLY DEFERRED", " DEFERRABLE"};
		for (size_t k = 0; k < 2; k++)
			if (n >= strlen(tail[k]) && !strcmp(p + n - strlen(tail[k]), tail[k]))
				n -= strlen(tail[k]);
		char *ex = xstrndup(p, n);
		/* the predicate as replay keeps an index's (normalized), in the parentheses the server adds
		 */
		char *w = strstr(ex, " WHERE (");
		size_t el = strlen(ex);
		const char *pred = NULL;
		if (w && el && ex[el - 1] == ')') {
			ex[el - 1] = 0;
			pred = expr_normalize_sql(in->a, w + 8, NULL);
		}
		if (pred && strcmp(pred, "?"))
			*w = 0;
		else if (w && el && !ex[el - 1])
			ex[el - 1] = ')';
		/* the elements as replay prints them (exclusion_text), the expressions normalized */
		const char *elems = exclusion_elems(in, ex);
		char *full = pred && strcmp(pred, "?") ? xasprintf("%s WHERE (%s)", elems ? elems : ex, pred)
		                                       : xstrdup(elems ? elems : ex);
		c->exclusion = istr(in, full);
		free(full);
		free(ex);
	}
	/* a PRIMARY KEY/UNIQUE is NULLS NOT DISTINCT when its index is (pg_get_constraintdef() says so
	 * then, from the same flag) */
	CatObject *ix = irel_get(in, ires_str(r, i, 16));
	c->nulls_not_distinct = (c->contype == CON_UNIQUE || c->contype == CON_PRIMARY) && ix &&
	                        ix->kind == OBJ_INDEX && ((CatIndex *)ix)->nulls_not_distinct;
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

size_t introspect_rel_queries(Intro *in, StrBuf *sb, IntroRowFn *fns, size_t *ends, bool *second, size_t max)
{
	if (max < RQ__COUNT)
		return 0;
	/* With two connections, the second runs the types, functions (introspect.c) and tables, then what
	 * follows the columns; the first the other schema-level kinds, the views and the columns. On 10,000
	 * tables (one backend each, ms): 2+1+4 + 20 + 256 = 283 on the first; 22+21 + 70 + 2+92+47+12+1 = 267
	 * on the second. Results are handled in batch order: the tables arrive long before the columns. */
	second[RQ_TABLES] = second[RQ_LOOKUPS] = second[RQ_INDEXES] = second[RQ_CONSTRAINTS] =
	    second[RQ_TRIGGERS] = second[RQ_POLICIES] = true;
	const char *f = in->nspfilter;
	bool pg13 = in->server_version >= 130000, pg15 = in->server_version >= 150000;

	sb_appendf(sb,
	           "SELECT c.oid, n.nspname, c.relname, c.relkind, c.relpersistence, c.relrowsecurity,\n"
	           " c.relforcerowsecurity, pg_get_expr(c.relpartbound, c.oid),\n"
	           " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END, c.relispartition,\n"
	           " (SELECT json_agg(ih.inhparent::text ORDER BY ih.inhseqno) FROM pg_inherits ih WHERE "
	           "ih.inhrelid = c.oid),\n"
	           " ds.description, pg_get_userbyid(c.relowner)\n"
	           "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n" DESCR_JOIN(
	               "ds", "c.oid", "pg_class",
	               "0") "WHERE c.relkind IN ('r', 'p') AND %s AND" NOT_EXT_REL("c") " ORDER BY 2, 3;\n",
	           f);
	fns[RQ_TABLES] = row_table;
	ends[RQ_TABLES] = sb->len;

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
	    " ds.description, pg_get_userbyid(c.relowner)\n"
	    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n" DESCR_JOIN(
	        "ds", "c.oid", "pg_class",
	        "0") "WHERE c.relkind IN ('v', 'm') AND %s AND" NOT_EXT_REL("c") " ORDER BY 2, 3;\n",
	    f);
	fns[RQ_VIEWS] = row_view;
	ends[RQ_VIEWS] = sb->len;

	/* A default cannot refer to a column, so it is deparsed without the relation (pg_get_expr(.., 0)):
	 * with it, the server opens every table (a relcache build each on a fresh backend); generated columns
	 * do refer to columns and keep it. Materialized views come too, for the names of their index keys
	 * (row_column only records them). The sequences a default uses (nextval) are its normal dependencies
	 * on relations, one grouped join rather than a lookup per column. Columns 13..15 (attnum,
	 * attcollation, relnatts) fill in->atts. */
	sb_appendf(
	    sb,
	    "SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), tn.nspname, a.attnotnull,\n"
	    " CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) ELSE "
	    "pg_get_expr(ad.adbin, 0) END,\n"
	    " a.attidentity, a.attgenerated,\n"
	    " (SELECT co.collname FROM pg_collation co WHERE co.oid = a.attcollation AND a.attcollation <> "
	    "0\n"
	    "   AND a.attcollation <> t.typcollation),\n"
	    " a.attislocal, a.attinhcount, ds.description, sq.seqs, a.attnum, a.attcollation, c.relnatts\n"
	    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace\n"
	    "JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace\n"
	    "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n"
	    "LEFT JOIN (SELECT d.objid, json_agg(d.refobjid::text ORDER BY d.refobjid) AS seqs FROM "
	    "pg_depend d\n"
	    "  WHERE d.classid = 'pg_attrdef'::regclass AND d.refclassid = 'pg_class'::regclass AND "
	    "d.deptype = "
	    "'n'\n"
	    "  GROUP BY d.objid) sq ON sq.objid = ad.oid\n" DESCR_JOIN(
	        "ds", "a.attrelid", "pg_class", "a.attnum") "WHERE a.attnum > 0 AND NOT a.attisdropped AND "
	                                                    "c.relkind IN ('r', 'p', 'm') AND %s\n"
	                                                    "ORDER BY a.attrelid, a.attnum;\n",
	    f);
	fns[RQ_COLUMNS] = row_column;
	ends[RQ_COLUMNS] = sb->len;

	/* what index keys name by oid: a few hundred rows, instead of joins per key */
	sb_append(sb,
	          "SELECT 'o', oc.oid, CASE WHEN oc.opcdefault THEN '' WHEN ocn.nspname = 'pg_catalog' THEN "
	          "oc.opcname::text\n"
	          "  ELSE quote_ident(ocn.nspname) || '.' || quote_ident(oc.opcname) END\n"
	          "FROM pg_opclass oc JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace\n"
	          "UNION ALL SELECT 'c', co.oid, co.collname::text FROM pg_collation co;\n");
	fns[RQ_LOOKUPS] = row_lookup;
	ends[RQ_LOOKUPS] = sb->len;

	/* Key arrays as numbers (named by row_index from in->atts), the expression and predicate trees as
	 * text (row_index groups equal ones; one pg_get_indexdef() per group, in the second round trip: each
	 * call opens the table). No extension filter: an index is never an extension member itself, and one
	 * on an extension's table has no owner in the catalog. */
	sb_appendf(sb,
	           "SELECT i.indexrelid, i.indrelid, n.nspname, ic.relname, am.amname, i.indisunique, %s, "
	           "i.indnkeyatts,\n"
	           " i.indkey, i.indcollation, i.indclass, i.indoption, i.indexprs::text, i.indpred::text,\n"
	           " ds.description,\n"
	           " (SELECT inh.inhparent FROM pg_inherits inh WHERE inh.inhrelid = i.indexrelid)\n"
	           "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = "
	           "ic.relnamespace\n"
	           "JOIN pg_am am ON am.oid = ic.relam\n" DESCR_JOIN("ds", "i.indexrelid", "pg_class",
	                                                             "0") "WHERE %s ORDER BY 2, 4;\n",
	           pg15 ? "i.indnullsnotdistinct" : "false", f);
	fns[RQ_INDEXES] = row_index;
	ends[RQ_INDEXES] = sb->len;

	/* conkey/confkey as numbers (named from in->atts), CHECK trees as text (grouped like index
	 * expressions) */
	sb_appendf(
	    sb,
	    "SELECT con.oid, con.conrelid, con.conname, con.contype, con.conkey, con.confrelid, "
	    "con.confkey,\n"
	    " con.confupdtype, con.confdeltype, con.confmatchtype, con.condeferrable, con.condeferred,\n"
	    " con.convalidated, con.connoinherit,\n"
	    " CASE WHEN con.contype = 'x' THEN pg_get_constraintdef(con.oid) END,\n"
	    " con.conbin::text, con.conindid, ds.description, con.conparentid\n"
	    "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace\n" DESCR_JOIN(
	        "ds", "con.oid", "pg_constraint",
	        "0") "WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN "
	             "('r', 'p') AND %s\n"
	             /* a foreign key to a partitioned table has a copy per referenced partition on
	                the same table (internal to the key): not an object of its own */
	             " AND NOT EXISTS (SELECT 1 FROM pg_constraint pc WHERE pc.oid = con.conparentid "
	             "AND pc.conrelid = con.conrelid)\n"
	             "ORDER BY con.conrelid, con.conname;\n",
	    f);
	fns[RQ_CONSTRAINTS] = row_constraint;
	ends[RQ_CONSTRAINTS] = sb->len;

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
	ends[RQ_TRIGGERS] = sb->len;

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
	ends[RQ_POLICIES] = sb->len;

	/* extended statistics (made in introspect_rel_post, once every table has its columns) */
	sb_appendf(
	    sb,
	    "SELECT s.stxrelid, n.nspname, s.stxname,\n"
	    " (SELECT json_agg(a.attname ORDER BY k.c) FROM unnest(s.stxkeys::int2[]) k(c)\n"
	    "  JOIN pg_attribute a ON a.attrelid = s.stxrelid AND a.attnum = k.c),\n"
	    " s.stxkind::text, %s, ds.description\n"
	    "FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace\n" DESCR_JOIN(
	        "ds", "s.oid", "pg_statistic_ext", "0") "WHERE %s ORDER BY 2, 3;\n",
	    in->server_version >= 140000 ? "to_json(pg_get_statisticsobjdef_expressions(s.oid))" : "NULL", f);
	fns[RQ_STATISTICS] = row_none;
	ends[RQ_STATISTICS] = sb->len;
	return RQ__COUNT;
}

/* Rows handled after the batch (introspect_rel_post). */
static void row_none(Intro *in, PGresult *r, int i)
{
	(void)in;
	(void)r;
	(void)i;
}

/* The extended statistics objects of R (RQ_STATISTICS), on the tables introspected. */
static void post_statistics(Intro *in, PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++) {
		CatObject *t = irel_get(in, ires_str(r, i, 0));
		if (!t)
			continue;
		CatStatistics *x = (CatStatistics *)catalog_add(in->cat, OBJ_STATISTICS, ires_str(r, i, 1),
		                                                ires_str(r, i, 2), NULL, NULL);
		x->table = t;
		x->target = -1;
		json_t *j = ires_json(r, i, 3);
		size_t ncols = j && json_is_array(j) ? json_array_size(j) : 0;
		x->columns = arena_array(in->a, const char *, ncols + 1);
		for (size_t k = 0; k < ncols; k++) {
			x->columns[k] = istr(in, json_string_value(json_array_get(j, k)));
			catalog_add_dep(in->cat, &x->h, t, x->columns[k], DEP_AUTO);
		}
		x->ncolumns = ncols;
		json_decref(j);
		if (!ncols)
			catalog_add_dep(in->cat, &x->h, t, NULL, DEP_AUTO);
		json_t *ej = ires_json(r, i, 5);
		x->nexprs = ej && json_is_array(ej) ? json_array_size(ej) : 0;
		x->exprs = arena_array(in->a, const char *, x->nexprs + 1);
		for (size_t k = 0; k < x->nexprs; k++)
			x->exprs[k] = iexpr(in, json_string_value(json_array_get(ej, k)), NULL);
		json_decref(ej);
		const char *kinds = ires_str(r, i, 4);
		StrBuf sb = STRBUF_INIT;
		static const struct {
			char c;
			const char *w;
		} kw[] = {{'d', "ndistinct"}, {'f', "dependencies"}, {'m', "mcv"}};
		for (size_t k = 0; k < ARRAY_LEN(kw); k++)
			if (kinds && strchr(kinds, kw[k].c))
				sb_appendf(&sb, "%s%s", sb.len ? ", " : "", kw[k].w);
		x->kinds = istr(in, sb_str(&sb));
		sb_release(&sb);
		x->h.comment = icomment(in, ires_str(r, i, 6));
	}
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
			/* a partition goes with its parent; an inheritance child needs CASCADE */
			catalog_add_dep(in->cat, &t->h, p, NULL, partition && k == 0 ? DEP_AUTO : DEP_NORMAL);
		}
		json_decref(j);
	}
	/* a partition's copies of its parent's indexes and keys, as pg_depend's PARTITION entries */
	r = res[RQ_INDEXES];
	for (int i = 0; i < PQntuples(r); i++) {
		const char *parent = ires_str(r, i, 15);
		CatObject *x = irel_get(in, ires_str(r, i, 0)), *px = parent ? irel_get(in, parent) : NULL;
		if (x && px) {
			catalog_add_dep(in->cat, x, px, NULL, DEP_PARTITION_PRI);
			catalog_add_dep(in->cat, x, x->owner, NULL, DEP_PARTITION_SEC);
		}
	}
	r = res[RQ_CONSTRAINTS];
	for (int i = 0; i < PQntuples(r); i++) {
		const char *parent = ires_str(r, i, 18);
		if (!parent || !strcmp(parent, "0"))
			continue;
		char *ck = xasprintf("con:%s", ires_str(r, i, 0)), *pk = xasprintf("con:%s", parent);
		CatObject *k = irel_get(in, ck), *pkk = irel_get(in, pk);
		free(ck);
		free(pk);
		if (k && pkk) {
			catalog_add_dep(in->cat, k, pkk, NULL, DEP_PARTITION_PRI);
			catalog_add_dep(in->cat, k, k->owner, NULL, DEP_PARTITION_SEC);
		}
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
	post_statistics(in, res[RQ_STATISTICS]);
}

/* ---- the second round trip ---------------------------------------------------------------------- */

/* SQL array literal '{a,b,...}' of the oids of the shapes of one kind (IS_INDEX) into SB; how many. */
static size_t shape_oids(Intro *in, StrBuf *sb, bool is_index)
{
	size_t n = 0;
	const char *k;
	void *v;
	sb_append(sb, "'{");
	for (size_t it = 0; hmap_next(&in->shapes, &it, &k, &v);)
		for (IShape *sh = v; sh; sh = sh->next)
			if (sh->is_index == is_index)
				sb_appendf(sb, "%s%s", n++ ? "," : "", sh->oid);
	sb_append(sb, "}'::oid[]");
	return n;
}

/* Rows (oid, text) of R into the shapes of kind IS_INDEX (by their oid in BY_OID). */
static void shape_answers(Intro *in, PGresult *r, HMap *by_oid)
{
	for (int i = 0; i < PQntuples(r); i++) {
		IShape *sh = hmap_get(by_oid, ires_str(r, i, 0));
		if (sh)
			sh->text = istr(in, ires_str(r, i, 1));
	}
}

/* Rare path, when the first constraint of a shape got no text (dropped meanwhile): constraint OID's own. */
static const char *check_from_server(Intro *in, const char *oid)
{
	const char *params[1] = {oid};
	PGresult *r = PQexecParams(
	    in->conn, "SELECT pg_get_expr(conbin, conrelid) FROM pg_constraint WHERE oid = $1::oid", 1, NULL,
	    params, NULL, NULL, 0);
	const char *res = NULL;
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		res = iexpr(in, ires_str(r, 0, 0), NULL);
	PQclear(r);
	return res;
}

int introspect_rel_resolve(Intro *in)
{
	if (!in->waits.n && !in->refwaits.n)
		return 0;
	StrBuf sb = STRBUF_INIT, arr = STRBUF_INIT;
	enum { A_INDEX, A_CHECK, A_ATTS };
	int kinds[3], nk = 0;
	sb_reset(&arr);
	if (shape_oids(in, &arr, true)) {
		sb_appendf(&sb, "SELECT u.o, pg_get_indexdef(u.o) FROM unnest(%s) u(o);\n", sb_str(&arr));
		kinds[nk++] = A_INDEX;
	}
	sb_reset(&arr);
	if (shape_oids(in, &arr, false)) {
		sb_appendf(
		    &sb,
		    "SELECT c.oid, pg_get_expr(c.conbin, c.conrelid) FROM pg_constraint c WHERE c.oid = "
		    "ANY(%s);\n",
		    sb_str(&arr));
		kinds[nk++] = A_CHECK;
	}
	if (in->refwaits.n) {
		sb_reset(&arr);
		sb_append(&arr, "'{");
		for (size_t i = 0; i < in->refwaits.n; i++)
			sb_appendf(&arr, "%s%s", i ? "," : "", in->refwaits.items[i].relid);
		sb_append(&arr, "}'::oid[]");
		sb_appendf(
		    &sb,
		    "SELECT a.attrelid, c.relnatts, a.attnum, a.attname, a.attcollation, n.nspname, "
		    "c.relname\n"
		    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid "
		    "= "
		    "c.relnamespace\nWHERE a.attrelid = ANY(%s) AND a.attnum > 0 AND NOT a.attisdropped;\n",
		    sb_str(&arr));
		kinds[nk++] = A_ATTS;
	}
	sb_release(&arr);
	HMap by_oid = HMAP_INIT;
	const char *k;
	void *v;
	for (size_t it = 0; hmap_next(&in->shapes, &it, &k, &v);)
		for (IShape *sh = v; sh; sh = sh->next)
			hmap_put(&by_oid, sh->oid, sh); /* index and constraint oids never clash */
	int rc = 0, qi = 0;
	if (!PQsendQuery(in->conn, sb_str(&sb))) {
		diag_add(in->dl, SEV_ERROR, "introspect", NULL, 0, 0,
		         "could not send the catalog queries: %s", PQerrorMessage(in->conn));
		rc = -1;
	}
	PGresult *r;
	while (rc == 0 && (r = PQgetResult(in->conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
			diag_add(in->dl, SEV_ERROR, "introspect", NULL, 0, 0, "catalog lookup failed: %s",
			         msg ? msg : PQerrorMessage(in->conn));
			rc = -1;
		} else if (qi < nk && kinds[qi] == A_ATTS) {
			for (int i = 0; i < PQntuples(r); i++) {
				(void)atts_put(in, ires_str(r, i, 0), ires_ll(r, i, 1), ires_ll(r, i, 2),
				               ires_str(r, i, 3), ires_ll(r, i, 4));
				RelAtts *ra = hmap_get(&in->atts, ires_str(r, i, 0));
				if (ra && !ra->relname) {
					ra->nspname = istr(in, ires_str(r, i, 5));
					ra->relname = istr(in, ires_str(r, i, 6));
				}
			}
		} else if (qi < nk) {
			shape_answers(in, r, &by_oid);
		}
		PQclear(r);
		qi++;
	}
	while ((r = PQgetResult(in->conn)) != NULL)
		PQclear(r);
	sb_release(&sb);
	hmap_release(&by_oid);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < in->waits.n; i++) {
		IWait *w = &in->waits.items[i];
		const char *text = w->shape->text;
		if (w->shape->is_index)
			index_fill(in, w->obj, w->oid, text, w->has_pred);
		else
			((CatConstraint *)w->obj)->check_expr = text || w->oid == w->shape->oid
			                                            ? iexpr(in, text, NULL)
			                                            : check_from_server(in, w->oid);
	}
	for (size_t i = 0; i < in->refwaits.n; i++) {
		IRefWait *w = &in->refwaits.items[i];
		const RelAtts *ra = atts_get(in, w->relid);
		w->c->ref_columns = att_names(in, ra, w->keys, &w->c->nref_columns);
		if (!w->c->ref_table && ra && ra->relname) {
			w->c->ref_schema = ra->nspname;
			w->c->ref_name = ra->relname;
			w->c->ref_identity =
			    arena_sprintf(&in->cat->arena, "%s.%s", ra->nspname, ra->relname);
		}
	}
	return 0;
}

void introspect_rel_release(Intro *in)
{
	hmap_release(&in->atts);
	hmap_release(&in->opclass);
	hmap_release(&in->collname);
	hmap_release(&in->shapes);
	vec_free(&in->waits);
	vec_free(&in->refwaits);
}
