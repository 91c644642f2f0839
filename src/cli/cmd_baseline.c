/* cmd_baseline.c — `strata baseline`: record migrations up to a version as applied without running them
 * (adopting an existing database), after verifying the database has what they create. */
#include "strata.h"
#include "cli/dbopts.h"
#include "cli/tenantopts.h"
#include "exec/adopt.h"
#include "exec/fleet_baseline.h"

static const char baseline_help[] =
    "usage: strata baseline --version VERSION [--verify | --no-verify] [--dry-run] [options]\n"
    "       strata baseline --from TOOL [--from-schema S] [--verify | --no-verify] [--dry-run] [options]\n\n"
    "Record every migration up to VERSION as applied without running it. With --verify (the default) it\n"
    "first replays those migrations offline, introspects the database and compares: every object and column\n"
    "they leave behind must be in the database with the same definition. Each difference is listed and\n"
    "nothing is recorded if there is one. Objects only in the database are fine (not listed).\n\n"
    "--from TOOL adopts exactly the migrations another tool recorded as applied (django, alembic, dbmate,\n"
    "golang-migrate, supabase, goose, flyway, prisma, diesel, sqitch; see docs/import.md), verified the "
    "same\n"
    "way; --from-schema S names the schema of that tool's table when it is not where the tool keeps it.\n\n"
    "Tenants: strata baseline --tenants [all | NAME... | --where PATTERN] --version V [--no-verify]\n"
    "  adopts tenant schemas (or databases, [tenants] mode = database) built without strata: each tenant\n"
    "  is introspected and compared with what the tenant migrations up to V build in its schema (the\n"
    "  shared migrations replayed first), as `strata drift --tenants` compares; an equal tenant gets its\n"
    "  history rows and its strata.ledger row at V in one transaction, through --jobs pipelined\n"
    "  connections per server; a tenant that differs is refused with its differences (grouped across\n"
    "  tenants) and the others go on. Tenants already at or past V are left alone. `strata up --tenants`\n"
    "  then applies the migrations after V.\n"
    "  --tenants          adopt the tenants (all, or the NAMEs given as arguments)\n"
    "  --where PATTERN    only tenants whose name matches this LIKE pattern\n"
    "  --jobs N           connections per server for the recording (default 4)\n"
    "  --prereq FILE      SQL replayed first in the model (roles, schemas, extensions; also without\n"
    "                     --tenants: what the platform or the operator made before the first migration)\n"
    "  --user NAME        the replay's current user\n"
    "  --no-verify        record without comparing (says so, loudly, with the count)\n\n"
    "Exit: 0 recorded, 1 verification failed (a tenant refused), 2 usage or connection error, 3 lock not "
    "obtained.\n\n" CLI_DB_HELP "\n" CLI_TENANT_HELP "\n" CLI_COMMON_HELP;

enum {
	OPT_VERSION = OPT_CMD_BASE,
	OPT_VERIFY,
	OPT_NO_VERIFY,
	OPT_DRY_RUN,
	OPT_FROM,
	OPT_FROM_SCHEMA,
	OPT_TENANTS,
	OPT_WHERE,
	OPT_JOBS,
	OPT_PREREQ,
	OPT_USER
};

/* `baseline --tenants`: the fleet (exec/fleet_baseline.h). */
static int baseline_tenants(CliCommon *c, TenantCli *tc, FleetBaselineOptions *fo, const char *prereq)
{
	int rc = cli_tenant_finish(c, tc, true);
	if (rc)
		return rc;
	Prereq pq;
	cli_prereq(c, prereq, &pq);
	fo->prereq = &pq;
	fo->proj = &c->proj;
	fo->out = stdout;
	fo->err = stderr;
	fo->sink = &c->sink;
	DiagList dl = DIAGLIST_INIT;
	rc = fleet_baseline_run(&tc->cfg, fo, &dl);
	if (dl.n)
		report_text(stderr, &dl, c->color);
	diag_list_release(&dl);
	return rc;
}

