/* drift.h — drift between what a target's history says it has (the catalog replayed up to its newest
 * applied version) and what it has (introspected), object by object; across several targets identical
 * drifts are grouped ("3 targets: index "i" is only in the migrations"). */
#ifndef STRATA_ANALYSIS_DRIFT_H
#define STRATA_ANALYSIS_DRIFT_H

#include "strata.h"
#include "analysis/ignore.h"
#include "catalog/catalog.h"
#include "util/diag.h"

typedef struct DriftTarget {
	char *label;        /* "db" or "db/schema", for messages */
	const char *schema; /* the tenant schema the target lives in, or NULL (whole database) */
	DiagList diffs;     /* catalog_compare output, messages with the tenant schema qualifier removed */
	bool failed;        /* could not be read (error in the result list) */
	IgnoreList *ignore; /* tables left out of the comparison (analysis/ignore.h), NULL: the defaults
	                       (other tools' history tables); what was left out is recorded in it */
} DriftTarget;

/* Compare MODEL (expected) with LIVE (actual) for T: fills T->diffs (rules drift-missing, drift-extra,
 * drift-changed). Objects outside T->schema (when set), the history table HIST_SCHEMA.HIST_TABLE and
 * the tables of T->ignore are left out. Returns the number of differences. */
size_t drift_compare(DriftTarget *t, Catalog *model, Catalog *live, const char *hist_schema,
                     const char *hist_table);

/* Drop strata's own objects from CAT (a live database read by introspection): the history table
 * HIST_SCHEMA.HIST_TABLE, the ledger and claim function beside it, and that schema when nothing else is in
 * it. */
void drift_drop_bookkeeping(Catalog *cat, const char *hist_schema, const char *hist_table);

/* The same for the tenant schema T->schema of LIVE, a catalog that may hold many tenant schemas (one
 * introspection for a batch of tenants): only objects in T->schema are compared, LIVE is changed only by
 * dropping T->schema.HIST_TABLE (the tenant's history) and T's ignored tables in T->schema. MODEL is
 * restricted to T->schema as above. Messages are relative to the tenant schema (its qualifier removed, bare
 * or quoted), so that the same drift in two tenants reads the same. Returns the number of differences. */
size_t drift_compare_in(DriftTarget *t, Catalog *model, Catalog *live, const char *hist_table);

/* MSG with the qualifier SCHEMA removed wherever it qualifies a name (`"SCHEMA.x` → `"x`, `SCHEMA.` and
 * `"SCHEMA".` as SQL spells them), so that a message about one tenant reads the same for every tenant.
 * Heap (a copy of MSG, "" for NULL, when SCHEMA is NULL). */
char *drift_unqualify(const char *msg, const char *schema);
/* One distinct difference over several targets: FIRST (borrowed from the first target that has it: rule,
 * message, detail) and the indexes of the targets that have it, in order. */
typedef struct DriftGroup {
	const Diag *first;
	size_t *members;
	size_t count;
} DriftGroup;

/* The groups of identical differences (same rule and message) of TARGETS, in order of first appearance.
 * *OUT is heap (drift_groups_free); it borrows from TARGETS. Returns the number of groups. */
size_t drift_groups(const DriftTarget *targets, size_t n, DriftGroup **out);
void drift_groups_free(DriftGroup *g, size_t n);

/* Group identical differences of TARGETS (same rule and message) into OUT: one diagnostic per distinct
 * difference, the message prefixed "N <NOUN>s: " (NOUN "target", "tenant") when more than one target has
 * it, the targets listed in the detail (the first ten, then how many more). Order: first appearance. Returns
 * the number of distinct differences. */
size_t drift_group(DriftTarget *targets, size_t n, const char *noun, DiagList *out);

#endif
