/* ledger.h — the central ledger of a server: strata.ledger, one row per target (tenant schema) with its
 * current version, the checksum chain of what ran, the status of the last attempt and its error. It is
 * written in the same transaction as the target's own history rows, so the two never disagree and fleet
 * status is one query. The claim function strata.claim() (PL/pgSQL, created with the table) is how a
 * worker takes a target: a per-target advisory transaction lock plus the ledger row
 * SELECT ... FOR UPDATE SKIP LOCKED, and a check that the row still says what the plan was made from.
 * Database mode: the ledger is in each server's main database, so its row is written right after the
 * tenant database commits, under the claim held on the main database (see exec/executor.h). */
#ifndef STRATA_DB_LEDGER_H
#define STRATA_DB_LEDGER_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/hmap.h"
#include "util/strbuf.h"

#include <libpq-fe.h>

/* SQLSTATEs raised by strata.claim(). */
#define SQLSTATE_BUSY  "SR001" /* another session holds the target */
#define SQLSTATE_MOVED "SR002" /* the ledger row changed since the plan (detail: its version) */

typedef struct LedgerRow {
	char *target, *version, *chain, *status, *error; /* version/chain/error may be NULL */
} LedgerRow;

/* How many migrations of SET the ledger row LR says ran: 0 for none (no row, no version), i + 1 when its
 * version is SET's item i, (size_t)-1 when SET has no such version (a newer deploy, or a removed file). */
size_t ledger_applied_count(const MigrationSet *set, const LedgerRow *lr);

typedef struct Ledger {
	LedgerRow *rows;
	size_t n;
	HMap by_target; /* target → LedgerRow* */
} Ledger;

/* Create schema strata, table strata.ledger and function strata.claim() when missing (under an advisory
 * transaction lock, so concurrent workers do not race). Returns 0 or -1. */
int ledger_ensure(PGconn *conn, DiagList *dl) WARN_UNUSED;
/* Whether strata.ledger exists (*EXISTS), 0 or -1. */
int ledger_exists(PGconn *conn, bool *exists, DiagList *dl) WARN_UNUSED;
/* Read every row (empty when the table does not exist). */
int ledger_load(PGconn *conn, Ledger *out, DiagList *dl) WARN_UNUSED;
void ledger_free(Ledger *l);

/* One-statement SQL written by the executor (parameters in the comments). */
/* $1 target, $2 expected version ('' = none) */
#define LEDGER_CLAIM_SQL "SELECT strata.claim($1, $2)"
/* $1 target, $2 version, $3 chain, $4 worker */
#define LEDGER_OK_SQL                                                                               \
	"UPDATE strata.ledger SET version = $2, checksum_chain = $3, status = 'ok', error = NULL, " \
	"attempts = attempts + 1, updated_at = clock_timestamp(), updated_by = $4 WHERE target = $1"
/* $1 target, $2 error, $3 worker */
#define LEDGER_FAILED_SQL                                                                   \
	"UPDATE strata.ledger SET status = 'failed', error = $2, attempts = attempts + 1, " \
	"updated_at = clock_timestamp(), updated_by = $3 WHERE target = $1"

/* The worker recorded in updated_by: "HOST pid PID", and during a rollout in canary waves " wave W/N"
 * appended, so that the report can time each wave from the ledger alone. ledger_worker_wave replaces any
 * previous wave suffix of WORKER (a buffer of SIZE bytes) with wave W of N. */
#define LEDGER_WAVE_MARK " wave "
void ledger_worker_wave(char *worker, size_t size, int w, int n);
/* Split a recorded worker into its process part (written to PROC, SIZE bytes) and its wave (*W of *N, both
 * 0 when the worker ran no waves). */
void ledger_worker_parse(const char *worker, char *proc, size_t size, int *w, int *n);

/* Register TARGETS (N names) as pending rows when absent: one statement. Returns 0 or -1. */
int ledger_register(PGconn *conn, char **targets, size_t n, DiagList *dl) WARN_UNUSED;

#endif
