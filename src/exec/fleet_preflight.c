/* fleet_preflight.c — the tenant pre-flight of a rollout: fingerprint, group, check one tenant per shape
 * (see fleet_preflight.h). */
#include "strata.h"
#include "analysis/drift.h"
#include "db/history.h"
#include "db/session.h"
#include "db/ledger.h"
#include "exec/fleet_preflight.h"
#include "exec/preflight.h"
#include "exec/progress.h"
#include "exec/status.h"
#include "util/hmap.h"
#include "util/strbuf.h"

/* Schemas per fingerprint query. The query reads every catalog whole (pg_class has no index on its
 * namespace alone), so its cost barely depends on how many schemas it names: one query for a whole server
 * (measured: 10,000 schemas in 1 query took one tenth of 10 queries of 1,000). The bound only caps the
 * size of the name array and of one query's sort. */
#define FP_BATCH 50000

/* The fingerprint of each namespace NS selects: one md5 over what a pending migration can trip on, named
 * relative to the namespace (its own objects by name, objects elsewhere by OID: the same shared table has
 * the same OID for every tenant of a server). Deliberately fine-grained: a difference that does not matter
 * only costs one more check, a difference it missed could give a tenant another tenant's answer. */
static void fingerprint_sql(StrBuf *sb, bool whole_database)
{
	sb_append(sb, "WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE ");
	sb_append(sb, whole_database ? "nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'"
	                             : "nspname = ANY ($1::text[])");
	sb_append(
	    sb,
	    "), parts AS ("
	    "SELECT c.relnamespace AS ns, 'r ' || c.relname || ' ' || c.relkind::text || "
	    "c.relpersistence::text AS x "
	    "FROM pg_class c JOIN ns ON ns.oid = c.relnamespace "
	    "UNION ALL SELECT c.relnamespace, 'a ' || c.relname || '.' || a.attname || ' ' || "
	    "CASE WHEN ty.typnamespace = c.relnamespace THEN ty.typname ELSE a.atttypid::text END || ' ' || "
	    "a.atttypmod || ' ' || a.attnotnull || a.atthasdef || a.attidentity::text || "
	    "a.attgenerated::text || ' ' || "
	    "a.attcollation "
	    "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN ns ON ns.oid = c.relnamespace "
	    "JOIN pg_type ty ON ty.oid = a.atttypid WHERE a.attnum > 0 AND NOT a.attisdropped "
	    "UNION ALL SELECT c.relnamespace, 'k ' || c.relname || '.' || k.conname || ' ' || "
	    "k.contype::text || ' ' "
	    "|| coalesce(k.conkey::text, '') || ' ' || coalesce(CASE WHEN r.relnamespace = c.relnamespace "
	    "THEN "
	    "r.relname ELSE k.confrelid::text END || ' ' || k.confkey::text || k.confupdtype::text || "
	    "k.confdeltype::text "
	    "|| k.confmatchtype::text, '') || ' ' || k.condeferrable || k.condeferred || k.convalidated "
	    "FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN ns ON ns.oid = c.relnamespace "
	    "LEFT JOIN pg_class r ON r.oid = k.confrelid "
	    "UNION ALL SELECT t.typnamespace, 'd ' || t.typname || '.' || k.conname "
	    "FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid JOIN ns ON ns.oid = t.typnamespace "
	    "UNION ALL SELECT c.relnamespace, 'i ' || c.relname || ' ' || tc.relname || ' ' || x.indisunique "
	    "|| x.indisprimary || ' ' || x.indkey::text || ' ' || (x.indexprs IS NULL) || (x.indpred IS "
	    "NULL) "
	    "FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN ns ON ns.oid = c.relnamespace "
	    "JOIN pg_class tc ON tc.oid = x.indrelid "
	    "UNION ALL SELECT t.typnamespace, 't ' || t.typname || ' ' || t.typtype::text FROM pg_type t "
	    "JOIN ns ON ns.oid = t.typnamespace WHERE t.typtype IN ('e', 'd', 'r', 'm') "
	    "UNION ALL SELECT t.typnamespace, 'e ' || t.typname || ' ' || e.enumsortorder || ' ' || "
	    "e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN ns ON ns.oid = "
	    "t.typnamespace "
	    "UNION ALL SELECT p.pronamespace, 'f ' || p.proname || ' ' || p.prokind::text || ' ' || "
	    "coalesce(("
	    "SELECT string_agg(CASE WHEN ty.typnamespace = p.pronamespace THEN ty.typname ELSE ty.oid::text "
	    "END, ',' ORDER BY u.o) FROM unnest(p.proargtypes) WITH ORDINALITY AS u(t, o) "
	    "JOIN pg_type ty ON ty.oid = u.t), '') FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace "
	    "UNION ALL SELECT c.relnamespace, 'g ' || c.relname || '.' || tg.tgname || ' ' || "
	    "tg.tgenabled::text "
	    "FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN ns ON ns.oid = c.relnamespace "
	    "WHERE NOT tg.tgisinternal "
	    "UNION ALL SELECT c.relnamespace, 'p ' || c.relname || '.' || po.polname || ' ' || "
	    "po.polcmd::text "
	    "FROM pg_policy po JOIN pg_class c ON c.oid = po.polrelid JOIN ns ON ns.oid = c.relnamespace "
	    "UNION ALL SELECT e.extnamespace, 'x ' || e.extname FROM pg_extension e "
	    "JOIN ns ON ns.oid = e.extnamespace) ");
	if (whole_database)
		sb_append(sb,
		          "SELECT '', md5(coalesce(string_agg(ns.nspname || ':' || coalesce(p.x, ''), '|' "
		          "ORDER BY ns.nspname || ':' || coalesce(p.x, '')), '')) "
		          "FROM ns LEFT JOIN parts p ON p.ns = ns.oid");
	else
		sb_append(sb, "SELECT ns.nspname, md5(coalesce(string_agg(p.x, '|' ORDER BY p.x), '')) "
		              "FROM ns LEFT JOIN parts p ON p.ns = ns.oid GROUP BY ns.nspname");
}

