/* cmd_check.c — `strata check`: offline checks of the whole history (discovery, parsing; the catalog
 * replay and lint rules plug in here). Exit 1 when any error is found. */
#include "strata.h"
#include "analysis/lint.h"
#include "analysis/order.h"
#include "analysis/prereq.h"
#include "analysis/since.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "cli/common.h"
#include "cli/tenantopts.h"
#include "exec/plan.h"
#include "analysis/scope.h"
#include "db/connect.h"
#include "db/history.h"
#include "exec/status.h"
#include "sql/parse.h"
#include "util/fs.h"

static const char check_help[] =
    "usage: strata check [--dir DIR] [--format text|json|github|sarif] [--strict] [--search-path PATH]\n"
    "                    [--user NAME] [--verbose] [--prereq FILE] [--order FILE] [--convention NAME]\n"
    "                    [--var NAME=VALUE] [--suggest-order] [--since GITREF] [--database-url URL]\n\n"
    "Check every migration offline: discovery (order, duplicate versions, unreadable files),\n"
    "parsing with PostgreSQL's own parser, and a replay into a schema model (undefined or duplicate\n"
    "objects, DROP with dependents, foreign keys without a unique key or with mismatched types);\n"
    "errors are printed as FILE:LINE:COL.\n"
    "  --strict             warnings fail the check too (exit 1)\n"
    "  --search-path PATH   the replay's initial search_path (default: \"$user\", public); in a\n"
    "                       multi-tenant project, the tenant search_path\n"
    "  --user NAME          the replay's current user (default: postgres)\n"
    "  --verbose            also list statements the model does not cover\n"
    "  --prereq FILE        SQL replayed first, as the superuser (roles, schemas, extensions the\n"
    "                       migrations expect to exist)\n"
    "  --order FILE         apply order from an ORDER.txt-style list instead of discovery; the replay's\n"
    "                       search_path and user default to the settings of its first entry\n"
    "  --suggest-order      when a migration requires an object a later one creates, print a valid\n"
    "                       order (fewest moves) and the renames that achieve it\n"
    "  --since GITREF       compare with the migrations at GITREF: two branches changing the same\n"
    "                       object is an error, a harmless reorder a warning with the rename\n"
    "  --database-url URL   also list migrations older than the newest applied one (out of order),\n"
    "                       treat what pending migrations create as new, and weigh lock findings\n"
    "                       by each table's size ([lint] small_table: a note, large_table: an error)\n"
    "Lint rules (docs/rules.md) are configured in strata.conf [lint] and silenced inline with\n"
    "`-- strata:ignore RULE` (on the statement's line or above it), `-- strata:ignore-file RULE`;\n"
    "`-- strata:allow RULE` keeps a finding on a large table a warning.\n"
    "With tenant migrations ([migrations] tenant, or --tenant-dir), the shared migrations are replayed into\n"
    "the shared schema and the tenant migrations into a template tenant schema under the tenant\n"
    "search_path, and scope rules apply: tenant-references-shared (warning), names that resolve in no\n"
    "scope (error, with a hint when the shared schema is not on the tenant search_path),\n"
    "shared-references-tenant (error), tenant-hardcoded-schema (warning).\n\n"
    "Exit: 0 no errors, 1 errors found (or warnings with --strict), 2 usage or config "
    "error.\n\n" CLI_TENANT_HELP "\n" CLI_COMMON_HELP;

/* Parse one direction of migration M (DOWN: its down text; TENANT: a tenant migration); diagnostics go to
 * DL, with the transaction rules of exec/plan.h. Returns the number of statements or -1. When KEEP is not
 * NULL the parse is kept there (for the replay), else freed. */
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

/* --database-url: pending migrations older than the newest applied one. Returns how many, -1 when the
 * database cannot be read (error in DL). */
