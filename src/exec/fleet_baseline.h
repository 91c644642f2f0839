/* fleet_baseline.h — `strata baseline --tenants`: adopt a fleet whose tenant schemas (or databases) were
 * built without strata. For each tenant, the schema it has (introspected, 100 tenant schemas per query)
 * is compared with what the tenant migrations up to V build (replayed offline relative to the tenant's
 * schema, as `drift --tenants` does); a tenant equal to it gets its history rows (mode "baseline") and its
 * ledger row at V in one transaction, written through the rollout's pipelined connections; a tenant that
 * differs is refused with its differences, grouped across tenants, and the others go on. */
#ifndef STRATA_EXEC_FLEET_BASELINE_H
#define STRATA_EXEC_FLEET_BASELINE_H

#include "strata.h"
#include "analysis/prereq.h"
#include "exec/apply.h"
#include "exec/tenants.h"
#include "project/project.h"
#include "util/diag.h"

typedef struct FleetBaselineOptions {
	const Project *proj; /* the shared migrations (replayed first: tenant objects may use them) */
	const char *version; /* V: the tenant migration the tenants are at */
	bool verify;         /* compare first (default); false: record without looking (--no-verify) */
	bool dry_run;        /* compare and report, record nothing */
	char **names;        /* explicit tenants (NULL/0: every tenant of the source) */
	size_t n_names;
	const char *where;      /* LIKE filter, or NULL */
	int jobs;               /* connections per server for the recording */
	const ApplyOptions *ao; /* timeouts, retries, and the history table (database mode) */
	const Prereq *prereq;   /* replayed first in the model, or NULL */
	const char *user;       /* the replay's current user, or NULL */
	FILE *out, *err;        /* summary lines; progress and notes */
	const DiagSink *sink;   /* diagnostics as they come (NULL: all left in DL) */
} FleetBaselineOptions;

/* Adopt the tenants of T at O->version. The differences of each refused tenant are added to DL grouped
 * as `drift --tenants` groups them ("3 tenants: index "i" is only in the migrations"). Returns the exit
 * code: 0 every selected tenant recorded (or already at or past V), 1 a tenant refused or failed, 2 usage
 * or connection error, 3 tenants busy. */
int fleet_baseline_run(const TenantConfig *t, const FleetBaselineOptions *o, DiagList *dl) WARN_UNUSED;

#endif
