/* cmd_up.c — `strata up`: apply the pending migrations to one database (or print the script). */
#include "strata.h"
#include "cli/dbopts.h"

static const char up_help[] =
	"usage: strata up [--to VERSION] [--dry-run] [--sql] [options]\n\n"
	"Apply the pending migrations in order. Each runs in one transaction together with its history row;\n"
	"a migration that cannot run in a transaction (CREATE INDEX CONCURRENTLY, VACUUM, ... or marked so)\n"
	"runs statement by statement with its progress recorded, and a re-run resumes after the last completed\n"
	"statement. Before anything runs, a pre-flight compares what the migrations expect with the database.\n\n"
	"  --to VERSION   stop after this version\n"
	"  --dry-run      connect, plan and run the pre-flight; change nothing\n"
	"  --sql          print the exact script (BEGIN; statements; history row; COMMIT per migration) without\n"
	"                 a database, as if nothing were applied\n"
	"  --out-of-order apply pending migrations older than the newest applied one (refused otherwise)\n\n"
	"Exit: 0 applied (or nothing to do), 1 a migration failed or the pre-flight refused (nothing of the\n"
	"failed migration is applied), 2 usage or connection error, 3 another run holds the lock.\n\n" CLI_DB_HELP
	"\n" CLI_COMMON_HELP;

enum { OPT_TO = OPT_CMD_BASE, OPT_DRY_RUN, OPT_SQL, OPT_OUT_OF_ORDER };

int cmd_up(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "up");
	ApplyOptions o;
	apply_options_init(&o);
	const char *to = NULL;
	bool sql = false;
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_DB_LONGOPTS,
						 {"to", required_argument, NULL, OPT_TO},
						 {"dry-run", no_argument, NULL, OPT_DRY_RUN},
						 {"sql", no_argument, NULL, OPT_SQL},
						 {"out-of-order", no_argument, NULL, OPT_OUT_OF_ORDER},
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
		if (opt == OPT_DRY_RUN) {
			o.dry_run = true;
			continue;
		}
		if (opt == OPT_OUT_OF_ORDER) {
			o.out_of_order = true;
			continue;
		}
		if (opt == OPT_SQL) {
			sql = true;
			continue;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("up", &o, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("up", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("up", "unexpected argument \"%s\"", argv[optind]);
	if (sql && o.dry_run)
		return cli_usage_error("up", "--sql and --dry-run do not go together");
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	if (c.out == OUT_SQL)
		sql = true;
	cli_db_finish(&c, &o);
	MigrationSet set = {0};
	PGconn *conn = NULL;
	rc = cli_db_open(&c, &set, &conn, !sql);
	if (rc == 0) {
		DiagList dl = DIAGLIST_INIT;
		if (sql) {
			StrBuf sb = STRBUF_INIT;
			char host[256];
			apply_client_host(host, sizeof(host));
			int r = apply_script(&sb, &set, to, &o, host, &dl);
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
