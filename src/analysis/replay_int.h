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

/* Schemas of the effective search path, existing ones only, in order (pg_catalog not included; the
 * session's temporary schema first when it exists, as PostgreSQL searches it for relations and types). */
size_t rp_path_schemas(ReplayState *st, const char **out, size_t max);
/* The same without the temporary schema: where functions are looked up and objects created. */
size_t rp_path_schemas_fn(ReplayState *st, const char **out, size_t max);
/* Where a name qualified by SCHEMA (NULL: unqualified) is looked up: SCHEMA alone, else the search path
 * (for FUNCTIONS, without the temporary schema: rp_path_schemas_fn; else rp_path_schemas). */
size_t rp_lookup_schemas(ReplayState *st, const char *schema, bool functions, const char **out, size_t max);
/* The session's temporary schema in the catalog (PostgreSQL's pg_temp_N, spelled pg_temp), made when
 * CREATE is true; NULL when there is none. */
#define RP_TEMP_SCHEMA "pg_temp"
CatSchema *rp_temp_schema(ReplayState *st, bool create);
bool rp_is_temp_schema(const char *schema);
/* The schema a new relation RV goes to: the temporary schema for TEMP (refused in a named permanent
 * schema) and for pg_temp.name, else as rp_creation_schema. NULL after an error. */
const char *rp_relation_schema(ReplayState *st, const PgQuery__RangeVar *rv);
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
 * CREATE FUNCTION's arguments and result and for the argument lists of DROP/ALTER/COMMENT ON FUNCTION.
 * *DEP_OUT receives the user type or relation (row type) it names, or NULL. */
const char *rp_type_stored(ReplayState *st, const PgQuery__TypeName *tn, CatObject **dep_out);
/* Resolve a function by name list (qualified or not); ARGC < 0: any overload. */
/* The user function call F resolves to: the overload the expression analysis chose for it in this
 * statement, else the first by name and number of arguments (rp_find_function). */
CatFunction *rp_find_call(ReplayState *st, const PgQuery__FuncCall *f);
/* O's dependencies on user functions recorded by name before the expression analysis ran: moved to the
 * overload the analysis resolved in this statement (same name and number of arguments), when it chose
 * another. */
void rp_fix_function_deps(ReplayState *st, CatObject *o);
CatFunction *rp_find_function(ReplayState *st, PgQuery__Node **names, size_t n, int argc);
/* Apply one attribute of CREATE/ALTER FUNCTION (volatility, parallel, strict, security) to F; other
 * options are not modelled. */
void rp_function_option(CatFunction *f, PgQuery__DefElem *d);
/* ALTER FUNCTION/PROCEDURE/ROUTINE ... attributes: the function's volatility, strictness, security and
 * parallel safety change as the server's AlterFunction changes them (a function the model does not know is
 * left alone: it may come from an extension). */
void rp_alter_function(ReplayState *st, PgQuery__AlterFunctionStmt *as);
/* CREATE [OR REPLACE] AGGREGATE (replay_aggregate.c): the aggregate as a routine of kind aggregate, with
 * its dependencies, or PostgreSQL's error. False when the statement is not one the model can follow. */
bool rp_define_aggregate(ReplayState *st, PgQuery__DefineStmt *ds);
/* Extended statistics (replay_statistics.c): CREATE STATISTICS, ALTER STATISTICS ... SET STATISTICS, the
 * object a name list names (through the path; NULL when none) and its "does not exist" error (none when it
 * may exist outside the model). */
void rp_create_statistics(ReplayState *st, PgQuery__CreateStatsStmt *cs);
void rp_alter_statistics(ReplayState *st, PgQuery__AlterStatsStmt *as);
CatStatistics *rp_find_statistics(ReplayState *st, PgQuery__Node **names, size_t n);
void rp_statistics_missing(ReplayState *st, PgQuery__Node **names, size_t n, int off);
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
/* The tables that inherit from T or are its partitions (appended to OUT, no duplicates). */
void rp_children_of(ReplayState *st, CatTable *t, PtrList *out);
/* The partitions of T (its direct ones), in ST's arena list OUT. */
void rp_partitions_of(ReplayState *st, CatTable *t, PtrList *out);
/* Apply TEXTS[0..N) (the SQL a DO block or a followed routine ran) to the model as the effect of the
 * statement at OFF: leniently (objects they make get that statement's origin; their errors are not the user's
 * and are dropped), ST's text and position restored after. */
