/* tablesize.h — how big each table of a database is, from the planner's statistics (pg_class.reltuples
 * and relpages, summed over the leaves of a partitioned table): what the lint rules weigh a lock or a
 * rewrite by. Reading the statistics is cheap (no scan); they are as fresh as the last VACUUM/ANALYZE. */
#ifndef STRATA_DB_TABLESIZE_H
#define STRATA_DB_TABLESIZE_H

#include "strata.h"
#include "util/diag.h"

#include <libpq-fe.h>

/* Called once per table (and materialized view). ROWS < 0: never analyzed and not empty (unknown);
 * BYTES: relpages × block size (the file size when never analyzed). */
typedef void (*TableSizeFn)(void *ud, const char *schema, const char *name, double rows, double bytes);

/* Every table of the schemas SCHEMAS (N of them; N == 0: every schema but the system ones) to FN.
 * Returns 0, or -1 with an error in DL. */
int table_sizes_read(PGconn *conn, const char *const *schemas, size_t n, TableSizeFn fn, void *ud,
                     DiagList *dl) WARN_UNUSED;

#endif
