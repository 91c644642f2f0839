/* colname.h — the name PostgreSQL gives an output column written without AS (parse_target.c's
 * FigureColname), read from the raw parse tree. One implementation for views, CTAS, SELECT INTO and the
 * normaliser, so that a column is named the same way everywhere. */
#ifndef STRATA_SQL_COLNAME_H
#define STRATA_SQL_COLNAME_H

#include "strata.h"
#include "sql/parse.h"

/* The name of a scalar subquery's single output column, for `(SELECT ...)` as a target: PostgreSQL takes
 * the analysed subquery's first column name. Returns it (NULL when unknown); UD is the caller's. */
typedef const char *(*SqlSubqueryNameFn)(void *ud, const PgQuery__Node *subselect);

/* The name of target expression E in *NAME and its strength: 2 for a real name (a column, a function, a
 * keyword such as "coalesce"), 1 for a type's name or "case", 0 for none (*NAME is then "?column?").
 * SUB names a scalar subquery (NULL: its first target's AS name or, failing that, its figured name). */
int sql_figure_colname(const PgQuery__Node *e, const char **name, SqlSubqueryNameFn sub, void *ud);

#endif
