/* rollout.c — plan and run a tenant rollout (see rollout.h). */
#include "strata.h"
#include "db/connect.h"
#include "db/session.h"
#include "exec/cancel.h"
#include "exec/exact.h"
#include "exec/executor.h"
#include "exec/fleet_preflight.h"
#include "exec/preflight.h"
#include "exec/rollout.h"
#include "exec/status.h"
#include "exec/tenant_guard.h"
#include "sql/quote.h"
#include "util/fs.h"

#include <unistd.h>

static int cmp_target(const void *a, const void *b)
{
	return strcmp(((const ExecTarget *)a)->name, ((const ExecTarget *)b)->name);
}

/* A tenant `tenant add` creates is named on the command line whatever the source says. */
static bool wanted(const RolloutOpts *r, const char *name)
{
	return r->create ? tenant_selected(r->where, NULL, 0, name)
	                 : tenant_selected(r->where, r->names, r->n_names, name);
}

/* Whether the shared migrations of SET still have something to apply on CONN (history read without the
 * migration lock; an unreadable history counts as pending, so that apply_up reports the problem). */
static bool shared_pending(PGconn *conn, const MigrationSet *set, const ApplyOptions *ao)
{
	HistoryRows rows = {0};
	DiagList dl = DIAGLIST_INIT;
	bool exists = false, pending = true;
	if (history_load(conn, &ao->target, &rows, &exists, &dl) == 0) {
		Status st;
		status_compute(set, &rows, &st);
		size_t *todo = NULL, n = 0;
		DiagList pdl = DIAGLIST_INIT;
		pending = plan_up(set, &st, NULL, &todo, &n, &pdl) != 0 || n > 0;
		free(todo);
		diag_list_release(&pdl);
		status_free(&st);
	}
	history_rows_free(&rows);
	diag_list_release(&dl);
	return pending;
}

/* The shared migrations, on every server, before any tenant: tenant migrations may use shared objects.
 * `up --tenants` applies them always; `tenant add` only where some are pending, so that concurrent sign-ups
 * do not queue on the shared migration lock. */
static int apply_shared(const TenantConfig *t, FleetServer *fs, const RolloutOpts *r, DiagList *dl)
{
	if (!project_exists(r->proj))
		return 0;
	MigrationSet set = {0};
	int rc = 0;
	if (project_discover(r->proj, SCOPE_SHARED, &set, dl) != 0)
		rc = EXIT_FINDINGS;
	for (size_t i = 0; i < t->n_servers && !rc && set.n; i++) {
		if (r->create && !shared_pending(fs[i].conn, &set, r->ao))
			continue; /* tenant add: nothing to do there, and no lock to take */
		if (t->n_servers > 1)
			fprintf(r->out, "shared migrations on server %zu:\n", i + 1);
		ApplyResult ar = apply_up(fs[i].conn, &set, NULL, r->ao, dl);
		if (ar != APPLY_OK)
			rc = ar == APPLY_LOCKED ? EXIT_LOCKED : ar == APPLY_ENV ? EXIT_USAGE : EXIT_FINDINGS;
	}
	diag_sink_flush(r->sink, dl);
	migration_set_free(&set);
	return rc;
}

/* Database mode: the server (index) that has a database called NAME, or -1. */
static int database_server(const TenantConfig *t, FleetServer *fs, const char *name)
{
	for (size_t i = 0; i < t->n_servers; i++) {
		const char *p[1] = {name};
		PGresult *r = PQexecParams(fs[i].conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1,
		                           NULL, p, NULL, NULL, 0);
		bool here = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
		PQclear(r);
		if (here)
			return (int)i;
	}
	return -1;
}

/* Database mode, tenant add: CREATE DATABASE for each target that has no database yet on its server.
 * CREATE DATABASE cannot run in a transaction, so it is not atomic with the migrations: the names created
 * are returned in *CREATED so that a tenant whose migrations fail has its new database dropped again.
 * Returns 0 or an exit code (printed). */
