/* tenant_guard.c — which names the tenant commands may act on, and `tenant drop` (see tenant_guard.h). */
#include "strata.h"
#include "sql/quote.h"
#include "db/session.h"
#include "exec/tenant_guard.h"

typedef enum Protection { PROT_NONE = 0, PROT_NAME, PROT_CONTENT } Protection;

/* Objects outside schema $1 that depend, directly or through other objects, on something in it: what
 * DROP SCHEMA ... CASCADE would drop beyond the schema. Each dependent is placed in the schema of the
 * object it belongs to (a default or trigger in its table's schema, a toast table in its table's); an
 * object of a global kind (a cast, an event trigger, a publication membership) is outside by definition.
 * An object that is only an internal part of something reached ('i': the triggers a foreign key from the
 * tenant into a shared table puts on the shared table) goes with it and is not counted.
 * Returns the number of such objects and the first three, described. */
static const char dependents_sql[] =
    "WITH RECURSIVE ns AS (SELECT oid FROM pg_namespace WHERE nspname = $1),\n"
    "dep(classid, objid, internal) AS (\n"
    "  SELECT d.classid, d.objid, false FROM pg_depend d, ns\n"
    "   WHERE d.refclassid = 'pg_namespace'::regclass AND d.refobjid = ns.oid\n"
    "  UNION\n"
    "  SELECT d.classid, d.objid, d.deptype = 'i' FROM pg_depend d JOIN dep\n"
    "    ON d.refclassid = dep.classid AND d.refobjid = dep.objid),\n"
    "placed AS (SELECT classid, objid, bool_and(internal) AS internal, CASE classid\n"
    "  WHEN 'pg_class'::regclass THEN (SELECT CASE WHEN c.relnamespace <> 'pg_toast'::regnamespace\n"
    "     THEN c.relnamespace ELSE (SELECT o.relnamespace FROM pg_class o WHERE o.reltoastrelid =\n"
    "       coalesce((SELECT indrelid FROM pg_index WHERE indexrelid = c.oid), c.oid)) END\n"
    "     FROM pg_class c WHERE c.oid = objid)\n"
    "  WHEN 'pg_type'::regclass THEN (SELECT typnamespace FROM pg_type WHERE oid = objid)\n"
    "  WHEN 'pg_proc'::regclass THEN (SELECT pronamespace FROM pg_proc WHERE oid = objid)\n"
    "  WHEN 'pg_constraint'::regclass THEN (SELECT connamespace FROM pg_constraint WHERE oid = objid)\n"
    "  WHEN 'pg_attrdef'::regclass THEN (SELECT c.relnamespace FROM pg_attrdef a\n"
    "     JOIN pg_class c ON c.oid = a.adrelid WHERE a.oid = objid)\n"
    "  WHEN 'pg_rewrite'::regclass THEN (SELECT c.relnamespace FROM pg_rewrite r\n"
    "     JOIN pg_class c ON c.oid = r.ev_class WHERE r.oid = objid)\n"
    "  WHEN 'pg_trigger'::regclass THEN (SELECT c.relnamespace FROM pg_trigger t\n"
    "     JOIN pg_class c ON c.oid = t.tgrelid WHERE t.oid = objid)\n"
    "  WHEN 'pg_policy'::regclass THEN (SELECT c.relnamespace FROM pg_policy p\n"
    "     JOIN pg_class c ON c.oid = p.polrelid WHERE p.oid = objid)\n"
    "  WHEN 'pg_operator'::regclass THEN (SELECT oprnamespace FROM pg_operator WHERE oid = objid)\n"
    "  WHEN 'pg_opclass'::regclass THEN (SELECT opcnamespace FROM pg_opclass WHERE oid = objid)\n"
    "  WHEN 'pg_opfamily'::regclass THEN (SELECT opfnamespace FROM pg_opfamily WHERE oid = objid)\n"
    "  WHEN 'pg_amop'::regclass THEN (SELECT f.opfnamespace FROM pg_amop a\n"
    "     JOIN pg_opfamily f ON f.oid = a.amopfamily WHERE a.oid = objid)\n"
    "  WHEN 'pg_amproc'::regclass THEN (SELECT f.opfnamespace FROM pg_amproc a\n"
    "     JOIN pg_opfamily f ON f.oid = a.amprocfamily WHERE a.oid = objid)\n"
    "  WHEN 'pg_collation'::regclass THEN (SELECT collnamespace FROM pg_collation WHERE oid = objid)\n"
    "  WHEN 'pg_conversion'::regclass THEN (SELECT connamespace FROM pg_conversion WHERE oid = objid)\n"
    "  WHEN 'pg_statistic_ext'::regclass THEN (SELECT stxnamespace FROM pg_statistic_ext WHERE oid = "
    "objid)\n"
    "  WHEN 'pg_ts_config'::regclass THEN (SELECT cfgnamespace FROM pg_ts_config WHERE oid = objid)\n"
    "  WHEN 'pg_ts_dict'::regclass THEN (SELECT dictnamespace FROM pg_ts_dict WHERE oid = objid)\n"
    "  WHEN 'pg_ts_parser'::regclass THEN (SELECT prsnamespace FROM pg_ts_parser WHERE oid = objid)\n"
    "  WHEN 'pg_ts_template'::regclass THEN (SELECT tmplnamespace FROM pg_ts_template WHERE oid = objid)\n"
    "  WHEN 'pg_extension'::regclass THEN (SELECT extnamespace FROM pg_extension WHERE oid = objid)\n"
    "  WHEN 'pg_default_acl'::regclass THEN (SELECT defaclnamespace FROM pg_default_acl WHERE oid = "
    "objid)\n"
    "  END AS nsp FROM dep GROUP BY classid, objid),\n"
    "outside AS (SELECT pg_describe_object(classid, objid, 0) AS what FROM placed, ns\n"
    "  WHERE placed.nsp IS DISTINCT FROM ns.oid AND NOT placed.internal)\n"
    "SELECT (SELECT count(*) FROM outside), (SELECT string_agg(what, ', ') FROM\n"
    "  (SELECT what FROM outside ORDER BY what LIMIT 3) f)";

