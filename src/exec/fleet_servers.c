/* fleet_servers.c — the servers of a fleet, their ledgers and tenants, and the tenant migrations (see
 * fleet_servers.h). */
#include "strata.h"
#include "db/connect.h"
#include "db/session.h"
#include "exec/fleet.h"
#include "exec/fleet_servers.h"

static void quiet_notices(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fleet_open(const TenantConfig *t, FleetServer **out, bool write, DiagList *dl)
{
	FleetServer *fs = xcalloc(t->n_servers ? t->n_servers : 1, sizeof(FleetServer));
	*out = fs;
	int rc = 0;
	for (size_t i = 0; i < t->n_servers && !rc; i++) {
		fs[i].url = t->servers[i];
		fs[i].conn = db_connect(t->servers[i], dl);
		if (fs[i].conn)
			PQsetNoticeProcessor(fs[i].conn, quiet_notices, NULL);
		if (!fs[i].conn)
			rc = -1;
		else if (write && ledger_ensure(fs[i].conn, dl) != 0)
			rc = -1;
		else if (ledger_load(fs[i].conn, &fs[i].ledger, dl) != 0)
			rc = -1;
	}
	return rc;
}

PGconn *fleet_tenant_connect(const char *server_url, const char *db, DiagList *dl)
{
	const char *keys[] = {"dbname", "fallback_application_name", "dbname", NULL};
	const char *vals[] = {server_url, "strata", db, NULL};
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (c && PQstatus(c) == CONNECTION_OK) {
		PQsetNoticeProcessor(c, quiet_notices, NULL);
		return c;
	}
	const char *msg = c ? PQerrorMessage(c) : "out of memory";
	char *red = db_url_redacted(server_url);
	Diag *d =
	    diag_add(dl, SEV_ERROR, "connection-failed", NULL, 0, 0,
	             "could not connect to tenant database \"%s\": %.*s", db, (int)strcspn(msg, "\n"), msg);
	diag_set_detail(d, "server %s", red);
	free(red);
	PQfinish(c);
	return NULL;
}

static void add_tenant(FleetServer *s, const char *name)
{
	s->tenants = xrealloc(s->tenants, sizeof(char *) * (s->n_tenants + 1));
	s->tenants[s->n_tenants++] = xstrdup(name);
}

/* A NULL a query source returned: an error (a tenant without a name is a bug in the query or the data,
 * and skipping it would hide a tenant from every rollout). */
static void null_row(DiagList *dl, int row)
{
	Diag *d = diag_add(dl, SEV_ERROR, "tenant-source", NULL, 0, 0,
	                   "the tenant source query returned NULL (row %d)", row + 1);
	diag_set_hint(d, "a tenant needs a name: fix the rows, or filter them out of [tenants] source "
	                 "(WHERE ... IS NOT NULL)");
}

/* Names from a one-column result. Returns 0, or -1 when a row is NULL (error in DL). */
static int add_rows(FleetServer *s, PGresult *r, DiagList *dl)
{
	int rc = 0;
	for (int i = 0; i < PQntuples(r) && !rc; i++) {
		if (PQgetisnull(r, i, 0)) {
			null_row(dl, i);
			rc = -1;
		} else
			add_tenant(s, PQgetvalue(r, i, 0));
	}
	PQclear(r);
	return rc;
}

/* Database mode, query source: each row is a database name of server I, or a URL naming a database of
 * one of the fleet's servers (the tenant goes to that server). Returns 0 or -1 (error in DL). */
static int add_rows_db(const TenantConfig *t, FleetServer *fs, size_t i, PGresult *r, DiagList *dl)
{
	int rc = 0;
	for (int k = 0; k < PQntuples(r) && !rc; k++) {
		if (PQgetisnull(r, k, 0)) {
			null_row(dl, k);
			rc = -1;
			break;
		}
		const char *v = PQgetvalue(r, k, 0);
		if (!tenant_is_url(v)) {
			add_tenant(&fs[i], v);
			continue;
		}
		int sv;
		char *db = NULL, *err = NULL;
		if (tenant_url_server(v, t->servers, t->n_servers, &sv, &db, &err) != 0) {
			char *red = db_url_redacted(v);
			Diag *d = diag_add(dl, SEV_ERROR, "tenant-source", NULL, 0, 0,
			                   "the tenant source returned the URL %s: %s", red, err);
			diag_set_hint(d, "a tenant URL must name a database on one of the [fleet] servers");
			free(red);
			rc = -1;
		} else {
			bool dup = false;
			for (size_t j = 0; j < fs[sv].n_tenants && !dup; j++)
				dup = !strcmp(fs[sv].tenants[j], db);
			if (!dup)
				add_tenant(&fs[sv], db);
		}
		free(db);
		free(err);
	}
	PQclear(r);
	return rc;
}

int fleet_resolve(const TenantConfig *t, FleetServer *fs, DiagList *dl)
{
	int rc = 0;
	const TenantSource *src = &t->source;
	bool dbmode = t->mode == TMODE_DATABASE;
	/* database mode: tenants are databases of the server other than templates and its main database */
	const char *find_sql = dbmode ? "SELECT 1 FROM pg_database WHERE datname = $1"
	                              : "SELECT 1 FROM pg_namespace WHERE nspname = $1";
	for (size_t i = 0; i < t->n_servers && !rc; i++) {
		FleetServer *s = &fs[i];
		PGresult *r = NULL;
		switch (src->kind) {
		case SRC_LEDGER:
			for (size_t k = 0; k < s->ledger.n; k++)
				add_tenant(s, s->ledger.rows[k].target);
			break;
		case SRC_PATTERN: {
			const char *p[1] = {src->arg};
			r = db_query(
			    s->conn,
			    dbmode ? "SELECT datname FROM pg_database WHERE datname LIKE $1 AND NOT "
			             "datistemplate AND datname <> current_database() ORDER BY 1"
			           : "SELECT nspname FROM pg_namespace WHERE nspname LIKE $1 ORDER BY 1",
			    1, p, dbmode ? "listing the tenant databases" : "listing the tenant schemas", dl);
			break;
		}
		case SRC_QUERY:
			r = db_query(s->conn, src->arg, 0, NULL, "running the tenant source query", dl);
			if (r && PQnfields(r) < 1) {
				diag_add(dl, SEV_ERROR, "tenant-source", NULL, 0, 0,
				         "the tenant source query returns no column");
				PQclear(r);
				r = NULL;
			}
			break;
		case SRC_LIST:
			for (size_t k = 0; k < src->n; k++) {
				const char *p[1] = {src->names[k]};
				bool here = t->n_servers == 1;
				if (!here) {
					PGresult *e =
					    db_query(s->conn, find_sql, 1, p, "finding the tenant", dl);
					here = e && PQntuples(e) == 1;
					PQclear(e);
					if (!here && i == 0) { /* present nowhere: the first server (up then
						                  says it is missing) */
						bool elsewhere = false;
						for (size_t j = 1; j < t->n_servers && !elsewhere; j++) {
							PGconn *o = fs[j].conn;
							PGresult *e2 = db_query(o, find_sql, 1, p,
							                        "finding the tenant", dl);
							elsewhere = e2 && PQntuples(e2) == 1;
							PQclear(e2);
						}
						here = !elsewhere;
					}
				}
				if (here)
					add_tenant(s, src->names[k]);
			}
			break;
		}
		if (src->kind == SRC_PATTERN || src->kind == SRC_QUERY) {
			if (!r)
				rc = -1;
			else if (dbmode && src->kind == SRC_QUERY) {
				if (add_rows_db(t, fs, i, r, dl) != 0)
					rc = -1;
			} else if (add_rows(s, r, dl) != 0)
				rc = -1;
		}
	}
	for (size_t i = 0; i < t->n_servers && !rc; i++) { /* sort and validate, once every server is in */
		FleetServer *s = &fs[i];
		if (s->n_tenants)
			qsort(s->tenants, s->n_tenants, sizeof(char *), cmp_str);
		for (size_t k = 0; k < s->n_tenants && !rc; k++) {
			const char *why = dbmode ? tenant_db_name_problem(s->tenants[k])
			                         : tenant_name_problem(s->tenants[k], t->shared);
			if (!why && dbmode && !strcmp(s->tenants[k], PQdb(s->conn)))
				why = "this is the server's main database (it holds strata.ledger)";
			if (why) {
				Diag *d =
				    diag_add(dl, SEV_ERROR, "tenant-name", NULL, 0, 0,
				             "the tenant source returned \"%s\": %s", s->tenants[k], why);
				diag_set_hint(d, dbmode
				                     ? "fix [tenants] source so it returns tenant database "
				                       "names only"
				                     : "fix [tenants] source so it returns tenant schema "
				                       "names only");
				rc = -1;
			}
		}
	}
	return rc;
}

void fleet_close(const TenantConfig *t, FleetServer *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < t->n_servers; i++) {
		if (fs[i].conn)
			PQfinish(fs[i].conn);
		ledger_free(&fs[i].ledger);
		free_list(fs[i].tenants, fs[i].n_tenants);
	}
	free(fs);
}

