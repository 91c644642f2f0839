/* collect.c — what `strata report --html` shows, gathered into one JSON model: the project replayed with
 * the lint rules and the order analysis (History, and the catalog of the Schema section), the fleet from
 * the ledgers (exec/fleet.h, exec/fleet_servers.h) and its drift groups (exec/drift_run.h, grouped by
 * analysis/drift.h), then handed to the page writer
 * (html.c). See html.h. */
#include "strata.h"
#include "analysis/order.h"
#include "db/connect.h"
#include "db/introspect.h"
#include "db/ledger.h"
#include "db/session.h"
#include "analysis/replay.h"
#include "analysis/scope.h"
#include "exec/drift_run.h"
#include "exec/fleet.h"
#include "exec/fleet_servers.h"
#include "report/html.h"
#include "report/report.h"
#include "util/hmap.h"

#include <jansson.h>
#include <time.h>

/* Without --all-tenants: failed tenants listed on the page, and tenants named per drift group. */
#define REPORT_FAILURES_LISTED 200
#define REPORT_DRIFT_NAMED     20

static bool has_tenants(const ReportProject *p)
{
	return p->tenant && p->mode != TMODE_SHARED;
}

static const char *shared_schema(const ReportProject *p)
{
	return p->shared_schema ? p->shared_schema : "public";
}

/* The analyses that ride on a replay: lint rules and the order analysis of one migration set. */
typedef struct Hooks {
	Linter *lint;
	OrderAnalysis *order;
} Hooks;

static void hooks_stmt(void *ud, ReplayState *st, const struct SqlStmt *stmt, bool after)
{
	Hooks *h = ud;
	lint_stmt_hook(h->lint, st, stmt, after);
	order_stmt_hook(h->order, st, stmt, after);
}

static void hooks_later(void *ud, int consumer, int provider, const char *what)
{
	order_later_hook(((Hooks *)ud)->order, consumer, provider, what);
}

static void hooks_install(Hooks *h, ReplayOptions *ro)
{
	if (!h)
		return;
	ro->stmt_hook = hooks_stmt;
	ro->later_hook = hooks_later;
	ro->hook_ud = h;
}

/* The project's migrations replayed into a new catalog (with H's hooks when given), then the tenant
 * migrations into the template tenant schema by the scope rules of `check`. */
static Catalog *replay_project(const ReportProject *p, Hooks *h, DiagList *dl)
{
	Catalog *cat = catalog_new();
	ReplayOptions ro = {0};
	ro.search_path = has_tenants(p) ? shared_schema(p) : p->search_path;
	ro.user = p->user;
	ro.quiet_info = true;
	hooks_install(h, &ro);
	if (replay_migrations(cat, p->set, &ro, dl) != 0) {
		/* replay errors are findings of the History section */
	}
	if (has_tenants(p)) {
		ScopeOptions so = {shared_schema(p), p->tenant_search_path, NULL, NULL};
		scope_check(cat, p->set, p->tenant, &so, dl);
	}
	return cat;
}

Catalog *report_project_catalog(const ReportProject *p, DiagList *dl)
{
	return replay_project(p, NULL, dl);
}

void report_project_tenants(const ReportProject *p, Catalog *cat, DiagList *dl)
{
	if (!has_tenants(p))
		return;
	ScopeOptions so = {shared_schema(p), p->tenant_search_path, NULL, NULL};
	scope_check(cat, p->set, p->tenant, &so, dl);
}

int report_diagram(const ReportProject *p, Catalog *cat, bool from_db, const char *tables, bool svg,
                   StrBuf *out, ErStats *stats, DiagList *dl)
{
	const char *tenant_schemas[1];
	ErOptions eo;
	report_er_options(p, tables, from_db, tenant_schemas, &eo);
	if (!svg) {
		er_dot(cat, &eo, out, stats);
		return 0;
	}
	StrBuf dot = STRBUF_INIT;
	er_dot(cat, &eo, &dot, stats);
	int rc = er_svg(sb_str(&dot), out, dl);
	sb_release(&dot);
	return rc;
}

