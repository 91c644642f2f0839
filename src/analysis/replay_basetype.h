/* replay_basetype.h — DefineType's and AlterType's checks of a base type's definition (replay_basetype.c).
 * Not for use outside src/analysis/replay*.c. */
#ifndef STRATA_ANALYSIS_REPLAY_BASETYPE_H
#define STRATA_ANALYSIS_REPLAY_BASETYPE_H

#include "analysis/replay_int.h"

/* CREATE TYPE T (DEFS[0..N)): the input and output functions must be given (parameter names are matched as
 * written: "Input" is not input), and an input function the model knows must return T (a built-in one never
 * does). On success T's storage is recorded (PLAIN unless given; unknown after LIKE). False with
 * PostgreSQL's error reported at OFF. */
bool rp_basetype_define_ok(ReplayState *st, CatType *t, PgQuery__Node **defs, size_t n, int off)
    __attribute__((warn_unused_result));

/* ALTER TYPE T SET (DEFS[0..N)): a type whose storage is not PLAIN cannot be made PLAIN. On success the new
 * storage is recorded. False with the error reported at OFF. */
bool rp_basetype_alter_ok(ReplayState *st, CatType *t, PgQuery__Node **defs, size_t n, int off)
    __attribute__((warn_unused_result));

#endif
