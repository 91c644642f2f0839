/* builtins.h — what PostgreSQL 15's pg_catalog holds for expression analysis: its types (category,
 * preferred flag, array and element types), functions, operators and casts. The tables are generated from a
 * real server's catalog by scripts/gen-pg-builtins into pg_builtins.c (never edited by hand); this header
 * is their interface and builtins.c the lookups. Types are referred to by their index in pg_btypes. */
#ifndef STRATA_CATALOG_BUILTINS_H
#define STRATA_CATALOG_BUILTINS_H

#include "strata.h"

#define PGB_NONE 0xFFFFu /* no type (an index field left empty) */

typedef struct PgBType {
	uint32_t oid;
	const char *name;   /* typname: `int4`, `_text`, `varchar` */
	const char *format; /* format_type(oid, NULL): `integer`, `text[]`, `character varying` */
	char typtype;       /* b base, p pseudo, r range, m multirange, e enum, d domain */
	char category;      /* typcategory: A array, B boolean, D date/time, N numeric, S string, U user... */
	bool preferred;     /* typispreferred */
	uint16_t elem;      /* element type of an array (PGB_NONE otherwise) */
	uint16_t array;     /* the array type over this one (PGB_NONE when none) */
	char in_volatility; /* provolatile of typinput and typoutput: what an I/O conversion (CoerceViaIO) */
	char out_volatility; /* from or to the type counts as in an immutability check */
} PgBType;

typedef struct PgBFunc {
	const char *name;
	uint16_t nargs;       /* proargtypes (IN and VARIADIC arguments) */
	uint16_t ndefaults;   /* pronargdefaults: the last NDEFAULTS arguments may be left out */
	uint32_t args;        /* offset of the argument types in pg_bfunc_args */
	uint16_t ret;         /* prorettype */
	uint16_t variadic;    /* provariadic: the element type of the VARIADIC argument, or PGB_NONE */
	bool retset;          /* proretset */
	char kind;            /* prokind: f function, a aggregate, w window */
	char volatility;      /* provolatile: i, s, v */
	const char *argnames; /* names of the IN arguments joined by ',' (empty names allowed), or NULL */
	const char *sqlsrc;   /* LANGUAGE sql with a prosrc body (white space folded): the body the planner
	                         may inline (quote_literal, anytextcat, ...); NULL otherwise */
} PgBFunc;

typedef struct PgBOper {
	const char *name;
	char kind;        /* b binary, l prefix */
	uint16_t left;    /* PGB_NONE for prefix operators */
	uint16_t right;   /* right operand type */
	uint16_t result;  /* oprresult */
	char volatility;  /* provolatile of oprcode */
	const char *func; /* oprcode's name (the function the operator calls) */
} PgBOper;

typedef struct PgBCast {
	uint16_t source, target;
	char context;    /* castcontext: e explicit, a assignment, i implicit */
	char method;     /* castmethod: f function, b binary coercible, i I/O conversion */
	char volatility; /* provolatile of castfunc ('i' when there is none) */
} PgBCast;

typedef struct PgBOpclass {
	const char *am;   /* the index access method: btree, hash, gist, gin, spgist, brin */
	const char *name; /* opcname */
	uint16_t intype;  /* opcintype */
	bool isdefault;   /* opcdefault: the default class of the method for its input type */
} PgBOpclass;

/* The generated tables (pg_builtins.c): types sorted by oid, functions and operators sorted by name,
 * casts by (source, target), operator classes by (access method, name). */
extern const PgBType pg_btypes[];
extern const size_t pg_nbtypes;
extern const uint16_t pg_bfunc_args[];
extern const PgBFunc pg_bfuncs[];
extern const size_t pg_nbfuncs;
extern const PgBOper pg_bopers[];
extern const size_t pg_nbopers;
extern const PgBCast pg_bcasts[];
extern const size_t pg_nbcasts;
extern const PgBOpclass pg_bopclasses[];
extern const size_t pg_nbopclasses;
extern const char pg_builtins_version[];

