/* drift_run.c — drift of databases, schemas and a fleet's tenants, and the fix (see drift_run.h). */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "catalog/relative.h"
#include "db/connect.h"
#include "db/introspect.h"
#include "db/session.h"
#include "analysis/order.h"
#include "diff/diff.h"
#include "diff/guard.h"
#include "exec/drift_run.h"
#include "exec/fleet_servers.h"
#include "exec/status.h"
#include "project/write.h"
#include "util/hmap.h"

/* A schema-per-tenant project: the tenant schemas of CONN's database (the [tenants] source resolved
 * there, the tenants strata.ledger knows, and any schema holding a tenant history table), into *OUT
 * (heap strings). Returns how many; an unreadable source only leaves those out (noted in DL). */
static size_t tenant_schemas_here(const TenantConfig *tc, PGconn *conn, const char *url, char ***out,
                                  DiagList *dl)
{
	*out = NULL;
	size_t n = 0;
	HMap seen = HMAP_INIT;
	FleetServer fs = {0};
	char *servers[1] = {(char *)(url ? url : "")};
	TenantConfig one = *tc;
	one.servers = servers;
	one.n_servers = 1;
	fs.url = servers[0];
	fs.conn = conn;
	DiagList quiet = DIAGLIST_INIT;
	if (ledger_load(conn, &fs.ledger, &quiet) == 0 && fleet_resolve(&one, &fs, &quiet) == 0)
		for (size_t i = 0; i < fs.n_tenants; i++)
			hmap_put(&seen, fs.tenants[i], NULL);
	for (size_t i = 0; i < fs.ledger.n; i++)
		hmap_put(&seen, fs.ledger.rows[i].target, NULL);
	PGresult *r =
	    db_query(conn,
	             "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
	             "WHERE c.relname = '" TENANT_HISTORY_TABLE "' AND c.relkind IN ('r', 'p')",
	             0, NULL, "finding the tenant schemas", &quiet);
	for (int i = 0; r && i < PQntuples(r); i++)
		hmap_put(&seen, PQgetvalue(r, i, 0), NULL);
	if (quiet.n)
		diag_add(dl, SEV_WARNING, "tenant-scope", NULL, 0, 0,
		         "the tenant schemas could not all be told from the shared ones: %s",
		         quiet.items[0].message);
	const char *k;
	void *v;
	*out = xcalloc(seen.n + 1, sizeof(char *));
	for (size_t it = 0; hmap_next(&seen, &it, &k, &v);)
		if (strcmp(k, tc->shared ? tc->shared : "public"))
			(*out)[n++] = xstrdup(k);
	hmap_release(&seen); /* keys borrowed from the ledger, the tenants and R: freed below */
	PQclear(r);
	ledger_free(&fs.ledger);
	free_list(fs.tenants, fs.n_tenants);
	diag_list_release(&quiet);
	return n;
}

/* Leave the tenant schemas out of LIVE (a whole database of a tenant project): the shared scope is what
 * `drift` compares; `drift --tenants` compares the tenants. Adds one note saying so. */
static void leave_tenants_out(const DriftOptions *r, PGconn *conn, const char *url, Catalog *live,
                              DiagList *dl)
{
	char **names = NULL;
	size_t n = tenant_schemas_here(r->tenant_project, conn, url, &names, dl), dropped = 0;
	HMap tenant = HMAP_INIT;
	for (size_t i = 0; i < n; i++)
		hmap_put(&tenant, names[i], NULL);
	for (size_t i = 0; n && i < live->all.n; i++) { /* each schema with everything in it */
		CatObject *o = live->all.items[i];
		bool schema = o->kind == OBJ_SCHEMA && hmap_has(&tenant, o->name);
		if (o->dropped || !(schema || (o->schema && hmap_has(&tenant, o->schema))))
			continue;
		if (catalog_drop(live, o, true, NULL, NULL) != 0)
			continue; /* with CASCADE nothing refuses */
		dropped += schema;
	}
	hmap_release(&tenant);
	if (dropped)
		diag_add(
		    dl, SEV_INFO, "tenant-scope", NULL, 0, 0,
		    "%zu tenant schema%s left out: this compares the shared scope; `strata drift --tenants` "
		    "compares the tenants with the tenant migrations",
		    dropped, dropped == 1 ? "" : "s");
	free_list(names, n);
}

