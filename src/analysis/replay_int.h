/* replay_int.h — what the replay_*.c files share: name resolution, diagnostics at node locations, small
 * accessors for libpg_query nodes. Not for use outside src/analysis/replay*.c. */
#ifndef STRATA_ANALYSIS_REPLAY_INT_H
#define STRATA_ANALYSIS_REPLAY_INT_H

#include "strata.h"
#include "analysis/replay.h"
#include "analysis/expr.h"
#include "catalog/normalize.h"
#include "sql/parse.h"
#include "util/strbuf.h"

#define NAMEDATALEN 64

typedef struct HistEntry {
	int mig_index;
	char *where; /* "file:line:col" */
} HistEntry;

/* Diagnostics at byte offset OFF of the current text (OFF < 0: the statement start, passed as STMT_OFF). */
Diag *rp_diag(ReplayState *st, Severity sev, const char *rule, int off, const char *fmt, ...)
    PRINTF_LIKE(5, 6);
/* "does not exist" error with the history note (created later by / dropped earlier by). CLASS/NAME form the
 * history key. */
Diag *rp_missing(ReplayState *st, const char *rule, int off, const char *cls, const char *name,
                 const char *fmt, ...) PRINTF_LIKE(6, 7);
/* Record an unmodelled statement kind (info at most once per kind per migration). */
void rp_opaque(ReplayState *st, int kind_bit, int off, const char *what);
void rp_note_drop(ReplayState *st, const char *cls, const char *name, int off);

CatLoc rp_loc(ReplayState *st, int off);
const char *rp_str(const PgQuery__Node *n); /* String node's text or NULL */
/* Join a list of String nodes (names) with '.'. Static buffer-free: heap string. */

/* Schemas of the effective search path, existing ones only, in order (pg_catalog not included). */
size_t rp_path_schemas(ReplayState *st, const char **out, size_t max);
/* The schema new objects go to: explicit SCHEMA must exist; else the first existing path schema. NULL after
 * an error diagnostic. */
const char *rp_creation_schema(ReplayState *st, const char *schema, int off);
/* Resolve a relation name (SCHEMA may be NULL) through the path. NULL when not found (no diagnostic). */
CatObject *rp_find_relation(ReplayState *st, const char *schema, const char *name);
/* The relation regclass input TEXT names ('seq', 'public."Seq"': identifiers fold, quotes keep case), NULL
 * when unknown. */
CatObject *rp_regclass_target(ReplayState *st, const char *text);
/* Resolve a RangeVar to a table (or any relation when ANY_KIND), adding "relation does not exist" unless
 * MISSING_OK. System catalogs (pg_*, information_schema) yield NULL without a diagnostic; *SYSTEM is set. */
CatObject *rp_range_relation(ReplayState *st, const PgQuery__RangeVar *rv, bool missing_ok, bool *system);
CatType *rp_find_type(ReplayState *st, const char *schema, const char *name);
/* Canonical type text of TN, resolving user types via the path. Adds undefined-type errors when clearly
 * undefined; *DEP_OUT receives the user type (or NULL). */
const char *rp_type(ReplayState *st, const PgQuery__TypeName *tn, CatType **dep_out);
/* The type a function signature stores for TN (pg_proc keeps type OIDs only): its typmod dropped
 * (varchar(50) is varchar) and tbl.col%TYPE resolved to the column's type, as LookupTypeName does for
 * CREATE FUNCTION's arguments and result and for the argument lists of DROP/ALTER/COMMENT ON FUNCTION. */
const char *rp_type_stored(ReplayState *st, const PgQuery__TypeName *tn, CatType **dep_out);
/* Resolve a function by name list (qualified or not); ARGC < 0: any overload. */
CatFunction *rp_find_function(ReplayState *st, PgQuery__Node **names, size_t n, int argc);
/* Apply one attribute of CREATE/ALTER FUNCTION (volatility, parallel, strict, security) to F; other
 * options are not modelled. */
void rp_function_option(CatFunction *f, PgQuery__DefElem *d);
/* ALTER FUNCTION/PROCEDURE/ROUTINE ... attributes: the function's volatility, strictness, security and
 * parallel safety change as the server's AlterFunction changes them (a function the model does not know is
 * left alone: it may come from an extension). */
