/* cmd_tenant.c — `strata tenant add|ls|drop`: options, one library call (exec/rollout.h, exec/fleet.h,
 * exec/tenant_drop.h), printing. */
#include "strata.h"
#include "cli/dbopts.h"
#include "cli/tenantopts.h"
#include "exec/fleet_servers.h"
#include "exec/tenant_drop.h"
#include "report/report.h"

static const char tenant_help[] =
    "usage: strata tenant add NAME... | ls | drop NAME... --yes [options]\n\n"
    "  add NAME...    create each tenant (schema mode: its schema; database mode: CREATE DATABASE, which\n"
    "                 cannot be in a transaction, so a database whose migrations fail is dropped again) and\n"
    "                 apply every tenant migration in ONE transaction with its history rows (schema mode:\n"
    "                 and its ledger row; database mode: the ledger row right after, in the main database);\n"
    "                 a tenant already at head is left alone (with a message). In a fleet a new tenant goes\n"
    "                 to the server with the fewest tenants. Pending shared migrations are applied first\n"
    "                 (tenant tables may reference shared ones). A new tenant that [tenants] source does\n"
    "                 not list (a pattern it does not match) is named in a note: `up --tenants` will not\n"
    "                 include it; the default source, ledger, does.\n"
    "  ls             the tenants (from the source, else the ledger) with version and status\n"
    "  drop NAME...   drop a tenant (one strata.ledger has, or [tenants] source returns): its schema\n"
    "                 (CASCADE) and its ledger row, in one transaction; database mode: DROP DATABASE ...\n"
    "                 WITH (FORCE) (disconnects its sessions), then the ledger row; needs --yes. Never a\n"
    "                 schema or database that is no tenant, strata's or the history schema, the shared\n"
    "                 schema, a schema holding an extension or one that objects outside it depend on, the\n"
    "                 main database, postgres or a template (a ledger row naming one is removed alone)\n\n"
    "Names: up to 63 bytes, no control characters; schema mode: not pg_*, not the shared, strata or history\n"
    "schema, not a schema holding an extension; database mode: not a template, postgres nor the server's\n"
    "main database. Any other character is allowed: names are always quoted as identifiers.\n\n"
    "  --jobs N       connections per server for add (default 4)\n"
    "  --yes          confirm drop\n\n"
    "Exit: 0 done, 1 a tenant failed, 2 usage or connection error.\n\n" CLI_DB_HELP "\n" CLI_TENANT_HELP
    "\n" CLI_COMMON_HELP;

enum { OPT_YES = OPT_CMD_BASE, OPT_TJOBS };

/* tenant add: name the new tenants that the configured source will not return, so that a later
 * `up --tenants all` leaving them out is no surprise (a query source is not run for this). */
static void note_outside_source(const TenantCli *t, char **names, size_t n)
{
	const TenantSource *src = &t->cfg.source;
	for (size_t i = 0; i < n; i++) {
		bool in = true;
		if (src->kind == SRC_PATTERN)
			in = like_match(src->arg, names[i]);
		else if (src->kind == SRC_LIST) {
			in = false;
			for (size_t k = 0; k < src->n && !in; k++)
				in = !strcmp(src->names[k], names[i]);
		}
		if (!in)
			fprintf(
			    stderr,
			    "strata tenant: note: \"%s\" is not one of the tenants of [tenants] source "
			    "(%s%s): "
			    "`up --tenants` will not include it; source = ledger (or --tenant-source ledger) "
			    "does\n",
			    names[i], src->kind == SRC_PATTERN ? "pattern:" : "list",
			    src->kind == SRC_PATTERN ? src->arg : "");
	}
}

/* ---- ls ---- */

