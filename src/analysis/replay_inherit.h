/* replay_inherit.h — the rules PostgreSQL applies where a table meets its parent, its row type or the
 * composite type it is made of (replay_inherit.c). Not for use outside src/analysis/replay*.c. */
#ifndef STRATA_ANALYSIS_REPLAY_INHERIT_H
#define STRATA_ANALYSIS_REPLAY_INHERIT_H

#include "analysis/replay_int.h"

/* MergeAttributes, a column CD the new table writes itself merged with the column INH it inherits: a column
 * inherited from a generated column may not give its own generation expression, default or identity. False
 * with PostgreSQL's error reported (at CD). */
bool rp_inh_merge_column(ReplayState *st, const CatColumn *inh, const PgQuery__ColumnDef *cd)
    __attribute__((warn_unused_result));

/* MergeAttributesIntoExisting + MergeConstraintsIntoExisting (ALTER TABLE ... INHERIT and ATTACH PARTITION):
 * CHILD must already have each column of PARENT with the same type and collation, NOT NULL where the
 * parent's is, generated (by the same expression) where the parent's is; and each inheritable CHECK
 * constraint of PARENT under its name, with the same expression, neither NO INHERIT nor NOT VALID against a
 * valid one. Then the columns and constraints count one more parent (a partition's are no longer local).
 * False with the first error reported (at OFF), nothing changed. */
bool rp_inh_merge_existing(ReplayState *st, CatTable *child, CatTable *parent, int off)
    __attribute__((warn_unused_result));

/* find_all_inheritors' count of parents: the first table under T (recursively, T excluded) whose column COL
 * comes from more parents than the tree below T holds (attinhcount > numparents): a column also inherited
 * from an unrelated parent, which renaming or retyping from T would leave out of step. NULL when none. */
CatTable *rp_inh_foreign_lineage(ReplayState *st, CatTable *t, const char *col);

/* CheckAttributeType: a column (attribute) of type TN added to, or retyped in, the row type ROWTYPE (a table
 * or a composite type) may not contain that row type, directly or through arrays, domains, ranges and
 * other row types. False with "composite type ... cannot be made a member of itself" reported at OFF. */
bool rp_inh_check_member(ReplayState *st, const CatObject *rowtype, const PgQuery__TypeName *tn, int off)
    __attribute__((warn_unused_result));

/* find_composite_type_dependencies: a column of a table or index (stored data) whose type is TYPE (a user
 * type, or a table's row type), directly or inside an array, domain, range or composite type (an index's
 * key expression of type TYPE counts). Returns the table or index and sets *COL, or NULL. */
const CatObject *rp_inh_stored_use(ReplayState *st, const CatObject *type, const char **col);

/* get_rels_with_domain for ALTER DOMAIN ... ADD CHECK / SET NOT NULL / VALIDATE: a table column that stores
 * DOMAIN's values inside a container (array, range, composite type, another table's row type), which the
 * server cannot check. Returns the table (or index) and sets *COL, or NULL. */
const CatObject *rp_inh_domain_stored_use(ReplayState *st, const CatType *domain, const char **col);

/* ALTER TABLE T OF type (ATExecAddOf): T becomes a typed table of the composite type TN names when its
 * columns are the type's attributes in order (names, types, collations) and it has no parent. Errors at
 * OFF. */
void rp_inh_add_of(ReplayState *st, CatTable *t, const PgQuery__TypeName *tn, int off);
/* ALTER TABLE T NOT OF (ATExecDropOf). */
void rp_inh_drop_of(ReplayState *st, CatTable *t, int off);

/* ATPrepDropExpression: ALTER TABLE [ONLY] T ALTER COLUMN COL DROP EXPRESSION is refused with ONLY when T
 * has children, and on a column T inherits. False with the error reported at OFF. */
bool rp_inh_drop_expression_ok(ReplayState *st, CatTable *t, const char *col, bool recurse, int off)
    __attribute__((warn_unused_result));

/* ALTER TYPE COMP ALTER ATTRIBUTE (attribute ATTR) TYPE NEWTYPE: the CHECK constraints of the domains built
 * on COMP are parsed again with the new type (ATPostAlterTypeCleanup's re-added domain constraints), and one
 * that analysed before and no longer does refuses the change. False with the analysis error at OFF. */
bool rp_inh_domain_checks_retype_ok(ReplayState *st, CatType *comp, size_t attr, const char *newtype, int off)
    __attribute__((warn_unused_result));

/* ALTER TYPE COMP DROP ATTRIBUTE (attribute ATTR): a CHECK constraint of a domain built on COMP that reads
 * the attribute depends on it (recordDependencyOnExpr of the domain constraint: a column dependency on the
 * composite type). Without CASCADE that refuses the drop (2BP01, as performDeletion words it); with CASCADE
 * the constraint goes. A check reads it when it selects the field of VALUE: `(VALUE).attr`. False after the
 * error at OFF. */
bool rp_inh_domain_checks_drop_attr(ReplayState *st, CatType *comp, size_t attr, bool cascade, int off)
    __attribute__((warn_unused_result));

/* GetAttributeCompression: COMPRESSION METHOD (NULL or "default": none) on a column of type TYPE (canonical
 * text): a method other than the default needs a toastable type (typstorage not plain; judged when the
 * model knows the type's storage), and must be pglz or lz4. False with PostgreSQL's error reported at OFF. */
bool rp_inh_compression_ok(ReplayState *st, const char *type, const char *method, int off);
/* METHOD as CatColumn.compression holds it: "pglz" / "lz4" (static), NULL for none, default or unknown. */
const char *rp_inh_compression_name(const char *method);
/* ALTER TABLE T ALTER COL SET COMPRESSION METHOD (checked): the column's method, and (RECURSE) its
 * children's (ATSimpleRecursion). */
void rp_inh_set_compression(ReplayState *st, CatTable *t, const char *col, const char *method, bool recurse);
/* MergeAttributes: column HAVE (a parent's, or inherited) meets compression METHOD (another parent's, or
 * the local definition's; NULL: none): the first named one is kept, two different ones conflict
 * ("column \"%s\" has a compression method conflict"). False with the error reported at OFF. */
bool rp_inh_compression_merge_ok(ReplayState *st, CatColumn *have, const char *method, int off);

/* MergeAttributes: a column merged into HAVE from SRC (INHERITED: a second parent's column; else a LIKE ...
 * INCLUDING STORAGE column) must have the same storage (each column's own, else its type's default; judged
 * only when both are known). False with the error reported at OFF. */
bool rp_inh_storage_merge_ok(ReplayState *st, const CatColumn *have, const CatColumn *src, bool inherited,
                             int off) __attribute__((warn_unused_result));

/* ALTER TABLE T ALTER COLUMN COL SET STORAGE VALUE, and on the children unless ONLY (ATExecSetStorage): the
 * column must exist. False with the error reported at OFF. */
bool rp_inh_set_storage(ReplayState *st, CatTable *t, const char *col, const char *value, bool recurse,
                        int off);

/* CREATE OR REPLACE VIEW over OLD with QUERY (checkViewTupleDesc): an output column keeps its collation.
 * Judged where both collations are plain to see (COLLATE, or a column of the single FROM table with its
 * own collation). False with the error reported at OFF. */
bool rp_inh_view_collations_ok(ReplayState *st, const CatView *old, const PgQuery__Node *query, int off)
    __attribute__((warn_unused_result));

#endif
