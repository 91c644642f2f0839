/* expr.h — parse analysis of expressions and queries as PostgreSQL does it (parse_expr.c, parse_func.c,
 * parse_oper.c, parse_coerce.c), on libpg_query trees: names resolved against the catalog (relations,
 * columns, functions, operators, types), every node typed, and the tree rewritten into the form
 * PostgreSQL's deparser (ruleutils.c) prints the stored expression in: BETWEEN and IN lists expanded,
 * implicit coercions that the deparser shows made explicit casts, column references in sub-queries and
 * views qualified. The result then goes through the normalizer (catalog/normalize.h) like the server's
 * text does. What the model cannot know (a function of an extension, a column of an unknown type) is
 * "opaque": left as written, and never turned into an error. docs/normalization.md, "Typed analysis". */
#ifndef STRATA_ANALYSIS_EXPR_H
#define STRATA_ANALYSIS_EXPR_H

#include "strata.h"
#include "catalog/catalog.h"
#include "util/hmap.h"

#include <pg_query/pg_query.pb-c.h>

/* Where an expression sits: decides what it may reference and which errors PostgreSQL raises. */
typedef enum ExprKind {
	EXPRK_DEFAULT,         /* column default: no column references, no sub-queries */
	EXPRK_GENERATED,       /* generated column: the table's columns, not other generated ones */
	EXPRK_CHECK,           /* CHECK constraint */
	EXPRK_INDEX_EXPR,      /* index key expression */
	EXPRK_INDEX_PRED,      /* index predicate */
	EXPRK_POLICY,          /* policy USING / WITH CHECK: sub-queries allowed */
	EXPRK_TRIGGER_WHEN,    /* trigger WHEN: NEW and OLD */
	EXPRK_DOMAIN_CHECK,    /* domain CHECK: VALUE */
	EXPRK_VIEW,            /* a view's query */
	EXPRK_TRANSFORM,       /* ALTER COLUMN TYPE ... USING: the table's columns, no sub-queries */
	EXPRK_PARTITION_KEY,   /* partition key expression: the table's columns, immutable */
	EXPRK_PARTITION_BOUND, /* a partition bound's value: no column references, no sub-queries */
} ExprKind;

/* What the analysis reads: the catalog, the search path in effect (existing schemas, in order; pg_catalog
 * is searched first unless it is listed), and whether objects the model does not hold may exist (an
 * extension is installed, a DO block or dynamic SQL ran, operators were defined): then a function,
 * operator or type that is not found is opaque instead of an error. */
typedef struct ExprEnv {
	Catalog *cat;
	const char *const *path;
	size_t npath;
	bool unknown_objects;
	/* what statements the model does not follow created: keys "o:<name>" for operators (CREATE OPERATOR),
	 * "f:<name>" for functions (CREATE AGGREGATE), "c:<name>" for operator classes (CREATE OPERATOR
	 * CLASS); their uses are opaque. NULL: none */
	const HMap *unmodelled;
	/* called for every call resolved to a user function (LOCATION: the call's), or NULL: the replay
	 * records dependencies on the overload the analysis chose */
	void (*on_function)(void *ud, int location, const CatFunction *fn);
	void *fn_ud;
	/* enum labels ALTER TYPE ... ADD VALUE added in the transaction still open: keys "<type
	 * identity>\x1f<label>" (expr_enum_label_key). A literal cannot become one before COMMIT
	 * (check_safe_enum_use). NULL: none */
	const HMap *new_enum_labels;
} ExprEnv;

/* The key of LABEL of enum type T in ExprEnv.new_enum_labels (malloc). */
char *expr_enum_label_key(const CatType *t, const char *label);

/* Whether a literal may become LABEL of enum type T (enum_in, check_safe_enum_use): it is one of T's labels,
 * and not one NEW_LABELS (ExprEnv.new_enum_labels, may be NULL) holds. */
typedef enum { ENUM_USE_OK, ENUM_USE_UNDEFINED, ENUM_USE_UNSAFE } ExprEnumUse;
ExprEnumUse expr_enum_use(const CatType *t, const char *label, const HMap *new_labels);
#define EXPR_ENUM_UNSAFE_HINT "New enum values must be committed before they can be used."

/* The first error, as PostgreSQL reports it. Strings are malloc'd; release with expr_error_clear. */
typedef struct ExprError {
	bool set;
	char sqlstate[6];
	const char *rule; /* diagnostic rule id: "undefined-column", "ambiguous-function", ... (static) */
	char *message;
	char *hint;
	char *detail;
	int location; /* byte offset in the statement's text, -1 when unknown */
	/* an undefined relation: its name, for the "created later by" note of the history */
	char *missing_name;
} ExprError;

void expr_error_clear(ExprError *err);

