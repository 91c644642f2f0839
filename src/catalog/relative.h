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

/* Object NAME of kind KIND ('r' relation, 'f' function, 't' type; 's' every object of OLD_SCHEMA, NAME
 * unused) moved from OLD_SCHEMA to NEW_SCHEMA: every stored expression, view definition and SQL-standard body
 * of CAT that names it (by identity, schema-qualified) names it in its new schema, as the server, which
 * stores OIDs, prints it then. */
/* Function FN was renamed from OLD (ALTER FUNCTION ... RENAME TO): the stored expressions, view
 * definitions and SQL-standard bodies of the objects that depend on it print its new name in its calls with
 * FN's number of arguments, as the server, which stores the function's OID, prints them then. (An object
 * calling a same-named overload of the same arity as well is not told apart.) */
void catalog_rename_function_refs(Catalog *cat, const CatFunction *fn, const char *old);

void catalog_move_names(Catalog *cat, char kind, const char *old_schema, const char *name,
                        const char *new_schema);

#endif
