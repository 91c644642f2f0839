/* fleet_baseline.c — `strata baseline --tenants` (see fleet_baseline.h): select and plan from the ledger,
 * compare each tenant with the migrations up to V (exec/drift_run.h), record the equal ones through the
 * executor in record-only mode, one summary. */
#include "strata.h"
#include "analysis/drift.h"
#include "exec/cancel.h"
#include "exec/drift_run.h"
#include "exec/executor.h"
#include "exec/fleet.h"
#include "exec/fleet_baseline.h"
#include "exec/progress.h"
#include "util/hmap.h"

static bool wanted(const FleetBaselineOptions *o, const char *name)
{
	if (o->where && !like_match(o->where, name))
		return false;
	if (!o->n_names)
		return true;
	for (size_t i = 0; i < o->n_names; i++)
		if (!strcmp(o->names[i], name))
			return true;
	return false;
}

/* Migrations of SET the ledger row LR says ran: 0 for none, i + 1 for version i, (size_t)-1 unknown. */
static size_t applied_count(const MigrationSet *set, const LedgerRow *lr)
{
	if (!lr || !lr->version || !*lr->version)
		return 0;
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->items[i].version, lr->version))
			return i + 1;
	return (size_t)-1;
}

static int cmp_target(const void *a, const void *b)
{
	const ExecTarget *x = a, *y = b;
	return x->server != y->server ? x->server - y->server : strcmp(x->name, y->name);
}

/* Compare the candidates TG[0..N) with the migrations up to V: DT[i] gets tenant i's differences (or
 * .failed, with the error in DL, when it could not be read: that tenant counts as refused). */
static void verify_tenants(const TenantConfig *t, const FleetBaselineOptions *o, const MigrationSet *set,
                           FleetServer *fs, const ExecTarget *tg, size_t n, DriftTarget *dt, DiagList *dl)
{
	DriftOptions d = {0};
	d.proj = o->proj;
	d.history = o->ao->target;
	d.set = set;
	d.search_path = t->mode == TMODE_SCHEMA ? t->search_path : NULL;
	d.user = o->user;
	d.prereq = o->prereq;
	d.at_version = o->version;
	for (size_t i = 0; i < n; i++) {
		dt[i].label = xstrdup(tg[i].name);
		dt[i].schema = t->mode == TMODE_SCHEMA ? dt[i].label : NULL;
	}
	if (t->mode == TMODE_DATABASE) {
		for (size_t i = 0; i < n; i++)
			drift_tenant_database(&d, fs[tg[i].server].url, &dt[i], dl);
		return;
	}
	MigrationSet shared = {0};
	if (project_exists(o->proj)) {
		DiagList quiet = DIAGLIST_INIT; /* the shared migrations' own errors: strata check */
		if (project_discover(o->proj, SCOPE_SHARED, &shared, &quiet) != 0) {
			/* what could be read is replayed */
		}
		diag_list_release(&quiet);
	}
	size_t *server_of = xcalloc(n + 1, sizeof(size_t));
	for (size_t i = 0; i < n; i++)
		server_of[i] = (size_t)tg[i].server;
	drift_tenants_check(&d, t, &shared, fs, dt, server_of, n, dl);
	free(server_of);
	migration_set_free(&shared);
}