/* Name rules that need no database. */
static const char *name_protection(const TenantGuard *g, const char *name)
{
	if (g->mode == TMODE_DATABASE) {
		if (!strcmp(name, "template0") || !strcmp(name, "template1"))
			return "it is a template database";
		if (!strcmp(name, "postgres"))
			return "it is the postgres maintenance database";
		return NULL;
	}
	if (!strcmp(name, "strata"))
		return "it is strata's own schema (it holds strata.ledger)";
	if (g->history_schema && !strcmp(name, g->history_schema))
		return "it is strata's history schema";
	if (g->shared && !strcmp(name, g->shared))
		return "it is the shared schema";
	if (!strncmp(name, "pg_", 3) || !strcmp(name, "information_schema"))
		return "it is a system schema";
	return NULL;
}

/* The protection of NAME and its reason (*WHY, malloc'd). -1 on a database error. */
static int protection(PGconn *conn, const TenantGuard *g, const char *name, bool dependents, Protection *kind,
                      char **why, DiagList *dl)
{
	*kind = PROT_NONE;
	*why = NULL;
	const char *static_why = name_protection(g, name);
	if (static_why) {
		*kind = PROT_NAME;
		*why = xstrdup(static_why);
		return 0;
	}
	const char *p[1] = {name};
	if (g->mode == TMODE_DATABASE) {
		PGresult *r = db_query(conn,
		                       "SELECT $1 = current_database(), coalesce((SELECT datistemplate FROM "
		                       "pg_database WHERE datname = $1), false)",
		                       1, p, "checking the tenant database", dl);
		if (!r)
			return -1;
		if (PQgetvalue(r, 0, 0)[0] == 't')
			*why = xstrdup("it is the server's main database (it holds strata.ledger)");
		else if (PQgetvalue(r, 0, 1)[0] == 't')
			*why = xstrdup("it is a template database");
		PQclear(r);
		if (*why)
			*kind = PROT_NAME;
		return 0;
	}
	PGresult *r = db_query(conn,
	                       "SELECT string_agg(format('\"%s\"', extname), ', ' ORDER BY extname) FROM "
	                       "pg_extension WHERE extnamespace = (SELECT oid FROM pg_namespace WHERE "
	                       "nspname = $1)",
	                       1, p, "checking the tenant schema", dl);
	if (!r)
		return -1;
	if (!PQgetisnull(r, 0, 0)) {
		*kind = PROT_CONTENT;
		*why = xasprintf("its schema holds extension %s", PQgetvalue(r, 0, 0));
	}
	PQclear(r);
	if (*kind || !dependents)
		return 0;
	r = db_query(conn, dependents_sql, 1, p, "finding what depends on the tenant schema", dl);
	if (!r)
		return -1;
	long long n = atoll(PQgetvalue(r, 0, 0));
	if (n > 0) {
		*kind = PROT_CONTENT;
		*why = xasprintf("DROP SCHEMA ... CASCADE would also drop %lld object%s outside it: %s%s", n,
		                 n == 1 ? "" : "s", PQgetvalue(r, 0, 1), n > 3 ? ", ..." : "");
	}
	PQclear(r);
	return 0;
}

