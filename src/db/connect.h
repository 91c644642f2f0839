/* connect.h — which database to use (flag/config, DATABASE_URL, PG* variables, the dev server) and
 * connecting to it with libpq, with errors as one clear line that never shows a password. */
#ifndef STRATA_DB_CONNECT_H
#define STRATA_DB_CONNECT_H

#include "strata.h"
#include "util/diag.h"

#include <libpq-fe.h>

/* Resolve the connection string, first match wins:
 *   1. FLAG_OR_CONFIG_URL (--database-url, else [database] url), when non-NULL and non-empty;
 *   2. $DATABASE_URL, when non-empty;
 *   3. "" (an empty conninfo: libpq reads the PG* variables itself) when any of PGHOST, PGDATABASE,
 *      PGSERVICE or PGPORT is set and non-empty;
 *   4. the URL of the running dev server of the project (`strata dev start`);
 * else an error diagnostic "no database configured" with a hint. Returns 0 and *out_url (malloc, caller
 * frees), or -1. */
int db_resolve_url(const char *flag_or_config_url, char **out_url, DiagList *dl) WARN_UNUSED;

/* Connect to URL (a libpq URI or key=value string; "" means the PG* variables). application_name
 * defaults to "strata" (fallback_application_name: an application_name in URL or PGAPPNAME wins).
 * Returns an open connection (caller PQfinish()es it), or NULL with one diagnostic:
 * "could not connect to server: <first line of libpq's message>", the rest of libpq's message and the
 * redacted URL as detail. No password ever appears in the diagnostic. */
PGconn *db_connect(const char *url, DiagList *dl) WARN_UNUSED;

/* URL with any password replaced by "***": the password of a URI's user info, a password= query
 * parameter, or a password= keyword of a key=value string. Everything else is kept byte for byte.
 * A string that cannot be parsed is cut off where parsing failed (followed by "..."). Returns malloc. */
char *db_url_redacted(const char *url);

#endif
