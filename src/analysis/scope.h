/* scope.h — the offline scope rules of multi-tenant projects. The shared migrations are replayed into the
 * shared schema (by `check`, before this); the tenant migrations are then replayed into a template tenant
 * schema named "$tenant" of the same catalog under the tenant search_path, so name resolution is exactly
 * what each tenant will see. Rules:
 *   tenant-references-shared (warning)  a tenant object depends on a shared one (detail names both)
 *   undefined-* in tenant scope (error) a name resolves nowhere; the hint says when the object exists in
 *                                       the shared schema but that schema is not on the tenant search_path
 *   shared-references-tenant (error)    a shared migration names an object only tenant migrations create
 *   tenant-hardcoded-schema (warning)   a tenant migration creates or references objects in a fixed
 *                                       schema other than the shared one */
#ifndef STRATA_ANALYSIS_SCOPE_H
#define STRATA_ANALYSIS_SCOPE_H

#include "strata.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "project/migration.h"
#include "util/diag.h"

#define SCOPE_TEMPLATE_SCHEMA "$tenant"

typedef struct ScopeOptions {
	const char *shared; /* shared schema (default public) */
	const char
	    *search_path; /* tenant search_path template ("$tenant, public"; NULL: "$tenant, <shared>") */
	/* hooks of the tenant replay (the lint rules of `check`, run on tenant migrations as on shared ones);
	 * NULL: none */
	ReplayStmtHook stmt_hook;
	void *hook_ud;
} ScopeOptions;

/* CAT holds the replayed shared migrations (SHARED); their diagnostics are already in DL. Replays TENANT
 * into the template schema and adds the scope diagnostics to DL (and rewrites the shared ones that name
 * tenant objects). */
void scope_check(Catalog *cat, const MigrationSet *shared, const MigrationSet *tenant, const ScopeOptions *o,
                 DiagList *dl);

#endif
