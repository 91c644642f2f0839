/* introspect.c — read a live database into a Catalog (see introspect.h): the driver (one batch of queries,
 * one round trip), shared helpers, and the schema-level kinds (schemas, extensions, types, functions,
 * sequences). Relations and their members are in introspect_rel.c. */
#include "strata.h"
#include "catalog/extensions.h"
#include "catalog/role.h"
#include "db/introspect.h"
#include "db/introspect_int.h"
#include "catalog/normalize.h"
#include "sql/parse.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

/* ---- helpers ------------------------------------------------------------------------------------ */

const char *ires_str(PGresult *r, int row, int c)
{
	return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

bool ires_bool(PGresult *r, int row, int c)
{
	const char *s = ires_str(r, row, c);
	return s && s[0] == 't';
}

long long ires_ll(PGresult *r, int row, int c)
{
	const char *s = ires_str(r, row, c);
	return s ? strtoll(s, NULL, 10) : 0;
}

json_t *ires_json(PGresult *r, int row, int c)
{
	const char *s = ires_str(r, row, c);
	if (!s)
		return NULL;
	return json_loads(s, JSON_DECODE_ANY, NULL);
}

const char *istr(Intro *in, const char *s)
{
	return arena_strdup(in->a, s);
}

const char *icomment(Intro *in, const char *s)
{
	return s ? arena_strdup(in->a, s) : NULL;
}

const char *itype(Intro *in, const char *fmt, const char *nsp)
{
	if (!fmt)
		return NULL;
	if (!nsp || !strcmp(nsp, "pg_catalog"))
		return istr(in, fmt);
	StrBuf sb = STRBUF_INIT;
	cat_quote_ident(&sb, nsp);
	sb_putc(&sb, '.');
	if (!strncmp(fmt, sb_str(&sb), sb.len)) {
		sb_release(&sb);
		return istr(in, fmt);
	}
	sb_append(&sb, fmt);
	const char *res = istr(in, sb_str(&sb));
	sb_release(&sb);
	return res;
}

const char *iexpr(Intro *in, const char *text, const char *context_type)
{
	if (!text)
		return NULL;
	/* key: context type, a unit separator (in neither: one is a type name, the other is pg_get_expr
	 * output where control characters are escaped in literals), the text */
	StrBuf key = STRBUF_INIT;
	if (context_type)
		sb_append(&key, context_type);
	sb_putc(&key, '\x1f');
	sb_append(&key, text);
	const char *res = hmap_get(&in->expr_cache, sb_str(&key));
	if (!res) {
		const char *n = expr_normalize_sql(in->a, text, context_type);
		res = n ? n : istr(in, text);
		hmap_put(&in->expr_cache, arena_strndup(in->a, sb_str(&key), key.len), (void *)res);
	}
	sb_release(&key);
	return res;
}

const char **ijson_strs(Intro *in, json_t *j, size_t *n)
{
	*n = 0;
	if (!j || !json_is_array(j))
		return NULL;
	size_t cnt = json_array_size(j);
	const char **v = arena_array(in->a, const char *, cnt + 1);
	for (size_t i = 0; i < cnt; i++) {
		json_t *e = json_array_get(j, i);
		v[i] = json_is_string(e) ? istr(in, json_string_value(e)) : NULL;
	}
	*n = cnt;
	return v;
}

void irel_put(Intro *in, const char *oid, CatObject *o)
{
	hmap_put(&in->rel_by_oid, istr(in, oid), o);
}

CatObject *irel_get(Intro *in, const char *oid)
{
	return oid ? hmap_get(&in->rel_by_oid, oid) : NULL;
}

/* ---- roles and owners --------------------------------------------------------------------------- */

const char *iowner(Intro *in, const char *role)
{
	/* pg_database_owner's members are implicit (the database's owner): an owner the model cannot test */
	return role && strcmp(role, "pg_database_owner") ? istr(in, role) : NULL;
}

/* Every role of the server and the roles it is a member of (catalog/role.h): the catalog's roles are then
 * complete. From PostgreSQL 16 on, whether a membership inherits is a property of each grant: every role
 * is taken as inheriting there, which can only let more through. */
static void row_role(Intro *in, PGresult *r, int i)
{
	CatRole *role = cat_role_add(in->cat, ires_str(r, i, 0));
	role->superuser = ires_bool(r, i, 1);
	role->inherit = in->server_version >= 160000 || ires_bool(r, i, 2);
	json_t *j = ires_json(r, i, 3);
	size_t n = 0;
	const char **groups = ijson_strs(in, j, &n);
	json_decref(j);
	for (size_t k = 0; k < n; k++)
		cat_role_grant(in->cat, role, groups[k]);
	in->cat->roles.complete = true;
}

static void q_roles(StrBuf *sb)
{
	sb_append(sb, "SELECT r.rolname, r.rolsuper, r.rolinherit,\n"
	              " (SELECT json_agg(g.rolname ORDER BY g.rolname) FROM pg_auth_members m\n"
	              "   JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid)\n"
	              "FROM pg_roles r ORDER BY 1;\n");
}

/* ---- schemas, extensions ------------------------------------------------------------------------ */

static void row_schema(Intro *in, PGresult *r, int i)
{
	const char *name = ires_str(r, i, 0);
	CatSchema *s = (CatSchema *)catalog_add(in->cat, OBJ_SCHEMA, NULL, name, NULL, NULL);
	s->owner_role = istr(in, ires_str(r, i, 1));
	s->h.rolowner = iowner(in, s->owner_role);
	const char *comment = ires_str(r, i, 2);
	/* initdb's comment on public is not part of anyone's schema (docs/normalization.md) */
	if (comment && !catalog_schema_comment_is_initdb(name, comment))
		s->h.comment = icomment(in, comment);
}

static void row_extension(Intro *in, PGresult *r, int i)
{
	CatExtension *x =
	    (CatExtension *)catalog_add(in->cat, OBJ_EXTENSION, NULL, ires_str(r, i, 0), NULL, NULL);
	x->ext_schema = istr(in, ires_str(r, i, 1));
	x->version = istr(in, ires_str(r, i, 2));
	x->h.comment = icomment(in, ires_str(r, i, 3)); /* not compared: see compare.c */
	catalog_add_extension_schemas(in->cat, x);      /* its members are not read (NOT_EXT) */
}

/* ---- types -------------------------------------------------------------------------------------- */

static void row_type(Intro *in, PGresult *r, int i)
{
	CatType *t =
	    (CatType *)catalog_add(in->cat, OBJ_TYPE, ires_str(r, i, 1), ires_str(r, i, 2), NULL, NULL);
	t->type_kind = (CatTypeKind)ires_str(r, i, 3)[0];
	json_t *j;
	switch (t->type_kind) {
	case TYPE_ENUM:
		j = ires_json(r, i, 4);
		t->labels = ijson_strs(in, j, &t->nlabels);
		json_decref(j);
		break;
	case TYPE_DOMAIN:
		t->base_type = itype(in, ires_str(r, i, 5), ires_str(r, i, 6));
		t->not_null = ires_bool(r, i, 7);
		t->default_expr = iexpr(in, ires_str(r, i, 8), t->base_type);
		t->collation = istr(in, ires_str(r, i, 9));
		j = ires_json(r, i, 10);
		if (j && json_is_array(j)) {
			t->nchecks = json_array_size(j);
			t->checks = arena_array(in->a, CatDomainCheck, t->nchecks + 1);
			for (size_t k = 0; k < t->nchecks; k++) {
				json_t *e = json_array_get(j, k);
				t->checks[k].name = istr(in, json_string_value(json_array_get(e, 0)));
				t->checks[k].expr = iexpr(in, json_string_value(json_array_get(e, 1)), NULL);
				t->checks[k].not_valid = !json_is_true(json_array_get(e, 2));
			}
		}
		json_decref(j);
		break;
	case TYPE_COMPOSITE:
		j = ires_json(r, i, 11);
		if (j && json_is_array(j)) {
			t->nattrs = json_array_size(j);
			t->attrs = arena_array(in->a, CatAttr, t->nattrs + 1);
			for (size_t k = 0; k < t->nattrs; k++) {
				json_t *e = json_array_get(j, k);
				t->attrs[k].name = istr(in, json_string_value(json_array_get(e, 0)));
				t->attrs[k].type = itype(in, json_string_value(json_array_get(e, 1)),
				                         json_string_value(json_array_get(e, 2)));
				t->attrs[k].collation = istr(in, json_string_value(json_array_get(e, 3)));
			}
		}
		json_decref(j);
		break;
	case TYPE_RANGE:
		t->subtype = itype(in, ires_str(r, i, 12), ires_str(r, i, 13));
		break;
	default:
		break;
	}
	t->h.comment = icomment(in, ires_str(r, i, 14));
}

/* ---- functions ---------------------------------------------------------------------------------- */

/* Split pg_get_expr(proargdefaults) ("1, 'x'::text") into normalized expressions, filling the last
 * defaults of the input arguments of F. */
static void fill_arg_defaults(Intro *in, CatFunction *f, const char *text)
{
	if (!text || !*text)
		return;
	PgQuery__SelectStmt *s;
	PgQuery__ParseResult *res = sql_parse_select_text(text, true, &s);
	if (!res)
		return;
	/* input arguments, from the last one backwards */
	size_t k = s->n_target_list;
	for (size_t a = f->nargs; a-- > 0 && k > 0;) {
		char m = f->arg_modes[a];
		if (m == 'o' || m == 't')
			continue;
		const PgQuery__Node *t = sql_select_target(s, --k);
		if (t)
			f->arg_defaults[a] = expr_normalize(in->a, t, f->arg_types[a]);
	}
	pg_query__parse_result__free_unpacked(res, NULL);
}

/* A function's body: its source text, or for a SQL-standard body (pg_get_functiondef's text) the part from
 * the line that starts with RETURN or BEGIN ATOMIC, normalized as replay normalizes its own. */
static const char *ibody(Intro *in, const char *src)
{
	if (!src || strncmp(src, "CREATE OR REPLACE ", 18))
		return istr(in, src);
	const char *b = strstr(src, "\nBEGIN ATOMIC");
	if (!b)
		b = strstr(src, "\nRETURN ");
	if (!b)
		return istr(in, src);
	size_t n = strlen(b + 1);
	while (n && (b[n] == '\n' || b[n] == ' '))
		n--;
	char *body = xstrndup(b + 1, n);
	const char *r = sqlbody_normalize_sql(in->a, body);
	const char *out = r ? r : istr(in, body);
	free(body);
	return out;
}

static void row_function(Intro *in, PGresult *r, int i)
{
	CatFunction *f = (CatFunction *)catalog_add(in->cat, OBJ_FUNCTION, ires_str(r, i, 1),
	                                            ires_str(r, i, 2), NULL, NULL);
	f->is_procedure = ires_str(r, i, 3)[0] == 'p';
	f->is_window = ires_str(r, i, 3)[0] == 'w';
	json_t *types = ires_json(r, i, 4); /* [[format_type, nspname], ...] */
	json_t *modes = ires_json(r, i, 5);
	json_t *names = ires_json(r, i, 6);
	f->nargs = types && json_is_array(types) ? json_array_size(types) : 0;
	f->arg_types = arena_array(in->a, const char *, f->nargs + 1);
	f->arg_names = arena_array(in->a, const char *, f->nargs + 1);
	f->arg_defaults = arena_array(in->a, const char *, f->nargs + 1);
	f->arg_modes = arena_array(in->a, char, f->nargs + 1);
	for (size_t k = 0; k < f->nargs; k++) {
		json_t *e = json_array_get(types, k);
		f->arg_types[k] = itype(in, json_string_value(json_array_get(e, 0)),
		                        json_string_value(json_array_get(e, 1)));
		const char *m = modes ? json_string_value(json_array_get(modes, k)) : NULL;
		f->arg_modes[k] = m && *m ? m[0] : 'i';
		const char *nm = names ? json_string_value(json_array_get(names, k)) : NULL;
		f->arg_names[k] = nm && *nm ? istr(in, nm) : NULL;
	}
	json_decref(types);
	json_decref(modes);
	json_decref(names);
	fill_arg_defaults(in, f, ires_str(r, i, 7));
	if (!f->is_procedure) {
		StrBuf sb = STRBUF_INIT;
		bool table = false;
		for (size_t k = 0; k < f->nargs; k++) {
			if (f->arg_modes[k] != 't')
				continue;
			sb_append(&sb, table ? ", " : "TABLE(");
			table = true;
			if (f->arg_names[k]) {
				cat_quote_ident(&sb, f->arg_names[k]);
				sb_putc(&sb, ' ');
			}
			sb_append(&sb, f->arg_types[k]);
		}
		if (table) {
			sb_putc(&sb, ')');
		} else {
			if (ires_bool(r, i, 10))
				sb_append(&sb, "SETOF ");
			const char *rt = itype(in, ires_str(r, i, 8), ires_str(r, i, 9));
			sb_append(&sb, rt ? rt : "?");
		}
		f->returns = istr(in, sb_str(&sb));
		sb_release(&sb);
	}
	f->language = istr(in, ires_str(r, i, 11));
	f->volatility = ires_str(r, i, 12)[0];
	f->security_definer = ires_bool(r, i, 13);
	f->strict = ires_bool(r, i, 14);
	f->body = ibody(in, ires_str(r, i, 15));
	f->h.comment = icomment(in, ires_str(r, i, 16));
	catalog_function_register(in->cat, f);
	hmap_put(&in->fn_by_oid, istr(in, ires_str(r, i, 0)), f);
}

/* ---- sequences ---------------------------------------------------------------------------------- */

static void row_sequence(Intro *in, PGresult *r, int i)
{
	CatSequence *s = (CatSequence *)catalog_add(in->cat, OBJ_SEQUENCE, ires_str(r, i, 1),
	                                            ires_str(r, i, 2), NULL, NULL);
	irel_put(in, ires_str(r, i, 0), &s->h);
	s->data_type = istr(in, ires_str(r, i, 3));
	s->start = ires_ll(r, i, 4);
	s->increment = ires_ll(r, i, 5);
	s->min = ires_ll(r, i, 6);
	s->max = ires_ll(r, i, 7);
	s->cache = ires_ll(r, i, 8);
	s->cycle = ires_bool(r, i, 9);
	/* owned-by / identity: resolved in introspect_rel.c once tables exist (columns 10..12) */
	s->h.comment = icomment(in, ires_str(r, i, 13));
	s->h.rolowner = iowner(in, ires_str(r, i, 14));
}

/* ---- the batch ---------------------------------------------------------------------------------- */

#define NOT_EXT(cls, oidexpr) oidexpr " NOT IN " EXT_MEMBERS(cls)

/* Collation name of oid expression X when it is not the default one of type oid expression T. */
#define COLL_IF_NOT_DEFAULT(x, t)                                                             \
	"(SELECT co.collname FROM pg_collation co WHERE co.oid = " x " AND " x " <> 0 AND " x \
	" <> (SELECT ct.typcollation FROM pg_type ct WHERE ct.oid = " t "))"

static void q_schemas(Intro *in, StrBuf *sb)
{
	sb_appendf(sb,
	           "SELECT n.nspname, pg_get_userbyid(n.nspowner), ds.description\n"
	           "FROM pg_namespace n" DESCR_JOIN("ds", "n.oid", "pg_namespace",
	                                            "0") "WHERE %s AND " NOT_EXT("pg_namespace",
	                                                                         "n.oid") " ORDER BY 1;\n",
	           in->nspfilter);
}

static void q_extensions(Intro *in, StrBuf *sb, const char *schemalist)
{
	sb_appendf(
	    sb,
	    "SELECT x.extname, n.nspname, x.extversion, ds.description FROM pg_extension x\n"
	    "JOIN pg_namespace n ON n.oid = x.extnamespace" DESCR_JOIN(
	        "ds", "x.oid", "pg_extension", "0") "WHERE x.extname <> 'plpgsql' AND %s ORDER BY 1;\n",
	    schemalist);
}

static void q_types(Intro *in, StrBuf *sb)
{
	sb_appendf(
	    sb,
	    "SELECT t.oid, n.nspname, t.typname, t.typtype,\n"
	    " CASE WHEN t.typtype = 'e' THEN (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM "
	    "pg_enum e\n"
	    "   WHERE e.enumtypid = t.oid) END,\n"
	    " CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END, bn.nspname,\n"
	    " t.typnotnull, pg_get_expr(t.typdefaultbin, 0),\n"
	    " CASE WHEN t.typtype = 'd' THEN " COLL_IF_NOT_DEFAULT(
	        "t.typcollation",
	        "t.typbasetype") " END,\n"
	                         " CASE WHEN t.typtype = 'd' THEN (SELECT "
	                         "json_agg(json_build_array(c.conname, pg_get_expr(c.conbin, 0),\n"
	                         "   c.convalidated) ORDER BY c.conname) FROM pg_constraint c WHERE "
	                         "c.contypid = t.oid AND c.contype = 'c') END,\n"
	                         " CASE WHEN t.typtype = 'c' THEN (SELECT "
	                         "json_agg(json_build_array(a.attname, format_type(a.atttypid,\n"
	                         "   a.atttypmod), an.nspname, " COLL_IF_NOT_DEFAULT(
	                             "a.attcollation",
	                             "a.atttypid") ") ORDER BY a.attnum)\n"
	                                           "   FROM pg_attribute a JOIN pg_type at ON at.oid = "
	                                           "a.atttypid JOIN pg_namespace an ON an.oid = "
	                                           "at.typnamespace\n"
	                                           "   WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND "
	                                           "NOT a.attisdropped) END,\n"
	                                           " format_type(rg.rngsubtype, NULL),\n"
	                                           " (SELECT sn.nspname FROM pg_type st JOIN pg_namespace sn "
	                                           "ON sn.oid = st.typnamespace WHERE st.oid = "
	                                           "rg.rngsubtype),\n"
	                                           " ds.description\n"
	                                           "FROM pg_type t JOIN pg_namespace n ON n.oid = "
	                                           "t.typnamespace\n" DESCR_JOIN(
	                                               "ds", "t.oid", "pg_type",
	                                               "0") "LEFT JOIN pg_type bt ON bt.oid = t.typbasetype "
	                                                    "LEFT JOIN pg_namespace bn ON bn.oid = "
	                                                    "bt.typnamespace\n"
	                                                    "LEFT JOIN pg_range rg ON rg.rngtypid = t.oid\n"
	                                                    "WHERE %s AND (t.typtype IN ('e', 'd', 'r') OR "
	                                                    /* shell types; base types, not their arrays */
	                                                    "(t.typtype = 'p' AND NOT t.typisdefined) OR "
	                                                    "(t.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM "
	                                                    "pg_type e WHERE e.typarray = t.oid)) OR "
	                                                    "(t.typtype = 'c' AND\n"
	                                                    "  t.typrelid IN (SELECT c.oid FROM pg_class c "
	                                                    "WHERE "
	                                                    "c.relkind = 'c')))\n"
	                                                    " AND " NOT_EXT("pg_type",
	                                                                    "t.oid") " ORDER BY 2, 3;\n",
	    in->nspfilter);
}

static void q_functions(Intro *in, StrBuf *sb)
{
	sb_appendf(
	    sb,
	    "SELECT p.oid, n.nspname, p.proname, p.prokind,\n"
	    " (SELECT json_agg(json_build_array(format_type(a.t, NULL), tn.nspname) ORDER BY a.o)\n"
	    "  FROM unnest(COALESCE(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY a(t, o)\n"
	    "  JOIN pg_type ty ON ty.oid = a.t JOIN pg_namespace tn ON tn.oid = ty.typnamespace),\n"
	    " to_json(p.proargmodes), to_json(p.proargnames), pg_get_expr(p.proargdefaults, 0),\n"
	    " format_type(p.prorettype, NULL), rn.nspname, p.proretset, l.lanname, p.provolatile, "
	    "p.prosecdef,\n"
	    " p.proisstrict, CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_functiondef(p.oid) ELSE p.prosrc "
	    "END,\n"
	    " ds.description\n"
	    "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid "
	    "= p.prolang\n" DESCR_JOIN(
	        "ds", "p.oid", "pg_proc",
	        "0") "JOIN pg_type rt ON rt.oid = p.prorettype JOIN pg_namespace rn ON rn.oid = "
	             "rt.typnamespace\n"
	             "WHERE %s AND p.prokind IN ('f', 'p', 'w') AND " NOT_EXT(
	                 "pg_proc", "p.oid") "\n"
	                                     " AND NOT EXISTS (SELECT 1 FROM pg_depend id WHERE "
	                                     "id.classid = 'pg_proc'::regclass AND id.objid = p.oid\n"
	                                     "   AND id.deptype = 'i') ORDER BY 2, 3, 1;\n",
	    in->nspfilter);
}

static void q_sequences(Intro *in, StrBuf *sb)
{
	sb_appendf(
	    sb,
	    "SELECT c.oid, n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,\n"
	    " s.seqmin, s.seqmax, s.seqcache, s.seqcycle, d.refobjid, a.attname, d.deptype,\n"
	    " ds.description, pg_get_userbyid(c.relowner)\n"
	    "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = "
	    "c.relnamespace\n" DESCR_JOIN(
	        "ds", "c.oid", "pg_class",
	        "0") "LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid\n"
	             "  AND d.refclassid = 'pg_class'::regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', "
	             "'i')\n"
	             "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid\n"
	             "WHERE %s AND " NOT_EXT("pg_class", "c.oid") " ORDER BY 2, 3;\n",
	    in->nspfilter);
}

/* Sequences are added before tables (identity columns point at them); their OWNED BY is set here once the
 * tables exist. Called after the whole batch was processed. */
static void link_sequences(Intro *in, PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++) {
		CatSequence *s = (CatSequence *)irel_get(in, ires_str(r, i, 0));
		CatObject *t = irel_get(in, ires_str(r, i, 10));
		if (!s || !t || t->kind != OBJ_TABLE)
			continue;
		CatTable *tab = (CatTable *)t;
		s->owned_by_table = tab;
		s->owned_by_column = istr(in, ires_str(r, i, 11));
		s->is_identity = ires_str(r, i, 12)[0] == 'i';
		catalog_add_dep(in->cat, &s->h, t, s->owned_by_column, DEP_AUTO);
		if (s->is_identity) {
			CatColumn *c = table_find_column(tab, s->owned_by_column);
			if (c)
				c->identity_seq = s;
		}
	}
}