/* A text[] literal of NAMES[0..N) (for the $1 of the fingerprint query). */
static void text_array(StrBuf *sb, const char *const *names, size_t n)
{
	sb_putc(sb, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_putc(sb, ',');
		sb_putc(sb, '"');
		for (const char *p = names[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				sb_putc(sb, '\\');
			sb_putc(sb, *p);
		}
		sb_putc(sb, '"');
	}
	sb_putc(sb, '}');
}

/* Schema mode: the fingerprint of each of NAMES[0..N) on CONN into FP[i] (heap; "" for a schema that
 * does not exist) and the version strata.ledger says it has into VER[i] (heap; "" for none), read in one
 * snapshot: a tenant another worker migrates meanwhile is seen before or after, never half. Returns 0, or
 * -1 with an error in DL. */
static int fingerprints(PGconn *conn, const char *const *names, size_t n, char **fp, char **ver, DiagList *dl)
{
	StrBuf q = STRBUF_INIT, arr = STRBUF_INIT;
	fingerprint_sql(&q, false);
	HMap idx = HMAP_INIT;
	for (size_t i = 0; i < n; i++) {
		fp[i] = ver[i] = NULL;
		hmap_put(&idx, names[i], (void *)(uintptr_t)(i + 1));
	}
	bool have_ledger = false;
	int rc = db_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the pre-flight",
	                 dl) == 0 &&
	                 ledger_exists(conn, &have_ledger, dl) == 0
	             ? 0
	             : -1;
	for (size_t b = 0; b < n && !rc; b += FP_BATCH) {
		size_t e = b + FP_BATCH < n ? b + FP_BATCH : n;
		sb_reset(&arr);
		text_array(&arr, names + b, e - b);
		const char *p[1] = {sb_str(&arr)};
		for (int pass = 0; pass < (have_ledger ? 2 : 1) && !rc; pass++) {
			PGresult *r =
			    db_query(conn,
			             pass ? "SELECT target, coalesce(version, '') FROM strata.ledger "
			                    "WHERE target = ANY ($1::text[])"
			                  : sb_str(&q),
			             1, p, "fingerprinting the tenant schemas", dl);
			if (!r) {
				rc = -1;
				break;
			}
			for (int k = 0; k < PQntuples(r); k++) {
				uintptr_t i = (uintptr_t)hmap_get(&idx, PQgetvalue(r, k, 0));
				char **slot = i ? (pass ? &ver[i - 1] : &fp[i - 1]) : NULL;
				if (slot && !*slot)
					*slot = xstrdup(PQgetvalue(r, k, 1));
			}
			PQclear(r);
		}
	}
	PQclear(PQexec(conn, "ROLLBACK"));
	for (size_t i = 0; i < n; i++) {
		if (!fp[i])
			fp[i] = xstrdup("");
		if (!ver[i])
			ver[i] = xstrdup("");
	}
	hmap_release(&idx);
	sb_release(&q);
	sb_release(&arr);
	return rc;
}

