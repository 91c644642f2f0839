/* lock.h — one advisory lock per target (database × history table), so two strata runs on one target
 * take turns while runs on other targets (or other history schemas) proceed. Session-level: the server
 * releases it when the connection ends, even after kill -9. */
#ifndef STRATA_DB_LOCK_H
#define STRATA_DB_LOCK_H

#include "strata.h"
#include "db/history.h"
#include "util/diag.h"

#include <libpq-fe.h>

/* Poll pg_try_advisory_lock on the target's key until WAIT_MS elapse (0: one try). Prints one "waiting"
 * line to WAITLOG (may be NULL) the first time the lock is busy. Returns 0 when taken; 1 when not
 * obtained (an error naming the holder's pid and since when is added: exit 3); -1 on a database error
 * or when STOP() returns true (interrupted). */
int db_lock_target(PGconn *conn, const HistoryTarget *t, int wait_ms, FILE *waitlog, bool (*stop)(void),
                   DiagList *dl) WARN_UNUSED;

#endif
