/* fleet.c — the fleet from the ledgers, one query per server (see fleet.h). */
#include "strata.h"
#include "db/connect.h"
#include "db/ledger.h"
#include "db/session.h"
#include "exec/fleet.h"
#include "exec/tenants.h"
#include "util/hmap.h"

#include <jansson.h>
#include <math.h>

/* The one query: kind 'v' rows are the groups (version, chain, status) with their count and, for the
 * failed, the tenants and errors as JSON; kind 'r' rows are the runs (updated_by) with their first and last
 * write and the writes per time slice as JSON [[slice, rows, failed], ...]. Pending rows (registered, never
 * written by a rollout) have no run. */
#define FLEET_BUCKETS_STR "40"
static const char fleet_sql[] =
    "WITH l AS MATERIALIZED (SELECT target, coalesce(version, '') AS version, coalesce(checksum_chain, '') "
    "AS chain, status, error, updated_at, updated_by FROM strata.ledger), "
    "w AS (SELECT updated_by, min(updated_at) AS t0, max(updated_at) AS t1 FROM l "
    "WHERE updated_by IS NOT NULL AND status <> 'pending' GROUP BY 1), "
    "b AS (SELECT l.updated_by, least(floor(extract(epoch FROM l.updated_at - w.t0) / "
    "greatest(extract(epoch FROM w.t1 - w.t0), 0.000001) * " FLEET_BUCKETS_STR ")::int, " FLEET_BUCKETS_STR
    " - 1) AS k, count(*) AS n, count(*) FILTER (WHERE l.status = 'failed') AS f "
    "FROM l JOIN w USING (updated_by) WHERE l.status <> 'pending' GROUP BY 1, 2) "
    "SELECT 'v', version, chain, status, count(*)::text, coalesce(json_agg(json_build_object('tenant', "
    "target, 'error', error) ORDER BY target) FILTER (WHERE status = 'failed'), '[]')::text "
    "FROM l GROUP BY 2, 3, 4 "
    "UNION ALL "
    "SELECT 'r', w.updated_by, extract(epoch FROM w.t0)::text, extract(epoch FROM w.t1)::text, NULL, "
    "(SELECT json_agg(json_build_array(b.k, b.n, b.f) ORDER BY b.k) FROM b "
    "WHERE b.updated_by = w.updated_by)::text FROM w ";
/* With the list of tenants: kind 't' rows (name, version, status). */
static const char fleet_list_sql[] = "UNION ALL SELECT 't', target, version, status, NULL, NULL FROM l ";
static const char fleet_order_sql[] = "ORDER BY 1 DESC, 2, 3, 4";

_Static_assert(FLEET_TIME_BUCKETS == 40, "fleet_sql slices the runs into FLEET_TIME_BUCKETS");

typedef struct Loader {
	FleetSummary *fs;
	const MigrationSet *set;
	char (*chains)[65];
	HMap vindex; /* version → index + 1 */
	size_t cap_versions;
} Loader;

static size_t version_slot(Loader *L, const char *v)
{
	FleetSummary *fs = L->fs;
	uintptr_t i = (uintptr_t)hmap_get(&L->vindex, v);
	if (i)
		return i - 1;
	if (fs->n_versions == L->cap_versions) {
		size_t cap = L->cap_versions ? L->cap_versions * 2 : 8;
		fs->versions = xrealloc(fs->versions, cap * sizeof(char *));
		fs->counts = xrealloc(fs->counts, cap * fs->n_servers * sizeof(long long));
		L->cap_versions = cap;
	}
	size_t k = fs->n_versions++;
	fs->versions[k] = xstrdup(v);
	memset(fs->counts + k * fs->n_servers, 0, fs->n_servers * sizeof(long long));
	hmap_put(&L->vindex, fs->versions[k], (void *)(uintptr_t)(k + 1));
	return k;
}

