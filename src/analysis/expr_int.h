/* expr_int.h — what expr_type.c (types and coercion), expr_func.c (function and operator resolution),
 * expr.c (the tree walk), expr_ops.c (operators and calls), expr_query.c (queries) and expr_entry.c (entry
 * points) share. Not for use outside src/analysis/expr*.c. */
#ifndef STRATA_ANALYSIS_EXPR_INT_H
#define STRATA_ANALYSIS_EXPR_INT_H

#include "strata.h"
#include "analysis/expr.h"
#include "catalog/builtins.h"
#include "util/arena.h"
#include "util/hmap.h"
#include "util/strbuf.h"

/* A type, as the analysis sees it. Built-in types are process-wide singletons (one per pg_btypes entry);
 * user types are made per analysis (interned by their text, so pointer equality is type equality within
 * one analysis). The opaque type stands for any type the model does not know. */
typedef struct TypeInfo TypeInfo;
struct TypeInfo {
	uint16_t b;           /* index in pg_btypes, or PGB_NONE */
	const CatType *u;     /* user enum/domain/composite/range, or NULL */
	const CatObject *rel; /* row type of a table or view, or NULL */
	const TypeInfo *elem; /* arrays: the element type */
	const TypeInfo *base; /* domains: the base type */
	const TypeInfo *sub;  /* ranges: the subtype */
	const TypeInfo *arr;  /* the array type over this one (user types: made on demand) */
	const char *format;   /* catalog text: `integer`, `public.mood`, `public.mood[]` */
	const char *schema;   /* user types: their schema and name */
	const char *name;
	char typtype;  /* b, c, d, e, p, r, m */
	char category; /* typcategory */
	bool preferred;
	bool opaque;
};

/* An analyzed expression's type and typmod (-1 when none). */
typedef struct XType {
	const TypeInfo *t;
	int32_t typmod;
} XType;

/* Coercion contexts and the pathways find_coercion_pathway returns (parse_coerce.c). */
typedef enum { CC_IMPLICIT = 0, CC_ASSIGNMENT = 1, CC_EXPLICIT = 2 } CoercionCtx;
typedef enum { CP_NONE = 0, CP_FUNC, CP_RELABEL, CP_ARRAYCOERCE, CP_IO } CoercionPath;

typedef struct XQual XQual;
typedef struct XCopy XCopy;

/* Per-analysis state shared by the three files. */
typedef struct Xs {
	const ExprEnv *env;
	Arena a;     /* everything of this analysis (types, scopes, names) */
	HMap utypes; /* user type text → TypeInfo* */
	ExprError *err;
	bool failed; /* an error was reported: the walk unwinds */
	ExprKind kind;
	int depth;    /* nesting, against stack exhaustion */
	XQual *quals; /* column references to qualify after naming */
	/* the expression being analysed sits at the top level of a target list, a ROW() or a VALUES row:
	 * a whole-row reference there prints `t.*::type` (get_variable's istoplevel), left as written */
	const PgQuery__Node *toplevel;
	size_t nquals, capquals;
	size_t conflict_idx; /* select_common_type: the index of the type that did not match */
	char volatility;     /* the most volatile function or operator called ('i', 's', 'v'; 0 none) */
	/* a SQL-standard function body: the function's name and IN parameters (names may be NULL) */
	const char *fname;
	const char *const *pnames;
	XType *ptypes;
	size_t nparams;
	/* called for every literal that becomes a constant of type TARGET (expr_rename_enum_label) */
	void (*on_literal)(void *ud, const PgQuery__Node *lit, const TypeInfo *target);
	void *lit_ud;
	XCopy *copies; /* ORDER BY / GROUP BY items printed as a copy of a target's expression */
	size_t ncopies, capcopies;
	/* a recursive WITH query being analysed: its UNION (REC_QUERY) gives the query's columns once its
	 * non-recursive term is analysed (analyzeCTE), before the recursive term reads them */
	struct XCte *rec_cte;
	const PgQuery__SelectStmt *rec_query;
	const PgQuery__CommonTableExpr *rec_def;
} Xs;

/* A slot to fill with a copy of SRC once the names are chosen (the copy then carries the qualifiers). */
struct XCopy {
	PgQuery__Node **dst;
	const PgQuery__Node *src;
};

#define FUNC_MAX_ARGS_X 100

/* ---- expr_type.c ---- */
const TypeInfo *ty_builtin(uint16_t idx);
const TypeInfo *ty_oid(uint32_t oid); /* a pg_catalog type by oid (never NULL for the OIDs of builtins.h) */
const TypeInfo *ty_opaque(void);
/* The type written as catalog text (`character varying(10)`, `public.mood[]`, `integer`): *TYPMOD gets
 * the modifier when written (else -1). Unknown text gives the opaque type. */
