/* preflight.h — before anything runs: would the pending migrations succeed against the live database?
 * The live schema is introspected into a catalog (one batch, db/introspect.h), the pending migrations are
 * replayed on top of it offline (analysis/replay.h) under the connection's search_path and user, and every
 * statement that would fail on a missing or duplicate object refuses the run. What history says the
 * database should have (the applied migrations replayed offline) explains each refusal as drift.
 * `baseline --verify` is the same machinery the other way round: the migrations up to V replayed offline
 * must all be in the introspected database (analysis/compare.h). */
#ifndef STRATA_EXEC_PREFLIGHT_H
#define STRATA_EXEC_PREFLIGHT_H

#include "strata.h"
#include "analysis/replay.h"
#include "exec/preflight_lint.h"
#include "project/config.h"
#include "project/migration.h"
#include "util/diag.h"

#include <libpq-fe.h>

/* Check the pending migrations PENDING (indexes into SET, in apply order) against the live database CONN
 * (the apply connection: its search_path and current_user are the replay's). APPLIED[i] says
 * set->items[i] is recorded as applied; those are replayed offline only when something is refused, to say
 * which applied migration created the object the database lacks ("history says 0001_initial created "t"
 * but it is not in the database"). DONE[k] (DONE may be NULL) is how many statements of pending migration k
 * already ran (a per-statement migration being resumed): those are not replayed (their effects are in the
 * database). RESUMING[k] (may be NULL) says migration k was started by an earlier run: the statement it
 * resumes at, when it runs outside a transaction (it may have completed on the server after the client
 * died, even the first one), is replayed without checking (exec/resume.h decides at run time). Refused:
 * errors of the replay with rule undefined-* (relation, column, type, function, schema, object) or
 * duplicate-* (object, column), at the statement's file:line:col, with the drift behind it in the detail.
 * Other replay findings (what `strata check` reports) do not refuse.
 * With LINT (strata.conf, for its [lint] settings; NULL: no lint), the lint rules run on the way
 * (exec/preflight_lint.h): their errors (a lock or rewrite of a table above [lint] large_table) refuse
 * the run too; their warnings are check's business.
 * Returns 0 when nothing is refused, 1 when something is (one error per problem), -1 on a database
 * error (diagnostic in DL). */
int preflight_check(PGconn *conn, const MigrationSet *set, const bool *applied, const size_t *pending,
                    const size_t *done, const bool *resuming, size_t n_pending, const Config *lint,
                    DiagList *dl) WARN_UNUSED;

/* The same with the exact mode (`up --exact`, exec/exact.h): the dynamic SQL of the pending migrations runs
 * on a throwaway server built from the live schema, so what it does is known and what depends on it is
 * checked too (without it, what follows dynamic SQL is never refused: replay_dynamic.c). EXACT may be
 * NULL. */
int preflight_check_exact(PGconn *conn, const MigrationSet *set, const bool *applied, const size_t *pending,
                          const size_t *done, const bool *resuming, size_t n_pending, const Config *lint,
                          const ReplayExact *exact, DiagList *dl) WARN_UNUSED;

/* `up --preflight=warn`: the refusals preflight_check added to DL from index FROM on become warnings (a
 * hint says who let them through), and OUT gets a loud list of them, one file:line:col each, before
 * anything runs. */
void preflight_let_through(DiagList *dl, size_t from, FILE *out);

/* One phase of a pre-flight: the pending migrations of a set replayed under one search_path. */
typedef struct PreflightPhase {
	const MigrationSet *set;
	const bool *applied;   /* set->items[i] recorded as applied (explanations); may be NULL */
	const size_t *pending; /* indexes into SET, in apply order */
	const size_t *done;    /* as preflight_check's DONE; may be NULL */
	const bool *resuming;  /* as preflight_check's RESUMING; may be NULL */
	size_t n_pending;
	const char *search_path; /* the replay's search_path (NULL: the connection's) */
} PreflightPhase;

/* The pre-flight of one tenant of a fleet (exec/fleet_preflight.h groups tenants so that one check stands
 * for every tenant of the same shape). Schema mode: SCHEMAS (the tenant schema, the shared schema and the
 * schemas of the tenant search_path) are introspected, SHARED's pending migrations (the server's pending
 * shared migrations) replayed on top under the connection's search_path, then TENANT's under the tenant
 * search_path; only the tenant phase refuses (the shared migrations have `up`'s own pre-flight). Database
 * mode (NSCHEMAS 0, SCHEMA NULL): CONN is the tenant database, read whole, and SHARED has no pending
 * migration. CREATE_SCHEMA: the run creates SCHEMA first (tenant add), so a missing one is not missing.
 * Refusals are preflight_check's, in DL. Returns 0, 1 (refused) or -1 (database error in DL). */
/* The rule of the one warning a pre-flight adds when dynamic SQL kept it from checking statements (how
 * many, where the code is, and that --exact checks them); never a refusal. */
#define PREFLIGHT_UNCHECKED "dynamic-sql-unchecked"

typedef struct PreflightTenant {
	const char *name; /* the tenant (hints name it) */
	const char *schema;
	bool create_schema;
	const char *const *schemas;
	size_t nschemas;
	PreflightPhase shared, tenant;
	/* the lint rules on the tenant phase (NULL: none), as `up`'s pre-flight runs them; schema mode weighs
	 * each table by its largest copy among WEIGH.schemas (the tenants this check stands for) */
	const struct Config *lint;
	PreflightLintTenants weigh;
	/* `up --tenants --exact`: the tenant phase's dynamic SQL runs on a throwaway server (exec/exact.h),
	 * as for one database; NULL: not followed (a later missing object is then a warning, never a refusal)
	 */
	const ReplayExact *exact;
} PreflightTenant;
int preflight_tenant(PGconn *conn, const PreflightTenant *pt, DiagList *dl) WARN_UNUSED;

/* For `baseline --verify`: replay PREREQ (may be NULL: roles, schemas, functions the platform or --prereq
 * make before the first migration) and set->items[0..upto] offline, introspect the database, and require
 * every object (and column) of the replayed catalog to be in the database with the same definition. Objects
 * only in the database are fine. Returns 0, 1 (one error per difference, at the statement that creates
 * the object when known), or -1 on a database error. */
int baseline_verify(PGconn *conn, const MigrationSet *set, size_t upto, const struct Prereq *prereq,
                    DiagList *dl) WARN_UNUSED;

#endif
