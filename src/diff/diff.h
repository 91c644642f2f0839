/* diff.h — catalog × catalog → ordered DDL: the statements that turn catalog FROM into catalog TO
 * (`strata diff` writes them as the next migration, `down` is the diff the other way round). */
#ifndef STRATA_DIFF_DIFF_H
#define STRATA_DIFF_DIFF_H

#include "strata.h"
#include "catalog/catalog.h"
#include "util/diag.h"
#include "util/strbuf.h"

typedef struct DiffResult {
	StrBuf sql; /* statements, one per line group, ';'-terminated; destructive ones preceded by
	               `-- destructive: ...` */
	size_t nstatements;
	char **destructive; /* what loses data (`drop table "public.t"`), heap strings */
	size_t ndestructive;
} DiffResult;

void diff_result_release(DiffResult *r);

/* Compute the DDL turning FROM into TO, in dependency order:
 *   1. drop what goes or must be rebuilt and can be rebuilt (views, triggers, policies, constraints,
 *      indexes; functions and types whose change needs DROP + CREATE), dependants first;
 *   2. create schemas, extensions, types, functions, sequences, tables (dependencies first);
 *   3. alter tables in place (columns: add, type, default, nullability, identity, drop; RLS flags), add
 *      enum values, alter sequences, CREATE OR REPLACE functions;
 *   4. drop tables, sequences, functions, types, extensions, schemas that are gone (dependants first);
 *   5. create constraints (foreign keys last by dependency), indexes, views, materialized views,
 *      triggers, policies (dependencies first); then OWNED BY and comments.
 * Objects depending on something rebuilt (a view on a changed view or on a column whose type changes) are
 * dropped and created again. Never renames: both catalogs must already agree on names.
 * What cannot be done in place (partitioning or inheritance changes, reordering columns) adds a warning to
 * DL. FROM and TO are not modified. Returns 0 (the result may be empty: no changes). */
int diff_catalogs(Catalog *from, Catalog *to, DiffResult *out, DiagList *dl) WARN_UNUSED;

/* Renames that would turn destructive steps of FROM → TO into an ALTER ... RENAME: a column only in FROM
 * and one only in TO of the same table with the same type ("t.old=new"), a table only in FROM and one
 * only in TO of the same schema with the same columns ("old=new"); schema-qualified outside public, as
 * `strata diff --rename` takes them. *OUT (heap strings, sorted; free with free_list) gets every
 * candidate pair; returns how many. A suggestion only: the user knows whether the data is the same. */
size_t diff_rename_candidates(Catalog *from, Catalog *to, char ***out);

#endif
