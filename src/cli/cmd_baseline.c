/* cmd_baseline.c — `strata baseline`: record migrations up to a version as applied without running them
 * (adopting an existing database), after verifying the database has what they create. */
#include "strata.h"
#include "cli/dbopts.h"

static const char baseline_help[] =
    "usage: strata baseline --version VERSION [--verify | --no-verify] [--dry-run] [options]\n\n"
    "Record every migration up to VERSION as applied without running it. With --verify (the default) it\n"
    "first replays those migrations offline, introspects the database and compares: every object and column\n"
    "they leave behind must be in the database with the same definition. Each difference is listed and\n"
    "nothing is recorded if there is one. Objects only in the database are fine (not listed).\n\n"
    "Exit: 0 recorded, 1 verification failed, 2 usage or connection error, 3 lock not "
    "obtained.\n\n" CLI_DB_HELP "\n" CLI_COMMON_HELP;

enum { OPT_VERSION = OPT_CMD_BASE, OPT_VERIFY, OPT_NO_VERIFY, OPT_DRY_RUN };

int cmd_baseline(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "baseline");
	ApplyOptions o;
	apply_options_init(&o);
	const char *version = NULL;
	bool verify = true;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
	                                         {"version", required_argument, NULL, OPT_VERSION},
	                                         {"verify", no_argument, NULL, OPT_VERIFY},
	                                         {"no-verify", no_argument, NULL, OPT_NO_VERIFY},
	                                         {"dry-run", no_argument, NULL, OPT_DRY_RUN},
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
	if (!version)
		return cli_usage_error("baseline", "--version VERSION is required");
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	cli_db_finish(&c, &o);
	MigrationSet set = {0};
	PGconn *conn = NULL;
	rc = cli_db_open(&c, &set, &conn, true);
	if (rc == 0) {
		DiagList dl = DIAGLIST_INIT;
		rc = cli_apply_exit(&c, apply_baseline(conn, &set, version, verify, &o, &dl), &dl);
		diag_list_release(&dl);
	}
	PQfinish(conn);
	migration_set_free(&set);
	cli_common_free(&c);
	return rc;
}
