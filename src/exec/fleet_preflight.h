/* fleet_preflight.h — the pre-flight of a tenant rollout (`up --tenants`, its `--dry-run`, `tenant add`):
 * before anything is applied, the pending tenant migrations of every target are replayed offline on top of
 * what the server really has (its shared schema with the pending shared migrations, and the tenant's
 * schema), and a target whose migrations would fail on a missing or duplicate object is refused with the
 * statement's file:line:col and the drift behind it (exec/preflight.h explains it as for one database).
 * Targets are grouped by (server, version, fingerprint): the fingerprint is one query per server over
 * pg_catalog (relations, columns, constraints, indexes, types, functions, triggers, policies, named
 * relative to the tenant's schema), so one check stands for every tenant of the same shape and the cost
 * grows with the number of distinct shapes, not of tenants. Nothing pending: nothing to check. */
#ifndef STRATA_EXEC_FLEET_PREFLIGHT_H
#define STRATA_EXEC_FLEET_PREFLIGHT_H

#include "strata.h"
#include "analysis/replay.h"
#include "exec/apply.h"
#include "exec/executor.h"
#include "exec/fleet_servers.h"
#include "project/migration.h"
#include "util/diag.h"

typedef struct FleetPreflightOptions {
	const MigrationSet *set;    /* the tenant migrations */
	const MigrationSet *shared; /* the shared migrations (may be empty; schema mode only) */
	const ApplyOptions *ao;     /* the shared history table; in database mode, each tenant's */
	bool create;                /* tenant add: the run creates the schema (or database) first */
	const ReplayExact *exact;   /* --exact: one throwaway server follows the dynamic SQL of every check
	                               (exec/exact.h); NULL: not followed */
} FleetPreflightOptions;

typedef struct FleetPreflightStats {
	size_t targets; /* targets checked (those with pending migrations) */
	size_t shapes;  /* distinct (server, version, fingerprint) groups: checks run */
	size_t refused; /* targets refused */
	double seconds; /* wall time of the whole pre-flight */
} FleetPreflightStats;

/* Check TARGETS[0..N) (each with its FROM: migrations of O->set already applied) against the servers of
 * FS (their connections open). REFUSED[i] is set for each refused target, and ERRORS[i] (ERRORS may be
 * NULL) to its first refusal as one line for the ledger ("refused by the pre-flight: FILE:L:C: ...",
 * heap; the caller frees); the refusals are added to DL,
 * identical ones grouped across targets and servers ("3 tenants: relation ... does not exist in the
 * database", the tenants named in the detail). Returns 0 (nothing refused), 1 (something refused) or -1
 * (a server could not be read; error in DL). */
int fleet_preflight(const TenantConfig *t, FleetServer *fs, const FleetPreflightOptions *o,
                    const ExecTarget *targets, size_t n, bool *refused, char **errors,
                    FleetPreflightStats *stats, DiagList *dl) WARN_UNUSED;

#endif
