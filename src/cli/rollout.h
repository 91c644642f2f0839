/* rollout.h — `up --tenants` and `tenant add`: plan every target from the ledger (targets at head are
 * skipped without a connection of their own), then run the executor and print the summary. */
#ifndef STRATA_CLI_ROLLOUT_H
#define STRATA_CLI_ROLLOUT_H

#include "strata.h"
#include "cli/tenantopts.h"
#include "analysis/drift.h"
#include "exec/apply.h"

typedef struct RolloutOpts {
	char **names; /* explicit tenants (NULL/0: the source's) */
	size_t n_names;
	const char *where; /* LIKE filter */
	int jobs;
	OnError on_error;
	const char *waves;
	bool create;       /* tenant add: create the schema; names need not come from the source */
	bool apply_shared; /* apply the shared migrations first (up --tenants) */
	bool dry_run;
	const ApplyOptions *ao;
} RolloutOpts;

/* `strata status --tenants`: the fleet from the ledger of every server, one query per server: tenants at
 * each version, at head, pending, failed (with their errors), edited. Returns the exit code: 0 when every
 * tenant is at head, 1 otherwise. */
int fleet_status(CliCommon *c, TenantCli *t);

/* The tenants [tenants] source returns (on every server) that have no ledger row there, per server: N[i]
 * is increased for server i. Returns 0 or an exit code (printed). */
int fleet_count_unregistered(CliCommon *c, TenantCli *t, long long *n);

/* `drift --tenants all` without its printing, for `strata report`: every tenant of the fleet compared with
 * the schema its history says it has (SET: the tenant migrations). Fills *OUT (label = tenant, diffs; the
 * caller frees labels, diffs and the array) and *NT. Returns 0 or an exit code (printed). */
int drift_tenants_all(CliCommon *c, TenantCli *tc, const MigrationSet *set, DriftTarget **out, size_t *nt,
                      DiagList *dl);

/* Returns the exit code (everything printed). */
int rollout_run(CliCommon *c, TenantCli *t, const RolloutOpts *r);

#endif
