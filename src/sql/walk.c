/* walk.c — generic pre-order walk over libpg_query's protobuf parse trees. */
#include "strata.h"
#include "sql/walk.h"

typedef void (*WalkCb)(void *ud, const PgQuery__Node *node);

bool sql_each_child(const ProtobufCMessage *m, SqlChildFn cb, void *ud)
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
				if (arr[j] && cb(ud, arr[j], f))
					return true;
		} else {
			ProtobufCMessage *c = *(ProtobufCMessage *const *)((const char *)m + f->offset);
			if (c && cb(ud, c, f))
				return true;
		}
	}
	return false;
}

typedef struct NodeWalk {
	WalkCb cb;
	void *ud;
} NodeWalk;

static bool walk_child(void *ud, ProtobufCMessage *c, const ProtobufCFieldDescriptor *field)
{
	NodeWalk *w = ud;
	(void)field;
	if (c->descriptor == &pg_query__node__descriptor)
		sql_walk_nodes((const PgQuery__Node *)c, w->cb, w->ud);
	else
		sql_each_child(c, walk_child, w);
	return false;
}

void sql_walk_nodes(const PgQuery__Node *n, WalkCb cb, void *ud)
{
	if (!n)
		return;
	cb(ud, n);
	NodeWalk w = {cb, ud};
	sql_each_child(&n->base, walk_child, &w);
}
