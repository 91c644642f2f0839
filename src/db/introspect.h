/* introspect.h — read a live database into a Catalog (catalog/catalog.h) through pg_catalog queries, with
 * the same text conventions as replay, so that the two can be compared (analysis/compare.h). */
#ifndef STRATA_DB_INTROSPECT_H
#define STRATA_DB_INTROSPECT_H

#include "strata.h"
#include "catalog/catalog.h"
#include "util/diag.h"

#include <libpq-fe.h>

typedef struct IntrospectOptions {
	const char *const *schemas; /* only these schemas (and objects in them); NULL/0 = every user schema */
	size_t nschemas;
} IntrospectOptions;

/* Introspect the database CONN is connected to into a new catalog (*out, caller catalog_free()s it).
 * Excluded: pg_catalog, information_schema, pg_toast*, pg_temp*, objects that belong to an extension, the
 * built-in plpgsql extension. Every object kind is read with one query for the whole database; the queries
 * go to the server as one batch in one REPEATABLE READ transaction (one snapshot), and for a database of
 * more than about 1,000 tables part of them on a second connection in the same snapshot
 * (introspect_batch.c), when the session is idle; inside the caller's transaction everything runs there,
 * in its snapshot. A second, small round trip asks for the expressions of indexes and CHECK constraints once
 * per distinct shape (pg_get_indexdef() and pg_get_expr() open the table: most of the server's time when
 * called per object) and for column names of relations outside the batch that foreign keys reference.
 * Expressions are printed by the server (pg_get_expr & co.) under the connection's search_path and then
 * normalized with expr_normalize_sql(); types are format_type() text, qualified outside pg_catalog.
 * Returns 0, or -1 with an error diagnostic (query failed, server older than PostgreSQL 12). */
int introspect_catalog(PGconn *conn, const IntrospectOptions *opts, Catalog **out, DiagList *dl) WARN_UNUSED;

/* The schemas of CONN's search_path (current_schemas(false)), the path under which the server printed the
 * expressions introspect_catalog read: comparisons unqualify both sides by it (catalog_unqualify). A
 * NULL-terminated heap array of strings in CAT's arena, *N set; empty when the query fails. */
const char **introspect_search_path(PGconn *conn, Catalog *cat, size_t *n);

#endif
