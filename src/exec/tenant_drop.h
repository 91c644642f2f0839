/* tenant_drop.h — `strata tenant drop NAME...`: each named tenant of the fleet, if it is one (a ledger row,
 * or [tenants] source returns it), dropped with its ledger row; exec/tenant_guard.h decides what is a
 * tenant and what must never be dropped (strata's or the history schema, the shared schema, a schema
 * holding an extension or depended on from outside, the main database, postgres, a template). */
#ifndef STRATA_EXEC_TENANT_DROP_H
#define STRATA_EXEC_TENANT_DROP_H

#include "strata.h"
#include "project/tenancy.h"
#include "util/diag.h"

/* Drop the tenants NAMES[0..N) of the fleet T (HISTORY_SCHEMA: the single-database history schema, never
 * a tenant), in order, stopping at the first that fails; "dropped tenant ..." / "removed ... from
 * strata.ledger" lines go to OUT. Returns the exit code: 0 all dropped, 1 a drop failed or a name is no
 * tenant, 2 a protected name or a connection error (DL). */
int tenant_drop_names(const TenantConfig *t, const char *history_schema, char **names, size_t n, FILE *out,
                      DiagList *dl) WARN_UNUSED;

#endif