static int check_out_of_order(CliCommon *c, PGconn *conn, const MigrationSet *set, DiagList *dl)
{
	HistoryTarget t = {c->cfg.history_schema ? c->cfg.history_schema : "strata",
	                   c->cfg.history_table ? c->cfg.history_table : "history"};
	HistoryRows rows;
	bool exists = false;
	int n = -1;
	if (history_load(conn, &t, &rows, &exists, dl) == 0) {
		Status st;
		status_compute(set, &rows, &st);
		n = (int)status_report_out_of_order(set, &st, false, dl);
		status_free(&st);
		history_rows_free(&rows);
	}
	return n;
}

/* --database-url, for the lint rules (LIVE, LC): which migrations are pending (their objects are new), the
 * size of every table, and in a schema-per-tenant project the tenants of the source (how many, and their
 * largest tables). Returns 0, or -1 with errors in DL (or printed, for the fleet). */
static int check_live(CliCommon *c, TenantCli *tc, PGconn *conn, const char *url, const MigrationSet *set,
                      bool tenant_project, LintLive *live, LintConfig *lc, DiagList *dl)
{
	HistoryTarget t = {c->cfg.history_schema ? c->cfg.history_schema : "strata",
	                   c->cfg.history_table ? c->cfg.history_table : "history"};
	if (!tenant_project)
		return lint_live_read(live, conn, set, &t, NULL, 0, false, dl);
	if (!tc->n_servers) {
		tc->servers = xcalloc(1, sizeof(char *));
		tc->servers[0] = xstrdup(url);
		tc->n_servers = 1;
	}
	FleetServer *fs = NULL;
	int rc = 0;
	if (fleet_open(c, tc, &fs, false) != 0 || fleet_resolve(c, tc, fs) != 0) {
		rc = -1;
	} else {
		lc->tenants = 0;
		for (size_t i = 0; i < tc->n_servers; i++) {
			lc->tenants += (long)fs[i].n_tenants;
			for (size_t k = 0; k < fs[i].n_tenants; k++) { /* how far each tenant is */
				const LedgerRow *lr = hmap_get(&fs[i].ledger.by_target, fs[i].tenants[k]);
				lint_live_tenant_at(live, lr ? lr->version : NULL);
			}
		}
	}
	bool schemas = tc->mode == TMODE_SCHEMA; /* database mode: the count only */
	char **first = rc == 0 && schemas ? fs[0].tenants : NULL;
	size_t nfirst = rc == 0 && schemas ? fs[0].n_tenants : 0;
	if (lint_live_read(live, conn, set, &t, first, nfirst, false, dl) != 0)
		rc = -1;
	for (size_t i = 1; rc == 0 && schemas && i < tc->n_servers; i++)
		if (fs[i].n_tenants && lint_live_read(live, fs[i].conn, NULL, NULL, fs[i].tenants,
		                                      fs[i].n_tenants, true, dl) != 0)
			rc = -1;
	fleet_close(tc, fs);
	return rc;
}