int tenant_protected(PGconn *conn, const TenantGuard *g, const char *name, bool dependents, char **why,
                     DiagList *dl)
{
	Protection kind;
	return protection(conn, g, name, dependents, &kind, why, dl);
}

int tenant_add_check(PGconn *const *conns, size_t n_conns, const TenantGuard *g, char *const *names, size_t n,
                     DiagList *dl)
{
	int refused = 0;
	for (size_t k = 0; k < n; k++) {
		char *why = NULL;
		for (size_t i = 0; i < n_conns && !why; i++) {
			/* schema mode: only the server that has (or gets) the schema matters, and a schema of
			 * that name elsewhere is another server's business; the name rules are the same */
			if (tenant_protected(conns[i], g, names[k], false, &why, dl) != 0)
				return -1;
		}
		if (why) {
			Diag *d = diag_add(dl, SEV_ERROR, "tenant-name", NULL, 0, 0,
			                   "\"%s\" cannot be a tenant: %s", names[k], why);
			diag_set_hint(d, "nothing was created; pick another name");
			refused++;
		}
		free(why);
	}
	return refused;
}

/* ---- drop ---- */

static bool listed(const TenantDropServer *s, const char *name)
{
	for (size_t i = 0; i < s->n_source; i++)
		if (!strcmp(s->source[i], name))
			return true;
	return false;
}

/* Whether NAME has a schema/database (*EXISTS) and a ledger row (*IN_LEDGER) on CONN. */
static int facts(PGconn *conn, const TenantGuard *g, const char *name, bool *exists, bool *in_ledger,
                 DiagList *dl)
{
	const char *p[1] = {name};
	PGresult *r = db_query(conn,
	                       g->mode == TMODE_DATABASE
	                           ? "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1), "
	                             "EXISTS (SELECT 1 FROM strata.ledger WHERE target = $1)"
	                           : "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1), "
	                             "EXISTS (SELECT 1 FROM strata.ledger WHERE target = $1)",
	                       1, p, "finding the tenant", dl);
	if (!r)
		return -1;
	*exists = PQgetvalue(r, 0, 0)[0] == 't';
	*in_ledger = PQgetvalue(r, 0, 1)[0] == 't';
	PQclear(r);
	return 0;
}

static void busy(DiagList *dl, const char *name)
{
	Diag *d = diag_add(dl, SEV_ERROR, "target-busy", NULL, 0, 0,
	                   "tenant \"%s\" is being migrated by another session", name);
	diag_set_hint(d, "nothing was dropped; re-run when that session is done");
}

static void refused(DiagList *dl, const char *name, const char *why)
{
	Diag *d = diag_add(dl, SEV_ERROR, "tenant-drop-refused", NULL, 0, 0,
	                   "tenant \"%s\" was not dropped: %s", name, why);
	diag_set_hint(d, strstr(why, "extension")
	                     ? "nothing was dropped; move the extension out (ALTER EXTENSION ... SET "
	                       "SCHEMA) or drop it, then re-run"
	                     : "nothing was dropped; drop or change those objects first, then re-run");
}

