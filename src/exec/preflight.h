/* preflight.h — before anything runs: does the live database have what the pending migrations expect?
 * The seam for the catalog: today this walks each statement's parse tree for the relations it creates,
 * needs, renames and drops (tables, views, materialized views, sequences, indexes — one pg_class
 * namespace), simulates the plan in order, and asks the server once (to_regclass, batched) about every
 * name the plan does not itself decide. A catalog-based check (columns, constraints, types, functions)
 * replaces the body of preflight_check() without changing its callers. */
#ifndef STRATA_EXEC_PREFLIGHT_H
#define STRATA_EXEC_PREFLIGHT_H

#include "strata.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/vec.h"

#include <libpq-fe.h>
#include <pg_query/pg_query.pb-c.h>

typedef enum RelAction {
	REL_CREATE = 0,        /* must not exist */
	REL_CREATE_IF_MISSING, /* IF NOT EXISTS / OR REPLACE: exists afterwards either way */
	REL_REQUIRE,           /* must exist (ALTER, CREATE INDEX ON, RENAME source) */
	REL_DROP,              /* must exist; absent afterwards */
	REL_DROP_IF_EXISTS,    /* absent afterwards */
	REL_RENAME_TO,         /* absent before (not checked), exists afterwards */
} RelAction;

typedef struct RelRef {
	RelAction act;
	char *schema; /* "" when unqualified */
	char *name;
	int location; /* byte offset in the file text, or -1 */
	int owner;    /* an index: the position, in the same RelRefs, of its table's reference; else -1 */
	bool renamed; /* REL_DROP_IF_EXISTS of a rename's old name: its indexes stay */
} RelRef;

typedef VEC(RelRef) RelRefs;

/* Append the relations statement N creates, needs or drops, in execution order. */
void stmt_relation_refs(const PgQuery__Node *n, RelRefs *out);
void rel_refs_free(RelRefs *r);

/* Check the pending migrations PENDING (indexes into SET, in apply order) against the live database.
 * APPLIED[i] says set->items[i] is recorded as applied (used to explain drift: "history says 0001_initial
 * was applied but relation "x" is not in the database"). DONE[k] (DONE may be NULL) is how many statements
 * of pending migration k already ran (a per-statement migration being resumed): those, and the one it
 * resumes at when it runs outside a transaction (it may have completed), are not checked. Returns 0
 * when nothing is wrong, 1 when drift was found (one error per problem, at the statement's
 * file:line:col), -1 on a database error. */
int preflight_check(PGconn *conn, const MigrationSet *set, const bool *applied, const size_t *pending,
		    const size_t *done, size_t n_pending, DiagList *dl) WARN_UNUSED;

/* For `baseline --verify`: every relation the migrations set->items[0..upto] leave existing must exist
 * in the database. Returns 0, 1 (one error per missing relation, at the CREATE that makes it), or -1. */
int baseline_verify(PGconn *conn, const MigrationSet *set, size_t upto, DiagList *dl) WARN_UNUSED;

#endif
