/* catalog.h — the in-memory schema model. The same structures are filled three ways: by replaying migration
 * files (analysis/replay*.c), from a desired-state SQL file, and by introspecting a live server (db/), so
 * that any two catalogs can be compared. Every object starts with a CatObject header; all memory lives in the
 * catalog's arena; lookups go through hash maps keyed by identity strings (see "Identities" below).
 *
 * Text conventions (shared with introspection, so that two catalogs compare equal as strings):
 *  - names are stored as PostgreSQL stores them (already case-folded, without quotes);
 *  - types are canonical format_type() text: `integer`, `character varying(255)`, `timestamp with time
 *    zone`, `text[]`, `numeric(10,2)`; types outside pg_catalog are always schema-qualified (`public.mood`,
 *    `public.mood[]`), quoted where quote_ident would quote them;
 *  - expressions (defaults, checks, index expressions and predicates, view definitions, policy USING/WITH
 *    CHECK, trigger WHEN, generated columns) are normalized text from expr_normalize() (catalog/normalize.h);
 *    the rules are in docs/normalization.md. Introspection passes pg_get_expr()/pg_get_viewdef() output
 *    through the same normalizer (expr_normalize_sql()).
 *
 * Identities (CatObject.identity, the hash-map keys), quoted as quote_ident() would:
 *    schema      public                       extension   pgcrypto
 *    relation    public.users   (tables, views, matviews, sequences, indexes: one namespace, as pg_class)
 *    type        public.mood                  function    public.f(integer, text)   (IN/INOUT/VARIADIC args)
 *    constraint  public.users.users_pkey      trigger     public.users.trg_x        policy  public.users.p
 *  cat_ident_*() build them. */
#ifndef STRATA_CATALOG_CATALOG_H
#define STRATA_CATALOG_CATALOG_H

#include "strata.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/hmap.h"
#include "util/strbuf.h"

typedef enum ObjKind {
	OBJ_SCHEMA = 0,
	OBJ_EXTENSION,
	OBJ_TYPE,
	OBJ_FUNCTION,
	OBJ_SEQUENCE,
	OBJ_TABLE,
	OBJ_VIEW,
	OBJ_MATVIEW,
	OBJ_INDEX,
	OBJ_CONSTRAINT,
	OBJ_TRIGGER,
	OBJ_POLICY,
	OBJ__COUNT
} ObjKind;

/* A growable array of pointers whose storage lives in the catalog arena (grows by doubling; the old block
 * is abandoned to the arena). */
typedef struct PtrList {
	void **items;
	size_t n, cap;
} PtrList;

/* Where an object was created (or, for introspected objects, nothing: all fields zero/NULL). */
typedef struct CatLoc {
	const char *version; /* migration version ("20240101000000"), NULL outside a migration history */
	const char *file;    /* path as given to replay */
	int line, col;       /* 1-based; 0 = unknown */
} CatLoc;

/* Dependency types, as pg_depend's deptype (catalog/dependency.c's rules, see catalog_drop_plan):
 *  DEP_NORMAL   DROP ... RESTRICT of the referenced object fails; CASCADE drops the dependent
 *               (FK → referenced columns, view → relations and columns, trigger → function, column → its
 *               type, column default → sequence/function/type, generation expression → other columns);
 *  DEP_AUTO     the dependent goes silently with the referenced object (index/constraint → the columns it
 *               covers, trigger/policy → its table, sequence OWNED BY → column, partition → parent);
 *  DEP_INTERNAL the dependent is part of the referenced object (index backing a PK/UNIQUE constraint,
 *               identity sequence → its column): dropping it alone is refused ("X requires it"), and
 *               reaching it from elsewhere drops its owner instead;
 *  DEP_PARTITION_PRI / _SEC  a partition's copy of its parent's index or key: goes with the parent's (PRI)
 *               or with the partition (SEC), and cannot be dropped alone. */
typedef enum DepType {
	DEP_NORMAL = 'n',
	DEP_AUTO = 'a',
	DEP_INTERNAL = 'i',
	DEP_PARTITION_PRI = 'P',
	DEP_PARTITION_SEC = 'S'
} DepType;

typedef struct CatObject CatObject;

/* One pg_depend row: the dependent (this object, or one of its columns, or that column's default /
 * generation expression) depends on ON (or on one of ON's columns). */