void report_er_options(const ReportProject *p, const char *tables, bool from_db, const char **tenant_schemas,
                       ErOptions *o)
{
	memset(o, 0, sizeof(*o));
	o->tables = tables;
	if (p->tenant && p->mode == TMODE_SHARED) {
		o->tenant_column = p->tenant_column ? p->tenant_column : "tenant_id";
	} else if (has_tenants(p)) {
		o->shared_schema = shared_schema(p);
		tenant_schemas[0] = SCOPE_TEMPLATE_SCHEMA;
		o->tenant_schemas = tenant_schemas;
		o->n_tenant_schemas = 1;
		o->others_are_tenant = from_db;
	}
}

int report_live_catalog(const char *url, const char *const *schemas, size_t n, const ReportProject *p,
                        const char *hist_schema, const char *hist_table, Catalog **out, DiagList *dl)
{
	*out = NULL;
	PGconn *conn = db_open(url, dl);
	if (!conn)
		return -1;
	const char *pick[2];
	PGresult *first = NULL;
	if (!n && has_tenants(p) && p->mode == TMODE_SCHEMA) {
		/* the shared schema and one tenant (the first of the ledger) stand for the fleet */
		bool have = false;
		if (ledger_exists(conn, &have, dl) != 0) {
			PQfinish(conn);
			return -1;
		}
		if (have)
			first = db_query(conn, "SELECT target FROM strata.ledger ORDER BY target LIMIT 1", 0,
			                 NULL, "reading the ledger", dl);
		pick[0] = shared_schema(p);
		n = 1;
		if (first && PQntuples(first))
			pick[n++] = PQgetvalue(first, 0, 0);
		schemas = pick;
	}
	IntrospectOptions io = {schemas, n};
	int rc = introspect_catalog(conn, &io, out, dl);
	if (rc == 0) {
		drift_drop_bookkeeping(*out, hist_schema, hist_table);
		for (size_t i = 0; i < (*out)->all.n; i++) { /* each tenant's own history table */
			CatObject *o = (*out)->all.items[i];
			if (o->kind == OBJ_TABLE && !o->dropped && !strcmp(o->name, TENANT_HISTORY_TABLE))
				(void)!catalog_drop(*out, o, true, NULL, NULL);
		}
	}
	PQclear(first);
	PQfinish(conn);
	return rc;
}

/* The tenant migrations' own lint findings and order analysis: the shared migrations replayed quietly,
 * the template schema, then the tenant migrations with H's hooks under the tenant search_path. */
static void tenant_analysis(const ReportProject *p, Hooks *h)
{
	Catalog *cat = catalog_new();
	DiagList scratch = DIAGLIST_INIT; /* replay errors: already reported by scope_check */
	ReplayOptions ro = {0};
	ro.search_path = shared_schema(p);
	ro.user = p->user;
	ro.quiet_info = true;
	(void)!replay_migrations(cat, p->set, &ro, &scratch);
	/* the shared objects exist before any tenant migration: without their versions (which the tenant
	 * migrations' may repeat), the order analysis cannot mistake them for a tenant migration's */
	for (size_t i = 0; i < cat->all.n; i++)
		((CatObject *)cat->all.items[i])->origin.version = NULL;
	ReplayState st;
	replay_state_init(&st, cat, &ro);
	(void)!replay_sql(cat, "CREATE SCHEMA \"" SCOPE_TEMPLATE_SCHEMA "\"", "(template tenant schema)", &st,
	                  &scratch);
	replay_state_release(&st);
	StrBuf sp = STRBUF_INIT;
	char *err = NULL;
	if (tenant_search_path(&sp, p->tenant_search_path, shared_schema(p), SCOPE_TEMPLATE_SCHEMA, &err) !=
	    0) {
		free(err); /* validated with the configuration */
		sb_append(&sp, "\"" SCOPE_TEMPLATE_SCHEMA "\"");
	}
	ReplayOptions tro = {0};
	tro.search_path = sb_str(&sp);
	tro.user = p->user;
	tro.quiet_info = true;
	hooks_install(h, &tro);
	(void)!replay_migrations(cat, p->tenant, &tro, &scratch);
	linter_finish(h->lint, cat);
	order_finish(h->order, cat);
	sb_release(&sp);
	diag_list_release(&scratch);
	catalog_free(cat);
}

static json_t *finding_json(const Diag *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "severity", json_string(severity_name(d->sev)));
	json_object_set_new(o, "rule", json_string(d->rule ? d->rule : ""));
	json_object_set_new(o, "message", json_string(d->message ? d->message : ""));
	if (d->file)
		json_object_set_new(o, "file", json_string(d->file));
	if (d->line) {
		json_object_set_new(o, "line", json_integer(d->line));
		json_object_set_new(o, "col", json_integer(d->col));
	}
	if (d->detail)
		json_object_set_new(o, "detail", json_string(d->detail));
	if (d->hint)
		json_object_set_new(o, "hint", json_string(d->hint));
	return o;
}