int cmd_baseline(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "baseline");
	ApplyOptions o;
	apply_options_init(&o);
	const char *version = NULL, *from_schema = NULL;
	ForeignTool from = FT__COUNT;
	bool verify = true, tenants = false;
	const char *prereq = NULL;
	TenantCli tc;
	cli_tenant_init(&tc);
	FleetBaselineOptions fo = {.jobs = 4, .ao = &o};
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
	                                         CLI_TENANT_LONGOPTS,
	                                         {"tenants", no_argument, NULL, OPT_TENANTS},
	                                         {"where", required_argument, NULL, OPT_WHERE},
	                                         {"jobs", required_argument, NULL, OPT_JOBS},
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         {"version", required_argument, NULL, OPT_VERSION},
	                                         {"verify", no_argument, NULL, OPT_VERIFY},
	                                         {"no-verify", no_argument, NULL, OPT_NO_VERIFY},
	                                         {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	                                         {"from", required_argument, NULL, OPT_FROM},
	                                         {"from-schema", required_argument, NULL, OPT_FROM_SCHEMA},
	                                         {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(baseline_help, stdout);
			return EXIT_OK;
		case OPT_VERSION:
			version = optarg;
			continue;
		case OPT_VERIFY:
			verify = true;
			continue;
		case OPT_NO_VERIFY:
			verify = false;
			continue;
		case OPT_DRY_RUN:
			o.dry_run = true;
			continue;
		case OPT_FROM:
			from = foreign_tool_from_name(optarg);
			if (from == FT__COUNT)
				return cli_usage_error("baseline", "unknown tool \"%s\" for --from (%s)",
				                       optarg, foreign_tool_names());
			continue;
		case OPT_FROM_SCHEMA:
			from_schema = optarg;
			continue;
		case OPT_TENANTS:
			tenants = true;
			continue;
		case OPT_WHERE:
			fo.where = optarg;
			continue;
		case OPT_PREREQ:
			prereq = optarg;
			continue;
		case OPT_USER:
			fo.user = optarg;
			continue;
		case OPT_JOBS: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000)
				return cli_usage_error(
				    "baseline", "--jobs needs a number from 1 to 1000, got \"%s\"", optarg);
			fo.jobs = (int)v;
			continue;
		}
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("baseline", &o, opt, optarg);
		if (r == 0)
			r = cli_tenant_opt(&tc, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("baseline", argv, optopt);
	}
	if (tenants) {
		if (!version)
			return cli_usage_error("baseline",
			                       "--tenants needs --version V (the tenant migration the "
			                       "tenants are at)");
		if (from != FT__COUNT)
			return cli_usage_error("baseline", "--from does not go with --tenants");
		if (cli_tenant_names("baseline", argc, argv, optind, &fo.names, &fo.n_names) != 0)
			return EXIT_USAGE;
		fo.version = version;
		fo.verify = verify;
		fo.dry_run = o.dry_run;
		int rc = cli_common_finish(&c);
		if (rc)
			return rc;
		cli_db_finish(&c, &o);
		rc = baseline_tenants(&c, &tc, &fo, prereq);
		cli_tenant_free(&tc);
		cli_common_free(&c);
		return rc;
	}
	if (fo.where || fo.user)
		return cli_usage_error("baseline", "--where and --user go with --tenants");
	if (optind < argc)
		return cli_usage_error("baseline", "unexpected argument \"%s\"", argv[optind]);
	if (!version && from == FT__COUNT)
		return cli_usage_error("baseline", "--version VERSION (or --from TOOL) is required");
	if (version && from != FT__COUNT)
		return cli_usage_error("baseline", "--version and --from exclude each other");
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	cli_db_finish(&c, &o);
	Prereq pq; /* what exists before the first migration: the platform's and --prereq */
	cli_prereq(&c, prereq, &pq);
	o.prereq = &pq;
	MigrationSet set = {0};
	PGconn *conn = NULL;
	rc = cli_db_open(&c, &set, &conn, true);
	if (rc == 0) {
		DiagList dl = DIAGLIST_INIT;
		ApplyResult ar = from != FT__COUNT
		                     ? apply_baseline_from(conn, &set, from, from_schema, verify, &o, &dl)
		                     : apply_baseline(conn, &set, version, verify, &o, &dl);
		rc = cli_apply_exit(&c, ar, &dl);
		diag_list_release(&dl);
	}
	PQfinish(conn);
	migration_set_free(&set);
	cli_common_free(&c);
	return rc;
}