int tenant_migrations_load(const Project *p, const TenantConfig *t, MigrationSet *set, MigPlan **plans,
                           DiagList *dl)
{
	*plans = NULL;
	memset(set, 0, sizeof(*set));
	if (!t->tenant_dir) {
		Diag *d = diag_add(dl, SEV_ERROR, "no-tenant-migrations", NULL, 0, 0, "no tenant migrations");
		diag_set_hint(d, "set [migrations] tenant = DIR in strata.conf or pass --tenant-dir DIR");
		return EXIT_USAGE;
	}
	int rc = 0;
	if (project_discover_dir(p, t->tenant_dir, SCOPE_TENANT, set, dl) != 0)
		rc = EXIT_FINDINGS;
	if (!rc) {
		*plans = xcalloc(set->n ? set->n : 1, sizeof(MigPlan));
		for (size_t i = 0; i < set->n; i++) {
			if (mig_plan_init(&(*plans)[i], &set->items[i], false, dl) != 0) {
				rc = EXIT_FINDINGS;
				continue;
			}
			if ((*plans)[i].per_statement &&
			    mig_tenant_tx_check(&set->items[i], &(*plans)[i].parse, dl) > 0)
				rc = EXIT_FINDINGS;
		}
	}
	return rc;
}

void tenant_plans_free(MigPlan *plans, size_t n)
{
	if (!plans)
		return;
	for (size_t i = 0; i < n; i++)
		if (plans[i].m)
			mig_plan_free(&plans[i]);
	free(plans);
}