/* The migrations of SET in order, each with the findings of DL located in its files and what the order
 * analysis says it requires and changes. Findings placed in a migration are marked in USED. */
static json_t *set_json(const MigrationSet *set, const char *scope, const char *dir, OrderAnalysis *oa,
                        const DiagList *dl, bool *used, size_t *findings)
{
	HMap by_file = HMAP_INIT; /* path → index + 1 */
	for (size_t i = 0; i < set->n; i++) {
		hmap_put(&by_file, set->items[i].up_path, (void *)(uintptr_t)(i + 1));
		if (set->items[i].down_path)
			hmap_put(&by_file, set->items[i].down_path, (void *)(uintptr_t)(i + 1));
	}
	json_t **f = xcalloc(set->n + 1, sizeof(json_t *));
	for (size_t i = 0; i < set->n; i++)
		f[i] = json_array();
	for (size_t k = 0; k < dl->n; k++) {
		const Diag *d = &dl->items[k];
		uintptr_t i = d->file ? (uintptr_t)hmap_get(&by_file, d->file) : 0;
		if (!i || used[k] || d->sev == SEV_INFO)
			continue;
		used[k] = true;
		json_array_append_new(f[i - 1], finding_json(d));
		(*findings)++;
	}
	json_t *migs = json_array();
	for (size_t i = 0; i < set->n; i++) {
		const Migration *m = &set->items[i];
		json_t *o = json_object();
		json_object_set_new(o, "version", json_string(m->version));
		json_object_set_new(o, "name", json_string(m->name ? m->name : ""));
		json_object_set_new(o, "file", json_string(m->up_path));
		json_object_set_new(o, "findings", f[i]);
		json_t *req = json_array(), *chg = json_array();
		size_t n = 0;
		const size_t *r = order_requires(oa, i, &n);
		for (size_t k = 0; k < n; k++) {
			const Migration *q = &set->items[r[k]];
			json_t *e = json_object();
			json_object_set_new(e, "version", json_string(q->version));
			json_object_set_new(e, "name", json_string(q->name ? q->name : ""));
			json_object_set_new(e, "later", json_boolean(r[k] > i));
			json_array_append_new(req, e);
		}
		const char *const *c = order_changes(oa, i, &n);
		for (size_t k = 0; k < n; k++)
			json_array_append_new(chg, json_string(c[k]));
		json_object_set_new(o, "requires", req);
		json_object_set_new(o, "changes", chg);
		json_array_append_new(migs, o);
	}
	free(f);
	hmap_release(&by_file);
	json_t *s = json_object();
	json_object_set_new(s, "scope", json_string(scope));
	json_object_set_new(s, "dir", json_string(dir ? dir : set->dir ? set->dir : ""));
	json_object_set_new(s, "violations", json_integer((json_int_t)order_violations(oa)));
	json_object_set_new(s, "migrations", migs);
	return s;
}

/* History: every migration with its lint findings and order analysis; *CAT receives the catalog the
 * project builds (for the Schema section). */