typedef struct CatDep {
	CatObject *on;
	const char *column;      /* referenced column of ON, or NULL for the whole object */
	const char *from_column; /* the dependent sub-object: a column of this table (attribute of this
	                            composite type), or NULL for the whole object */
	bool from_default;       /* the dependent is FROM_COLUMN's default or generation expression */
	bool as_type;            /* ON (a table or view) is referenced as its row type (for messages) */
	DepType type;
} CatDep;

/* The common header: first member of every object struct, so (CatObject *) casts are valid. */
struct CatObject {
	ObjKind kind;
	const char *schema;   /* NULL for schemas and extensions */
	const char *name;     /* unqualified, as stored by PostgreSQL */
	const char *identity; /* see "Identities"; the key in Catalog.by_kind[kind] */
	CatObject *owner;     /* the table (or view) of a constraint/index/trigger/policy; NULL otherwise */
	CatDep *deps;         /* objects this one depends on (arena array) */
	size_t ndeps, capdeps;
	PtrList rdeps;       /* objects that depend on this one (reverse edges, for DROP) */
	CatLoc origin;       /* where it was created */
	const char *comment; /* COMMENT ON, or NULL */
	/* the role that owns it (pg_class.relowner & co), NULL when not known (introspected, or a part of
	 * another object: constraints, indexes, triggers and policies are their table's); catalog/role.h */
	const char *rolowner;
	uint32_t seq; /* creation order in this catalog, for stable output */
	bool dropped; /* dropped objects stay in the arena but leave every map and list */
};

/* ---- roles (cluster-wide; catalog/role.h) ---- */

/* A role the model knows: created by CREATE ROLE in what was replayed, or assumed (the user a replay starts
 * as, a superuser when nothing else is known). MEMBER_OF: the roles it was granted (pg_auth_members). */
typedef struct CatRole {
	const char *name;
	bool superuser;
	bool inherit; /* INHERIT (the default): it has the privileges of the roles it is a member of */
	bool assumed; /* not created by CREATE ROLE: its attributes are a guess, it is never a duplicate */
	const char **member_of;
	size_t nmember_of, capmember_of;
} CatRole;

typedef struct CatRoles {
	PtrList list;             /* CatRole*, in creation order */
	bool complete;            /* LIST is every role of the server: a role not in it does not exist */
	const char *login_role;   /* the user a session connects as */
	const char *session_role; /* session_user (SET SESSION AUTHORIZATION); current_user is the replay's */
} CatRoles;

/* ---- schemas, extensions ---- */

typedef struct CatSchema {
	CatObject h;
	const char *owner_role; /* AUTHORIZATION role, or NULL (informational; ownership is not compared) */
	/* its ACL when the model knows it (a schema the history created: only its owner, plus what GRANT ...
	 * ON SCHEMA added): the roles ("public" for PUBLIC) granted CREATE and USAGE */
	bool acl_known;
	const char **create_to, **usage_to;
	size_t ncreate_to, nusage_to;
	/* the extension that made it (catalog/extensions.h), NULL for a schema of its own: CREATE EXTENSION
	 * makes it again, so it is never dumped, diffed or compared apart from the extension */
	const char *made_by_ext;
} CatSchema;

/* Objects created by an extension are not modelled: an extension is its name, schema and version. */
typedef struct CatExtension {
	CatObject h;
	const char *ext_schema; /* schema the extension was installed into */
	const char *version;    /* NULL when not given */
} CatExtension;

/* ---- types ---- */

typedef enum CatTypeKind {
	TYPE_ENUM = 'e',
	TYPE_DOMAIN = 'd',
	TYPE_COMPOSITE = 'c',
	TYPE_RANGE = 'r',
	TYPE_BASE = 'b', /* defined by C/internal I/O functions (CREATE TYPE name (INPUT = ..., ...)) */
	TYPE_SHELL = 'p' /* a placeholder not yet defined: CREATE TYPE name; or a C function's result */
} CatTypeKind;

typedef struct CatAttr { /* composite type attribute */
	const char *name;
	const char *type;      /* canonical type text */
	const char *collation; /* NULL = default */
} CatAttr;

