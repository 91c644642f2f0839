/* common.h — what every subcommand shares: the common options (--dir, --config, --database-url,
 * --format, --var, --help), config loading, usage errors, and loading the migrations of the project. */
#ifndef STRATA_CLI_COMMON_H
#define STRATA_CLI_COMMON_H

#include "strata.h"
#include "analysis/ignore.h"
#include "analysis/prereq.h"
#include "project/config.h"
#include "project/migration.h"
#include "project/project.h"
#include "report/report.h"
#include "util/diag.h"

#include <getopt.h>

#define CLI_MAX_DIRS 32 /* folders of one project */

typedef struct CliCommon {
	const char *cmd; /* subcommand name, for messages */
	const char *dir; /* the last folder of DIRS: where new migrations are written */
	const char
	    *dirs[CLI_MAX_DIRS]; /* --dir (repeatable), else [migrations] dirs / dir, else "migrations" */
	size_t n_dirs;
	char **cfg_dirs; /* [migrations] dirs split (owned) */
	size_t n_cfg_dirs;
	char *dirs_text;          /* the folders for messages: "a, b" (owned) */
	const char *config_path;  /* --config, else strata.conf when present */
	const char *database_url; /* --database-url, else config, else env (resolved in db/) */
	OutFormat out;            /* --format text|json|sql|github|sarif, --json */
	MigFormat mig_format;     /* --convention NAME or --format NAME (a convention name) */
	MigVar *vars;             /* --var name=value, then [vars] from config */
	size_t n_vars;
	Config cfg;
	Project proj;  /* the migrations as the library takes them: dir(s), convention, placeholders */
	DiagSink sink; /* prints diagnostics to stderr as a library call hands them over */
	bool color;
	IgnoreList
	    ignore; /* --ignore TABLE (commands that list CLI_IGNORE_LONGOPT), then [migrations] ignore */
} CliCommon;

/* Option codes >= 256 are the common long-only options; subcommands use codes >= 512 for their own. */
enum {
	OPT_DIR = 256,
	OPT_CONFIG,
	OPT_DATABASE_URL,
	OPT_FORMAT,
	OPT_CONVENTION,
	OPT_VAR,
	OPT_JSON,
	OPT_HELP,
	OPT_NO_COLOR,
	OPT_IGNORE,
	OPT_CMD_BASE = 512,
};

#define CLI_COMMON_LONGOPTS                                                                         \
	{"dir", required_argument, NULL, OPT_DIR}, {"config", required_argument, NULL, OPT_CONFIG}, \
	    {"database-url", required_argument, NULL, OPT_DATABASE_URL},                            \
	    {"format", required_argument, NULL, OPT_FORMAT},                                        \
	    {"convention", required_argument, NULL, OPT_CONVENTION},                                \
	    {"var", required_argument, NULL, OPT_VAR}, {"json", no_argument, NULL, OPT_JSON},       \
	    {"no-color", no_argument, NULL, OPT_NO_COLOR},                                          \
	{                                                                                           \
		"help", no_argument, NULL, OPT_HELP                                                 \
	}

#define CLI_COMMON_HELP                                                                                     \
	"Common options:\n"                                                                                 \
	"  --dir DIR            migrations folder (default: [migrations] dir in strata.conf, else "         \
	"./migrations);\n"                                                                                  \
	"                       repeat it for several folders applied in turn (each its own convention)\n"  \
	"  --config FILE        config file (default: strata.conf in the current folder, when present)\n"   \
	"  --database-url URL   libpq URL (else DATABASE_URL, else PG* variables, else the dev server)\n"   \
	"  --format FMT         output: text | json | sql | github | sarif; or a convention to force\n"     \
	"  --convention NAME    force the convention: flyway golang-migrate dbmate goose prisma diesel "    \
	"temporal plain lexical\n"                                                                          \
	"  --var NAME=VALUE     fill placeholder ${NAME} / {{ .NAME }} (repeatable)\n"                      \
	"  --json               same as --format json\n"                                                    \
	"  --no-color           no colour in diagnostics (also when NO_COLOR is set or stderr is no tty)\n" \
	"  --help               this help\n"

/* --ignore, for the commands that compare or write schemas (diff, drift, squash, check). */
#define CLI_IGNORE_LONGOPT                                    \
	{                                                     \
		"ignore", required_argument, NULL, OPT_IGNORE \
	}
#define CLI_IGNORE_HELP                                                                         \
	"  --ignore TABLE       leave [schema.]TABLE alone, like other tools' history tables "  \
	"(django_migrations,\n"                                                                 \
	"                       alembic_version, schema_migrations, ...: left out by default; " \
	"repeatable)\n"

void cli_common_init(CliCommon *c, const char *cmd);
/* Handle a common option. Returns 1 if handled, 0 if OPT is not a common option, or an exit code + 10
 * ... simpler: returns -1 on a usage error (already printed). OPT_HELP is not handled here. */
int cli_common_opt(CliCommon *c, int opt, const char *arg);
/* Report an unknown option or missing argument from getopt_long (opterr must be 0). Returns EXIT_USAGE. */
int cli_bad_option(const char *cmd, char **argv, int optopt_value);
/* After option parsing: load the config and fill defaults. Returns 0 or an exit code (printed). */
int cli_common_finish(CliCommon *c);
void cli_common_free(CliCommon *c);
/* Print "strata CMD: error: ..." and the --help pointer to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* After C->ignore was applied: one note on stderr saying which tables were left out (nothing when none). */
void cli_ignore_note(const CliCommon *c);
/* Print diagnostics in the chosen output format (text to stderr; json to stdout wrapped by the caller). */
void cli_print_diags(const CliCommon *c, const DiagList *dl);
/* Discover the migrations of the project into SET. Returns 0, or -1 with errors in DL. */
int cli_load_migrations(CliCommon *c, MigrationSet *set, DiagList *dl) WARN_UNUSED;

/* A DiagSink emit function: text to stderr (UD is the CliCommon, for its colour setting). */
void cli_sink_emit(void *ud, const DiagList *dl);

/* The prereq of the project (the platform's built-in one, detected from the first folder or set by
 * [migrations] platform, then FILE): what exists before the first migration. */
void cli_prereq(const CliCommon *c, const char *file, Prereq *out);

/* Subcommands: one file each in src/cli/. */
int cmd_ls(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_dev(int argc, char **argv);
int cmd_up(int argc, char **argv);
int cmd_down(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_baseline(int argc, char **argv);
int cmd_repair(int argc, char **argv);
int cmd_schema(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_drift(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_squash(int argc, char **argv);
int cmd_tenant(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_import(int argc, char **argv);

#endif