/* ---- refusals, grouped across tenants -------------------------------------------------------------- */

typedef struct Refusal {
	Diag d;        /* the first tenant's refusal, relative to its schema (owned) */
	char *rep;     /* that tenant */
	char *key;     /* its key in Refusals.idx (owned: the map borrows it) */
	StrBuf who;    /* the first names */
	size_t count;  /* tenants refused for it */
	size_t listed; /* names in WHO */
} Refusal;

typedef struct Refusals {
	Refusal *items;
	size_t n;
	HMap idx; /* rule, file, line, col, message → index + 1 */
} Refusals;

#define LISTED_MAX 10 /* tenant names in a grouped refusal's detail */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

#define REFUSALS_SHOWN 3 /* refusals shown per tenant (a schema built by hand refuses every CREATE) */

/* Record the refusals RDL (of the check of SCHEMA, NULL in database mode) for the tenants NAMES[0..N):
 * the first REFUSALS_SHOWN, then one line counting the rest. */
static void refusals_add(Refusals *R, const DiagList *rdl, const char *schema, const char *const *names,
                         size_t n)
{
	size_t shown = 0, errors = diag_count(rdl, SEV_ERROR);
	Diag more = {0};
	for (size_t i = 0; i < rdl->n; i++) {
		const Diag *s = &rdl->items[i];
		bool unchecked = !strcmp(s->rule, PREFLIGHT_UNCHECKED); /* a warning, grouped the same way */
		if (s->sev != SEV_ERROR && !unchecked)
			continue;
		if (!unchecked && shown == REFUSALS_SHOWN && errors > REFUSALS_SHOWN + 1) {
			more.rule = "refused";
			more.message = xasprintf("and %zu more statements that would fail the same way",
			                         errors - REFUSALS_SHOWN);
			more.hint = s->hint;
			s = &more;
			i = rdl->n; /* the last one */
		}
		shown += !unchecked;
		char *msg = drift_unqualify(s->message, schema);
		char *key = xasprintf("%s\x1f%s\x1f%d\x1f%d\x1f%s", s->rule, s->file ? s->file : "", s->line,
		                      s->col, msg);
		uintptr_t gi = (uintptr_t)hmap_get(&R->idx, key);
		if (!gi) {
			R->items = xrealloc(R->items, sizeof(Refusal) * (R->n + 1));
			Refusal *g = &R->items[R->n];
			memset(g, 0, sizeof(*g));
			g->d.sev = s->sev;
			g->d.rule = xstrdup(s->rule);
			g->d.message = msg;
			msg = NULL;
			g->d.detail = s->detail ? drift_unqualify(s->detail, schema) : NULL;
			g->d.hint = dup_or_null(s->hint);
			g->rep = xstrdup(names[0]);
			g->d.file = dup_or_null(s->file);
			g->d.line = s->line;
			g->d.col = s->col;
			g->d.source_line = dup_or_null(s->source_line);
			memcpy(g->d.sqlstate, s->sqlstate, sizeof(g->d.sqlstate));
			sb_init(&g->who);
			g->key = key;
			hmap_put(&R->idx, key, (void *)(uintptr_t)(++R->n));
			gi = R->n;
		} else
			free(key);
		free(msg);
		Refusal *g = &R->items[gi - 1];
		for (size_t k = 0; k < n; k++) {
			if (g->listed < LISTED_MAX) {
				sb_appendf(&g->who, "%s%s", g->listed ? ", " : "", names[k]);
				g->listed++;
			}
			g->count++;
		}
	}
	free(more.message);
}

