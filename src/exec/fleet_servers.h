/* fleet_servers.h — the start of every fleet operation: the servers of the fleet connected, their ledgers
 * read, the tenants of the [tenants] source resolved on every server, and the tenant migrations discovered
 * and planned once. Used by `up --tenants`, `tenant add|ls|drop`, `status --tenants` and `drift --tenants`.
 */
#ifndef STRATA_EXEC_FLEET_SERVERS_H
#define STRATA_EXEC_FLEET_SERVERS_H

#include "strata.h"
#include "db/ledger.h"
#include "project/plan.h"
#include "exec/fleet.h"
#include "exec/tenants.h"
#include "project/project.h"
#include "project/tenancy.h"
#include "util/diag.h"

#include <libpq-fe.h>

/* One server of the fleet during a run. */
typedef struct FleetServer {
	char *url; /* borrowed from TenantConfig.servers */
	PGconn *conn;
	Ledger ledger;
	char **tenants; /* resolved from the source (owned), sorted */
	size_t n_tenants;
} FleetServer;

/* Connect to every server of T (blocking: a handful of connections), create the ledger when WRITE, read
 * it. *OUT is always set (free with fleet_close). Returns 0, or -1 with the error in DL. */
int fleet_open(const TenantConfig *t, FleetServer **out, bool write, DiagList *dl) WARN_UNUSED;
/* Resolve the tenants of the source on every server (list names go to the server that has the schema,
 * else the first). Database mode: tenants are databases (pattern over pg_database without templates and
 * the main database; a query row that is a URL puts the tenant on the fleet server of that URL). Every
 * name is validated. Returns 0, or -1 with the errors in DL. */
int fleet_resolve(const TenantConfig *t, FleetServer *fs, DiagList *dl) WARN_UNUSED;
void fleet_close(const TenantConfig *t, FleetServer *fs);
/* Database mode: a blocking connection to tenant database DB on the server of SERVER_URL (the URL's other
 * settings kept; DB never parsed as a URL), notices silenced. NULL with an error in DL. */
PGconn *fleet_tenant_connect(const char *server_url, const char *db, DiagList *dl) WARN_UNUSED;

/* Discover the tenant migrations (T->tenant_dir, with P's convention and placeholders) and plan each once.
 * Per-statement migrations are refused (a tenant migration must run in its target's transaction).
 * Returns 0, EXIT_USAGE (no tenant folder configured) or EXIT_FINDINGS (discovery or plan errors), with
 * the diagnostics in DL. SET and *PLANS are freed by the caller (migration_set_free, tenant_plans_free). */
int tenant_migrations_load(const Project *p, const TenantConfig *t, MigrationSet *set, MigPlan **plans,
                           DiagList *dl) WARN_UNUSED;
void tenant_plans_free(MigPlan *plans, size_t n);

/* Count N[s] tenants of server s that the [tenants] source returns but whose ledger has no row (never
 * migrated). N holds T->n_servers counters. Returns 0, or EXIT_USAGE (DL). */
int fleet_count_unregistered(const TenantConfig *t, long long *n, DiagList *dl) WARN_UNUSED;

/* `strata status --tenants`: the fleet summary (exec/fleet.h) for the tenant migrations of P/T on every
 * server of T, with the source's tenants that no ledger knows counted as never migrated. Returns 0, or
 * an exit code (EXIT_USAGE: a server or its ledger cannot be read; EXIT_FINDINGS: the tenant migrations
 * have errors) with the diagnostics in DL; OUT is freed with fleet_summary_free either way. */
int fleet_status_load(const Project *p, const TenantConfig *t, FleetSummary *out, DiagList *dl) WARN_UNUSED;

#endif
