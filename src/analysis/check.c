/* check.c — the offline checks of a whole history (see check.h). */
#include "strata.h"
#include "analysis/check.h"
#include "analysis/lint.h"
#include "analysis/order.h"
#include "analysis/prereq.h"
#include "analysis/replay.h"
#include "analysis/scope.h"
#include "analysis/since.h"
#include "catalog/catalog.h"
#include "project/plan.h"
#include "sql/parse.h"

#include <jansson.h>

/* Parse one direction of migration M (DOWN: its down text; TENANT: a tenant migration); diagnostics go to
 * DL, with the transaction rules of project/plan.h. Returns the number of statements or -1. When KEEP is
 * not NULL the parse is kept there (for the replay), else freed. */
static int check_text(const Migration *m, bool down, bool tenant, DiagList *dl, SqlParse *keep)
{
	SqlParse p;
	const char *sql = down ? m->down_sql : m->up_sql;
	const char *path = down && m->down_path ? m->down_path : m->up_path;
	if (sql_parse(sql, path, &p, dl) != 0)
		return -1;
	(void)mig_tx_control_check(m, down, &p, true, dl);
	if (tenant && !down)
		(void)mig_tenant_tx_check(m, &p, dl);
	int n = (int)p.n;
	if (keep)
		*keep = p;
	else
		sql_parse_free(&p);
	return n;
}

typedef struct CheckHooks {
	Linter *lint;
	OrderAnalysis *order;
} CheckHooks;

static void check_stmt_hook(void *ud, ReplayState *st, const SqlStmt *stmt, bool after)
{
	CheckHooks *h = ud;
	lint_stmt_hook(h->lint, st, stmt, after);
	order_stmt_hook(h->order, st, stmt, after);
}

static void check_later_hook(void *ud, int consumer, int provider, const char *what)
{
	order_later_hook(((CheckHooks *)ud)->order, consumer, provider, what);
}

/* Tenant scope: the tenant migrations replayed into a template tenant schema of CAT, with every lint
 * rule on them as on the shared ones (a linter of their own: its migration indexes are the tenant set's,
 * and its whole-catalog rules report only the tenant files; its findings go to TDL). The tenant set TSET
 * is kept until the caller has finished the linters, which borrow its texts. */
static void check_tenants(const CheckOptions *o, const LintConfig *lc, Catalog *cat, MigrationSet *tset,
                          Linter **tlint, DiagList *tdl, CheckReport *r)
{
	if (project_discover_dir(o->proj, o->tenant_dir, SCOPE_TENANT, tset, &r->diags) != 0)
		r->failed = true;
	r->tenant_migrations = tset->n;
	for (size_t i = 0; i < tset->n; i++) {
		int n = check_text(&tset->items[i], false, true, &r->diags, NULL);
		if (n > 0)
			r->statements += (size_t)n;
		if (tset->items[i].down_sql)
			(void)check_text(&tset->items[i], true, true, &r->diags, NULL);
	}
	*tlint = linter_new(tset, lc, tdl);
	linter_set_tenant(*tlint);           /* each finding says how many tenants it runs in */
	linter_leave_files(*tlint, &r->set); /* the shared linter reports the shared files */
	ScopeOptions so = {o->shared_schema, o->tenant_search_path, lint_stmt_hook, *tlint};
	scope_check(cat, &r->set, tset, &so, &r->diags);
}

/* TEXT without the template tenant schema's qualifier ("$tenant".t, "$tenant.t" → t), in place. */
static void strip_template(char *text)
{
	static const char *const quals[] = {"\"" SCOPE_TEMPLATE_SCHEMA "\".", SCOPE_TEMPLATE_SCHEMA "."};
	for (size_t q = 0; text && q < ARRAY_LEN(quals); q++) {
		size_t n = strlen(quals[q]);
		for (char *p = strstr(text, quals[q]); p; p = strstr(p, quals[q]))
			memmove(p, p + n, strlen(p + n) + 1);
	}
}

/* A lint finding on a tenant migration, named as each tenant sees its objects. */
static void unqualify_template(Diag *d)
{
	strip_template(d->message);
	strip_template(d->detail);
	strip_template(d->hint);
}

