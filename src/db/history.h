/* history.h — the history table of one target ("strata"."history" by default): one row per migration
 * applied (or being applied statement by statement, or failed). The SQL text that writes it is built here
 * for both the live engine and `--sql` scripts, so the script printed is the script run. */
#ifndef STRATA_DB_HISTORY_H
#define STRATA_DB_HISTORY_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include <libpq-fe.h>

typedef struct HistoryTarget {
	const char *schema; /* default "strata" */
	const char *table;  /* default "history" */
} HistoryTarget;

/* Execution modes written in history.mode. */
#define MODE_TX            "transactional"
#define MODE_PER_STATEMENT "per-statement"
#define MODE_BASELINE      "baseline"

typedef struct HistoryRow {
	char *version, *name, *checksum, *format, *mode, *applied_at, *applied_by, *error;
	long long duration_ms;
	bool success;
	int statements_done, statements_total;
} HistoryRow;

typedef VEC(HistoryRow) HistoryRows;

/* "schema"."table", quoted. */
void history_qname(StrBuf *sb, const HistoryTarget *t);
/* CREATE SCHEMA IF NOT EXISTS ...; CREATE TABLE IF NOT EXISTS ... (the table's definition). */
void history_ddl_sql(StrBuf *sb, const HistoryTarget *t);
/* Only the CREATE TABLE IF NOT EXISTS statement (no ';'). */
void history_table_ddl_sql(StrBuf *sb, const HistoryTarget *t);
/* The column list and one VALUES tuple of a successful transactional row for M, for multi-row inserts:
 * HISTORY_VALUES_COLUMNS then history_values_sql() per migration, comma-separated. */
#define HISTORY_VALUES_COLUMNS                                                                               \
	" (version, name, checksum, format, mode, success, statements_done, statements_total, duration_ms, " \
	"applied_by) VALUES "
void history_values_sql(StrBuf *sb, const Migration *m, const char *checksum, int total, const char *host);
/* The same tuple with another MODE (MODE_BASELINE: recorded without running, DONE 0) and DONE of TOTAL
 * statements. */
void history_values_mode_sql(StrBuf *sb, const Migration *m, const char *checksum, const char *mode, int done,
                             int total, const char *host);
/* INSERT of a history row for M (ON CONFLICT replaces a failed/in-progress row of the same version).
 * APPLIED_BY_HOST is the client host name, stored as current_user@host. DURATION_MS < 0 writes the time
 * since the transaction started (clock_timestamp() - now()), for rows written at the end of a migration. */
void history_insert_sql(StrBuf *sb, const HistoryTarget *t, const Migration *m, const char *checksum,
                        const char *mode, bool success, int done, int total, long long duration_ms,
                        const char *host);
/* WHERE clause naming M's row (versioned: by version; repeatable: by name). */
void history_where_sql(StrBuf *sb, const Migration *m);
/* The statements that make what follows in the same transaction (or the same multi-statement query) run as
 * the connection's own role: a migration may SET ROLE or SET SESSION AUTHORIZATION to a role that cannot
 * write strata's history, and that must not fail the migration's bookkeeping (PostgreSQL's SET LOCAL ends
 * with the transaction, so the migration's setting holds again after it). history_insert_sql starts with
 * them; every other write of history rows in a migration's session must too. */
void history_as_connection_role_sql(StrBuf *sb);

/* Create the schema and table when missing (checks first, so a role that may not CREATE can use an
 * existing table). Run it under the target's advisory lock. Returns 0 or -1. */
int history_ensure(PGconn *conn, const HistoryTarget *t, DiagList *dl) WARN_UNUSED;
/* Read all rows ordered by applied_at. A missing table is an empty history (returns 0, *EXISTS false). */
int history_load(PGconn *conn, const HistoryTarget *t, HistoryRows *rows, bool *exists,
                 DiagList *dl) WARN_UNUSED;
void history_rows_free(HistoryRows *rows);

#endif
