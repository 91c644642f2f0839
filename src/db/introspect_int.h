/* introspect_int.h — shared between the introspection files (introspect.c: driver, schemas, extensions,
 * types, functions, sequences; introspect_rel.c: tables, columns, views, indexes, constraints, triggers,
 * policies). Not for use outside src/db/introspect*.c. */
#ifndef STRATA_DB_INTROSPECT_INT_H
#define STRATA_DB_INTROSPECT_INT_H

#include "strata.h"
#include "catalog/catalog.h"
#include "util/diag.h"
#include "util/hmap.h"
#include "util/strbuf.h"
#include "util/vec.h"

#include <jansson.h>
#include <libpq-fe.h>

/* The columns of one relation by attribute number (1..n; NULL name: dropped or unknown): key arrays (conkey,
 * indkey, ...) come from the server as numbers and are named here, instead of a join per key on the server.
 */
typedef struct RelAtts {
	size_t n;
	const char **names;
	unsigned *colls;     /* attcollation */
	const char *nspname; /* a relation read only for its columns (a foreign key's target outside */
	const char *relname; /* the schemas read): its schema and name, else NULL */
} RelAtts;

/* One text the server is asked for once for many objects (introspect_rel.c): the expressions of indexes and
 * CHECK constraints that print the same (same node tree but for parse positions, same column names). */
typedef struct IShape IShape;
typedef struct IWait IWait;
typedef VEC(IWait) IWaitVec;
typedef struct IRefWait IRefWait;
typedef VEC(IRefWait) IRefWaitVec;

typedef struct Intro Intro;
/* SQL: the oids of the extension members of catalog CLS (pg_class, pg_proc, ...), for "oid NOT IN ...".
 * Extension membership always points at the extension, so the subquery reads pg_depend's index on the
 * referenced side (a hashed subplan, a few rows) instead of probing pg_depend once per object, or the
 * planner's seq scan of all of it (45 ms of the tables query on 10,000 tables). objid is never NULL. */
#define EXT_MEMBERS(cls)                                                                                    \
	"(SELECT xd.objid FROM pg_depend xd WHERE xd.refclassid = 'pg_extension'::regclass AND xd.classid " \
	"= '" cls "'::regclass AND xd.deptype = 'e')"

/* One row handler per query of the batch, in batch order. */
typedef void (*IntroRowFn)(Intro *in, PGresult *r, int row);

struct Intro {
	Catalog *cat;
	Arena *a; /* &cat->arena */
	PGconn *conn;
	int server_version;
	const char *nspfilter; /* SQL condition on a "n" alias of pg_namespace (schema filter + exclusions) */
	HMap rel_by_oid;       /* "oid" → CatObject* (table, view, matview, sequence, index) */
	HMap fn_by_oid;        /* "oid" → CatFunction* */
	HMap con_by_idx;       /* index "oid" → CatConstraint* */
	HMap expr_cache;   /* context type "\x1f" expression text → iexpr() result (arena); see iexpr() */
	HMap idxdef_cache; /* pg_get_indexdef() text from " USING " on → its parts (introspect_rel.c) */
	HMap atts;         /* relation "oid" → RelAtts* (tables and materialized views) */
	HMap opclass;   /* operator class "oid" → its name as an index key prints it, or "" for a default */
	HMap collname;  /* collation "oid" → name */
	HMap shapes;    /* hash of a deparse key (hex) → IShape* chain */
	IWaitVec waits; /* objects waiting for the text of a shape */
	IRefWaitVec refwaits; /* foreign keys whose referenced relation's columns were not read */
	DiagList *dl;
	bool own_tx;     /* introspect_batch() began a transaction on conn: introspect_batch_end() ends it */
	IntroRowFn *fns; /* the row handler of each query of the batch */
};

/* SQL: the comment of an object as column D.description, by a LEFT JOIN on pg_description (alias D) rather
 * than obj_description()/col_description(): those are SQL functions run once per row (about 20 µs each,
 * most of the server time on a database of 10,000 tables). (objoid, classoid, objsubid) is unique, so the
 * join adds no rows. CLS is a catalog name (pg_class, pg_proc, ...), SUBID a column number or "0". */