/* Record TG[0..N) at SUB's last version (SUB: the tenant migrations up to V) through the executor. */
static int record(const TenantConfig *t, const FleetBaselineOptions *o, FleetServer *fs,
                  const MigrationSet *sub, const MigPlan *plans, char (*chains)[65], ExecTarget *tg, size_t n,
                  DiagList *dl)
{
	for (size_t i = 0; i < t->n_servers; i++) { /* rows for tenants the ledger does not know yet */
		char **names = xcalloc(n + 1, sizeof(char *));
		size_t nn = 0;
		for (size_t k = 0; k < n; k++)
			if (tg[k].server == (int)i && !hmap_has(&fs[i].ledger.by_target, tg[k].name))
				names[nn++] = (char *)tg[k].name;
		int rr = nn ? ledger_register(fs[i].conn, names, nn, dl) : 0;
		free(names);
		if (rr != 0)
			return EXIT_USAGE;
	}
	for (size_t i = 0; i < t->n_servers; i++) { /* the executor opens its own connections */
		PQfinish(fs[i].conn);
		fs[i].conn = NULL;
	}
	qsort(tg, n, sizeof(ExecTarget), cmp_target);
	Progress prog;
	progress_init(&prog, o->err, n);
	ExecOptions eo = {0};
	eo.set = sub;
	eo.plans = plans;
	eo.chains = chains;
	eo.search_path = t->search_path;
	eo.shared = t->shared;
	eo.lock_timeout = o->ao->lock_timeout;
	eo.statement_timeout = o->ao->statement_timeout;
	eo.servers = t->servers;
	eo.n_servers = t->n_servers;
	eo.jobs = o->jobs;
	eo.on_error.kind = ONERR_CONTINUE; /* each tenant is recorded or not on its own */
	eo.record_only = true;
	eo.database_mode = t->mode == TMODE_DATABASE;
	eo.history = o->ao->target;
	eo.retries = o->ao->retries;
	eo.busy_wait_ms = o->ao->lock_wait_ms;
	eo.progress = &prog;
	eo.log = o->err;
	ExecSummary sum;
	long long t0 = progress_now_ms();
	cancel_install(NULL);
	int rc = executor_run(&eo, tg, n, &sum, dl) != 0 ? EXIT_USAGE : EXIT_OK;
	cancel_uninstall();
	progress_end(&prog);
	diag_sink_flush(o->sink, dl);
	fprintf(
	    o->out,
	    "recorded %zu tenant%s at %s in %.2f s: %zu failed, %zu done by another worker, %zu busy, %zu "
	    "not started\n",
	    sum.ok, sum.ok == 1 ? "" : "s", o->version, (double)(progress_now_ms() - t0) / 1000.0, sum.failed,
	    sum.by_other, sum.busy, sum.not_started);
	if (sum.interrupted)
		fprintf(o->out, "stopped: interrupted; re-run to continue where this run stopped\n");
	if (!rc && sum.connect_failed)
		rc = EXIT_USAGE;
	else if (!rc && (sum.failed || sum.not_started || sum.interrupted))
		rc = EXIT_FINDINGS;
	else if (!rc && sum.busy)
		rc = EXIT_LOCKED;
	for (size_t i = 0; i < n; i++)
		free(tg[i].error);
	return rc;
}

