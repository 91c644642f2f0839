/* order.h — an explicit apply order from a file instead of discovery: the ORDER.txt format of the corpora
 * (`<transform>@<mode>\t<relative path>` lines; `#` comments; `#!user NAME` and `#!pgoptions OPTIONS`
 * switch the connection for the lines after them). Used by `--order FILE` (check, verify). */
#ifndef STRATA_PROJECT_ORDER_H
#define STRATA_PROJECT_ORDER_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"

/* How a file is sent to the server (what the owning tool does):
 *  EXEC_PSQL      statement by statement, autocommit (psql -f)
 *  EXEC_PSQL1     one explicit transaction (psql -1)
 *  EXEC_SIMPLE    the whole file as ONE simple-protocol query (implicit transaction)
 *  EXEC_SIMPLETX  BEGIN; the whole file; COMMIT */
typedef enum ExecMode { EXEC_PSQL = 0, EXEC_PSQL1, EXEC_SIMPLE, EXEC_SIMPLETX } ExecMode;

typedef struct OrderEntry {
	ExecMode mode;
	char *user;      /* #!user in effect, or NULL (the connection's user) */
	char *pgoptions; /* #!pgoptions in effect (libpq "options", e.g. "-c search_path=auth"), or NULL */
} OrderEntry;

typedef struct OrderList {
	OrderEntry *items; /* parallel to MigrationSet.items */
	size_t n;
} OrderList;

/* Read ORDER file PATH; paths in it are relative to its folder. Fills SET (versions "1", "2", ... in file
 * order, format plain, up_sql rendered by the transform: plain, goose-up, dbmate-up, tmpl-auth; `skip`
 * lines are left out) and OL (free both: migration_set_free, order_list_free). EXEC_PSQL entries get
 * no_transaction. Returns 0, or -1 with error diagnostics (unreadable file, bad line, unknown transform or
 * mode) — SET/OL then hold what could be read. */
int order_load(const char *path, MigrationSet *set, OrderList *ol, DiagList *dl) WARN_UNUSED;
void order_list_free(OrderList *ol);

/* The value of `-c search_path=...` (or `--search_path=...`) in PGOPTIONS, unescaped; NULL when absent.
 * malloc. */
char *pgoptions_search_path(const char *pgoptions);

#endif
