/* apply.h — the apply engine for one database: up (each migration in one transaction with its history
 * row, or statement by statement with recorded progress when it cannot run in a transaction), down,
 * baseline, repair, and the `--sql` script. Every run takes the target's advisory lock first; lock and
 * statement timeouts apply to each statement; a DDL lock not granted (55P03) rolls the migration back
 * and retries it whole, a bounded number of times. Progress lines go to opts->out; nothing else prints. */
#ifndef STRATA_EXEC_APPLY_H
#define STRATA_EXEC_APPLY_H

#include "strata.h"
#include "db/history.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/strbuf.h"

#include <libpq-fe.h>

typedef struct ApplyOptions {
	HistoryTarget target;
	const char *lock_timeout;      /* per statement, PostgreSQL interval text; default "5s" */
	const char *statement_timeout; /* default "0" (none) */
	int lock_wait_ms;              /* advisory lock wait; default 60000 */
	int retries;                   /* retries of a migration whose DDL lock was not granted; default 3 */
	int backoff_ms;                /* first retry delay, doubled each time; default 500 */
	bool dry_run;                  /* plan and pre-flight only: no lock, no writes */
	bool out_of_order;             /* up: apply pending migrations older than the newest applied one */
	bool preflight;                /* default true */
	bool lint;                     /* the pre-flight runs the lint rules too (default true) */
	const struct Config *config;   /* strata.conf, for its [lint] settings (NULL: the defaults) */
	const struct Prereq *prereq;   /* baseline --verify: replayed first in the model (NULL: none) */
	bool preflight_warn; /* --preflight=warn: refusals become warnings, said loudly, and up runs */
	bool exact; /* --exact: the pre-flight runs dynamic SQL on a throwaway server (exec/exact.h) */
	/* a Supabase project: the Supabase CLI's history table is written with strata's, in the same
	 * transaction (db/supabase_history.h) */
	bool supabase_history;
	FILE *out; /* "applied 0002_add_users (12 ms)" lines */
	FILE *log; /* waiting / retry / resume notes */
} ApplyOptions;

/* Exit-code shaped results (cli maps them 1:1). */
typedef enum ApplyResult { APPLY_OK = 0, APPLY_FAILED = 1, APPLY_ENV = 2, APPLY_LOCKED = 3 } ApplyResult;

void apply_options_init(ApplyOptions *o);

/* Apply the pending migrations of SET up to version TO (NULL: all). */
ApplyResult apply_up(PGconn *conn, const MigrationSet *set, const char *to, const ApplyOptions *o,
                     DiagList *dl) WARN_UNUSED;
/* Revert applied migrations above TO, or the last STEPS. Refuses before doing anything when one has no
 * down text. */
ApplyResult apply_down(PGconn *conn, const MigrationSet *set, const char *to, int steps,
                       const ApplyOptions *o, DiagList *dl) WARN_UNUSED;
/* Record migrations up to VERSION as applied without running them; with VERIFY, refuse when the
 * database lacks an object they create or has it with another definition (exec/preflight.h). */
ApplyResult apply_baseline(PGconn *conn, const MigrationSet *set, const char *version, bool verify,
                           const ApplyOptions *o, DiagList *dl) WARN_UNUSED;
/* Re-record the checksums of edited migrations (VERSIONS, or all edited ones with ALL_EDITED) and remove
 * failed rows. */
ApplyResult apply_repair(PGconn *conn, const MigrationSet *set, char **versions, size_t n_versions,
                         bool all_edited, const ApplyOptions *o, DiagList *dl) WARN_UNUSED;

/* Forget the history rows of VERSIONS (N_VERSIONS of them), each a row whose migration file was removed
 * on purpose (status "missing file": consolidated fix migrations, a squash): they are deleted in one
 * transaction, listed; a named version whose file still exists, or that the history does not have, is
 * refused and nothing changes. */
ApplyResult apply_forget_missing(PGconn *conn, const MigrationSet *set, char **versions, size_t n_versions,
                                 const ApplyOptions *o, DiagList *dl) WARN_UNUSED;

/* The exact script `up` runs for every migration up to TO, as if none were applied (no database):
 * session settings, history DDL, then per migration BEGIN; statements; history row; COMMIT (or the
 * per-statement form with its progress updates). HOST is written in applied_by. */
int apply_script(StrBuf *out, const MigrationSet *set, const char *to, const ApplyOptions *o,
                 const char *host, DiagList *dl) WARN_UNUSED;

/* The same for a database at version FROM (NULL: nothing applied): only the migrations after FROM, for
 * a DBA who applies the script by hand. An unknown FROM is an error in DL (-1). */
int apply_script_from(StrBuf *out, const MigrationSet *set, const char *from, const char *to,
                      const ApplyOptions *o, const char *host, DiagList *dl) WARN_UNUSED;

/* The client host name used in history.applied_by. */
void apply_client_host(char *buf, size_t len);

#endif