/* Move the grouped refusals into DL: "tenant "a": ..." for one, "N tenants: ..." for several. */
static void refusals_flush(Refusals *R, DiagList *dl)
{
	for (size_t i = 0; i < R->n; i++) {
		Refusal *g = &R->items[i];
		Diag *d;
		if (g->count == 1)
			d = diag_add(dl, g->d.sev, g->d.rule, g->d.file, g->d.line, g->d.col,
			             "tenant \"%s\": %s", sb_str(&g->who), g->d.message);
		else
			d = diag_add(dl, g->d.sev, g->d.rule, g->d.file, g->d.line, g->d.col,
			             "%zu tenants: %s", g->count, g->d.message);
		if (g->count > 1 && g->count > g->listed)
			diag_set_detail(d, "tenants: %s and %zu more%s%s", sb_str(&g->who),
			                g->count - g->listed, g->d.detail ? "; " : "",
			                g->d.detail ? g->d.detail : "");
		else if (g->count > 1)
			diag_set_detail(d, "tenants: %s%s%s", sb_str(&g->who), g->d.detail ? "; " : "",
			                g->d.detail ? g->d.detail : "");
		else if (g->d.detail)
			diag_set_detail(d, "%s", g->d.detail);
		if (g->d.hint && g->count > 1) { /* a hint naming the first tenant names them all */
			StrBuf h = STRBUF_INIT;
			size_t rl = strlen(g->rep);
			for (const char *p = g->d.hint; *p;) {
				if (!strncmp(p, g->rep, rl)) {
					sb_append(&h, "NAME...");
					p += rl;
				} else
					sb_putc(&h, *p++);
			}
			diag_set_hint(d, "%s", sb_str(&h));
			sb_release(&h);
		} else if (g->d.hint)
			diag_set_hint(d, "%s", g->d.hint);
		if (g->d.source_line)
			diag_set_source_line(d, g->d.source_line, strlen(g->d.source_line));
		memcpy(d->sqlstate, g->d.sqlstate, sizeof(d->sqlstate));
		diag_clear(&g->d);
		free(g->rep);
		free(g->key);
		sb_release(&g->who);
	}
	free(R->items);
	R->items = NULL;
	R->n = 0;
	hmap_release(&R->idx);
}

/* ---- per server ----------------------------------------------------------------------------------- */

/* The shared migrations' state on CONN: applied flags and the pending ones (indexes into SET). An
 * unreadable history counts as nothing applied (the shared run reports it). */
static void shared_state(PGconn *conn, const MigrationSet *set, const ApplyOptions *ao, bool *applied,
                         size_t **pending, size_t *n_pending)
{
	*pending = NULL;
	*n_pending = 0;
	HistoryRows rows = {0};
	DiagList quiet = DIAGLIST_INIT;
	bool exists = false;
	if (set->n && history_load(conn, &ao->target, &rows, &exists, &quiet) == 0) {
		Status st;
		status_compute(set, &rows, &st);
		for (size_t i = 0; i < st.n; i++)
			if (st.items[i].m && st.items[i].h && st.items[i].h->success)
				applied[st.items[i].index] = true;
		size_t *todo = NULL, n = 0;
		if (plan_up(set, &st, NULL, &todo, &n, &quiet) == 0) {
			*pending = xcalloc(n + 1, sizeof(size_t));
			for (size_t k = 0; k < n; k++)
				(*pending)[k] = st.items[todo[k]].index;
			*n_pending = n;
		}
		free(todo);
		status_free(&st);
	}
	history_rows_free(&rows);
	diag_list_release(&quiet);
}

/* The schemas a tenant's migrations can see: the tenant, the shared schema and the tenant search_path's
 * elements (parsed from the quoted list tenant_search_path() writes), each once. Heap strings. */
static size_t tenant_schemas(const TenantConfig *t, const char *tenant, const char *path, char ***out)
{
	char **v = xcalloc(16, sizeof(char *));
	size_t n = 0, cap = 16;
	const char *fixed[2] = {tenant, t->shared ? t->shared : "public"};
	for (size_t i = 0; i < 2; i++)
		v[n++] = xstrdup(fixed[i]);
	for (const char *p = path; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p != '"')
			break;
		StrBuf sb = STRBUF_INIT;
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"') {
				sb_putc(&sb, '"');
				p++;
			} else if (*p == '"') {
				p++;
				break;
			} else
				sb_putc(&sb, *p);
		}
		bool dup = false;
		for (size_t i = 0; i < n && !dup; i++)
			dup = !strcmp(v[i], sb_str(&sb));
		if (dup || !strcmp(sb_str(&sb), "pg_catalog")) {
			sb_release(&sb);
			continue;
		}
		if (n + 1 >= cap)
			v = xrealloc(v, sizeof(char *) * (cap *= 2));
		v[n++] = sb_detach(&sb);
	}
	*out = v;
	return n;
}

