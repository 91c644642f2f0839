/* cmd_drift.c — `strata drift`: for each target, the schema its history says it has (the migrations
 * replayed up to its newest applied version) against the schema it has (introspected), object by object.
 * Targets are one database, --target/--schema lists, or every tenant of the fleet (--tenants). Identical
 * drifts across targets are grouped. Exit 1 on any drift. `--fix` writes the migration that restores
 * the expected state (one target), proven by replay like `strata diff`. */
#include "strata.h"
#include "analysis/compare.h"
#include "analysis/drift.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "catalog/relative.h"
#include "cli/common.h"
#include "cli/dbopts.h"
#include "cli/rollout.h"
#include "cli/tenantopts.h"
#include "db/connect.h"
#include "db/history.h"
#include "db/introspect.h"
#include "db/session.h"
#include "diff/diff.h"
#include "exec/status.h"
#include "project/write.h"
#include "util/fs.h"
#include "util/hmap.h"
#include "util/vec.h"

#include <ctype.h>

static const char drift_help[] =
    "usage: strata drift [--database-url URL] [--target URL]... [--schema S]...\n"
    "                    [--format text|json|github|sarif] [--search-path PATH] [--user NAME] [--prereq "
    "FILE]\n"
    "       strata drift --tenants [all | NAME... | --where PATTERN] [tenant options]\n"
    "       strata drift --fix [--name NAME] [--allow-destructive] [--dry-run]\n\n"
    "Compare each target with what its history says it should be: the migrations replayed offline up to the\n"
    "newest version recorded in its history table, against the live schema read from pg_catalog. Every\n"
    "missing, extra or changed object is reported; the same drift on several targets is reported once\n"
    "(\"3 targets: index ... is only in the migrations\").\n"
    "  --target URL         another database to check (repeatable; the first target is --database-url)\n"
    "  --schema S           check schema S of each database as its own target (schema-per-tenant): its\n"
    "                       history is \"S\".<history table>, the migrations replay with search_path S\n"
    "  --search-path PATH   the replay's initial search_path (with --tenants: the tenant search_path);\n"
    "  --user NAME          its current user\n"
    "  --prereq FILE        SQL replayed first (roles, schemas, extensions the migrations "
    "expect)\n" CLI_IGNORE_HELP "\n"
    "Tenants: every tenant schema of the fleet ([tenants] source on every server of [fleet] servers) is a\n"
    "target: the shared migrations and then the tenant migrations up to the version of\n"
    "\"<tenant>\".strata_history are replayed under the tenant search_path, and compared with the tenant\n"
    "schema, relative to it, so that the same drift in many tenants is one line (\"37 tenants: ...\").\n"
    "  --tenants            all tenants (\"all\", or the NAMEs given as arguments)\n"
    "  --where PATTERN      only tenants whose name matches this LIKE pattern\n"
    "  Each server is read through one connection, 100 tenant schemas per introspection.\n\n"
    "Fix: --fix writes the next migration that turns the live schema back into the expected one (one\n"
    "target, at head), in the folder's convention, after a replay proves live + up == expected and\n"
    "live + up + down == live. Then `strata up` applies it and drift reports nothing.\n"
    "  --name NAME          migration name (default: drift_fix)\n"
    "  --allow-destructive  allow steps that lose data (dropping what exists only in the database)\n"
    "  --dry-run            print the migration instead of writing it\n\n"
    "Exit: 0 no drift (or the fix written), 1 drift found (or a target could not be read, or the fix\n"
    "refused), 2 usage or connection error.\n\n" CLI_DB_HELP "\n" CLI_TENANT_HELP "\n" CLI_COMMON_HELP;

typedef VEC(const char *) CStrVec;

/* What a run reads besides the targets (options shared by every target). */
typedef struct DriftRun {
	CliCommon *c;
	const ApplyOptions *o;
	const MigrationSet *set; /* the migrations (tenant migrations with --tenants) */
	const char *search_path, *user, *prereq;
} DriftRun;

#define DRIFT_TENANT_BATCH 100 /* tenant schemas per introspection query batch */