typedef struct CatDomainCheck {
	const char *name; /* constraint name (PostgreSQL's default: <domain>_check) */
	const char *expr; /* normalized; VALUE as written */
	bool not_valid;
} CatDomainCheck;

typedef struct CatType {
	CatObject h;
	CatTypeKind type_kind;
	/* TYPE_ENUM */
	const char **labels; /* in sort order */
	size_t nlabels;
	/* TYPE_DOMAIN */
	const char *base_type; /* canonical type text */
	bool not_null;
	const char *default_expr;
	const char *collation;
	CatDomainCheck *checks;
	size_t nchecks;
	/* TYPE_COMPOSITE */
	CatAttr *attrs;
	size_t nattrs;
	/* TYPE_BASE: typstorage ('p' plain, 'e' external, 'x' extended, 'm' main); 0 when not known */
	char storage;
	/* TYPE_RANGE */
	const char *subtype;
	const char *multirange; /* the name of its multirange type (same schema), made with it */
} CatType;

/* ---- functions and procedures ---- */

typedef struct CatFunction {
	CatObject h;
	bool is_procedure;
	bool is_window;            /* CREATE FUNCTION ... WINDOW (prokind 'w'; replay only: not compared) */
	const char **arg_types;    /* canonical types of every argument, in order */
	const char **arg_names;    /* NULL entries for unnamed */
	char *arg_modes;           /* 'i' in, 'o' out, 'b' inout, 'v' variadic, 't' table; NUL-terminated */
	const char **arg_defaults; /* normalized default expression per argument, NULL entries when none */
	size_t nargs;
	const char *returns; /* canonical: `integer`, `SETOF public.t`, `TABLE(a integer)`, `trigger`, `void`;
	                        NULL for procedures */
	const char *language; /* `plpgsql`, `sql`, ... */
	char volatility;      /* 'i', 's', 'v' (default 'v') */
	char parallel;        /* 's' safe, 'r' restricted, 'u' unsafe (default 'u') */
	bool security_definer;
	bool strict;
	const char *body; /* opaque: the body as written (not normalized, not analysed) */
} CatFunction;

/* ---- relations ---- */

typedef enum IdentityKind { IDENT_NONE = 0, IDENT_ALWAYS = 'a', IDENT_BY_DEFAULT = 'd' } IdentityKind;

typedef struct CatColumn {
	const char *name;
	const char *type;      /* canonical type text */
	const char *collation; /* NULL = the type's default */
	bool not_null;
	const char *default_expr; /* normalized, NULL when none (identity/generated columns have none) */
	IdentityKind identity;
	struct CatSequence *identity_seq; /* the implicit sequence of an identity column */
	const char *generated; /* GENERATED ALWAYS AS (expr) STORED: normalized expression, else NULL */
	/* the default / generation expression as the server prints it (pg_get_expr: implicit casts shown,
	 * constants typed), which ALTER COLUMN TYPE starts from (normalization drops what it needs); NULL
	 * when not known */
	const char *default_src, *generated_src;
	const char *comment;
	CatLoc origin;
	bool is_local; /* false when only inherited */
	int inhcount;  /* number of parents it comes from */
	/* attstorage when set apart from the type's default (ALTER COLUMN SET STORAGE, then inherited and
	 * copied by LIKE INCLUDING STORAGE): 'p', 'e', 'x', 'm'; 0 = the type's default (replay only) */
	char storage;
	/* attcompression when named: "pglz" or "lz4" (static strings), NULL = the default; inherited, set by
	 * COMPRESSION and SET COMPRESSION, reset by ALTER TYPE (replay only) */
	const char *compression;
	/* a column of CREATE TABLE AS whose type the model could not derive (an expression it does not
	 * type): TYPE holds "unknown"; comparisons skip it and squash refuses to write it */
	bool type_unknown;
} CatColumn;

typedef enum RelKind { REL_ORDINARY = 'r', REL_PARTITIONED = 'p' } RelKind;