static void protected_name(DiagList *dl, const char *name, const char *why)
{
	diag_add(dl, SEV_ERROR, "tenant-name", NULL, 0, 0, "\"%s\" is not a tenant: %s; nothing was dropped",
	         name, why);
}

/* The decision under the lock, shared by both modes: TDROP_DROPPED means "go ahead". */
static TenantDropOutcome decide(PGconn *conn, const TenantGuard *g, const char *name, bool in_source,
                                bool *exists, bool *in_ledger, TenantDropResult *out, DiagList *dl)
{
	if (facts(conn, g, name, exists, in_ledger, dl) != 0)
		return TDROP_ERROR;
	if (!*in_ledger && !in_source) { /* dropped meanwhile */
		diag_add(dl, SEV_ERROR, "unknown-tenant", NULL, 0, 0, "tenant \"%s\" does not exist", name);
		return TDROP_UNKNOWN;
	}
	Protection kind = PROT_NONE;
	char *why = NULL;
	if (protection(conn, g, name, *exists, &kind, &why, dl) != 0)
		return TDROP_ERROR;
	if (kind == PROT_NAME && *in_ledger) {
		out->protection = why;
		return TDROP_LEDGER_ONLY;
	}
	TenantDropOutcome o = TDROP_DROPPED;
	if (kind == PROT_NAME) {
		Diag *d = diag_add(dl, SEV_ERROR, "tenant-name", NULL, 0, 0,
		                   "[tenants] source returns \"%s\", but %s; nothing was dropped", name, why);
		diag_set_hint(d, "fix [tenants] source so it returns tenant names only");
		o = TDROP_PROTECTED;
	} else if (kind == PROT_CONTENT) {
		refused(dl, name, why);
		o = TDROP_REFUSED;
	}
	free(why);
	return o;
}

static void drop_schema(PGconn *conn, const TenantGuard *g, const char *name, bool in_source,
                        TenantDropResult *out, DiagList *dl)
{
	const char *p[1] = {name};
	if (db_exec(conn, "BEGIN", "starting the transaction", dl) != 0) {
		out->outcome = TDROP_ERROR;
		return;
	}
	/* the key strata.claim() takes: a rollout on this tenant and the drop take turns */
	PGresult *l = db_query(conn,
	                       "SELECT pg_try_advisory_xact_lock(hashtextextended('strata:' || "
	                       "current_database() || '/tenant/' || $1, 0))",
	                       1, p, "locking the tenant", dl);
	bool exists = false, in_ledger = false;
	if (!l)
		out->outcome = TDROP_ERROR;
	else if (PQgetvalue(l, 0, 0)[0] != 't') {
		busy(dl, name);
		out->outcome = TDROP_BUSY;
	} else
		out->outcome = decide(conn, g, name, in_source, &exists, &in_ledger, out, dl);
	PQclear(l);
	bool ok = out->outcome == TDROP_DROPPED || out->outcome == TDROP_LEDGER_ONLY;
	if (ok && out->outcome == TDROP_DROPPED && exists) {
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "DROP SCHEMA ");
		sql_quote_ident(&q, name);
		sb_append(&q, " CASCADE");
		ok = db_exec(conn, sb_str(&q), "dropping the tenant schema", dl) == 0;
		sb_release(&q);
		out->had_object = ok;
	}
	PGresult *e = ok ? db_query(conn, "DELETE FROM strata.ledger WHERE target = $1", 1, p,
	                            "removing the ledger row", dl)
	                 : NULL;
	ok = e && db_exec(conn, "COMMIT", "committing", dl) == 0;
	PQclear(e);
	if (!ok) {
		PQclear(PQexec(conn, "ROLLBACK"));
		if (out->outcome == TDROP_DROPPED || out->outcome == TDROP_LEDGER_ONLY)
			out->outcome = TDROP_ERROR;
		out->had_object = false;
	}
}

