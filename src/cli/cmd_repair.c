/* cmd_repair.c — `strata repair`: re-record the checksums of deliberately edited migrations and remove
 * failed history rows. Explicit by design: edits are named, never accepted wholesale by accident. */
#include "strata.h"
#include "cli/dbopts.h"

static const char repair_help[] =
    "usage: strata repair [--checksums VERSION... | --all-edited] [--dry-run] [options]\n"
    "       strata repair --forget-missing VERSION... [--dry-run] [options]\n\n"
    "Remove failed history rows (a failed transactional migration left nothing behind; for one that ran\n"
    "statement by statement, undo what it did first, or let `strata up` resume it instead), and with\n"
    "--checksums or --all-edited re-record the checksum of migrations edited after they were applied,\n"
    "listing each change (old → new checksum).\n\n"
    "  --checksums VERSION...  the edited migrations to accept (the versions follow the option)\n"
    "  --all-edited            accept every edited migration\n"
    "  --forget-missing VERSION...  forget the history rows of migrations whose files were removed on\n"
    "                          purpose (consolidated into another); only rows whose file is missing\n"
    "  --dry-run               list what would change\n\n"
    "Exit: 0 repaired (or nothing to do), 1 refused, 2 usage or connection error, 3 lock not "
    "obtained.\n\n" CLI_DB_HELP "\n" CLI_COMMON_HELP;

enum { OPT_CHECKSUMS = OPT_CMD_BASE, OPT_ALL_EDITED, OPT_DRY_RUN, OPT_FORGET };

int cmd_repair(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "repair");
	ApplyOptions o;
	apply_options_init(&o);
	bool all_edited = false, checksums = false, forget = false;
	char **versions = xcalloc((size_t)argc + 1, sizeof(char *));
	size_t nv = 0;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         CLI_DB_LONGOPTS,
	                                         {"checksums", no_argument, NULL, OPT_CHECKSUMS},
	                                         {"all-edited", no_argument, NULL, OPT_ALL_EDITED},
	                                         {"forget-missing", no_argument, NULL, OPT_FORGET},
	                                         {"dry-run", no_argument, NULL, OPT_DRY_RUN},
	                                         {NULL, 0, NULL, 0}};
	int opt, rc;
	/* "+" would stop at the first word; instead collect the non-option words after --checksums */
	while ((opt = getopt_long(argc, argv, "-", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(repair_help, stdout);
			free(versions);
			return EXIT_OK;
		case 1:
			if (!checksums && !forget) {
				free(versions);
				return cli_usage_error("repair", "unexpected argument \"%s\"", optarg);
			}
			versions[nv++] = optarg;
			continue;
		case OPT_CHECKSUMS:
			checksums = true;
			continue;
		case OPT_ALL_EDITED:
			all_edited = true;
			continue;
		case OPT_FORGET:
			forget = true;
			continue;
		case OPT_DRY_RUN:
			o.dry_run = true;
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("repair", &o, opt, optarg);
		if (r <= 0) {
			free(versions);
			return r < 0 ? EXIT_USAGE : cli_bad_option("repair", argv, optopt);
		}
	}
	if (forget && (checksums || all_edited)) {
		free(versions);
		return cli_usage_error("repair",
		                       "--forget-missing goes alone (run the checksum repair apart)");
	}
	if (forget && nv == 0) {
		free(versions);
		return cli_usage_error("repair", "--forget-missing needs at least one VERSION");
	}
	if (checksums && nv == 0) {
		free(versions);
		return cli_usage_error("repair", "--checksums needs at least one VERSION");
	}
	if (checksums && all_edited) {
		free(versions);
		return cli_usage_error("repair", "give --checksums VERSION... or --all-edited, not both");
	}
	rc = cli_common_finish(&c);
	if (rc) {
		free(versions);
		return rc;
	}
	cli_db_finish(&c, &o);
	MigrationSet set = {0};
	PGconn *conn = NULL;
	rc = cli_db_open(&c, &set, &conn, true);
	if (rc == 0) {
		DiagList dl = DIAGLIST_INIT;
		rc = cli_apply_exit(&c,
		                    forget ? apply_forget_missing(conn, &set, versions, nv, &o, &dl)
		                           : apply_repair(conn, &set, versions, nv, all_edited, &o, &dl),
		                    &dl);
		diag_list_release(&dl);
	}
	free(versions);
	PQfinish(conn);
	migration_set_free(&set);
	cli_common_free(&c);
	return rc;
}
