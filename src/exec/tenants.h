/* tenants.h — the pure parts of a fleet rollout (no database): how far a tenant database's history got,
 * which fleet server a tenant URL names, canary waves, the on-error policy and the checksum chain written
 * in the ledger. The tenant configuration itself (mode, source, search_path, names) is project/tenancy.h.
 * Everything here is table-tested in tests/unit/test_tenants.c. */
#ifndef STRATA_EXEC_TENANTS_H
#define STRATA_EXEC_TENANTS_H

#include "strata.h"
#include "project/migration.h"
#include "project/tenancy.h"
#include "util/diag.h"
#include "util/strbuf.h"

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

/* Canary waves "1,10%,100%": cumulative sizes. Each element is a count or a percentage of TOTAL (rounded
 * up, at least 1); sizes must not decrease; the last wave is extended to TOTAL. Returns the number of
 * waves written to ENDS (the end index, exclusive, of each wave; at most MAX), or -1 with *ERR. A NULL
 * or empty SPEC is one wave of everything. */
int waves_parse(const char *spec, size_t total, size_t *ends, int max, char **err) WARN_UNUSED;

/* --on-error stop | continue | threshold=N% */
typedef struct OnError {
	enum { ONERR_STOP = 0, ONERR_CONTINUE, ONERR_THRESHOLD } kind;
	double pct; /* threshold: stop when more than pct% of the targets of the run failed */
	bool given; /* set by on_error_parse: the policy was asked for (the default is stop, not given) */
} OnError;
int on_error_parse(const char *s, OnError *out, char **err) WARN_UNUSED;
/* Whether to stop starting new targets after FAILED failures out of TOTAL targets in this run. */
bool on_error_should_stop(const OnError *p, size_t failed, size_t total);

/* The checksum chain: chain[0] = "" and chain[i+1] = sha256(chain[i] || checksum of migration i), so a
 * ledger row (version, chain) says which migrations ran and that none was edited since. CHAINS must hold
 * SET->n + 1 entries of 65 bytes. */
void checksum_chain(const MigrationSet *set, char (*chains)[65]);

#endif