/* One 'v' row of server S: the counters, and the failures it lists. */
static void add_group(Loader *L, size_t s, PGresult *r, int k)
{
	FleetSummary *fs = L->fs;
	const MigrationSet *set = L->set;
	FleetServerSum *sv = &fs->servers[s];
	const char *v = PQgetvalue(r, k, 1), *chain = PQgetvalue(r, k, 2), *st = PQgetvalue(r, k, 3);
	long long n = atoll(PQgetvalue(r, k, 4));
	size_t applied = (size_t)-1;
	if (!*v)
		applied = 0;
	for (size_t m = 0; m < set->n && applied == (size_t)-1; m++)
		if (!strcmp(set->items[m].version, v))
			applied = m + 1;
	size_t slot = version_slot(L, v); /* may move fs->counts */
	fs->counts[slot * fs->n_servers + s] += n;
	sv->tenants += n;
	bool is_edited = applied == (size_t)-1 || (applied > 0 && strcmp(chain, L->chains[applied]));
	if (is_edited)
		sv->edited += n;
	else if (applied == set->n && set->n)
		sv->at_head += n;
	else
		sv->pending += n;
	if (!*v && strcmp(st, "failed"))
		sv->never += n;
	if (strcmp(st, "failed"))
		return;
	sv->failed += n;
	json_error_t je;
	json_t *arr = json_loads(PQgetvalue(r, k, 5), 0, &je);
	size_t idx;
	json_t *e;
	fs->failures =
	    xrealloc(fs->failures, (fs->n_failures + json_array_size(arr) + 1) * sizeof(FleetFailure));
	json_array_foreach(arr, idx, e)
	{
		const char *err = json_string_value(json_object_get(e, "error"));
		FleetFailure *f = &fs->failures[fs->n_failures++];
		f->tenant = xstrdup(json_string_value(json_object_get(e, "tenant")));
		f->version = xstrdup(v);
		f->error = err ? xstrdup(err) : NULL;
		f->server = s;
	}
	json_decref(arr);
}

/* One 'r' row of server S: a run with its time slices. */
static void add_run(Loader *L, size_t s, PGresult *r, int k)
{
	FleetSummary *fs = L->fs;
	fs->runs = xrealloc(fs->runs, (fs->n_runs + 1) * sizeof(FleetRun));
	FleetRun *run = &fs->runs[fs->n_runs++];
	memset(run, 0, sizeof(*run));
	const char *who = PQgetvalue(r, k, 1);
	char proc[300];
	ledger_worker_parse(who, proc, sizeof(proc), &run->wave, &run->n_waves);
	run->worker = xstrdup(proc);
	run->server = s;
	run->t0 = atof(PQgetvalue(r, k, 2));
	run->t1 = atof(PQgetvalue(r, k, 3));
	json_error_t je;
	json_t *arr = json_loads(PQgetvalue(r, k, 5), 0, &je);
	size_t idx;
	json_t *e;
	json_array_foreach(arr, idx, e)
	{
		json_int_t b = json_integer_value(json_array_get(e, 0));
		json_int_t n = json_integer_value(json_array_get(e, 1));
		json_int_t f = json_integer_value(json_array_get(e, 2));
		if (b < 0 || b >= FLEET_TIME_BUCKETS)
			continue;
		run->buckets[b] += n;
		run->ok += n - f;
		run->failed += f;
	}
	json_decref(arr);
}

static int cmp_run(const void *a, const void *b)
{
	const FleetRun *x = a, *y = b;
	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	return x->wave - y->wave;
}

static void add_tenant(FleetSummary *fs, size_t s, PGresult *r, int k)
{
	if (!(fs->n_tenants_list & (fs->n_tenants_list + 1))) /* grow at 0, 1, 3, 7, ...: doubling */
		fs->tenants_list =
		    xrealloc(fs->tenants_list, (2 * fs->n_tenants_list + 2) * sizeof(FleetTenant));
	FleetTenant *t = &fs->tenants_list[fs->n_tenants_list++];
	t->tenant = xstrdup(PQgetvalue(r, k, 1));
	t->version = xstrdup(PQgetvalue(r, k, 2));
	t->status = xstrdup(PQgetvalue(r, k, 3));
	t->server = s;
}