const TypeInfo *ty_from_text(Xs *x, const char *text, int32_t *typmod);
const TypeInfo *ty_user(Xs *x, const CatType *u);
const TypeInfo *ty_rowtype(Xs *x, const CatObject *rel);
const TypeInfo *ty_array_of(Xs *x, const TypeInfo *t); /* NULL when there is none */
const TypeInfo *ty_base(const TypeInfo *t);            /* getBaseType: domains flattened */
bool ty_is(const TypeInfo *t, uint32_t oid);
bool ty_is_polymorphic(const TypeInfo *t);
bool ty_is_complex(const TypeInfo *t);  /* a composite (row) type */
const char *ty_name(const TypeInfo *t); /* format_type_be text for messages: `integer`, `mood` */
/* The catalog's canonical text of T with TYPMOD (`character varying(10)`, `public.mood[]`); "?" when
 * opaque. */
const char *ty_text(Xs *x, const TypeInfo *t, int32_t typmod);

CoercionPath find_coercion_pathway(const TypeInfo *target, const TypeInfo *source, CoercionCtx cc);
/* IsBinaryCoercible: SRC's values are TARGET's (the same type, a domain over it, an array / enum / range /
 * composite for the matching pseudo-type, or an implicit binary pg_cast). */
bool ty_binary_coercible(const TypeInfo *src, const TypeInfo *target);
/* What a coercion from SOURCE to TARGET counts as in an immutability check (contain_mutable_functions: the
 * cast function's provolatile, an I/O conversion's input and output functions; 'i' for a relabelling). */
char coercion_volatility(const TypeInfo *target, const TypeInfo *source);
bool can_coerce_type(Xs *x, size_t n, const TypeInfo *const *in, const TypeInfo *const *target,
                     CoercionCtx cc);
/* select_common_type over N types (NULL entries skipped; UNKNOWN resolves to text at the end). Returns NULL
 * when the categories conflict (*CONFLICT gets the first type that did not match) and the opaque type when
 * any input is opaque. */
const TypeInfo *select_common_type(Xs *x, size_t n, const TypeInfo *const *types, const TypeInfo **conflict);
bool verify_common_type(Xs *x, const TypeInfo *common, size_t n, const TypeInfo *const *types);
bool check_generic_type_consistency(Xs *x, size_t n, const TypeInfo *const *actual,
                                    const TypeInfo *const *declared);
/* Resolve the declared polymorphic types of a call whose actual argument types are ACTUAL: DECLARED is
 * rewritten in place with the resolved types, and the resolved result type is returned (RET when not
 * polymorphic). NULL when it cannot be determined (then the call is opaque). */
const TypeInfo *enforce_generic_type_consistency(Xs *x, size_t n, const TypeInfo *const *actual,
                                                 const TypeInfo **declared, const TypeInfo *ret);

/* ---- expr_func.c ---- */

/* A function or operator candidate: the argument types it takes (after variadic expansion and default
 * trimming), its result. */
typedef struct Cand {
	const TypeInfo **args;
	size_t nargs;
	const TypeInfo *ret;
	bool retset;
	char kind;               /* f, a, w; o for operators */
	char volatility;         /* i, s, v ('?' unknown) */
	int path_pos;            /* position of its schema in the search path (pg_catalog's included) */
	bool uses_defaults;      /* the call leaves out defaulted arguments */
	bool expanded_variadic;  /* the trailing arguments are elements of its VARIADIC array */
	const TypeInfo *vartype; /* the VARIADIC element type when expanded */
	bool variadic_any;       /* VARIADIC "any" */
	const CatFunction *user; /* a user function, else NULL */
	const char *opfunc;      /* operators: the name of the function behind it */
	const char *sqlsrc;      /* a built-in LANGUAGE sql function's body (PgBFunc.sqlsrc), or NULL */
	size_t *argmap;          /* named notation: call argument i goes to position argmap[i] */
	bool ambiguous;          /* two candidates with the same signature (defaults): not unique */
	size_t nominal;          /* the declared IN argument count (before variadic expansion) */
} Cand;

typedef enum { FD_NOTFOUND, FD_NORMAL, FD_COERCION, FD_MULTIPLE } FuncDetail;

/* func_get_detail: pick the function SCHEMA.NAME (SCHEMA NULL: on the path) for a call with NARGS
 * arguments of types ARGTYPES (ARGNAMES: NULL or a name per argument for named notation, NULL entries for
 * positional ones). *OUT gets the chosen candidate for FD_NORMAL; *OPAQUE is set when the model cannot
 * tell (a candidate or argument of an unknown type). */