void rp_replay_lenient(ReplayState *st, const char *const *texts, size_t n, int off);
/* rp_diag for an error with PostgreSQL's SQLSTATE (5 characters) set on the diagnostic. */
Diag *rp_error_state(ReplayState *st, const char *rule, const char *sqlstate, int off, const char *fmt, ...)
    PRINTF_LIKE(5, 6);
/* Is T a typed table (CREATE TABLE ... OF type: it depends on a composite type as a whole)? */
bool rp_is_typed_table(const CatTable *t);
/* Each column of T's partition key is internal to T (StorePartitionKey): a CASCADE that drops the column
 * (its type, say) drops the table. */
void rp_partkey_column_deps(ReplayState *st, CatTable *t);
/* addFkRecurseReferenced: a foreign key K to a partitioned table has a copy for each partition of it
 * (recursively), internal to K and depending on that partition; the model records them as K's normal
 * dependencies on the partitions (dropping a referenced partition needs CASCADE, which drops K). Kept up to
 * date when partitions join or leave the referenced tree. */
void rp_fk_partition_deps(ReplayState *st, CatConstraint *k);
/* A partitioned table's key (PK/UNIQUE) or foreign key PK, or its index PIX, copied to partition T as
 * PostgreSQL does when the partition is created or the key is added (names chosen for T). */
void rp_clone_constraint_to_partition(ReplayState *st, CatConstraint *pk, CatTable *parent, CatTable *t,
                                      int off);
/* DefineIndex on a partitioned table: partition T's own equivalent index (not yet a partition copy) becomes
 * PIX's partition copy, else a copy of PIX is made (rp_clone_index_to_partition). */
/* ChooseIndexColumnNames: NAMES[0..N) (NULL: "expr") made distinct in place (b, b → b, b1), for index
 * names. */
void rp_index_colnames(ReplayState *st, const char **names, size_t n);
/* FigureIndexColname of index element expression E (as written): "expr" when it names nothing. */
const char *rp_index_elem_colname(const PgQuery__Node *e);
/* FigureIndexColname of a stored index expression (its text parsed again): the name a copy of the index
 * (partition, LIKE ... INCLUDING INDEXES) gives that column, "expr" when none. */
const char *rp_index_expr_colname(ReplayState *st, const char *expr);
void rp_index_to_partition(ReplayState *st, CatIndex *pix, CatTable *parent, CatTable *t, int off);
void rp_clone_index_to_partition(ReplayState *st, CatIndex *pix, CatTable *parent, CatTable *t, int off);
/* Drop TARGETS[0..N) in one deletion (catalog_drop_plan): refused with PostgreSQL's error when a target is
 * part of another object, or when dependents need CASCADE and CASCADE is false; else applied. Returns
 * whether it was applied. */
bool rp_drop_addrs(ReplayState *st, const CatAddr *targets, size_t n, bool cascade, int off);
/* What dropping TARGETS with CASCADE would remove besides them and besides what goes silently (PostgreSQL's
 * "drop cascades to" list: CatAddr* in OUT, catalog arena, in its order); false when the drop would be
 * refused outright. Nothing changes. */
bool rp_drop_preview(ReplayState *st, const CatAddr *targets, size_t n, PtrList *out);
/* PostgreSQL's description of A (`view v`, `column b of table t`), qualified outside the search path. */
void rp_describe(ReplayState *st, StrBuf *sb, const CatAddr *a);
void rp_rename_stmt(ReplayState *st, PgQuery__RenameStmt *rs);
/* Roles, ownership and privileges (replay_role.c). The role a RoleSpec names (CURRENT_ROLE: ST->user). */
const char *rp_role_spec(ReplayState *st, const PgQuery__RoleSpec *rs);
/* The session starts (replay_state_init: the catalog learns the user, a superuser unless known otherwise;
 * replay_tx_end_session: session_user is the login user again). */