static void drop_database(PGconn *conn, const TenantGuard *g, const char *name, bool in_source,
                          TenantDropResult *out, DiagList *dl)
{
	const char *p[1] = {name};
	/* DROP DATABASE cannot run in a transaction: the same key as strata.claim(), held by the session */
	PGresult *l = db_query(conn,
	                       "SELECT pg_try_advisory_lock(hashtextextended('strata:' || "
	                       "current_database() || '/tenant/' || $1, 0))",
	                       1, p, "locking the tenant", dl);
	if (!l) {
		out->outcome = TDROP_ERROR;
		return;
	}
	bool locked = PQgetvalue(l, 0, 0)[0] == 't';
	PQclear(l);
	if (!locked) {
		busy(dl, name);
		out->outcome = TDROP_BUSY;
		return;
	}
	bool exists = false, in_ledger = false;
	out->outcome = decide(conn, g, name, in_source, &exists, &in_ledger, out, dl);
	bool ok = out->outcome == TDROP_DROPPED || out->outcome == TDROP_LEDGER_ONLY;
	if (ok && out->outcome == TDROP_DROPPED && exists) {
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&q, name);
		sb_append(&q, " WITH (FORCE)");
		ok = db_exec(conn, sb_str(&q), "dropping the tenant database", dl) == 0;
		sb_release(&q);
		out->had_object = ok;
	}
	PGresult *e = ok ? db_query(conn, "DELETE FROM strata.ledger WHERE target = $1", 1, p,
	                            "removing the ledger row", dl)
	                 : NULL;
	if (ok && !e)
		out->outcome = TDROP_ERROR; /* a crash between the two: a re-run removes the row */
	PQclear(e);
	DiagList quiet = DIAGLIST_INIT;
	PQclear(db_query(conn,
	                 "SELECT pg_advisory_unlock(hashtextextended('strata:' || current_database() || "
	                 "'/tenant/' || $1, 0))",
	                 1, p, "unlocking the tenant", &quiet));
	diag_list_release(&quiet);
}

void tenant_drop(const TenantDropServer *servers, size_t n, const TenantGuard *g, const char *name,
                 TenantDropResult *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	out->server = -1;
	int tenant_at = -1, exists_at = -1;
	for (size_t i = 0; i < n && tenant_at < 0; i++) {
		bool exists = false, in_ledger = false;
		if (facts(servers[i].conn, g, name, &exists, &in_ledger, dl) != 0) {
			out->outcome = TDROP_ERROR;
			return;
		}
		if (in_ledger || listed(&servers[i], name))
			tenant_at = (int)i;
		else if (exists && exists_at < 0)
			exists_at = (int)i;
	}
	if (tenant_at < 0 && exists_at < 0) {
		diag_add(dl, SEV_ERROR, "unknown-tenant", NULL, 0, 0, "tenant \"%s\" does not exist", name);
		out->outcome = TDROP_UNKNOWN;
		return;
	}
	if (tenant_at < 0) {
		char *why = NULL;
		if (tenant_protected(servers[exists_at].conn, g, name, false, &why, dl) != 0) {
			out->outcome = TDROP_ERROR;
			return;
		}
		if (why) {
			protected_name(dl, name, why);
			out->outcome = TDROP_PROTECTED;
		} else {
			Diag *d = diag_add(dl, SEV_ERROR, "not-a-tenant", NULL, 0, 0,
			                   "%s \"%s\" is not a tenant: strata.ledger has no row for it and "
			                   "[tenants] source does not return it",
			                   g->mode == TMODE_DATABASE ? "database" : "schema", name);
			diag_set_hint(d, "tenant drop drops only the tenants strata manages; nothing was "
			                 "dropped");
			out->outcome = TDROP_NOT_TENANT;
		}
		out->server = exists_at;
		free(why);
		return;
	}
	out->server = tenant_at;
	bool in_source = listed(&servers[tenant_at], name);
	if (g->mode == TMODE_DATABASE)
		drop_database(servers[tenant_at].conn, g, name, in_source, out, dl);
	else
		drop_schema(servers[tenant_at].conn, g, name, in_source, out, dl);
}