typedef struct CatTable {
	CatObject h;
	RelKind relkind;
	bool unlogged;
	bool rls_enabled, rls_forced;
	PtrList columns;               /* CatColumn*, in attnum order (dropped columns removed) */
	HMap colmap;                   /* column name → CatColumn* */
	PtrList inherits;              /* CatTable* parents (INHERITS), in order */
	struct CatTable *partition_of; /* PARTITION OF parent, or NULL */
	const char *partition_bound;   /* normalized `FOR VALUES ...` / `DEFAULT` text */
	const char *partition_key;     /* `RANGE (created_at)` etc. for partitioned tables, normalized */
	PtrList constraints;           /* CatConstraint*, creation order */
	PtrList indexes;               /* CatIndex*, including constraint-backing indexes */
	PtrList triggers;              /* CatTrigger* */
	PtrList policies;              /* CatPolicy* */
	bool on_commit_drop;           /* a temporary table created ON COMMIT DROP (replay only) */
	/* its partitions ("p<name>") and inheritance children ("i<name>") that are foreign tables, which the
	 * model does not hold, one per line (replay only: analysis/replay_foreign.c) */
	const char *foreign_children;
} CatTable;

typedef enum ConType {
	CON_PRIMARY = 'p',
	CON_UNIQUE = 'u',
	CON_FOREIGN = 'f',
	CON_CHECK = 'c',
	CON_EXCLUSION = 'x'
} ConType;

/* FK actions and match types as pg_constraint spells them. */
typedef enum FkAction {
	FK_NO_ACTION = 'a',
	FK_RESTRICT = 'r',
	FK_CASCADE = 'c',
	FK_SET_NULL = 'n',
	FK_SET_DEFAULT = 'd'
} FkAction;
typedef enum FkMatch { FK_MATCH_SIMPLE = 's', FK_MATCH_FULL = 'f', FK_MATCH_PARTIAL = 'p' } FkMatch;

typedef struct CatConstraint {
	CatObject h; /* h.owner = the table (or the domain's CatType for domain checks: unused) */
	ConType contype;
	const char **columns; /* key columns (p/u/f), or columns an x constraint uses; NULL for c */
	size_t ncolumns;
	/* FOREIGN KEY */
	struct CatTable *ref_table;
	/* the referenced table when it is not in this catalog (introspection of some schemas only: a key to a
	 * table of another schema); ref_table is NULL then */
	const char *ref_schema, *ref_name, *ref_identity;
	const char **ref_columns; /* as written, or the referenced PK's columns when omitted */
	size_t nref_columns;
	FkAction on_update, on_delete;
	FkMatch match;
	/* all kinds */
	bool deferrable, initially_deferred;
	bool not_valid;          /* added NOT VALID and not yet validated */
	bool no_inherit;         /* CHECK ... NO INHERIT */
	int inhcount;            /* CHECK: the parents it is inherited from (coninhcount; replay only) */
	bool is_local;           /* ... and defined by the table itself too (conislocal; replay only) */
	bool nulls_not_distinct; /* UNIQUE NULLS NOT DISTINCT */
	const char *check_expr;  /* CHECK: normalized expression */
	const char *check_src;   /* ... as the server prints it, which it re-parses on ALTER COLUMN TYPE */
	const char *exclusion;   /* EXCLUDE: normalized `USING gist (c WITH &&)` text */
	struct CatIndex *index;  /* the index backing p/u/x */
} CatConstraint;

typedef enum NullsOrder { NULLS_DEFAULT = 0, NULLS_FIRST, NULLS_LAST } NullsOrder;

typedef struct CatIndexElem {
	const char *column;    /* key column, or NULL for an expression */
	const char *attname;   /* the index column's name when it differs from COLUMN (pg_attribute of the
	                        * index keeps the name of CREATE INDEX through a RENAME COLUMN), or NULL */
	const char *expr;      /* normalized expression, or NULL */
	const char *expr_src;  /* ... as the server prints it (NULL when not known) */
	const char *collation; /* NULL = default */
	const char *opclass;   /* NULL = default; qualified only outside pg_catalog */
	bool desc;
	NullsOrder nulls; /* NULLS_DEFAULT when it is the default for the direction */
} CatIndexElem;

typedef struct CatIndex {
	CatObject h; /* h.owner = the table (or materialized view) */
	bool unique;
	bool nulls_not_distinct;
	const char *method; /* `btree`, `gin`, `gist`, `hash`, `brin`, ... */
	CatIndexElem *keys;
	size_t nkeys;
	const char **include; /* INCLUDE columns */
	size_t ninclude;
	const char *predicate;            /* WHERE: normalized, or NULL */
	const char *predicate_src;        /* ... as the server prints it (NULL when not known) */
	struct CatConstraint *constraint; /* the constraint it backs, or NULL */
} CatIndex;