void rp_role_init(ReplayState *st);
void rp_role_session_start(ReplayState *st);
/* Role statements (CREATE/ALTER/DROP ROLE, GRANT role, SET ROLE, SET SESSION AUTHORIZATION, ALTER ... OWNER
 * TO, DROP OWNED, REASSIGN OWNED, ALTER ROLE RENAME): applied, true; other statements: false. */
bool rp_role_statement(ReplayState *st, const PgQuery__Node *n, int off);
/* The privilege checks PostgreSQL makes before N runs (ownership, superuser-only options, system catalogs):
 * false after a 42501 error diagnostic. */
bool rp_role_check(ReplayState *st, const PgQuery__Node *n, int off);
/* After N ran without error (ST->errors still ERRORS0): objects it made (creation number >= SEQ0) are owned
 * by the current role (CREATE SCHEMA AUTHORIZATION: by that role); ALTER TABLE ... OWNER TO is applied. */
void rp_role_after(ReplayState *st, const PgQuery__Node *n, uint32_t seq0, int errors0, int off);
void rp_alter_schema_stmt(ReplayState *st, PgQuery__AlterObjectSchemaStmt *as);
/* GRANT / REVOKE: the objects named exist and are of the kind named, ALL ... IN SCHEMA's schemas exist, and
 * the privileges are valid for the kind (aclchk.c). Privileges themselves are not modelled. */
void rp_grant_stmt(ReplayState *st, const PgQuery__GrantStmt *gs);
/* ALTER DEFAULT PRIVILEGES [IN SCHEMA s, ...]: the schemas exist, no column lists, privileges valid for the
 * kind (SetDefaultACLsInSchemas). */
void rp_default_privileges(ReplayState *st, const PgQuery__AlterDefaultPrivilegesStmt *ds);
void rp_comment_stmt(ReplayState *st, PgQuery__CommentStmt *cs);
void rp_create_view(ReplayState *st, PgQuery__ViewStmt *vs);
void rp_create_table_as(ReplayState *st, PgQuery__CreateTableAsStmt *cs);
/* SELECT ... INTO t: CREATE TABLE t AS of the same query (NODE: the SelectStmt node). */
void rp_select_into(ReplayState *st, PgQuery__SelectStmt *ss, const PgQuery__Node *node);
void rp_create_enum(ReplayState *st, PgQuery__CreateEnumStmt *es);
void rp_alter_enum(ReplayState *st, PgQuery__AlterEnumStmt *es);
void rp_create_domain(ReplayState *st, PgQuery__CreateDomainStmt *ds);
void rp_alter_domain(ReplayState *st, PgQuery__AlterDomainStmt *ds);
void rp_create_composite(ReplayState *st, PgQuery__CompositeTypeStmt *cs);
void rp_create_range(ReplayState *st, PgQuery__CreateRangeStmt *rs);
void rp_define_type(ReplayState *st, PgQuery__DefineStmt *ds, int off);
bool rp_alter_type(ReplayState *st, PgQuery__AlterTypeStmt *as, int off);
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

/* Record the dependencies of the objects of ST's catalog from their definitions (replay_derive.c): for a
 * catalog replay did not build (introspection). */
void rp_derive_deps(ReplayState *st);
/* rp_expr_deps_self for expression text E (normalized, or as the server prints it). */
void rp_expr_text_deps(ReplayState *st, CatObject *from, const char *column, CatTable *self,
                       DepType self_type, const char *e);

/* The normalized text of expression E of table T as rp_expr_of gives it, without its diagnostics (to
 * compare with a stored one). */
const char *quiet_expr(ReplayState *st, ExprKind kind, const PgQuery__Node *e, CatTable *t);