void rp_alter_function(ReplayState *st, PgQuery__AlterFunctionStmt *as);
/* A name list (List of String nodes / separate array) split into schema and name (last two). */
void rp_qualname(PgQuery__Node **names, size_t n, const char **schema, const char **name);
bool rp_is_system_name(const char *schema, const char *name);
/* PostgreSQL's makeObjectName + ChooseRelationName: a free relation name in SCHEMA. */
const char *rp_choose_relname(ReplayState *st, const char *name1, const char *name2, const char *label,
                              const char *schema);
const char *rp_choose_conname(ReplayState *st, const char *name1, const char *name2, const char *label,
                              const char *schema);
void rp_register_conname(ReplayState *st, CatConstraint *k);
bool rp_conname_used(ReplayState *st, const char *schema, const char *name);
void rp_set_search_path(ReplayState *st, const char *value);
void rp_note_create(ReplayState *st);                                        /* placeholder */
const char *rp_qname(ReplayState *st, const char *schema, const char *name); /* display "schema.name" */
bool rp_any_extension(ReplayState *st);

/* The transaction state of ST (replay_tx.c), made once ST's search path and user are set. */
ReplayTx *replay_tx_new(const ReplayState *st);
void replay_tx_free(ReplayTx *tx);

/* Statement families. Each returns nothing: errors are diagnostics. */
void rp_create_table(ReplayState *st, PgQuery__CreateStmt *cs);
void rp_alter_table(ReplayState *st, PgQuery__AlterTableStmt *as);
void rp_create_index(ReplayState *st, PgQuery__IndexStmt *is, CatConstraint *for_con);
CatConstraint *rp_add_constraint(ReplayState *st, CatTable *t, PgQuery__Constraint *c, const char *colname,
                                 bool creating);
void rp_add_column(ReplayState *st, CatTable *t, PgQuery__ColumnDef *cd, bool creating, PtrList *deferred);
void rp_drop_stmt(ReplayState *st, PgQuery__DropStmt *ds);
void rp_rename_stmt(ReplayState *st, PgQuery__RenameStmt *rs);
void rp_alter_schema_stmt(ReplayState *st, PgQuery__AlterObjectSchemaStmt *as);
void rp_comment_stmt(ReplayState *st, PgQuery__CommentStmt *cs);
void rp_create_view(ReplayState *st, PgQuery__ViewStmt *vs);
void rp_create_table_as(ReplayState *st, PgQuery__CreateTableAsStmt *cs);
void rp_create_enum(ReplayState *st, PgQuery__CreateEnumStmt *es);
void rp_alter_enum(ReplayState *st, PgQuery__AlterEnumStmt *es);
void rp_create_domain(ReplayState *st, PgQuery__CreateDomainStmt *ds);
void rp_alter_domain(ReplayState *st, PgQuery__AlterDomainStmt *ds);
void rp_create_composite(ReplayState *st, PgQuery__CompositeTypeStmt *cs);
void rp_create_range(ReplayState *st, PgQuery__CreateRangeStmt *rs);
void rp_create_function(ReplayState *st, PgQuery__CreateFunctionStmt *fs);
void rp_create_trigger(ReplayState *st, PgQuery__CreateTrigStmt *ts);
void rp_create_policy(ReplayState *st, PgQuery__CreatePolicyStmt *ps);
void rp_alter_policy(ReplayState *st, PgQuery__AlterPolicyStmt *ps);
void rp_create_sequence(ReplayState *st, PgQuery__CreateSeqStmt *ss);
void rp_alter_sequence(ReplayState *st, PgQuery__AlterSeqStmt *ss);
void rp_seq_apply_options(ReplayState *st, CatSequence *s, PgQuery__Node **opts, size_t n, bool creating);
CatSequence *rp_new_sequence(ReplayState *st, const char *schema, const char *name, const char *type,
                             int off);
void rp_create_extension(ReplayState *st, PgQuery__CreateExtensionStmt *es);
void rp_create_schema(ReplayState *st, PgQuery__CreateSchemaStmt *cs);
void rp_statement(ReplayState *st, PgQuery__Node *node, int off);

/* replay_dynamic.c: a top-level statement of a history. Code the model cannot follow (a DO block, or a
 * call of a function or procedure whose body runs EXECUTE or DDL) runs on the exact mode's server when
 * there is one (its effect is applied to the model), else it is replayed as rp_statement does and marks
 * ST, so that the errors of later statements that depend on the catalog's state become warnings naming it
 * and saying how to get the exact answer. */
