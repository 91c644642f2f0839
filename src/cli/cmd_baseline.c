/* cmd_baseline.c — `strata baseline`: record migrations up to a version as applied without running them
 * (adopting an existing database), after verifying the database has what they create. */
#include "strata.h"
#include "cli/dbopts.h"
#include "exec/adopt.h"

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
    "Exit: 0 recorded, 1 verification failed, 2 usage or connection error, 3 lock not "
    "obtained.\n\n" CLI_DB_HELP "\n" CLI_COMMON_HELP;

enum { OPT_VERSION = OPT_CMD_BASE, OPT_VERIFY, OPT_NO_VERIFY, OPT_DRY_RUN, OPT_FROM, OPT_FROM_SCHEMA };

int cmd_baseline(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "baseline");
	ApplyOptions o;
	apply_options_init(&o);
	const char *version = NULL, *from_schema = NULL;
	ForeignTool from = FT__COUNT;
	bool verify = true;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
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
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("baseline", &o, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("baseline", argv, optopt);
	}
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