/* The output columns of a query (replay_query.c). */
typedef struct RpQueryCols {
	const char **names;
	const char **types; /* canonical type text, NULL where the model does not know it */
	/* the collation parse analysis derives for each column (parse_collate.c), NULL where it is none or
	 * the model cannot tell; NO_COLLATION[i] when it derived none for certain (a conflict of implicit
	 * collations left unresolved, by UNION ALL) */
	const char **collations;
	bool *no_collation;
	bool refused; /* the analysis reported the query's own error (REPORT_RELATIONS only) */
	size_t n;
	bool complete; /* every column is known (no `*` over something unmodelled) */
} RpQueryCols;
/* Analyse QUERY (a SelectStmt node: plain, VALUES, set operation, with CTEs) as PostgreSQL's parse analysis
 * does: undefined relations are reported when REPORT_RELATIONS (the expression analysis reports them for
 * views and expressions), USING columns missing on a side always; when OWNER is not NULL, its dependencies
 * are recorded (every relation read, every column referenced, functions and types named); OUT receives the
 * output columns (FigureColname names, result types; an untyped literal is text). False when QUERY is not a
 * query the model reads (OUT is then empty or partial). */
bool rp_query_columns(ReplayState *st, CatObject *owner, const PgQuery__Node *query, RpQueryCols *out,
                      bool report_relations);

/* replay_dynamic.c: a top-level statement of a history. Code the model cannot follow (a DO block, or a
 * call of a function or procedure whose body runs EXECUTE or DDL) runs on the exact mode's server when
 * there is one (its effect is applied to the model), else it is replayed as rp_statement does and marks
 * ST, so that the errors of later statements that depend on the catalog's state become warnings naming it
 * and saying how to get the exact answer. */
ReplayOutcome rp_top_statement(ReplayState *st, const SqlStmt *s);
/* The range type of SCHEMA (NULL: the path) whose multirange type is NAME, or NULL. */
CatType *rp_multirange_owner(ReplayState *st, const char *schema, const char *name);
void rp_dynamic_release(ReplayState *st);
/* "relation NAME already exists" (42P07) at OFF about EXISTING: an error even after code the model cannot
 * follow when a statement the model followed made EXISTING after that code (nothing unfollowed ran since). */
void rp_relation_exists(ReplayState *st, const CatObject *existing, int off, const char *name);
/* `SELECT f('a', ...)` (or `CALL p('a', ...)`, statement N) of a PL/pgSQL routine that runs straight through
 * and whose EXECUTEs build their text from the call's constant arguments (parameters, literals, ||, format()
 * %s %I %L, quote_ident(), quote_literal()): true when the model can follow it; with APPLY, the DDL it runs
 * (EXECUTEd or static) is replayed as a DO block's statements are (replay_dynamic.c). */
bool rp_follow_call(ReplayState *st, const PgQuery__Node *n, bool apply);

/* replay_fnbody.c: the AS clause of CREATE FUNCTION FS as interpret_AS_clause checks it (two bodies, two
 * AS items, an unquoted body outside LANGUAGE sql or with polymorphic arguments among IN_TYPES[0..NIN)):
 * false with PostgreSQL's error (42P13) reported. */
bool rp_function_as_ok(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const char *const *in_types,
                       size_t nin);
/* The SQL-language validator on F, just defined by FS, unless check_function_bodies is off: a body that
 * does not parse (42601 at its place in the body), $n beyond the IN parameters (42P02), a final statement
 * that cannot return F's declared result (42P13). Errors reported; nothing uncertain is. */
void rp_function_body_check(ReplayState *st, const PgQuery__CreateFunctionStmt *fs, const CatFunction *f);
/* replay_table.c: after column COL of T changed type, the foreign keys using it (on either side, not
 * within T) must still be implementable (42804): false with the error reported. */
bool rp_fk_recheck(ReplayState *st, CatTable *t, const char *col, int off);
/* replay_rule.c: CREATE RULE "_RETURN" AS ON SELECT TO a plain table DO INSTEAD SELECT ...: the table
 * becomes a view. False when RS is another rule (not modelled). */
bool rp_rule_stmt(ReplayState *st, PgQuery__RuleStmt *rs);
/* SET / RESET check_function_bodies. */
void rp_set_check_function_bodies(ReplayState *st, const PgQuery__VariableSetStmt *vs);
/* replay_dynamic.c: a CREATE FUNCTION statement libpg_query's PL/pgSQL parser takes for F (its parameters
 * by name and mode, trigger and set-returning results kept). malloc. */