typedef struct CatSequence {
	CatObject h;
	const char *data_type; /* `bigint` (default), `integer`, `smallint` */
	int64_t start, increment, min, max, cache;
	bool cycle;
	struct CatTable *owned_by_table; /* OWNED BY table.column, or NULL */
	const char *owned_by_column;
	bool is_identity; /* implicit sequence of an identity column */
} CatSequence;

typedef struct CatView { /* OBJ_VIEW and OBJ_MATVIEW */
	CatObject h;
	const char *definition; /* normalized SELECT text */
	const char **columns;   /* output column names, in order (explicit list, or derived where simple) */
	size_t ncolumns;
	bool explicit_columns; /* the column list was written (CREATE VIEW v (a, b) AS ...) */
	/* canonical types of the output columns, from the analysis of the query (replay only; "?" when not
	 * known); valid only while ncolumn_types == ncolumns */
	const char **column_types;
	size_t ncolumn_types;
	const char *check_option; /* NULL, "local", "cascaded" */
	bool with_data;           /* materialized views: WITH [NO] DATA */
	/* Relations (and columns) used are recorded as DEP_NORMAL dependencies in h.deps. */
	PtrList indexes; /* CatIndex* on a materialized view */
} CatView;

/* ---- triggers, policies ---- */

enum { TRIG_INSERT = 1, TRIG_DELETE = 2, TRIG_UPDATE = 4, TRIG_TRUNCATE = 8 };
typedef enum TrigTiming { TRIG_BEFORE = 'b', TRIG_AFTER = 'a', TRIG_INSTEAD = 'i' } TrigTiming;

typedef struct CatTrigger {
	CatObject h; /* h.owner = the table or view */
	TrigTiming timing;
	int events;                  /* TRIG_* bits */
	const char **update_columns; /* UPDATE OF columns */
	size_t nupdate_columns;
	bool for_each_row;
	const char *function; /* identity of the function called (`public.f()`) */
	const char **args;    /* trigger arguments as string constants */
	size_t nargs;
	const char *when_expr;  /* normalized, or NULL */
	bool is_constraint;     /* CREATE CONSTRAINT TRIGGER */
	bool transition_tables; /* REFERENCING OLD/NEW TABLE (replay only: not compared) */
	bool deferrable, initially_deferred;
	char enabled; /* 'O' origin (default), 'D' disabled, 'R' replica, 'A' always */
} CatTrigger;

typedef struct CatPolicy {
	CatObject h; /* h.owner = the table */
	bool permissive;
	const char *command; /* "all", "select", "insert", "update", "delete" */
	const char **roles;  /* role names; {"public"} when none given */
	size_t nroles;
	const char *using_expr;      /* normalized, or NULL */
	const char *with_check_expr; /* normalized, or NULL */
} CatPolicy;

/* ---- the catalog ---- */

typedef struct Catalog {
	Arena arena;              /* owns every object and string */
	HMap by_kind[OBJ__COUNT]; /* identity → CatObject*, per kind */
	HMap relations;  /* relation identity (schema.name) → CatObject* (table/view/matview/sequence/
	                    index: pg_class's namespace, for "already exists" and resolution) */
	HMap types;      /* type identity → CatType* (table row types are not entered) */
	HMap func_names; /* `schema.name` → PtrList* of CatFunction overloads */
	PtrList all;     /* every object ever created, in creation order (dropped ones flagged) */
	uint32_t next_seq;
	/* the dependencies are all recorded (built by replay, or derived once by it from the definitions of a
	 * catalog read from a server, which records few) */
	bool deps_complete;
	/* the search_path last set by replay (schema names, `$user` resolved; strings in ARENA): the text and
	 * JSON dumps print expressions relative to it, as the server would under it (stored expressions name
	 * objects by identity, schema-qualified) */
	const char **search_path;
	size_t nsearch_path;
	CatRoles roles; /* the roles the model knows and the session's user (catalog/role.h) */
} Catalog;

/* Create an empty catalog. It holds no schema: replay adds `public` (and pg_catalog is implicit);
 * introspection adds what the server has. Free with catalog_free (NULL is fine). */
