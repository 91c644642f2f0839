/* check_live.h — what `strata check --database-url` reads for the lint rules: the migrations the database
 * has not applied (their objects are new), the size of every table from the catalog statistics, and in a
 * schema-per-tenant project the tenants of the [tenants] source on every fleet server (how many, how far
 * each is, and their largest tables). */
#ifndef STRATA_EXEC_CHECK_LIVE_H
#define STRATA_EXEC_CHECK_LIVE_H

#include "strata.h"
#include "analysis/lint.h"
#include "db/history.h"
#include "project/tenancy.h"
#include "util/diag.h"

#include <libpq-fe.h>

/* Fill LIVE from CONN (the database at URL, history table HT) for the migrations of SET. With T (tenant
 * migrations configured), also resolve the tenants on every server of T (URL when T names none): *TENANTS
 * is set to their number, each tenant's ledger version is recorded, and in schema mode the sizes of the
 * tenants' tables are read. Returns 0, or -1 with the errors in DL. */
int check_live_read(PGconn *conn, const char *url, const HistoryTarget *ht, const TenantConfig *t,
                    const MigrationSet *set, LintLive *live, long *tenants, DiagList *dl) WARN_UNUSED;

#endif
