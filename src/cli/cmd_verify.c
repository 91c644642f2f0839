/* cmd_verify.c — `strata verify`: options, verify_run (exec/verify.h), printing. Exit 0 with
 * "0 differences", 1 on any difference or failed migration, 2 on usage/environment errors. */
#include "strata.h"
#include "cli/common.h"
#include "exec/verify.h"

static const char verify_help[] =
    "usage: strata verify [--dir DIR] [--prereq FILE] [--keep] [--exact] [--database-url URL]\n"
    "                     [--search-path PATH] [--user NAME] [--role NAME] [-c NAME=VALUE]...\n\n"
    "Apply every migration to a fresh database the way `strata up` does (the same engine: one\n"
    "transaction per migration, or statement by statement for a migration marked\n"
    "`-- strata:no-transaction`, by its convention, or holding a statement that cannot run in a\n"
    "transaction block), introspect it, replay the same migrations offline and compare the two\n"
    "schemas object by object; print every difference.\n\n"
    "  --prereq FILE        run FILE as superuser in the fresh database first (roles, extensions)\n"
    "  --keep               keep the throwaway cluster (and database) and print its URL\n"
    "  --exact              the offline replay runs the dynamic SQL it cannot follow on the server\n"
    "                       (a database of its own) and reads its effect back (see strata check)\n"
    "  --database-url URL   use this server (superuser) instead of a throwaway cluster; a fresh\n"
    "                       database is created in it and dropped afterwards (unless --keep)\n"
    "  --search-path PATH   search_path of the migration connection (and of the offline replay)\n"
    "  --user NAME          connect as NAME to apply the migrations\n"
    "  --role NAME          SET ROLE NAME after connecting\n"
    "  -c NAME=VALUE        a server setting for the migration connection (repeatable)\n"
    "Exit: 0 no difference, 1 differences or a migration failed, 2 usage or environment "
    "error.\n\n" CLI_COMMON_HELP;

enum { OPT_PREREQ = OPT_CMD_BASE, OPT_KEEP, OPT_SEARCH_PATH, OPT_USER, OPT_ROLE, OPT_EXACT };

static void print_report(const CliCommon *c, const VerifyReport *r)
{
	if (r->replay.n) {
		fprintf(stderr, "strata verify: the offline replay reported %zu errors (see strata check):\n",
		        r->replay.n);
		report_text(stderr, &r->replay, c->color);
	}
	if (r->exact_summary)
		fprintf(stderr, "%s\n", r->exact_summary);
	if (r->dynamic.n && r->differences) { /* the likely cause of the differences below */
		fprintf(stderr,
		        "strata verify: the model could not follow %zu statement%s of dynamic SQL; the "
		        "differences may come from %s:\n",
		        r->dynamic.n, r->dynamic.n == 1 ? "" : "s", r->dynamic.n == 1 ? "it" : "them");
		report_text(stderr, &r->dynamic, c->color);
	}
	if (!r->applied)
		return;
	if (c->out == OUT_JSON) {
		json_t *root = json_object();
		json_object_set_new(root, "migrations", json_integer((json_int_t)r->migrations));
		json_object_set_new(root, "differences", json_integer((json_int_t)r->differences));
		json_object_set_new(root, "diagnostics", report_diags_json(&r->diffs));
		report_json_print(stdout, root);
	} else {
		for (size_t i = 0; i < r->diffs.n; i++)
			printf("%s\n", r->diffs.items[i].message);
		printf("%zu difference%s\n", r->differences, r->differences == 1 ? "" : "s");
	}
}

/* Parse the options into C and O. Returns -1 to go on, else the exit code. */
static int parse(int argc, char **argv, CliCommon *c, VerifyOptions *o, const char **prereq)
{
	static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
	                                         {"prereq", required_argument, NULL, OPT_PREREQ},
	                                         {"keep", no_argument, NULL, OPT_KEEP},
	                                         {"exact", no_argument, NULL, OPT_EXACT},
	                                         {"search-path", required_argument, NULL, OPT_SEARCH_PATH},
	                                         {"user", required_argument, NULL, OPT_USER},
	                                         {"role", required_argument, NULL, OPT_ROLE},
	                                         {NULL, 0, NULL, 0}};
	int opt;
	while ((opt = getopt_long(argc, argv, "c:", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_HELP:
			fputs(verify_help, stdout);
			return EXIT_OK;
		case OPT_PREREQ:
			*prereq = optarg;
			continue;
		case OPT_KEEP:
			o->keep = true;
			continue;
		case OPT_EXACT:
			o->exact = true;
			continue;
		case OPT_SEARCH_PATH:
			o->search_path = optarg;
			continue;
		case OPT_USER:
			o->user = optarg;
			continue;
		case OPT_ROLE:
			o->role = optarg;
			continue;
		case 'c': {
			const char *eq = strchr(optarg, '=');
			if (!eq || eq == optarg)
				return cli_usage_error("verify", "-c needs NAME=VALUE, got \"%s\"", optarg);
			char *name = xstrndup(optarg, (size_t)(eq - optarg));
			verify_options_set(o, name, eq + 1);
			free(name);
			continue;
		}
		default:
			break;
		}
		int r = cli_common_opt(c, opt, optarg);
		if (r <= 0)
			return r < 0 ? EXIT_USAGE : cli_bad_option("verify", argv, optopt);
	}
	if (optind < argc)
		return cli_usage_error("verify", "unexpected argument \"%s\"", argv[optind]);
	return -1;
}

int cmd_verify(int argc, char **argv)
{
	CliCommon c;
	cli_common_init(&c, "verify");
	VerifyOptions o;
	verify_options_init(&o);
	const char *prereq_file = NULL;
	int rc = parse(argc, argv, &c, &o, &prereq_file);
	if (rc >= 0 || (rc = cli_common_finish(&c)) != 0) {
		verify_options_release(&o);
		return rc;
	}
	o.database_url = c.database_url;
	Prereq pq;
	cli_prereq(&c, prereq_file, &pq);
	o.prereq = &pq;
	if (c.cfg.history_schema)
		o.history.schema = c.cfg.history_schema;
	if (c.cfg.history_table)
		o.history.table = c.cfg.history_table;
	MigrationSet set = {0};
	DiagList dl = DIAGLIST_INIT;
	if (cli_load_migrations(&c, &set, &dl) != 0) {
		report_text(stderr, &dl, c.color);
		rc = EXIT_USAGE;
	} else {
		VerifyReport r;
		rc = verify_run(&o, &set, &r, &dl);
		print_report(&c, &r);
		report_text(stderr, &dl, c.color);
		if (r.kept_url) {
			printf("kept: %s (database \"%s\")\n", r.kept_url, r.kept_db);
			if (r.kept_home)
				printf("stop it with: STRATA_HOME=%s strata dev stop && rm -rf %s\n",
				       r.kept_home, r.kept_home);
		}
		verify_report_free(&r);
	}
	migration_set_free(&set);
	diag_list_release(&dl);
	verify_options_release(&o);
	cli_common_free(&c);
	return rc;
}