typedef struct Group {
	size_t from;
	size_t *members; /* indexes into the targets */
	size_t n, cap;
} Group;

/* Database mode: how far tenant database C's own history got through SET (the source of truth, as the
 * executor reads it). Returns 0 with *FROM, 1 when the history is not a prefix of SET (the executor
 * reports it), -1 on a database error (DL). */
static int database_from(PGconn *c, const FleetPreflightOptions *o, size_t *from, DiagList *dl)
{
	HistoryRows rows = {0};
	bool exists = false;
	if (history_load(c, &o->ao->target, &rows, &exists, dl) != 0)
		return -1;
	const MigrationSet *set = o->set;
	const char **vs = xcalloc(rows.n + 1, sizeof(char *)), **cs = xcalloc(rows.n + 1, sizeof(char *));
	size_t n = 0;
	for (size_t i = 0; i < rows.n; i++)
		if (rows.items[i].success) {
			vs[n] = rows.items[i].version;
			cs[n++] = rows.items[i].checksum;
		}
	char(*sums)[65] = xcalloc(set->n + 1, sizeof(*sums));
	const char **sp = xcalloc(set->n + 1, sizeof(char *));
	for (size_t i = 0; i < set->n; i++) {
		migration_checksum(&set->items[i], sums[i]);
		sp[i] = sums[i];
	}
	char *why = NULL;
	int rc = history_prefix(set, sp, vs, cs, n, from, &why) == 0 ? 0 : 1;
	free(why);
	free(sp);
	free(sums);
	free(vs);
	free(cs);
	history_rows_free(&rows);
	return rc;
}

/* Database mode: the fingerprint of tenant database NAME (heap; "" when it does not exist) and, through
 * *FROM, how far its own history got, read in one snapshot; *SKIP when its history is not a prefix of
 * the migrations (the executor reports it). NULL with an error in DL. */
static char *database_fingerprint(FleetServer *fs, const FleetPreflightOptions *o, const char *name,
                                  size_t *from, bool *skip, DiagList *dl)
{
	*skip = false;
	const char *p[1] = {name};
	PGresult *e = db_query(fs->conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, p,
	                       "finding the tenant database", dl);
	if (!e)
		return NULL;
	bool exists = PQntuples(e) == 1;
	PQclear(e);
	if (!exists) /* tenant add creates it; for up it is a refusal */
		return xstrdup("");
	PGconn *c = fleet_tenant_connect(fs->url, name, dl);
	if (!c)
		return NULL;
	StrBuf q = STRBUF_INIT;
	fingerprint_sql(&q, true);
	char *fp = NULL;
	if (db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the pre-flight", dl) ==
	    0) {
		int hr = database_from(c, o, from, dl);
		PGresult *r =
		    hr < 0 ? NULL
		           : db_query(c, sb_str(&q), 0, NULL, "fingerprinting the tenant database", dl);
		if (r && PQntuples(r) == 1)
			fp = xstrdup(PQgetvalue(r, 0, 1));
		*skip = hr > 0;
		PQclear(r);
	}
	sb_release(&q);
	PQfinish(c);
	return fp;
}

/* The version string of FROM applied migrations of SET ("" for none). */
static const char *version_at(const MigrationSet *set, size_t from)
{
	return from ? set->items[from - 1].version : "";
}

/* Whether REP still is where the plan says (FROM), read in the snapshot of the transaction just begun on
 * CONN: the ledger row (schema mode) or the tenant's own history (database mode). */
