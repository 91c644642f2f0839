/* literal.h — the input then output function of a few built-in types, for constants PostgreSQL stores as
 * the value they read as (a column default '1e3' on a real column is stored as 1000, ' yes ' on a boolean
 * one as true, a partition bound 10.0 on a double precision key as '10'): boolin/boolout, float4in/out,
 * float8in/out (shortest exact digits, as extra_float_digits = 1), numeric_in/out, int2/4/8 in/out. */
#ifndef STRATA_CATALOG_LITERAL_H
#define STRATA_CATALOG_LITERAL_H

#include "strata.h"

/* parse_bool_with_len: TEXT (white space around it ignored) as a boolean: true, false, yes, no, on, off, 1,
 * 0 and their unique prefixes, any case. False when it is not one. */
bool lit_bool_in(const char *text, bool *out);
/* float4in/float8in then float4out/float8out (FLOAT4 chooses): TEXT's value as the server prints it
 * (`1000`, `0.1`, `1e+20`, `Infinity`, `NaN`) into OUT (at least 32 bytes). False when TEXT is not a valid
 * input or is out of the type's range. */
bool lit_float_out(const char *text, bool float4, char *out, size_t n);
/* The same for a value already read: D printed by float4out/float8out. */
void lit_float_print(double d, bool float4, char *out, size_t n);
/* numeric_in then numeric_out (no type modifier): `1e3` -> `1000`, `1.50` -> `1.50`, `-0.0` -> `0.0`,
 * ` 12 ` -> `12`, `NaN`, `Infinity`. Malloc'd text, or NULL when TEXT is not a valid numeric input (or
 * too long for the model). */
char *lit_numeric_out(const char *text);
/* int2in/int4in/int8in (BITS 16, 32, 64) then the output: ` +12 ` -> `12`. False when not valid or out of
 * range. */
bool lit_int_out(const char *text, int bits, char *out, size_t n);

#endif