static int create_databases(FleetServer *fs, ExecTarget *targets, size_t n, char ***created,
                            size_t *n_created, DiagList *dl)
{
	int rc = 0;
	for (size_t k = 0; k < n && !rc; k++) {
		PGconn *conn = fs[targets[k].server].conn;
		const char *p[1] = {targets[k].name};
		PGresult *e = db_query(conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, p,
		                       "finding the tenant database", dl);
		if (!e) {
			rc = EXIT_USAGE;
			break;
		}
		bool exists = PQntuples(e) == 1;
		PQclear(e);
		if (exists)
			continue;
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "CREATE DATABASE ");
		sql_quote_ident(&q, targets[k].name);
		if (db_exec(conn, sb_str(&q), "creating the tenant database", dl) != 0)
			rc = EXIT_FINDINGS;
		else {
			*created = xrealloc(*created, sizeof(char *) * (*n_created + 1));
			(*created)[(*n_created)++] = xstrdup(targets[k].name);
		}
		sb_release(&q);
	}
	return rc;
}

/* Database mode, tenant add: drop again the databases created by this run whose migrations did not
 * reach head (and their ledger rows), so a failed add leaves nothing behind. Prints what it did. */
static void drop_failed_databases(const TenantConfig *t, const RolloutOpts *r, ExecTarget *targets, size_t n,
                                  char **created, size_t n_created, DiagList *dl)
{
	for (size_t k = 0; k < n; k++) {
		if (targets[k].state == TS_OK || targets[k].state == TS_BY_OTHER)
			continue;
		bool mine = false;
		for (size_t i = 0; i < n_created && !mine; i++)
			mine = !strcmp(created[i], targets[k].name);
		if (!mine)
			continue;
		PGconn *conn = db_connect(t->servers[targets[k].server], dl);
		if (!conn)
			continue;
		StrBuf q = STRBUF_INIT;
		sb_append(&q, "DROP DATABASE IF EXISTS ");
		sql_quote_ident(&q, targets[k].name);
		sb_append(&q, " WITH (FORCE)");
		const char *p[1] = {targets[k].name};
		PGresult *res = NULL;
		if (db_exec(conn, sb_str(&q), "dropping the new tenant database again", dl) == 0 &&
		    (res = db_query(conn, "DELETE FROM strata.ledger WHERE target = $1", 1, p,
		                    "removing the ledger row", dl)) != NULL)
			fprintf(r->out,
			        "tenant \"%s\": its migrations failed, so the database created for it was "
			        "dropped again\n",
			        targets[k].name);
		PQclear(res);
		sb_release(&q);
		PQfinish(conn);
	}
}

/* Record each refused target of TARGETS[0..N) as failed in its server's ledger with ERRORS[i] (a row is
 * registered first for a tenant the ledger does not know yet). A write that fails is noted in DL only. */
static void record_refusals(const TenantConfig *t, FleetServer *fs, const ExecTarget *targets, size_t n,
                            const bool *refused, char **errors, DiagList *dl)
{
	char worker[300], host[256];
	apply_client_host(host, sizeof(host));
	snprintf(worker, sizeof(worker), "%s pid %d", host, (int)getpid());
	for (size_t sv = 0; sv < t->n_servers; sv++) {
		char **names = xcalloc(n + 1, sizeof(char *));
		size_t nn = 0;
		for (size_t i = 0; i < n; i++)
			if (refused[i] && targets[i].server == (int)sv)
				names[nn++] = (char *)targets[i].name;
		DiagList quiet = DIAGLIST_INIT;
		if (nn && ledger_register(fs[sv].conn, names, nn, &quiet) == 0)
			for (size_t i = 0; i < n; i++) {
				if (!refused[i] || targets[i].server != (int)sv)
					continue;
				const char *p[3] = {targets[i].name,
				                    errors[i] ? errors[i] : "refused by the pre-flight",
				                    worker};
				PQclear(db_query(fs[sv].conn, LEDGER_FAILED_SQL, 3, p, "recording a refusal",
				                 &quiet));
			}
		if (quiet.n)
			diag_add(dl, SEV_WARNING, "ledger", NULL, 0, 0,
			         "the refusals could not be recorded in strata.ledger: %s",
			         quiet.items[0].message);
		diag_list_release(&quiet);
		free(names);
	}
}

/* The tenant pre-flight (exec/fleet_preflight.h) of the first *todo TARGETS: the refused ones are reported
 * (through the sink) and taken out of the list, *todo and *n_refused updated. Returns 0, or -1 when a
 * server could not be read (error in DL). */