#define DESCR_JOIN(d, oidexpr, cls, subid)                                     \
	" LEFT JOIN pg_description " d " ON " d ".objoid = " oidexpr " AND " d \
	".classoid = 'pg_catalog." cls "'::regclass AND " d ".objsubid = " subid "\n"

/* Result helpers: the value of column C of row R, NULL when SQL NULL. */
const char *ires_str(PGresult *r, int row, int c);
bool ires_bool(PGresult *r, int row, int c);
long long ires_ll(PGresult *r, int row, int c);
/* Parsed JSON value of a column (caller json_decref()s), NULL when SQL NULL or invalid. */
json_t *ires_json(PGresult *r, int row, int c);
/* Arena copy (NULL stays NULL). */
const char *istr(Intro *in, const char *s);
/* Canonical type text: format_type() output FMT of a type living in schema NSP, qualified with NSP
 * unless NSP is pg_catalog or FMT already carries it. */
const char *itype(Intro *in, const char *fmt, const char *nsp);
/* Normalized expression text (expr_normalize_sql); the raw text when it does not parse; NULL for NULL.
 * Results are cached by (TEXT, CONTEXT_TYPE): the same default or predicate recurs on many tables, and
 * each normalisation is a parse, a protobuf round trip and a deparse. The result may be shared by several
 * objects (arena strings, never modified). */
const char *iexpr(Intro *in, const char *text, const char *context_type);
/* Arena array of the strings of JSON array J (NULL elements kept as NULL); *n gets the count. */
const char **ijson_strs(Intro *in, json_t *j, size_t *n);
/* Register relation O under OID. */
void irel_put(Intro *in, const char *oid, CatObject *o);
CatObject *irel_get(Intro *in, const char *oid);
/* Comment text (arena) or NULL. */
const char *icomment(Intro *in, const char *s);

/* introspect_batch.c: run the NQ queries of SQL (query q is SQL[ENDS[q-1] .. ENDS[q]), ENDS[-1] = 0) and
 * call FN for each result in batch order as soon as it and those before it are there (RES[q] gets it; the
 * caller PQclear()s them). When IN->conn is idle this begins a REPEATABLE READ, READ ONLY transaction on it
 * (ended by introspect_batch_end(), so that later queries see the same catalog) and, for a big database
 * (or STRATA_INTROSPECT_CONNECTIONS=2), runs the queries marked in SECOND on a second connection in the same
 * snapshot; when that connection cannot be opened or cannot import the snapshot (a role's CONNECTION
 * LIMIT, max_connections, a standby), an info diagnostic says so and the first connection runs them.
 * Inside the caller's transaction everything runs there. Returns 0, or -1 with an error diagnostic. */
typedef void (*IResultFn)(Intro *in, size_t q, PGresult *r);
#define INTRO_MAX_QUERIES 32
/* The owner role NAME as the model keeps it (pg_database_owner, whose members are implicit: NULL). */
const char *iowner(Intro *in, const char *role);
int introspect_batch(Intro *in, const char *sql, const size_t *ends, size_t nq, const bool *second,
                     PGresult **res, IResultFn fn);
/* End the transaction introspect_batch() began (COMMIT when OK, else ROLLBACK); 0 or -1 (diagnostic). */
int introspect_batch_end(Intro *in, bool ok);

/* introspect_rel.c: the queries (appended to SB, each followed by ";\n"; ENDS[i] gets SB's length after
 * query i) and their row handlers, in order; returns how many. SECOND[i] says whether a second connection
 * should run query i (see introspect_batch()). introspect_rel_post() then runs over the same results (RES[0]
 * is the first of them) for what needs every relation to exist (inheritance, view dependencies). */
size_t introspect_rel_queries(Intro *in, StrBuf *sb, IntroRowFn *fns, size_t *ends, bool *second, size_t max);
void introspect_rel_post(Intro *in, PGresult *const *res);
/* The second round trip, after every row of the batch was handled: the texts of the shapes (one object
 * each) and the column names of relations outside the batch that foreign keys reference; then fills the
 * waiting objects. 0, or -1 with an error diagnostic. */
int introspect_rel_resolve(Intro *in);
/* Release what introspect_rel_*() kept in IN (not the catalog). */
void introspect_rel_release(Intro *in);

#endif
