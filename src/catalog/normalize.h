/* normalize.h — canonical text for expressions and types, so that an expression written in a migration and
 * the same expression printed back by the server (pg_get_expr, pg_get_viewdef, format_type) compare equal.
 * The rules are documented in docs/normalization.md. */
#ifndef STRATA_CATALOG_NORMALIZE_H
#define STRATA_CATALOG_NORMALIZE_H

#include "strata.h"
#include "util/arena.h"

#include <pg_query/pg_query.pb-c.h>

/* Normalized text of expression node E (a libpg_query expression tree). CONTEXT_TYPE, when not NULL, is the
 * canonical type the expression is assigned to (a column default): casts of literals to exactly that type
 * are dropped. The result is allocated in A. Never fails: unknown node kinds print as their deparsed text. */
const char *expr_normalize(Arena *a, const PgQuery__Node *e, const char *context_type);

/* Same, for an expression of relation REL (a default, generated column, CHECK, index key or predicate):
 * column references qualified with REL (`rel.col`, `schema.rel.col`) print as `col`, as pg_get_expr
 * prints them. REL NULL is expr_normalize. */
const char *expr_normalize_rel(Arena *a, const PgQuery__Node *e, const char *context_type, const char *rel);

/* expr_normalize and expr_normalize_rel remember their results for the process (by the tree's structure,
 * its byte offsets left out, and CONTEXT_TYPE and REL); thread-safe. For tests: how often the memo answered
 * (HITS) or not (MISSES) since the last clear, and emptying it. */
void expr_memo_stats(size_t *hits, size_t *misses);
void expr_memo_clear(void);

/* E as libpg_query's deparser prints it, no rule applied (an analysed tree: what pg_get_expr prints, the
 * text PostgreSQL re-parses on ALTER COLUMN TYPE). In A; NULL when E is NULL or does not deparse. */
const char *expr_deparse(Arena *a, const PgQuery__Node *e);

/* Same for expression SQL text (as pg_get_expr prints it): parses `SELECT <text>` and normalizes the target.
 * Returns NULL when TEXT does not parse. */
const char *expr_normalize_sql(Arena *a, const char *text, const char *context_type);

/* Normalized text of a whole query (view definitions), from a SelectStmt node or from SQL text. */
const char *query_normalize(Arena *a, const PgQuery__Node *select);
const char *query_normalize_sql(Arena *a, const char *text);

/* Does relation SCHEMA.REL (SCHEMA NULL: resolved on the search_path) have column COL? 1 yes, 0 no, -1 the
 * relation or its columns are unknown. */
typedef int (*ViewColumnFn)(void *ctx, const char *schema, const char *rel, const char *col);

/* Normalized text of a view's query (SELECT node), as pg_get_viewdef prints it (docs/normalization.md,
 * "View definitions"): bare column references qualified with their relation (FN tells which relation has
 * a column; NULL: none qualified), output columns named (COLS: the view's written column list, or NULL),
 * the expression rules applied except to a cast that is an output column's whole value. */
const char *view_query_normalize(Arena *a, const PgQuery__Node *select, const char *const *cols, size_t ncols,
                                 ViewColumnFn fn, void *ctx);
/* The same for pg_get_viewdef text (already qualified). NULL when TEXT does not parse. */
const char *view_query_normalize_sql(Arena *a, const char *text);

/* Rewrite normalized text after a rename: in expression EXPR (of the table that owns it), unqualified or
 * TABLE-qualified column references to OLD become NEW; in query QUERY, range variables naming relation OLD
 * (unqualified, or qualified with SCHEMA) become NEW, and qualified references `OLD.col` follow. Return
 * the new text (in A), or the input unchanged when nothing matched or it does not parse. */
const char *expr_rename_column(Arena *a, const char *expr, const char *table, const char *old,
                               const char *newname);
/* In expression EXPR of another relation (a policy's sub-query), references `table.old` (or through an
 * alias of TABLE) become NEW; a sub-query's output keeps its name (`SELECT t.new AS old`). */
const char *expr_rename_column_of(Arena *a, const char *expr, const char *table, const char *old,
                                  const char *newname);
/* In query QUERY, references to column OLD of relation TABLE become NEW: `table.old` always, a bare `old`
 * only when UNQUALIFIED_TOO (the query reads no other relation). */
const char *query_rename_column(Arena *a, const char *query, const char *table, const char *old,
                                const char *newname, bool unqualified_too);
/* EXPR (a stored expression) after relation SCHEMA.OLD is renamed NEWNAME: 'old'::regclass constants name
 * it by its new name (the server keeps the OID), as do old.column references; returns EXPR unchanged (same
 * pointer) when nothing refers to it. */
