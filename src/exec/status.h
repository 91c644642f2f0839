/* status.h — migrations on disk × history rows: what is applied, pending, failed (or half done statement
 * by statement), edited after apply (checksum mismatch), or applied but missing on disk. Pure. Also the
 * selection of what `up` applies and what `down` reverts. */
#ifndef STRATA_EXEC_STATUS_H
#define STRATA_EXEC_STATUS_H

#include "strata.h"
#include "db/history.h"
#include "project/migration.h"
#include "util/diag.h"

typedef enum MigState {
	ST_APPLIED = 0,
	ST_PENDING,
	ST_FAILED,            /* history row with success = false (statements_done of statements_total) */
	ST_CHECKSUM_MISMATCH, /* applied, but the file changed since */
	ST_MISSING_FILE,      /* in history, not on disk */
} MigState;

typedef struct StatusEntry {
	MigState state;
	const Migration *m;  /* NULL for ST_MISSING_FILE */
	size_t index;        /* index of m in the set */
	const HistoryRow *h; /* NULL when never applied */
	char checksum[65];   /* of the file (empty for a missing file) */
	bool edited;         /* the file changed since its history row was written (checksum mismatch, or a
	                        failed row whose file was edited since: counted in n_mismatch, not n_failed) */
} StatusEntry;

typedef struct Status {
	StatusEntry *items; /* files in apply order, then missing-file rows */
	size_t n;
	const char *current; /* highest applied version, or NULL; borrowed from a history row */
	size_t n_applied, n_pending, n_failed, n_mismatch, n_missing; /* n_mismatch: every edited entry */
} Status;

/* A squash baseline (written by `strata squash`) starts with `-- strata:squash covers FIRST..LAST`: it
 * replaces the migrations FIRST..LAST. True and FIRST, LAST set (heap strings) when M carries the marker. A
 * database whose history has a successful row at FIRST or later treats the baseline as applied (its rows of
 * the range are the baseline's, not missing files); a fresh database runs it. */
bool migration_squash_range(const Migration *m, char **first, char **last);
const char *
mig_state_name(MigState s); /* "applied", "pending", "failed", "checksum-mismatch", "missing-file" */
void status_compute(const MigrationSet *set, const HistoryRows *rows, Status *out);
void status_free(Status *st);
/* Anything that needs a person: failed, edited after apply, applied but missing, pending. */
bool status_needs_attention(const Status *st);
/* The one-line summary `strata status` leads with (heap): "up to date at 0030" ("up to date: no migration
 * applied" for an empty folder on an empty database), else what needs attention, most urgent first:
 * "1 failed, 3 pending, 1 edited after apply, 1 missing file (at 0027)". */
char *status_headline(const Status *st);

/* Pending versioned migrations whose version is older than the newest applied one (out of order), as
 * indexes into st->items (*OUT heap, caller frees). Returns how many. */
size_t status_out_of_order(const MigrationSet *set, const Status *st, size_t **out);
/* Add one diagnostic per out-of-order migration to DL (error unless ALLOW: then a warning). Returns how many.
 */
size_t status_report_out_of_order(const MigrationSet *set, const Status *st, bool allow, DiagList *dl);

/* `check --database-url`: read the history of TARGET on CONN and report (into DL) the pending migrations of
 * SET older than the newest applied one. Returns how many, or -1 when the history cannot be read. */
int status_check_out_of_order(PGconn *conn, const HistoryTarget *target, const MigrationSet *set,
                              DiagList *dl) WARN_UNUSED;

/* The migrations `up` applies, in order (indexes into set), up to and including version TO (NULL: all).
 * Pending repeatable migrations come after the versioned ones, and only when TO is NULL or the newest
 * version. Refuses (-1, errors in DL) when an applied migration was edited (checksum mismatch) or TO names
 * no migration. */
int plan_up(const MigrationSet *set, const Status *st, const char *to, size_t **out, size_t *n_out,
            DiagList *dl) WARN_UNUSED;
/* The applied migrations `down` reverts, newest first (indexes into st->items): those above version TO,
 * or the last STEPS (TO NULL). Refuses (-1) when one has no down text or its file is missing. */
int plan_down(const MigrationSet *set, const Status *st, const char *to, int steps, size_t **out,
              size_t *n_out, DiagList *dl) WARN_UNUSED;

#endif