/* Analyze expression E of relation REL (a table, or NULL for a domain check or default without one), in
 * the role KIND. DOMAIN_BASE is the base type text of the domain (EXPRK_DOMAIN_CHECK). Returns a rewritten
 * copy of E (free it with expr_tree_free) — or NULL with ERR filled when PostgreSQL rejects it. Never
 * modifies E. */
PgQuery__Node *expr_analyze(const ExprEnv *env, ExprKind kind, const PgQuery__Node *e, const CatObject *rel,
                            const char *domain_base, ExprError *err) WARN_UNUSED;

/* The same; *TYPE (when not NULL) receives E's type as catalog text (malloc'd; NULL when not known). */
PgQuery__Node *expr_analyze_typed(const ExprEnv *env, ExprKind kind, const PgQuery__Node *e,
                                  const CatObject *rel, const char *domain_base, char **type,
                                  ExprError *err) WARN_UNUSED;

/* The output columns of an analyzed query: names and canonical type texts ("?" when not known). */
typedef struct QueryColumns {
	size_t n;
	char **names;
	char **types;
} QueryColumns;

void query_columns_free(QueryColumns *qc);

/* Analyze a view's query (a SelectStmt node): returns the rewritten copy, as pg_get_viewdef prints it
 * (stars expanded, every column reference qualified, output columns named, leaves of set operations named
 * like the view's columns), or NULL with ERR filled. COLS (NCOLS, may be 0) is the view's written column
 * list. When OUT is not NULL it receives the view's columns. */
PgQuery__Node *query_analyze(const ExprEnv *env, const PgQuery__Node *select, const char *const *cols,
                             size_t ncols, QueryColumns *out, ExprError *err) WARN_UNUSED;

void expr_tree_free(PgQuery__Node *n);

/* Analyze BODY, the SQL-standard body of function FNAME (CreateFunctionStmt.sql_body: a ReturnStmt or a
 * list of statements) whose IN parameters are NAMES (NULL entries for unnamed) of types TYPES (N): names
 * resolved (a parameter where no column has the name; `$n` printed by its name), its SELECTs rewritten as
 * pg_get_functiondef prints them. Returns the rewritten copy, or NULL with ERR filled when PostgreSQL
 * rejects it. *DML is set when it holds statements other than SELECT (left as written). */
PgQuery__Node *sqlbody_analyze(const ExprEnv *env, const PgQuery__Node *body, const char *fname,
                               const char *const *names, const char *const *types, size_t n, bool *dml,
                               ExprError *err) WARN_UNUSED;

/* ALTER TYPE ... RENAME VALUE: in TEXT, a stored normalized expression of the role KIND (EXPRK_VIEW: a
 * view's query) of relation REL, the string constants that parse analysis types as ENUM_TYPE (or an array
 * of it: its elements) and hold label OLD get NEWLABEL, as the server's stored constants follow the label.
 * CONTEXT_TYPE is a default's column type, DOMAIN_BASE a domain check's base type. Returns the new text
 * (malloc) or NULL when nothing changes. */
char *expr_rename_enum_label(const ExprEnv *env, ExprKind kind, const char *text, const CatObject *rel,
                             const char *context_type, const char *domain_base, const CatType *enum_type,
                             const char *old, const char *newlabel);

/* ALTER COLUMN TYPE (ATPostAlterTypeParse): stored expression SRC of relation REL in role KIND, as the server
 * prints it, parsed and analysed again against REL as the catalog now has it (its column's new type). Returns
 * the analysed tree (expr_tree_free it; *TYPE, when not NULL, gets its type as catalog text, malloc'd) or
 * NULL, with ERR filled when PostgreSQL refuses it (ERR's location is -1: the error is the statement's).
 * NULL without an error when SRC does not parse. */
PgQuery__Node *expr_reanalyze(const ExprEnv *env, ExprKind kind, const char *src, const CatObject *rel,
                              char **type, ExprError *err) WARN_UNUSED;
/* Can a value of type FROM be assigned to TO (catalog texts; an assignment coercion exists,
 * coerce_to_target_type with COERCION_ASSIGNMENT)? 1 yes, 0 no, -1 the model cannot tell. *TO_NAME (when not
 * NULL) gets TO as format_type_be prints it in messages (malloc'd; NULL when unknown). */
int expr_assignable(const ExprEnv *env, const char *from, const char *to, char **to_name);

/* An index or partition key of type TYPE (catalog text) with access method AM (`btree`, `gist`, ...) and
 * operator class OPCLASS (a pg_catalog class; NULL when none is written), as ResolveOpClass checks it:
 * 1 when PostgreSQL accepts it (*IS_DEFAULT: OPCLASS is AM's default class for TYPE, which
 * pg_get_indexdef does not print), -1 with ERR filled when it refuses it (no such class for AM, a class
 * that does not accept TYPE, no default class for TYPE), 0 when the model cannot tell (an unknown type,
 * an access method of an extension). */
int expr_key_opclass(const ExprEnv *env, const char *am, const char *type, const char *opclass,
                     bool *is_default, ExprError *err);

#endif
