/* txstmt.h — statements PostgreSQL refuses inside a transaction block (PreventInTransactionBlock), read
 * from the parse tree. The executor runs a migration holding one statement by statement; the lint rules
 * use it to know which migrations run outside a transaction. */
#ifndef STRATA_SQL_TXSTMT_H
#define STRATA_SQL_TXSTMT_H

#include "strata.h"

#include <pg_query/pg_query.pb-c.h>

/* Why N cannot run in a transaction block ("CREATE INDEX CONCURRENTLY"; static string), or NULL: CREATE/DROP
 * INDEX CONCURRENTLY, REINDEX CONCURRENTLY or of a schema/system/database, VACUUM, CREATE/DROP DATABASE,
 * CREATE/DROP TABLESPACE, ALTER SYSTEM, DETACH PARTITION CONCURRENTLY. */
const char *sql_stmt_no_tx_reason(const PgQuery__Node *n);

#endif