/* Index of the type with OID (PGB_NONE when not a pg_catalog type). */
uint16_t pgb_type_by_oid(uint32_t oid);
/* Index of the pg_catalog type whose typname (`int4`, `_text`) or format_type text (`integer`,
 * `character varying`, `text[]`) is NAME; PGB_NONE when none. */
uint16_t pgb_type_by_name(const char *name);
/* Whether NAME (typname or format_type text) is a pseudo-type of pg_catalog (typtype 'p': record, void,
 * trigger, cstring, the polymorphic types, ...): no column, attribute or key may be of one
 * (CheckAttributeType). */
bool pgb_is_pseudo_type(const char *name);
/* Whether NAME is one of the polymorphic pseudo-types (IsPolymorphicType: anyelement, anyarray, ...,
 * anycompatiblemultirange). */
bool pgb_is_polymorphic_type(const char *name);
/* The functions named NAME: *FIRST is the index of the first, the count is returned (0 when none). */
size_t pgb_funcs_named(const char *name, size_t *first);
/* The operators named NAME, likewise. */
size_t pgb_opers_named(const char *name, size_t *first);
/* The function behind operator O (its oprcode: the function of that name over the operator's operand
 * types), or NULL. */
const PgBFunc *pgb_oper_func(const PgBOper *o);
/* The operator classes of access method AM: *FIRST is the index of the first in pg_bopclasses, the count
 * is returned (0 when AM has none). */
size_t pgb_opclasses_of(const char *am, size_t *first);
/* The pg_cast row from SOURCE to TARGET, or NULL. */
const PgBCast *pgb_cast(uint16_t source, uint16_t target);

/* OIDs of the types the analysis names (stable since PostgreSQL 7: pg_type.dat). */
enum {
	PGB_OID_BOOL = 16,
	PGB_OID_BYTEA = 17,
	PGB_OID_CHAR = 18,
	PGB_OID_NAME = 19,
	PGB_OID_INT8 = 20,
	PGB_OID_INT2 = 21,
	PGB_OID_INT4 = 23,
	PGB_OID_REGPROC = 24,
	PGB_OID_TEXT = 25,
	PGB_OID_OID = 26,
	PGB_OID_JSON = 114,
	PGB_OID_FLOAT4 = 700,
	PGB_OID_FLOAT8 = 701,
	PGB_OID_UNKNOWN = 705,
	PGB_OID_BPCHAR = 1042,
	PGB_OID_VARCHAR = 1043,
	PGB_OID_DATE = 1082,
	PGB_OID_TIME = 1083,
	PGB_OID_TIMESTAMP = 1114,
	PGB_OID_TIMESTAMPTZ = 1184,
	PGB_OID_INTERVAL = 1186,
	PGB_OID_NUMERIC = 1700,
	PGB_OID_REGCLASS = 2205,
	PGB_OID_RECORD = 2249,
	PGB_OID_CSTRING = 2275,
	PGB_OID_ANY = 2276,
	PGB_OID_ANYARRAY = 2277,
	PGB_OID_VOID = 2278,
	PGB_OID_TRIGGER = 2279,
	PGB_OID_ANYELEMENT = 2283,
	PGB_OID_ANYNONARRAY = 2776,
	PGB_OID_ANYENUM = 3500,
	PGB_OID_ANYRANGE = 3831,
	PGB_OID_JSONB = 3802,
	PGB_OID_ANYCOMPATIBLE = 5077,
	PGB_OID_ANYCOMPATIBLEARRAY = 5078,
	PGB_OID_ANYCOMPATIBLENONARRAY = 5079,
	PGB_OID_ANYCOMPATIBLERANGE = 5080,
	PGB_OID_ANYMULTIRANGE = 4537,
	PGB_OID_ANYCOMPATIBLEMULTIRANGE = 4538,
	PGB_OID_UUID = 2950,
};

#endif
