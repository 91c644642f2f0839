/* cmd_report.c — `strata report --html FILE`: the fleet, schema and history on one self-contained page
 * (report/html.h builds it; this file reads the options and writes the file). */
#include "strata.h"
#include "cli/common.h"
#include "cli/tenantopts.h"
#include "exec/drift_run.h"
#include "report/html.h"
#include "util/fs.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

static const char report_help[] =
    "usage: strata report --html FILE [--schema-only] [--tables PATTERN] [--from-db [--schema S]...]\n"
    "                     [--all-tenants] [--no-drift] [--title TEXT] [options]\n\n"
    "Write one self-contained HTML page (CSS, script and SVG inline; nothing is fetched, so it works\n"
    "offline and as a CI artifact) with three sections:\n"
    "  Fleet    (when tenant migrations are configured) tenants per version and server as a bar chart;\n"
    "           at head, pending, never migrated, failed, edited; the failed tenants with their error and\n"
    "           file:line:col, searchable; the drift groups (as `drift --tenants`); the rollout timing\n"
    "           (tenants finished over time, per process and canary wave). Read from strata.ledger with\n"
    "           one query per server, as `status --tenants`; the page is aggregated, so a fleet of\n"
    "           10,000 tenants stays small: tenants are listed in full only with --all-tenants.\n"
    "  Schema   an ER diagram laid out by Graphviz: tables with their key columns, foreign keys as\n"
    "           edges; shared and tenant tables apart, a tenant foreign key into the shared schema in red,\n"
    "           RLS marked.\n"
    "  History  every migration in order with its lint findings and the order analysis (the earlier\n"
    "           migrations it needs, what it changes).\n\n"
    "  --html FILE       the page to write (required)\n"
    "  --schema-only     the Schema section alone (no database needed)\n"
    "  --tables PATTERN  draw only the tables whose name (or schema.name) matches this LIKE pattern\n"
    "  --from-db         draw the live database's schema instead of the migrations' (tenant project: the\n"
    "                    shared schema and the first tenant of the ledger, unless --schema is given)\n"
    "  --schema S        with --from-db: the schemas to read (repeatable)\n"
    "  --all-tenants     list every tenant (version, status; the same ledger query), every failed tenant\n"
    "                    and every tenant of each drift group\n"
    "  --no-drift        leave out the drift groups (they read every tenant schema)\n"
    "  --title TEXT      the page title (default: strata report and the project folder)\n\n"
    "Exit: 0 written, 2 usage, connection or Graphviz error (no file written).\n\n" CLI_TENANT_HELP
    "\n" CLI_COMMON_HELP;

enum {
	OPT_HTML = OPT_CMD_BASE,
	OPT_SCHEMA_ONLY,
	OPT_TABLES,
	OPT_FROM_DB,
	OPT_SCHEMA,
	OPT_ALL_TENANTS,
	OPT_NO_DRIFT,
	OPT_TITLE
};