char *rp_plpgsql_create(const CatFunction *f);
/* replay_plpgsql.c: what PL/pgSQL's compiler refuses in F's body at CREATE FUNCTION while
 * check_function_bodies is on (RETURN against the result, RAISE's parameter count, cursor arguments).
 * Errors reported; nothing uncertain is. */
void rp_plpgsql_compile_check(ReplayState *st, const CatFunction *f);

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
/* The relations extension E makes (catalog/extensions.h) exist: references to them are not the model's to
 * call missing (their columns are unknown to it, as a foreign table's). */
void rp_extension_relations(ReplayState *st, const CatExtension *e);
/* Number of distinct column names in E (0, 1, or 2 for "more") and the first one (for <table>_<col>_check).
 */
int rp_expr_columns(const PgQuery__Node *e, const char **first);
/* Record dependencies of FROM on functions called in E, on sequences named in nextval('...') and on user
 * types E casts to. COLUMN not NULL: the dependent is that column's default / generation expression. */
void rp_expr_deps(ReplayState *st, CatObject *from, const char *column, const PgQuery__Node *e);
/* The same, plus dependencies (of type SELF_TYPE) on the columns of SELF that E names bare or qualified
 * with SELF's name, outside subqueries (a CHECK: automatic; a generation expression or policy: normal). */
void rp_expr_deps_self(ReplayState *st, CatObject *from, const char *column, CatTable *self,
                       DepType self_type, const PgQuery__Node *e);
/* The user type TN names (NULL for built-in, undefined, or a table's row type); no diagnostics. */
CatType *rp_type_lookup(ReplayState *st, const PgQuery__TypeName *tn);
/* Does TN name a type that exists (built in, user-defined, a row type, an implicit array or multirange
 * type, an extension's)? No diagnostics. */
bool rp_type_known(ReplayState *st, const PgQuery__TypeName *tn);
/* Canonical type text of TN as rp_type, and the object a column of that type depends on: the user type, or
 * the table/view whose row type it is (*AS_TYPE set then). */
const char *rp_type_dep(ReplayState *st, const PgQuery__TypeName *tn, CatObject **dep, bool *as_type);
/* Column COLUMN of FROM (a table, or a composite type's attribute) is of type DEP (from rp_type_dep):
 * record the normal dependency. */
void rp_column_type_dep(ReplayState *st, CatObject *from, const char *column, CatObject *dep, bool as_type);
/* The user type a canonical type text names (`public.mood[]` → mood), or NULL. */
CatType *rp_type_of_text(ReplayState *st, const char *type);

/* replay_partition.c. CREATE TABLE ... PARTITION OF / ATTACH PARTITION: bound B of the new partition PART
 * of PARENT as transformPartitionBound and check_new_partition_bound judge it (PARENT must be partitioned;
 * the bound's form, its values, overlaps with the siblings' bounds, hash moduli, a second default). False
 * after PostgreSQL's error; a comparison the model cannot decide never errs. */
bool rp_partition_check_bound(ReplayState *st, CatTable *parent, CatTable *part,
                              const PgQuery__PartitionBoundSpec *b, int off);
/* PARTITION BY SPEC: a known strategy, one column for LIST (transformPartitionSpec). False after an error. */
bool rp_partition_check_spec(ReplayState *st, const PgQuery__PartitionSpec *spec);
/* ComputePartitionAttrs for expression key PE (the ATTN-th key column, of type TYPE, NULL when not known) of
 * T: not a pseudo-type, no generated column (nor the whole row of a table with one), not a constant. False
 * after the error. */
bool rp_partition_check_key_expr(ReplayState *st, const CatTable *t, const PgQuery__PartitionElem *pe,
                                 size_t attn, const char *type);
/* ALTER TABLE [ONLY] T ADD FOREIGN KEY C (ATAddForeignKeyConstraint): on a partitioned table, neither ONLY
 * (RECURSE false) nor NOT VALID. False after the error. */
bool rp_partition_check_fk(ReplayState *st, const CatTable *t, const PgQuery__Constraint *c, bool recurse,
                           int off);
