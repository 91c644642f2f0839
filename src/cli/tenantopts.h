/* tenantopts.h — the [tenants]/[fleet] options every tenant-aware subcommand shares (each config key is
 * also a flag; flags win), and the start of a fleet run: servers connected, ledger read, tenants
 * resolved from the source on every server, tenant migrations discovered and planned once. */
#ifndef STRATA_CLI_TENANTOPTS_H
#define STRATA_CLI_TENANTOPTS_H

#include "strata.h"
#include "cli/common.h"
#include "db/ledger.h"
#include "exec/plan.h"
#include "exec/tenants.h"

#include <libpq-fe.h>

enum {
	OPT_TENANT_DIR = 700,
	OPT_TENANT_MODE,
	OPT_SHARED_SCHEMA,
	OPT_SEARCH_PATH,
	OPT_TENANT_SOURCE,
	OPT_SERVERS,
};

#define CLI_TENANT_LONGOPTS                                                \
	{"tenant-dir", required_argument, NULL, OPT_TENANT_DIR},           \
	    {"tenant-mode", required_argument, NULL, OPT_TENANT_MODE},     \
	    {"shared-schema", required_argument, NULL, OPT_SHARED_SCHEMA}, \
	    {"search-path", required_argument, NULL, OPT_SEARCH_PATH},     \
	    {"tenant-source", required_argument, NULL, OPT_TENANT_SOURCE}, \
	{                                                                  \
		"servers", required_argument, NULL, OPT_SERVERS            \
	}

#define CLI_TENANT_HELP                                                                                    \
	"Tenant options (each also a strata.conf key):\n"                                                  \
	"  --tenant-dir DIR     tenant migrations ([migrations] tenant)\n"                                 \
	"  --tenant-mode M      schema | database | shared ([tenants] mode, default schema)\n"             \
	"  --shared-schema S    the shared schema ([tenants] shared_schema, default public)\n"             \
	"  --search-path P      tenant search_path ([tenants] search_path, default \"$tenant, public\")\n" \
	"  --tenant-source SRC  list:a,b,c | pattern:<LIKE> | query:<SQL> | ledger ([tenants] source);\n"  \
	"                       database mode: database names (pattern: over pg_database; query: may\n"    \
	"                       return postgresql:// URLs of databases on the fleet's servers)\n"          \
	"  --servers URL,...    servers of the fleet ([fleet] servers; default: the database URL)\n"

typedef struct TenantCli {
	const char *tenant_dir, *mode_text, *shared, *search_path, *source_text, *servers_text;
	TenantMode mode;
	TenantSource source;
	char **servers;
	size_t n_servers;
} TenantCli;

void cli_tenant_init(TenantCli *t);
/* 1 handled, 0 not a tenant option. */
int cli_tenant_opt(TenantCli *t, int opt, const char *arg);
/* After cli_common_finish: fill from the config and validate (errors printed). Returns 0 or an exit code. */
int cli_tenant_finish(CliCommon *c, TenantCli *t, bool need_servers);
void cli_tenant_free(TenantCli *t);

/* One server of the fleet during a run. */
typedef struct FleetServer {
	char *url;
	PGconn *conn;
	Ledger ledger;
	char **tenants; /* resolved from the source (owned) */
	size_t n_tenants;
} FleetServer;

/* Connect to every server (blocking: a handful of connections), create the ledger when WRITE, read it.
 * Returns 0 or an exit code (printed). */
int fleet_open(CliCommon *c, TenantCli *t, FleetServer **out, bool write);
/* Resolve the tenants of the source on every server (list names go to the server that has the schema,
 * else the first). Database mode: tenants are databases (pattern over pg_database without templates and
 * the main database; a query row that is a URL puts the tenant on the fleet server of that URL).
 * Returns 0 or an exit code (printed). */
int fleet_resolve(CliCommon *c, TenantCli *t, FleetServer *fs);
void fleet_close(TenantCli *t, FleetServer *fs);

/* Discover the tenant migrations and plan each once. Per-statement migrations are refused (a tenant
 * migration must run in its target's transaction). Returns 0 or an exit code (printed). */
int tenant_migrations_load(CliCommon *c, TenantCli *t, MigrationSet *set, MigPlan **plans);
void tenant_plans_free(MigPlan *plans, size_t n);

#endif