static bool still_at(PGconn *conn, const TenantConfig *t, const FleetPreflightOptions *o, const char *rep,
                     size_t from, DiagList *dl)
{
	if (t->mode == TMODE_DATABASE) {
		size_t now = 0;
		return database_from(conn, o, &now, dl) == 0 && now == from;
	}
	bool have = false;
	if (ledger_exists(conn, &have, dl) != 0)
		return false;
	if (!have)
		return from == 0;
	const char *p[1] = {rep};
	PGresult *r = db_query(conn, "SELECT coalesce(version, '') FROM strata.ledger WHERE target = $1", 1,
	                       p, "reading the tenant's ledger row", dl);
	bool same = r && !strcmp(PQntuples(r) ? PQgetvalue(r, 0, 0) : "", version_at(o->set, from));
	PQclear(r);
	return same;
}

/* Check one shape: REP (a target of server FS) with the pending migrations from FROM on, in one
 * REPEATABLE READ snapshot that first makes sure REP is still at FROM (another strata process may have
 * migrated it since the fingerprints were read). Refusals go to RDL. Returns 0, 1 (refused), 2 (REP
 * moved: not checked) or -1 (database error in RDL). */
static int check_shape(const TenantConfig *t, FleetServer *fs, const FleetPreflightOptions *o,
                       const char *rep, size_t from, const bool *shared_applied, const size_t *shared_pending,
                       size_t n_shared_pending, const char *const *group, size_t ngroup, DiagList *rdl)
{
	const MigrationSet *set = o->set;
	bool *applied = xcalloc(set->n + 1, sizeof(bool));
	size_t *pending = xcalloc(set->n + 1, sizeof(size_t));
	for (size_t i = 0; i < set->n; i++) {
		applied[i] = i < from;
		if (i >= from)
			pending[i - from] = i;
	}
	static const MigrationSet empty = {0};
	PreflightTenant pt = {0};
	pt.name = rep;
	pt.shared = (PreflightPhase){o->shared ? o->shared : &empty,
	                             shared_applied,
	                             shared_pending,
	                             NULL,
	                             NULL,
	                             n_shared_pending,
	                             NULL};
	pt.tenant = (PreflightPhase){set, applied, pending, NULL, NULL, set->n - from, NULL};
	/* the lint rules, as `up`'s pre-flight runs them: in schema mode each table weighed by its largest
	 * copy among the tenants this check stands for (GROUP) */
	static const Config no_config;
	pt.lint = !o->ao->lint ? NULL : o->ao->config ? o->ao->config : &no_config;
	pt.exact = o->exact;
	StrBuf sp = STRBUF_INIT;
	char **schemas = NULL;
	size_t ns = 0;
	PGconn *c = fs->conn;
	if (t->mode == TMODE_DATABASE) {
		c = fleet_tenant_connect(fs->url, rep, rdl);
	} else {
		char *err = NULL;
		if (tenant_search_path(&sp, t->search_path, t->shared, rep, &err) != 0) {
			free(err); /* validated with the configuration */
			sb_append(&sp, "\"");
			sb_append(&sp, rep);
			sb_append(&sp, "\"");
		}
		ns = tenant_schemas(t, rep, sb_str(&sp), &schemas);
		pt.schema = rep;
		pt.create_schema = o->create;
		pt.schemas = (const char *const *)schemas;
		pt.nschemas = ns;
		pt.tenant.search_path = sb_str(&sp);
		pt.weigh = (PreflightLintTenants){rep, group, ngroup};
	}
	int rc = -1;
	if (c && db_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "starting the pre-flight",
	                 rdl) == 0) {
		rc = still_at(c, t, o, rep, from, rdl) ? preflight_tenant(c, &pt, rdl) : 2;
		PQclear(PQexec(c, "ROLLBACK"));
	}
	if (c && c != fs->conn)
		PQfinish(c);
	free_list(schemas, ns);
	sb_release(&sp);
	free(applied);
	free(pending);
	return rc;
}

/* One server of a pre-flight: what every check of its shapes shares. */
typedef struct Server {
	const TenantConfig *t;
	FleetServer *fs;
	const FleetPreflightOptions *o;
	const ExecTarget *targets;
	const bool *sh_applied; /* its shared migrations: applied, and the pending ones */
	const size_t *sh_pending;
	size_t n_sh_pending;
} Server;

/* The refusal of every member of G (the check's diagnostics RDL, about representative REP): REFUSED and
 * ERRORS filled for them, the refusals grouped into R. */