/* The expected catalog of a target (the migrations replayed up to its history's newest version) and its
 * live one, both relative to the target's schema and the connection's search_path (the server printed
 * expressions relative to it; the model names objects by identity). *CURRENT is that version (heap, NULL when
 * nothing is applied). Returns 0, or -1 with an error in DL (history or catalog unreadable); replay errors
 * only add a warning. The caller frees both. */
static int load_pair(const DriftOptions *r, PGconn *conn, const DriftTarget *t, Catalog **model,
                     Catalog **live, char **current, DiagList *dl)
{
	*model = *live = NULL;
	*current = NULL;
	HistoryTarget ht = {t->schema ? t->schema : r->history.schema, r->history.table};
	HistoryRows rows;
	bool exists = false;
	if (history_load(conn, &ht, &rows, &exists, dl) != 0)
		return -1;
	Status st;
	status_compute(r->set, &rows, &st);
	*model = catalog_new();
	DiagList rdl = DIAGLIST_INIT;
	if (prereq_replay(*model, r->prereq, &rdl) != 0) {
		/* the replay's own errors are strata check's business */
	}
	if (t->schema && !catalog_find_schema(*model, t->schema))
		(void)catalog_add(*model, OBJ_SCHEMA, NULL, t->schema, NULL, NULL);
	const char *at = r->at_version ? r->at_version : st.current; /* baseline: the version adopted */
	/* nothing applied: a fresh database, which has public (as the replay's starting catalog does) */
	if (!at && !catalog_find_schema(*model, "public"))
		(void)catalog_add(*model, OBJ_SCHEMA, NULL, "public", NULL, NULL);
	if (at) {
		*current = xstrdup(at);
		ReplayOptions ro = {0};
		ro.search_path = r->search_path ? r->search_path : t->schema;
		ro.user = r->user;
		ro.stop_at = at;
		ro.quiet_info = true;
		/* the repeatables the history shows applied ran after every versioned migration */
		bool *also = xcalloc(r->set->n + 1, sizeof *also);
		for (size_t i = 0; i < st.n; i++)
			if (st.items[i].m && st.items[i].m->kind == MIG_REPEATABLE && st.items[i].h &&
			    st.items[i].h->success && st.items[i].index < r->set->n)
				also[st.items[i].index] = true;
		ro.also = also;
		int rrc = replay_migrations(*model, r->set, &ro, &rdl);
		free(also);
		if (rrc != 0)
			diag_add(dl, SEV_WARNING, "replay", NULL, 0, 0,
			         "%s: the offline replay reported %zu errors (run strata check)", t->label,
			         diag_count(&rdl, SEV_ERROR));
	}
	diag_list_release(&rdl);
	status_free(&st);
	history_rows_free(&rows);
	IntrospectOptions io = {0};
	const char *only[1] = {t->schema};
	if (t->schema) {
		io.schemas = only;
		io.nschemas = 1;
	}
	if (introspect_catalog(conn, &io, live, dl) != 0)
		return -1;
	if (r->tenant_project && r->tenant_project->mode == TMODE_SCHEMA && !t->schema)
		leave_tenants_out(r, conn, NULL, *live, dl);
	size_t npath = 0;
	const char **spath = introspect_search_path(conn, *live, &npath);
	const char **path = xcalloc(npath + 2, sizeof(char *));
	size_t n = 0;
	if (t->schema)
		path[n++] = t->schema;
	memcpy(path + n, spath, npath * sizeof(char *));
	catalog_unqualify(*live, path, n + npath);
	catalog_unqualify(*model, path, n + npath);
	free(path);
	free(spath);
	return 0;
}

void drift_target_run(const DriftOptions *r, const char *url, DriftTarget *t, DiagList *dl)
{
	PGconn *conn = db_open(url, dl);
	if (!conn) {
		t->failed = true;
		return;
	}
	Catalog *model = NULL, *live = NULL;
	char *current = NULL;
	if (load_pair(r, conn, t, &model, &live, &current, dl) != 0)
		t->failed = true;
	else
		(void)drift_compare(t, model, live, t->schema ? t->schema : r->history.schema,
		                    r->history.table);
	free(current);
	catalog_free(live);
	catalog_free(model);
	PQfinish(conn);
}

