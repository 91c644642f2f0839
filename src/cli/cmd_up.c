/* cmd_up.c — `strata up`: apply the pending migrations to one database (or print the script). */
#include "strata.h"
#include "cli/dbopts.h"
#include "cli/tenantopts.h"

static const char up_help[] =
    "usage: strata up [--to VERSION] [--dry-run] [--sql] [options]\n\n"
    "Apply the pending migrations in order. Each runs in one transaction together with its history row;\n"
    "a migration that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ... or marked so)\n"
    "runs statement by statement with its progress recorded, and a re-run resumes after the last completed\n"
    "statement. Before anything runs, a pre-flight introspects the database, replays the pending migrations\n"
    "on top of it offline, and refuses (exit 1, nothing applied) when one would fail on a missing or\n"
    "duplicate object, naming the statement and the drift behind it (docs/commands.md).\n\n"
    "  --to VERSION   stop after this version (with --tenants: a version of the tenant migrations; the\n"
    "                 shared ones all apply, and a tenant already past it is left alone)\n"
    "  --dry-run      connect, plan and run the pre-flight; change nothing\n"
    "  --sql          print the exact script (BEGIN; statements; history row; COMMIT per migration) without\n"
    "                 a database, as if nothing were applied\n"
    "  --from V       with --sql: only the migrations after V, for a database at V (a DBA applies it)\n"
    "  --out-of-order apply pending migrations older than the newest applied one (refused otherwise)\n"
    "  --preflight M  refuse (default) | warn: the pre-flight's refusals become warnings, listed loudly, "
    "and\n"
    "                 the migrations run anyway (when the model is wrong; [database] preflight)\n"
    "  --exact        the pre-flight runs the dynamic SQL it cannot follow on a throwaway PostgreSQL built\n"
    "                 from the database's schema (with --tenants: from each tenant shape's), so that what\n"
    "                 follows it is checked too (see check)\n\n"
    "Exit: 0 applied (or nothing to do), 1 a migration failed or the pre-flight refused (nothing of the\n"
    "failed migration is applied), 2 usage or connection error, 3 another run holds the lock.\n\n"
    "Tenants: strata up --tenants [all | NAME... | --where PATTERN] [--jobs N] [--on-error P] [--waves W]\n"
    "  applies the shared migrations once per server, then the tenant migrations to every tenant through N\n"
    "  pipelined connections per server. Each tenant is one transaction holding its migrations, its history\n"
    "  rows (\"<tenant>\".strata_history) and its strata.ledger row; a re-run continues where the last "
    "stopped.\n"
    "  Several strata processes may run the same rollout: the ledger claim shares the tenants out.\n"
    "  [tenants] mode = database: a tenant is a database of a server; the shared migrations go to each\n"
    "  server's main database (its URL's, which holds strata.ledger), the tenant migrations to every tenant\n"
    "  database in one transaction with its own strata.history rows; the ledger row is written right after\n"
    "  (claim held on the main database meanwhile) and corrected from the tenant's history if a run stopped\n"
    "  in between. Up to N tenant connections plus N claim connections per server.\n"
    "  --tenants          apply to the tenants (all, or the NAMEs given as arguments)\n"
    "  --where PATTERN    only tenants whose name matches this LIKE pattern\n"
    "  --jobs N           connections per server (default 4)\n"
    "  --on-error P       stop (default) | continue | threshold=N% (stop when more than N% failed)\n"
    "  --waves W          canary waves, cumulative: 1,10%,100%; stops after a wave with a failure\n"
    "  Exit: 0 every tenant at head, 1 failed or not started tenants, 2 usage or connection error, 3 "
    "busy.\n\n" CLI_DB_HELP "\n" CLI_TENANT_HELP "\n" CLI_COMMON_HELP;

enum {
	OPT_TO = OPT_CMD_BASE,
	OPT_FROM,
	OPT_DRY_RUN,
	OPT_SQL,
	OPT_OUT_OF_ORDER,
	OPT_TENANTS,
	OPT_WHERE,
	OPT_JOBS,
	OPT_ON_ERROR,
	OPT_WAVES,
	OPT_PREFLIGHT,
	OPT_EXACT
};

/* --preflight, else [database] preflight: true for warn. */
static bool preflight_warn(const CliCommon *c, const char *flag)
{
	const char *v = flag ? flag : c->cfg.preflight;
	return v && !strcmp(v, "warn");
}

