/* main.c — the subcommand table (git builtin/ style): strata <command> [options]. Each command parses its
 * own options and returns an exit code: 0 ok, 1 findings/failed targets, 2 usage or environment error. */
#include "strata.h"
#include "cli/common.h"
#include "db/throwaway.h"

typedef struct Command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} Command;

static const Command commands[] = {
    {"ls", cmd_ls, "list the migrations in apply order (version, name, format, flags, checksum, file)"},
    {"check", cmd_check, "parse every migration and report problems with file:line:col"},
    {"schema", cmd_schema,
     "replay the history offline and print the schema (text, sql or json; --at VERSION)"},
    {"diff", cmd_diff, "write the next migration from a desired schema (SQL), proven by replay"},
    {"squash", cmd_squash, "replace the migrations up to a version with one verified baseline"},
    {"up", cmd_up, "apply the pending migrations to the database (--sql prints the script)"},
    {"down", cmd_down, "revert applied migrations with their down migrations"},
    {"status", cmd_status, "current version, pending, failed, edited and missing migrations"},
    {"history", cmd_history, "the history table of the database"},
    {"baseline", cmd_baseline, "record migrations up to a version as applied, after verifying them"},
    {"repair", cmd_repair, "re-record checksums of edited migrations, remove failed rows"},
    {"verify", cmd_verify,
     "apply the migrations to a throwaway database and compare it with the offline model"},
    {"drift", cmd_drift,
     "compare each target with the schema its history says it has (missing, extra, changed)"},
    {"tenant", cmd_tenant,
     "add, list or drop tenants (add applies every tenant migration in one transaction)"},
    {"report", cmd_report, "write a self-contained HTML page: fleet, ER diagram, history (--html FILE)"},
    {"dev", cmd_dev, "start, stop or show the embedded PostgreSQL server (start|stop|status|url)"},
    {"import", cmd_import,
     "adopt a Django (django-tenants), Alembic or Supabase project's migrations (docs/import.md)"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: strata <command> [options]\n\n"
	             "strata is a PostgreSQL schema-migration engine for multi-tenant applications.\n\n"
	             "Commands:\n");
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nRun 'strata <command> --help' for the options of a command.\n"
	             "Global: strata --help, strata --version.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	/* internal: the supervisor of a throwaway server (db/throwaway.c starts it; not for people) */
	if (!strcmp(cmd, "__supervise") && argc == 3)
		return throwaway_supervise(argv[2]);
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		if (!strcmp(cmd, "help") && argc > 2) {
			char *hargv[] = {argv[2], "--help", NULL};
			for (size_t i = 0; i < ARRAY_LEN(commands); i++)
				if (!strcmp(commands[i].name, argv[2]))
					return commands[i].fn(2, hargv);
		}
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
		printf("strata %s\n", STRATA_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (!strcmp(commands[i].name, cmd))
			return commands[i].fn(argc - 1, argv + 1);
	if (cmd[0] == '-')
		fprintf(stderr, "strata: error: unknown option \"%s\" (options go after the command)\n", cmd);
	else
		fprintf(stderr, "strata: error: unknown command \"%s\"\n", cmd);
	fprintf(stderr, "Try 'strata --help'.\n");
	return EXIT_USAGE;
}