/* Replay SQL (generated by the diff) on top of CAT under the run's search_path. 0 or -1 (DL). */
static int apply_generated(const DriftOptions *r, const DriftTarget *t, Catalog *cat, const char *sql,
                           const char *label, DiagList *dl)
{
	if (!*sql)
		return 0;
	ReplayOptions ro = {0};
	ro.search_path = r->search_path ? r->search_path : t->schema;
	ro.user = r->user;
	ro.quiet_info = true;
	ReplayState st;
	replay_state_init(&st, cat, &ro);
	int rc = replay_sql(cat, sql, label, &st, dl);
	replay_state_release(&st);
	return rc;
}

/* Whether the guarded fix UP is proven on fresh (expected, live) pairs of T: live + UP == expected (it
 * restores the drifted database) and expected + UP == expected (on a database that never drifted, one
 * the migrations built, it changes nothing: the fix is a migration every database will run).
 * Differences or replay errors go to DL. */
static bool fix_proven(const DriftOptions *r, PGconn *conn, DriftTarget *t, const char *up, DiagList *dl)
{
	Catalog *model = NULL, *live = NULL, *live0 = NULL, *m0 = NULL;
	char *cur = NULL, *cur0 = NULL;
	bool ok = false;
	DriftTarget scratch = {.label = t->label, .schema = t->schema, .ignore = t->ignore};
	const char *hs = t->schema ? t->schema : r->history.schema;
	if (load_pair(r, conn, t, &model, &live, &cur, dl) == 0 &&
	    load_pair(r, conn, t, &m0, &live0, &cur0, dl) == 0) {
		(void)drift_compare(&scratch, model, live, hs, r->history.table);
		(void)drift_compare(&scratch, m0, live0, hs, r->history.table);
		CompareOptions co = {.label_a = "live + fix",
		                     .label_b = "the migrations",
		                     .ignore_comments = true,
		                     .ignore_column_order = true};
		if (apply_generated(r, t, live, up, "drift --fix (on the drifted database)", dl) != 0) {
			diag_add(dl, SEV_ERROR, "fix-proof", NULL, 0, 0,
			         "the fix does not replay cleanly on the drifted database");
		} else if (catalog_compare(live, model, &co, dl)) {
			diag_add(dl, SEV_ERROR, "fix-proof", NULL, 0, 0,
			         "live + fix differs from the migrations");
		} else if (apply_generated(r, t, m0, up, "drift --fix (on a database without drift)", dl) !=
		           0) {
			diag_add(
			    dl, SEV_ERROR, "fix-proof", NULL, 0, 0,
			    "the fix does not replay cleanly on a database the migrations built (it would "
			    "break fresh databases)");
		} else {
			co.label_a = "a fresh database + fix";
			ok = catalog_compare(m0, model, &co, dl) == 0;
			if (!ok)
				diag_add(dl, SEV_ERROR, "fix-proof", NULL, 0, 0,
				         "on a database the migrations built, the fix changes something");
		}
	}
	diag_list_release(&scratch.diffs);
	free(cur);
	free(cur0);
	catalog_free(model);
	catalog_free(live);
	catalog_free(m0);
	catalog_free(live0);
	return ok;
}

static char **strv_copy(char **v, size_t n)
{
	char **out = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		out[i] = xstrdup(v[i]);
	return out;
}