int fleet_summary_load(char *const *servers, size_t n, const MigrationSet *set, bool list, FleetSummary *out,
                       DiagList *dl)
{
	memset(out, 0, sizeof(*out));
	FleetSummary *fs = out;
	fs->head = xstrdup(set->n ? set->items[set->n - 1].version : "");
	fs->n_servers = n;
	fs->servers = xcalloc(n + 1, sizeof(FleetServerSum));
	Loader L = {.fs = fs, .set = set};
	L.chains = xcalloc(set->n + 1, sizeof(*L.chains));
	checksum_chain(set, L.chains);
	hmap_init(&L.vindex);
	int rc = 0;
	for (size_t s = 0; s < n && !rc; s++) {
		fs->servers[s].label = db_url_redacted(servers[s]);
		PGconn *conn = db_connect(servers[s], dl);
		if (!conn) {
			rc = -1;
			break;
		}
		bool have = false;
		PGresult *r = NULL;
		if (ledger_exists(conn, &have, dl) != 0)
			rc = -1;
		char *q = xasprintf("%s%s%s", fleet_sql, list ? fleet_list_sql : "", fleet_order_sql);
		if (!rc && have && !(r = db_query(conn, q, 0, NULL, "reading the ledger", dl)))
			rc = -1;
		free(q);
		fs->servers[s].has_ledger = have;
		for (int k = 0; r && k < PQntuples(r); k++) {
			char kind = PQgetvalue(r, k, 0)[0];
			if (kind == 'v')
				add_group(&L, s, r, k);
			else if (kind == 'r')
				add_run(&L, s, r, k);
			else
				add_tenant(fs, s, r, k);
		}
		PQclear(r);
		PQfinish(conn);
	}
	for (size_t s = 0; s < n; s++) {
		const FleetServerSum *sv = &fs->servers[s];
		fs->tenants += sv->tenants;
		fs->at_head += sv->at_head;
		fs->pending += sv->pending;
		fs->failed += sv->failed;
		fs->edited += sv->edited;
		fs->never += sv->never;
	}
	if (fs->n_runs)
		qsort(fs->runs, fs->n_runs, sizeof(FleetRun), cmp_run);
	hmap_release(&L.vindex);
	free(L.chains);
	return rc;
}

void fleet_summary_add_unregistered(FleetSummary *fs, const long long *n)
{
	for (size_t s = 0; s < fs->n_servers; s++) {
		if (!n[s])
			continue;
		FleetServerSum *sv = &fs->servers[s];
		sv->tenants += n[s];
		fs->tenants += n[s];
		if (!*fs->head) { /* no tenant migrations: nothing to run there */
			sv->at_head += n[s];
			fs->at_head += n[s];
			continue;
		}
		sv->pending += n[s];
		sv->never += n[s];
		fs->pending += n[s];
		fs->never += n[s];
		size_t v = 0;
		while (v < fs->n_versions && *fs->versions[v])
			v++;
		if (v == fs->n_versions) { /* no "none" row yet: first, as the ledger query sorts it */
			fs->versions = xrealloc(fs->versions, (fs->n_versions + 1) * sizeof(char *));
			fs->counts =
			    xrealloc(fs->counts, (fs->n_versions + 1) * fs->n_servers * sizeof(long long));
			memmove(fs->versions + 1, fs->versions, fs->n_versions * sizeof(char *));
			memmove(fs->counts + fs->n_servers, fs->counts,
			        fs->n_versions * fs->n_servers * sizeof(long long));
			fs->versions[0] = xstrdup("");
			memset(fs->counts, 0, fs->n_servers * sizeof(long long));
			fs->n_versions++;
			v = 0;
		}
		fs->counts[v * fs->n_servers + s] += n[s];
	}
}

long long fleet_version_total(const FleetSummary *fs, size_t v)
{
	long long t = 0;
	for (size_t s = 0; s < fs->n_servers; s++)
		t += fs->counts[v * fs->n_servers + s];
	return t;
}

void fleet_summary_free(FleetSummary *fs)
{
	free(fs->head);
	for (size_t s = 0; s < fs->n_servers; s++)
		free(fs->servers[s].label);
	free(fs->servers);
	for (size_t v = 0; v < fs->n_versions; v++)
		free(fs->versions[v]);
	free(fs->versions);
	free(fs->counts);
	for (size_t i = 0; i < fs->n_failures; i++) {
		free(fs->failures[i].tenant);
		free(fs->failures[i].version);
		free(fs->failures[i].error);
	}
	free(fs->failures);
	for (size_t i = 0; i < fs->n_runs; i++)
		free(fs->runs[i].worker);
	free(fs->runs);
	for (size_t i = 0; i < fs->n_tenants_list; i++) {
		free(fs->tenants_list[i].tenant);
		free(fs->tenants_list[i].version);
		free(fs->tenants_list[i].status);
	}
	free(fs->tenants_list);
	memset(fs, 0, sizeof(*fs));
}
