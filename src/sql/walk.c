/* walk.c — generic pre-order walk over libpg_query's protobuf parse trees. */
#include "strata.h"
#include "sql/walk.h"

typedef void (*WalkCb)(void *ud, const PgQuery__Node *node);

static void walk_msg(const ProtobufCMessage *m, WalkCb cb, void *ud);

static void walk_child(const ProtobufCMessage *c, WalkCb cb, void *ud)
{
	if (!c)
		return;
	if (c->descriptor == &pg_query__node__descriptor)
		sql_walk_nodes((const PgQuery__Node *)c, cb, ud);
	else
		walk_msg(c, cb, ud);
}

static void walk_msg(const ProtobufCMessage *m, WalkCb cb, void *ud)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			uint32_t oc = *(const uint32_t *)((const char *)m + f->quantifier_offset);
			if (oc != f->id)
				continue;
		}
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)((const char *)m + f->quantifier_offset);
			ProtobufCMessage *const *arr =
			    *(ProtobufCMessage *const *const *)((const char *)m + f->offset);
			for (size_t j = 0; j < n; j++)
				walk_child(arr[j], cb, ud);
		} else {
			walk_child(*(ProtobufCMessage *const *)((const char *)m + f->offset), cb, ud);
		}
	}
}

void sql_walk_nodes(const PgQuery__Node *n, WalkCb cb, void *ud)
{
	if (!n)
		return;
	cb(ud, n);
	walk_msg(&n->base, cb, ud);
}
