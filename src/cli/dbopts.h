/* dbopts.h — options shared by the subcommands that talk to a database (up, down, status, history,
 * baseline, repair): history schema, lock wait, lock and statement timeouts; and the common start of
 * those commands: load the migrations, resolve the URL, connect. */
#ifndef STRATA_CLI_DBOPTS_H
#define STRATA_CLI_DBOPTS_H

#include "strata.h"
#include "cli/common.h"
#include "exec/apply.h"

#include <libpq-fe.h>

enum {
	OPT_HISTORY_SCHEMA = 600,
	OPT_HISTORY_TABLE,
	OPT_LOCK_WAIT,
	OPT_LOCK_TIMEOUT,
	OPT_STATEMENT_TIMEOUT,
	OPT_RETRIES,
};

#define CLI_DB_LONGOPTS                                                            \
	{"history-schema", required_argument, NULL, OPT_HISTORY_SCHEMA},           \
	    {"history-table", required_argument, NULL, OPT_HISTORY_TABLE},         \
	    {"lock-wait", required_argument, NULL, OPT_LOCK_WAIT},                 \
	    {"lock-timeout", required_argument, NULL, OPT_LOCK_TIMEOUT},           \
	    {"statement-timeout", required_argument, NULL, OPT_STATEMENT_TIMEOUT}, \
	{                                                                          \
		"retries", required_argument, NULL, OPT_RETRIES                    \
	}

#define CLI_DB_HELP                                                                                        \
	"Database options:\n"                                                                              \
	"  --history-schema S   schema of the history table (default: [database] history_schema, else "    \
	"strata)\n"                                                                                        \
	"  --history-table T    history table name (default: [database] history_table, else history)\n"    \
	"  --lock-wait SECONDS  wait this long for another strata run on the same target (default 60), "   \
	"then exit 3\n"                                                                                    \
	"  --lock-timeout T     lock_timeout for each statement (default: [database] lock_timeout, else "  \
	"5s)\n"                                                                                            \
	"  --statement-timeout T  statement_timeout for each statement (default: [database], else none)\n" \
	"  --retries N          retries of a migration whose DDL lock was not granted (default 3)\n"

/* Handle a database option: 1 handled, 0 not one, -1 usage error (printed). */
int cli_db_opt(const char *cmd, ApplyOptions *o, int opt, const char *arg);
/* After cli_common_finish: fill unset options from the config. */
void cli_db_finish(CliCommon *c, ApplyOptions *o);
/* Load the migrations (errors printed: returns 1 or 2) and connect (returns 2 on failure). On 0, *SET and
 * *CONN are set (caller frees/finishes). */
int cli_db_open(CliCommon *c, MigrationSet *set, PGconn **conn, bool need_conn);
/* Print DL and map an ApplyResult to the exit code. */
int cli_apply_exit(CliCommon *c, ApplyResult r, DiagList *dl);

#endif
