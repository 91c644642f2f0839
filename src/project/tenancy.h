/* tenancy.h — the tenant configuration of a project ([tenants] in strata.conf, or the same flags): the
 * tenancy mode, where the tenant list comes from, the tenant search_path, what a tenant may be called, and
 * the small list helpers they share. Pure (no database); table-tested in tests/unit/test_tenants.c. */
#ifndef STRATA_PROJECT_TENANCY_H
#define STRATA_PROJECT_TENANCY_H

#include "strata.h"
#include "util/strbuf.h"

/* Tenancy modes of [tenants] mode. */
typedef enum TenantMode { TMODE_SCHEMA = 0, TMODE_DATABASE, TMODE_SHARED, TMODE__BAD } TenantMode;
TenantMode tenant_mode_parse(const char *s); /* NULL → schema; TMODE__BAD when unknown */
const char *tenant_mode_name(TenantMode m);

/* The history table of a tenant in schema mode lives in the tenant's own schema under this name, so the
 * history goes (and comes back) with the schema. */
#define TENANT_HISTORY_TABLE "strata_history"

/* NULL when NAME can be a tenant, else why not (static string): empty, longer than 63 bytes, a control
 * character, a reserved prefix "pg_", or one of the reserved schemas (information_schema, strata, the
 * shared schema SHARED when non-NULL). Any other byte is fine: names are always quoted. */
const char *tenant_name_problem(const char *name, const char *shared);

/* Database mode: NULL when NAME can be a tenant database, else why not (static string): empty, longer than
 * 63 bytes, a control character, or a template database (template0, template1). The server's main
 * database (the one holding strata.ledger) is refused where it is known, at run time. */
const char *tenant_db_name_problem(const char *name);

/* [tenants] source = list:a,b,c | pattern:<LIKE> | query:<SQL>. Default (NULL or ""): the tenants the
 * ledger knows (registered by `strata tenant add` or an earlier rollout). */
typedef enum SourceKind { SRC_LEDGER = 0, SRC_LIST, SRC_PATTERN, SRC_QUERY } SourceKind;
typedef struct TenantSource {
	SourceKind kind;
	char *arg;    /* pattern or query (owned), NULL for list/ledger */
	char **names; /* list: trimmed names (owned) */
	size_t n;
} TenantSource;
/* Parse TEXT into OUT. Returns 0, or -1 with an error message (malloc'd, caller frees) in *ERR. */
int tenant_source_parse(const char *text, TenantSource *out, char **err) WARN_UNUSED;
void tenant_source_free(TenantSource *s);

/* The search_path value for TENANT from the template ("$tenant, public"; NULL → "$tenant, SHARED"):
 * every element quoted as an identifier, "$tenant" replaced by the tenant name. Elements may be written
 * quoted ("My Schema") or bare (folded to lower case like PostgreSQL does). Returns 0, or -1 with *ERR. */
int tenant_search_path(StrBuf *out, const char *tmpl, const char *shared, const char *tenant,
                       char **err) WARN_UNUSED;

/* SQL LIKE: '%' any run, '_' one byte, '\\' escapes the next character. */
bool like_match(const char *pattern, const char *s);

/* Whether the tenant NAME is selected by `--where WHERE` (a LIKE pattern, NULL: any) and the names given
 * on the command line (NAMES[0..N), none: every tenant): the one selection rule of up, drift and baseline
 * --tenants. */
bool tenant_selected(const char *where, char *const *names, size_t n, const char *name);

/* Split a comma-separated list (trimming blanks, skipping empty elements) into *OUT (malloc'd strings). */
size_t split_list(const char *s, char ***out);
void free_list(char **v, size_t n);

/* The tenant configuration of a run, resolved from flags and strata.conf (cli/tenantopts.c fills it). The
 * strings are borrowed from the flags or the config; SOURCE and SERVERS are owned
 * (tenant_config_release). */
typedef struct TenantConfig {
	const char *tenant_dir;  /* [migrations] tenant: the tenant migrations, or NULL */
	TenantMode mode;         /* [tenants] mode */
	const char *shared;      /* [tenants] shared_schema (default public) */
	const char *search_path; /* [tenants] search_path template, NULL: "$tenant, <shared>" */
	TenantSource source;     /* [tenants] source */
	char **servers;          /* [fleet] servers (or the one database URL) */
	size_t n_servers;
} TenantConfig;

void tenant_config_release(TenantConfig *t);

#endif