/* Each result of the batch, in batch order, as it arrives: its rows to the query's handler. */
static void handle_result(Intro *in, size_t q, PGresult *r)
{
	for (int i = 0; i < PQntuples(r); i++)
		in->fns[q](in, r, i);
}

/* SQL condition on pg_namespace alias n: the schema list (or true). malloc. */
static char *schema_list_cond(PGconn *conn, const IntrospectOptions *opts)
{
	if (!opts || !opts->nschemas)
		return xstrdup("true");
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "n.nspname IN (");
	for (size_t i = 0; i < opts->nschemas; i++) {
		char *lit = PQescapeLiteral(conn, opts->schemas[i], strlen(opts->schemas[i]));
		sb_appendf(&sb, "%s%s", i ? ", " : "", lit ? lit : "''");
		PQfreemem(lit);
	}
	sb_putc(&sb, ')');
	return sb_detach(&sb);
}

int introspect_catalog(PGconn *conn, const IntrospectOptions *opts, Catalog **out, DiagList *dl)
{
	*out = NULL;
	Intro in = {0};
	in.conn = conn;
	in.dl = dl;
	in.server_version = PQserverVersion(conn);
	if (in.server_version < 120000) {
		diag_add(dl, SEV_ERROR, "introspect", NULL, 0, 0,
		         "server version %d is not supported (PostgreSQL 12 or later is needed)",
		         in.server_version);
		return -1;
	}
	in.cat = catalog_new();
	in.a = &in.cat->arena;
	hmap_init(&in.rel_by_oid);
	hmap_init(&in.fn_by_oid);
	hmap_init(&in.con_by_idx);
	hmap_init(&in.expr_cache);
	hmap_init(&in.idxdef_cache);
	char *list = schema_list_cond(conn, opts);
	in.nspfilter = arena_sprintf(in.a,
	                             "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ "
	                             "'^pg_(toast|temp_)' AND %s",
	                             list);

	IntroRowFn fns[INTRO_MAX_QUERIES];
	size_t ends[ARRAY_LEN(fns)];
	bool second[ARRAY_LEN(fns)] = {0}; /* which a second connection runs (introspect_rel_queries) */
	size_t nq = 0;
	StrBuf sb = STRBUF_INIT;
	q_roles(&sb);
	fns[nq] = row_role;
	ends[nq++] = sb.len;
	q_schemas(&in, &sb);
	fns[nq] = row_schema;
	ends[nq++] = sb.len;
	q_extensions(&in, &sb, list);
	fns[nq] = row_extension;
	ends[nq++] = sb.len;
	q_types(&in, &sb);
	fns[nq] = row_type;
	second[nq] = true;
	ends[nq++] = sb.len;
	q_functions(&in, &sb);
	fns[nq] = row_function;
	second[nq] = true;
	ends[nq++] = sb.len;
	q_sequences(&in, &sb);
	fns[nq] = row_sequence;
	ends[nq++] = sb.len;
	size_t seq_q = nq - 1;

	size_t rel_q = nq;
	nq += introspect_rel_queries(&in, &sb, fns + nq, ends + nq, second + nq, ARRAY_LEN(fns) - nq);
	free(list);

	PGresult *res[ARRAY_LEN(fns)] = {0};
	in.fns = fns;
	int rc = introspect_batch(&in, sb_str(&sb), ends, nq, second, res, handle_result);
	sb_release(&sb);
	if (rc == 0 && introspect_rel_resolve(&in) != 0)
		rc = -1;
	if (introspect_batch_end(&in, rc == 0) != 0)
		rc = -1;
	if (rc == 0) {
		introspect_rel_post(&in, res + rel_q);
		link_sequences(&in, res[seq_q]);
	}
	for (size_t q = 0; q < nq; q++)
		PQclear(res[q]);
	hmap_release(&in.rel_by_oid);
	hmap_release(&in.fn_by_oid);
	hmap_release(&in.con_by_idx);
	hmap_release(&in.expr_cache);
	hmap_release(&in.idxdef_cache);
	introspect_rel_release(&in);
	if (rc != 0) {
		catalog_free(in.cat);
		return -1;
	}
	*out = in.cat;
	return 0;
}

const char **introspect_search_path(PGconn *conn, Catalog *cat, size_t *n)
{
	PGresult *r = PQexec(conn, "SELECT s FROM unnest(current_schemas(false)) AS s");
	int k = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	const char **v = xcalloc((size_t)k + 1, sizeof(*v));
	for (int i = 0; i < k; i++)
		v[i] = arena_strdup(&cat->arena, PQgetvalue(r, i, 0));
	PQclear(r);
	*n = (size_t)k;
	return v;
}
