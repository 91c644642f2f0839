/* walk.h — visit every node of a libpg_query parse tree (protobuf-c reflection), for analyses that look for
 * one node type anywhere (function calls in a default, relations a statement names). */
#ifndef STRATA_SQL_WALK_H
#define STRATA_SQL_WALK_H

#include "strata.h"
#include "sql/parse.h"

/* Call CB(UD, node) for N and every Node below it, pre-order. N may be NULL. Never fails. */
void sql_walk_nodes(const PgQuery__Node *n, void (*cb)(void *ud, const PgQuery__Node *node), void *ud);

#endif
