/* fleet_baseline.c — `strata baseline --tenants` (see fleet_baseline.h): select and plan from the ledger,
 * compare each tenant with the migrations up to V (exec/drift_run.h), record the equal ones through the
 * executor in record-only mode, one summary. */
#include "strata.h"
#include "analysis/drift.h"
#include "exec/cancel.h"
#include "exec/drift_run.h"
#include "exec/executor.h"
#include "exec/fleet_servers.h"
#include "exec/fleet_baseline.h"
#include "exec/progress.h"
#include "util/hmap.h"

#include <pthread.h>
#include <stdatomic.h>

static int cmp_target(const void *a, const void *b)
{
	const ExecTarget *x = a, *y = b;
	return x->server != y->server ? x->server - y->server : strcmp(x->name, y->name);
}

/* The comparison of the candidates with the migrations up to V, run in a thread of its own while the
 * executor records the tenants it has cleared (READY advances batch after batch; HOLD[i] is set for a
 * tenant that differs or could not be read, before READY moves past it). */
typedef struct Verify {
	const TenantConfig *t;
	const FleetBaselineOptions *o;
	const MigrationSet *set;
	FleetServer *fs;
	const ExecTarget *tg;
	size_t n;
	DriftTarget *dt; /* DT[i]: tenant i's differences (or .failed) */
	DiagList dl;     /* errors of the comparison (the thread's own list) */
	bool *hold;
	atomic_size_t ready;
	size_t published;
} Verify;

static void verified_upto(void *ud, size_t upto)
{
	Verify *v = ud;
	for (size_t i = v->published; i < upto && i < v->n; i++)
		v->hold[i] = v->dt[i].failed || v->dt[i].diffs.n;
	v->published = upto;
	atomic_store_explicit(&v->ready, upto, memory_order_release);
}

static void *verify_run(void *arg)
{
	Verify *v = arg;
	const TenantConfig *t = v->t;
	const FleetBaselineOptions *o = v->o;
	DriftOptions d = {0};
	d.proj = o->proj;
	d.history = o->ao->target;
	d.set = v->set;
	d.search_path = t->mode == TMODE_SCHEMA ? t->search_path : NULL;
	d.user = o->user;
	d.prereq = o->prereq;
	d.at_version = o->version;
	d.batch_done = verified_upto;
	d.batch_ud = v;
	if (t->mode == TMODE_DATABASE) {
		for (size_t i = 0; i < v->n; i++) {
			drift_tenant_database(&d, v->fs[v->tg[i].server].url, &v->dt[i], &v->dl);
			verified_upto(v, i + 1);
		}
		return NULL;
	}
	MigrationSet shared = {0};
	if (project_exists(o->proj)) {
		DiagList quiet = DIAGLIST_INIT; /* the shared migrations' own errors: strata check */
		if (project_discover(o->proj, SCOPE_SHARED, &shared, &quiet) != 0) {
			/* what could be read is replayed */
		}
		diag_list_release(&quiet);
	}
	size_t *server_of = xcalloc(v->n + 1, sizeof(size_t));
	for (size_t i = 0; i < v->n; i++)
		server_of[i] = (size_t)v->tg[i].server;
	drift_tenants_check(&d, t, &shared, v->fs, v->dt, server_of, v->n, &v->dl);
	verified_upto(v, v->n);
	free(server_of);
	migration_set_free(&shared);
	return NULL;
}

/* Record TG[0..N) at SUB's last version (SUB: the tenant migrations up to V) through the executor, in
 * record-only mode: READY/HOLD as ExecOptions takes them (NULL: every target at once). SUM and SECS say how
 * it went. Returns 0 or EXIT_USAGE (the loop could not run). */
