/* tenantopts.h — the [tenants]/[fleet] options every tenant-aware subcommand shares (each config key is
 * also a flag; flags win), resolved into the TenantConfig the library takes (project/tenancy.h). */
#ifndef STRATA_CLI_TENANTOPTS_H
#define STRATA_CLI_TENANTOPTS_H

#include "strata.h"
#include "cli/common.h"
#include "exec/rollout.h"
#include "project/tenancy.h"

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
	TenantConfig cfg;                                   /* what the run uses: flags, else strata.conf */
	const char *mode_text, *source_text, *servers_text; /* the flags as given */
} TenantCli;

void cli_tenant_init(TenantCli *t);
/* 1 handled, 0 not a tenant option. */
int cli_tenant_opt(TenantCli *t, int opt, const char *arg);
/* After cli_common_finish: fill T->cfg from the flags, else the config, and validate (errors printed).
 * NEED_SERVERS: without [fleet] servers, the fleet is the one database URL. Returns 0 or an exit code. */
int cli_tenant_finish(CliCommon *c, TenantCli *t, bool need_servers);
void cli_tenant_free(TenantCli *t);
/* The tenant words after the options of `CMD --tenants`: "all" (alone) or tenant names, each checked.
 * *NAMES / *N point into ARGV (none for "all" or nothing). Returns 0, or EXIT_USAGE (printed). */
int cli_tenant_names(const char *cmd, int argc, char **argv, int first, char ***names, size_t *n);

/* Run rollout_run for `up --tenants` / `tenant add` with the project, stdout/stderr and the printing sink
 * of C; prints what diagnostics remain. Returns its exit code. */
int cli_rollout(CliCommon *c, TenantCli *t, RolloutOpts *ro);

#endif