/* The expected catalog of a target (the migrations replayed up to its history's newest version) and its
 * live one. *CURRENT is that version (heap, NULL when nothing is applied). Returns 0, or -1 with an error
 * in DL (history or catalog unreadable); replay errors only add a warning. The caller frees both. */
static int load_pair(const DriftRun *r, PGconn *conn, const DriftTarget *t, Catalog **model, Catalog **live,
                     char **current, DiagList *dl)
{
	*model = *live = NULL;
	*current = NULL;
	HistoryTarget ht = {t->schema ? t->schema : r->o->target.schema, r->o->target.table};
	HistoryRows rows;
	bool exists = false;
	if (history_load(conn, &ht, &rows, &exists, dl) != 0)
		return -1;
	Status st;
	status_compute(r->set, &rows, &st);
	*model = catalog_new();
	DiagList rdl = DIAGLIST_INIT;
	Prereq pq;
	prereq_init(&pq, r->c->dir, r->c->cfg.platform, r->prereq);
	if (prereq_replay(*model, &pq, &rdl) != 0) {
		/* the replay's own errors are strata check's business */
	}
	if (t->schema && !catalog_find_schema(*model, t->schema))
		(void)catalog_add(*model, OBJ_SCHEMA, NULL, t->schema, NULL, NULL);
	/* nothing applied: a fresh database, which has public (as the replay's starting catalog does) */
	if (!st.current && !catalog_find_schema(*model, "public"))
		(void)catalog_add(*model, OBJ_SCHEMA, NULL, "public", NULL, NULL);
	if (st.current) {
		*current = xstrdup(st.current);
		ReplayOptions ro = {0};
		ro.search_path = r->search_path ? r->search_path : t->schema;
		ro.user = r->user;
		ro.stop_at = st.current;
		ro.quiet_info = true;
		if (replay_migrations(*model, r->set, &ro, &rdl) != 0)
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
	return introspect_catalog(conn, &io, live, dl);
}

/* Check one target: fills T (diffs, or failed with an error in DL). */
static void drift_one(const DriftRun *r, const char *url, DriftTarget *t, DiagList *dl)
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
		(void)drift_compare(t, model, live, t->schema ? t->schema : r->o->target.schema,
		                    r->o->target.table);
	free(current);
	catalog_free(live);
	catalog_free(model);
	PQfinish(conn);
}

typedef struct FixOpts {
	const char *name;
	bool allow_destructive, dry_run;
} FixOpts;