int drift_fix_run(const DriftOptions *r, const char *url, DriftTarget *t, const DriftFixOptions *fo,
                  DriftFixResult *res, DiagList *dl)
{
	memset(res, 0, sizeof(*res));
	res->outcome = FIX_FAILED;
	PGconn *conn = db_open(url, dl);
	Catalog *model = NULL, *live = NULL;
	char *current = NULL, *version = NULL;
	DiffResult up = {0};
	if (!conn) {
		res->outcome = FIX_ENV;
		goto out;
	}
	if (load_pair(r, conn, t, &model, &live, &current, dl) != 0) {
		res->outcome = FIX_ENV;
		goto out;
	}
	/* where the fix goes: after the last migration when the target is at head, else right after the
	 * version it is at (before the pending migrations, which its drift would make fail) */
	MigrationSet last = project_folder_view(r->set, r->set->n_folders ? r->set->n_folders - 1 : 0);
	MigFormat fmt = fo->format ? fo->format : last.n ? last.format : FMT_GOLANG_MIGRATE;
	const char *head = r->set->n ? r->set->items[r->set->n - 1].version : NULL;
	const char *next = NULL; /* the first pending migration */
	for (size_t i = 0; head && i < r->set->n && !next; i++)
		if (!current || mig_set_version_cmp(r->set, r->set->items[i].version, current) > 0)
			next = r->set->items[i].version;
	if (fo->version)
		version = xstrdup(fo->version);
	else if (next) {
		version = current ? order_version_between(fmt, current, next) : NULL;
		if (!version) {
			Diag *d =
			    diag_add(dl, SEV_ERROR, "fix-no-version", NULL, 0, 0,
			             "%s is at %s and %s is pending: the fix must run between them, and the "
			             "%s convention has no version there",
			             t->label, current ? current : "no version", next, mig_format_name(fmt));
			diag_set_hint(
			    d,
			    "pass --version V with a version that sorts after %s and before %s (renumber "
			    "the pending migrations first if none does and no database has them yet)",
			    current ? current : "the start", next);
			goto out;
		}
	}
	size_t n = drift_compare(t, model, live, t->schema ? t->schema : r->history.schema, r->history.table);
	res->differences = n;
	if (!n) {
		res->outcome = FIX_NO_DRIFT;
		goto out;
	}
	if (diff_catalogs(live, model, &up, dl) != 0)
		goto out;
	if (!up.sql.len) {
		res->outcome = FIX_NO_STATEMENT;
		goto out;
	}
	if (up.ndestructive && !fo->allow_destructive) {
		res->outcome = FIX_DESTRUCTIVE;
		res->destructive = strv_copy(up.destructive, up.ndestructive);
		res->n_destructive = up.ndestructive;
		goto out;
	}
	/* every database that applies the folder runs the fix: guarded, it changes only the drifted one */
	StrBuf guarded = STRBUF_INIT;
	if (diff_guard(sb_str(&up.sql), &guarded, dl) != 0) {
		sb_release(&guarded);
		goto out;
	}
	if (!fix_proven(r, conn, t, sb_str(&guarded), &res->proof)) {
		sb_release(&guarded);
		res->outcome = FIX_PROOF_FAILED;
		goto out;
	}
	StrBuf hu = STRBUF_INIT, hd = STRBUF_INIT;
	sb_appendf(&hu,
	           "-- generated by strata drift --fix: restores the schema the history of %s expects at %s "
	           "(%zu difference%s); verified by replay on that database and on one without the drift, "
	           "where it changes nothing\n",
	           t->label, current ? current : "its start", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < t->diffs.n; i++)
		sb_appendf(&hu, "--   %s\n", t->diffs.items[i].message);
	sb_append(&hu, "SET check_function_bodies = false;\n");
	sb_append(&hu, sb_str(&guarded));
	sb_release(&guarded);
	sb_appendf(&hd,
	           "-- generated by strata drift --fix: a drift fix is not undone (bringing the drift of %s "
	           "back would also change databases that never had it); nothing to run\n",
	           t->label);
	res->up_statements = 0;
	for (const char *p = sb_str(&hu); (p = strstr(p, ";\n")) != NULL; p += 2)
		res->up_statements++;
	res->down_statements = 0;
	if (fo->dry_run) {
		res->outcome = FIX_DRY_RUN;
	} else {
		/* the fix goes into the last folder, in its convention */
		if (!version)
			version = migration_next_version(&last, fmt);
		res->outcome =
		    migration_write(fo->dir, fmt, version, fo->name, migration_plain_sep(&last), sb_str(&hu),
		                    sb_str(&hd), &res->written, &res->n_written, dl) != 0
		        ? FIX_ENV
		        : FIX_WRITTEN;
	}
	res->version = version ? xstrdup(version) : NULL;
	res->up = sb_detach(&hu);
	res->down = sb_detach(&hd);
out:
	free(version);
	free(current);
	diff_result_release(&up);
	catalog_free(model);
	catalog_free(live);
	if (conn)
		PQfinish(conn);
	return res->outcome == FIX_WRITTEN || res->outcome == FIX_DRY_RUN || res->outcome == FIX_NO_DRIFT
	           ? EXIT_OK
	       : res->outcome == FIX_ENV ? EXIT_USAGE
	                                 : EXIT_FINDINGS;
}

