/* rollout.h — `up --tenants` and `tenant add`: the shared migrations first, then every target planned from
 * the ledger (targets at head are skipped without a connection of their own), the executor run, and the
 * summary. Progress and summary lines go to opts->out and opts->err (as the apply engine's do);
 * diagnostics go to opts->sink as the run goes, and whatever is left to DL. */
#ifndef STRATA_EXEC_ROLLOUT_H
#define STRATA_EXEC_ROLLOUT_H

#include "strata.h"
#include "exec/apply.h"
#include "exec/fleet_servers.h"
#include "exec/tenants.h"
#include "project/project.h"

typedef struct RolloutOpts {
	const Project *proj; /* the shared migrations (tenant migrations: TenantConfig.tenant_dir) */
	char **names;        /* explicit tenants (NULL/0: the source's) */
	size_t n_names;
	const char *where; /* LIKE filter */
	int jobs;
	OnError on_error;
	const char *waves;
	bool create;       /* tenant add: create the schema; names need not come from the source */
	bool apply_shared; /* apply the shared migrations first (up --tenants) */
	bool dry_run;
	const char *to; /* up --tenants --to V: the tenant migrations stop after V (NULL: head); a tenant
	                   already at or past V has nothing to do */
	const ApplyOptions *ao;
	FILE *out, *err;      /* summary lines; progress and worker notes */
	const DiagSink *sink; /* diagnostics as they come (NULL: all left in DL) */
} RolloutOpts;

/* Run the rollout of R over the fleet of T. Returns the exit code: 0 every target at head, 1 a target
 * failed or was refused, 2 usage or connection error, 3 targets busy. */
int rollout_run(const TenantConfig *t, const RolloutOpts *r, DiagList *dl) WARN_UNUSED;

#endif
