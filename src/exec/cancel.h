/* cancel.h — SIGINT/SIGTERM while migrating: the first signal asks the server to cancel the running
 * statement (PQcancel is async-signal-safe) and sets a flag the executor checks between statements, so
 * the current migration is rolled back and strata exits cleanly. A second signal kills the process. */
#ifndef STRATA_EXEC_CANCEL_H
#define STRATA_EXEC_CANCEL_H

#include "strata.h"

#include <libpq-fe.h>

void cancel_install(PGconn *conn); /* conn may be NULL: only the flag */
void cancel_uninstall(void);
bool cancel_requested(void);
int cancel_signal(void); /* the signal received, or 0 */

#endif
