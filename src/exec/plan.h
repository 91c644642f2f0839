/* plan.h — one migration made ready to run: its statements (from the libpg_query parse) with locations,
 * whether it must run statement by statement outside a transaction (the no-transaction flag, or a
 * statement PostgreSQL refuses inside a transaction block), and its checksum. Pure: no database. */
#ifndef STRATA_EXEC_PLAN_H
#define STRATA_EXEC_PLAN_H

#include "strata.h"
#include "project/migration.h"
#include "sql/parse.h"
#include "util/diag.h"

typedef struct PlanStmt {
	size_t offset, len; /* bytes of the statement in the file text (without the ';') */
	int line, col;      /* location of its first token */
	const char
	    *no_tx;      /* why it cannot run in a transaction block ("CREATE INDEX CONCURRENTLY"), or NULL */
	bool tx_control; /* BEGIN/COMMIT written in the file: skipped, strata runs its own transaction */
	PgQuery__Node *node; /* borrowed from MigPlan.parse */
} PlanStmt;

typedef struct MigPlan {
	const Migration *m; /* borrowed */
	bool down;          /* planned from down_sql */
	const char *file;   /* file of the text (up_path or down_path) */
	const char *text;   /* borrowed: m->up_sql or m->down_sql */
	SqlParse parse;     /* owned */
	PlanStmt *stmts;    /* owned; n statements */
	size_t n;
	bool per_statement; /* run outside a transaction, one statement at a time, with progress */
	char *why;          /* owned: why per_statement ("no-transaction flag", "CREATE INDEX CONCURRENTLY at
	                       f:3:1"), or NULL */
	char checksum[65];
} MigPlan;

/* Parse M's up (or down) text and classify its statements. Returns 0, or -1 with a syntax error in DL
 * (OUT then needs no free). The down direction of a migration without down text is an error. */
int mig_plan_init(MigPlan *out, const Migration *m, bool down, DiagList *dl) WARN_UNUSED;
void mig_plan_free(MigPlan *p);

/* Why statement N cannot run inside a transaction block, or NULL when it can: CREATE/DROP INDEX
 * CONCURRENTLY, REINDEX ... CONCURRENTLY, VACUUM, CREATE/DROP DATABASE, CREATE/DROP TABLESPACE, ALTER
 * SYSTEM, DETACH PARTITION ... CONCURRENTLY. */
const char *stmt_no_tx_reason(const PgQuery__Node *n);

/* M's checksum: the one discovery computed, else SHA-256 (hex) of the up text (and the down text). */
void migration_checksum(const Migration *m, char out[65]);
/* "0002_add_users": version and name as the user knows the migration (malloc'd). */
char *mig_label(const Migration *m);

#endif