/* DETACH PARTITION: PART's indexes and constraints (and those of its partitions) get arrays of their own
 * (a partition copy shares its parent's key columns; a later RENAME COLUMN must reach only its table). */
void rp_partition_unshare(ReplayState *st, CatTable *part);
/* ALTER TABLE ONLY T DROP CONSTRAINT (a CHECK) / ALTER COLUMN DROP NOT NULL: refused on a partitioned table
 * with partitions when RECURSE is false (ATExecDropConstraint, ATPrepDropNotNull). False after the error. */
bool rp_partition_only_check(ReplayState *st, CatTable *t, bool recurse, int off);
/* CloneFkReferencing: PART cannot become a partition of PARENT while a foreign key of PARENT references it.
 * False after the error. */
bool rp_partition_attach_fk_check(ReplayState *st, CatTable *parent, CatTable *part, int off);
/* DefineIndex: a unique index or a CONTYPE ("PRIMARY KEY", "UNIQUE") key on partitioned table T has every
 * column of T's partition key among its key columns COLS (N; NULL for an expression key), and T's key has no
 * expression. False after the error. */
bool rp_partition_check_unique(ReplayState *st, CatTable *t, const char *const *cols, size_t n,
                               const char *contype, int off);
/* ALTER TABLE T ALTER CONSTRAINT K [NOT] DEFERRABLE ... (ATExecAlterConstraint): refused on a partition's
 * copy of its parent's key; else K and its copies in T's partitions take the new deferrability. */
void rp_partition_alter_constraint(ReplayState *st, CatTable *t, CatConstraint *k, bool deferrable,
                                   bool initdeferred, int off);
/* PART's own PK/UNIQUE that can stand for the parent's key PK (same kind, equivalent index), or NULL. */
CatConstraint *rp_equivalent_key(const CatTable *t, const CatConstraint *pk);
/* PART (and its partitions) can take copies of PARENT's PK/UNIQUE keys and unique indexes: no other primary
 * key where a copy would go, and a partitioned one's key columns among the copy's (DefineIndex). False after
 * the error. */
bool rp_partition_check_clones(ReplayState *st, CatTable *parent, CatTable *part, int off);
/* The `FOR VALUES ...` text of bound B of a partition of PARENT as pg_get_expr(relpartbound) prints it: each
 * value as a constant of its key column's type (a negative integer or a bigint quoted, a numeric without a
 * fraction quoted, character(n) padded, dates and timestamps in ISO form); a value the model does not
 * evaluate as written. NULL when PARENT's key is not known (or B is NULL). */
const char *rp_partition_bound_text(ReplayState *st, CatTable *parent, const PgQuery__PartitionBoundSpec *b);
/* DETACH PARTITION ... CONCURRENTLY of PARENT: refused while PARENT has a default partition
 * (ATExecDetachPartition). False after the error. */
bool rp_partition_detach_check(ReplayState *st, CatTable *parent, bool concurrent, int off);
/* DETACH PARTITION ... CONCURRENTLY of PART (still attached): the `ALTER TABLE part ADD CHECK (...)` that
 * replaces its partition constraint (DetachAddConstraintIfNeeded: the ancestors' conjuncts, then its own
 * bound's, as get_qual_for_list / get_qual_for_range write them), malloc'd; NULL when PART's NOT NULL
 * columns and valid CHECKs imply it (identical conjuncts, or number bounds a comparison proves), or when the
 * model cannot write it (hash, default, an expression key). */
char *rp_detach_concurrently_check(ReplayState *st, const CatTable *part);
/* ALTER INDEX / ALTER TABLE AS on relation O, before anything else: ALTER INDEX needs an index; on an index,
 * ATTACH PARTITION needs a partitioned index and no bound, DETACH PARTITION is refused; ALTER INDEX ...
 * ATTACH PARTITION's rules (ATExecAttachPartitionIdx), after which the index is the parent's partition
 * copy. False after an error (replay_idxattach.c). */
bool rp_alter_index_partition_rules(ReplayState *st, CatObject *o, const PgQuery__AlterTableStmt *as);

#endif