static json_t *history_json(const ReportProject *p, Catalog **cat, ReportStats *stats)
{
	LintConfig defaults;
	DiagList dl = DIAGLIST_INIT, tdl = DIAGLIST_INIT;
	const LintConfig *lc = p->lint;
	if (!lc) {
		(void)!lint_config_init(&defaults, NULL, &dl);
		lc = &defaults;
	}
	Hooks h = {linter_new(p->set, lc, &dl), order_new(p->set)};
	*cat = replay_project(p, &h, &dl);
	linter_finish(h.lint, *cat);
	order_finish(h.order, *cat);
	Hooks th = {NULL, NULL};
	if (has_tenants(p)) {
		th.lint = linter_new(p->tenant, lc, &tdl);
		th.order = order_new(p->tenant);
		tenant_analysis(p, &th);
	}
	diag_list_append_all(&dl, &tdl);
	bool *used = xcalloc(dl.n + 1, sizeof(bool));
	json_t *sets = json_array();
	size_t findings = 0;
	json_array_append_new(
	    sets, set_json(p->set, has_tenants(p) ? "shared" : "", p->dir, h.order, &dl, used, &findings));
	if (th.order)
		json_array_append_new(
		    sets, set_json(p->tenant, "tenant", p->tenant_dir, th.order, &dl, used, &findings));
	json_t *other = json_array();
	for (size_t k = 0; k < dl.n; k++)
		if (!used[k] && dl.items[k].sev != SEV_INFO) {
			json_array_append_new(other, finding_json(&dl.items[k]));
			findings++;
		}
	json_t *o = json_object();
	json_object_set_new(o, "errors", json_integer((json_int_t)diag_count(&dl, SEV_ERROR)));
	json_object_set_new(o, "warnings", json_integer((json_int_t)diag_count(&dl, SEV_WARNING)));
	json_object_set_new(o, "sets", sets);
	json_object_set_new(o, "other", other);
	stats->migrations = p->set->n + (has_tenants(p) ? p->tenant->n : 0);
	stats->findings = findings;
	free(used);
	linter_free(h.lint);
	order_free(h.order);
	linter_free(th.lint);
	order_free(th.order);
	if (lc == &defaults)
		lint_config_release(&defaults);
	diag_list_release(&dl);
	return o;
}

/* "FILE:LINE:COL: message" → location and message (location "" when the error has none). */
static void split_location(const char *err, json_t *o)
{
	const char *msg = err, *loc_end = NULL;
	for (const char *s = err; s && *s && !loc_end; s++) {
		if (*s != ':' || s == err)
			continue;
		const char *q = s + 1;
		int parts = 0;
		while (parts < 2 && *q >= '0' && *q <= '9') {
			while (*q >= '0' && *q <= '9')
				q++;
			parts++;
			if (*q != ':')
				break;
			q++;
		}
		if (parts == 2 && q[-1] == ':' && *q == ' ') {
			loc_end = q - 1;
			msg = q + 1;
		}
	}
	json_object_set_new(o, "location",
	                    loc_end ? json_stringn(err, (size_t)(loc_end - err)) : json_string(""));
	json_object_set_new(o, "message", json_string(msg ? msg : "(no error recorded)"));
}

static json_t *failures_json(const FleetSummary *fs, bool all)
{
	json_t *rows = json_array(), *groups = json_array();
	HMap gi = HMAP_INIT; /* version \x1f error → group index + 1 */
	char **keys = xcalloc(fs->n_failures + 1, sizeof(char *));
	size_t nkeys = 0;
	for (size_t i = 0; i < fs->n_failures; i++) {
		const FleetFailure *f = &fs->failures[i];
		if (all || i < REPORT_FAILURES_LISTED) {
			json_t *r = json_object();
			json_object_set_new(r, "tenant", json_string(f->tenant));
			json_object_set_new(r, "version", json_string(f->version));
			json_object_set_new(r, "server", json_integer((json_int_t)f->server));
			split_location(f->error, r);
			json_array_append_new(rows, r);
		}
		char *key = xasprintf("%s\x1f%s", f->version, f->error ? f->error : "");
		uintptr_t g = (uintptr_t)hmap_get(&gi, key);
		if (!g) {
			json_t *e = json_object();
			json_object_set_new(e, "version", json_string(f->version));
			split_location(f->error, e);
			json_object_set_new(e, "count", json_integer(0));
			json_object_set_new(e, "example", json_string(f->tenant));
			json_array_append_new(groups, e);
			keys[nkeys++] = key;
			g = json_array_size(groups);
			hmap_put(&gi, key, (void *)g);
		} else {
			free(key);
		}
		json_t *e = json_array_get(groups, g - 1);
		json_object_set_new(e, "count",
		                    json_integer(json_integer_value(json_object_get(e, "count")) + 1));
	}
	for (size_t k = 0; k < nkeys; k++)
		free(keys[k]);
	free(keys);
	hmap_release(&gi);
	json_t *o = json_object();
	json_object_set_new(o, "total", json_integer((json_int_t)fs->n_failures));
	json_object_set_new(o, "listed", json_integer((json_int_t)json_array_size(rows)));
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "groups", groups);
	return o;
}

static json_t *counts_json(long long tenants, long long at_head, long long pending, long long failed,
                           long long edited, long long never)
{
	json_t *o = json_object();
	json_object_set_new(o, "tenants", json_integer(tenants));
	json_object_set_new(o, "at_head", json_integer(at_head));
	json_object_set_new(o, "pending", json_integer(pending));
	json_object_set_new(o, "failed", json_integer(failed));
	json_object_set_new(o, "edited", json_integer(edited));
	json_object_set_new(o, "never", json_integer(never));
	return o;
}

