/* order.h — order and dependency analysis over a migration history: which migrations each one requires
 * (objects it names that another creates) and provides, collected as replay hooks; a valid order when a
 * migration requires one that comes later (stable topological sort, fewest moves) with the renames that
 * achieve it; the objects each migration changes (to tell a real conflict between two branches from a
 * harmless reorder). */
#ifndef STRATA_ANALYSIS_ORDER_H
#define STRATA_ANALYSIS_ORDER_H

#include "strata.h"
#include "analysis/replay.h"
#include "catalog/catalog.h"
#include "project/migration.h"
#include "util/diag.h"
#include "util/strbuf.h"

typedef struct OrderAnalysis OrderAnalysis;

/* Analysis of SET (borrowed; must outlive it). */
OrderAnalysis *order_new(const MigrationSet *set);
void order_free(OrderAnalysis *oa);
/* Replay hooks (ud = the OrderAnalysis). */
void order_stmt_hook(void *ud, ReplayState *st, const struct SqlStmt *stmt, bool after);
void order_later_hook(void *ud, int consumer, int provider, const char *what);
/* After the replay: dependencies of created objects from the catalog. */
void order_finish(OrderAnalysis *oa, Catalog *cat);

/* Number of "requires a later migration" edges found. */
size_t order_violations(const OrderAnalysis *oa);
/* Migrations that migration I requires (indexes, ascending), and the objects I changes (create, alter,
 * drop, rename: "relation public.t", "function public.f", ...). Arrays borrowed from OA. */
const size_t *order_requires(const OrderAnalysis *oa, size_t i, size_t *n);
const char *const *order_changes(const OrderAnalysis *oa, size_t i, size_t *n);

/* A valid order: stable topological sort (each migration as early as its original place allows, ties by
 * original position), the migrations that move (those off a longest kept subsequence), and for each a new
 * version in the folder's naming convention placed just after the migration it must follow, with the file
 * renames. Written to OUT as text; with JSON set, *JSON receives a json_t* (new reference) instead.
 * Returns 0, or -1 with an error in DL when the requirements form a cycle (spelled out). */
int order_suggest(OrderAnalysis *oa, StrBuf *out, void **json, DiagList *dl) WARN_UNUSED;

/* The version just after A and before B (NULL: no upper bound) in format F: same width digits + 1, else
 * A with a ".1"/"_1" suffix where the convention accepts one. NULL when none fits. Heap string. */
char *order_version_between(MigFormat f, const char *a, const char *b);

#endif
