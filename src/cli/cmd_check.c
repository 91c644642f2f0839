/* cmd_check.c — `strata check`: options, check_run (analysis/check.h) and the out-of-order look at a
 * database (exec/status.h), printing. Exit 1 when any error is found. */
#include "strata.h"
#include "analysis/check.h"
#include "cli/common.h"
#include "cli/tenantopts.h"
#include "db/connect.h"
#include "exec/check_live.h"
#include "exec/exact.h"
#include "exec/status.h"
#include "util/fs.h"

#include <jansson.h>

static const char check_help[] =
    "usage: strata check [--dir DIR] [--format text|json|github|sarif] [--strict] [--search-path PATH]\n"
    "                    [--user NAME] [--verbose] [--prereq FILE] [--convention NAME]\n"
    "                    [--var NAME=VALUE] [--suggest-order] [--since GITREF] [--database-url URL]\n"
    "                    [--exact]\n\n"
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
    "  --suggest-order      when a migration requires an object a later one creates, print a valid\n"
    "                       order (fewest moves) and the renames that achieve it\n"
    "  --since GITREF       compare with the migrations at GITREF: two branches changing the same\n"
    "                       object is an error, a harmless reorder a warning with the rename\n"
    "  --database-url URL   also list migrations older than the newest applied one (out of order),\n"
    "                       treat what pending migrations create as new, and weigh lock findings\n"
    "                       by each table's size ([lint] small_table: a note, large_table: an error)\n"
    "  --exact              run the dynamic SQL the model cannot follow (EXECUTE in DO blocks and in\n"
    "                       called functions, DDL in called functions) on a throwaway PostgreSQL built\n"
    "                       from the model, and read its effect back; without it, errors after such\n"
    "                       code are warnings\n"
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

/* --database-url: the database checked against (its history table, and the tenants when tenant
 * migrations are configured), for check_run's lint weighing (CheckOptions.live). */
typedef struct CheckLive {
	PGconn *conn;
	const char *url;
	HistoryTarget ht;
	const TenantConfig *tenants; /* NULL: not a schema/database-per-tenant project */
} CheckLive;