/* Write DATA to PATH through a temporary file and rename: a reader never sees half a page. */
static int write_atomic(const char *path, const StrBuf *data)
{
	char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
	FILE *f = fopen(tmp, "wb");
	int rc = -1;
	if (f) {
		bool ok = fwrite(data->data, 1, data->len, f) == data->len;
		ok = fclose(f) == 0 && ok;
		if (ok && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc) {
		fprintf(stderr, "strata report: error: cannot write \"%s\": %s\n", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "report");
	TenantCli tc;
	cli_tenant_init(&tc);
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_TENANT_LONGOPTS,
	                                         {"html", required_argument, NULL, OPT_HTML},
	                                         {"schema-only", no_argument, NULL, OPT_SCHEMA_ONLY},
	                                         {"tables", required_argument, NULL, OPT_TABLES},
	                                         {"from-db", no_argument, NULL, OPT_FROM_DB},
	                                         {"schema", required_argument, NULL, OPT_SCHEMA},
	                                         {"all-tenants", no_argument, NULL, OPT_ALL_TENANTS},
	                                         {"no-drift", no_argument, NULL, OPT_NO_DRIFT},
	                                         {"title", required_argument, NULL, OPT_TITLE},
	                                         {NULL, 0, NULL, 0}};
	const char *html = NULL, **schemas = NULL;
	size_t nschemas = 0;
	bool from_db = false, no_drift = false;
	ReportOptions ro = {0};
	int opt;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(report_help, stdout);
			return EXIT_OK;
		case OPT_HTML:
			html = optarg;
			continue;
		case OPT_SCHEMA_ONLY:
			ro.schema_only = true;
			continue;
		case OPT_TABLES:
			ro.tables = optarg;
			continue;
		case OPT_FROM_DB:
			from_db = true;
			continue;
		case OPT_SCHEMA:
			schemas = xrealloc(schemas, (nschemas + 1) * sizeof(*schemas));
			schemas[nschemas++] = optarg;
			continue;
		case OPT_ALL_TENANTS:
			ro.all_tenants = true;
			continue;
		case OPT_NO_DRIFT:
			no_drift = true;
			continue;
		case OPT_TITLE:
			ro.title = optarg;
			continue;
		default:
			break;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_tenant_opt(&tc, opt, optarg);
		if (r < 0 || r == 0) {
			free(schemas);
			return r < 0 ? EXIT_USAGE : cli_bad_option("report", argv, optopt);
		}
	}
	int rc = EXIT_USAGE;
	if (optind < argc)
		rc = cli_usage_error("report", "unexpected argument \"%s\"", argv[optind]);
	else if (!html)
		rc = cli_usage_error("report", "--html FILE is required (the page to write)");
	else if (nschemas && !from_db)
		rc = cli_usage_error("report", "--schema goes with --from-db");
	else
		rc = cli_common_finish(&c);
	if (rc) {
		free(schemas);
		cli_common_free(&c);
		return rc;
	}
	/* a fleet needs a database; the Schema section alone does not (unless drawn from the database) */
	bool tenant_cfg = tc.cfg.tenant_dir || c.cfg.tenant_dir;
	TenantMode mode = tenant_mode_parse(tc.mode_text ? tc.mode_text : c.cfg.tenant_mode);
	bool fleet = tenant_cfg && mode != TMODE_SHARED && !ro.schema_only;
	if ((rc = cli_tenant_finish(&c, &tc, fleet)) != 0) {
		free(schemas);
		cli_common_free(&c);
		return rc;
	}
	MigrationSet set = {0}, tset = {0};
	DiagList dl = DIAGLIST_INIT;
	LintConfig lc;
	bool lc_ok = lint_config_init(&lc, &c.cfg, &dl) == 0;
	if (cli_load_migrations(&c, &set, &dl) != 0 && !set.n && !fs_is_dir(c.dir) && !tenant_cfg) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (tenant_cfg && tc.cfg.tenant_dir) {
		DiscoverOptions dopt = {.format = c.mig_format, .vars = c.vars, .n_vars = c.n_vars};
		dopt.scope = SCOPE_TENANT;
		if (discover_migrations(tc.cfg.tenant_dir, &dopt, &tset, &dl) != 0 && !tset.n)
			diag_add(&dl, SEV_WARNING, "tenant-migrations", NULL, 0, 0,
			         "the tenant migrations of \"%s\" could not be read", tc.cfg.tenant_dir);
	}
	ReportProject p = {.dir = c.dir,
	                   .set = &set,
	                   .tenant_dir = tenant_cfg ? tc.cfg.tenant_dir : NULL,
	                   .tenant = tenant_cfg ? &tset : NULL,
	                   .mode = mode,
	                   .shared_schema = tc.cfg.shared,
	                   .tenant_search_path = tc.cfg.search_path,
	                   .lint = lc_ok ? &lc : NULL};
	char *title = NULL;
	if (!ro.title) { /* the project's folder: where strata.conf is, else the current one */
		char *where = realpath(c.config_path ? c.config_path : ".", NULL);
		if (where && c.config_path && strrchr(where, '/'))
			*strrchr(where, '/') = '\0';
		const char *base = where && strrchr(where, '/') ? strrchr(where, '/') + 1 : where;
		ro.title = title = xasprintf("strata report: %s", base && *base ? base : c.dir);
		free(where);
	}
	Prereq pq;
	cli_prereq(&c, NULL, &pq);
	DriftOptions dopt = {.proj = &c.proj,
	                     .history = {c.cfg.history_schema ? c.cfg.history_schema : "strata",
	                                 c.cfg.history_table ? c.cfg.history_table : "history"},
	                     .set = &tset,
	                     .prereq = &pq,
	                     .ignore = &c.ignore}; /* the defaults of `drift --tenants all` */
	if (fleet) {
		ro.fleet = &tc.cfg;
		if (no_drift)
			ro.drift_skipped = "Not computed: strata report --no-drift.";
		else if (mode != TMODE_SCHEMA)
			ro.drift_skipped =
			    "Drift over tenants is computed for schema-per-tenant fleets only.";
		else
			ro.drift = &dopt;
	}
	Catalog *live = NULL;
	if (from_db &&
	    report_live_catalog(c.database_url, schemas, nschemas, &p,
	                        c.cfg.history_schema ? c.cfg.history_schema : "strata",
	                        c.cfg.history_table ? c.cfg.history_table : "history", &live, &dl) != 0) {
		rc = EXIT_USAGE;
		goto out_title;
	}
	ro.live = live;
	StrBuf page = STRBUF_INIT;
	ReportStats st;
	DiagList rdl = DIAGLIST_INIT;
	if (report_html(&p, &ro, &page, &st, &rdl) != 0) {
		diag_list_append_all(&dl, &rdl);
		rc = EXIT_USAGE;
	} else if (write_atomic(html, &page) != 0) {
		rc = EXIT_USAGE;
	} else {
		diag_list_append_all(&dl, &rdl);
		printf("report: %s (%zu KB", html, (st.bytes + 1023) / 1024);
		if (fleet)
			printf("; fleet: %lld tenant%s, %lld failed, %zu drift group%s", st.tenants,
			       st.tenants == 1 ? "" : "s", st.failed, st.drift_groups,
			       st.drift_groups == 1 ? "" : "s");
		printf("; schema: %zu of %zu tables", st.er.shown, st.er.tables);
		if (!ro.schema_only)
			printf("; history: %zu migrations, %zu findings", st.migrations, st.findings);
		printf(")\n");
		rc = EXIT_OK;
	}
	diag_list_release(&rdl);
	sb_release(&page);
	catalog_free(live);
out_title:
	free(title);
out:
	/* only what stopped the report: the findings are on the page */
	if (rc) {
		DiagList errs = DIAGLIST_INIT;
		for (size_t i = 0; i < dl.n; i++)
			if (dl.items[i].sev == SEV_ERROR) {
				Diag *d =
				    diag_add(&errs, SEV_ERROR, dl.items[i].rule, dl.items[i].file,
				             dl.items[i].line, dl.items[i].col, "%s", dl.items[i].message);
				if (dl.items[i].hint)
					diag_set_hint(d, "%s", dl.items[i].hint);
			}
		report_text(stderr, &errs, c.color);
		diag_list_release(&errs);
	}
	if (lc_ok)
		lint_config_release(&lc);
	diag_list_release(&dl);
	migration_set_free(&tset);
	migration_set_free(&set);
	free(schemas);
	cli_tenant_free(&tc);
	cli_common_free(&c);
	return rc;
}