static int record(const TenantConfig *t, const FleetBaselineOptions *o, const MigrationSet *sub,
                  const MigPlan *plans, char (*chains)[65], ExecTarget *tg, size_t n,
                  const atomic_size_t *ready, const bool *hold, ExecSummary *sum, double *secs, DiagList *dl)
{
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
	eo.ready_upto = ready;
	eo.hold = hold;
	eo.database_mode = t->mode == TMODE_DATABASE;
	eo.history = o->ao->target;
	eo.retries = o->ao->retries;
	eo.busy_wait_ms = o->ao->lock_wait_ms;
	eo.progress = &prog;
	eo.log = o->err;
	long long t0 = progress_now_ms();
	cancel_install(NULL);
	int rc = executor_run(&eo, tg, n, sum, dl) != 0 ? EXIT_USAGE : EXIT_OK;
	cancel_uninstall();
	progress_end(&prog);
	*secs = (double)(progress_now_ms() - t0) / 1000.0;
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
			if (!tenant_selected(o->where, o->names, o->n_names, name) || hmap_has(&seen, name))
				continue;
			hmap_put(&seen, name, NULL);
			nt++;
			const LedgerRow *lr = hmap_get(&fs[i].ledger.by_target, name);
			size_t from = ledger_applied_count(&set, lr);
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
	/* compare (in a thread, batch after batch) while the executor records the tenants it has cleared;
	 * the executor opens connections of its own, the comparison keeps the fleet's */
	MigrationSet sub = set;
	sub.n = upto + 1;
	Verify v = {.t = t, .o = o, .set = &set, .fs = fs, .tg = tg, .n = nc, .dl = DIAGLIST_INIT};
	atomic_init(&v.ready, 0);
	ExecSummary sum = {0};
	double secs = 0;
	bool recorded = false;
	if (o->verify && nc) {
		dt = v.dt = xcalloc(nc + 1, sizeof(DriftTarget));
		v.hold = xcalloc(nc + 1, sizeof(bool));
		for (size_t i = 0; i < nc; i++) {
			dt[i].label = xstrdup(tg[i].name);
			dt[i].schema = t->mode == TMODE_SCHEMA ? dt[i].label : NULL;
		}
		pthread_t th;
		bool threaded = !o->dry_run && pthread_create(&th, NULL, verify_run, &v) == 0;
		if (threaded) {
			rc = record(t, o, &sub, plans, chains, tg, nc, &v.ready, v.hold, &sum, &secs, dl);
			pthread_join(th, NULL);
			recorded = true;
		} else
			(void)verify_run(&v);
		diag_list_append_all(dl, &v.dl);
		if (!o->dry_run && !recorded) { /* no thread: compare first, then record */
			rc = record(t, o, &sub, plans, chains, tg, nc, &v.ready, v.hold, &sum, &secs, dl);
			recorded = true;
		}
	} else if (nc && !o->dry_run) {
		rc = record(t, o, &sub, plans, chains, tg, nc, NULL, NULL, &sum, &secs, dl);
		recorded = true;
	}
	diag_sink_flush(o->sink, dl);
	/* the summary: the comparison, then the recording */
	size_t refused = 0, differences = 0;
	if (dt) {
		for (size_t i = 0; i < nc; i++) {
			refused += dt[i].failed || dt[i].diffs.n;
			differences += dt[i].diffs.n;
		}
		size_t before = dl->n;
		if (refused) /* grouped as drift --tenants groups them (over every tenant compared) */
			(void)drift_group(dt, nc, "tenant", dl);
		for (size_t i = before; nc == 1 && i < dl->n; i++) { /* one tenant: named all the same */
			char *m = xasprintf("%s: %s", dt[0].label, dl->items[i].message);
			free(dl->items[i].message);
			dl->items[i].message = m;
		}
		diag_sink_flush(o->sink, dl);
		fflush(o->err);
		fprintf(o->out,
		        "baseline of %zu tenant%s at %s: %zu at or past it, %zu match the migrations, %zu "
		        "refused "
		        "(%zu difference%s)%s\n",
		        nt, nt == 1 ? "" : "s", o->version, at_or_past, nc - refused, refused, differences,
		        differences == 1 ? "" : "s", o->dry_run ? " (dry run)" : "");
	} else {
		fprintf(o->out, "baseline of %zu tenant%s at %s: %zu at or past it, %zu to record%s%s\n", nt,
		        nt == 1 ? "" : "s", o->version, at_or_past, nc, o->verify ? "" : " (not verified)",
		        o->dry_run ? " (dry run)" : "");
		if (!o->verify && nc)
			fprintf(
			    o->err,
			    "strata baseline: warning: --no-verify: %zu tenant%s %s recorded at %s without "
			    "comparing %s schema%s with the migrations; a tenant that lacks what they create "
			    "fails only at the first later migration that needs it (`strata drift --tenants` "
			    "compares them)\n",
			    nc, nc == 1 ? "" : "s", o->dry_run ? "would be" : "are", o->version,
			    nc == 1 ? "its" : "their", nc == 1 ? "" : "s");
	}
	if (recorded) {
		fprintf(o->out,
		        "recorded %zu tenant%s at %s in %.2f s: %zu failed, %zu done by another worker, %zu "
		        "busy, "
		        "%zu not started\n",
		        sum.ok, sum.ok == 1 ? "" : "s", o->version, secs, sum.failed, sum.by_other, sum.busy,
		        sum.not_started);
		if (sum.interrupted)
			fprintf(o->out, "stopped: interrupted; re-run to continue where this run stopped\n");
		for (size_t i = 0; i < nc; i++)
			free(tg[i].error);
	}
	if (!rc && sum.connect_failed)
		rc = EXIT_USAGE;
	else if (!rc && (refused || bad_ledger || sum.failed || sum.not_started || sum.interrupted))
		rc = EXIT_FINDINGS;
	else if (!rc && sum.busy)
		rc = EXIT_LOCKED;
	free(v.hold);
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