/* Tenants per version, in the migrations' order: never migrated first, versions the migrations do not
 * have (edited or removed) last. */
static json_t *versions_json(const FleetSummary *fs, const MigrationSet *set)
{
	size_t *rank = xcalloc(fs->n_versions + 1, sizeof(size_t));
	size_t *order = xcalloc(fs->n_versions + 1, sizeof(size_t));
	for (size_t v = 0; v < fs->n_versions; v++) {
		rank[v] = (size_t)-1;
		if (!*fs->versions[v])
			rank[v] = 0;
		for (size_t m = 0; m < set->n && rank[v] == (size_t)-1; m++)
			if (!strcmp(set->items[m].version, fs->versions[v]))
				rank[v] = m + 1;
		order[v] = v;
	}
	for (size_t i = 1; i < fs->n_versions; i++) /* insertion sort: a handful of versions */
		for (size_t j = i; j > 0 && rank[order[j]] < rank[order[j - 1]]; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	json_t *arr = json_array();
	for (size_t i = 0; i < fs->n_versions; i++) {
		size_t v = order[i];
		json_t *o = json_object(), *per = json_array();
		const char *ver = fs->versions[v];
		json_object_set_new(o, "version", json_string(*ver ? ver : "none"));
		json_object_set_new(
		    o, "name",
		    json_string(rank[v] && rank[v] != (size_t)-1 && set->items[rank[v] - 1].name
		                    ? set->items[rank[v] - 1].name
		                    : ""));
		json_object_set_new(o, "head", json_boolean(*ver && !strcmp(ver, fs->head)));
		json_object_set_new(o, "known", json_boolean(rank[v] != (size_t)-1));
		for (size_t s = 0; s < fs->n_servers; s++)
			json_array_append_new(per, json_integer(fs->counts[v * fs->n_servers + s]));
		json_object_set_new(o, "counts", per);
		json_object_set_new(o, "total", json_integer(fleet_version_total(fs, v)));
		json_array_append_new(arr, o);
	}
	free(rank);
	free(order);
	return arr;
}

static json_t *runs_json(const FleetSummary *fs)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < fs->n_runs; i++) {
		const FleetRun *r = &fs->runs[i];
		json_t *o = json_object(), *b = json_array();
		json_object_set_new(o, "worker", json_string(r->worker));
		json_object_set_new(o, "wave", json_integer(r->wave));
		json_object_set_new(o, "waves", json_integer(r->n_waves));
		json_object_set_new(o, "server", json_integer((json_int_t)r->server));
		json_object_set_new(o, "t0", json_real(r->t0));
		json_object_set_new(o, "t1", json_real(r->t1));
		json_object_set_new(o, "ok", json_integer(r->ok));
		json_object_set_new(o, "failed", json_integer(r->failed));
		for (int k = 0; k < FLEET_TIME_BUCKETS; k++)
			json_array_append_new(b, json_integer(r->buckets[k]));
		json_object_set_new(o, "buckets", b);
		json_array_append_new(arr, o);
	}
	return arr;
}

/* Drift groups of every tenant of the fleet (`drift --tenants all` without its printing), grouped by
 * drift_groups, with the message `drift --tenants` prints for each group. */