Catalog *catalog_new(void);
void catalog_free(Catalog *cat);
/* A deep copy of SRC (every object, dropped ones included, every string, the maps in the same iteration
 * order) in a new arena; catalog_free() it. Objects keep their creation numbers: the copy of
 * SRC->all.items[i] is the copy's all.items[i]. NULL when SRC breaks that invariant (an object not made by
 * catalog_add). Cost: linear in the size of SRC (catalog/clone.c). */
Catalog *catalog_clone(const Catalog *src);
/* Put CAT back in the state of SNAP, a catalog_clone() of CAT taken earlier (SNAP is not changed: it can be
 * restored again). In place: objects that existed in SNAP keep their address in CAT (pointers others hold
 * stay valid and see the restored state); objects made since are flagged dropped and leave Catalog.all;
 * strings and arrays that did not change are kept, so a restore allocates only what changed. Returns 0, or
 * -1 (nothing changed) when SNAP is not an earlier state of CAT. Cost: linear in the size of SNAP. */
int catalog_restore(Catalog *cat, const Catalog *snap) WARN_UNUSED;
/* Size of the struct of an object of KIND (CatTable for OBJ_TABLE, ...). */
size_t catalog_kind_size(ObjKind kind);

const char *
obj_kind_name(ObjKind k); /* "table", "materialized view", "index", ... as PostgreSQL words them */

/* Identities (arena strings). SCHEMA may be NULL for schema-less kinds. */
const char *cat_ident_qualified(Catalog *cat, const char *schema, const char *name);
const char *cat_ident_member(Catalog *cat, const char *schema, const char *table, const char *name);
/* Function identity from its name and canonical IN/INOUT/VARIADIC argument types. */
const char *cat_ident_function(Catalog *cat, const char *schema, const char *name,
                               const char *const *arg_types, size_t nargs);
/* Append NAME quoted as quote_ident() would (quotes only when needed, keywords included). */
void cat_quote_ident(StrBuf *sb, const char *name);
/* SCHEMA.NAME, each part quoted as above (SCHEMA may be NULL: NAME alone). */
void cat_quote_qualified(StrBuf *sb, const char *schema, const char *name);
/* S as a standard SQL string literal ('' doubled; standard_conforming_strings is on in PostgreSQL >= 9.1). */
void cat_quote_literal(StrBuf *sb, const char *s);
bool cat_ident_needs_quotes(const char *name);

/* Allocate an object of KIND (the right struct size), fill the header, enter it into the maps. The caller
 * must have checked for duplicates. OWNER is the table/view for member kinds, else NULL. Never fails. */
CatObject *catalog_add(Catalog *cat, ObjKind kind, const char *schema, const char *name, CatObject *owner,
                       const CatLoc *origin);
/* Enter a function into the maps once its arg_types/arg_modes are filled (its identity depends on them);
 * catalog_add does this for every other kind. */
void catalog_function_register(Catalog *cat, CatFunction *f);
/* Record that FROM (the whole object) depends on ON (optionally on ON's COLUMN). Also records the reverse
 * edge. A whole object never depends on itself (the call is ignored). */
void catalog_add_dep(Catalog *cat, CatObject *from, CatObject *on, const char *column, DepType type);
/* Record that column FROM_COLUMN of FROM (its default / generation expression when FROM_DEFAULT) depends on
 * ON (on ON's COLUMN when not NULL). FROM may be ON (a generation expression using another column).
 * Returns the recorded dependency (valid until FROM's next one is added), or NULL when there is none to
 * record (an object on itself). */
CatDep *catalog_add_subdep(Catalog *cat, CatObject *from, const char *from_column, bool from_default,
                           CatObject *on, const char *column, DepType type);
/* Remove FROM's dependencies on ON (all of them when COLUMN is NULL, else only those on COLUMN). */
void catalog_remove_dep(CatObject *from, CatObject *on, const char *column);
/* Remove FROM's dependencies of type A or B (DETACH PARTITION: the PARTITION ones). */
void catalog_remove_deps_of_type(CatObject *from, DepType a, DepType b);
/* Remove the dependencies of FROM's column FROM_COLUMN: those of the column itself when COLUMN_TOO, those of
 * its default / generation expression when DEFAULT_TOO. */
void catalog_remove_subdeps(CatObject *from, const char *from_column, bool column_too, bool default_too);

