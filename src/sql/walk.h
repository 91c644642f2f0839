/* walk.h — visit every node of a libpg_query parse tree (protobuf-c reflection), for analyses that look for
 * one node type anywhere (function calls in a default, relations a statement names). */
#ifndef STRATA_SQL_WALK_H
#define STRATA_SQL_WALK_H

#include "strata.h"
#include "sql/parse.h"

/* Called for each message directly below a parent; FIELD is the parent's field it sits in. Return true to
 * stop the iteration. The tree is the caller's: a walker that owns a private copy may modify CHILD. */
typedef bool (*SqlChildFn)(void *ud, ProtobufCMessage *child, const ProtobufCFieldDescriptor *field);

/* Call CB for every message directly below M (the set member of a oneof, every element of a repeated
 * field, every other message field that is present), in field order. Returns true when CB stopped it.
 * The one place that knows how to read protobuf-c's reflection tables; every tree walker builds on it. */
bool sql_each_child(const ProtobufCMessage *m, SqlChildFn cb, void *ud);

/* Call CB(UD, node) for N and every Node below it, pre-order. N may be NULL. Never fails. */
void sql_walk_nodes(const PgQuery__Node *n, void (*cb)(void *ud, const PgQuery__Node *node), void *ud);

#endif