/* Replay SQL (generated by the diff) on top of CAT under the run's search_path. 0 or -1 (DL). */
static int apply_generated(const DriftRun *r, const DriftTarget *t, Catalog *cat, const char *sql,
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

/* Whether a fresh (expected, live) pair of T replays to the proof: live + UP == expected and
 * live + UP + DOWN == live. Differences or replay errors go to DL. */
static bool fix_proven(const DriftRun *r, PGconn *conn, DriftTarget *t, const char *up, const char *down,
                       DiagList *dl)
{
	Catalog *model = NULL, *live = NULL, *live0 = NULL, *m0 = NULL;
	char *cur = NULL, *cur0 = NULL;
	bool ok = false;
	DriftTarget scratch = {.label = t->label, .schema = t->schema, .ignore = t->ignore};
	const char *hs = t->schema ? t->schema : r->o->target.schema;
	if (load_pair(r, conn, t, &model, &live, &cur, dl) == 0 &&
	    load_pair(r, conn, t, &m0, &live0, &cur0, dl) == 0) {
		(void)drift_compare(&scratch, model, live, hs, r->o->target.table);
		(void)drift_compare(&scratch, m0, live0, hs, r->o->target.table);
		CompareOptions co = {.label_a = "live + fix",
		                     .label_b = "the migrations",
		                     .ignore_comments = true,
		                     .ignore_column_order = true};
		if (apply_generated(r, t, live, up, "drift --fix (up)", dl) != 0) {
			diag_add(dl, SEV_ERROR, "fix-proof", NULL, 0, 0, "the fix does not replay cleanly");
		} else if (catalog_compare(live, model, &co, dl)) {
			diag_add(dl, SEV_ERROR, "fix-proof", NULL, 0, 0,
			         "live + fix differs from the migrations");
		} else if (apply_generated(r, t, live, down, "drift --fix (down)", dl) != 0) {
			diag_add(dl, SEV_ERROR, "fix-proof", NULL, 0, 0,
			         "the down migration does not replay cleanly");
		} else {
			co.label_a = "live + fix + down";
			co.label_b = "the database";
			ok = catalog_compare(live, live0, &co, dl) == 0;
			if (!ok)
				diag_add(dl, SEV_ERROR, "fix-proof", NULL, 0, 0,
				         "live + fix + down differs from the database");
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

/* `drift --fix` for target T of database URL: the migration that turns the live schema into the expected
 * one, written into the migrations folder (or printed). Returns the exit code (everything printed). */
static int drift_fix(const DriftRun *r, const char *url, DriftTarget *t, const FixOpts *fo)
{
	CliCommon *c = r->c;
	DiagList dl = DIAGLIST_INIT;
	PGconn *conn = db_open(url, &dl);
	Catalog *model = NULL, *live = NULL;
	char *current = NULL, *version = NULL;
	char **written = NULL;
	size_t nwritten = 0;
	DiffResult up = {0}, down = {0};
	int rc = EXIT_FINDINGS;
	if (!conn) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (load_pair(r, conn, t, &model, &live, &current, &dl) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	const char *head = r->set->n ? r->set->items[r->set->n - 1].version : NULL;
	if (head && (!current || strcmp(current, head))) {
		Diag *d =
		    diag_add(&dl, SEV_ERROR, "fix-not-at-head", NULL, 0, 0,
		             "%s is at %s, the migrations go to %s: a fix written after %s would run after "
		             "the pending migrations",
		             t->label, current ? current : "no version", head, head);
		diag_set_hint(d, "run `strata up` first, then `strata drift --fix`");
		goto out;
	}
	size_t n =
	    drift_compare(t, model, live, t->schema ? t->schema : r->o->target.schema, r->o->target.table);
	if (!n) {
		report_text(stderr, &dl, c->color);
		printf("no drift: nothing to fix\n");
		rc = EXIT_OK;
		goto done;
	}
	if (diff_catalogs(live, model, &up, &dl) != 0 || diff_catalogs(model, live, &down, &dl) != 0)
		goto out;
	if (!up.sql.len) {
		report_text(stderr, &t->diffs, c->color);
		fprintf(stderr,
		        "strata drift: error: %zu difference%s but the diff has no statement for them\n", n,
		        n == 1 ? "" : "s");
		goto out;
	}
	if (up.ndestructive && !fo->allow_destructive) {
		report_text(stderr, &dl, c->color);
		fprintf(
		    stderr,
		    "strata drift: error: %zu destructive step%s (use --allow-destructive to write them):\n",
		    up.ndestructive, up.ndestructive == 1 ? "" : "s");
		for (size_t i = 0; i < up.ndestructive; i++)
			fprintf(stderr, "  %s\n", up.destructive[i]);
		goto done;
	}
	{
		DiagList pdl = DIAGLIST_INIT;
		bool ok = fix_proven(r, conn, t, sb_str(&up.sql), sb_str(&down.sql), &pdl);
		if (!ok) {
			fprintf(stderr, "strata drift: error: the proof of the fix failed:\n");
			report_text(stderr, &pdl, c->color);
		}
		diag_list_release(&pdl);
		if (!ok)
			goto out;
	}
	report_text(stderr, &dl, c->color);
	StrBuf hu = STRBUF_INIT, hd = STRBUF_INIT;
	sb_appendf(&hu,
	           "-- generated by strata drift --fix: restores the schema the history of %s expects "
	           "(%zu difference%s), verified by replay\n",
	           t->label, n, n == 1 ? "" : "s");
	for (size_t i = 0; i < t->diffs.n; i++)
		sb_appendf(&hu, "--   %s\n", t->diffs.items[i].message);
	sb_append(&hu, "SET check_function_bodies = false;\n");
	sb_append(&hu, sb_str(&up.sql));
	sb_appendf(&hd,
	           "-- generated by strata drift --fix: brings the drift of %s back, verified by replay\n",
	           t->label);
	sb_append(&hd, "SET check_function_bodies = false;\n");
	sb_append(&hd, sb_str(&down.sql));
	if (fo->dry_run) {
		printf("-- up\n%s\n-- down\n%s", sb_str(&hu), sb_str(&hd));
		printf("verified\n");
		rc = EXIT_OK;
	} else {
		MigFormat fmt = r->set->n       ? r->set->format
		                : c->mig_format ? c->mig_format
		                                : FMT_GOLANG_MIGRATE;
		if (c->mig_format)
			fmt = c->mig_format;
		version = migration_next_version(r->set, fmt);
		if (migration_write(c->dir, fmt, version, fo->name, migration_plain_sep(r->set), sb_str(&hu),
		                    sb_str(&hd), &written, &nwritten, &dl) != 0) {
			report_text(stderr, &dl, c->color);
			rc = EXIT_USAGE;
		} else {
			printf("%zu difference%s; fix verified: %zu statement%s up, %zu down\n", n,
			       n == 1 ? "" : "s", up.nstatements, up.nstatements == 1 ? "" : "s",
			       down.nstatements);
			for (size_t i = 0; i < nwritten; i++)
				printf("wrote %s\n", written[i]);
			printf("apply it with `strata up`\n");
			rc = EXIT_OK;
		}
	}
	sb_release(&hu);
	sb_release(&hd);
	goto done;
out:
	report_text(stderr, &dl, c->color);
done:
	for (size_t i = 0; i < nwritten; i++)
		free(written[i]);
	free(written);
	free(version);
	free(current);
	diff_result_release(&up);
	diff_result_release(&down);
	catalog_free(model);
	catalog_free(live);
	if (conn)
		PQfinish(conn);
	diag_list_release(&dl);
	return rc;
}

/* ---- --tenants ---------------------------------------------------------------------------------- */

typedef struct TenantSel {
	char **names; /* explicit tenants (NULL/0: every tenant of the source) */
	size_t n_names;
	const char *where; /* LIKE filter */
} TenantSel;

static bool tenant_wanted(const TenantSel *s, const char *name)
{
	if (s->where && !like_match(s->where, name))
		return false;
	if (!s->n_names)
		return true;
	for (size_t i = 0; i < s->n_names; i++)
		if (!strcmp(s->names[i], name))
			return true;
	return false;
}

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
		if (!current[i - 1] || mig_version_cmp(set->format, v, current[i - 1]) > 0)
			current[i - 1] = v;
	}
	hmap_release(&idx);
	return 0;
}

/* The schemas of CONN's search_path (current_schemas(false)), arena strings of CAT; *N set. */
static const char **server_path(PGconn *conn, Catalog *cat, size_t *n)
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

/* The expected catalog of TENANT at version CURRENT: the shared migrations, then the tenant migrations up
 * to CURRENT under the tenant search_path. Replay errors are counted into *REPLAY_ERRORS. */
static Catalog *tenant_model(const DriftRun *r, const TenantCli *tc, const MigrationSet *shared,
                             const char *tenant, const char *current, size_t *replay_errors)
{
	Catalog *model = catalog_new();
	DiagList rdl = DIAGLIST_INIT;
	Prereq pq;
	prereq_init(&pq, r->c->dir, r->c->cfg.platform, r->prereq);
	if (prereq_replay(model, &pq, &rdl) != 0) {
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
static void drift_tenant_batch(const DriftRun *r, const TenantCli *tc, const MigrationSet *shared,
                               FleetServer *s, DriftTarget *t, size_t n, size_t *replay_errors, DiagList *dl)
{
	char **names = xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		names[i] = (char *)t[i].schema;
	const char **current = xcalloc(n + 1, sizeof(char *));
	PGresult *vres = NULL;
	Catalog *live = NULL;
	if (batch_versions(s->conn, r->set, names, n, current, &vres, dl) != 0) {
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
	const char **spath = server_path(s->conn, live, &npath);
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

/* The targets of `drift --tenants`: every wanted tenant of every server, checked batch by batch. Fills
 * *OUT (label and schema = the tenant name) and *NT. Returns 0 or an exit code (printed). */
static int drift_tenants(const DriftRun *r, TenantCli *tc, const TenantSel *sel, DriftTarget **out,
                         size_t *nt, DiagList *dl)
{
	CliCommon *c = r->c;
	*out = NULL;
	*nt = 0;
	if (tc->mode != TMODE_SCHEMA) {
		fprintf(stderr,
		        "strata drift: error: --tenants supports [tenants] mode = schema only (mode %s)\n",
		        tenant_mode_name(tc->mode));
		return EXIT_USAGE;
	}
	MigrationSet shared = {0};
	FleetServer *fs = NULL;
	int rc = 0;
	if (fs_is_dir(c->dir)) {
		DiscoverOptions o = {0};
		o.format = c->mig_format;
		o.vars = c->vars;
		o.n_vars = c->n_vars;
		if (discover_migrations(c->dir, &o, &shared, dl) != 0) {
			rc = EXIT_FINDINGS;
			goto out;
		}
	}
	if ((rc = fleet_open(c, tc, &fs, false)) != 0 || (rc = fleet_resolve(c, tc, fs)) != 0)
		goto out;
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
			if (!tenant_wanted(sel, name) || hmap_has(&seen, name))
				continue;
			hmap_put(&seen, name, NULL);
			t[n].label = xstrdup(name);
			t[n].schema = t[n].label;
			t[n].ignore = &r->c->ignore;
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
	/* batches of consecutive tenants of one server (tenants are listed server by server) */
	size_t replay_errors = 0;
	for (size_t b = 0; b < n;) {
		size_t e = b + 1;
		while (e < n && e - b < DRIFT_TENANT_BATCH && server_of[e] == server_of[b])
			e++;
		drift_tenant_batch(r, tc, &shared, &fs[server_of[b]], t + b, e - b, &replay_errors, dl);
		b = e;
	}
	if (replay_errors)
		diag_add(dl, SEV_WARNING, "replay", NULL, 0, 0,
		         "the offline replay reported %zu errors over %zu tenants (run strata check)",
		         replay_errors, n);
	free(server_of);
	*out = t;
	*nt = n;
out:
	fleet_close(tc, fs);
	migration_set_free(&shared);
	return rc;
}

int drift_tenants_all(CliCommon *c, TenantCli *tc, const MigrationSet *set, DriftTarget **out, size_t *nt,
                      DiagList *dl)
{
	ApplyOptions o;
	apply_options_init(&o);
	DriftRun run = {.c = c, .o = &o, .set = set};
	TenantSel sel = {0};
	return drift_tenants(&run, tc, &sel, out, nt, dl);
}

/* Print the report of targets T[0..NT) (grouped) and DL; returns the exit code. */
static int drift_report(CliCommon *c, DriftTarget *t, size_t nt, const char *noun, DiagList *dl)
{
	size_t failed = 0, total = 0;
	for (size_t i = 0; i < nt; i++) {
		failed += t[i].failed;
		total += t[i].diffs.n;
	}
	DiagList groups = DIAGLIST_INIT;
	size_t ng = drift_group(t, nt, noun, &groups);
	diag_list_append_all(&groups, dl);
	if (c->out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "kind", json_string(noun));
		json_object_set_new(root, "targets", json_integer((json_int_t)nt));
		json_object_set_new(root, "failed_targets", json_integer((json_int_t)failed));
		json_object_set_new(root, "differences", json_integer((json_int_t)total));
		json_object_set_new(root, "distinct", json_integer((json_int_t)ng));
		json_t *per = json_array();
		for (size_t i = 0; i < nt; i++) {
			json_t *e = json_object();
			json_object_set_new(e, "target", json_string(t[i].label));
			json_object_set_new(e, "failed", json_boolean(t[i].failed));
			json_object_set_new(e, "diagnostics", report_diags_json(&t[i].diffs));
			json_array_append_new(per, e);
		}
		json_object_set_new(root, "per_target", per);
		json_object_set_new(root, "diagnostics", report_diags_json(&groups));
		report_json_print(stdout, root);
	} else if (c->out == OUT_SARIF || c->out == OUT_GITHUB) {
		cli_print_diags(c, &groups);
	} else {
		cli_ignore_note(c);
		report_text(stdout, &groups, c->color);
		printf("%zu %s%s, %zu difference%s (%zu distinct)%s\n", nt, noun, nt == 1 ? "" : "s", total,
		       total == 1 ? "" : "s", ng, failed ? ", some could not be read" : "");
	}
	int rc = total || failed || diag_has_errors(&groups) ? EXIT_FINDINGS : EXIT_OK;
	diag_list_release(&groups);
	return rc;
}

enum {
	OPT_TARGET = OPT_CMD_BASE,
	OPT_SCHEMA,
	OPT_TENANTS,
	OPT_WHERE,
	OPT_USER,
	OPT_PREREQ,
	OPT_FIX,
	OPT_NAME,
	OPT_ALLOW_DESTRUCTIVE,
	OPT_DRY_RUN
};

int cmd_drift(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "drift");
	ApplyOptions o;
	apply_options_init(&o);
	TenantCli tc;
	cli_tenant_init(&tc);
	static const struct option longopts[] = {
	    CLI_COMMON_LONGOPTS,
	    CLI_DB_LONGOPTS,
	    CLI_TENANT_LONGOPTS,
	    {"target", required_argument, NULL, OPT_TARGET},
	    {"schema", required_argument, NULL, OPT_SCHEMA},
	    {"tenants", no_argument, NULL, OPT_TENANTS},
	    {"where", required_argument, NULL, OPT_WHERE},
	    {"user", required_argument, NULL, OPT_USER},
	    {"prereq", required_argument, NULL, OPT_PREREQ},
	    {"fix", no_argument, NULL, OPT_FIX},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"allow-destructive", no_argument, NULL, OPT_ALLOW_DESTRUCTIVE},
	    {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	    CLI_IGNORE_LONGOPT,
	    {NULL, 0, NULL, 0}};
	CStrVec urls = {0}, schemas = {0};
	DriftRun run = {.c = &c, .o = &o};
	TenantSel sel = {0};
	FixOpts fo = {.name = "drift_fix"};
	bool tenants = false, fix = false;
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(drift_help, stdout);
			return EXIT_OK;
		case OPT_TARGET:
			vec_push(&urls, optarg);
			continue;
		case OPT_SCHEMA:
			vec_push(&schemas, optarg);
			continue;
		case OPT_TENANTS:
			tenants = true;
			continue;
		case OPT_WHERE:
			sel.where = optarg;
			continue;
		case OPT_USER:
			run.user = optarg;
			continue;
		case OPT_PREREQ:
			run.prereq = optarg;
			continue;
		case OPT_FIX:
			fix = true;
			continue;
		case OPT_NAME:
			fo.name = optarg;
			continue;
		case OPT_ALLOW_DESTRUCTIVE:
			fo.allow_destructive = true;
			continue;
		case OPT_DRY_RUN:
			fo.dry_run = true;
			continue;
		default:
			break;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("drift", &o, opt, optarg);
		if (r == 0)
			r = cli_tenant_opt(&tc, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("drift", argv, optopt);
	}
	int rc = EXIT_USAGE;
	if (tenants) {
		for (int i = optind; i < argc; i++) {
			if (!strcmp(argv[i], "all")) {
				if (argc - optind > 1) {
					rc =
					    cli_usage_error("drift", "\"all\" does not go with tenant names");
					goto early;
				}
				continue;
			}
			const char *why = tenant_name_problem(argv[i], NULL);
			if (why) {
				rc = cli_usage_error("drift", "tenant \"%s\": %s", argv[i], why);
				goto early;
			}
		}
		if (!(argc - optind == 1 && !strcmp(argv[optind], "all"))) {
			sel.names = argv + optind;
			sel.n_names = (size_t)(argc - optind);
		}
		if (urls.n || schemas.n) {
			rc = cli_usage_error("drift", "--tenants does not go with --target or --schema");
			goto early;
		}
		if (fix) {
			rc = cli_usage_error(
			    "drift", "--fix works on one target: the fix of a tenant belongs in the "
			             "tenant migrations of every tenant; check one tenant with --schema");
			goto early;
		}
	} else {
		if (sel.where) {
			rc = cli_usage_error("drift", "--where needs --tenants");
			goto early;
		}
		if (optind < argc) {
			rc = cli_usage_error("drift", "unexpected argument \"%s\"", argv[optind]);
			goto early;
		}
		if (fix && (urls.n || schemas.n > 1)) {
			rc = cli_usage_error(
			    "drift", "--fix works on one target (one database, at most one --schema)");
			goto early;
		}
	}
	if (!fix && (fo.allow_destructive || fo.dry_run || strcmp(fo.name, "drift_fix"))) {
		rc = cli_usage_error("drift", "--name, --allow-destructive and --dry-run go with --fix");
		goto early;
	}
	for (const char *p = fo.name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-')) {
			rc = cli_usage_error("drift", "--name may hold letters, digits, '_' and '-' only");
			goto early;
		}
	/* without --tenants, --search-path is the replay's search_path (no $tenant needed) */
	if (!tenants) {
		run.search_path = tc.search_path;
		tc.search_path = NULL;
	}
	rc = cli_common_finish(&c);
	if (rc)
		goto early;
	cli_db_finish(&c, &o);
	if (tenants && (rc = cli_tenant_finish(&c, &tc, true)) != 0)
		goto early;
	MigrationSet set = {0};
	MigPlan *plans = NULL;
	DiagList dl = DIAGLIST_INIT;
	run.set = &set;
	DriftTarget *t = NULL;
	size_t nt = 0;
	if (tenants) {
		rc = tenant_migrations_load(&c, &tc, &set, &plans);
		tenant_plans_free(plans, set.n);
		if (!rc)
			rc = drift_tenants(&run, &tc, &sel, &t, &nt, &dl);
		if (!rc)
			rc = drift_report(&c, t, nt, "tenant", &dl);
		else if (dl.n)
			report_text(stderr, &dl, c.color);
		goto out;
	}
	if (cli_load_migrations(&c, &set, &dl) != 0 && diag_has_errors(&dl)) {
		cli_print_diags(&c, &dl);
		rc = EXIT_FINDINGS;
		goto out;
	}
	if (fix) {
		t = xcalloc(1, sizeof(DriftTarget));
		nt = 1;
		t->schema = schemas.n ? schemas.items[0] : NULL;
		t->ignore = &c.ignore;
		t->label = t->schema        ? xstrdup(t->schema)
		           : c.database_url ? db_url_redacted(c.database_url)
		                            : xstrdup("the database");
		diag_list_release(&dl); /* discovery warnings: strata check's business */
		rc = drift_fix(&run, c.database_url, t, &fo);
		goto out;
	}
	/* targets: databases × schemas */
	size_t ndb = 1 + urls.n, nsch = schemas.n ? schemas.n : 1;
	nt = ndb * nsch;
	t = xcalloc(nt, sizeof(DriftTarget));
	for (size_t d = 0; d < ndb; d++) {
		const char *url = d == 0 ? c.database_url : urls.items[d - 1];
		for (size_t s = 0; s < nsch; s++) {
			DriftTarget *x = &t[d * nsch + s];
			x->schema = schemas.n ? schemas.items[s] : NULL;
			x->ignore = &c.ignore;
			char *dbl = url ? db_url_redacted(url) : xstrdup("default database");
			x->label = x->schema
			               ? (ndb > 1 ? xasprintf("%s/%s", dbl, x->schema) : xstrdup(x->schema))
			               : xstrdup(dbl);
			free(dbl);
			drift_one(&run, url, x, &dl);
		}
	}
	rc = drift_report(&c, t, nt, "target", &dl);
out:
	for (size_t i = 0; i < nt; i++) {
		free(t[i].label);
		diag_list_release(&t[i].diffs);
	}
	free(t);
	diag_list_release(&dl);
	migration_set_free(&set);
early:
	vec_free(&urls);
	vec_free(&schemas);
	cli_tenant_free(&tc);
	cli_common_free(&c);
	return rc;
}