static int tenant_preflight(const TenantConfig *t, FleetServer *fs, const RolloutOpts *r,
                            const MigrationSet *set, ExecTarget *targets, size_t *todo, size_t *n_refused,
                            DiagList *dl)
{
	MigrationSet shared = {0};
	if (t->mode == TMODE_SCHEMA && project_exists(r->proj)) {
		DiagList quiet = DIAGLIST_INIT; /* discovery errors: the shared run reports them */
		if (project_discover(r->proj, SCOPE_SHARED, &shared, &quiet) != 0) {
			/* what could be read is checked */
		}
		diag_list_release(&quiet);
	}
	/* --exact: one throwaway server for every shape checked; it starts only if dynamic SQL comes */
	ExactOptions eo = {NULL, NULL};
	ExactSession *es = r->ao->exact ? exact_session_new(&eo) : NULL;
	FleetPreflightOptions po = {set, &shared, r->ao, r->create, es ? exact_session_hook(es) : NULL};
	bool *refused = xcalloc(*todo + 1, sizeof(bool));
	char **errors = xcalloc(*todo + 1, sizeof(char *));
	FleetPreflightStats st;
	size_t before = dl->n;
	int pr = fleet_preflight(t, fs, &po, targets, *todo, refused, errors, &st, dl);
	char *cost = es ? exact_session_summary(es) : NULL;
	if (cost)
		fprintf(r->err ? r->err : r->out, "pre-flight %s\n", cost);
	free(cost);
	exact_session_free(es);
	if (pr > 0 && r->ao->preflight_warn) { /* --preflight=warn: said loudly, and every tenant runs */
		preflight_let_through(dl, before, r->err ? r->err : r->out);
		memset(refused, 0, (*todo + 1) * sizeof(bool));
	} else if (pr > 0 && !r->dry_run) /* the ledger says why, for `status --tenants` */
		record_refusals(t, fs, targets, *todo, refused, errors, dl);
	if (pr >= 0) {
		size_t k = 0;
		for (size_t i = 0; i < *todo; i++)
			if (!refused[i])
				targets[k++] = targets[i];
		*n_refused = *todo - k;
		*todo = k;
		if (r->err && st.targets > 1)
			fprintf(r->err,
			        "pre-flight: %zu tenant%s with pending migrations, %zu shape%s checked in "
			        "%.2f s\n",
			        st.targets, st.targets == 1 ? "" : "s", st.shapes, st.shapes == 1 ? "" : "s",
			        st.seconds);
	}
	diag_sink_flush(r->sink, dl);
	free_list(errors, *todo + *n_refused);
	free(refused);
	migration_set_free(&shared);
	return pr < 0 ? -1 : 0;
}

/* tenant add: names that can never be tenants (exec/tenant_guard.h) are refused before anything runs. */
static int refuse_protected(const TenantConfig *t, FleetServer *fs, const RolloutOpts *r, DiagList *dl)
{
	PGconn **conns = xcalloc(t->n_servers ? t->n_servers : 1, sizeof(PGconn *));
	for (size_t i = 0; i < t->n_servers; i++)
		conns[i] = fs[i].conn;
	TenantGuard g = {t->mode, t->shared, r->ao->target.schema};
	int n = tenant_add_check(conns, t->n_servers, &g, r->names, r->n_names, dl);
	free(conns);
	return n != 0 ? EXIT_USAGE : 0;
}

/* The number of tenant migrations of SET up to and including version TO, in *N. Returns 0, or
 * EXIT_USAGE when no versioned tenant migration has that version (error in DL). */
static int stop_at(const MigrationSet *set, const char *to, size_t *n, DiagList *dl)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->items[i].kind == MIG_VERSIONED && !strcmp(set->items[i].version, to)) {
			*n = i + 1;
			return 0;
		}
	Diag *d = diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0,
	                   "--to %s: no tenant migration has that version", to);
	diag_set_hint(d, "with --tenants, --to names a version of the tenant migrations (%s)",
	              set->n ? set->dir : "there are none");
	return EXIT_USAGE;
}

