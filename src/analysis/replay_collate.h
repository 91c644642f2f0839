/* replay_collate.h — collation derivation as PostgreSQL's parse analysis does it (parser/parse_collate.c):
 * the collation and its strength of an expression, merged from its inputs. Not for use outside
 * src/analysis/replay*.c. */
#ifndef STRATA_ANALYSIS_REPLAY_COLLATE_H
#define STRATA_ANALYSIS_REPLAY_COLLATE_H

#include "strata.h"
#include "analysis/replay_int.h"

/* CollateStrength, in PostgreSQL's order (a stronger one wins a merge), after CS_UNKNOWN: the model
 * cannot tell (an input it does not type or whose collation it does not know). */
typedef enum CollStrength {
	CS_UNKNOWN = 0,
	CS_NONE,     /* no collation (a type that is not collatable, or none derivable) */
	CS_IMPLICIT, /* from a column, a constant or a type's default */
	CS_CONFLICT, /* two different non-default implicit collations met */
	CS_EXPLICIT  /* a COLLATE clause */
} CollStrength;

typedef struct Coll {
	const char *name;  /* collation name ("default", "C", "en_US", ...); the first one of a conflict */
	const char *name2; /* CS_CONFLICT: the second collation */
	CollStrength s;
} Coll;

/* The type collation (typcollation) of TYPE (catalog text: `text`, `character varying(10)`, `name[]`):
 * "default" for the string types and their arrays, "C" for name, NULL for a type that is not collatable.
 * *KNOWN is false (and NULL returned) when the model cannot tell (a domain, a user-defined base type, an
 * unknown type). */
const char *rp_type_collation(ReplayState *st, const char *type, bool *known);

/* merge_collation_state: fold IN into ACC (ACC starts as {NULL, NULL, CS_NONE}). An unknown input makes
 * the result unknown. Two different explicit collations are PostgreSQL's error "collation mismatch between
 * explicit collations"; *EXPLICIT_CLASH is set then (the result keeps the first). */
void rp_coll_merge(Coll *acc, Coll in, bool *explicit_clash);

/* The state of a node whose result type is TYPE and whose inputs merged to INPUTS (the general case of
 * assign_collations_walker): NONE when TYPE is not collatable; the inputs' state when it has a strength;
 * else TYPE's own collation, implicitly. Unknown when TYPE's collatability or the inputs are unknown. */
Coll rp_coll_result(ReplayState *st, const char *type, Coll inputs);

/* What a reference to an output column of state C carries (a Var over a subquery or set operation's
 * column, exprCollation then the Var's own strength): the collation implicitly, NONE when there is none. */
Coll rp_coll_as_var(Coll c);

#endif