FuncDetail func_get_detail(Xs *x, const char *schema, const char *name, size_t nargs,
                           const TypeInfo *const *argtypes, const char *const *argnames, bool allow_variadic,
                           Cand *out, bool *opaque);
/* oper(): the binary (LEFT non-NULL) or prefix operator NAME for the operand types. */
FuncDetail oper_select(Xs *x, const char *schema, const char *name, const TypeInfo *left,
                       const TypeInfo *right, Cand *out, bool *opaque);
/* Is NAME the name of a pg_catalog type or a user type on the path (for `typename(x)` coercions)? */
const TypeInfo *func_name_as_type(Xs *x, const char *schema, const char *name);

/* ---- scopes (expr.c, expr_query.c) ---- */

/* One column of a range-table entry. */
typedef struct XCol {
	const char *name;
	XType type;
	bool generated; /* a generated column (its use in another generation expression is an error) */
	bool system;    /* ctid, xmin, ...: found by name, not by `*` */
} XCol;

/* A range-table entry: a relation, sub-query, function, CTE or join of a FROM clause, or the relation an
 * expression belongs to. Its printed name (refname) is chosen after the whole query is analyzed, as
 * ruleutils' set_rtable_names does; column references to it are qualified then. */
typedef struct XRte {
	const char *eref;      /* the name a qualified reference uses: alias, else relation name */
	const char *refname;   /* the name the deparser prints (eref made unique), set by the naming pass */
	const char *relname;   /* a relation's own name (RangeVar relname), NULL otherwise */
	const CatObject *rel;  /* the relation, or NULL */
	PgQuery__RangeVar *rv; /* the FROM item that names it (gets an alias when refname differs) */
	PgQuery__Alias
	    *alias; /* the FROM item's alias node, when it has one (renamed when refname differs) */
	XCol *cols;
	size_t ncols;
	bool cols_known; /* the column list is complete (else names not found in it are opaque) */
	bool is_join;    /* an unnamed join: no refname; its columns come from its inputs */
	/* join columns: where each came from (the input rte and its column), NULL for a merged FULL JOIN
	 * USING column (printed unqualified) */
	struct XRte **col_src;
	size_t *col_src_idx;
	bool named; /* has a refname (not an unnamed join) */
	/* a function in FROM: the deparser always prints `alias(col, ...)` for it */
	PgQuery__RangeFunction *func;
} XRte;

/* One query level (the expression's own, a sub-query's, a view's). */
typedef struct XLevel {
	struct XLevel *up;
	struct XRte **rtes; /* every entry of this level, in range-table order (naming) */
	size_t nrtes, caprtes;
	struct XRte **ns_rel; /* entries visible to qualified references */
	size_t nns_rel, capns_rel;
	struct XRte **ns_col; /* entries visible to unqualified column references */
	size_t nns_col, capns_col;
	bool qualify;         /* the deparser prefixes column references at this level (varprefix) */
	int nvars;            /* column references resolved to this level so far */
	const char **preload; /* names taken before this level's own (the OLD/NEW entries of a view) */
	size_t npreload;
	struct XLevel **children; /* sub-query levels, for the naming pass */
	size_t nchildren, capchildren;
	bool query;        /* a query level (aggregates, sub-queries allowed) */
	bool names_hidden; /* a sub-link's query: the deparser shows only output names that matter */
	bool hidden; /* while a non-LATERAL FROM item is analysed, this level's entries are not visible */
	XType value_type;  /* domain checks: the type of VALUE */
	struct XCte *ctes; /* WITH queries of this level, visible to FROM here and below */
	size_t nctes;
} XLevel;

/* A WITH query: its name and columns (unknown for a recursive one). */
typedef struct XCte {
	const char *name;
	XCol *cols;
	size_t ncols;
	bool known;
} XCte;

/* A column reference to qualify with its entry's refname once names are chosen. */
struct XQual {
	PgQuery__ColumnRef *cr;
	XRte *rte;
	const char *colname; /* NULL: a whole-row reference, printed `refname.*` */
};

XLevel *level_new(Xs *x, XLevel *up);
void push_ns_col(Xs *x, XLevel *lv, XRte *r);
void level_add_ns_rel(Xs *x, XLevel *lv, XRte *r);
/* Occurrences of column NAME in R (see expr.c). */
int rte_find_col(const XRte *r, const char *name, size_t *idx);
/* A reference CR at level LV to column IDX of R: recorded for qualification, or printed bare. */
void place_col_ref(Xs *x, XLevel *lv, PgQuery__ColumnRef *cr, XRte *r, size_t idx);
/* An entry for relation REL (its columns and their types) referred to as EREF. */
XRte *rte_for_relation(Xs *x, const CatObject *rel, const char *eref);
void level_add_rte(Xs *x, XLevel *lv, XRte *r, bool rel_visible, bool cols_visible);