static int tenant_ls(CliCommon *c, const TenantConfig *t)
{
	FleetServer *fs = NULL;
	DiagList dl = DIAGLIST_INIT;
	int rc = fleet_open(t, &fs, false, &dl) != 0 || fleet_resolve(t, fs, &dl) != 0 ? EXIT_USAGE : 0;
	if (dl.n)
		report_text(stderr, &dl, c->color);
	diag_list_release(&dl);
	json_t *arr = json_array();
	for (size_t i = 0; !rc && i < t->n_servers; i++) {
		for (size_t k = 0; k < fs[i].n_tenants; k++) {
			const LedgerRow *lr = hmap_get(&fs[i].ledger.by_target, fs[i].tenants[k]);
			const char *v = lr && lr->version ? lr->version : "";
			const char *st = lr ? lr->status : "unknown";
			if (c->out == OUT_JSON) {
				json_t *o = json_object();
				json_object_set_new(o, "tenant", json_string(fs[i].tenants[k]));
				json_object_set_new(o, "server", json_integer((json_int_t)i + 1));
				json_object_set_new(o, "version", json_string(v));
				json_object_set_new(o, "status", json_string(st));
				if (lr && lr->error)
					json_object_set_new(o, "error", json_string(lr->error));
				json_array_append_new(arr, o);
			} else if (t->n_servers > 1)
				printf("%-32s server %zu  %-16s %s\n", fs[i].tenants[k], i + 1, *v ? v : "-",
				       st);
			else
				printf("%-32s %-16s %s\n", fs[i].tenants[k], *v ? v : "-", st);
		}
	}
	if (!rc && c->out == OUT_JSON)
		report_json_print(stdout, json_incref(arr));
	json_decref(arr);
	fleet_close(t, fs);
	return rc;
}

int cmd_tenant(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "tenant");
	ApplyOptions o;
	apply_options_init(&o);
	TenantCli tc;
	cli_tenant_init(&tc);
	bool yes = false;
	int jobs = 4;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
	                                         CLI_TENANT_LONGOPTS,
	                                         {"yes", no_argument, NULL, OPT_YES},
	                                         {"jobs", required_argument, NULL, OPT_TJOBS},
	                                         {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(tenant_help, stdout);
			return EXIT_OK;
		}
		if (opt == OPT_YES) {
			yes = true;
			continue;
		}
		if (opt == OPT_TJOBS) {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000)
				return cli_usage_error(
				    "tenant", "--jobs needs a number from 1 to 1000, got \"%s\"", optarg);
			jobs = (int)v;
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("tenant", &o, opt, optarg);
		if (r == 0)
			r = cli_tenant_opt(&tc, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("tenant", argv, optopt);
	}
	if (optind >= argc)
		return cli_usage_error("tenant", "missing subcommand: add, ls or drop");
	const char *sub = argv[optind++];
	char **names = argv + optind;
	size_t n = (size_t)(argc - optind);
	bool is_add = !strcmp(sub, "add"), is_ls = !strcmp(sub, "ls"), is_drop = !strcmp(sub, "drop");
	if (!is_add && !is_ls && !is_drop)
		return cli_usage_error("tenant", "unknown subcommand \"%s\" (add, ls, drop)", sub);
	if (is_ls && n)
		return cli_usage_error("tenant", "ls takes no argument");
	if (!is_ls && !n)
		return cli_usage_error("tenant", "%s needs at least one tenant name", sub);
	if (is_drop && !yes)
		return cli_usage_error("tenant",
		                       "drop destroys the tenant's schema and data: confirm with --yes");
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	cli_db_finish(&c, &o);
	rc = cli_tenant_finish(&c, &tc, true);
	for (size_t i = 0; !rc && is_add && i < n; i++) { /* drop: exec/tenant_guard.c decides */
		const char *why = tc.cfg.mode == TMODE_DATABASE
		                      ? tenant_db_name_problem(names[i])
		                      : tenant_name_problem(names[i], tc.cfg.shared);
		if (why)
			rc = cli_usage_error("tenant", "invalid tenant name \"%s\": %s", names[i], why);
	}
	if (!rc && tc.cfg.mode == TMODE_SHARED && !is_ls) {
		fprintf(
		    stderr,
		    "strata tenant: error: [tenants] mode = shared: tenants are rows of the application's "
		    "tables; add or remove them with the application\n");
		rc = EXIT_USAGE;
	}
	if (!rc && is_add)
		note_outside_source(&tc, names, n);
	if (!rc && is_add) {
		RolloutOpts ro = {0};
		ro.names = names;
		ro.n_names = n;
		ro.jobs = jobs;
		ro.create = true;
		ro.apply_shared = true;
		ro.ao = &o;
		ro.on_error.kind = ONERR_CONTINUE;
		rc = cli_rollout(&c, &tc, &ro);
	} else if (!rc && is_ls)
		rc = tenant_ls(&c, &tc.cfg);
	else if (!rc) {
		DiagList dl = DIAGLIST_INIT;
		rc = tenant_drop_names(&tc.cfg, o.target.schema, names, n, stdout, &dl);
		if (dl.n)
			report_text(stderr, &dl, c.color);
		diag_list_release(&dl);
	}
	cli_tenant_free(&tc);
	cli_common_free(&c);
	return rc;
}