void drift_fix_result_free(DriftFixResult *res)
{
	free(res->up);
	free(res->down);
	free(res->version);
	free_list(res->destructive, res->n_destructive);
	free_list(res->written, res->n_written);
	diag_list_release(&res->proof);
	memset(res, 0, sizeof(*res));
}

/* ---- --tenants ---------------------------------------------------------------------------------- */

/* The newest applied version of each of the N tenants NAMES on CONN, from their "<tenant>".strata_history
 * tables, in two queries for the whole batch (which tenants have the table; one UNION ALL over them).
 * CURRENT[i] is borrowed from *RES (or NULL: no history). Returns 0, or -1 with an error in DL. */
static int batch_versions(PGconn *conn, const MigrationSet *set, char **names, size_t n, const char **current,
                          PGresult **res, DiagList *dl)
{
	*res = NULL;
	for (size_t i = 0; i < n; i++)
		current[i] = NULL;
	StrBuf sb = STRBUF_INIT;
	sb_append(&sb, "SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid "
	               "WHERE c.relname = '" TENANT_HISTORY_TABLE
	               "' AND c.relkind IN ('r', 'p') AND n.nspname IN (");
	for (size_t i = 0; i < n; i++) {
		char *lit = PQescapeLiteral(conn, names[i], strlen(names[i]));
		sb_appendf(&sb, "%s%s", i ? ", " : "", lit ? lit : "''");
		PQfreemem(lit);
	}
	sb_putc(&sb, ')');
	PGresult *have = db_query(conn, sb_str(&sb), 0, NULL, "finding the tenant history tables", dl);
	sb_release(&sb);
	if (!have)
		return -1;
	int nh = PQntuples(have);
	if (nh == 0) {
		PQclear(have);
		return 0;
	}
	sb_init(&sb);
	for (int i = 0; i < nh; i++) {
		const char *s = PQgetvalue(have, i, 0);
		char *lit = PQescapeLiteral(conn, s, strlen(s));
		char *id = PQescapeIdentifier(conn, s, strlen(s));
		sb_appendf(&sb, "%sSELECT %s::text, version FROM %s." TENANT_HISTORY_TABLE " WHERE success",
		           i ? " UNION ALL " : "", lit ? lit : "''", id ? id : "\"\"");
		PQfreemem(lit);
		PQfreemem(id);
	}
	PQclear(have);
	*res = db_query(conn, sb_str(&sb), 0, NULL, "reading the tenant histories", dl);
	sb_release(&sb);
	if (!*res)
		return -1;
	HMap idx = HMAP_INIT;
	for (size_t i = 0; i < n; i++)
		hmap_put(&idx, names[i], (void *)(uintptr_t)(i + 1));
	for (int k = 0; k < PQntuples(*res); k++) {
		uintptr_t i = (uintptr_t)hmap_get(&idx, PQgetvalue(*res, k, 0));
		const char *v = PQgetvalue(*res, k, 1);
		if (!i || !*v)
			continue;
		if (!current[i - 1] || mig_set_version_cmp(set, v, current[i - 1]) > 0)
			current[i - 1] = v;
	}
	hmap_release(&idx);
	return 0;
}

/* The expected catalog of TENANT at version CURRENT: the shared migrations, then the tenant migrations up
 * to CURRENT under the tenant search_path. Replay errors are counted into *REPLAY_ERRORS. */
