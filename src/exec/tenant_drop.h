/* tenant_drop.h — `strata tenant drop NAME...`: schema mode drops the tenant's schema (CASCADE) and its
 * ledger row in one transaction, under the tenant's advisory key (a rollout on it and the drop take
 * turns); database mode drops the database WITH (FORCE), then its ledger row. */
#ifndef STRATA_EXEC_TENANT_DROP_H
#define STRATA_EXEC_TENANT_DROP_H

#include "strata.h"
#include "project/tenancy.h"
#include "util/diag.h"

/* Drop the tenants NAMES[0..N) of the fleet T; "dropped tenant ..." lines go to OUT. Returns the exit
 * code: 0 all dropped, 1 one failed or does not exist, 2 a connection or the ledger failed (DL). */
int tenant_drop(const TenantConfig *t, char **names, size_t n, FILE *out, DiagList *dl) WARN_UNUSED;

#endif
