/* tenants.h — the pure parts of multi-tenancy (no database): tenant names, the [tenants] source, the
 * tenant search_path, canary waves, the on-error policy and the checksum chain written in the ledger.
 * Everything here is table-tested in tests/unit/test_tenants.c. */
#ifndef STRATA_EXEC_TENANTS_H
#define STRATA_EXEC_TENANTS_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"
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

/* Database mode: how far a tenant database's own history (its successful rows: VERSIONS[i] with
 * CHECKSUMS[i], N rows, any order) has got through SET (whose checksums are SET_SUMS[i]). *FROM is the
 * number of leading migrations of SET that ran. Returns 0, or -1 with *WHY (malloc'd) when the history
 * holds a version that is not a tenant migration, a migration whose checksum differs (edited after it
 * ran), or a gap (a later migration ran but an earlier one did not). */
int history_prefix(const MigrationSet *set, const char *const *set_sums, const char *const *versions,
                   const char *const *checksums, size_t n, size_t *from, char **why) WARN_UNUSED;

/* Database mode, query source returning URLs: the fleet server (index into SERVERS, N of them) whose
 * host and port are those of URL, and the URL's database name (*DBNAME, malloc'd). Servers are compared
 * on host (or unix-socket folder), port and user as libpq parses them (defaults filled the same way for
 * both). Returns 0, or -1 with *ERR (malloc'd): not a URL libpq accepts, no database name, or a server
 * not in the fleet. */
int tenant_url_server(const char *url, char *const *servers, size_t n, int *server, char **dbname,
                      char **err) WARN_UNUSED;
/* Whether S looks like a connection URL (postgres:// or postgresql://) rather than a database name. */
bool tenant_is_url(const char *s);

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

/* Canary waves "1,10%,100%": cumulative sizes. Each element is a count or a percentage of TOTAL (rounded
 * up, at least 1); sizes must not decrease; the last wave is extended to TOTAL. Returns the number of
 * waves written to ENDS (the end index, exclusive, of each wave; at most MAX), or -1 with *ERR. A NULL
 * or empty SPEC is one wave of everything. */
int waves_parse(const char *spec, size_t total, size_t *ends, int max, char **err) WARN_UNUSED;

/* --on-error stop | continue | threshold=N% */
typedef struct OnError {
	enum { ONERR_STOP = 0, ONERR_CONTINUE, ONERR_THRESHOLD } kind;
	double pct; /* threshold: stop when more than pct% of the targets of the run failed */
} OnError;
int on_error_parse(const char *s, OnError *out, char **err) WARN_UNUSED;
/* Whether to stop starting new targets after FAILED failures out of TOTAL targets in this run. */
bool on_error_should_stop(const OnError *p, size_t failed, size_t total);

/* The checksum chain: chain[0] = "" and chain[i+1] = sha256(chain[i] || checksum of migration i), so a
 * ledger row (version, chain) says which migrations ran and that none was edited since. CHAINS must hold
 * SET->n + 1 entries of 65 bytes. */
void checksum_chain(const MigrationSet *set, char (*chains)[65]);

/* SQL LIKE: '%' any run, '_' one byte, '\\' escapes the next character. */
bool like_match(const char *pattern, const char *s);

/* Split a comma-separated list (trimming blanks, skipping empty elements) into *OUT (malloc'd strings). */
size_t split_list(const char *s, char ***out);
void free_list(char **v, size_t n);

#endif
