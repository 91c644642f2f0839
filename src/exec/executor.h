/* executor.h — apply the tenant migrations to many targets through N non-blocking libpq connections per
 * server, driven by one poll() loop (no thread or process per tenant). Each target is one transaction
 * sent as one libpq pipeline (one round trip): BEGIN, the claim (strata.claim: advisory lock + ledger row
 * FOR UPDATE SKIP LOCKED + version check), SAVEPOINT, SET LOCAL search_path/lock_timeout/
 * statement_timeout, the history table (first time), every pending statement, the history rows, the
 * ledger row, COMMIT. A failed statement rolls back to the savepoint and records the failure in the
 * ledger in the same transaction (second round trip). Nothing is printed except through PROGRESS and
 * LOG; per-target errors are returned as diagnostics.
 *
 * Database mode (DATABASE_MODE): a target is a database of its server, and a connection cannot switch
 * databases. Each slot then keeps one claim connection to the server's main database (the one holding
 * strata.ledger) for the whole run and opens one connection per target database, at most --jobs at a
 * time per server, non-blocking. Per target: (1) on the claim connection, blocking but never waiting for
 * a lock: BEGIN and strata.claim() — the transaction stays open, so the row lock and the advisory lock
 * hold the tenant while it is migrated; (2) connect to the tenant database (PQconnectStartParams), read
 * its history (blocking, short) — the tenant's own history is the source of truth for where it stands, a
 * ledger row that disagrees is corrected; (3) one pipeline in the tenant database: BEGIN, SET LOCAL
 * timeouts, the history table (first time), every pending statement, the history rows, COMMIT; (4) on
 * the claim connection: the ledger row (ok, or failed with the error) and COMMIT. Between the tenant's
 * COMMIT and the ledger's COMMIT a crash leaves the ledger behind the history; the next run re-plans the
 * tenant from the ledger, finds it at head in its own history and corrects the ledger row. */
#ifndef STRATA_EXEC_EXECUTOR_H
#define STRATA_EXEC_EXECUTOR_H

#include "strata.h"
#include "db/history.h"
#include "project/plan.h"
#include "exec/progress.h"
#include "exec/tenants.h"
#include "project/migration.h"
#include "util/diag.h"

#include <stdatomic.h>

typedef enum TargetState {
	TS_QUEUED = 0, /* not started (or stopped before it started) */
	TS_OK,         /* migrated to head by this run */
	TS_FAILED,     /* a statement failed (rolled back; recorded in the ledger when possible) */
	TS_BY_OTHER,   /* another worker migrated it meanwhile */
	TS_BUSY,       /* held by another session for longer than the wait */
} TargetState;

typedef struct ExecTarget {
	const char *name; /* tenant (schema, or database in database mode) name, borrowed */
	int server;       /* index into ExecOptions.servers */
	size_t from;      /* number of tenant migrations already applied (from the ledger; database mode:
	                     corrected from the tenant's own history once connected) */
	TargetState state;
	int attempts;         /* transactions tried */
	long long not_before; /* monotonic ms: do not retry before */
	long long busy_since;
	char *error; /* failure text (owned), also written in the ledger */
} ExecTarget;

typedef struct ExecOptions {
	const MigrationSet *set; /* tenant migrations, in order */
	const MigPlan *plans;    /* one per migration of SET, parsed once */
	char (*chains)[65];      /* checksum_chain(SET) */
	const char *search_path; /* template, e.g. "$tenant, public" */
	const char *shared;      /* shared schema */
	const char *lock_timeout, *statement_timeout;
	char **servers; /* connection URLs */
	size_t n_servers;
	int jobs; /* connections per server */
	OnError on_error;
	const size_t *wave_ends; /* cumulative wave ends over the targets (NULL: one wave) */
	int n_waves;
	bool create_schema; /* CREATE SCHEMA IF NOT EXISTS first (tenant add) */
	bool record_only;   /* baseline: no statement runs; the history rows (mode baseline) and the
	                       ledger row are written as for a migration, in one transaction */
	/* targets handed over while the run goes (baseline --tenants compares batch after batch in another
	 * thread): target i may start once *READY_UPTO > i, unless HOLD[i] (written before READY_UPTO moves
	 * past it); the run ends when every target is ready and done. NULL: all ready. One wave only. */
	const atomic_size_t *ready_upto;
	const bool *hold;
	bool database_mode;    /* targets are databases (see the header comment) */
	HistoryTarget history; /* database mode: the history table inside each tenant database */
	int retries;           /* retries after lock_timeout (55P03) or a lost connection */
	int busy_wait_ms;      /* how long to keep retrying a target another session holds */
	Progress *progress;    /* may be NULL */
	FILE *log;             /* notes (retries, waves); may be NULL */
} ExecOptions;

typedef struct ExecSummary {
	size_t ok, failed, by_other, busy, not_started;
	int stopped_wave; /* -1, or the wave (0-based) after which the rollout stopped */
	bool stopped_policy, interrupted, connect_failed;
} ExecSummary;

/* Run every target of TARGETS (N, in order; waves cut this order). Per-target outcomes are in the
 * targets; failures are also added to DL (one error each, with the file:line:col of the statement).
 * Returns 0 when the loop ran (even with failed targets), -1 when it could not (DL says why). */
int executor_run(const ExecOptions *o, ExecTarget *targets, size_t n, ExecSummary *sum,
                 DiagList *dl) WARN_UNUSED;

#endif
