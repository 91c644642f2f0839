/* relative.h — stored expression texts rewritten relative to a search_path: what the server prints
 * unqualified (pg_get_expr, pg_get_viewdef) loses the qualifier in the model too (docs/normalization.md). */
#ifndef STRATA_CATALOG_RELATIVE_H
#define STRATA_CATALOG_RELATIVE_H

#include "strata.h"
#include "catalog/catalog.h"

/* Rewrite every stored expression and view definition of CAT with sql_unqualify() against PATH (the
 * schemas of the search_path the other side was printed under, in order). Never fails; texts that do not
 * parse are left as they are. */
void catalog_unqualify(Catalog *cat, const char *const *path, size_t npath);

#endif