const char *expr_rename_relation(Arena *a, const char *expr, const char *schema, const char *old,
                                 const char *newname);
/* View QUERY after its output column INDEX (0-based) was renamed NEWNAME (ALTER VIEW ... RENAME COLUMN:
 * the server prints the view's current column names as the targets' aliases). QUERY when it does not
 * parse or has no such target. */
const char *query_rename_output(Arena *a, const char *query, size_t index, const char *newname);
/* View QUERY with the function calls at byte offsets LOCS[0..N) (of QUERY's own parse) renamed NEWNAME.
 * QUERY when none is there. */
const char *query_rename_calls(Arena *a, const char *query, const int *locs, size_t n, const char *newname);
const char *query_rename_relation(Arena *a, const char *query, const char *schema, const char *old,
                                  const char *newname);

/* TEXT (an expression when IS_EXPR, else a query) with the names the server prints unqualified under a
 * search_path whose schemas are PATH: relations, functions, types and 'schema.rel'::regclass literals
 * qualified with one of those schemas (pg_catalog never counts) lose the qualifier. The replayed catalog
 * names every object of an expression by identity (schema-qualified); the server prints what is visible
 * on the search_path of the session that reads it unqualified: both sides go through this with that path
 * before they are compared. Returns TEXT itself when nothing changed or it does not parse. */
const char *sql_unqualify(Arena *a, const char *text, bool is_expr, const char *const *path, size_t npath);

/* Normalized text of a SQL-standard function body from its tree (CreateFunctionStmt.sql_body, as replay
 * analysed it): `RETURN <expr>` (the expression rules) or `BEGIN ATOMIC <stmt>; ... END` (each SELECT
 * normalized like a view's query, other statements as written). NULL when BODY is neither. */
const char *sqlbody_normalize(Arena *a, const PgQuery__Node *body);
/* The same from TEXT, what pg_get_functiondef prints from RETURN or BEGIN ATOMIC on; NULL when it does not
 * parse. */
const char *sqlbody_normalize_sql(Arena *a, const char *text);
/* TEXT (FORM 0 a query, 1 an expression, 2 a SQL-standard function body) with the object NAME of kind KIND
 * ('r' relation, also in 'schema.rel'::regclass; 'f' function; 't' type) qualified with OLD_SCHEMA now in
 * NEW_SCHEMA (ALTER ... SET SCHEMA); KIND 's' moves every name qualified with OLD_SCHEMA (ALTER SCHEMA
 * RENAME; NAME unused). Returns TEXT itself when nothing changed or it does not parse. */
const char *sql_move_name(Arena *a, const char *text, int form, char kind, const char *old_schema,
                          const char *name, const char *new_schema);
/* TEXT (FORM as sql_move_name's) after function SCHEMA.OLD was renamed NEWNAME: its calls (qualified with
 * SCHEMA, or bare) with NARGS arguments (-1: any) name NEWNAME. TEXT when nothing changed. */
const char *sql_rename_function(Arena *a, const char *text, int form, const char *schema, const char *old,
                                const char *newname, int nargs);
/* A SQL-standard body TEXT (as sqlbody_normalize prints it) after relation SCHEMA.OLD became NEWNAME, or
 * column OLD of TABLE became NEWNAME (UNQUALIFIED_TOO: bare references too, when the body reads only that
 * table): the server stores the body parsed and prints current names. TEXT when nothing changed. */
const char *sqlbody_rename_relation(Arena *a, const char *text, const char *schema, const char *old,
                                    const char *newname);
const char *sqlbody_rename_column(Arena *a, const char *text, const char *table, const char *old,
                                  const char *newname, bool unqualified_too);
/* sql_unqualify for a SQL-standard body TEXT (as sqlbody_normalize prints it). */
const char *sqlbody_unqualify(Arena *a, const char *text, const char *const *path, size_t npath);
/* Is TEXT (a body as above) a RETURN, or BEGIN ATOMIC with only SELECTs (what the model reproduces)? */
bool sqlbody_selects_only(const char *text);

/* Canonical format_type() text of a TypeName node: `integer`, `character varying(255)`, `text[]`;
 * RESOLVED_SCHEMA is the schema a user-defined type resolved to (NULL for pg_catalog types), used to
 * qualify it. */
const char *type_canonical(Arena *a, const PgQuery__TypeName *tn, const char *resolved_schema);
/* Canonical form of a built-in type name as written in SQL text (`int4` → `integer`, `varchar` →
 * `character varying`, `timestamptz` → `timestamp with time zone`); NULL when NAME is not built in. */
const char *type_builtin_canonical(const char *name);

#endif