/* Lookups by parts (no search path: resolution lives in replay). NULL when absent or dropped. */
CatObject *catalog_find(const Catalog *cat, ObjKind kind, const char *identity);
CatSchema *catalog_find_schema(Catalog *cat, const char *name);
/* Whether COMMENT on schema NAME is initdb's own ("standard public schema" on public): no one's schema
 * sets it, so the catalog keeps none (docs/normalization.md); a pg_dump-made migration restates it. */
bool catalog_schema_comment_is_initdb(const char *name, const char *comment);
CatObject *catalog_find_relation(Catalog *cat, const char *schema, const char *name); /* any pg_class kind */
CatTable *catalog_find_table(Catalog *cat, const char *schema, const char *name);
CatType *catalog_find_type(Catalog *cat, const char *schema, const char *name);
CatExtension *catalog_find_extension(Catalog *cat, const char *name);
/* All overloads of schema.name (NULL when none). */
PtrList *catalog_find_functions(Catalog *cat, const char *schema, const char *name);
CatConstraint *catalog_find_constraint(Catalog *cat, CatTable *t, const char *name);
CatTrigger *catalog_find_trigger(Catalog *cat, CatObject *table, const char *name);
CatPolicy *catalog_find_policy(Catalog *cat, CatTable *t, const char *name);

/* Columns. */
CatColumn *table_find_column(const CatTable *t, const char *name);
CatColumn *table_add_column(Catalog *cat, CatTable *t, const char *name, const char *type);
/* Remove a column (the caller has dealt with dependents). */
void table_remove_column(Catalog *cat, CatTable *t, const char *name);
/* Rename a column everywhere the model spells it (constraints, indexes, sequences OWNED BY, deps). */
/* ALTER [MATERIALIZED] VIEW ... RENAME COLUMN: V's output column I becomes NEWNAME, in its definition (as
 * an alias), its indexes, and the views and SQL-standard bodies that read it. */
void view_rename_column(Catalog *cat, CatView *v, size_t i, const char *newname);
void table_rename_column(Catalog *cat, CatTable *t, CatColumn *c, const char *newname);

/* Rename / move an object: updates name, schema, identity and the maps (members of a renamed table keep
 * their own names but get new identities). */
void catalog_rename(Catalog *cat, CatObject *o, const char *newname);
void catalog_set_schema(Catalog *cat, CatObject *o, const char *newschema);

/* Take O out of the maps and its owner's lists and mark it dropped, without looking at what depends on it
 * (catalog_drop_execute's step for one object). */
void catalog_unlink(Catalog *cat, CatObject *o);

/* ---- DROP: PostgreSQL's findDependentObjects over the model (catalog/dependency.c) ----
 * An address is a whole object, one column of a table (attribute of a composite type), or that column's
 * default / generation expression. */
typedef struct CatAddr {
	CatObject *obj;
	const char *column; /* NULL: the whole object */
	bool is_default;    /* the column's default or generation expression */
} CatAddr;

enum {
	DROPF_ORIGINAL = 1,   /* named by the statement */
	DROPF_NORMAL = 2,     /* reached through a normal dependency: needs CASCADE */
	DROPF_AUTO = 4,       /* reached through an automatic dependency: goes silently */
	DROPF_INTERNAL = 8,   /* part of an object being dropped: goes silently */
	DROPF_REVERSE = 16,   /* an owner dropped because a part of it was reached: needs CASCADE */
	DROPF_SUBOBJECT = 32, /* a column whose whole table goes too: not reported on its own */
	DROPF_IS_PART = 64,   /* a partition's copy of an index or key ... */
	DROPF_PARTITION = 128 /* ... reached through its parent's or its partition's drop */
};

typedef struct CatDropItem {
	CatAddr addr;
	CatAddr dependee; /* what it was reached from (for "X depends on Y"); obj NULL for originals */
	unsigned flags;   /* DROPF_* */
	/* how the dependee is named: as a type (a column of a table's row type: `type t`), and as its array
	 * type (a column of type `mood[]`: `type mood[]`) */
	bool dependee_as_type, dependee_array;
} CatDropItem;

/* Everything one DROP statement removes, in PostgreSQL's reporting order (the targets first, then each
 * dependent after what it depends on). */