int fleet_count_unregistered(const TenantConfig *t, long long *n, DiagList *dl)
{
	FleetServer *fs = NULL;
	int rc = fleet_open(t, &fs, false, dl) != 0 || fleet_resolve(t, fs, dl) != 0 ? EXIT_USAGE : 0;
	for (size_t i = 0; !rc && i < t->n_servers; i++)
		for (size_t k = 0; k < fs[i].n_tenants; k++)
			if (!hmap_has(&fs[i].ledger.by_target, fs[i].tenants[k]))
				n[i]++;
	fleet_close(t, fs);
	return rc;
}

int fleet_status_load(const Project *p, const TenantConfig *t, FleetSummary *out, DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	MigrationSet set = {0};
	MigPlan *plans = NULL;
	int rc = tenant_migrations_load(p, t, &set, &plans, dl);
	tenant_plans_free(plans, set.n);
	if (rc) {
		migration_set_free(&set);
		return rc;
	}
	long long *unregistered = xcalloc(t->n_servers + 1, sizeof(long long));
	if (fleet_summary_load(t->servers, t->n_servers, &set, false, out, dl) != 0)
		rc = EXIT_USAGE;
	/* tenants the source returns that the ledger does not know: never migrated, so pending */
	if (!rc && t->source.kind != SRC_LEDGER)
		rc = fleet_count_unregistered(t, unregistered, dl);
	if (!rc)
		fleet_summary_add_unregistered(out, unregistered);
	free(unregistered);
	migration_set_free(&set);
	return rc;
}
