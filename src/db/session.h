/* session.h — running statements for the apply engine: run a statement
 * and turn a server error into a Diag with SQLSTATE, message, detail, hint and the statement's
 * file:line:col. Passwords are never put in a message. Connecting itself lives in db/connect.h. */
#ifndef STRATA_DB_SESSION_H
#define STRATA_DB_SESSION_H

#include "strata.h"
#include "util/diag.h"

#include <libpq-fe.h>

/* Where a statement came from, to place a server error in the file. */
typedef struct StmtSource {
	const char *file; /* path shown in diagnostics */
	const char *text; /* the whole file text (offsets are into it) */
	size_t offset;    /* byte offset of the statement sent */
	size_t len;       /* bytes sent */
	int line, col;    /* location of the statement's first token */
} StmtSource;

/* Add an error for a failed result R (or a NULL/connection failure) of a statement from SRC (may be NULL
 * for engine statements). The position PostgreSQL reports (PG_DIAG_STATEMENT_POSITION, characters into
 * the statement sent) is mapped back to file:line:col. Returns the diagnostic. */
Diag *db_error_diag(DiagList *dl, PGconn *conn, const PGresult *r, const StmtSource *src, const char *what);

/* Run SQL (no parameters) expecting success. Returns 0, or -1 with an error (WHAT names the action). */
int db_exec(PGconn *conn, const char *sql, const char *what, DiagList *dl) WARN_UNUSED;
/* Run SQL with text parameters; on success returns the result (caller PQclear), else NULL with an error. */
PGresult *db_query(PGconn *conn, const char *sql, int nparams, const char *const *params, const char *what,
                   DiagList *dl) WARN_UNUSED;
/* The SQLSTATE of R, or "" (never NULL). */
const char *db_sqlstate(const PGresult *r);

#endif
