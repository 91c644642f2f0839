/* cmd_drift.c — `strata drift`: options, the drift of each target (exec/drift_run.h), the grouped report.
 * Targets are one database, --target/--schema lists, or every tenant of the fleet (--tenants). Exit 1 on
 * any drift. `--fix` writes the migration that restores the expected state of one target. */
#include "strata.h"
#include "analysis/drift.h"
#include "cli/common.h"
#include "cli/dbopts.h"
#include "cli/tenantopts.h"
#include "db/connect.h"
#include "exec/drift_run.h"
#include "exec/fleet_servers.h"
#include "report/drift.h"
#include "util/vec.h"

#include <ctype.h>

static const char drift_help[] =
    "usage: strata drift [--database-url URL] [--target URL]... [--schema S]...\n"
    "                    [--format text|json|github|sarif] [--search-path PATH] [--user NAME] [--prereq "
    "FILE]\n"
    "       strata drift --tenants [all | NAME... | --where PATTERN] [tenant options]\n"
    "       strata drift --fix [--name NAME] [--version V] [--allow-destructive] [--dry-run]\n\n"
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
    "In a tenant project (mode schema), a whole-database target is its shared scope: the tenant schemas\n"
    "(the source's, the ledger's, any with a tenant history) are left out with a note; --tenants has "
    "them.\n\n"
    "Tenants: every tenant schema of the fleet ([tenants] source on every server of [fleet] servers) is a\n"
    "target: the shared migrations and then the tenant migrations up to the version of\n"
    "\"<tenant>\".strata_history are replayed under the tenant search_path, and compared with the tenant\n"
    "schema, relative to it, so that the same drift in many tenants is one line (\"37 tenants: ...\").\n"
    "  --tenants            all tenants (\"all\", or the NAMEs given as arguments); one connection per\n"
    "                       server, 100 tenant schemas per introspection (mode database: each database)\n"
    "  --where PATTERN      only tenants whose name matches this LIKE pattern\n\n"
    "Fix: --fix writes the migration that turns the live schema back into the expected one (one target),\n"
    "in the folder's convention. Every database that applies the folder will run it, so each statement is\n"
    "guarded (IF NOT EXISTS, IF EXISTS, OR REPLACE) and a replay proves both live + fix == expected and\n"
    "expected + fix == expected (a database without the drift is left as it is); its down does nothing.\n"
    "At head it goes after the last migration; behind head, right after the target's version, before the\n"
    "pending migrations its drift would make fail (`strata up` then applies the fix and those).\n"
    "  --name NAME          migration name (default: drift_fix)\n"
    "  --version V          the fix's version (when the convention has none between the two)\n"
    "  --allow-destructive  allow steps that lose data (dropping what exists only in the database)\n"
    "  --dry-run            print the migration instead of writing it\n\n"
    "Exit: 0 no drift (or the fix written), 1 drift found (or a target could not be read, or the fix\n"
    "refused), 2 usage or connection error.\n\n" CLI_DB_HELP "\n" CLI_TENANT_HELP "\n" CLI_COMMON_HELP;

typedef VEC(const char *) CStrVec;

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
	OPT_DRY_RUN,
	OPT_FIX_VERSION
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
	    {"version", required_argument, NULL, OPT_FIX_VERSION},
	    CLI_IGNORE_LONGOPT,
	    {NULL, 0, NULL, 0}};
	CStrVec urls = {0}, schemas = {0};
	DriftOptions run = {.proj = &c.proj, .ignore = &c.ignore};
	const char *prereq = NULL;
	Prereq pq;
	DriftTenantSel sel = {0};
	DriftFixOptions fo = {.name = "drift_fix"};
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
			prereq = optarg;
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
		case OPT_FIX_VERSION:
			fo.version = optarg;
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
		if ((rc = cli_tenant_names("drift", argc, argv, optind, &sel.names, &sel.n_names)) != 0)
			goto early;
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
	if (!fix && (fo.allow_destructive || fo.dry_run || fo.version || strcmp(fo.name, "drift_fix"))) {
		rc = cli_usage_error("drift",
		                     "--name, --version, --allow-destructive and --dry-run go with --fix");
		goto early;
	}
	for (const char *p = fo.name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-')) {
			rc = cli_usage_error("drift", "--name may hold letters, digits, '_' and '-' only");
			goto early;
		}
	/* without --tenants, --search-path is the replay's search_path (no $tenant needed) */
	if (!tenants) {
		run.search_path = tc.cfg.search_path;
		tc.cfg.search_path = NULL;
	}
	rc = cli_common_finish(&c);
	if (rc)
		goto early;
	cli_db_finish(&c, &o);
	run.history = o.target;
	cli_prereq(&c, prereq, &pq);
	run.prereq = &pq;
	fo.dir = c.dir;
	fo.format = c.mig_format;
	if ((rc = cli_tenant_finish(&c, &tc, tenants)) != 0)
		goto early;
	if (!tenants && tc.cfg.tenant_dir && tc.cfg.mode == TMODE_SCHEMA)
		run.tenant_project = &tc.cfg; /* the shared scope: tenant schemas are --tenants' */
	MigrationSet set = {0};
	MigPlan *plans = NULL;
	DiagList dl = DIAGLIST_INIT;
	run.set = &set;
	DriftTarget *t = NULL;
	size_t nt = 0;
	if (tenants) {
		rc = tenant_migrations_load(&c.proj, &tc.cfg, &set, &plans, &dl);
		tenant_plans_free(plans, set.n);
		if (!rc)
			rc = drift_tenants_run(&run, &tc.cfg, &sel, &t, &nt, &dl);
		if (!rc)
			rc = report_drift(t, nt, "tenant", &dl, c.out, c.color, &c.ignore);
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
		DriftFixResult fr;
		rc = report_drift_fix(t, &fr, &dl, c.color,
		                      drift_fix_run(&run, c.database_url, t, &fo, &fr, &dl));
		drift_fix_result_free(&fr);
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
			drift_target_run(&run, url, x, &dl);
		}
	}
	rc = report_drift(t, nt, "target", &dl, c.out, c.color, &c.ignore);
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