static void refuse_group(const Server *s, Group *g, const DiagList *rdl, const char *rep, bool *refused,
                         char **errors, Refusals *R, FleetPreflightStats *stats)
{
	bool dbmode = s->t->mode == TMODE_DATABASE;
	const char **names = xcalloc(g->n + 1, sizeof(char *));
	const Diag *first = NULL;
	for (size_t i = 0; i < rdl->n && !first; i++)
		if (rdl->items[i].sev == SEV_ERROR)
			first = &rdl->items[i];
	for (size_t m = 0; m < g->n; m++) {
		names[m] = s->targets[g->members[m]].name;
		refused[g->members[m]] = true;
		if (errors && first) {
			char *msg = drift_unqualify(first->message, dbmode ? NULL : rep);
			errors[g->members[m]] = first->file
			                            ? xasprintf("refused by the pre-flight: %s:%d:%d: %s",
			                                        first->file, first->line, first->col, msg)
			                            : xasprintf("refused by the pre-flight: %s", msg);
			free(msg);
		}
	}
	refusals_add(R, rdl, dbmode ? NULL : rep, names, g->n);
	stats->refused += g->n;
	free(names);
}

/* Check the shape G of server S (ABSENT: its members' schema or database does not exist): the first member
 * still where the plan says stands for the group; members another worker moved are the executor's. A
 * refusal is recorded for every member (refuse_group). Returns 0, 1 (refused) or -1 (error in DL). */
static int check_group(const Server *s, Group *g, bool absent, bool *refused, char **errors, Refusals *R,
                       FleetPreflightStats *stats, DiagList *dl)
{
	bool dbmode = s->t->mode == TMODE_DATABASE;
	const char *rep = s->targets[g->members[0]].name;
	DiagList rdl = DIAGLIST_INIT;
	int cr = 2;
	if (absent && s->o->create && dbmode) {
		cr = 0;                       /* a database the run creates: nothing in it to trip on */
	} else if (absent && !s->o->create) { /* up: the tenant was never created */
		Diag *d = diag_add(&rdl, SEV_ERROR, dbmode ? "undefined-database" : "undefined-schema", NULL,
		                   0, 0, "%s \"%s\" does not exist", dbmode ? "database" : "schema", rep);
		diag_set_detail(d, "the tenant source names it, but there is no such %s on the server",
		                dbmode ? "database" : "schema");
		diag_set_hint(d, "create the tenant with `strata tenant add`");
		cr = 1;
	} else {
		const char **group = xcalloc(g->n + 1, sizeof(char *));
		for (size_t k = 0; k < g->n; k++)
			group[k] = s->targets[g->members[k]].name;
		size_t m = 0;
		for (; m < g->n && cr == 2; m++) {
			diag_list_release(&rdl);
			rep = s->targets[g->members[m]].name;
			cr = check_shape(s->t, s->fs, s->o, rep, g->from, s->sh_applied, s->sh_pending,
			                 s->n_sh_pending, group, g->n, &rdl);
		}
		free(group);
		if (cr == 1 && m > 1) { /* the moved ones are the executor's */
			memmove(g->members, g->members + m - 1, sizeof(size_t) * (g->n - m + 1));
			g->n -= m - 1;
		}
		if (cr == 2)
			cr = 0;
	}
	if (cr < 0)
		diag_list_append_all(dl, &rdl);
	else if (cr > 0)
		refuse_group(s, g, &rdl, rep, refused, errors, R, stats);
	else if (rdl.n) { /* passed: only the warning that dynamic SQL left statements unchecked is kept */
		const char **names = xcalloc(g->n + 1, sizeof(char *));
		for (size_t m = 0; m < g->n; m++)
			names[m] = s->targets[g->members[m]].name;
		refusals_add(R, &rdl, dbmode ? NULL : rep, names, g->n);
		free(names);
	}
	diag_list_release(&rdl);
	return cr;
}