static int drift_json(const ReportOptions *o, json_t **out, ReportStats *stats, DiagList *dl)
{
	DriftTarget *t = NULL;
	size_t nt = 0;
	DriftTenantSel all = {0};
	if (drift_tenants_run(o->drift, o->fleet, &all, &t, &nt, dl) != 0) {
		*out = NULL;
		return -1;
	}
	DriftGroup *g = NULL;
	size_t ng = drift_groups(t, nt, &g);
	DiagList printed = DIAGLIST_INIT;
	(void)drift_group(t, nt, "tenant", &printed);
	size_t failed = 0, total = 0;
	for (size_t i = 0; i < nt; i++) {
		failed += t[i].failed;
		total += t[i].diffs.n;
	}
	json_t *groups = json_array();
	for (size_t k = 0; k < ng; k++) {
		json_t *e = json_object(), *who = json_array();
		json_object_set_new(e, "rule", json_string(g[k].first->rule));
		json_object_set_new(e, "message", json_string(g[k].first->message));
		json_object_set_new(e, "text", json_string(k < printed.n ? printed.items[k].message : ""));
		if (g[k].first->detail)
			json_object_set_new(e, "detail", json_string(g[k].first->detail));
		json_object_set_new(e, "count", json_integer((json_int_t)g[k].count));
		size_t named = o->all_tenants                    ? g[k].count
		               : g[k].count < REPORT_DRIFT_NAMED ? g[k].count
		                                                 : REPORT_DRIFT_NAMED;
		for (size_t m = 0; m < named; m++)
			json_array_append_new(who, json_string(t[g[k].members[m]].label));
		json_object_set_new(e, "tenants", who);
		json_array_append_new(groups, e);
	}
	json_t *unread = json_array();
	for (size_t i = 0; i < nt; i++)
		if (t[i].failed)
			json_array_append_new(unread, json_string(t[i].label));
	json_t *d = json_object();
	json_object_set_new(d, "targets", json_integer((json_int_t)nt));
	json_object_set_new(d, "failed_targets", json_integer((json_int_t)failed));
	json_object_set_new(d, "unread", unread);
	json_object_set_new(d, "differences", json_integer((json_int_t)total));
	json_object_set_new(d, "distinct", json_integer((json_int_t)ng));
	json_object_set_new(d, "groups", groups);
	stats->drift_groups = ng;
	drift_groups_free(g, ng);
	diag_list_release(&printed);
	for (size_t i = 0; i < nt; i++) {
		free(t[i].label);
		diag_list_release(&t[i].diffs);
	}
	free(t);
	*out = d;
	return 0;
}

static int fleet_json(const ReportProject *p, const ReportOptions *o, json_t **out, ReportStats *stats,
                      DiagList *dl)
{
	*out = NULL;
	FleetSummary fs;
	static const MigrationSet none = {0};
	const MigrationSet *set = p->tenant ? p->tenant : &none;
	if (fleet_summary_load(o->fleet->servers, o->fleet->n_servers, set, o->all_tenants, &fs, dl) != 0) {
		fleet_summary_free(&fs);
		return -1;
	}
	if (o->fleet->source.kind != SRC_LEDGER) { /* as status --tenants: the source's unknown tenants */
		long long *unregistered = xcalloc(o->fleet->n_servers + 1, sizeof(long long));
		int urc = fleet_count_unregistered(o->fleet, unregistered, dl);
		if (!urc)
			fleet_summary_add_unregistered(&fs, unregistered);
		free(unregistered);
		if (urc) {
			fleet_summary_free(&fs);
			return -1;
		}
	}
	json_t *f = json_object(), *servers = json_array();
	json_object_set_new(f, "head", json_string(fs.head));
	json_object_set_new(f, "mode", json_string(tenant_mode_name(p->mode)));
	for (size_t s = 0; s < fs.n_servers; s++) {
		const FleetServerSum *sv = &fs.servers[s];
		json_t *e =
		    counts_json(sv->tenants, sv->at_head, sv->pending, sv->failed, sv->edited, sv->never);
		json_object_set_new(e, "label", json_string(sv->label));
		json_object_set_new(e, "ledger", json_boolean(sv->has_ledger));
		json_array_append_new(servers, e);
	}
	json_object_set_new(f, "servers", servers);
	json_object_set_new(f, "totals",
	                    counts_json(fs.tenants, fs.at_head, fs.pending, fs.failed, fs.edited, fs.never));
	json_object_set_new(f, "versions", versions_json(&fs, set));
	json_object_set_new(f, "failures", failures_json(&fs, o->all_tenants));
	json_object_set_new(f, "runs", runs_json(&fs));
	if (o->all_tenants) { /* [name, version, status, server] per tenant: compact for 10,000 */
		json_t *all = json_array();
		for (size_t i = 0; i < fs.n_tenants_list; i++) {
			const FleetTenant *t = &fs.tenants_list[i];
			json_array_append_new(
			    all, json_pack("[sssi]", t->tenant, t->version, t->status, (int)t->server));
		}
		json_object_set_new(f, "all", all);
	}
	stats->tenants = fs.tenants;
	stats->failed = fs.failed;
	stats->versions = fs.n_versions;
	fleet_summary_free(&fs);
	json_t *drift = NULL;
	if (o->drift) {
		if (drift_json(o, &drift, stats, dl) != 0) {
			json_decref(f);
			return -1;
		}
	} else if (o->drift_skipped) {
		drift = json_object();
		json_object_set_new(drift, "skipped", json_string(o->drift_skipped));
	}
	json_object_set_new(f, "drift", drift ? drift : json_null());
	*out = f;
	return 0;
}