/* ---- expr.c ---- */
void xs_error(Xs *x, const char *sqlstate, const char *rule, int location, const char *hint, const char *fmt,
              ...) PRINTF_LIKE(6, 7);
/* Transform the expression at *SLOT at level LV; returns its type. */
XType xf_expr(Xs *x, PgQuery__Node **slot, XLevel *lv);
/* Coerce the expression at *SLOT of type FROM to TARGET (coerce_type); SHOW: the deparser prints the
 * implicit coercion here (then it becomes an explicit cast in the tree). False when there is no
 * coercion pathway. */
bool coerce_slot(Xs *x, PgQuery__Node **slot, XType from, const TypeInfo *target, CoercionCtx cc, bool show);
PgQuery__Node *node_copy(const PgQuery__Node *n);
void node_free(PgQuery__Node *n);

/* Helpers of the walk (expr.c), for expr_ops.c and expr_entry.c. Nodes are malloc'd protobuf messages. */
PgQuery__Node *mk_node(void);
PgQuery__Node *mk_string(const char *s);
PgQuery__Node *mk_int(int v);
const char *str_of(const PgQuery__Node *n);
/* *SLOT becomes `(*SLOT)::T`. */
void wrap_cast(Xs *x, PgQuery__Node **slot, const TypeInfo *t);
PgQuery__Node *mk_aexpr(PgQuery__AExprKind kind, const char *op, PgQuery__Node *l, PgQuery__Node *r,
                        int location);
/* A BoolExpr of OP over ARGS (owned), flattened as the grammar builds one from its printed text. */
PgQuery__Node *mk_bool(PgQuery__BoolExprType op, PgQuery__Node **args, size_t n, int location);
XType xt(const TypeInfo *t);
XType xt_opaque(void);
bool is_unknown_const(const PgQuery__Node *n); /* a string literal or NULL: type unknown */
XType typename_type(Xs *x, const PgQuery__TypeName *tn);
/* coerce_to_boolean for clause CONSTRUCT (never printed but for a literal). */
void to_boolean(Xs *x, PgQuery__Node **slot, XType t, const char *construct, int location);
const char *kind_words(ExprKind k);
void note_volatility(Xs *x, char v);
int expr_location(const PgQuery__Node *n); /* exprLocation: the leftmost position, -1 when none */
void xs_init(Xs *x, const ExprEnv *env, ExprKind kind, ExprError *err);
void xs_release(Xs *x);
/* expr_ops.c: the A_Expr forms and function calls. */
XType xf_aexpr(Xs *x, PgQuery__Node **slot, XLevel *lv);
XType xf_func(Xs *x, PgQuery__Node **slot, XLevel *lv);
/* expr_row.c: comparisons of two row constructors (make_row_comparison_op, make_row_distinct_op). */
bool xf_is_row_pair(const PgQuery__AExpr *a); /* both sides are row constructors */
/* `ROW(...) OP ROW(...)`: = as AND, <> as OR of the pairs' comparisons, < <= > >= as a ROW compare. */
XType xf_row_compare(Xs *x, PgQuery__Node **slot, XLevel *lv, const char *op);
/* `ROW(...) IS DISTINCT FROM ROW(...)`: the OR of the pairs' IS DISTINCT FROM. */
XType xf_row_distinct(Xs *x, PgQuery__Node **slot, XLevel *lv);
/* An operator's signature for messages: `integer = text`, `- text`. */
void op_signature(StrBuf *sb, const char *op, const TypeInfo *l, const TypeInfo *r);

/* ---- expr_query.c ---- */
/* Analyze the SELECT at *SLOT as a sub-query of level UP (NULL for a view's top query); OUT receives its
 * output columns (names and types). */
void xf_select(Xs *x, PgQuery__SelectStmt *s, XLevel *up, XCol **out, size_t *nout, bool top_view,
               const char *const *cols, size_t ncols);
/* The same for a sub-link's query (EXISTS, IN, scalar and ARRAY sub-queries). */
void xf_sublink_select(Xs *x, PgQuery__SelectStmt *s, XLevel *up, XCol **out, size_t *nout);
/* The naming pass: choose refnames top-down from LV, then qualify every recorded column reference. */
void xs_name_levels(Xs *x, XLevel *lv);
void xs_add_qual(Xs *x, PgQuery__ColumnRef *cr, XRte *r, const char *colname);

#endif