static Catalog *tenant_model(const DriftOptions *r, const TenantConfig *tc, const MigrationSet *shared,
                             const char *tenant, const char *current, size_t *replay_errors)
{
	Catalog *model = catalog_new();
	DiagList rdl = DIAGLIST_INIT;
	if (prereq_replay(model, r->prereq, &rdl) != 0) {
		/* counted below */
	}
	if (shared->n) {
		ReplayOptions ro = {0};
		ro.user = r->user;
		ro.quiet_info = true;
		if (replay_migrations(model, shared, &ro, &rdl) != 0) {
			/* counted below */
		}
	}
	if (!catalog_find_schema(model, tenant))
		(void)catalog_add(model, OBJ_SCHEMA, NULL, tenant, NULL, NULL);
	if (current) {
		StrBuf sp = STRBUF_INIT;
		char *err = NULL;
		if (tenant_search_path(&sp, tc->search_path, tc->shared, tenant, &err) != 0) {
			free(err); /* validated by cli_tenant_finish */
			sb_append(&sp, tenant);
		}
		ReplayOptions ro = {0};
		ro.search_path = sb_str(&sp);
		ro.user = r->user;
		ro.stop_at = current;
		ro.quiet_info = true;
		if (replay_migrations(model, r->set, &ro, &rdl) != 0) {
			/* counted below */
		}
		sb_release(&sp);
	}
	*replay_errors += diag_count(&rdl, SEV_ERROR);
	diag_list_release(&rdl);
	return model;
}

/* Drift of the tenants T[0..N) of server S (names in T[i].schema): one history pass and one introspection
 * (of the tenant schemas and the shared schema) for the batch, then per tenant a replay and a comparison
 * restricted to its schema. */