/* Without --verbose, the "not modelled" notes are dropped (in every format). */
static void drop_infos(DiagList *dl)
{
	size_t j = 0;
	for (size_t i = 0; i < dl->n; i++) {
		if (dl->items[i].sev == SEV_INFO)
			diag_clear(&dl->items[i]);
		else
			dl->items[j++] = dl->items[i];
	}
	dl->n = j;
}

void check_run(const CheckOptions *o, CheckReport *r)
{
	memset(r, 0, sizeof(*r));
	sb_init(&r->order_text);
	DiagList *dl = &r->diags;
	MigrationSet *set = &r->set;
	if (project_discover(o->proj, SCOPE_SHARED, set, dl) != 0)
		r->failed = true;
	SqlParse *parses = xcalloc(set->n ? set->n : 1, sizeof(SqlParse));
	for (size_t i = 0; i < set->n; i++) {
		Migration *m = &set->items[i];
		int n = check_text(m, false, false, dl, &parses[i]);
		if (n > 0)
			r->statements += (size_t)n;
		if (m->down_sql)
			(void)check_text(m, true, false, dl, NULL);
	}
	/* the up direction replayed into a catalog: undefined objects, duplicates, dependents, bad FKs */
	ReplayOptions ro = {0};
	ro.search_path = o->search_path;
	ro.user = o->user;
	ro.exact = o->exact;
	LintConfig lc;
	Config eff = {0}; /* [tenants] mode as the command line set it (--tenant-mode wins over the key) */
	if (o->cfg)
		eff = *o->cfg;
	if (o->tenant_mode)
		eff.tenant_mode = (char *)o->tenant_mode;
	if (lint_config_init(&lc, o->cfg || o->tenant_mode ? &eff : NULL, dl) != 0)
		r->failed = true;
	lc.ignore = o->ignore;
	if (o->tenant_dir && o->tenant_count > 0)
		lc.tenants = o->tenant_count;
	LintLive live;
	lint_live_init(&live);
	if (o->live) {
		if (o->live(o->live_ud, set, &live, &lc.tenants, dl) != 0)
			r->failed = true;
		else
			lc.live = &live;
	}
	CheckHooks hooks = {linter_new(set, &lc, dl), order_new(set)};
	ro.stmt_hook = check_stmt_hook;
	ro.later_hook = check_later_hook;
	ro.hook_ud = &hooks;
	Catalog *cat = catalog_new();
	if (prereq_replay(cat, o->prereq, dl) != 0)
		r->failed = true;
	if (replay_parsed(cat, set, parses, &ro, dl) != 0) {
		/* the errors are in DL */
	}
	MigrationSet tset = {0};
	Linter *tlint = NULL;
	DiagList tdl = DIAGLIST_INIT;
	if (o->tenant_dir) {
		check_tenants(o, &lc, cat, &tset, &tlint, &tdl, r);
		linter_leave_files(hooks.lint, &tset);
	}
	linter_finish(hooks.lint, cat);
	if (tlint) {
		linter_finish(tlint, cat);
		for (size_t i = 0; i < tdl.n; i++) /* "$tenant".t → t: each tenant's own table */
			unqualify_template(&tdl.items[i]);
		diag_list_append_all(dl, &tdl);
	}
	diag_list_release(&tdl);
	order_finish(hooks.order, cat);
	if (o->suggest_order &&
	    order_suggest(hooks.order, &r->order_text, o->want_json ? &r->order_json : NULL, dl) != 0)
		r->failed = true;
	for (size_t k = 0; o->since && k < (o->proj->n_dirs ? o->proj->n_dirs : 1); k++) /* each folder */
		if (since_check(o->proj->n_dirs ? o->proj->dirs[k] : "migrations", o->proj->format,
		                o->proj->vars, o->proj->n_vars, o->since, &ro, dl) != 0)
			r->failed = true;
	catalog_free(cat);
	linter_free(hooks.lint);
	linter_free(tlint);
	migration_set_free(&tset);
	order_free(hooks.order);
	lint_config_release(&lc);
	lint_live_release(&live);
	for (size_t i = 0; i < set->n; i++)
		if (parses[i].result)
			sql_parse_free(&parses[i]);
	free(parses);
	if (!o->verbose)
		drop_infos(dl);
}

void check_report_free(CheckReport *r)
{
	migration_set_free(&r->set);
	diag_list_release(&r->diags);
	sb_release(&r->order_text);
	json_decref(r->order_json);
	memset(r, 0, sizeof(*r));
}