int cmd_up(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "up");
	ApplyOptions o;
	apply_options_init(&o);
	const char *to = NULL, *from = NULL;
	bool sql = false, tenants = false;
	const char *preflight = NULL;
	TenantCli tc;
	cli_tenant_init(&tc);
	RolloutOpts ro = {0};
	ro.jobs = 4;
	ro.apply_shared = true;
	ro.ao = &o;
	char *err = NULL;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
	                                         CLI_TENANT_LONGOPTS,
	                                         {"tenants", no_argument, NULL, OPT_TENANTS},
	                                         {"where", required_argument, NULL, OPT_WHERE},
	                                         {"jobs", required_argument, NULL, OPT_JOBS},
	                                         {"on-error", required_argument, NULL, OPT_ON_ERROR},
	                                         {"waves", required_argument, NULL, OPT_WAVES},
	                                         {"to", required_argument, NULL, OPT_TO},
	                                         {"from", required_argument, NULL, OPT_FROM},
	                                         {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	                                         {"sql", no_argument, NULL, OPT_SQL},
	                                         {"out-of-order", no_argument, NULL, OPT_OUT_OF_ORDER},
	                                         {"preflight", required_argument, NULL, OPT_PREFLIGHT},
	                                         {"exact", no_argument, NULL, OPT_EXACT},
	                                         {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(up_help, stdout);
			return EXIT_OK;
		}
		if (opt == OPT_TO) {
			to = optarg;
			continue;
		}
		if (opt == OPT_FROM) {
			from = optarg;
			continue;
		}
		if (opt == OPT_DRY_RUN) {
			o.dry_run = true;
			continue;
		}
		if (opt == OPT_OUT_OF_ORDER) {
			o.out_of_order = true;
			continue;
		}
		if (opt == OPT_PREFLIGHT) {
			if (strcmp(optarg, "refuse") && strcmp(optarg, "warn"))
				return cli_usage_error("up", "--preflight: want refuse or warn, got \"%s\"",
				                       optarg);
			preflight = optarg;
			continue;
		}
		if (opt == OPT_EXACT) {
			o.exact = true;
			continue;
		}
		if (opt == OPT_SQL) {
			sql = true;
			continue;
		}
		if (opt == OPT_TENANTS) {
			tenants = true;
			continue;
		}
		if (opt == OPT_WHERE) {
			ro.where = optarg;
			continue;
		}
		if (opt == OPT_WAVES) {
			size_t ends[32];
			if (waves_parse(optarg, 1000000, ends, 32, &err) < 0) {
				cli_usage_error("up", "--waves: %s", err);
				free(err);
				return EXIT_USAGE;
			}
			ro.waves = optarg;
			continue;
		}
		if (opt == OPT_JOBS) {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000)
				return cli_usage_error(
				    "up", "--jobs needs a number from 1 to 1000, got \"%s\"", optarg);
			ro.jobs = (int)v;
			continue;
		}
		if (opt == OPT_ON_ERROR) {
			if (on_error_parse(optarg, &ro.on_error, &err) != 0) {
				cli_usage_error("up", "%s", err);
				free(err);
				return EXIT_USAGE;
			}
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("up", &o, opt, optarg);
		if (r == 0)
			r = cli_tenant_opt(&tc, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("up", argv, optopt);
	}
	if (tenants) {
		if (sql || from)
			return cli_usage_error("up", "--sql and --from do not go with --tenants");
		for (int i = optind; i < argc; i++) {
			if (!strcmp(argv[i], "all")) {
				if (argc - optind > 1)
					return cli_usage_error("up", "\"all\" does not go with tenant names");
				continue;
			}
			const char *why = tenant_name_problem(argv[i], NULL);
			if (why)
				return cli_usage_error("up", "tenant \"%s\": %s", argv[i], why);
		}
		if (!(argc - optind == 1 && !strcmp(argv[optind], "all"))) {
			ro.names = argv + optind;
			ro.n_names = (size_t)(argc - optind);
		}
		ro.dry_run = o.dry_run;
		ro.to = to;
		int rc = cli_common_finish(&c);
		if (rc)
			return rc;
		cli_db_finish(&c, &o);
		o.preflight_warn = preflight_warn(&c, preflight);
		rc = cli_tenant_finish(&c, &tc, true);
		if (!rc)
			rc = cli_rollout(&c, &tc, &ro);
		cli_tenant_free(&tc);
		cli_common_free(&c);
		return rc;
	}
	if (ro.where || ro.waves)
		return cli_usage_error("up", "--where and --waves need --tenants");
	if (optind < argc)
		return cli_usage_error("up", "unexpected argument \"%s\"", argv[optind]);
	if (from && !sql && c.out != OUT_SQL)
		return cli_usage_error("up",
		                       "--from goes with --sql (the script for a database at that version)");
	if (sql && o.dry_run)
		return cli_usage_error("up", "--sql and --dry-run do not go together");
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	if (c.out == OUT_SQL)
		sql = true;
	cli_db_finish(&c, &o);
	o.preflight_warn = preflight_warn(&c, preflight);
	MigrationSet set = {0};
	PGconn *conn = NULL;
	rc = cli_db_open(&c, &set, &conn, !sql);
	if (rc == 0) {
		DiagList dl = DIAGLIST_INIT;
		if (sql) {
			StrBuf sb = STRBUF_INIT;
			char host[256];
			apply_client_host(host, sizeof(host));
			int r = apply_script_from(&sb, &set, from, to, &o, host, &dl);
			fputs(sb_str(&sb), stdout);
			sb_release(&sb);
			rc = cli_apply_exit(&c, r ? APPLY_FAILED : APPLY_OK, &dl);
		} else
			rc = cli_apply_exit(&c, apply_up(conn, &set, to, &o, &dl), &dl);
		diag_list_release(&dl);
	}
	PQfinish(conn);
	migration_set_free(&set);
	cli_common_free(&c);
	return rc;
}