static void drift_tenant_batch(const DriftOptions *r, const TenantConfig *tc, const MigrationSet *shared,
                               FleetServer *s, DriftTarget *t, size_t n, size_t *replay_errors, DiagList *dl)
{
	char **names = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		names[i] = (char *)t[i].schema;
	const char **current = xcalloc(n + 1, sizeof(char *));
	PGresult *vres = NULL;
	Catalog *live = NULL;
	for (size_t i = 0; r->at_version && i < n; i++) /* baseline: every tenant at the version adopted */
		current[i] = r->at_version;
	if (!r->at_version && batch_versions(s->conn, r->set, names, n, current, &vres, dl) != 0) {
		for (size_t i = 0; i < n; i++)
			t[i].failed = true;
		goto out;
	}
	const char **schemas = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		schemas[i] = names[i];
	schemas[n] = tc->shared; /* so that references to shared tables resolve */
	IntrospectOptions io = {.schemas = schemas, .nschemas = n + 1};
	int irc = introspect_catalog(s->conn, &io, &live, dl);
	free(schemas);
	if (irc != 0) {
		for (size_t i = 0; i < n; i++)
			t[i].failed = true;
		goto out;
	}
	/* The server printed expressions relative to the connection's search_path, qualifying what lives in
	 * the tenant schemas; the replay qualifies as the migrations wrote. Both sides lose the qualifiers of
	 * the tenant's own schema and of the connection's search_path (the live side those of every tenant of
	 * the batch at once: sql_unqualify drops a qualifier of any schema of the list; an expression of one
	 * tenant naming another tenant's schema is the price). */
	size_t npath = 0;
	const char **spath = introspect_search_path(s->conn, live, &npath);
	const char **path = xcalloc(n + npath + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		path[i] = names[i];
	memcpy(path + n, spath, npath * sizeof(char *));
	catalog_unqualify(live, path, n + npath);
	for (size_t i = 0; i < n; i++) {
		Catalog *model = tenant_model(r, tc, shared, t[i].schema, current[i], replay_errors);
		path[n - 1] = names[i]; /* the tenant, then the connection's search_path */
		catalog_unqualify(model, path + n - 1, npath + 1);
		(void)drift_compare_in(&t[i], model, live, TENANT_HISTORY_TABLE);
		catalog_free(model);
	}
	free(path);
	free(spath);
out:
	catalog_free(live);
	PQclear(vres);
	free(current);
	free(names);
}

void drift_tenants_check(const DriftOptions *r, const TenantConfig *tc, const MigrationSet *shared,
                         FleetServer *fs, DriftTarget *t, const size_t *server_of, size_t n, DiagList *dl)
{
	/* batches of consecutive tenants of one server (tenants are listed server by server) */
	size_t replay_errors = 0;
	for (size_t b = 0; b < n;) {
		size_t e = b + 1;
		while (e < n && e - b < DRIFT_TENANT_BATCH && server_of[e] == server_of[b])
			e++;
		drift_tenant_batch(r, tc, shared, &fs[server_of[b]], t + b, e - b, &replay_errors, dl);
		b = e;
		if (r->batch_done)
			r->batch_done(r->batch_ud, b);
	}
	if (replay_errors)
		diag_add(dl, SEV_WARNING, "replay", NULL, 0, 0,
		         "the offline replay reported %zu errors over %zu tenants (run strata check)",
		         replay_errors, n);
}

void drift_tenant_database(const DriftOptions *r, const char *server_url, DriftTarget *t, DiagList *dl)
{
	PGconn *conn = fleet_tenant_connect(server_url, t->label, dl);
	if (!conn) {
		t->failed = true;
		return;
	}
	Catalog *model = NULL, *live = NULL;
	char *current = NULL;
	if (load_pair(r, conn, t, &model, &live, &current, dl) != 0)
		t->failed = true;
	else
		(void)drift_compare(t, model, live, r->history.schema, r->history.table);
	free(current);
	catalog_free(live);
	catalog_free(model);
	PQfinish(conn);
}

int drift_tenants_run(const DriftOptions *r, const TenantConfig *tc, const DriftTenantSel *sel,
                      DriftTarget **out, size_t *nt, DiagList *dl)
{
	*out = NULL;
	*nt = 0;
	if (tc->mode == TMODE_SHARED) {
		diag_add(dl, SEV_ERROR, "tenant-mode", NULL, 0, 0,
		         "--tenants needs [tenants] mode = schema or database (mode shared has no tenant "
		         "migrations)");
		return EXIT_USAGE;
	}
	MigrationSet shared = {0};
	FleetServer *fs = NULL;
	int rc = 0;
	if (project_exists(r->proj) && project_discover(r->proj, SCOPE_SHARED, &shared, dl) != 0) {
		rc = EXIT_FINDINGS;
		goto out;
	}
	if (fleet_open(tc, &fs, false, dl) != 0 || fleet_resolve(tc, fs, dl) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	size_t cap = 0;
	for (size_t i = 0; i < tc->n_servers; i++)
		cap += fs[i].n_tenants;
	DriftTarget *t = xcalloc(cap + 1, sizeof(DriftTarget));
	size_t *server_of = xcalloc(cap + 1, sizeof(size_t));
	HMap seen = HMAP_INIT;
	size_t n = 0;
	for (size_t i = 0; i < tc->n_servers; i++)
		for (size_t k = 0; k < fs[i].n_tenants; k++) {
			const char *name = fs[i].tenants[k];
			if (!tenant_selected(sel->where, sel->names, sel->n_names, name) ||
			    hmap_has(&seen, name))
				continue;
			hmap_put(&seen, name, NULL);
			t[n].label = xstrdup(name);
			t[n].schema = t[n].label;
			t[n].ignore = r->ignore;
			server_of[n++] = i;
		}
	for (size_t k = 0; k < sel->n_names; k++)
		if (!hmap_has(&seen, sel->names[k])) {
			Diag *d =
			    diag_add(dl, SEV_ERROR, "unknown-tenant", NULL, 0, 0,
			             "tenant \"%s\" is not among the tenants of the source", sel->names[k]);
			diag_set_hint(d, "check [tenants] source, or `strata tenant ls`");
		}
	hmap_release(&seen);
	if (tc->mode == TMODE_DATABASE) /* each tenant database on its own connection */
		for (size_t i = 0; i < n; i++) {
			t[i].schema = NULL;
			drift_tenant_database(r, fs[server_of[i]].url, &t[i], dl);
		}
	else
		drift_tenants_check(r, tc, &shared, fs, t, server_of, n, dl);
	free(server_of);
	*out = t;
	*nt = n;
out:
	fleet_close(tc, fs);
	migration_set_free(&shared);
	return rc;
}