/* The Schema section: the diagram (SVG into SVG) and its numbers. Graphviz failing is an error. */
static int schema_json(const ReportProject *p, const ReportOptions *o, Catalog *cat, json_t **out,
                       StrBuf *svg, ReportStats *stats, DiagList *dl)
{
	const char *tenant_schemas[1];
	ErOptions eo;
	report_er_options(p, o->tables, o->live != NULL, tenant_schemas, &eo);
	StrBuf dot = STRBUF_INIT;
	ErStats es;
	er_dot(cat, &eo, &dot, &es);
	int rc = 0;
	if (es.shown && er_svg(sb_str(&dot), svg, dl) != 0)
		rc = -1;
	sb_release(&dot);
	json_t *s = json_object();
	json_object_set_new(s, "source", json_string(o->live ? "database" : "migrations"));
	json_object_set_new(s, "tables", json_integer((json_int_t)es.tables));
	json_object_set_new(s, "shown", json_integer((json_int_t)es.shown));
	json_object_set_new(s, "edges", json_integer((json_int_t)es.edges));
	json_object_set_new(s, "cross", json_integer((json_int_t)es.cross));
	json_object_set_new(s, "rls", json_integer((json_int_t)es.rls));
	json_object_set_new(s, "shared", json_integer((json_int_t)es.shared));
	json_object_set_new(s, "tenant", json_integer((json_int_t)es.tenant));
	json_object_set_new(s, "too_many", json_boolean(es.too_many));
	json_object_set_new(s, "max", json_integer(ER_MAX_TABLES));
	json_object_set_new(s, "pattern", o->tables ? json_string(o->tables) : json_null());
	json_object_set_new(s, "split",
	                    json_string(eo.tenant_column   ? "column"
	                                : eo.shared_schema ? "schema"
	                                                   : ""));
	if (eo.tenant_column)
		json_object_set_new(s, "tenant_column", json_string(eo.tenant_column));
	json_object_set_new(s, "shared_schema",
	                    eo.shared_schema ? json_string(eo.shared_schema) : json_null());
	stats->er = es;
	*out = s;
	return rc;
}

int report_html(const ReportProject *p, const ReportOptions *o, StrBuf *out, ReportStats *stats, DiagList *dl)
{
	memset(stats, 0, sizeof(*stats));
	json_t *root = json_object();
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
	json_object_set_new(root, "title", json_string(o->title ? o->title : "strata report"));
	json_object_set_new(root, "generated", json_string(when));
	json_object_set_new(root, "strata", json_string(STRATA_VERSION));
	json_object_set_new(root, "dir", json_string(p->dir ? p->dir : ""));
	json_object_set_new(root, "tenant_dir", p->tenant_dir ? json_string(p->tenant_dir) : json_null());
	int rc = 0;
	Catalog *cat = NULL;
	if (!o->schema_only) {
		json_object_set_new(root, "history", history_json(p, &cat, stats));
	} else {
		json_object_set_new(root, "history", json_null());
		if (!o->live) {
			DiagList rdl = DIAGLIST_INIT; /* replay findings belong to the History section */
			cat = report_project_catalog(p, &rdl);
			diag_list_release(&rdl);
		}
	}
	json_t *fleet = NULL;
	if (!o->schema_only && o->fleet && o->fleet->n_servers && fleet_json(p, o, &fleet, stats, dl) != 0)
		rc = -1;
	json_object_set_new(root, "fleet", fleet ? fleet : json_null());
	StrBuf svg = STRBUF_INIT;
	json_t *schema = NULL;
	if (!rc && schema_json(p, o, o->live ? o->live : cat, &schema, &svg, stats, dl) != 0)
		rc = -1;
	json_object_set_new(root, "schema", schema ? schema : json_null());
	if (!rc) {
		char *data = json_dumps(root, JSON_COMPACT | JSON_ESCAPE_SLASH);
		report_html_page(o->title ? o->title : "strata report", data, sb_str(&svg), out);
		free(data);
		stats->bytes = out->len;
	}
	sb_release(&svg);
	json_decref(root);
	catalog_free(cat);
	return rc;
}
