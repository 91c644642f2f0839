/* cmd_history.c — `strata history`: the history rows of one database, oldest first. Read-only. */
#include "strata.h"
#include "cli/dbopts.h"
#include "db/connect.h"
#include "db/session.h"

static const char history_help[] =
    "usage: strata history [--json] [options]\n\n"
    "Print the history table: version, name, when, how long, by whom, how (transactional, per-statement,\n"
    "baseline), and for a failed row how many of its statements ran and the error.\n\n"
    "Exit: 0 ok, 2 usage or connection error.\n\n" CLI_DB_HELP "\n" CLI_COMMON_HELP;

int cmd_history(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "history");
	ApplyOptions o;
	apply_options_init(&o);
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_DB_LONGOPTS, {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (opt == OPT_HELP) {
			fputs(history_help, stdout);
			return EXIT_OK;
		}
		int r = cli_common_opt(&c, opt, optarg);
		if (r == 0)
			r = cli_db_opt("history", &o, opt, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r == 0)
			return cli_bad_option("history", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("history", "unexpected argument \"%s\"", argv[optind]);
	int rc = cli_common_finish(&c);
	if (rc)
		return rc;
	cli_db_finish(&c, &o);
	DiagList dl = DIAGLIST_INIT;
	PGconn *conn = db_open(c.database_url, &dl);
	HistoryRows rows = {0};
	bool exists = false;
	if (!conn)
		rc = EXIT_USAGE;
	else if (history_load(conn, &o.target, &rows, &exists, &dl) != 0)
		rc = EXIT_FINDINGS;
	else if (c.out == OUT_JSON) {
		json_t *arr = json_array();
		vec_foreach(&rows, h)
		{
			json_t *j = json_object();
			json_object_set_new(j, "version", json_string(h->version));
			json_object_set_new(j, "name", json_string(h->name));
			json_object_set_new(j, "checksum", json_string(h->checksum));
			json_object_set_new(j, "format", json_string(h->format));
			json_object_set_new(j, "mode", json_string(h->mode));
			json_object_set_new(j, "success", json_boolean(h->success));
			json_object_set_new(j, "applied_at", json_string(h->applied_at ? h->applied_at : ""));
			json_object_set_new(j, "applied_by", json_string(h->applied_by ? h->applied_by : ""));
			json_object_set_new(j, "duration_ms", json_integer(h->duration_ms));
			json_object_set_new(j, "statements_done", json_integer(h->statements_done));
			json_object_set_new(j, "statements_total", json_integer(h->statements_total));
			json_object_set_new(j, "error", h->error ? json_string(h->error) : json_null());
			json_array_append_new(arr, j);
		}
		report_json_print(stdout, arr);
	} else {
		if (!exists)
			printf("no history table \"%s\".\"%s\" in database \"%s\": nothing applied yet\n",
			       o.target.schema, o.target.table, PQdb(conn));
		vec_foreach(&rows, h)
		{
			printf("%-16s %-30s %s %6lld ms  %-13s %-8s %s", h->version, h->name, h->applied_at,
			       h->duration_ms, h->mode, h->success ? "ok" : "FAILED", h->applied_by);
			if (!h->success)
				printf("  (%d of %d statements done%s%s)", h->statements_done,
				       h->statements_total, h->error ? ": " : "", h->error ? h->error : "");
			putchar('\n');
		}
	}
	if (dl.n)
		report_text(stderr, &dl, c.color);
	history_rows_free(&rows);
	diag_list_release(&dl);
	PQfinish(conn);
	cli_common_free(&c);
	return rc;
}
