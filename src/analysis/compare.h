/* compare.h — catalog × catalog: every object that is only on one side or whose fields differ, as
 * diagnostics (used by `strata verify`: the catalog replayed from the migrations against the live one). */
#ifndef STRATA_ANALYSIS_COMPARE_H
#define STRATA_ANALYSIS_COMPARE_H

#include "strata.h"
#include "catalog/catalog.h"
#include "util/diag.h"

typedef struct CompareOptions {
	const char *label_a; /* how side A is named in messages ("the migrations"); NULL = "a" */
	const char *label_b; /* ("the database"); NULL = "b" */
	bool ignore_comments;
	bool ignore_column_order; /* tables whose columns differ only in order are equal (the diff cannot
	                             reorder columns without rebuilding a table) */
	const char *only_schema;  /* compare only this schema, the objects in it and extensions installed
	                             into it (NULL: everything); lets one catalog of many tenant schemas be
	                             compared schema by schema without copying it */
} CompareOptions;

/* Compare A and B object by object (matched by kind and identity; table columns matched by name).
 * Adds one SEV_ERROR diagnostic per difference to DL, in a deterministic order (kind, then identity):
 *   rule "only-in-a"  `table "public.t" is only in the migrations`
 *   rule "only-in-b"  `index "public.i" is only in the database`
 *   rule "changed"    `column "public.t.c": type differs: the migrations have "text", the database has
 * "uuid"` (one diagnostic per differing field; both values also in the detail). Returns the number of
 * differences. OPTS may be NULL. */
size_t catalog_compare(Catalog *a, Catalog *b, const CompareOptions *opts, DiagList *dl);

/* True when A and B (same kind) have equal fields as catalog_compare sees them (for a table: its own fields,
 * not its columns). The diff uses it to decide what changed, so that it agrees with the proof. */
bool catalog_object_same(const CatObject *a, const CatObject *b, bool comments);

#endif
