/* walk.c — generic pre-order walk over libpg_query's protobuf parse trees. */
#include "strata.h"
#include "sql/walk.h"

typedef void (*WalkCb)(void *ud, const PgQuery__Node *node);

const ProtobufCFieldDescriptor *sql_node_field(const PgQuery__Node *n)
{
	uint32_t oc = n->node_case;
	return oc ? protobuf_c_message_descriptor_get_field(n->base.descriptor, (unsigned)oc) : NULL;
}

static const ProtobufCFieldDescriptor *node_field(const ProtobufCMessage *m)
{
	return sql_node_field((const PgQuery__Node *)m);
}

bool sql_each_child(const ProtobufCMessage *m, SqlChildFn cb, void *ud)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) {
		const ProtobufCFieldDescriptor *f = node_field(m);
		ProtobufCMessage *c = f && f->type == PROTOBUF_C_TYPE_MESSAGE
		                          ? *(ProtobufCMessage *const *)((const char *)m + f->offset)
		                          : NULL;
		return c && cb(ud, c, f);
	}
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

/* ---- canonical key of a tree ---- */

static void key_u64(StrBuf *sb, uint64_t v)
{
	char buf[24];
	size_t n = sizeof(buf);
	do
		buf[--n] = (char)('0' + v % 10);
	while ((v /= 10));
	sb_append_n(sb, buf + n, sizeof(buf) - n);
}

static void key_i64(StrBuf *sb, int64_t v)
{
	if (v < 0) {
		sb_putc(sb, '-');
		key_u64(sb, (uint64_t)0 - (uint64_t)v);
	} else {
		key_u64(sb, (uint64_t)v);
	}
}

/* Size of one element of a repeated field of type T, as protobuf-c lays the array out. */
static size_t key_elem_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		return sizeof(uint64_t);
	case PROTOBUF_C_TYPE_DOUBLE:
		return sizeof(double);
	case PROTOBUF_C_TYPE_FLOAT:
		return sizeof(float);
	case PROTOBUF_C_TYPE_BOOL:
		return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_ENUM:
		return sizeof(int);
	case PROTOBUF_C_TYPE_STRING:
		return sizeof(char *);
	case PROTOBUF_C_TYPE_BYTES:
		return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_MESSAGE:
		return sizeof(ProtobufCMessage *);
	default:
		return sizeof(uint32_t);
	}
}

/* Is the value at P the field's default (left out of the key, as of the wire format)? */
static bool key_is_default(const ProtobufCFieldDescriptor *f, const void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		return !s || !*s;
	}
	case PROTOBUF_C_TYPE_BYTES:
		return ((const ProtobufCBinaryData *)p)->len == 0;
	case PROTOBUF_C_TYPE_MESSAGE:
		return !*(void *const *)p;
	default: {
		size_t n = key_elem_size(f->type);
		static const unsigned char zero[8];
		return !memcmp(p, zero, n);
	}
	}
}

static void key_value(StrBuf *sb, const ProtobufCFieldDescriptor *f, const void *p)
{
	static const char hex[] = "0123456789abcdef";
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		sb_putc(sb, 'i');
		key_i64(sb, *(const int32_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		sb_putc(sb, 'u');
		key_u64(sb, *(const uint32_t *)p);
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		sb_putc(sb, 'i');
		key_i64(sb, *(const int64_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		sb_putc(sb, 'u');
		key_u64(sb, *(const uint64_t *)p);
		break;
	case PROTOBUF_C_TYPE_FLOAT: {
		uint32_t bits;
		memcpy(&bits, p, sizeof(bits));
		sb_putc(sb, 'f');
		key_u64(sb, bits);
		break;
	}
	case PROTOBUF_C_TYPE_DOUBLE: {
		uint64_t bits;
		memcpy(&bits, p, sizeof(bits));
		sb_putc(sb, 'd');
		key_u64(sb, bits);
		break;
	}
	case PROTOBUF_C_TYPE_BOOL:
		sb_putc(sb, *(const protobuf_c_boolean *)p ? 'T' : 'F');
		return; /* self-delimiting */
	case PROTOBUF_C_TYPE_ENUM:
		sb_putc(sb, 'e');
		key_i64(sb, *(const int *)p);
		break;
	case PROTOBUF_C_TYPE_STRING: {
		const char *s = *(char *const *)p;
		size_t n = s ? strlen(s) : 0;
		sb_putc(sb, 's');
		key_u64(sb, n);
		sb_putc(sb, ':');
		sb_append_n(sb, s ? s : "", n);
		return;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *b = p;
		sb_putc(sb, 'x');
		key_u64(sb, b->len);
		sb_putc(sb, ':');
		for (size_t i = 0; i < b->len; i++) {
			sb_putc(sb, hex[b->data[i] >> 4]);
			sb_putc(sb, hex[b->data[i] & 15]);
		}
		return;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *c = *(ProtobufCMessage *const *)p;
		if (!c) {
			sb_putc(sb, 'n');
			return;
		}
		sb_putc(sb, '{');
		sql_tree_key(sb, c);
		sb_putc(sb, '}');
		return;
	}
	}
	sb_putc(sb, ';');
}

static void key_field(StrBuf *sb, const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const char *base = (const char *)m;
	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		size_t n = *(const size_t *)(base + f->quantifier_offset);
		if (!n)
			return;
		const char *arr = *(const char *const *)(base + f->offset);
		size_t step = key_elem_size(f->type);
		key_u64(sb, f->id);
		sb_putc(sb, '[');
		key_u64(sb, n);
		sb_putc(sb, ':');
		for (size_t j = 0; j < n; j++)
			key_value(sb, f, arr + j * step);
		sb_putc(sb, ']');
		return;
	}
	const void *p = base + f->offset;
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		if (*(const uint32_t *)(base + f->quantifier_offset) != f->id)
			return;
	} else if (f->label == PROTOBUF_C_LABEL_OPTIONAL && f->type != PROTOBUF_C_TYPE_STRING &&
	           f->type != PROTOBUF_C_TYPE_MESSAGE) {
		if (!*(const protobuf_c_boolean *)(base + f->quantifier_offset))
			return;
	} else if (f->label != PROTOBUF_C_LABEL_REQUIRED && key_is_default(f, p)) {
		return;
	}
	/* byte offsets into the source text: the same expression written elsewhere is the same tree */
	if (f->type == PROTOBUF_C_TYPE_INT32 && !strcmp(f->name, "location"))
		return;
	key_u64(sb, f->id);
	key_value(sb, f, p);
}

void sql_tree_key(StrBuf *out, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	if (d == &pg_query__node__descriptor) {
		const ProtobufCFieldDescriptor *f = node_field(m);
		if (f)
			key_field(out, m, f);
		return;
	}
	for (unsigned i = 0; i < d->n_fields; i++)
		key_field(out, m, &d->fields[i]);
}
