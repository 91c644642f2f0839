/* dbopts.c — shared database options and start-up of the database subcommands (see dbopts.h). */
#include "strata.h"
#include "cli/dbopts.h"
#include "analysis/platform.h"
#include "db/connect.h"
#include "db/session.h"

static bool set_flags[8];

int cli_db_opt(const char *cmd, ApplyOptions *o, int opt, const char *arg)
{
	char *end;
	switch (opt) {
	case OPT_HISTORY_SCHEMA:
		o->target.schema = arg;
		break;
	case OPT_HISTORY_TABLE:
		o->target.table = arg;
		break;
	case OPT_LOCK_WAIT: {
		double v = strtod(arg, &end);
		if (*end || v < 0) {
			cli_usage_error(cmd, "--lock-wait needs a number of seconds, got \"%s\"", arg);
			return -1;
		}
		o->lock_wait_ms = (int)(v * 1000);
		break;
	}
	case OPT_LOCK_TIMEOUT:
		o->lock_timeout = arg;
		break;
	case OPT_STATEMENT_TIMEOUT:
		o->statement_timeout = arg;
		break;
	case OPT_RETRIES: {
		long v = strtol(arg, &end, 10);
		if (*end || v < 0 || v > 100) {
			cli_usage_error(cmd, "--retries needs a number from 0 to 100, got \"%s\"", arg);
			return -1;
		}
		o->retries = (int)v;
		break;
	}
	default:
		return 0;
	}
	if (opt - OPT_HISTORY_SCHEMA < 8)
		set_flags[opt - OPT_HISTORY_SCHEMA] = true;
	return 1;
}

void cli_db_finish(CliCommon *c, ApplyOptions *o)
{
	o->config = &c->cfg; /* [lint], for the pre-flight */
	if (!set_flags[0] && c->cfg.history_schema)
		o->target.schema = c->cfg.history_schema;
	if (!set_flags[1] && c->cfg.history_table)
		o->target.table = c->cfg.history_table;
	if (!set_flags[3] && c->cfg.lock_timeout)
		o->lock_timeout = c->cfg.lock_timeout;
	if (!set_flags[4] && c->cfg.statement_timeout)
		o->statement_timeout = c->cfg.statement_timeout;
	/* a Supabase project keeps the Supabase CLI's history in step (db/supabase_history.h) */
	o->supabase_history =
	    platform_detect(c->n_dirs ? c->dirs[0] : c->dir, c->cfg.platform) == PLATFORM_SUPABASE;
}

int cli_db_open(CliCommon *c, MigrationSet *set, PGconn **conn, bool need_conn)
{
	DiagList dl = DIAGLIST_INIT;
	*conn = NULL;
	int drc = cli_load_migrations(c, set, &dl);
	if (drc != 0) {
		cli_print_diags(c, &dl);
		diag_list_release(&dl);
		return EXIT_FINDINGS;
	}
	if (need_conn) {
		*conn = db_open(c->database_url, &dl);
		if (!*conn) {
			report_text(stderr, &dl, c->color);
			diag_list_release(&dl);
			return EXIT_USAGE;
		}
	}
	if (dl.n)
		report_text(stderr, &dl, c->color); /* discovery warnings */
	diag_list_release(&dl);
	return 0;
}

int cli_apply_exit(CliCommon *c, ApplyResult r, DiagList *dl)
{
	if (dl->n)
		report_text(stderr, dl, c->color);
	switch (r) {
	case APPLY_OK:
		return EXIT_OK;
	case APPLY_LOCKED:
		return EXIT_LOCKED;
	case APPLY_ENV:
		return EXIT_USAGE;
	default:
		return EXIT_FINDINGS;
	}
}