int rollout_run(const TenantConfig *t, const RolloutOpts *r, DiagList *dl)
{
	bool dbmode = t->mode == TMODE_DATABASE;
	MigrationSet set = {0}, run = {0};
	MigPlan *plans = NULL;
	FleetServer *fs = NULL;
	ExecTarget *targets = NULL;
	size_t nt = 0, at_head = 0;
	char(*chains)[65] = NULL;
	int rc = 0;
	char **created = NULL; /* database mode, tenant add: the databases this run created */
	size_t n_created = 0;
	if (t->mode != TMODE_SHARED && (rc = tenant_migrations_load(r->proj, t, &set, &plans, dl)) != 0)
		goto out;
	/* --to V: the run sees the tenant migrations up to V (a view of SET); the ledger is still read
	 * against all of them, so a tenant past V is known and left alone */
	run = set;
	if (r->to && t->mode != TMODE_SHARED && (rc = stop_at(&set, r->to, &run.n, dl)) != 0)
		goto out;
	if (fleet_open(t, &fs, !r->dry_run, dl) != 0 && (rc = EXIT_USAGE))
		goto out;
	if (r->create && t->mode != TMODE_SHARED && (rc = refuse_protected(t, fs, r, dl)) != 0)
		goto out;
	if (t->mode == TMODE_SHARED) {
		if (r->apply_shared && (rc = apply_shared(t, fs, r, dl)) != 0)
			goto out;
		fprintf(
		    r->out,
		    "tenants: mode shared (tenants are rows of the shared schema): only shared migrations "
		    "apply\n");
		goto out;
	}
	if (!r->create && fleet_resolve(t, fs, dl) != 0 && (rc = EXIT_USAGE))
		goto out;
	chains = xcalloc(set.n + 1, sizeof(*chains));
	checksum_chain(&set, chains); /* a prefix's chains are the same: they serve RUN too */
	/* targets: from the source, or the explicit names (tenant add) on the least loaded server */
	size_t cap = 0;
	for (size_t i = 0; i < t->n_servers; i++)
		cap += fs[i].n_tenants;
	cap += r->n_names;
	targets = xcalloc(cap ? cap : 1, sizeof(ExecTarget));
	HMap seen = HMAP_INIT;
	for (size_t i = 0; i < t->n_servers; i++)
		for (size_t k = 0; k < fs[i].n_tenants; k++)
			if (wanted(r, fs[i].tenants[k]) && !hmap_has(&seen, fs[i].tenants[k])) {
				hmap_put(&seen, fs[i].tenants[k], &fs[i]);
				targets[nt].name = fs[i].tenants[k];
				targets[nt++].server = (int)i;
			}
	if (r->create) {
		size_t *load = xcalloc(t->n_servers, sizeof(size_t));
		for (size_t i = 0; i < t->n_servers; i++)
			load[i] = fs[i].ledger.n;
		for (size_t k = 0; k < r->n_names; k++) {
			if (hmap_has(&seen, r->names[k]))
				continue;
			int best = 0, where = dbmode ? database_server(t, fs, r->names[k]) : -1;
			for (size_t i = 0; i < t->n_servers && where < 0; i++) {
				if (hmap_has(&fs[i].ledger.by_target, r->names[k])) {
					best = (int)i;
					break;
				}
				if (load[i] < load[best])
					best = (int)i;
			}
			if (where >= 0)
				best = where;
			if (!hmap_has(&fs[best].ledger.by_target, r->names[k]))
				load[best]++;
			hmap_put(&seen, r->names[k], NULL);
			targets[nt].name = r->names[k];
			targets[nt++].server = best;
		}
		free(load);
	} else {
		for (size_t k = 0; k < r->n_names; k++)
			if (!hmap_has(&seen, r->names[k])) {
				Diag *d = diag_add(dl, SEV_ERROR, "unknown-tenant", NULL, 0, 0,
				                   "tenant \"%s\" is not among the tenants of the source",
				                   r->names[k]);
				diag_set_hint(d,
				              "add it with `strata tenant add %s`, or check [tenants] source",
				              r->names[k]);
				rc = EXIT_FINDINGS;
			}
	}
	hmap_release(&seen);
	if (rc)
		goto out;
	qsort(targets, nt, sizeof(ExecTarget), cmp_target);
	/* plan from the ledger: at head → nothing to do; unknown version or edited migrations → refuse */
	size_t todo = 0, n_refused = 0;
	for (size_t i = 0; i < nt; i++) {
		ExecTarget *tg = &targets[i];
		const LedgerRow *lr = hmap_get(&fs[tg->server].ledger.by_target, tg->name);
		size_t from = ledger_applied_count(&set, lr);
		if (from == (size_t)-1) {
			if (++n_refused <= 5)
				diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0,
				         "tenant \"%s\": the ledger says version \"%s\", which is not a "
				         "tenant migration",
				         tg->name, lr->version);
			tg->state = TS_FAILED;
			continue;
		}
		if (lr && from > run.n) { /* --to V: past V already, left as it is */
			at_head++;
			continue;
		}
		/* database mode: the tenant's own history is checked for edited migrations once connected
		 * (and corrects the ledger), so a ledger chain that disagrees only means "look" */
		if (lr && from > 0 && (!lr->chain || strcmp(lr->chain, chains[from])) && dbmode) {
			tg->from = from;
			targets[todo++] = *tg;
			continue;
		}
		if (lr && from > 0 && (!lr->chain || strcmp(lr->chain, chains[from]))) {
			if (++n_refused <= 5) {
				Diag *d = diag_add(dl, SEV_ERROR, "checksum-mismatch", NULL, 0, 0,
				                   "tenant \"%s\": a tenant migration up to \"%s\" was "
				                   "edited after it ran there",
				                   tg->name, lr->version);
				diag_set_hint(d,
				              "restore the edited file (compare with the tenant's %s table)",
				              TENANT_HISTORY_TABLE);
			}
			tg->state = TS_FAILED;
			continue;
		}
		tg->from = from;
		if (from >= run.n && lr && !r->create)
			at_head++;
		else if (from >= run.n && lr && r->create) {
			fprintf(r->out, "tenant \"%s\" is already at head (%s): nothing to do\n", tg->name,
			        set.n ? set.items[set.n - 1].version : "no migrations");
			at_head++;
		} else
			targets[todo++] = *tg;
	}
	size_t refused = nt - todo - at_head;
	if (n_refused > 5)
		diag_add(
		    dl, SEV_ERROR, "refused", NULL, 0, 0,
		    "... and %zu more tenants refused for the same reasons (see `strata status --tenants`)",
		    n_refused - 5);
	/* the tenant pre-flight: before anything is applied, shared migrations included */
	size_t pre_refused = 0;
	bool pre_stop = false;
	if (todo && r->ao->preflight) {
		int pr = tenant_preflight(t, fs, r, &run, targets, &todo, &pre_refused, dl);
		if (pr < 0) {
			rc = EXIT_USAGE;
			goto out;
		}
		/* a refusal is known before anything runs and concerns its tenant only: the others run, as
		 * for a tenant the ledger refuses, unless --on-error says otherwise (stop: nothing runs;
		 * threshold: nothing runs when more than that share is refused) */
		pre_stop = pre_refused && r->on_error.given &&
		           on_error_should_stop(&r->on_error, pre_refused, todo + pre_refused);
	}
	const char *head = run.n ? run.items[run.n - 1].version : "(none)";
	if (!r->create || todo || pre_refused) {
		fprintf(r->out, "tenants: %zu on %zu server%s, %s %s: %zu at %s, %zu to migrate", nt,
		        t->n_servers, t->n_servers == 1 ? "" : "s", r->to ? "target" : "head", head, at_head,
		        r->to ? "or past it" : "head", todo + pre_refused);
		if (pre_refused)
			fprintf(r->out, ", %zu refused by the pre-flight", pre_refused);
		fprintf(r->out, "%s\n", r->dry_run ? " (dry run)" : "");
	}
	if (pre_stop) {
		fprintf(r->out, "stopped: the pre-flight refused %zu tenant%s (--on-error %s); %s\n",
		        pre_refused, pre_refused == 1 ? "" : "s",
		        r->on_error.kind == ONERR_STOP ? "stop" : "threshold",
		        r->dry_run ? "the run would apply nothing" : "nothing was applied");
		rc = EXIT_FINDINGS;
		goto out;
	}
	fflush(r->out); /* before the progress lines on stderr */
	if (r->apply_shared && (rc = apply_shared(t, fs, r, dl)) != 0)
		goto out;
	if (r->dry_run || !todo) {
		rc = refused || pre_refused ? EXIT_FINDINGS : EXIT_OK;
		goto out;
	}
	/* register the new targets so status shows them pending even before they run */
	for (size_t i = 0; i < t->n_servers && !rc; i++) {
		char **names = xcalloc(todo, sizeof(char *));
		size_t nn = 0;
		for (size_t k = 0; k < todo; k++)
			if (targets[k].server == (int)i &&
			    !hmap_has(&fs[i].ledger.by_target, targets[k].name))
				names[nn++] = (char *)targets[k].name;
		if (nn && ledger_register(fs[i].conn, names, nn, dl) != 0)
			rc = EXIT_USAGE;
		free(names);
	}
	if (!rc && dbmode && r->create)
		rc = create_databases(fs, targets, todo, &created, &n_created, dl);
	if (rc)
		goto out;
	for (size_t i = 0; i < t->n_servers; i++) { /* the executor opens its own connections */
		PQfinish(fs[i].conn);
		fs[i].conn = NULL;
	}
	size_t ends[32];
	char *err = NULL;
	int nw = waves_parse(r->waves, todo, ends, 32, &err);
	if (nw < 0) {
		diag_add(dl, SEV_ERROR, "bad-waves", NULL, 0, 0, "--waves: %s", err);
		free(err);
		rc = EXIT_USAGE;
		goto out;
	}
	Progress prog;
	progress_init(&prog, r->err, todo);
	ExecOptions eo = {0};
	eo.set = &run;
	eo.plans = plans;
	eo.chains = chains;
	eo.search_path = t->search_path;
	eo.shared = t->shared;
	eo.lock_timeout = r->ao->lock_timeout;
	eo.statement_timeout = r->ao->statement_timeout;
	eo.servers = t->servers;
	eo.n_servers = t->n_servers;
	eo.jobs = r->jobs;
	eo.on_error = r->on_error;
	eo.wave_ends = ends;
	eo.n_waves = nw;
	eo.create_schema = r->create && !dbmode;
	eo.database_mode = dbmode;
	eo.history = r->ao->target;
	eo.retries = r->ao->retries;
	eo.busy_wait_ms = r->ao->lock_wait_ms;
	eo.progress = &prog;
	eo.log = r->err;
	ExecSummary sum;
	long long t0 = progress_now_ms();
	cancel_install(NULL);
	if (executor_run(&eo, targets, todo, &sum, dl) != 0)
		rc = EXIT_USAGE;
	cancel_uninstall();
	progress_end(&prog);
	diag_sink_flush(r->sink, dl);
	double secs = (double)(progress_now_ms() - t0) / 1000.0;
	fprintf(r->out, "migrated %zu tenant%s to %s in %.2f s: %zu failed, ", sum.ok, sum.ok == 1 ? "" : "s",
	        head, secs, sum.failed);
	if (pre_refused)
		fprintf(r->out, "%zu refused by the pre-flight, ", pre_refused);
	fprintf(r->out, "%zu done by another worker, %zu busy, %zu not started\n", sum.by_other, sum.busy,
	        sum.not_started);
	if (sum.stopped_wave >= 0)
		fprintf(r->out, "stopped: wave %d had failures; later waves were not started\n",
		        sum.stopped_wave + 1);
	else if (sum.stopped_policy)
		fprintf(r->out, "stopped: --on-error policy reached after %zu failure%s\n", sum.failed,
		        sum.failed == 1 ? "" : "s");
	if (sum.interrupted)
		fprintf(r->out, "stopped: interrupted; re-run to continue where this run stopped\n");
	if (n_created)
		drop_failed_databases(t, r, targets, todo, created, n_created, dl);
	if (sum.connect_failed)
		rc = EXIT_USAGE;
	else if (sum.failed || sum.not_started || refused || pre_refused || sum.interrupted)
		rc = EXIT_FINDINGS;
	else if (sum.busy)
		rc = EXIT_LOCKED;
	for (size_t i = 0; i < todo; i++)
		free(targets[i].error);
out:
	free(targets);
	free(chains);
	free_list(created, n_created);
	fleet_close(t, fs);
	tenant_plans_free(plans, set.n);
	migration_set_free(&set);
	return rc;
}
