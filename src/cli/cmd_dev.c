/* cmd_dev.c — `strata dev start|stop|status|url`: the embedded PostgreSQL of the project (db/devserver.c).
 * The URL goes to stdout alone, so `URL=$(strata dev start)` works; everything else goes to stderr. */
#include "strata.h"
#include "cli/common.h"
#include "db/devserver.h"

static const char dev_help[] =
    "usage: strata dev start|stop|status|url\n\n"
    "A private PostgreSQL server for this project, in .strata/pg (or $STRATA_HOME/pg), listening only on\n"
    "a unix socket in that folder. As root it runs as an unprivileged user (\"postgres\", else \"strata\",\n"
    "created when missing, else \"nobody\").\n\n"
    "  start    create the cluster when needed, start it, wait until it accepts connections, print its URL\n"
    "           (already running: print the URL)\n"
    "  stop     stop it (fast shutdown); not running is not an error\n"
    "  status   say whether it runs; exit 0 running, 1 stopped or not created\n"
    "  url      print its URL; exit 1 when it is not running\n\n"
    "Environment: STRATA_HOME (folder for pg/), STRATA_PG_BINDIR (folder of initdb and pg_ctl; default\n"
    "`pg_config --bindir`, else /usr/lib/postgresql/15/bin).\n"
    "Exit: 0 ok, 1 not running (status, url), 2 usage or environment error.\n";

/* Print diagnostics: errors and notes as "strata dev: error: ..." with the hint on its own line. */
static void print_diags(const DiagList *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		const Diag *d = &dl->items[i];
		fprintf(stderr, "strata dev: %s: %s\n", d->sev == SEV_ERROR ? "error" : "note", d->message);
		if (d->detail)
			fprintf(stderr, "  detail: %s\n", d->detail);
		if (d->hint)
			fprintf(stderr, "  hint: %s\n", d->hint);
	}
}

static int dev_cmd_start(void)
{
	DiagList dl = DIAGLIST_INIT;
	char *url = NULL;
	bool already = false;
	int rc = dev_start(&url, &already, &dl) == 0 ? EXIT_OK : EXIT_USAGE;
	print_diags(&dl);
	if (rc == EXIT_OK) {
		fprintf(stderr, already ? "strata dev: already running\n" : "strata dev: started\n");
		printf("%s\n", url);
	}
	free(url);
	diag_list_release(&dl);
	return rc;
}

static int dev_cmd_stop(void)
{
	DiagList dl = DIAGLIST_INIT;
	bool was = false;
	int rc = dev_stop(&was, &dl) == 0 ? EXIT_OK : EXIT_USAGE;
	print_diags(&dl);
	if (rc == EXIT_OK)
		fprintf(stderr, was ? "strata dev: stopped\n" : "strata dev: not running\n");
	diag_list_release(&dl);
	return rc;
}

static int dev_cmd_status(bool url_only)
{
	DiagList dl = DIAGLIST_INIT;
	DevStatus st;
	int rc;
	if (dev_status(&st, &dl) != 0) {
		print_diags(&dl);
		rc = EXIT_USAGE;
	} else if (st.state == DEV_RUNNING) {
		if (url_only)
			printf("%s\n", st.url);
		else
			printf("running (pid %ld)\nurl: %s\ndata: %s\n", st.pid, st.url, st.datadir);
		rc = EXIT_OK;
	} else {
		if (url_only) {
			fprintf(stderr, "strata dev: error: the dev server is not running\n"
			                "  hint: run \"strata dev start\"\n");
		} else if (st.state == DEV_UNINITIALISED) {
			printf("not created\ndata: %s\n", st.datadir);
		} else {
			printf("stopped%s\ndata: %s\n",
			       st.stale ? " (stale postmaster.pid: the server was killed)" : "", st.datadir);
		}
		rc = EXIT_FINDINGS;
	}
	dev_status_release(&st);
	diag_list_release(&dl);
	return rc;
}

int cmd_dev(int argc, char **argv)
{
	static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	opterr = 0;
	optind = 1;
	int opt;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'h') {
			fputs(dev_help, stdout);
			return EXIT_OK;
		}
		return cli_bad_option("dev", argv, optopt);
	}
	if (optind >= argc)
		return cli_usage_error("dev", "missing action (start, stop, status or url)");
	const char *action = argv[optind];
	if (optind + 1 < argc)
		return cli_usage_error("dev", "unexpected argument \"%s\"", argv[optind + 1]);
	if (!strcmp(action, "start"))
		return dev_cmd_start();
	if (!strcmp(action, "stop"))
		return dev_cmd_stop();
	if (!strcmp(action, "status"))
		return dev_cmd_status(false);
	if (!strcmp(action, "url"))
		return dev_cmd_status(true);
	return cli_usage_error("dev", "unknown action \"%s\" (start, stop, status or url)", action);
}
