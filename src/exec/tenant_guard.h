/* tenant_guard.h — what the tenant commands may act on. `tenant drop` drops only tenants (a row in
 * strata.ledger, or a name the [tenants] source returns) and never strata's own schemas, the shared schema,
 * a system schema, a schema holding an extension or one that objects outside it depend on (schema mode), nor
 * the server's main database, postgres or a template (database mode). `tenant add` refuses the same names up
 * front. Every decision is made on the live server, under the tenant's advisory lock when dropping. */
#ifndef STRATA_EXEC_TENANT_GUARD_H
#define STRATA_EXEC_TENANT_GUARD_H

#include "strata.h"
#include "exec/tenants.h"
#include "util/diag.h"

#include <libpq-fe.h>

typedef struct TenantGuard {
	TenantMode mode;            /* TMODE_SCHEMA or TMODE_DATABASE */
	const char *shared;         /* schema mode: the shared schema (default "public") */
	const char *history_schema; /* schema of strata's history table in the main database */
} TenantGuard;

/* Why NAME can never be a tenant on CONN, as a sentence ("it is strata's history schema"; malloc'd), or
 * NULL in *WHY. Schema mode: the schema strata, the history schema, the shared schema, a pg_* schema or
 * information_schema, a schema holding an extension; with DEPENDENTS also a schema that objects outside it
 * depend on (DROP SCHEMA ... CASCADE would drop them too: a view over it, a foreign key into it, a column
 * of one of its types). Database mode: the server's main database (it holds strata.ledger), postgres, a
 * template. Returns 0, or -1 on a database error (in DL). */
int tenant_protected(PGconn *conn, const TenantGuard *g, const char *name, bool dependents, char **why,
                     DiagList *dl) WARN_UNUSED;

/* `tenant add`: one error in DL for each of NAMES (N) that is protected (tenant_protected, without the
 * dependents check) on any of the N_CONNS servers CONNS (a database-mode tenant must not be the main
 * database of any server of the fleet). Returns the number refused, or -1 on a database error. */
int tenant_add_check(PGconn *const *conns, size_t n_conns, const TenantGuard *g, char *const *names, size_t n,
                     DiagList *dl) WARN_UNUSED;

/* One server as `tenant drop` sees it: a connection (strata.ledger exists) and the tenants the [tenants]
 * source returns there (NULL/0 for the ledger source: the ledger is then the source). */
typedef struct TenantDropServer {
	PGconn *conn;
	char *const *source;
	size_t n_source;
} TenantDropServer;

typedef enum TenantDropOutcome {
	TDROP_DROPPED = 0, /* schema or database dropped with its ledger row (or only the row: no object) */
	TDROP_LEDGER_ONLY, /* a protected name had a ledger row: the row was removed, the object left alone */
	TDROP_UNKNOWN,     /* no tenant and no schema/database of that name anywhere */
	TDROP_NOT_TENANT,  /* the schema/database exists but is no tenant: not in the ledger nor the source */
	TDROP_PROTECTED,   /* a name that can never be dropped (a usage error) */
	TDROP_REFUSED,     /* a tenant whose drop would touch more than the tenant (extension, dependents) */
	TDROP_BUSY,        /* another session holds the tenant */
	TDROP_ERROR,       /* a database error */
} TenantDropOutcome;

typedef struct TenantDropResult {
	TenantDropOutcome outcome;
	int server;       /* index into the servers where it acted, or -1 */
	bool had_object;  /* TDROP_DROPPED: the schema/database existed (else only the ledger row) */
	char *protection; /* TDROP_LEDGER_ONLY: why the object was left alone (malloc'd), else NULL */
} TenantDropResult;

/* Drop tenant NAME on the first of the N SERVERS where it is a tenant (in its ledger or its source):
 * schema mode, in one transaction under the tenant's advisory lock: DROP SCHEMA ... CASCADE and the ledger
 * row; database mode, under the same key as a session lock: DROP DATABASE ... WITH (FORCE), then the ledger
 * row. The protection checks run again under the lock, just before the drop. Every outcome other than
 * TDROP_DROPPED and TDROP_LEDGER_ONLY adds one error to DL. OUT->protection is the caller's to free. */
void tenant_drop(const TenantDropServer *servers, size_t n, const TenantGuard *g, const char *name,
                 TenantDropResult *out, DiagList *dl);

#endif
