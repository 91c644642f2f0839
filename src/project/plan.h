/* plan.h — one migration made ready to run: its statements (from the libpg_query parse) with locations,
 * whether it must run statement by statement outside a transaction (the no-transaction flag, or a
 * statement PostgreSQL refuses inside a transaction block), and its checksum. Pure: no database. */
#ifndef STRATA_PROJECT_PLAN_H
#define STRATA_PROJECT_PLAN_H

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
	bool tx_first;   /* a leading SET TRANSACTION: run at the start of strata's transaction (tx_modes) */
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
	/* owned: the transaction characteristics the file sets where PostgreSQL takes them (its BEGIN's
	 * modes, SET TRANSACTION before its first query) as SQL to run right after strata's BEGIN and before
	 * strata's own first query ("SET TRANSACTION ISOLATION LEVEL repeatable read"), or NULL */
	char *tx_modes;
} MigPlan;

/* Parse M's up (or down) text and classify its statements. Returns 0, or -1 with a syntax error or a
 * statement that would end strata's transaction (mig_tx_control_check) in DL (OUT then needs no free).
 * The down direction of a migration without down text is an error. */
int mig_plan_init(MigPlan *out, const Migration *m, bool down, DiagList *dl) WARN_UNUSED;
void mig_plan_free(MigPlan *p);

/* Why statement N cannot run inside a transaction block, or NULL when it can: CREATE/DROP INDEX
 * CONCURRENTLY, REINDEX ... CONCURRENTLY, VACUUM, CREATE/DROP DATABASE, CREATE/DROP TABLESPACE, ALTER
 * SYSTEM, DETACH PARTITION ... CONCURRENTLY, REINDEX SCHEMA/SYSTEM/DATABASE, DISCARD ALL: the statements that
 * call PostgreSQL's PreventInTransactionBlock. The one list: the executor's plan, check's rules and the
 * transactional replay (analysis/replay_tx.c) all ask it. */
const char *stmt_no_tx_reason(const PgQuery__Node *n);
/* Whether N is RESET ALL: it resets the session's settings, strata's own (search_path, timeouts) too. */
bool stmt_is_reset_all(const PgQuery__Node *n);
/* The tool that runs migration M inside a transaction of its own ("dbmate", "goose", "diesel"), unless
 * M is flagged to run without one; NULL otherwise. */
const char *mig_wrapping_tool(const Migration *m);

/* Whether N ends the transaction it runs in: ROLLBACK/ABORT (also AND CHAIN), COMMIT/END AND CHAIN,
 * PREPARE TRANSACTION, COMMIT PREPARED, ROLLBACK PREPARED. (BEGIN, START TRANSACTION and a plain
 * COMMIT/END are skipped instead: strata runs its own transaction.) */
bool stmt_ends_tx(const PgQuery__Node *n);
/* The statement at OFFSET (LEN bytes) of TEXT as written, for messages: runs of blanks as one space, at
 * most about 40 bytes (malloc'd). */
char *stmt_words(const char *text, size_t offset, size_t len);
/* Whether M (P, the parse of its text) runs statement by statement: its no-transaction flag, or a
 * statement PostgreSQL refuses inside a transaction block. */
bool mig_runs_per_statement(const Migration *m, const SqlParse *p);
/* Transaction control written in M's up (or DOWN) text, P its parse. Errors (rule transaction-control) at
 * each statement that would end the transaction strata runs the statements in (stmt_ends_tx): `up` would
 * otherwise record as applied what did not commit, so mig_plan_init refuses them. With WARNINGS, also
 * warnings (what `check` adds): a COMMIT/END that closes no BEGIN (strata skips it: the statements before
 * it are not committed on their own), a BEGIN never closed, and in a migration that runs outside a
 * transaction a BEGIN (the block is not atomic there). Returns the number of errors. */
int mig_tx_control_check(const Migration *m, bool down, const SqlParse *p, bool warnings, DiagList *dl);

/* A tenant migration M (P, the parse of its up text) must run in its tenant's transaction: one error (rule
 * tenant-no-transaction) at each statement PostgreSQL refuses in a transaction block (CREATE INDEX
 * CONCURRENTLY, ...), or for the no-transaction flag. `check` reports them; `up --tenants` refuses them.
 * Returns the number of errors. */
int mig_tenant_tx_check(const Migration *m, const SqlParse *p, DiagList *dl);

/* M's checksum: the one discovery computed, else SHA-256 (hex) of the up text (and the down text). */
void migration_checksum(const Migration *m, char out[65]);
/* "0002_add_users": version and name as the user knows the migration (malloc'd). */
char *mig_label(const Migration *m);

#endif