int fleet_baseline_run(const TenantConfig *t, const FleetBaselineOptions *o, DiagList *dl)
{
	if (t->mode == TMODE_SHARED) {
		Diag *d = diag_add(dl, SEV_ERROR, "tenant-mode", NULL, 0, 0,
		                   "--tenants needs [tenants] mode = schema or database (mode shared has no "
		                   "tenant migrations)");
		diag_set_hint(d, "adopt the database with `strata baseline --version V`");
		return EXIT_USAGE;
	}
	MigrationSet set = {0};
	MigPlan *plans = NULL;
	FleetServer *fs = NULL;
	ExecTarget *tg = NULL;
	DriftTarget *dt = NULL;
	char(*chains)[65] = NULL;
	size_t nt = 0, nc = 0;
	int rc = tenant_migrations_load(o->proj, t, &set, &plans, dl);
	if (rc)
		goto out;
	size_t upto = set.n;
	for (size_t i = 0; i < set.n; i++)
		if (!strcmp(set.items[i].version, o->version))
			upto = i;
	if (upto == set.n) {
		Diag *d = diag_add(dl, SEV_ERROR, "unknown-version", NULL, 0, 0,
		                   "no tenant migration has version \"%s\"", o->version);
		diag_set_hint(d, "`strata ls --dir %s` lists them", t->tenant_dir);
		rc = EXIT_USAGE;
		goto out;
	}
	if (fleet_open(t, &fs, !o->dry_run, dl) != 0 || fleet_resolve(t, fs, dl) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	chains = xcalloc(set.n + 1, sizeof(*chains));
	checksum_chain(&set, chains);
	/* the selected tenants, planned from the ledger */
	size_t cap = 0;
	for (size_t i = 0; i < t->n_servers; i++)
		cap += fs[i].n_tenants;
	tg = xcalloc(cap + 1, sizeof(ExecTarget));
	HMap seen = HMAP_INIT;
	size_t at_or_past = 0, bad_ledger = 0;
	for (size_t i = 0; i < t->n_servers; i++)
		for (size_t k = 0; k < fs[i].n_tenants; k++) {
			const char *name = fs[i].tenants[k];
			if (!wanted(o, name) || hmap_has(&seen, name))
				continue;
			hmap_put(&seen, name, NULL);
			nt++;
			const LedgerRow *lr = hmap_get(&fs[i].ledger.by_target, name);
			size_t from = applied_count(&set, lr);
			if (from == (size_t)-1 || (from > 0 && t->mode == TMODE_SCHEMA &&
			                           (!lr->chain || strcmp(lr->chain, chains[from])))) {
				Diag *d = diag_add(
				    dl, SEV_ERROR,
				    from == (size_t)-1 ? "unknown-version" : "checksum-mismatch", NULL, 0, 0,
				    from == (size_t)-1 ? "tenant \"%s\": the ledger says version \"%s\", "
				                         "which is not a tenant "
				                         "migration"
				                       : "tenant \"%s\": a tenant migration up to \"%s\" was "
				                         "edited after it ran "
				                         "there",
				    name, lr->version);
				(void)d;
				bad_ledger++;
				continue;
			}
			if (from > upto) { /* already at V or past it: nothing to record */
				at_or_past++;
				continue;
			}
			tg[nc].name = name;
			tg[nc].server = (int)i;
			tg[nc++].from = from;
		}
	for (size_t k = 0; k < o->n_names; k++)
		if (!hmap_has(&seen, o->names[k])) {
			Diag *d =
			    diag_add(dl, SEV_ERROR, "unknown-tenant", NULL, 0, 0,
			             "tenant \"%s\" is not among the tenants of the source", o->names[k]);
			diag_set_hint(d, "check [tenants] source, or `strata tenant ls`");
			rc = EXIT_FINDINGS;
		}
	hmap_release(&seen);
	if (rc)
		goto out;
	qsort(tg, nc, sizeof(ExecTarget), cmp_target); /* server by server, for the batches */
	/* compare, unless told not to */
	size_t refused = 0, ok = nc;
	if (o->verify && nc) {
		dt = xcalloc(nc + 1, sizeof(DriftTarget));
		verify_tenants(t, o, &set, fs, tg, nc, dt, dl);
		DriftTarget *bad = xcalloc(nc + 1, sizeof(DriftTarget));
		size_t nb = 0;
		ok = 0;
		for (size_t i = 0; i < nc; i++) {
			if (dt[i].failed || dt[i].diffs.n)
				bad[nb++] = dt[i];
			else
				tg[ok++] = tg[i];
		}
		refused = nb;
		size_t differences = 0;
		for (size_t i = 0; i < nb; i++)
			differences += bad[i].diffs.n;
		size_t before = dl->n;
		if (nb) /* grouped as drift --tenants groups them (over every tenant compared) */
			(void)drift_group(dt, nc, "tenant", dl);
		for (size_t i = before; nc == 1 && i < dl->n; i++) { /* one tenant: named all the same */
			char *m = xasprintf("%s: %s", dt[0].label, dl->items[i].message);
			free(dl->items[i].message);
			dl->items[i].message = m;
		}
		free(bad);
		diag_sink_flush(o->sink, dl);
		fflush(o->err);
		fprintf(o->out,
		        "baseline of %zu tenant%s at %s: %zu at or past it, %zu match the migrations, %zu "
		        "refused "
		        "(%zu difference%s)%s\n",
		        nt, nt == 1 ? "" : "s", o->version, at_or_past, ok, refused, differences,
		        differences == 1 ? "" : "s", o->dry_run ? " (dry run)" : "");
	} else {
		fprintf(o->out, "baseline of %zu tenant%s at %s: %zu at or past it, %zu to record%s%s\n", nt,
		        nt == 1 ? "" : "s", o->version, at_or_past, nc, o->verify ? "" : " (not verified)",
		        o->dry_run ? " (dry run)" : "");
		if (!o->verify && nc)
			fprintf(
			    o->err,
			    "strata baseline: warning: --no-verify: %zu tenant%s %s recorded at %s without "
			    "comparing "
			    "%s schema%s with the migrations; a tenant that lacks what they create fails "
			    "only at the "
			    "first later migration that needs it (`strata drift --tenants` compares them)\n",
			    nc, nc == 1 ? "" : "s", o->dry_run ? "would be" : "are", o->version,
			    nc == 1 ? "its" : "their", nc == 1 ? "" : "s");
	}
	diag_sink_flush(o->sink, dl);
	if (o->dry_run || !ok) {
		rc = refused || bad_ledger ? EXIT_FINDINGS : EXIT_OK;
		goto out;
	}
	MigrationSet sub = set;
	sub.n = upto + 1;
	rc = record(t, o, fs, &sub, plans, chains, tg, ok, dl);
	if (!rc && (refused || bad_ledger))
		rc = EXIT_FINDINGS;
out:
	for (size_t i = 0; dt && i < nc; i++) {
		free(dt[i].label);
		diag_list_release(&dt[i].diffs);
	}
	free(dt);
	free(tg);
	free(chains);
	fleet_close(t, fs);
	tenant_plans_free(plans, set.n);
	migration_set_free(&set);
	return rc;
}