int cmd_check(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "check");
	enum {
		OPT_USER = OPT_CMD_BASE,
		OPT_VERBOSE,
		OPT_STRICT,
		OPT_PREREQ,
		OPT_SUGGEST,
		OPT_SINCE,
		OPT_DBURL
	};
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_TENANT_LONGOPTS,
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         {"verbose", no_argument, NULL, OPT_VERBOSE},
	                                         {"strict", no_argument, NULL, OPT_STRICT},
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"suggest-order", no_argument, NULL, OPT_SUGGEST},
	                                         {"since", required_argument, NULL, OPT_SINCE},
	                                         CLI_IGNORE_LONGOPT,
	                                         {NULL, 0, NULL, 0}};
	bool suggest = false;
	const char *since = NULL, *dburl = NULL;
	const char *search_path = NULL, *user = NULL, *prereq = NULL;
	bool verbose = false;
	TenantCli tc;
	cli_tenant_init(&tc);
	int opt;
	bool strict = false;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(check_help, stdout);
			return EXIT_OK;
		}
		if (opt == OPT_DATABASE_URL)
			dburl = optarg; /* given explicitly: also look for out-of-order migrations */
		if (opt == OPT_SUGGEST || opt == OPT_SINCE || opt == OPT_DBURL) {
			if (opt == OPT_SUGGEST)
				suggest = true;
			else if (opt == OPT_SINCE)
				since = optarg;
			else
				dburl = optarg;
			continue;
		}
		if (opt == OPT_USER || opt == OPT_VERBOSE || opt == OPT_STRICT || opt == OPT_PREREQ) {
			if (opt == OPT_PREREQ)
				prereq = optarg;
			else if (opt == OPT_USER)
				user = optarg;
			else if (opt == OPT_STRICT)
				strict = true;
			else
				verbose = true;
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_tenant_opt(&tc, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("check", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("check", "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	/* --search-path: the tenant search_path in a multi-tenant project, else the replay's search_path */
	bool tenant_project = (tc.tenant_dir || c.cfg.tenant_dir) &&
	                      !(tc.mode_text ? !strcmp(tc.mode_text, "shared")
	                                     : c.cfg.tenant_mode && !strcmp(c.cfg.tenant_mode, "shared"));
	if (!tenant_project && tc.search_path) {
		search_path = tc.search_path;
		tc.search_path = NULL;
	}
	rc = cli_tenant_finish(&c, &tc, false);
	if (rc) {
		cli_common_free(&c);
		return rc;
	}
	if (tenant_project && !search_path)
		search_path = tc.shared;

	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT;
	int drc = cli_load_migrations(&c, &set, &dl);
	size_t nstmts = 0;
	SqlParse *parses = xcalloc(set.n ? set.n : 1, sizeof(SqlParse));
	for (size_t i = 0; i < set.n; i++) {
		Migration *m = &set.items[i];
		int n = check_text(m, false, false, &dl, &parses[i]);
		if (n > 0)
			nstmts += (size_t)n;
		if (m->down_sql)
			(void)check_text(m, true, false, &dl, NULL);
	}
	/* Replay the up direction into a catalog: undefined objects, duplicates, dependents, bad FKs. */
	ReplayOptions ro = {0};
	ro.search_path = search_path;
	ro.user = user;
	char *order_sp = NULL; /* --order: the connection settings of its first entry, unless given */
	if (c.order_file && c.order.n) {
		if (!ro.search_path)
			ro.search_path = order_sp = pgoptions_search_path(c.order.items[0].pgoptions);
		if (!ro.user)
			ro.user = c.order.items[0].user;
	}
	LintConfig lc;
	if (lint_config_init(&lc, &c.cfg, &dl) != 0)
		drc = -1;
	lc.ignore = &c.ignore;
	if (tenant_project && tc.source.kind == SRC_LIST)
		lc.tenants = (long)tc.source.n;
	LintLive live;
	lint_live_init(&live);
	PGconn *conn = NULL;
	if (dburl) {
		conn = db_open(dburl, &dl);
		if (!conn || check_live(&c, &tc, conn, dburl, &set, tenant_project && tc.tenant_dir, &live,
		                        &lc, &dl) != 0)
			drc = -1;
		else
			lc.live = &live;
	}
	CheckHooks hooks = {linter_new(&set, &lc, &dl), order_new(&set)};
	ro.stmt_hook = check_stmt_hook;
	ro.later_hook = check_later_hook;
	ro.hook_ud = &hooks;
	Catalog *cat = catalog_new();
	Prereq pre;
	prereq_init(&pre, c.dir, c.cfg.platform, prereq);
	if (prereq_replay(cat, &pre, &dl) != 0)
		drc = -1;
	if (replay_parsed(cat, &set, parses, &ro, &dl) != 0) {
		/* errors are in DL */
	}
	/* Tenant scope: the tenant migrations replayed into a template tenant schema of the same catalog. */
	if (tenant_project && tc.tenant_dir) {
		MigrationSet tset = {0};
		DiscoverOptions dopt = {0};
		dopt.format = c.mig_format;
		dopt.vars = c.vars;
		dopt.n_vars = c.n_vars;
		dopt.scope = SCOPE_TENANT;
		if (discover_migrations(tc.tenant_dir, &dopt, &tset, &dl) != 0)
			drc = -1;
		for (size_t i = 0; i < tset.n; i++) {
			int n = check_text(&tset.items[i], false, true, &dl, NULL);
			if (n > 0)
				nstmts += (size_t)n;
		}
		/* the tenant migrations are linted too: each finding says how many tenants it runs in */
		Linter *tl = linter_new(&tset, &lc, &dl);
		linter_set_tenant(tl);
		ScopeOptions so = {tc.shared, tc.search_path, lint_stmt_hook, tl};
		scope_check(cat, &set, &tset, &so, &dl);
		linter_end(tl);
		linter_free(tl);
		lint_report_marks(&tset, &lc, &dl);
		migration_set_free(&tset);
	}
	cli_tenant_free(&tc);
	linter_finish(hooks.lint, cat);
	order_finish(hooks.order, cat);
	json_t *jorder = NULL;
	StrBuf order_text;
	sb_init(&order_text);
	if (suggest &&
	    order_suggest(hooks.order, &order_text, c.out == OUT_JSON ? (void **)&jorder : NULL, &dl) != 0)
		drc = -1;
	if (since && since_check(c.dir, c.mig_format, c.vars, c.n_vars, since, &ro, &dl) != 0)
		drc = -1;
	if (conn) {
		if (check_out_of_order(&c, conn, &set, &dl) < 0)
			drc = -1;
		PQfinish(conn);
	}
	lint_live_release(&live);
	catalog_free(cat);
	linter_free(hooks.lint);
	order_free(hooks.order);
	lint_config_release(&lc);
	free(order_sp);
	for (size_t i = 0; i < set.n; i++)
		if (parses[i].result)
			sql_parse_free(&parses[i]);
	free(parses);
	if (!verbose) { /* "not modelled" notes only with --verbose, in every format */
		size_t j = 0;
		for (size_t i = 0; i < dl.n; i++) {
			if (dl.items[i].sev == SEV_INFO)
				diag_clear(&dl.items[i]);
			else
				dl.items[j++] = dl.items[i];
		}
		dl.n = j;
	}
	size_t errors = diag_count(&dl, SEV_ERROR), warnings = diag_count(&dl, SEV_WARNING),
	       notes = diag_count(&dl, SEV_NOTE);
	if (c.out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "dir", json_string(c.dir));
		json_object_set_new(root, "migrations", json_integer((json_int_t)set.n));
		json_object_set_new(root, "statements", json_integer((json_int_t)nstmts));
		json_object_set_new(root, "errors", json_integer((json_int_t)errors));
		json_object_set_new(root, "warnings", json_integer((json_int_t)warnings));
		json_object_set_new(root, "notes", json_integer((json_int_t)notes));
		json_object_set_new(root, "diagnostics", report_diags_json(&dl));
		if (jorder)
			json_object_set_new(root, "suggested_order", jorder);
		report_json_print(stdout, root);
	} else if (c.out == OUT_SARIF || c.out == OUT_GITHUB) {
		cli_print_diags(&c, &dl);
	} else {
		report_text(stderr, &dl, c.color);
		cli_ignore_note(&c);
		if (suggest)
			fputs(sb_str(&order_text), stdout);
		fprintf(stderr, "%s: %zu migrations, %zu statements: %zu errors, %zu warnings", c.dir, set.n,
		        nstmts, errors, warnings);
		if (notes) /* weighed lint findings (a lock on a small table) */
			fprintf(stderr, ", %zu note%s", notes, notes == 1 ? "" : "s");
		fputc('\n', stderr);
	}
	rc = (drc != 0 || errors || (strict && warnings)) ? EXIT_FINDINGS : EXIT_OK;
	if (set.n == 0 && !fs_is_dir(c.dir))
		rc = EXIT_USAGE;
	sb_release(&order_text);
	migration_set_free(&set);
	diag_list_release(&dl);
	cli_common_free(&c);
	return rc;
}