static int check_live_hook(void *ud, const MigrationSet *set, LintLive *live, long *tenants, DiagList *dl)
{
	CheckLive *cl = ud;
	return check_live_read(cl->conn, cl->url, &cl->ht, cl->tenants, set, live, tenants, dl);
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
		OPT_DBURL,
		OPT_EXACT
	};
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_TENANT_LONGOPTS,
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         {"verbose", no_argument, NULL, OPT_VERBOSE},
	                                         {"strict", no_argument, NULL, OPT_STRICT},
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"suggest-order", no_argument, NULL, OPT_SUGGEST},
	                                         {"since", required_argument, NULL, OPT_SINCE},
	                                         {"exact", no_argument, NULL, OPT_EXACT},
	                                         CLI_IGNORE_LONGOPT,
	                                         {NULL, 0, NULL, 0}};
	bool suggest = false;
	const char *since = NULL, *dburl = NULL;
	const char *search_path = NULL, *user = NULL, *prereq = NULL;
	bool verbose = false;
	TenantCli tc;
	cli_tenant_init(&tc);
	int opt;
	bool strict = false, exact = false;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(check_help, stdout);
			return EXIT_OK;
		}
		if (opt == OPT_DATABASE_URL)
			dburl = optarg; /* given explicitly: also look for out-of-order migrations */
		if (opt == OPT_SUGGEST || opt == OPT_SINCE || opt == OPT_DBURL || opt == OPT_EXACT) {
			if (opt == OPT_EXACT)
				exact = true;
			else if (opt == OPT_SUGGEST)
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
	bool tenant_project = (tc.cfg.tenant_dir || c.cfg.tenant_dir) &&
	                      !(tc.mode_text ? !strcmp(tc.mode_text, "shared")
	                                     : c.cfg.tenant_mode && !strcmp(c.cfg.tenant_mode, "shared"));
	if (!tenant_project && tc.cfg.search_path) {
		search_path = tc.cfg.search_path;
		tc.cfg.search_path = NULL;
	}
	rc = cli_tenant_finish(&c, &tc, false);
	if (rc) {
		cli_common_free(&c);
		return rc;
	}
	if (tenant_project && !search_path)
		search_path = tc.cfg.shared;
	Prereq pq;
	cli_prereq(&c, prereq, &pq);
	CheckOptions o = {.proj = &c.proj,
	                  .cfg = &c.cfg,
	                  .search_path = search_path,
	                  .user = user,
	                  .prereq = &pq,
	                  .ignore = &c.ignore,
	                  .verbose = verbose,
	                  .suggest_order = suggest,
	                  .want_json = c.out == OUT_JSON,
	                  .since = since};
	o.tenant_mode = tc.mode_text; /* the flag, else the config key: lint's tenancy rules follow it */
	if (tenant_project) {
		o.tenant_dir = tc.cfg.tenant_dir;
		o.shared_schema = tc.cfg.shared;
		o.tenant_search_path = tc.cfg.search_path;
		if (tc.cfg.source.kind == SRC_LIST)
			o.tenant_count = (long)tc.cfg.source.n;
	}
	CheckLive cl = {NULL,
	                dburl,
	                {c.cfg.history_schema ? c.cfg.history_schema : "strata",
	                 c.cfg.history_table ? c.cfg.history_table : "history"},
	                tenant_project && tc.cfg.tenant_dir ? &tc.cfg : NULL};
	DiagList conn_dl = DIAGLIST_INIT;
	if (dburl) {
		cl.conn = db_open(dburl, &conn_dl);
		o.live = cl.conn ? check_live_hook : NULL;
		o.live_ud = &cl;
	}
	ExactOptions eo = {NULL, &pq};
	ExactSession *es = exact ? exact_session_new(&eo) : NULL;
	o.exact = es ? exact_session_hook(es) : NULL;
	CheckReport r;
	check_run(&o, &r);
	char *cost = es ? exact_session_summary(es) : NULL;
	exact_session_free(es);
	diag_list_append_all(&r.diags, &conn_dl);
	if (dburl && !cl.conn)
		r.failed = true;
	if (cl.conn) {
		if (status_check_out_of_order(cl.conn, &cl.ht, &r.set, &r.diags) < 0)
			r.failed = true;
		PQfinish(cl.conn);
	}
	cli_tenant_free(&tc);
	DiagList *dl = &r.diags;
	size_t errors = diag_count(dl, SEV_ERROR), warnings = diag_count(dl, SEV_WARNING),
	       notes = diag_count(dl, SEV_NOTE);
	if (c.out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "dir", json_string(c.dirs_text));
		json_object_set_new(root, "migrations", json_integer((json_int_t)r.set.n));
		if (o.tenant_dir) {
			json_object_set_new(root, "tenant_dir", json_string(o.tenant_dir));
			json_object_set_new(root, "tenant_migrations",
			                    json_integer((json_int_t)r.tenant_migrations));
		}
		json_object_set_new(root, "statements", json_integer((json_int_t)r.statements));
		json_object_set_new(root, "errors", json_integer((json_int_t)errors));
		json_object_set_new(root, "warnings", json_integer((json_int_t)warnings));
		json_object_set_new(root, "notes", json_integer((json_int_t)notes));
		json_object_set_new(root, "diagnostics", report_diags_json(dl));
		if (r.order_json) {
			json_object_set_new(root, "suggested_order", r.order_json);
			r.order_json = NULL;
		}
		report_json_print(stdout, root);
	} else if (c.out == OUT_SARIF || c.out == OUT_GITHUB) {
		cli_print_diags(&c, dl);
	} else {
		report_text(stderr, dl, c.color);
		cli_ignore_note(&c);
		if (suggest)
			fputs(sb_str(&r.order_text), stdout);
		if (cost)
			fprintf(stderr, "%s\n", cost);
		if (o.tenant_dir) /* both scopes, each with its folder */
			fprintf(stderr,
			        "%s: %zu shared migration%s, %s: %zu tenant migration%s, %zu statements: %zu "
			        "errors, %zu warnings",
			        c.dirs_text, r.set.n, r.set.n == 1 ? "" : "s", o.tenant_dir,
			        r.tenant_migrations, r.tenant_migrations == 1 ? "" : "s", r.statements,
			        errors, warnings);
		else
			fprintf(stderr, "%s: %zu migrations, %zu statements: %zu errors, %zu warnings",
			        c.dirs_text, r.set.n, r.statements, errors, warnings);
		if (notes) /* weighed lint findings (a lock on a small table) */
			fprintf(stderr, ", %zu note%s", notes, notes == 1 ? "" : "s");
		fputc('\n', stderr);
	}
	free(cost);
	rc = (r.failed || errors || (strict && warnings)) ? EXIT_FINDINGS : EXIT_OK;
	if (r.set.n == 0 && !project_exists(&c.proj))
		rc = EXIT_USAGE;
	check_report_free(&r);
	cli_common_free(&c);
	return rc;
}