int fleet_preflight(const TenantConfig *t, FleetServer *fs, const FleetPreflightOptions *o,
                    const ExecTarget *targets, size_t n, bool *refused, char **errors,
                    FleetPreflightStats *stats, DiagList *dl)
{
	memset(stats, 0, sizeof(*stats));
	long long t0 = progress_now_ms();
	bool dbmode = t->mode == TMODE_DATABASE;
	Refusals R = {0};
	hmap_init(&R.idx);
	int rc = 0;
	for (size_t sv = 0; sv < t->n_servers && rc >= 0; sv++) {
		size_t *mine = xcalloc(n + 1, sizeof(size_t)), nm = 0;
		for (size_t i = 0; i < n; i++)
			if (targets[i].server == (int)sv && targets[i].from < o->set->n)
				mine[nm++] = i;
		if (!nm) {
			free(mine);
			continue;
		}
		stats->targets += nm;
		/* the server's shared state (schema mode: tenant migrations see the shared schema) */
		const MigrationSet *shared = dbmode ? NULL : o->shared;
		bool *sh_applied = xcalloc((shared ? shared->n : 0) + 1, sizeof(bool));
		size_t *sh_pending = NULL, n_sh_pending = 0;
		if (shared && shared->n)
			shared_state(fs[sv].conn, shared, o->ao, sh_applied, &sh_pending, &n_sh_pending);
		/* fingerprints, then groups by (version, fingerprint); a tenant another worker moved since
		 * the plan is left to the executor (its claim sees it and re-plans) */
		char **fp = xcalloc(nm + 1, sizeof(char *));
		size_t *from = xcalloc(nm + 1, sizeof(size_t));
		bool *skip = xcalloc(nm + 1, sizeof(bool));
		for (size_t k = 0; k < nm; k++)
			from[k] = targets[mine[k]].from;
		if (!dbmode) {
			const char **names = xcalloc(nm + 1, sizeof(char *));
			char **ver = xcalloc(nm + 1, sizeof(char *));
			for (size_t k = 0; k < nm; k++)
				names[k] = targets[mine[k]].name;
			if (fingerprints(fs[sv].conn, names, nm, fp, ver, dl) != 0)
				rc = -1;
			for (size_t k = 0; k < nm && rc >= 0; k++)
				skip[k] = strcmp(ver[k], version_at(o->set, from[k])) != 0 &&
				          !(o->create && !*ver[k]);
			free_list(ver, nm);
			free(names);
		} else {
			for (size_t k = 0; k < nm && rc >= 0; k++)
				if (!(fp[k] = database_fingerprint(&fs[sv], o, targets[mine[k]].name,
				                                   &from[k], &skip[k], dl)))
					rc = -1;
		}
		HMap gidx = HMAP_INIT;
		Group *g = NULL;
		size_t ng = 0;
		char **keys = xcalloc(nm + 1, sizeof(char *));
		for (size_t k = 0; k < nm && rc >= 0; k++) {
			if (skip[k] || from[k] >= o->set->n)
				continue;
			char *key = xasprintf("%zu|%s", from[k], fp[k]);
			uintptr_t gi = (uintptr_t)hmap_get(&gidx, key);
			if (!gi) {
				g = xrealloc(g, sizeof(Group) * (ng + 1));
				memset(&g[ng], 0, sizeof(Group));
				g[ng].from = from[k];
				keys[ng] = key;
				hmap_put(&gidx, key, (void *)(uintptr_t)(ng + 1));
				gi = ++ng;
			} else
				free(key);
			Group *G = &g[gi - 1];
			if (G->n == G->cap)
				G->members =
				    xrealloc(G->members, sizeof(size_t) * (G->cap = G->cap ? 2 * G->cap : 8));
			G->members[G->n++] = mine[k];
		}
		free(from);
		free(skip);
		stats->shapes += ng;
		/* one check per shape; its answer stands for every member */
		Server sc = {t, &fs[sv], o, targets, sh_applied, sh_pending, n_sh_pending};
		for (size_t k = 0; k < ng && rc >= 0; k++) {
			int cr = check_group(&sc, &g[k], !strcmp(keys[k] + strcspn(keys[k], "|") + 1, ""),
			                     refused, errors, &R, stats, dl);
			if (cr != 0)
				rc = cr;
		}
		for (size_t k = 0; k < ng; k++) {
			free(keys[k]);
			free(g[k].members);
		}
		free(keys);
		free(g);
		hmap_release(&gidx);
		free_list(fp, nm);
		free(sh_applied);
		free(sh_pending);
		free(mine);
	}
	refusals_flush(&R, dl);
	stats->seconds = (double)(progress_now_ms() - t0) / 1000.0;
	return rc;
}