void rp_top_statement(ReplayState *st, const SqlStmt *s);
void rp_dynamic_release(ReplayState *st);

/* Expressions: parse analysis (analysis/expr.h) with PostgreSQL's errors reported at their location, then
 * normalized text in the catalog arena. KIND says where E sits; REL is the table it belongs to (NULL for a
 * domain check or a default without one); CONTEXT_TYPE the column type of a default; DOMAIN_BASE the base
 * type of a domain check. */
const char *rp_expr_of(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                       const char *context_type, const char *domain_base);
/* ALTER COLUMN TYPE (replay_retype.c). Before the change: C's values must convert to NEWTYPE (catalog text),
 * by USING_EXPR (analysed against T as it is) when given, else by an assignment coercion; false with
 * PostgreSQL's error reported. After it (C->type is the new type): C's default or generation expression
 * coerced again, and T's CHECK constraints and indexes that use C re-created from their printed form; false
 * with the error reported. OFF locates the errors. */
bool rp_retype_prepare(ReplayState *st, CatTable *t, CatColumn *c, const char *newtype,
                       const PgQuery__Node *using_expr, int off);
bool rp_retype_dependents(ReplayState *st, CatTable *t, CatColumn *c, const char *oldtype, int off);
/* Does stored expression TEXT of a table refer to the table's column COL (recordDependencyOnExpr's column
 * dependencies)? QUAL NULL: the expression sees only the table's columns (a CHECK, an index key, a generation
 * expression), so any reference whose last name is COL counts; else the names a reference to the table's
 * column may be qualified with (a trigger's `new`/`old`, a policy's table name; NQUAL of them), and
 * unqualified references count too. A text that does not parse counts. */
bool rp_text_uses_column(const char *text, const char *col, const char *const *qual, size_t nqual);
/* Is column COL of partitioned table T in its partition key (a key column or a column an expression key uses:
 * has_partition_attrs)? */
bool rp_partkey_uses_column(const CatTable *t, const char *col);
/* Does index IX use column COL (a key, an expression key, INCLUDE, the predicate)? */
bool rp_index_uses_column(const CatIndex *ix, const char *col);
/* rp_expr_of; *SRC (when not NULL) gets the analysed expression as the server prints it (expr_deparse: the
 * catalog's *_src fields), NULL when the analysis failed. */
const char *rp_expr_src_of(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                           const char *context_type, const char *domain_base, const char **src);
/* The analysed copy of E (free with expr_tree_free), or NULL after an error diagnostic. */
PgQuery__Node *rp_analyze(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                          const char *domain_base);
/* rp_analyze, and *TYPE gets the expression's type as catalog text (malloc'd, NULL when not known). */
PgQuery__Node *rp_analyze_typed(ReplayState *st, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                                char **type);
/* The analysis environment of ST (PATH holds up to 32 schemas). */
void rp_expr_env(ReplayState *st, ExprEnv *env, const char **path);
/* Report an analysis error as a diagnostic (PostgreSQL's message, hint, SQLSTATE, location). */
void rp_expr_error(ReplayState *st, ExprError *err);

/* Expressions: normalized text in the catalog arena (no analysis). */
const char *rp_expr(ReplayState *st, const PgQuery__Node *e);
/* rp_expr for an expression of relation REL: `rel.col` prints as `col` (expr_normalize_rel). */
const char *rp_rel_expr(ReplayState *st, const char *rel, const PgQuery__Node *e);
/* Schema of the installed extension that provides type (or, OPCLASS, operator class) NAME, from a short list
 * of common contrib extensions (ltree, citext, hstore, pg_trgm, ...); NULL when none or in pg_catalog. */
const char *rp_extension_object_schema(ReplayState *st, const char *name, bool opclass);
/* Number of distinct column names in E (0, 1, or 2 for "more") and the first one (for <table>_<col>_check).
 */
int rp_expr_columns(const PgQuery__Node *e, const char **first);
/* Record dependencies of FROM on functions called in E and on sequences named in nextval('...'). */
void rp_expr_deps(ReplayState *st, CatObject *from, const char *column, const PgQuery__Node *e);

#endif
