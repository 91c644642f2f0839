/* walk.h — visit every node of a libpg_query parse tree (protobuf-c reflection), for analyses that look for
 * one node type anywhere (function calls in a default, relations a statement names). */
#ifndef STRATA_SQL_WALK_H
#define STRATA_SQL_WALK_H

#include "strata.h"
#include "sql/parse.h"
#include "util/strbuf.h"

/* Called for each message directly below a parent; FIELD is the parent's field it sits in. Return true to
 * stop the iteration. The tree is the caller's: a walker that owns a private copy may modify CHILD. */
typedef bool (*SqlChildFn)(void *ud, ProtobufCMessage *child, const ProtobufCFieldDescriptor *field);

/* Call CB for every message directly below M (the set member of a oneof, every element of a repeated
 * field, every other message field that is present), in field order. Returns true when CB stopped it.
 * The one place that knows how to read protobuf-c's reflection tables; every tree walker builds on it. */
bool sql_each_child(const ProtobufCMessage *m, SqlChildFn cb, void *ud);

/* The field of Node N that is set (its oneof case), NULL when none. Node is a oneof of ~250 message fields:
 * looking the case up (a binary search) instead of testing every field keeps a walk linear in the nodes. */
const ProtobufCFieldDescriptor *sql_node_field(const PgQuery__Node *n);

/* Append to OUT a canonical string of the tree under M (M's own type is not in it: compare trees of one
 * type, a Node say): equal strings for equal trees, whatever their
 * byte offsets (the int32 `location` fields are left out; nothing else is), different strings otherwise.
 * Fields in descriptor order, each as its number, a type tag and its value (strings and bytes length-
 * prefixed, messages bracketed); fields at their default (0, false, NULL, "", empty list) are left out, as
 * protobuf leaves them out of the wire format. The string holds no NUL byte: usable as an HMap key. */
void sql_tree_key(StrBuf *out, const ProtobufCMessage *m);

/* Call CB(UD, node) for N and every Node below it, pre-order. N may be NULL. Never fails. */
void sql_walk_nodes(const PgQuery__Node *n, void (*cb)(void *ud, const PgQuery__Node *node), void *ud);

#endif