typedef struct CatDropPlan {
	CatDropItem *items;
	size_t n, cap;
	/* set when a target is part of another object (an index backing a constraint, an identity sequence):
	 * "cannot drop REQUIRED because BY requires it", nothing is dropped */
	CatAddr required, required_by;
} CatDropPlan;

/* Plan the drop of TARGETS[0..N) (one statement: a dependent that is itself a target does not block).
 * Returns 0, or -1 when a target is part of another object (PLAN->required/required_by say which). The
 * plan's memory lives in CAT's arena. */
int catalog_drop_plan(Catalog *cat, const CatAddr *targets, size_t n, CatDropPlan *plan) WARN_UNUSED;
/* Does the plan drop something only CASCADE allows (reached through a normal dependency)? */
bool catalog_drop_plan_needs_cascade(const CatDropPlan *plan);
/* Apply PLAN: objects leave the catalog, columns leave their tables (attributes their types), defaults
 * are removed. Dropped whole objects other than the targets are appended to DROPPED (may be NULL). */
void catalog_drop_execute(Catalog *cat, const CatDropPlan *plan, PtrList *dropped);
/* PostgreSQL's description of A (getObjectDescription): `table t`, `column c of table t`, `default value
 * for column c of table t`, `constraint k on table t`, `function f(integer)`; AS_TYPE names a table or view
 * as its row type (`type t`), ARRAY names a type's array type (`type mood[]`). Names in a schema outside
 * PATH[0..NPATH) are qualified. */
void catalog_describe(StrBuf *sb, const CatAddr *a, bool as_type, bool array, const char *const *path,
                      size_t npath);

/* Drop O (a whole object). With CASCADE, every object depending on O (transitively) is dropped too and
 * appended to DROPPED (may be NULL); auto/internal dependents always go. Without CASCADE, when normal
 * dependents exist, nothing is dropped, they are appended to BLOCKERS and -1 is returned; -1 also when O is
 * part of another object. */
int catalog_drop(Catalog *cat, CatObject *o, bool cascade, PtrList *blockers, PtrList *dropped) WARN_UNUSED;

void ptrlist_push(Arena *a, PtrList *l, void *p);
void ptrlist_remove(PtrList *l, void *p); /* keeps order */

/* ---- output (catalog/dump.c) ---- */

/* Canonical text: deterministic, sorted by kind then identity, one block per object, diff-friendly. */
void catalog_dump_text(const Catalog *cat, StrBuf *out);
/* Executable SQL in dependency order (stable topological sort: kind order, then identity). A dependency cycle
 * adds an error diagnostic spelling the loop (`a -> b -> a`) and returns -1 (the SQL is still written, the
 * cycle broken at the back edge). */
int catalog_dump_sql(const Catalog *cat, StrBuf *out, DiagList *dl) WARN_UNUSED;
/* " (SEQUENCE NAME s.x START WITH 10 ...)" for identity column C: the options of its sequence that differ
 * from PostgreSQL's defaults (its name when not <table>_<column>_seq), nothing when none do. For CREATE
 * TABLE column definitions and ADD GENERATED ... AS IDENTITY. */
void catalog_identity_options(StrBuf *sb, const CatColumn *c);
/* One object's CREATE statement(s) as catalog_dump_sql writes them (nothing for objects created by another:
 * the `public` schema, identity sequences, constraint-backing indexes). Statements that must wait until
 * every object exists (OWNED BY, comments) go to POST. Used by the diff to create single objects. */
void catalog_object_sql(const CatObject *o, StrBuf *out, StrBuf *post);
/* A column's definition as in CREATE TABLE (`"c" integer DEFAULT 0 NOT NULL`). */
void catalog_column_def(const CatColumn *c, StrBuf *out);
/* A constraint's definition as pg_get_constraintdef prints it (`FOREIGN KEY (a) REFERENCES ...`). */
void catalog_constraint_def(const CatConstraint *k, StrBuf *out);
/* JSON: the array of objects written with W (util/jsonw.h) at its current position. */
struct JsonW;
void catalog_dump_json_write(const Catalog *cat, struct JsonW *w);
/* The same as a jansson tree (json_t*, caller owns; parsed back from the text, for tests and tools).
 * Declared as void* to keep jansson out of this header. */
void *catalog_dump_json(const Catalog *cat);

#endif
