/* cmd_down.c — `strata down`: revert applied migrations with their down text. */
#include "strata.h"
#include "cli/dbopts.h"

static const char down_help[] =
    "usage: strata down [--to VERSION | --steps N] [--dry-run] [options]\n\n"
    "Revert applied migrations, newest first, each in one transaction together with the removal of its\n"
    "history row. Refuses before doing anything when a migration in the range has no down migration.\n\n"
    "  --to VERSION   revert every migration above VERSION (0: all)\n"
    "  --steps N      revert the last N migrations (default 1)\n"
    "  --dry-run      show what would be reverted\n\n"
    "Exit: 0 reverted, 1 refused or failed, 2 usage or connection error, 3 lock not obtained.\n\n" CLI_DB_HELP
    "\n" CLI_COMMON_HELP;

enum { OPT_TO = OPT_CMD_BASE, OPT_STEPS, OPT_DRY_RUN };

int cmd_down(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "down");
	ApplyOptions o;
	apply_options_init(&o);
	const char *to = NULL;
	int steps = -1;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
	                                         {"to", required_argument, NULL, OPT_TO},
	                                         {"steps", required_argument, NULL, OPT_STEPS},
	                                         {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	                                         {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(down_help, stdout);
			return EXIT_OK;
		}
		if (opt == OPT_TO) {
			to = optarg;
			continue;
		}
		if (opt == OPT_STEPS) {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 1000000)
				return cli_usage_error("down", "--steps needs a positive number, got \"%s\"",
				                       optarg);
			steps = (int)v;
			continue;
		}
		if (opt == OPT_DRY_RUN) {
			o.dry_run = true;
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("down", &o, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("down", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("down", "unexpected argument \"%s\"", argv[optind]);
	if (to && steps > 0)
		return cli_usage_error("down", "give --to or --steps, not both");
	if (steps < 0)
		steps = 1;
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	cli_db_finish(&c, &o);
	MigrationSet set = {0};
	PGconn *conn = NULL;
	rc = cli_db_open(&c, &set, &conn, true);
	if (rc == 0) {
		DiagList dl = DIAGLIST_INIT;
		rc = cli_apply_exit(&c, apply_down(conn, &set, to, steps, &o, &dl), &dl);
		diag_list_release(&dl);
	}
	PQfinish(conn);
	migration_set_free(&set);
	cli_common_free(&c);
	return rc;
}
