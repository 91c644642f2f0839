/* resume.h — what a statement cut off by a crash did, decided from the live database. A migration that runs
 * outside a transaction records its progress statement by statement; when the client dies during a
 * statement that PostgreSQL runs in several transactions of its own (CREATE INDEX CONCURRENTLY, DROP INDEX
 * CONCURRENTLY), the server goes on with it, so on resume that statement may be done, half done, or still
 * running. Before running it again, the engine asks here. */
#ifndef STRATA_EXEC_RESUME_H
#define STRATA_EXEC_RESUME_H

#include "strata.h"
#include "project/plan.h"
#include "util/diag.h"

#include <libpq-fe.h>

typedef enum ResumeVerdict {
	RESUME_RUN = 0, /* run the statement */
	RESUME_DONE,    /* the interrupted run completed it: count it as done */
	RESUME_REFUSE,  /* it left something that needs a person (error in DL) */
} ResumeVerdict;

/* Statement I of P, which a previous run started and may not have finished, on CONN (outside a
 * transaction block; the session's search_path is the migration's):
 *  - CREATE INDEX CONCURRENTLY: the index it builds is found on its table — by name, or, unnamed, as the
 *    index whose definition is the statement's (pg_get_indexdef of the same statement built on an empty
 *    temporary copy of the table, so PostgreSQL itself normalises both); while the interrupted build is
 *    still running (pg_stat_progress_create_index) it is waited for, up to WAIT_MS. Valid: done. Invalid
 *    (the build failed or was cancelled): refused, with the DROP INDEX to run. None: run.
 *  - DROP INDEX CONCURRENTLY: the index is gone: done (the drop completed on the server).
 *  - anything else: run.
 * Notes (waiting, counted as done) go to LOG (may be NULL). */
ResumeVerdict resume_decide(PGconn *conn, const MigPlan *p, size_t i, int wait_ms, FILE *log, DiagList *dl);

/* The error for CREATE INDEX CONCURRENTLY statement I of P that left the invalid index NAME behind (in
 * SCHEMA, "" when unknown); RESUMING: found on resume rather than just now. */
void resume_invalid_index_diag(DiagList *dl, const MigPlan *p, size_t i, const char *schema, const char *name,
                               bool resuming);

/* CREATE INDEX CONCURRENTLY statement I of P just failed: when it left its index behind INVALID (found as
 * resume_decide finds it, named or not), add the error that names it and the DROP INDEX to run. */
void resume_note_invalid(PGconn *conn, const MigPlan *p, size_t i, DiagList *dl);

/* Whether index NAME (SCHEMA may be "") exists: 1 valid, 0 invalid, -1 absent or unknown. */
int resume_index_state(PGconn *conn, const char *schema, const char *name);

#endif
